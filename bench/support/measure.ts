/** Figures of one measured step, read from the emulator's counters and request log. */
import type { BenchAirtable } from './airtableFixture';

const WRITE_KINDS = new Set(['createRecords', 'updateRecords', 'deleteRecords']);

export interface Phase {
	label: string;
	/** Records the step was asked to write. */
	records: number;
	/** Records the emulator created or updated. */
	written: number;
	requests: number;
	writeRequests: number;
	readRequests: number;
	rateLimited: number;
	seconds: number;
	/**
	 * Records per second between the first and the last write request that reached the base. This is the
	 * pace once writing has started, without the lookups before it. Undefined for a step that failed.
	 */
	steadyRate?: number;
	/** Error message of a step that stopped early. */
	error?: string;
	/** Requests by the emulator's request kind (`listRecords`, `createRecords`, ...). */
	byKind: Record<string, number>;
}

/**
 * Runs `work` after resetting the emulator's counters and returns what the emulator received meanwhile.
 * Steps run one after another, so the counters belong to this step alone.
 */
export async function measure(air: BenchAirtable, label: string, baseId: string, records: number, work: () => Promise<string | undefined>): Promise<Phase> {
	air.emulator.stats.reset();
	air.requests.length = 0;
	const started = process.hrtime.bigint();
	const error = await work();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;

	const stats = air.emulator.stats;
	const writes = air.requests.filter((request) => request.baseId === baseId && WRITE_KINDS.has(request.kind));
	const writeRequests = Object.entries(stats.byKind)
		.filter(([kind]) => WRITE_KINDS.has(kind))
		.reduce((sum, [, count]) => sum + count, 0);
	let steadyRate: number | undefined;
	if (error === undefined && writes.length > 1 && stats.recordsWritten > 0) {
		// Records of the last write request land at its end; the first request's records count as the start.
		const perRequest = stats.recordsWritten / writes.length;
		steadyRate = (perRequest * (writes.length - 1)) / ((writes[writes.length - 1].at - writes[0].at) / 1000);
	}
	return {
		label,
		records,
		written: stats.recordsWritten,
		requests: stats.requests,
		writeRequests,
		readRequests: stats.requests - writeRequests,
		rateLimited: stats.rateLimited,
		seconds,
		steadyRate,
		error,
		byKind: { ...stats.byKind },
	};
}

/** Adds the figures of consecutive steps of one path. */
export function combine(label: string, phases: readonly Phase[]): Phase {
	const sum = (pick: (phase: Phase) => number) => phases.reduce((total, phase) => total + pick(phase), 0);
	const seconds = sum((phase) => phase.seconds);
	const steady = phases.filter((phase) => phase.steadyRate !== undefined);
	return {
		label,
		records: sum((phase) => phase.records),
		written: sum((phase) => phase.written),
		requests: sum((phase) => phase.requests),
		writeRequests: sum((phase) => phase.writeRequests),
		readRequests: sum((phase) => phase.readRequests),
		rateLimited: sum((phase) => phase.rateLimited),
		seconds,
		// The slower step dominates: weight each step's pace by the records it wrote.
		steadyRate: steady.length === phases.length ? sum((phase) => phase.written) / steady.reduce((total, phase) => total + phase.written / (phase.steadyRate as number), 0) : undefined,
		error: phases.map((phase) => phase.error).find((error) => error !== undefined),
		byKind: phases.reduce<Record<string, number>>((total, phase) => {
			for (const [kind, count] of Object.entries(phase.byKind)) {
				total[kind] = (total[kind] ?? 0) + count;
			}
			return total;
		}, {}),
	};
}
