/**
 * Memory of an incremental checkpoint sync between polls: for each candidate, a fingerprint of the rows
 * the sync reads for that candidate, taken when a recompute of those rows planned no write.
 *
 * The sync's plan is a pure function of the candidate's episode rows, the sync's event rows, the stored
 * «Контрольные точки» rows, the settings and the date. So a candidate whose rows still hash to the
 * remembered fingerprint needs no recompute, on any base and in any process, until the date changes
 * something. The date matters in two ways only: the status of an open row follows its window (checked on
 * the stored rows at every poll) and a checkpoint without a row gets one when it enters the horizon
 * (`wake`). Rows are hashed by their values, not by `_meta`, because an edit by hand in Airtable and a
 * deleted row change no audit field.
 */

import { compareDates, type IsoDate } from '../calendar';

/** The remembered state of one candidate. */
export interface CandidateMemo {
	/** Fingerprint of the candidate's rows when their recompute planned no write. */
	fingerprint: string;
	/** First date on which a checkpoint without a row enters the horizon; null when none will. */
	wake: IsoDate | null;
}

/**
 * Fingerprints remembered between syncs. Keep one object per trigger node for the life of the process and
 * pass it as `SyncOptions.state`. A new object, as after a restart, makes the next sync recompute every
 * candidate once.
 */
export class CheckpointSyncState {
	/** Fingerprint of the settings the memos were taken under; a change clears every memo. */
	settings: string | undefined;
	/** Date of the last sync; an earlier date (a recheck of a past day) clears every memo. */
	today: IsoDate | undefined;
	readonly memos = new Map<string, CandidateMemo>();

	/** Clears every memo when the settings changed or the date went back. */
	prepare(settings: string, today: IsoDate): void {
		if (this.settings !== settings || (this.today !== undefined && compareDates(today, this.today) < 0)) {
			this.memos.clear();
		}
		this.settings = settings;
		this.today = today;
	}

	/** Tells whether a candidate must be recomputed on `today`, given the current fingerprint of its rows. */
	isStale(candidateId: string, fingerprint: string, today: IsoDate): boolean {
		const memo = this.memos.get(candidateId);
		if (!memo || memo.fingerprint !== fingerprint) {
			return true;
		}
		return memo.wake !== null && compareDates(today, memo.wake) >= 0;
	}
}

/** Orders strings by UTF-16 code units, the same on every machine (unlike `localeCompare`). */
export function compareText(left: string, right: string): number {
	if (left === right) {
		return 0;
	}
	return left < right ? -1 : 1;
}

/** JSON with sorted object keys and without empty values, so equal values give equal text on every backend. */
export function canonicalJson(value: unknown): string {
	if (value === null || value === undefined) {
		return 'null';
	}
	if (Array.isArray(value)) {
		return `[${value.map(canonicalJson).join(',')}]`;
	}
	if (typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([key, item]) => key !== '_meta' && item !== null && item !== undefined)
			.sort(([left], [right]) => compareText(left, right));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

/**
 * Columns of a «Контрольные точки» row that decide whether a recompute writes to it: the schedule fields,
 * the status and completion, and the specialist. The sent marks and «Срок перенесен» are left out, because
 * a recompute compares them only on a row whose window moved, and a moved window is in the fingerprint
 * already. So a claim, which sets only sent marks and the status the date gives, costs no recompute.
 */
export const CHECKPOINT_FINGERPRINT_COLUMNS = [
	'id',
	'candidate',
	'episode',
	'kind',
	'label',
	'service',
	'earliest',
	'latest',
	'anchorMilestone',
	'anchorDate',
	'eventType',
	'status',
	'specialist',
	'completedAt',
	'completedBy',
] as const;

/** Text of the given columns of a row. Null and an absent column read the same, an empty string does not. */
function rowText(table: string, row: Record<string, unknown>, columns: readonly string[]): string {
	let text = table;
	for (const column of columns) {
		const value = row[column];
		if (value === null || value === undefined) {
			text += '\u0001\u0002';
		} else {
			text += `\u0001${typeof value === 'object' ? canonicalJson(value) : String(value)}`;
		}
	}
	return text;
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
function mix32(hash: number): number {
	let mixed = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
	mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
	return (mixed ^ (mixed >>> 16)) >>> 0;
}

/**
 * Order-independent fingerprints of row sets, one per candidate. Each row's text is hashed twice (FNV-1a
 * and a second multiplicative lane, each finished with `mix32`), and the two 32-bit hashes are added into
 * the candidate's sums, so rows may arrive in any order. Not a cryptographic hash: it guards against
 * accidental equality of different rows, not against crafted ones.
 */
export class RowFingerprints {
	private readonly sums = new Map<string, { low: number; high: number; rows: number }>();

	add(candidateId: string, table: string, row: object, columns: readonly string[]): void {
		const text = rowText(table, row as Record<string, unknown>, columns);
		let low = 0x811c9dc5;
		let high = 0x9747b28c;
		for (let index = 0; index < text.length; index += 1) {
			const code = text.charCodeAt(index);
			low = Math.imul(low ^ code, 0x01000193);
			high = Math.imul(high ^ code, 0x5bd1e995);
		}
		low = mix32(low);
		high = mix32(high ^ text.length);
		const sum = this.sums.get(candidateId);
		if (sum) {
			sum.low = (sum.low + low) >>> 0;
			sum.high = (sum.high + high) >>> 0;
			sum.rows += 1;
		} else {
			this.sums.set(candidateId, { low, high, rows: 1 });
		}
	}

	get(candidateId: string): string {
		const sum = this.sums.get(candidateId);
		return sum ? `${sum.rows}:${sum.high.toString(16)}:${sum.low.toString(16)}` : '0';
	}
}
