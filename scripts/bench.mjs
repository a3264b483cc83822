// Runs the benchmarks under the pinned Node.js 24 (the local base needs node:sqlite) and prints their
// figures. Usage: npm run bench [-- <name>], where <name> is a file of bench/ without `.bench.ts`.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildSync } from 'esbuild';

import { ensureRuntime, nodeBin } from './runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
	.filter((file) => file.endsWith('.bench.ts'))
	.filter((file) => wanted.length === 0 || wanted.includes(file.replace(/\.bench\.ts$/, '')));

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
process.exit(failed > 0 ? 1 : 0);
