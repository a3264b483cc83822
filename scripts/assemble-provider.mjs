#!/usr/bin/env node
// Assembles one provider's workflows from a provider config:
//   node scripts/assemble-provider.mjs <config.json> [--out dir]
// The config format is described in docs/ru/provider.md; the code is in scripts/provider/.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(tmpdir(), `assemble-provider-${process.pid}.cjs`);
buildSync({ entryPoints: [join(root, 'scripts/provider/cli.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
const { runAssembleCli } = createRequire(import.meta.url)(bundle);
rmSync(bundle, { force: true });

process.exit(runAssembleCli(process.argv.slice(2)));
