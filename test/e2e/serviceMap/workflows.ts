/**
 * Workflow JSON for the service-map walk. A phase is a chain of steps after a Manual Trigger. Each step is
 * a Set node with the item the step reads, then one node of the package. Every output of a step leads to
 * the next step, so an item that goes to «Нужно решение» or «5. …» does not end the chain. A failed item
 * continues as an error item (Continue On Fail), so one run reports every failure.
 */
import type { IDataObject } from 'n8n-workflow';

import { nodeId, PACKAGE } from '../../../scripts/workflows/builder';
import { intakeWorkflow } from '../../../scripts/workflows/intake';
import { remindersWorkflow } from '../../../scripts/workflows/reminders';
import { exitWorkflow } from '../../../scripts/workflows/services/exit';
import type { ExecutionResult, WorkflowJson } from '../harness';
import type { WalkBackend } from './backend';

export const START = 'Старт';

/** Outputs of each node type of the package that a walk step uses. */
const OUTPUTS: Record<string, number> = {
	lifecycleEpisode: 5,
	lifecycleEvent: 1,
	lifecycleEvaluation: 1,
	lifecycleExit: 3,
	lifecycleReferral: 6,
};

/** One node of the package with the item it reads. */
export interface Step {
	name: string;
	/** Node type without the package prefix, e.g. `lifecycleEpisode`. */
	type: keyof typeof OUTPUTS;
	parameters: Record<string, unknown>;
	/** Item the node receives. Its fields feed the parameters whose default reads `$json`. */
	input?: IDataObject;
}

interface NodeJson {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	[setting: string]: unknown;
}

type Connections = Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;

function connect(connections: Connections, from: string, to: string, outputs = 1): void {
	connections[from] = { main: Array.from({ length: outputs }, () => [{ node: to, type: 'main' as const, index: 0 }]) };
}

/** Sets the base of every node of the package: its parameters first, then the credential it needs. */
function withBackend(node: NodeJson, backend: WalkBackend): NodeJson {
	if (!node.type.startsWith(`${PACKAGE}.`)) {
		return node;
	}
	const credentials = backend.nodeCredentials();
	return { ...node, parameters: { ...node.parameters, ...backend.nodeParameters() }, ...(credentials ? { credentials } : {}) };
}

const SETTINGS = { executionOrder: 'v1', timezone: 'Europe/Moscow', saveManualExecutions: true };

