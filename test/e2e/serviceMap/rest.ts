/**
 * Runs workflows in a running `n8n start` through its REST API, as the editor does: create a workflow,
 * run it manually from a named trigger, and read the execution back.
 *
 * A manual run is the only headless way to call a polling trigger's `poll()` at a chosen moment. `n8n
 * execute` passes a poll node's input through, because `WorkflowExecute.executePollNode` polls only in
 * manual mode (n8n 2.41.1). An activated workflow polls once on activation and then on its schedule. A
 * manual run also takes about 0.2 s in a running n8n, against about 5 s for each `n8n execute` (measured
 * on the 2-core machine this suite was written on).
 */
import path from 'node:path';

import { ExecutionResult, type N8nRun, type N8nServer, type WorkflowJson } from '../harness';

interface RuntimePathsLib {
	n8nPrefix(): string;
}

interface Flatted {
	parse(text: string): unknown;
}

const runtimePaths = require('../../../scripts/lib/runtime-paths.cjs') as RuntimePathsLib;

/** Loads the runtime's own copy of `flatted`, the format n8n stores run data in. */
function loadFlatted(): Flatted {
	return require(path.join(runtimePaths.n8nPrefix(), 'node_modules', 'flatted')) as Flatted;
}

/** Statuses of an execution that has not ended yet. */
const RUNNING_STATUSES = new Set(['new', 'running', 'waiting']);

interface StoredExecution {
	id: string;
	status: string;
	finished: boolean;
	data: string;
}

/** A REST session of the instance owner in a running n8n. */
export class N8nRest {
	private readonly flatted = loadFlatted();

	private constructor(
		private readonly server: N8nServer,
		private readonly cookie: string,
	) {}

	/** Creates the owner account and returns a session for it. */
	static async connect(server: N8nServer): Promise<N8nRest> {
		return new N8nRest(server, await server.setupOwner());
	}

	private async request<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; body: T }> {
		const response = await fetch(`${this.server.baseUrl}/rest${route}`, {
			method,
			headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// Kept as text for the error message.
		}
		return { status: response.status, body: parsed as T };
	}

	/** Saves a workflow with its fixed id, which must be new to this n8n. */
	async createWorkflow(workflow: WorkflowJson): Promise<string> {
		const { status, body } = await this.request<{ data?: { id: string } }>('POST', '/workflows', workflow);
		if (status !== 200 || !body.data?.id) {
			throw new Error(`POST /rest/workflows for «${workflow.name}» failed: HTTP ${status} ${JSON.stringify(body).slice(0, 500)}`);
		}
		return body.data.id;
	}

	/**
	 * Runs a saved workflow manually from `trigger` and waits for the execution to end. Resolves also when
	 * the run failed: check `succeeded` and `error` of the result.
	 */
	async run(workflowId: string, trigger: string, timeoutMs = 300_000): Promise<ExecutionResult> {
		return this.runWith(workflowId, { triggerToStartFrom: { name: trigger } }, timeoutMs);
	}

	/**
	 * Runs a saved workflow manually with any body n8n's editor sends to `POST /rest/workflows/:id/run`, for
	 * example a partial run that reuses earlier run data (`runData`, `destinationNode`), and waits for it.
	 */
	async runWith(workflowId: string, payload: Record<string, unknown>, timeoutMs = 300_000): Promise<ExecutionResult> {
		const started = Date.now();
		const { status, body } = await this.request<{ data?: { executionId?: string; waitingForWebhook?: boolean } }>('POST', `/workflows/${workflowId}/run`, payload);
		const executionId = body.data?.executionId;
		if (status !== 200 || !executionId) {
			throw new Error(`POST /rest/workflows/${workflowId}/run failed: HTTP ${status} ${JSON.stringify(body).slice(0, 500)}`);
		}

		// Short runs end within a few checks. Long ones are checked less often, because every check takes time
		// from n8n while it runs, and on a busy machine that spreads the nodes' Airtable requests unevenly.
		let execution: StoredExecution | undefined;
		let delayMs = 50;
		while (!execution || RUNNING_STATUSES.has(execution.status)) {
			if (Date.now() - started > timeoutMs) {
				throw new Error(`execution ${executionId} of workflow ${workflowId} did not end within ${timeoutMs} ms (status ${execution?.status ?? 'unknown'})`);
			}
			await new Promise((resolve) => setTimeout(resolve, delayMs));
			delayMs = Math.min(500, Math.round(delayMs * 1.5));
			const response = await this.request<{ data?: StoredExecution }>('GET', `/executions/${executionId}`);
			execution = response.status === 200 ? response.body.data : undefined;
		}

		const run: N8nRun = { status: execution.status, finished: execution.finished, data: this.flatted.parse(execution.data) as N8nRun['data'] };
		const output = this.server.output().split('\n').slice(-60).join('\n');
		return new ExecutionResult({ exitCode: 0, signal: null, stdout: '', stderr: output, durationMs: Date.now() - started }, run);
	}
}
