/**
 * Write helpers shared by the partner operations: link checks, partner events, and the per-item
 * transaction that turns a thrown error into a failed item.
 */
import { events as eventsTable, tableByKey, type LifecycleEvent, type TableKey } from '../../schemas';
import type { Base, Row, WriteContext, WriteOperation } from '../../storage/types';
import { eventRow, type EventDraft } from '../events';
import { checkPartnerEvent } from '../partnerEvents';
import { changedFields } from '../rowInput';
import { failure, withoutMeta, type ItemResult } from './result';

/** A link to check: the table it points to and the Russian name of the field for the message. */
export interface LinkCheck {
	table: TableKey;
	id: string | null | undefined;
	label: string;
}

/** Returns a Russian problem for every given link whose record is not in the base. */
export async function missingLinks(base: Base, links: readonly LinkCheck[]): Promise<string[]> {
	const problems: string[] = [];
	for (const link of links) {
		if (typeof link.id === 'string' && link.id !== '' && !(await base.get(link.table, link.id))) {
			problems.push(`Поле «${link.label}»: запись с таким ключом не найдена в базе. Проверьте ключ или сначала создайте запись.`);
		}
	}
	return problems;
}

const EVENT_LINKS: Array<{ field: keyof EventDraft & keyof typeof eventsTable.columns; table: TableKey }> = [
	{ field: 'candidate', table: 'candidates' },
	{ field: 'vacancy', table: 'vacancies' },
	{ field: 'employer', table: 'employers' },
	{ field: 'mentor', table: 'mentors' },
	{ field: 'sourceContact', table: 'sourceContacts' },
	{ field: 'volunteer', table: 'volunteers' },
	{ field: 'specialist', table: 'specialists' },
];

/**
 * Checks a partner event, including that its links exist, and returns the insert to write. Records that
 * the same batch creates are passed in `creating`, because they are not in the base yet.
 */
export async function partnerEventWrite(base: Base, draft: EventDraft, creating: ReadonlySet<string> = new Set()): Promise<{ ok: true; row: LifecycleEvent; operation: WriteOperation } | { ok: false; problems: string[] }> {
	const problems = checkPartnerEvent(draft);
	const links = EVENT_LINKS.filter(({ field }) => !creating.has(String(draft[field] ?? ''))).map(({ field, table }) => ({
		table,
		id: draft[field] as string | null | undefined,
		label: eventsTable.columns[field].label,
	}));
	problems.push(...(await missingLinks(base, links)));
	if (problems.length > 0) {
		return { ok: false, problems };
	}
	const row = eventRow(draft);
	return { ok: true, row, operation: { kind: 'insert', table: 'events', row, onConflict: 'skip' } };
}

export interface RecordedEvent {
	eventId: string;
	/** False when the same event was already stored (a retry). */
	created: boolean;
}

/** Records partner events one by one, so a bad one is reported alone and the others land. */
export async function recordPartnerEvents(base: Base, drafts: readonly EventDraft[], context: WriteContext): Promise<Array<ItemResult<RecordedEvent>>> {
	return eachInTransaction(base, drafts, async (tx, draft) => {
		const write = await partnerEventWrite(tx, draft);
		if (!write.ok) {
			return failure(write.problems.join(' '), write.problems);
		}
		const [result] = await tx.write([write.operation], context, { atomic: true });
		return { ok: true, value: { eventId: write.row.id, created: result.status === 'created' } };
	});
}

/** Carries a failed item out of its transaction, so that the transaction rolls back what the item wrote. */
class ItemFailure extends Error {
	constructor(readonly result: Extract<ItemResult<never>, { ok: false }>) {
		super(result.message);
	}
}

/**
 * Runs `work` for each input in its own transaction. A failed item rolls back everything it wrote, and a
 * thrown error (for example a storage error) becomes that item's failure; the others still land. The
 * message of a StorageError never contains stored values.
 */
export async function eachInTransaction<I, T>(base: Base, inputs: readonly I[], work: (tx: Base, input: I, index: number) => Promise<ItemResult<T>>): Promise<Array<ItemResult<T>>> {
	const results: Array<ItemResult<T>> = [];
	for (let index = 0; index < inputs.length; index++) {
		try {
			results.push(
				await base.transaction(async (tx) => {
					const result = await work(tx, inputs[index], index);
					if (!result.ok) {
						throw new ItemFailure(result);
					}
					return result;
				}),
			);
		} catch (error) {
			results.push(error instanceof ItemFailure ? error.result : failure((error as Error).message));
		}
	}
	return results;
}

export interface RecordInput<F> {
	fields: Partial<F>;
	/** Key of the record to edit; without it the id is derived from the fields. */
	id?: string;
	idempotencyKey?: string;
}

export interface SavedRecord {
	id: string;
	status: 'created' | 'updated' | 'unchanged';
	/** Russian labels of the changed columns; every given column on creation. */
	changedFields: string[];
}

/**
 * Creates the record `id` of `table` or updates its changed columns, after `check` accepts the stored
 * record with the fields applied. The update expects the version it read, so a concurrent edit is
 * reported instead of lost. Returns the merged record with the outcome.
 */
export async function upsertRecord<K extends TableKey>(
	tx: Base,
	table: K,
	id: string,
	fields: Partial<Row<K>>,
	context: WriteContext,
	check: (merged: Partial<Row<K>>) => Promise<string[]> | string[],
): Promise<ItemResult<SavedRecord & { merged: Partial<Row<K>> }>> {
	const stored = await tx.get(table, id);
	const current = stored ? (withoutMeta(stored) as unknown as Partial<Row<K>>) : undefined;
	const merged = { ...current, ...fields } as Partial<Row<K>>;
	const problems = await check(merged);
	if (problems.length > 0) {
		return failure(problems.join(' '), problems);
	}

	const keys = current ? changedFields<Record<string, unknown>>(current as Record<string, unknown>, fields as Record<string, unknown>) : Object.keys(fields);
	let status: SavedRecord['status'] = 'unchanged';
	if (!stored) {
		await tx.write([{ kind: 'insert', table, row: { ...merged, id } as Row<K>, onConflict: 'skip' } as WriteOperation], context, { atomic: true });
		status = 'created';
	} else if (keys.length > 0) {
		const patch = Object.fromEntries(keys.map((key) => [key, (fields as Record<string, unknown>)[key]]));
		await tx.write([{ kind: 'update', table, id, patch, expectVersion: stored._meta.version } as WriteOperation], context, { atomic: true });
		status = 'updated';
	}
	const declared = tableByKey(table);
	const labels = keys.map((key) => declared?.columns[key]?.label ?? key);
	return { ok: true, value: { id, status, changedFields: labels, merged } };
}

/** Returns the outcome of `upsertRecord` without the merged record, as operations report it. */
export function withoutMerged<T extends SavedRecord>(saved: T & { merged: unknown }): SavedRecord {
	return { id: saved.id, status: saved.status, changedFields: saved.changedFields };
}
