/**
 * End-to-end harness: runs the real, pinned n8n (see scripts/lib/runtime-paths.cjs) on a temporary user
 * folder with this package installed as n8n would install it from npm, imports workflow JSON and
 * executes workflows headlessly with `n8n execute`, or serves the editor with `n8n start`.
 *
 * Needs the runtime (`node scripts/runtime.mjs`) and a build (`npm run build`); `npm test` does both.
 * Set E2E_KEEP=1 to keep the temporary folders for inspection.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';

/** Output of one n8n CLI command. */
export interface CommandResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** Workflow JSON as n8n exports and imports it; `id` must be fixed (1 to 21 letters and digits). */
export interface WorkflowJson {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface WorkflowFile {
	file: string;
	id: string;
	name: string;
	workflow: WorkflowJson;
}

interface ItemJson {
	json: IDataObject;
	pairedItem?: unknown;
}

/** One run of one node in n8n's run data. */
export interface NodeRun {
	executionStatus?: string;
	data?: { main?: Array<ItemJson[] | null> };
	error?: { message: string; description?: string };
}

/** The run data `n8n execute --rawOutput` prints (n8n's IRun, reduced to what tests read). */
export interface N8nRun {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: { message: string; description?: string; node?: { name: string } };
		};
	};
}

interface UserFolderLib {
	n8nEnv(options: {
		userFolder: string;
		port?: number;
		brokerPort?: number;
		basePath?: string;
		extra?: Record<string, string>;
	}): NodeJS.ProcessEnv;
	installPackage(options: { userFolder: string }): { packageDir: string; name: string; version: string };
	shippedWorkflowFiles(): string[];
	readWorkflows(files: string[]): WorkflowFile[];
	runN8n(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<CommandResult>;
	importWorkflows(workflows: WorkflowJson[], options: { env: NodeJS.ProcessEnv }): Promise<{ ids: string[]; durationMs: number }>;
	parseExecuteOutput(stdout: string): N8nRun | undefined;
	freePort(): Promise<number>;
	waitForHealthz(baseUrl: string, options: { child?: ChildProcess; timeoutMs?: number }): Promise<number>;
}

interface RuntimePathsLib {
	N8N_VERSION: string;
	nodeBin(): string;
	n8nBin(): string;
}

// The shared helpers are CommonJS so that scripts/start.mjs (plain Node.js) uses the same code.
const userFolderLib = require('../../scripts/lib/n8n-user-folder.cjs') as UserFolderLib;
const runtimePaths = require('../../scripts/lib/runtime-paths.cjs') as RuntimePathsLib;

const KEEP_FOLDERS = process.env.E2E_KEEP === '1';

/** Prints a timing or status line straight to stderr, outside Jest's console buffering. */
export function report(message: string): void {
	process.stderr.write(`[e2e] ${message}\n`);
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

/** Result of `n8n execute`, with accessors for node outputs. */
export class ExecutionResult {
	constructor(
		readonly command: CommandResult,
		readonly run: N8nRun | undefined,
	) {}

	get exitCode(): number | null {
		return this.command.exitCode;
	}

	/** True when n8n exited with 0 and reported the run as successful. */
	get succeeded(): boolean {
		return this.command.exitCode === 0 && this.run?.status === 'success';
	}

	/** The workflow error n8n reported, if the run failed. */
	get error(): N8nRun['data']['resultData']['error'] {
		return this.run?.data.resultData.error;
	}

	get lastNodeExecuted(): string | undefined {
		return this.run?.data.resultData.lastNodeExecuted;
	}

	/** Names of the nodes that ran, in n8n's order. */
	get executedNodes(): string[] {
		return Object.keys(this.run?.data.resultData.runData ?? {});
	}

	/** Returns one run of a node. Throws with the list of nodes that ran when `nodeName` did not run. */
	nodeRun(nodeName: string, runIndex = 0): NodeRun {
		const runs = this.run?.data.resultData.runData[nodeName];
		if (!runs?.[runIndex]) {
			throw new Error(
				`node "${nodeName}" has no run ${runIndex}; nodes that ran: ${JSON.stringify(this.executedNodes)}` +
					(this.run ? '' : `\nn8n printed no run data (exit ${this.exitCode}):\n${this.diagnostics()}`),
			);
		}
		return runs[runIndex];
	}

	/** Returns the `json` of the items a node sent to output `outputIndex` (default: its first output). */
	items(nodeName: string, outputIndex = 0, runIndex = 0): IDataObject[] {
		return this.outputs(nodeName, runIndex)[outputIndex] ?? [];
	}

	/** Returns the `json` of the items on each output of a node. */
	outputs(nodeName: string, runIndex = 0): IDataObject[][] {
		const main = this.nodeRun(nodeName, runIndex).data?.main ?? [];
		return main.map((items) => (items ?? []).map((item) => item.json));
	}

	/** Returns the end of n8n's output, for failure messages. */
	diagnostics(lines = 60): string {
		return `${this.command.stdout}\n${this.command.stderr}`.trim().split('\n').slice(-lines).join('\n');
	}
}

/** A running `n8n start` on a loopback port. */
export interface N8nServer {
	readonly baseUrl: string;
	readonly port: number;
	readonly process: ChildProcess;
	/** n8n's output so far (the last 2 MB). */
	output(): string;
	/** Creates the owner account through `POST /rest/owner/setup`; returns the session cookie for REST calls. */
	setupOwner(): Promise<string>;
	stop(): Promise<void>;
}

export interface N8nInstanceOptions {
	/** SQLite base file for the nodes (`EMPLOYMENT_LIFECYCLE_BASE`); default `<temp folder>/base.sqlite`. */
	basePath?: string;
	/** More environment variables for every n8n process of this instance. */
	env?: Record<string, string>;
}

/** Test owner account that `N8nServer.setupOwner()` creates. */
export const TEST_OWNER = {
	email: 'owner@example.org',
	firstName: 'Test',
	lastName: 'Owner',
	password: 'E2e-test-passw0rd',
};

const MAX_SERVER_OUTPUT = 2 * 1024 * 1024;

/** A temporary n8n user folder with this package installed. Create with `createN8nInstance()`. */
export class N8nInstance {
	private server: N8nServer | undefined;

	private constructor(
		readonly root: string,
		readonly userFolder: string,
		readonly basePath: string,
		readonly env: NodeJS.ProcessEnv,
		private readonly extraEnv: Record<string, string>,
	) {}

	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		if (!fs.existsSync(runtimePaths.n8nBin())) {
			throw new Error(`n8n ${runtimePaths.N8N_VERSION} is not installed at ${runtimePaths.n8nBin()}: run \`node scripts/runtime.mjs\``);
		}
		const started = Date.now();
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-e2e-'));
		const userFolder = path.join(root, 'n8n');
		const basePath = options.basePath ?? path.join(root, 'base.sqlite');
		const extraEnv = options.env ?? {};
		const brokerPort = await userFolderLib.freePort();
		const env = userFolderLib.n8nEnv({ userFolder, brokerPort, basePath, extra: extraEnv });
		userFolderLib.installPackage({ userFolder });
		report(`installed the package into ${userFolder} in ${seconds(Date.now() - started)}`);
		return new N8nInstance(root, userFolder, basePath, env, extraEnv);
	}

	/** Runs any n8n CLI command on this user folder. */
	n8n(args: string[], timeoutMs?: number): Promise<CommandResult> {
		return userFolderLib.runN8n(args, { env: this.env, cwd: this.userFolder, timeoutMs });
	}

	/** Imports workflow objects in one n8n process; returns their ids. */
	async importWorkflows(workflows: WorkflowJson[]): Promise<string[]> {
		const { ids, durationMs } = await userFolderLib.importWorkflows(workflows, { env: this.env });
		report(`imported ${ids.length} workflow(s) in ${seconds(durationMs)}`);
		return ids;
	}

	/** Imports workflow JSON files; each needs a fixed `id`. Returns what was read from each file. */
	async importWorkflowFiles(files: string[]): Promise<WorkflowFile[]> {
		const entries = userFolderLib.readWorkflows(files);
		await this.importWorkflows(entries.map((entry) => entry.workflow));
		return entries;
	}

	/** Imports the shipped `workflows/*.json` (names starting with `_` excluded). */
	importShippedWorkflows(): Promise<WorkflowFile[]> {
		return this.importWorkflowFiles(userFolderLib.shippedWorkflowFiles());
	}

	/**
	 * Executes an imported workflow from its Manual Trigger or Execute Workflow Trigger with
	 * `n8n execute --id=<id> --rawOutput`. Resolves also when the workflow fails: check `succeeded`.
	 */
	async execute(workflowId: string, timeoutMs = 120_000): Promise<ExecutionResult> {
		const command = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs);
		const result = new ExecutionResult(command, userFolderLib.parseExecuteOutput(command.stdout));
		report(`executed workflow ${workflowId} in ${seconds(command.durationMs)} (exit ${command.exitCode}, ${result.run?.status ?? 'no run data'})`);
		return result;
	}

