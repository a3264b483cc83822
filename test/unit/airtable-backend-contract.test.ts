import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LocalBase } from '../../storage/local/localBase';
import { describeBaseContract } from './base-contract';
import { type Harness, startHarness } from './airtable-backend-harness';

describeBaseContract('LocalBase', async () => {
	const folder = mkdtempSync(join(tmpdir(), 'contract-local-'));
	const base = LocalBase.open(join(folder, 'base.sqlite'));
	return {
		base,
		close: async () => {
			await base.close();
			rmSync(folder, { recursive: true, force: true });
		},
	};
});

describeBaseContract('AirtableBase', async () => {
	const harness: Harness = await startHarness();
	const base = harness.open();
	return {
		base,
		close: async () => {
			await base.close();
			expect(harness.emulator.stats.rateLimited).toBe(0);
			await harness.stop();
		},
	};
});
