#!/usr/bin/env node
/**
 * Installs the pinned runtime that real n8n runs on: Node.js 24 and n8n, in the cache directory from
 * scripts/lib/runtime-paths.cjs. Runs on the system Node.js (20 or later) and needs only the npm registry.
 *
 *   node scripts/runtime.mjs                 install what is missing, print the paths
 *   node scripts/runtime.mjs --update-lock   re-resolve n8n's dependency tree into the committed lockfile
 *
 * Each part is installed into a temporary sibling directory and renamed into place when complete, and a
 * marker file records what was installed, so an interrupted run leaves nothing half-installed behind and a
 * second run does nothing.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const paths = require('./lib/runtime-paths.cjs');

const MARKER = '.runtime-complete.json';
const N8N_LOCKFILE = fileURLToPath(new URL('./lib/n8n-runtime.package-lock.json', import.meta.url));
const HEARTBEAT_MS = 30_000;

export const nodeBin = paths.nodeBin;
export const n8nBin = paths.n8nBin;
export const { NODE_VERSION, N8N_VERSION } = paths;

function log(message) {
	console.log(`[runtime] ${message}`);
}

function seconds(startMs) {
	return `${((Date.now() - startMs) / 1000).toFixed(1)} s`;
}

/**
 * Runs a command and rejects on a non-zero exit. Its output goes to a log file under the cache directory,
 * because npm and the C compiler print hundreds of expected warnings. On failure the end of that log is
 * printed. A heartbeat line shows that a long step is still running.
 */
function run(command, args, { cwd, env = process.env, label }) {
	const logDir = path.join(paths.cacheDir(), 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const logFile = path.join(logDir, `${label.replace(/[^a-z0-9]+/gi, '-')}.log`);
	const output = fs.openSync(logFile, 'w');
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', output, output] });
		const heartbeat = setInterval(() => log(`${label}: still running (${seconds(started)})`), HEARTBEAT_MS);
		const finish = (error) => {
			clearInterval(heartbeat);
			fs.closeSync(output);
			if (!error) return resolve();
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n');
			reject(new Error(`${error}\n--- last lines of ${logFile} ---\n${tail}`));
		};
		child.on('error', (error) => finish(`${label}: could not start ${command}: ${error.message}`));
		child.on('close', (code, signal) => {
			if (code === 0) finish();
			else finish(`${label}: \`${command} ${args.join(' ')}\` failed (exit ${code ?? signal}) in ${cwd}`);
		});
	});
}

function fileHash(file) {
	return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return undefined;
	}
}

function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Removes temporary directories left by interrupted installs of `finalDir` whose process is gone. */
function removeAbandonedTemps(finalDir) {
	const parent = path.dirname(finalDir);
	const prefix = `${path.basename(finalDir)}.tmp-`;
	if (!fs.existsSync(parent)) return;
	for (const entry of fs.readdirSync(parent)) {
		if (!entry.startsWith(prefix)) continue;
		const pid = Number(entry.slice(prefix.length).split('-')[0]);
		if (Number.isInteger(pid) && isProcessAlive(pid)) continue;
		log(`removing ${entry} left by an interrupted install`);
		try {
			// The interrupted npm may still be writing for a moment after its parent died.
			fs.rmSync(path.join(parent, entry), { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
		} catch (error) {
			// Each install uses a fresh temporary name, so a leftover only costs disk space.
			log(`could not remove ${entry} (${error.message}); delete it by hand`);
		}
	}
}

/**
 * Makes `finalDir` hold a complete install described by `expected`: skips when its marker matches,
 * otherwise fills a temporary directory with `fill(tempDir)` and renames it into place.
 */
async function installOnce(finalDir, expected, label, fill) {
	const current = readMarker(finalDir);
	if (current && JSON.stringify(current) === JSON.stringify(expected)) return false;

	fs.mkdirSync(path.dirname(finalDir), { recursive: true });
	removeAbandonedTemps(finalDir);
	const tempDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
	fs.mkdirSync(tempDir);
	const started = Date.now();
	try {
		await fill(tempDir);
		fs.writeFileSync(path.join(tempDir, MARKER), JSON.stringify(expected, null, '\t') + '\n');
		if (fs.existsSync(finalDir)) {
			log(`${label}: replacing the incomplete or outdated install in ${finalDir}`);
			const stale = `${finalDir}.tmp-${process.pid}-stale`;
			fs.renameSync(finalDir, stale);
			fs.rmSync(stale, { recursive: true, force: true });
		}
		fs.renameSync(tempDir, finalDir);
	} catch (error) {
		fs.rmSync(tempDir, { recursive: true, force: true });
		// Another process may have finished the same install first, and its result is as good as ours.
		const winner = readMarker(finalDir);
		if (winner && JSON.stringify(winner) === JSON.stringify(expected)) return false;
		throw error;
	}
	log(`${label}: installed in ${seconds(started)}`);
	return true;
}

async function ensureNode() {
	const packageName = paths.nodePackageName();
	const expected = { package: packageName, version: paths.NODE_VERSION };
	return installOnce(paths.nodePrefix(), expected, `Node.js ${paths.NODE_VERSION}`, async (prefix) => {
		log(`installing Node.js ${paths.NODE_VERSION} from the npm package ${packageName} (190 MB unpacked)`);
		const manifest = { name: 'lifecycle-node-runtime', private: true, dependencies: { [packageName]: paths.NODE_VERSION } };
		fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify(manifest, null, '\t') + '\n');
		await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: prefix, label: 'npm install node' });

		const home = path.join(prefix, 'node_modules', packageName);
		// node-gyp 8 (what sqlite3 5.1.7 builds with) looks for common.gypi at the root of `nodedir`.
		fs.copyFileSync(path.join(home, 'include', 'node', 'common.gypi'), path.join(home, 'common.gypi'));
		await run(path.join(home, 'bin', 'node'), ['--version'], { cwd: prefix, label: 'node --version' });
	});
}

