#!/usr/bin/env node
/**
 * `npm start`: runs a local n8n with this package and its workflows, for trying the nodes in the editor.
 *
 * 1. installs the pinned runtime (scripts/runtime.mjs) if missing;
 * 2. builds the package (`npm run build`);
 * 3. installs it into the n8n user folder `$N8N_USER_FOLDER` (default `.n8n-home/` in the repository)
 *    under its package name, so node types are `n8n-nodes-employment-lifecycle.<node>`;
 * 4. imports `workflows/*.json` that are not in n8n's database yet (with `--reimport`, all of them,
 *    replacing edits made in the editor);
 * 5. runs `n8n start` on 127.0.0.1:`$N8N_PORT` (default 5678) and prints the editor URL once the editor page loads.
 *
 * The nodes store their base in `<userFolder>/.n8n/employment-lifecycle/base.sqlite`:
 * `EMPLOYMENT_LIFECYCLE_BASE` is removed from n8n's environment.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureRuntime } from './runtime.mjs';

const require = createRequire(import.meta.url);
const paths = require('./lib/runtime-paths.cjs');
const userFolderLib = require('./lib/n8n-user-folder.cjs');

function log(message) {
	console.log(`[start] ${message}`);
}

function seconds(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

function build() {
	const result = spawnSync('npm', ['run', 'build'], { cwd: paths.REPO_ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('`npm run build` failed, see the messages above');
}

/** Imports the shipped workflows that the database does not have yet, or all of them when `reimport`. */
async function importShippedWorkflows(env, reimport) {
	const shipped = userFolderLib.readWorkflows(userFolderLib.shippedWorkflowFiles());
	if (shipped.length === 0) {
		log('no workflows/*.json to import');
		return shipped;
	}
	const existing = reimport ? new Set() : await userFolderLib.listWorkflowIds({ env });
	const missing = shipped.filter((entry) => !existing.has(entry.id));
	const alreadyImported = shipped.length - missing.length;
	if (alreadyImported > 0) {
		log(`${alreadyImported} workflow(s) already in n8n left as they are (run \`npm start -- --reimport\` to replace them)`);
	}
	if (missing.length > 0) {
		const { durationMs } = await userFolderLib.importWorkflows(
			missing.map((entry) => entry.workflow),
			{ env },
		);
		log(`imported ${missing.length} workflow(s) in ${seconds(durationMs)}: ${missing.map((entry) => path.basename(entry.file)).join(', ')}`);
	}
	return shipped;
}

/**
 * Waits until the editor page (the HTML with the app's `<div id="app">`) is served. n8n 2.41 returns 200
 * on /healthz as soon as its HTTP server listens. Until the editor's routes are registered a few seconds
 * later, `/` returns "n8n is starting up" and then 404.
 */
async function waitForEditor(baseUrl, child, timeoutMs) {
	const started = Date.now();
	let last = 'no response';
	while (Date.now() - started < timeoutMs) {
		if (child.exitCode !== null) throw new Error(`n8n exited (${child.exitCode}) before the editor page was served`);
		try {
			const response = await fetch(`${baseUrl}/`);
			const html = await response.text();
			if (response.ok && html.includes('id="app"')) return Date.now() - started;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = error.message;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`${baseUrl}/ did not serve the editor page within ${seconds(timeoutMs)} (last response: ${last})`);
}

function printFirstSteps({ baseUrl, userFolder, workflows }) {
	const lines = [
		'',
		'================================================================',
		` n8n с узлами ТЖЦТ запущен: ${baseUrl}/`,
		'================================================================',
		' Первые шаги:',
		` 1. Откройте ${baseUrl}/ в браузере на этом компьютере.`,
		' 2. При первом входе n8n попросит создать учетную запись владельца',
		'    (адрес эл. почты, имя и пароль). Она хранится только в папке n8n ниже.',
		` 3. Рабочие процессы ТЖЦТ уже импортированы (${workflows.length}): раздел Overview.`,
		'    Импортированные процессы выключены: чтобы заработали формы и расписания,',
		'    откройте процесс и нажмите Publish.',
		` Папка n8n: ${userFolder}`,
		` База ТЖЦТ: ${path.join(userFolder, '.n8n', 'employment-lifecycle', 'base.sqlite')}`,
		' Остановить: Ctrl+C.',
		'================================================================',
		'',
	];
	console.log(lines.join('\n'));
}

async function main() {
	const reimport = process.argv.includes('--reimport');
	const port = Number(process.env.N8N_PORT || 5678);
	if (!Number.isInteger(port) || port < 1 || port > 65534) {
		throw new Error(`N8N_PORT=${process.env.N8N_PORT} is invalid: give a TCP port from 1 to 65534 (the next port is used too)`);
	}
	const userFolder = path.resolve(process.env.N8N_USER_FOLDER || path.join(paths.REPO_ROOT, '.n8n-home'));
	const baseUrl = `http://127.0.0.1:${port}`;

	// n8n listens on `port` and its task broker (Code node) on `port + 1`.
	for (const busy of [port, port + 1]) {
		if (await userFolderLib.isPortInUse(busy)) {
			throw new Error(`port ${busy} on 127.0.0.1 is already in use, perhaps by another n8n. Stop it or set N8N_PORT to a free port`);
		}
	}

	await ensureRuntime();
	build();

	const installed = userFolderLib.installPackage({ userFolder });
	log(`installed ${installed.name}@${installed.version} into ${installed.packageDir}`);

	const env = userFolderLib.n8nEnv({ userFolder, port });
	const workflows = await importShippedWorkflows(env, reimport);

	log(`starting n8n ${paths.N8N_VERSION} on ${baseUrl}`);
	const started = Date.now();
	const child = spawn(paths.nodeBin(), [paths.n8nBin(), 'start'], { cwd: userFolder, env, stdio: 'inherit' });
	let failed = false;
	// Ctrl+C reaches n8n directly from the terminal. n8n stops at once, without a clean shutdown, on a
	// second SIGINT, so SIGINT is not forwarded. Other termination signals are.
	process.on('SIGINT', () => {});
	for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
	child.on('exit', (code, signal) => {
		log(`n8n stopped (${signal ?? `exit ${code}`})`);
		process.exit(failed ? 1 : (code ?? 1));
	});

	try {
		const healthMs = await userFolderLib.waitForHealthz(baseUrl, { child, timeoutMs: 180_000 });
		log(`/healthz returned 200 ${seconds(healthMs)} after n8n start`);
		await waitForEditor(baseUrl, child, 120_000);
		log(`editor page served ${seconds(Date.now() - started)} after n8n start`);
		printFirstSteps({ baseUrl, userFolder, workflows });
	} catch (error) {
		console.error(`[start] ${error.message}`);
		failed = true;
		child.kill('SIGTERM');
	}
}

main().catch((error) => {
	console.error(`[start] ${error.message}`);
	process.exit(1);
});
