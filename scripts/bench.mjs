// Runs the benchmarks under the pinned Node.js 24 (the local base needs node:sqlite) and prints their
// figures. Usage: npm run bench [-- <name>], where <name> is a file of bench/ without `.bench.ts` or
// `.nbench.ts`. `*.bench.ts` are plain scripts; `*.nbench.ts` drive a real n8n through the end-to-end
// harness, so Jest runs them after a build.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildSync } from 'esbuild';

import { ensureRuntime, nodeBin } from './runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
// The Airtable comparison runs in real time against the rate limit (about 16 minutes), so only a run that
// names it includes it.
const NAMED_ONLY = new Set(['airtable']);
const files = readdirSync(join(root, 'bench')).filter((file) => {
	const name = file.replace(/\.n?bench\.ts$/, '');
	return wanted.length === 0 ? !NAMED_ONLY.has(name) : wanted.includes(name);
});
const benches = files.filter((file) => file.endsWith('.bench.ts'));
const n8nBenches = files.filter((file) => file.endsWith('.nbench.ts'));

await ensureRuntime();
let failed = 0;
for (const file of benches) {
	const bundle = join(tmpdir(), `bench-${process.pid}-${file}.cjs`);
	buildSync({ entryPoints: [join(root, 'bench', file)], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: bundle, external: ['n8n-workflow', 'n8n-core', 'n8n-nodes-base', 'nock'], logLevel: 'error' });
	console.log(`\n== ${file} (Node.js ${process.versions.node} builds, runs on the pinned Node.js 24)`);
	const result = spawnSync(nodeBin(), ['--no-warnings', bundle], { stdio: 'inherit', cwd: root });
	rmSync(bundle, { force: true });
	if (result.status !== 0) {
		failed += 1;
	}
}
if (n8nBenches.length > 0) {
	const build = spawnSync('node', [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
	if (build.status !== 0) {
		process.exit(1);
	}
	for (const file of n8nBenches) {
		console.log(`\n== ${file} (real n8n through the end-to-end harness)`);
		const jest = join(root, 'node_modules/jest/bin/jest.js');
		const args = ['--no-warnings', jest, '-c', 'jest.e2e.config.js', '--roots', '<rootDir>/bench', '--testMatch', '**/*.nbench.ts', '--verbose=false', join('bench', file)];
		const result = spawnSync(nodeBin(), args, { stdio: 'inherit', cwd: root });
		if (result.status !== 0) {
			failed += 1;
		}
	}
}
process.exit(failed > 0 ? 1 : 0);
