/**
 * Runs workflows of n8n's built-in nodes inside this process with `WorkflowExecute` from n8n-core, the
 * way the n8n server runs a manual execution, but without its database, queue or HTTP server.
 *
 * n8n-core, n8n-workflow and n8n-nodes-base are loaded from the pinned runtime that scripts/runtime.mjs
 * installs (n8n 2.41.1), not from the repository's node_modules, so the nodes and the engine share one
 * copy of n8n-workflow. The benchmark bundle lives in a temporary folder, so a plain `require` could not
 * find them.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IConnections, ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode, INodeExecutionData, INodeType, INodeTypes, IRun, IVersionedNodeType } from 'n8n-workflow';

const runtimePaths = require('../../scripts/lib/runtime-paths.cjs') as { n8nPrefix(): string; N8N_VERSION: string };

/** The parts of n8n-core this harness uses; the package's own types are not installed in the repository. */
interface N8nCore {
	WorkflowExecute: new (additionalData: unknown, mode: string) => { run(options: { workflow: unknown; startNode?: INode; pinData?: Record<string, INodeExecutionData[]> }): Promise<IRun> };
	ExecutionLifecycleHooks: new (mode: string, executionId: string, workflowData: unknown) => unknown;
}

interface N8nWorkflowModule {
	Workflow: new (parameters: { id: string; name: string; nodes: INode[]; connections: IConnections; active: boolean; nodeTypes: INodeTypes; settings?: IDataObject }) => unknown;
}

export interface N8nModules {
	version: string;
	/** N8N_USER_FOLDER created for this run, to remove when the benchmark ends; undefined when the caller set one. */
	userFolder?: string;
	core: N8nCore;
	workflow: N8nWorkflowModule;
	nodeTypes: INodeTypes;
}

/** n8n-nodes-base files of the node types the benchmark workflows use, by type name. */
const NODE_FILES: Record<string, { file: string; exportName: string }> = {
	'n8n-nodes-base.manualTrigger': { file: 'ManualTrigger/ManualTrigger.node.js', exportName: 'ManualTrigger' },
	'n8n-nodes-base.airtable': { file: 'Airtable/Airtable.node.js', exportName: 'Airtable' },
	'n8n-nodes-base.splitInBatches': { file: 'SplitInBatches/SplitInBatches.node.js', exportName: 'SplitInBatches' },
	'n8n-nodes-base.wait': { file: 'Wait/Wait.node.js', exportName: 'Wait' },
};

function isVersioned(type: INodeType | IVersionedNodeType): type is IVersionedNodeType {
	return 'nodeVersions' in type;
}

/**
 * Loads n8n from the runtime cache. n8n-core writes its settings file, with a generated encryption key,
 * into N8N_USER_FOLDER, so that variable points at a fresh temporary folder unless the caller set it.
 * n8n's logger is silenced unless N8N_LOG_LEVEL is set, because it prints each expected 429 with a stack trace.
 */
export function loadN8n(): N8nModules {
	const prefix = runtimePaths.n8nPrefix();
	const requireFromRuntime = createRequire(join(prefix, 'node_modules', 'runtime-entry.js'));
	let userFolder: string | undefined;
	if (process.env.N8N_USER_FOLDER === undefined) {
		userFolder = mkdtempSync(join(tmpdir(), 'bench-n8n-home-'));
		process.env.N8N_USER_FOLDER = userFolder;
	}
	process.env.N8N_LOG_LEVEL ??= 'silent';
	process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';

	let core: N8nCore;
	try {
		core = requireFromRuntime('n8n-core') as N8nCore;
	} catch (error) {
		throw new Error(`n8n-core was not found in ${prefix}: run \`node scripts/runtime.mjs\` first (${(error as Error).message})`);
	}
	const workflow = requireFromRuntime('n8n-workflow') as N8nWorkflowModule;

	const instances = new Map<string, INodeType | IVersionedNodeType>();
	for (const [name, { file, exportName }] of Object.entries(NODE_FILES)) {
		const exported = requireFromRuntime(`n8n-nodes-base/dist/nodes/${file}`) as Record<string, new () => INodeType | IVersionedNodeType>;
		instances.set(name, new exported[exportName]());
	}
	const nodeTypes: INodeTypes = {
		getByName: (name) => {
			const type = instances.get(name);
			if (!type) {
				throw new Error(`Node type ${name} is not loaded by the benchmark harness`);
			}
			return type;
		},
		getByNameAndVersion: (name, version) => {
			const type = nodeTypes.getByName(name);
			return isVersioned(type) ? type.getNodeType(version) : type;
		},
		getKnownTypes: () => ({}),
	};
	const packageJson = requireFromRuntime('n8n-core/package.json') as { version: string };
	return { version: packageJson.version, userFolder, core, workflow, nodeTypes };
}

