#!/usr/bin/env node
/**
 * Builds the package: bundles every `nodes/**\/*.node.ts` and `credentials/*.credentials.ts` with esbuild
 * into `dist/` under the same relative path, copies the nodes' static files (icons, codex JSON) beside
 * them, and checks that package.json's `n8n.nodes` and `n8n.credentials` list exactly the built files.
 *
 * Everything but `n8n-workflow` and Node.js built-ins is bundled, because n8n's community-node rules
 * forbid runtime `dependencies`. Each entry is bundled on its own, so modules shared by several nodes
 * are copied into each file and their module-level state is not shared between nodes.
 *
 * Usage: node scripts/build.mjs [--root DIR]   (DIR defaults to the repository root)
 */
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const STATIC_EXTENSIONS = new Set(['.svg', '.png', '.json']);
const SOURCE_DIRS = ['nodes', 'credentials'];

function listFiles(root, dir) {
	const absolute = path.join(root, dir);
	if (!fs.existsSync(absolute)) return [];
	return fs
		.readdirSync(absolute, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
		.sort();
}

/** Source files to bundle, relative to `root`. Credentials live directly in credentials/. */
export function findEntryPoints(root) {
	const nodes = listFiles(root, 'nodes').filter((file) => file.endsWith('.node.ts'));
	const credentials = listFiles(root, 'credentials').filter((file) => /^credentials\/[^/]+\.credentials\.ts$/.test(file));
	return { nodes, credentials };
}

function toDistPath(source) {
	return `dist/${source.replace(/\.ts$/, '.js')}`;
}

/** Compares built files with package.json's `n8n` section and returns one message per mismatch. */
function checkManifest(manifest, built) {
	const problems = [];
	const section = manifest.n8n ?? {};
	for (const [key, files] of Object.entries(built)) {
		const listed = section[key];
		if (!Array.isArray(listed)) {
			problems.push(`package.json: "n8n.${key}" is missing or not an array; list the built files there, e.g. ${JSON.stringify(files)}`);
			continue;
		}
		for (const file of files.filter((file) => !listed.includes(file))) {
			problems.push(`package.json: ${file} was built but is not listed in "n8n.${key}"; add it`);
		}
		for (const file of listed.filter((file) => !files.includes(file))) {
			problems.push(`package.json: "n8n.${key}" lists ${file}, but no source builds it; remove it or add ${file.replace(/^dist\//, '').replace(/\.js$/, '.ts')}`);
		}
	}
	return problems;
}

/** Builds `root` into `root/dist` and returns the built node and credential paths. Throws on any problem. */
export async function build(root) {
	const started = Date.now();
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const { nodes, credentials } = findEntryPoints(root);
	const distDir = path.join(root, 'dist');
	fs.rmSync(distDir, { recursive: true, force: true });

	const entryPoints = [...nodes, ...credentials];
	if (entryPoints.length > 0) {
		const result = await esbuild.build({
			absWorkingDir: root,
			entryPoints,
			outdir: 'dist',
			outbase: '.',
			bundle: true,
			format: 'cjs',
			platform: 'node',
			target: 'node20',
			external: ['n8n-workflow', ...builtinModules, 'node:*'],
			logLevel: 'silent',
		});
		for (const warning of result.warnings) console.warn(`[build] warning: ${warning.text}`);
	}

	let assets = 0;
	for (const dir of SOURCE_DIRS) {
		for (const file of listFiles(root, dir).filter((file) => STATIC_EXTENSIONS.has(path.extname(file)))) {
			fs.mkdirSync(path.dirname(path.join(distDir, file)), { recursive: true });
			fs.copyFileSync(path.join(root, file), path.join(distDir, file));
			assets++;
		}
	}

	const built = { nodes: nodes.map(toDistPath), credentials: credentials.map(toDistPath) };
	const problems = checkManifest(manifest, built);
	if (problems.length > 0) throw new Error(problems.join('\n'));

	const elapsed = ((Date.now() - started) / 1000).toFixed(1);
	console.log(`[build] ${nodes.length} node(s), ${credentials.length} credential(s), ${assets} static file(s) -> dist/ in ${elapsed} s`);
	return built;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
	const rootFlag = process.argv.indexOf('--root');
	const root = rootFlag > 0 ? path.resolve(process.argv[rootFlag + 1]) : path.resolve(fileURLToPath(import.meta.url), '..', '..');
	try {
		await build(root);
	} catch (error) {
		// An esbuild failure's message already lists each error with its file and line.
		console.error(`[build] failed:\n${error.message}`);
		process.exit(1);
	}
}
