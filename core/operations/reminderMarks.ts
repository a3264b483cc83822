/**
 * The sent marks of reminder letters, taken right before a letter goes out and released when the mail
 * server rejects it.
 *
 * The checkpoint trigger reserves each reminder by writing its mark (`claimDueCheckpoints`). A workflow
 * that re-runs with the trigger's old output (a retried execution, a partial manual run) would send those
 * letters again, because the items do not show that a letter already went out. So the workflow
 * takes the mark over right before the e-mail node. The take-over succeeds only while the stored mark is
 * still the trigger's reservation (or empty, when the trigger only previewed), and it writes a new value.
 * A second pass with the same items finds that new value and sends nothing.
 *
 * Marks are compared to the second, because Airtable keeps date-time cells to the second.
 */

import { claimPatch, REMINDER_STATE_LABELS, type ReminderState } from '../checkpointRecords';
import type { CheckpointRecord } from '../../schemas';
import type { Base, StoredRow, WriteContext } from '../../storage/types';
import { failure, type ItemResult } from './result';

/** The checkpoint field that records the letter of each reminder state. */
export const MARK_FIELDS = {
	due: 'firedDueAt',
	overdue: 'firedOverdueAt',
	escalation: 'escalatedAt',
} as const satisfies Record<ReminderState, keyof CheckpointRecord>;

const STATE_BY_LABEL = new Map<string, ReminderState>(Object.entries(REMINDER_STATE_LABELS).map(([state, label]) => [label, state as ReminderState]));

/** Reads a reminder state from its Russian label («Наступила», «Просрочена», «Эскалация») or its code. */
export function reminderStateOf(value: string): ReminderState | undefined {
	const trimmed = value.trim();
	return STATE_BY_LABEL.get(trimmed) ?? (trimmed in MARK_FIELDS ? (trimmed as ReminderState) : undefined);
}

export interface ReminderMarkRequest {
	checkpointId: string;
	state: ReminderState;
	/** The mark this item carries: the trigger's reservation for a take-over, the take-over's value for a release. Empty when the trigger only previewed. */
	mark?: string;
}

export interface ReminderMarkOutcome {
	/** True when the letter may go out (take-over) or the mark was cleared (release). */
	done: boolean;
	/** The mark now stored for the state: the value to pass to a release. Empty when none is stored. */
	mark: string;
	/** Reason in Russian that nothing was written; empty when `done`. */
	reason: string;
}

function epochSecond(value: string | null | undefined): number | undefined {
	if (!value) {
		return undefined;
	}
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

function sameMark(stored: string | null | undefined, carried: string | undefined): boolean {
	const left = epochSecond(stored);
	return left !== undefined && left === epochSecond(carried);
}

/**
 * Returns the value a take-over writes: now, or one second after the reservation when both fall within the
 * same second, so that a second pass can tell the two apart.
 */
function takeOverMark(reservation: string | undefined, now: string): string {
	const reserved = epochSecond(reservation);
	const current = epochSecond(now) as number;
	if (reserved === undefined || current > reserved) {
		return new Date(current * 1000).toISOString();
	}
	return new Date((reserved + 1) * 1000).toISOString();
}

/**
 * Writes a mark with a version check and keeps the row read back in `rows`, so a later request for the same
 * row sees it. Returns false on a version conflict: another execution wrote the row in between.
 */
async function writeMark(base: Base, rows: Map<string, StoredRow<'checkpoints'>>, row: StoredRow<'checkpoints'>, patch: Partial<CheckpointRecord>, context: WriteContext): Promise<boolean> {
	const [result] = await base.write([{ kind: 'update', table: 'checkpoints', id: row.id, patch, expectVersion: row._meta.version }], context);
	if (result.status === 'failed' && result.error?.code === 'conflict') {
		return false;
	}
	if (result.status === 'failed') {
		throw new Error(result.error?.message ?? `Не удалось записать отметку контрольной точки «${row.id}».`);
	}
	const fresh = await base.get('checkpoints', row.id);
	if (fresh) {
		rows.set(row.id, fresh);
	}
	return true;
}

const BUSY = 'Письмо уже отправлено или отправляется другим выполнением процесса.';

/**
 * Takes over the sent mark of each reminder right before its letter goes out. An item passes when the
 * stored mark is the one it carries (the trigger's reservation), or when both are empty. The mark then
 * gets a new value, so the same items passed again are held back. A completed or cancelled checkpoint is
 * held back too.
 */
export async function takeOverReminderMarks(base: Base, requests: readonly ReminderMarkRequest[], context: WriteContext): Promise<Array<ItemResult<ReminderMarkOutcome>>> {
	const rows = await base.getMany('checkpoints', [...new Set(requests.map((request) => request.checkpointId))]);
	const results: Array<ItemResult<ReminderMarkOutcome>> = [];
	for (const request of requests) {
		const row = rows.get(request.checkpointId);
		if (!row) {
			results.push(failure(`Контрольная точка «${request.checkpointId}» не найдена в таблице «Контрольные точки». Проверьте поле «Ключ контрольной точки».`));
			continue;
		}
		const field = MARK_FIELDS[request.state];
		const stored = row[field] ?? '';
		if (row.status === 'Выполнена' || row.status === 'Отменена') {
			results.push({ ok: true, value: { done: false, mark: stored, reason: `Точка уже в статусе «${row.status}».` } });
			continue;
		}
		const carried = request.mark?.trim() || undefined;
		const owned = carried ? sameMark(stored, carried) : stored === '';
		if (!owned) {
			results.push({ ok: true, value: { done: false, mark: stored, reason: BUSY } });
			continue;
		}
		const mark = takeOverMark(carried, context.at ?? new Date().toISOString());
		try {
			const written = await writeMark(base, rows, row, claimPatch(request.state, mark), context);
			results.push({ ok: true, value: written ? { done: true, mark, reason: '' } : { done: false, mark: stored, reason: BUSY } });
		} catch (error) {
			results.push(failure((error as Error).message));
		}
	}
	return results;
}

/**
 * Clears the sent mark of each reminder whose letter the mail server did not accept, so the next check of
 * the trigger reserves and sends it again. Only the mark the item carries is cleared: a later letter's mark
 * is left alone.
 */
export async function releaseReminderMarks(base: Base, requests: readonly ReminderMarkRequest[], context: WriteContext): Promise<Array<ItemResult<ReminderMarkOutcome>>> {
	const rows = await base.getMany('checkpoints', [...new Set(requests.map((request) => request.checkpointId))]);
	const results: Array<ItemResult<ReminderMarkOutcome>> = [];
	for (const request of requests) {
		const row = rows.get(request.checkpointId);
		if (!row) {
			results.push(failure(`Контрольная точка «${request.checkpointId}» не найдена в таблице «Контрольные точки». Проверьте поле «Ключ контрольной точки».`));
			continue;
		}
		const field = MARK_FIELDS[request.state];
		const stored = row[field] ?? '';
		if (!sameMark(stored, request.mark)) {
			results.push({ ok: true, value: { done: false, mark: stored, reason: 'Отметка уже снята или принадлежит другому письму.' } });
			continue;
		}
		try {
			const written = await writeMark(base, rows, row, { [field]: null }, context);
			results.push({ ok: true, value: written ? { done: true, mark: '', reason: '' } : { done: false, mark: stored, reason: 'Запись точки изменилась во время снятия отметки: проверьте поле отметки вручную.' } });
		} catch (error) {
			results.push(failure((error as Error).message));
		}
	}
	return results;
}