/** Builds a phase: Manual Trigger, then each step's input (Set node, raw JSON) and node in turn. */
export function phaseWorkflow(id: string, name: string, steps: readonly Step[], backend: WalkBackend): WorkflowJson {
	const nodes: NodeJson[] = [{ id: nodeId(id, START), name: START, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Connections = {};
	let previous = START;
	let previousOutputs = 1;

	steps.forEach((step, index) => {
		const inputName = `${step.name}: данные`;
		const x = 220 * (2 * index + 1);
		nodes.push({
			id: nodeId(id, inputName),
			name: inputName,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [x, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify(step.input ?? {}), options: {} },
			executeOnce: true,
		});
		nodes.push(
			withBackend(
				{
					id: nodeId(id, step.name),
					name: step.name,
					type: `${PACKAGE}.${step.type}`,
					typeVersion: 1,
					position: [x + 220, 0],
					parameters: step.parameters,
					onError: 'continueRegularOutput',
				},
				backend,
			),
		);
		connect(connections, previous, inputName, previousOutputs);
		connect(connections, inputName, step.name);
		previous = step.name;
		previousOutputs = OUTPUTS[step.type];
	});

	return { id, name, nodes, connections, settings: SETTINGS };
}

/**
 * Builds the shipped recruiter questionnaire (intake, portrait check, referral) on the walk's base. A
 * Manual Trigger and a Code node hand it the questionnaires in place of its form and its batch trigger.
 */
export function intakePhaseWorkflow(id: string, items: ReadonlyArray<Record<string, unknown>>, backend: WalkBackend): WorkflowJson {
	const shipped = intakeWorkflow();
	const triggers = shipped.nodes.filter((node) => node.type === 'n8n-nodes-base.formTrigger' || node.type === 'n8n-nodes-base.executeWorkflowTrigger');
	const first = shipped.nodes.find((node) => node.type === `${PACKAGE}.lifecycleIntake`);
	if (!first || triggers.length !== 2) {
		throw new Error('the shipped intake workflow no longer has one form trigger, one batch trigger and an intake node');
	}
	// Without the form trigger the check «Анкета пришла из формы?» cannot name it, and the outcome page
	// only serves form runs, so both go too.
	const formOnly = shipped.nodes.filter((node) => node.type === 'n8n-nodes-base.form' || (node.type === 'n8n-nodes-base.if' && JSON.stringify(node.parameters).includes('.isExecuted')));
	const dropped = new Set([...triggers, ...formOnly].map((node) => node.name));

	const nodes: NodeJson[] = shipped.nodes.filter((node) => !dropped.has(node.name)).map((node) => withBackend({ ...node }, backend));
	nodes.push(
		{ id: nodeId(id, START), name: START, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-700, 0], parameters: {} },
		{
			id: nodeId(id, 'Анкеты'),
			name: 'Анкеты',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [-480, 0],
			parameters: { jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));` },
		},
	);
	const connections: Connections = {};
	for (const [from, outputs] of Object.entries(shipped.connections)) {
		if (!dropped.has(from)) {
			connections[from] = { main: outputs.main.map((targets) => (targets ?? []).filter((target) => !dropped.has(target.node))) };
		}
	}
	connect(connections, START, 'Анкеты');
	connect(connections, 'Анкеты', first.name);
	return { id, name: `Карта услуг: анкеты (${backend.name})`, nodes, connections, settings: SETTINGS };
}

/** Name of the checkpoint trigger in the shipped reminder workflow, kept in the test's copy. */
export const CHECKPOINT_TRIGGER = 'Контрольные точки';

/**
 * Builds a workflow of the shipped reminder workflow's trigger alone, checking the base as on `date`
 * through its «Дата проверки» parameter. A manual run claims what is due, as the active workflow would.
 */
export function checkpointWorkflow(id: string, date: string, backend: WalkBackend): WorkflowJson {
	const trigger = remindersWorkflow().nodes.find((node) => node.name === CHECKPOINT_TRIGGER);
	if (!trigger) {
		throw new Error(`the shipped reminder workflow has no node «${CHECKPOINT_TRIGGER}»`);
	}
	// The shipped trigger previews in manual runs, because its workflow marks letters later; this copy runs alone, so it claims.
	const node = withBackend({ ...trigger, id: nodeId(id, CHECKPOINT_TRIGGER), parameters: { ...trigger.parameters, checkDate: date, claimWhenManual: true } }, backend);
	return { id, name: `Карта услуг: контрольные точки на ${date} (${backend.name})`, nodes: [node], connections: {}, settings: SETTINGS };
}

/**
 * Builds the shipped exit workflow on the walk's base, with its daily checkpoint trigger checking the base as
 * on `date`. Returns the workflow with the names of the trigger and of the node that checks the exit point.
 */
export function exitPointWorkflow(id: string, date: string, backend: WalkBackend): { workflow: WorkflowJson; trigger: string; check: string } {
	const shipped = exitWorkflow();
	const trigger = shipped.nodes.find((node) => node.type === `${PACKAGE}.lifecycleCheckpointTrigger`);
	const check = shipped.nodes.find((node) => node.type === `${PACKAGE}.lifecycleExit` && node.parameters.operation === 'check');
	if (!trigger || !check) {
		throw new Error('the shipped exit workflow no longer has a checkpoint trigger and an exit check');
	}
	const nodes = shipped.nodes.map((node) => {
		const dated = node.name === trigger.name ? { ...node, parameters: { ...node.parameters, checkDate: date } } : node;
		return withBackend({ ...dated, id: nodeId(id, node.name) }, backend);
	});
	const workflow = { id, name: `Карта услуг: точка выхода на ${date} (${backend.name})`, nodes, connections: shipped.connections, settings: SETTINGS };
	return { workflow, trigger: trigger.name, check: check.name };
}

/** One item a step sent, with the output it went to. */
export interface StepItem {
	step: string;
	output: number;
	json: IDataObject;
}

/** Returns every item the steps of a phase sent, in step order. A step that did not run has none. */
export function stepItems(result: ExecutionResult, steps: readonly Step[]): StepItem[] {
	const items: StepItem[] = [];
	for (const step of steps) {
		if (!result.executedNodes.includes(step.name)) {
			continue;
		}
		result.outputs(step.name).forEach((outputItems, output) => {
			for (const json of outputItems) {
				items.push({ step: step.name, output, json });
			}
		});
	}
	return items;
}
