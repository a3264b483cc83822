/** Small helpers to build n8n workflow JSON from code, so shipped workflows derive from the schema. */

export const PACKAGE = 'n8n-nodes-employment-lifecycle';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	notes?: string;
	notesInFlow?: boolean;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings: Record<string, unknown>;
	active: false;
	pinData: Record<string, never>;
	meta: Record<string, unknown>;
	tags: never[];
}

/** A deterministic UUID-shaped id, so regenerating a workflow gives the same file. */
export function nodeId(workflowId: string, name: string): string {
	let hash = 2166136261;
	const text = `${workflowId}/${name}`;
	const bytes: number[] = [];
	for (let round = 0; round < 16; round++) {
		for (let index = 0; index < text.length; index++) {
			hash ^= text.charCodeAt(index) + round;
			hash = Math.imul(hash, 16777619) >>> 0;
		}
		bytes.push(hash & 0xff);
	}
	const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class WorkflowBuilder {
	private readonly workflow: Workflow;
	private stickyCount = 0;

	constructor(id: string, name: string, timeZone = 'Europe/Moscow') {
		this.workflow = {
			id,
			name,
			nodes: [],
			connections: {},
			settings: { executionOrder: 'v1', timezone: timeZone, saveManualExecutions: true },
			active: false,
			pinData: {},
			meta: { templateCredsSetupCompleted: true },
			tags: [],
		};
	}

	add(name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra: Partial<WorkflowNode> = {}): string {
		this.workflow.nodes.push({ id: nodeId(this.workflow.id, name), name, type, typeVersion, position, parameters, ...extra });
		return name;
	}

	/** A sticky note; `content` is Markdown shown on the canvas. */
	note(content: string, position: [number, number], size: [number, number], color = 7): void {
		this.stickyCount += 1;
		this.add(`Заметка ${this.stickyCount}`, 'n8n-nodes-base.stickyNote', 1, position, { content, width: size[0], height: size[1], color });
	}

	connect(from: string, to: string, outputIndex = 0): void {
		const outputs = (this.workflow.connections[from] ??= { main: [] }).main;
		while (outputs.length <= outputIndex) {
			outputs.push([]);
		}
		outputs[outputIndex].push({ node: to, type: 'main', index: 0 });
	}

	build(): Workflow {
		return this.workflow;
	}
}