/** Decrypted credential values by credential type name. */
export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

/**
 * The credential helper n8n-core calls when a node sends `requestWithAuthentication`. It returns the
 * stored values and adds `Authorization: Bearer <accessToken>`, as Airtable's token credential declares.
 */
function credentialsHelper(store: CredentialStore) {
	return {
		getParentTypes: () => [],
		getCredentialsProperties: () => [],
		isCredentialUsableByNode: () => true,
		getDecrypted: async (_additionalData: unknown, _nodeCredentials: unknown, type: string) => {
			const credentials = store[type];
			if (!credentials) {
				throw new Error(`No credentials of type ${type} in the benchmark`);
			}
			return credentials;
		},
		authenticate: async (credentials: ICredentialDataDecryptedObject, _typeName: string, requestOptions: IHttpRequestOptions & { headers?: IDataObject }) => {
			requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken)}` };
			return requestOptions;
		},
		preAuthentication: async () => undefined,
		updateCredentials: async () => undefined,
		updateCredentialsOauthTokenData: async () => undefined,
		getCredentials: async () => {
			throw new Error('getCredentials is not available in the benchmark');
		},
	};
}

export interface WorkflowDefinition {
	name: string;
	nodes: INode[];
	connections: IConnections;
}

export interface WorkflowRun {
	run: IRun;
	/** The first node error, as n8n reports it on the failed node. */
	error?: { node: string; message: string };
	/** Items each node output over all its runs, by node name. */
	outputItems: Record<string, number>;
}

let executionSequence = 0;

/** Runs a workflow from its Manual Trigger, which emits `items` (n8n's pinned data), and resolves when it finishes. */
export async function runWorkflow(n8n: N8nModules, definition: WorkflowDefinition, items: IDataObject[], credentials: CredentialStore): Promise<WorkflowRun> {
	executionSequence += 1;
	const executionId = `bench-${executionSequence}`;
	const workflowData = { id: `benchWorkflow${String(executionSequence).padStart(4, '0')}`, name: definition.name, nodes: definition.nodes, connections: definition.connections, active: false, settings: { executionOrder: 'v1' } };
	const workflow = new n8n.workflow.Workflow({ ...workflowData, nodeTypes: n8n.nodeTypes });

	const additionalData = {
		credentialsHelper: credentialsHelper(credentials),
		hooks: new n8n.core.ExecutionLifecycleHooks('manual', executionId, workflowData),
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the benchmark');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('The Code node task runner is not available in the benchmark');
		},
	};

	const trigger = definition.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) {
		throw new Error(`Workflow ${definition.name} has no Manual Trigger`);
	}
	const execute = new n8n.core.WorkflowExecute(additionalData, 'manual');
	const run = await execute.run({ workflow, startNode: trigger, pinData: { [trigger.name]: items.map((json) => ({ json })) } });

	const outputItems: Record<string, number> = {};
	let error: WorkflowRun['error'];
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		for (const task of tasks) {
			outputItems[name] = (outputItems[name] ?? 0) + (task.data?.main ?? []).reduce((sum, branch) => sum + (branch?.length ?? 0), 0);
			if (task.error && !error) {
				error = { node: name, message: task.error.message };
			}
		}
	}
	if (!error && run.data.resultData.error) {
		error = { node: run.data.resultData.lastNodeExecuted ?? '?', message: run.data.resultData.error.message };
	}
	return { run, error, outputItems };
}