	/** Starts `n8n start` on free loopback ports and resolves once its REST API responds. */
	async start(timeoutMs = 120_000): Promise<N8nServer> {
		if (this.server) throw new Error('n8n is already running for this instance; stop() it first');
		const started = Date.now();
		const port = await userFolderLib.freePort();
		const brokerPort = await userFolderLib.freePort();
		const env = userFolderLib.n8nEnv({ userFolder: this.userFolder, port, brokerPort, basePath: this.basePath, extra: this.extraEnv });
		const child = spawn(runtimePaths.nodeBin(), [runtimePaths.n8nBin(), 'start'], { cwd: this.userFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const collect = (chunk: Buffer) => {
			output = (output + chunk.toString('utf8')).slice(-MAX_SERVER_OUTPUT);
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);

		const baseUrl = `http://127.0.0.1:${port}`;
		const server: N8nServer = {
			baseUrl,
			port,
			process: child,
			output: () => output,
			setupOwner: () => setupOwner(baseUrl),
			stop: () => stopProcess(child),
		};
		this.server = server;
		try {
			const healthMs = await userFolderLib.waitForHealthz(baseUrl, { child, timeoutMs });
			await waitForRestApi(baseUrl, child, timeoutMs);
			report(`n8n start: /healthz after ${seconds(healthMs)}, REST API after ${seconds(Date.now() - started)} on ${baseUrl}`);
		} catch (error) {
			await this.stop();
			throw new Error(`${(error as Error).message}\n--- n8n output ---\n${output.split('\n').slice(-60).join('\n')}`);
		}
		return server;
	}

	/** Stops the server started with `start()`, if any. */
	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server) await server.stop();
	}

