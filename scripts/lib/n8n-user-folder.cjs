'use strict';
/**
 * Prepares an n8n user folder for this package and runs the n8n CLI on it. Shared by `npm start`
 * (scripts/start.mjs) and the end-to-end test harness (test/e2e/harness.ts); CommonJS so both can load it.
 *
 * n8n loads a package found in `<userFolder>/.n8n/nodes/node_modules/<name>` (listed in the
 * `dependencies` of `<userFolder>/.n8n/nodes/package.json`) with node types named `<name>.<node>`, the
 * names the shipped workflow JSON uses.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const paths = require('./runtime-paths.cjs');

/** Workflow ids n8n accepts are strings of at most 21 characters; a fixed id makes a re-import replace, not duplicate. */
const WORKFLOW_ID_PATTERN = /^[A-Za-z0-9]{1,21}$/;

/** n8n 2.41 modules that only fetch catalogues from api.n8n.io; this setup has no use for them. */
const OFFLINE_DISABLED_MODULES = ['mcp-registry'];

/**
 * Environment for every n8n process: loopback only, and no calls to n8n's servers (telemetry, version
 * checks, templates, banners, the catalogues of verified community packages and MCP servers). The
 * JavaScript task runner (Code node) listens on `brokerPort`, so that test instances do not collide
 * with a running `npm start` on 5679. `EMPLOYMENT_LIFECYCLE_BASE` is removed unless `basePath` is given;
 * the nodes then use their default base.
 */
function n8nEnv({ userFolder, port = 5678, brokerPort = port + 1, basePath, extra = {} }) {
	const env = { ...process.env };
	delete env.EMPLOYMENT_LIFECYCLE_BASE;
	// Jest sets NODE_ENV=test, and with it n8n 2.41 silences its logger, which also prints command results.
	delete env.NODE_ENV;
	const disabledModules = new Set([...(env.N8N_DISABLED_MODULES || '').split(',').filter(Boolean), ...OFFLINE_DISABLED_MODULES]);
	Object.assign(env, {
		PATH: paths.pathWithNode24(process.env.PATH),
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DISABLED_MODULES: [...disabledModules].join(','),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
	});
	if (basePath) env.EMPLOYMENT_LIFECYCLE_BASE = basePath;
	return { ...env, ...extra };
}

/**
 * Installs the built package into `userFolder` exactly as `npm pack` would publish it (package.json plus
 * the `files` of package.json), replacing any earlier copy. Requires a build: run `npm run build` first.
 */
function installPackage({ userFolder, repoRoot = paths.REPO_ROOT }) {
	const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	if (!fs.existsSync(path.join(repoRoot, 'dist'))) {
		throw new Error(`${path.join(repoRoot, 'dist')} is missing: run \`npm run build\` first`);
	}
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', manifest.name);
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-pack-'));
	try {
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
				cwd: repoRoot,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			}),
		);
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(target, { recursive: true });
		execFileSync('tar', ['-xzf', path.join(packDir, packed[0].filename), '-C', target, '--strip-components=1']);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}

	const nodesManifestFile = path.join(nodesDir, 'package.json');
	const nodesManifest = fs.existsSync(nodesManifestFile)
		? JSON.parse(fs.readFileSync(nodesManifestFile, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesManifest.dependencies = { ...nodesManifest.dependencies, [manifest.name]: manifest.version };
	fs.writeFileSync(nodesManifestFile, JSON.stringify(nodesManifest, null, '\t') + '\n');
	return { packageDir: target, name: manifest.name, version: manifest.version };
}

/** Shipped workflow files: `workflows/*.json`, except drafts and fragments whose name starts with `_`. */
function shippedWorkflowFiles(repoRoot = paths.REPO_ROOT) {
	const dir = path.join(repoRoot, 'workflows');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json') && !name.startsWith('_'))
		.sort()
		.map((name) => path.join(dir, name));
}

/** Reads workflow files and checks that each has a unique, fixed id. Returns `{ file, id, name, workflow }`. */
function readWorkflows(files) {
	const seen = new Map();
	return files.map((file) => {
		let workflow;
		try {
			workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch (error) {
			throw new Error(`${file}: invalid JSON (${error.message})`);
		}
		if (typeof workflow.id !== 'string' || !WORKFLOW_ID_PATTERN.test(workflow.id)) {
			throw new Error(
				`${file}: "id" is missing or invalid (${JSON.stringify(workflow.id)}); give the workflow a fixed id of ` +
					'1 to 21 letters and digits, so that importing it again replaces it instead of adding a copy',
			);
		}
		if (seen.has(workflow.id)) {
			throw new Error(`${file}: id ${workflow.id} is already used by ${seen.get(workflow.id)}; workflow ids must be unique`);
		}
		seen.set(workflow.id, file);
		return { file, id: workflow.id, name: workflow.name, workflow };
	});
}

/**
 * Runs an n8n CLI command under Node.js 24 and resolves with its exit code and output (never rejects
 * on a non-zero exit). `timeoutMs` kills a command that hangs.
 *
 * NOTE: CLI commands use n8n's `legacy` expression engine unless `env` sets N8N_EXPRESSION_ENGINE.
 * With the default `vm` engine (isolated-vm), n8n 2.41.1 on Node.js 24.21 crashed with SIGSEGV or
 * SIGILL while exiting in about 1 of 7 `n8n execute` runs, after printing complete results. The core
 * dump showed an isolated-vm thread still allocating during exit. `n8n start` keeps the default engine.
 */
function runN8n(args, { env, cwd = paths.REPO_ROOT, timeoutMs = 300_000 }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const commandEnv = { N8N_EXPRESSION_ENGINE: 'legacy', ...env };
		const child = spawn(paths.nodeBin(), [paths.n8nBin(), ...args], { cwd, env: commandEnv, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			stderr += `\n[harness] n8n ${args[0]} timed out after ${timeoutMs} ms and was killed\n`;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(new Error(`could not start n8n (${paths.n8nBin()}): ${error.message}; run \`node scripts/runtime.mjs\``));
		});
		child.on('close', (exitCode, signal) => {
			clearTimeout(timer);
			resolve({ exitCode, signal, stdout, stderr, durationMs: Date.now() - started });
		});
	});
}

