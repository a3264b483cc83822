/**
 * The benchmark's workload: one «Связь с кандидатом» event per candidate, then an update of each
 * candidate's «Текущая услуга». Our path receives event drafts and row patches. The built-in node
 * receives the same Airtable cells as input items.
 */
import { eventRow, type EventDraft } from '../../core/events';
import { candidates as candidatesTable, events as eventsTable, tableByKey, type Column, type Table } from '../../schemas';
import { encodeCell } from '../../storage/airtable/codec';
import type { WriteOperation } from '../../storage/types';

const TODAY = '2026-12-04';
export const SERVICE = 'Содействие в поиске подходящей работы' as const;

/** Builds one contact event per candidate key, each with its own title so that every event gets its own id. */
export function eventDrafts(candidateKeys: readonly string[]): EventDraft[] {
	return candidateKeys.map((candidate, index) => ({
		type: 'Связь с кандидатом' as const,
		date: TODAY,
		service: SERVICE,
		candidate,
		title: `Звонок ${index}`,
		channel: 'Звонок' as const,
		initiator: 'Специалист' as const,
		recommendations: 'Подготовить резюме к следующей встрече',
	}));
}

/** Builds the candidate updates of our path: «Текущая услуга» of each candidate, by our key. */
export function candidateUpdates(candidateKeys: readonly string[]): WriteOperation[] {
	return candidateKeys.map((id) => ({ kind: 'update', table: 'candidates', id, patch: { currentService: SERVICE } }));
}

/**
 * Builds the input items of the built-in node's create: the cells our backend sends for the same events,
 * without the audit fields. The candidate link is the Airtable record id in that base.
 */
export function eventItems(drafts: readonly EventDraft[], candidateRecordIds: ReadonlyMap<string, string>): Array<Record<string, unknown>> {
	const table = tableByKey(eventsTable.key) as Table;
	return drafts.map((draft) => {
		const row = eventRow(draft) as unknown as Record<string, unknown>;
		const item: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(row)) {
			const column: Column | undefined = table.columns[key];
			if (!column || value === undefined || value === null) {
				continue;
			}
			const linked = column.kind === 'link' ? candidateRecordIds.get(String(value)) : undefined;
			if (column.kind === 'link' && !linked) {
				throw new Error(`No seeded candidate for the event's link ${key}`);
			}
			item[column.label] = encodeCell(table, column, value, linked);
		}
		return item;
	});
}

/** Builds the input items of the built-in node's update, matched on the Airtable record id («id»). */
export function candidateUpdateItems(candidateKeys: readonly string[], candidateRecordIds: ReadonlyMap<string, string>): Array<Record<string, unknown>> {
	return candidateKeys.map((key) => ({ id: candidateRecordIds.get(key), [candidatesTable.columns.currentService.label]: SERVICE }));
}
