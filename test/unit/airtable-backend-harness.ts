/** Starts the Airtable emulator with the full schema and opens AirtableBase instances on it, on a virtual clock. */
import { ManualClock, startAirtableEmulator, type AirtableEmulator, type AirtableEmulatorOptions } from '../emulators/airtable';
import { DEFAULT_TOKEN } from '../emulators/airtable/server';
import { AirtableBase } from '../../storage/airtable/airtableBase';
import { fetchTransport } from '../../storage/airtable/fetchTransport';
import type { AirtableLimits, Runtime } from '../../storage/airtable/runtime';
import { createMissing } from '../../storage/airtable/setup';

export const TEST_BASE_ID = 'appLifecycleTest01';

export interface Harness {
	emulator: AirtableEmulator;
	clock: ManualClock;
	runtime: Runtime;
	/** Log lines the backend wrote, to check they hold no personal data. */
	logs: Array<{ message: string; meta?: Record<string, unknown> }>;
	open(options?: { token?: string; limits?: Partial<AirtableLimits>; baseId?: string }): AirtableBase;
	stop(): Promise<void>;
}

/**
 * Starts an emulator holding one empty base and, unless `schema` is false, creates the whole schema in it
 * through the Meta API, as «Создать недостающее» does. Time is virtual: every sleep of the backend moves
 * the emulator's clock, so the 30-second rate-limit penalty passes at once.
 */
export async function startHarness(options: { emulator?: AirtableEmulatorOptions; schema?: boolean } = {}): Promise<Harness> {
	const clock = new ManualClock();
	const emulator = await startAirtableEmulator({ clock, ...options.emulator, bases: [{ id: TEST_BASE_ID, name: 'ТЖЦТ тест' }, ...(options.emulator?.bases ?? [])] });
	const logs: Harness['logs'] = [];
	const runtime: Runtime = {
		now: () => clock.now(),
		sleep: async (ms) => {
			clock.advance(ms);
		},
		logger: { warn: (message, meta) => logs.push({ message, meta }) },
	};
	const open: Harness['open'] = (openOptions = {}) =>
		AirtableBase.open({
			transport: fetchTransport({ token: openOptions.token ?? DEFAULT_TOKEN }),
			baseId: openOptions.baseId ?? TEST_BASE_ID,
			endpointUrl: emulator.url,
			runtime,
			limits: openOptions.limits,
		});
	if (options.schema !== false) {
		const base = open();
		await createMissing(base.client);
		await base.close();
		emulator.stats.reset();
	}
	return { emulator, clock, runtime, logs, open, stop: () => emulator.stop() };
}