	/** Stops the server and removes the temporary folders (kept when E2E_KEEP=1). */
	async dispose(): Promise<void> {
		await this.stop();
		if (KEEP_FOLDERS) {
			report(`kept ${this.root}`);
			return;
		}
		fs.rmSync(this.root, { recursive: true, force: true });
	}
}

/** Creates a temporary n8n user folder with the built package installed. */
export function createN8nInstance(options?: N8nInstanceOptions): Promise<N8nInstance> {
	return N8nInstance.create(options);
}

/**
 * Waits until `GET /rest/settings` returns JSON. Before n8n finishes starting, /healthz already returns
 * 200 but other paths return "n8n is starting up" and then 404.
 */
async function waitForRestApi(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
	const started = Date.now();
	let last = 'no response';
	while (Date.now() - started < timeoutMs) {
		if (child.exitCode !== null) throw new Error(`n8n exited (${child.exitCode}) before its REST API responded`);
		try {
			const response = await fetch(`${baseUrl}/rest/settings`);
			if (response.ok && (response.headers.get('content-type') ?? '').includes('application/json')) return;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${baseUrl}/rest/settings did not respond within ${seconds(timeoutMs)} (last response: ${last})`);
}

async function setupOwner(baseUrl: string): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(TEST_OWNER),
	});
	if (!response.ok) throw new Error(`POST /rest/owner/setup failed: HTTP ${response.status} ${await response.text()}`);
	const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
	if (cookies.length === 0) throw new Error('POST /rest/owner/setup set no session cookie');
	return cookies.join('; ');
}

/** Sends SIGTERM (n8n shuts down cleanly) and SIGKILL if it is still running after 20 s. */
function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const killTimer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.once('exit', () => {
			clearTimeout(killTimer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
