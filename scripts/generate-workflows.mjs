// Regenerates workflows/*.json from the schema and the workflow sources in scripts/workflows/.
// `--check` fails when a committed file differs from what the sources produce.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(tmpdir(), `workflows-${process.pid}.cjs`);
buildSync({ entryPoints: [join(root, 'scripts/workflows/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
const { shippedWorkflows } = createRequire(import.meta.url)(bundle);
rmSync(bundle, { force: true });

const check = process.argv.includes('--check');
const folder = join(root, 'workflows');
mkdirSync(folder, { recursive: true });
let stale = 0;

for (const [file, workflow] of Object.entries(shippedWorkflows())) {
	const path = join(folder, file);
	const text = `${JSON.stringify(workflow, null, '\t')}\n`;
	if (check) {
		let current = '';
		try {
			current = readFileSync(path, 'utf8');
		} catch {
			// A missing file counts as stale.
		}
		if (current !== text) {
			console.error(`workflows/${file} is stale: run npm run workflows`);
			stale += 1;
		}
	} else {
		writeFileSync(path, text);
		console.log(`wrote workflows/${file}`);
	}
}
process.exit(stale > 0 ? 1 : 0);