async function ensureN8n() {
	const expected = { n8n: paths.N8N_VERSION, node: paths.NODE_VERSION, lockfile: fileHash(N8N_LOCKFILE) };
	return installOnce(paths.n8nPrefix(), expected, `n8n ${paths.N8N_VERSION}`, async (prefix) => {
		log(`installing n8n ${paths.N8N_VERSION} with npm ci --ignore-scripts (2.8 GB; 2 to 5 min on 2 cores, depending on the npm cache)`);
		fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify(n8nManifest(), null, '\t') + '\n');
		fs.copyFileSync(N8N_LOCKFILE, path.join(prefix, 'package-lock.json'));
		await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: prefix, label: 'npm ci n8n' });

		// With scripts ignored, sqlite3 (n8n's own database driver) has no binary. Build it from source
		// against Node.js 24's headers. Building from source also keeps prebuild-install from trying to
		// download a prebuilt binary from GitHub.
		log('building sqlite3 for Node.js 24 from source (1.5 to 3 min on 2 cores)');
		const env = { ...process.env, npm_config_nodedir: paths.nodeHome(), npm_config_build_from_source: 'true' };
		await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
			cwd: prefix,
			env,
			label: 'npm rebuild sqlite3',
		});
		const probe = `require(${JSON.stringify(path.join(prefix, 'node_modules', 'sqlite3'))})`;
		await run(paths.nodeBin(), ['-e', probe], { cwd: prefix, label: 'sqlite3 load check' });
	});
}

function n8nManifest() {
	return { name: 'lifecycle-n8n-runtime', private: true, dependencies: { n8n: paths.N8N_VERSION } };
}

/** Installs whatever part of the runtime is missing and returns the binaries to run. */
export async function ensureRuntime() {
	const started = Date.now();
	log(`cache directory: ${paths.cacheDir()}`);
	const installedNode = await ensureNode();
	const installedN8n = await ensureN8n();
	const state = installedNode || installedN8n ? 'ready' : 'already installed';
	log(`Node.js ${paths.NODE_VERSION} and n8n ${paths.N8N_VERSION} ${state} (${seconds(started)})`);
	return { nodeBin: paths.nodeBin(), n8nBin: paths.n8nBin() };
}

/** Re-resolves n8n's dependency tree from the registry and writes it to the committed lockfile. */
async function updateLockfile() {
	const dir = fs.mkdtempSync(path.join(paths.cacheDir(), 'lock-'));
	try {
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(n8nManifest(), null, '\t') + '\n');
		await run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: dir,
			label: 'npm install --package-lock-only',
		});
		fs.copyFileSync(path.join(dir, 'package-lock.json'), N8N_LOCKFILE);
		log(`wrote ${path.relative(process.cwd(), N8N_LOCKFILE)}`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
	try {
		if (process.argv.includes('--update-lock')) {
			fs.mkdirSync(paths.cacheDir(), { recursive: true });
			await updateLockfile();
		} else {
			const { nodeBin: node, n8nBin: n8n } = await ensureRuntime();
			log(`node: ${node}`);
			log(`n8n:  ${n8n}`);
		}
	} catch (error) {
		console.error(`[runtime] ${error.message}`);
		process.exit(1);
	}
}
