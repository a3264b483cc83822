/**
 * The emulated Airtable the benchmark writes to. One emulator enforces Airtable's rate limit (5 requests per
 * second per base, a 30-second lock-out after a 429) on the system clock. Each compared path gets its own
 * base, created with the package's schema through the Meta API and seeded with the same candidates.
 */
import { candidates as candidatesTable } from '../../schemas';
import { AirtableBase } from '../../storage/airtable/airtableBase';
import { fetchTransport } from '../../storage/airtable/fetchTransport';
import { AUDIT_FIELDS } from '../../storage/airtable/mapping';
import type { Runtime } from '../../storage/airtable/runtime';
import { createMissing } from '../../storage/airtable/setup';
import { DEFAULT_TOKEN, startAirtableEmulator, type AirtableEmulator, type RequestKind } from '../../test/emulators/airtable';
import { stableId } from '../../core/ids';

/** One request as the emulator received it, before the rate limit was applied; `at` is milliseconds since the epoch. */
export interface LoggedRequest {
	at: number;
	baseId?: string;
	method: string;
	kind: RequestKind;
}

export interface BenchAirtable {
	emulator: AirtableEmulator;
	requests: LoggedRequest[];
	runtime: Runtime;
	/** Requests and 429 responses of the setup (schema creation), before the counters were reset. */
	setup: { requests: number; rateLimited: number; seconds: number };
	/** Opens our backend on a base, as a node execution does: a fresh AirtableBase over global fetch. */
	open(baseId: string): AirtableBase;
	/** Airtable record ids of the seeded candidates of a base, by our key. */
	candidateRecordIds(baseId: string): Map<string, string>;
	tableId(baseId: string, tableName: string): string;
	stop(): Promise<void>;
}

/** Real time: the backend's pacing and the emulator's rate limit both run on the system clock. */
const realTime: Runtime = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Returns candidate keys in the form intake creates: `cand_` and 20 hex digits. */
export function candidateKeys(count: number): string[] {
	return Array.from({ length: count }, (_unused, index) => stableId('cand', `bench-${index}`));
}

/** Returns the cells of a seeded candidate: the required fields, consent and the audit fields our backend writes. */
function candidateCells(key: string, index: number): Record<string, unknown> {
	const columns = candidatesTable.columns;
	return {
		[columns.id.label]: key,
		[columns.lastName.label]: `Фамилия${index}`,
		[columns.firstName.label]: `Имя${index}`,
		[columns.birthDate.label]: `2005-0${1 + (index % 9)}-1${index % 10}`,
		[columns.consent.label]: 'Да',
		[columns.routeState.label]: 'Пользователь',
		[AUDIT_FIELDS.createdAt]: '2026-12-01T09:00:00.000Z',
		[AUDIT_FIELDS.createdBy]: 'bench',
		[AUDIT_FIELDS.updatedAt]: '2026-12-01T09:00:00.000Z',
		[AUDIT_FIELDS.updatedBy]: 'bench',
		[AUDIT_FIELDS.version]: 1,
	};
}

/**
 * Starts the emulator and creates every base's schema with createMissing («Создать недостающее»), through
 * the Meta API under the rate limit. The bases are set up concurrently because the limit is per base. The
 * candidates go directly into the emulator's state, and the request log and counters are emptied afterwards.
 */
export async function startBenchAirtable(baseIds: readonly string[], candidateCount: number): Promise<BenchAirtable> {
	const started = Date.now();
	const requests: LoggedRequest[] = [];
	const emulator = await startAirtableEmulator({
		bases: baseIds.map((id) => ({ id, name: `ТЖЦТ ${id}` })),
		onRequest: (request) => {
			requests.push({ at: Date.now(), baseId: request.baseId, method: request.method, kind: request.kind });
			return undefined;
		},
	});
	const open = (baseId: string) => AirtableBase.open({ transport: fetchTransport({ token: DEFAULT_TOKEN }), baseId, endpointUrl: emulator.url, runtime: realTime });

	await Promise.all(
		baseIds.map(async (baseId) => {
			const base = open(baseId);
			const findings = await createMissing(base.client);
			const unfixed = findings.filter((finding) => finding.kind !== 'createdTable' && finding.kind !== 'createdField');
			if (unfixed.length > 0) {
				throw new Error(`The emulated base ${baseId} differs from the schema after setup: ${unfixed.map((finding) => finding.message).join(' ')}`);
			}
			await base.close();
		}),
	);

	const keys = candidateKeys(candidateCount);
	for (const baseId of baseIds) {
		emulator.state.insertRecords(
			baseId,
			candidatesTable.label,
			keys.map((key, index) => candidateCells(key, index)),
		);
	}

	// Let the one-second windows of the setup requests pass, so the first measured request starts clean.
	await realTime.sleep(1_100);
	const setup = { requests: emulator.stats.requests, rateLimited: emulator.stats.rateLimited, seconds: (Date.now() - started) / 1000 };
	requests.length = 0;
	emulator.stats.reset();

	return {
		emulator,
		requests,
		runtime: realTime,
		setup,
		open,
		candidateRecordIds: (baseId) => {
			const ids = new Map<string, string>();
			for (const record of emulator.state.records(baseId, candidatesTable.label)) {
				const fields = record.fields as Record<string, unknown>;
				ids.set(String(fields[candidatesTable.columns.id.label]), String(record.id));
			}
			return ids;
		},
		tableId: (baseId, tableName) => emulator.state.requireTable(baseId, tableName).id,
		stop: () => emulator.stop(),
	};
}