function describeFailure(command, result) {
	const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
	return `n8n ${command} failed (exit ${result.exitCode ?? result.signal}):\n${output}`;
}

/**
 * Imports workflows (objects with an `id`) in one n8n process. Re-importing an id replaces that
 * workflow and leaves it inactive: n8n 2.41 deactivates every workflow it imports outside queue mode.
 */
async function importWorkflows(workflows, { env }) {
	if (workflows.length === 0) return { ids: [], durationMs: 0 };
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-import-'));
	try {
		const file = path.join(dir, 'workflows.json');
		fs.writeFileSync(file, JSON.stringify(workflows));
		const result = await runN8n(['import:workflow', `--input=${file}`], { env });
		// n8n skips a workflow that breaks a content-import policy and still exits with 0, so the count is checked.
		const imported = /Successfully imported (\d+) workflow/.exec(result.stdout);
		if (result.exitCode !== 0 || !imported || Number(imported[1]) !== workflows.length) {
			throw new Error(describeFailure('import:workflow', result));
		}
		return { ids: workflows.map((workflow) => workflow.id), durationMs: result.durationMs };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** Ids of the workflows stored in the user folder's n8n database. */
async function listWorkflowIds({ env }) {
	const result = await runN8n(['list:workflow', '--onlyId'], { env });
	if (result.exitCode !== 0) throw new Error(describeFailure('list:workflow', result));
	return new Set(
		result.stdout
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => WORKFLOW_ID_PATTERN.test(line)),
	);
}

/**
 * Extracts the run data that `n8n execute --rawOutput` prints. n8n writes it through its logger, so
 * stdout also contains log lines. The run is the last top-level JSON object (from a `{` line to a `}`
 * line) that has `data.resultData`. On a failed run n8n prints the same object after "Execution error:".
 */
function parseExecuteOutput(stdout) {
	const lines = stdout.split('\n');
	for (let start = lines.length - 1; start >= 0; start--) {
		if (lines[start] !== '{') continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (parsed && parsed.data && parsed.data.resultData) return parsed;
			} catch {
				// Not a complete object yet; a later `}` line may close it.
			}
		}
	}
	return undefined;
}

/** Resolves with a TCP port on 127.0.0.1 that was free a moment ago. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Resolves true when something accepts connections on 127.0.0.1:`port`. */
function isPortInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Polls `<baseUrl>/healthz` until it returns 200. Rejects when `child` exits first or after `timeoutMs`.
 */
async function waitForHealthz(baseUrl, { child, timeoutMs = 120_000, intervalMs = 500 }) {
	const started = Date.now();
	let exited;
	const onExit = (code, signal) => (exited = code ?? signal);
	child?.once('exit', onExit);
	try {
		while (Date.now() - started < timeoutMs) {
			if (exited !== undefined) throw new Error(`n8n exited (${exited}) before ${baseUrl}/healthz returned 200`);
			try {
				const response = await fetch(`${baseUrl}/healthz`);
				if (response.ok) return Date.now() - started;
			} catch {
				// Not listening yet.
			}
			await new Promise((resolve) => setTimeout(resolve, intervalMs));
		}
		throw new Error(`${baseUrl}/healthz did not return 200 within ${timeoutMs} ms`);
	} finally {
		child?.off('exit', onExit);
	}
}

module.exports = {
	WORKFLOW_ID_PATTERN,
	n8nEnv,
	installPackage,
	shippedWorkflowFiles,
	readWorkflows,
	runN8n,
	importWorkflows,
	listWorkflowIds,
	parseExecuteOutput,
	freePort,
	isPortInUse,
	waitForHealthz,
};
