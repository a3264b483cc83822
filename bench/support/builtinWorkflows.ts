/**
 * Workflows of n8n's built-in Airtable node (n8n-nodes-base, node version 2.1) that write what our backend
 * writes. The node writes one record per input item: it creates events, or updates candidates by Airtable
 * record id. Input items carry the Airtable cells and are mapped by the node's «Map Automatically» mode.
 */
import type { IConnections, INode } from 'n8n-workflow';

import type { WorkflowDefinition } from './n8nInProcess';

export const AIRTABLE_CREDENTIAL_TYPE = 'airtableTokenApi';

export interface AirtableTarget {
	baseId: string;
	tableId: string;
	operation: 'create' | 'update';
}

/** Workflow setup that keeps the Airtable node under Airtable's rate limit, or tries to. */
export type Pacing =
	/** The Airtable node alone, with default settings. */
	| { kind: 'none' }
	/** The node's own «Retry On Fail» setting; the editor allows at most 5 tries and 5,000 ms between tries. */
	| { kind: 'retry'; maxTries: number; waitBetweenTriesMs: number }
	/** «Loop Over Items» hands the node `batchSize` items, then a Wait node pauses before the next batch. */
	| { kind: 'loop'; batchSize: number; waitSeconds: number };

const TRIGGER = 'Старт';
const AIRTABLE = 'Airtable';
const LOOP = 'Loop Over Items';
const WAIT = 'Wait';

function node(name: string, type: string, typeVersion: number, x: number, parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return { id: `bench-${name.replace(/\W+/g, '-').toLowerCase()}`, name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

function airtableNode(target: AirtableTarget, pacing: Pacing): INode {
	const retry = pacing.kind === 'retry' ? { retryOnFail: true, maxTries: pacing.maxTries, waitBetweenTries: pacing.waitBetweenTriesMs } : {};
	return node(
		AIRTABLE,
		'n8n-nodes-base.airtable',
		2.1,
		400,
		{
			authentication: AIRTABLE_CREDENTIAL_TYPE,
			resource: 'record',
			operation: target.operation,
			base: { __rl: true, mode: 'id', value: target.baseId },
			table: { __rl: true, mode: 'id', value: target.tableId },
			columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: target.operation === 'update' ? ['id'] : [], schema: [] },
			options: {},
		},
		{ credentials: { [AIRTABLE_CREDENTIAL_TYPE]: { id: 'bench', name: 'Airtable (emulator)' } }, ...retry },
	);
}

/** Builds Manual Trigger → [Loop Over Items →] Airtable [→ Wait → back to the loop]. */
export function builtinWorkflow(target: AirtableTarget, pacing: Pacing): WorkflowDefinition {
	const trigger = node(TRIGGER, 'n8n-nodes-base.manualTrigger', 1, 0, {});
	const airtable = airtableNode(target, pacing);
	const name = `Built-in Airtable ${target.operation}, pacing ${pacing.kind}`;
	if (pacing.kind !== 'loop') {
		const connections: IConnections = { [TRIGGER]: { main: [[{ node: AIRTABLE, type: 'main', index: 0 }]] } };
		return { name, nodes: [trigger, airtable], connections };
	}

	const loop = node(LOOP, 'n8n-nodes-base.splitInBatches', 3, 200, { batchSize: pacing.batchSize, options: {} });
	const wait = node(WAIT, 'n8n-nodes-base.wait', 1.1, 600, { resume: 'timeInterval', amount: pacing.waitSeconds, unit: 'seconds' }, { webhookId: 'bench-wait' });
	const connections: IConnections = {
		[TRIGGER]: { main: [[{ node: LOOP, type: 'main', index: 0 }]] },
		// Output 0 («done») ends the workflow; output 1 («loop») carries the next batch.
		[LOOP]: { main: [[], [{ node: AIRTABLE, type: 'main', index: 0 }]] },
		[AIRTABLE]: { main: [[{ node: WAIT, type: 'main', index: 0 }]] },
		[WAIT]: { main: [[{ node: LOOP, type: 'main', index: 0 }]] },
	};
	return { name, nodes: [trigger, loop, airtable, wait], connections };
}

export const BUILTIN_AIRTABLE_NODE = AIRTABLE;
