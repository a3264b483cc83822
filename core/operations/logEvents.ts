import { events as eventsTable, type TableKey } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import { checkEventDraft, eventRow, type EventDraft } from '../events';
import { failure, type ItemResult } from './result';

export interface LoggedEvent {
	eventId: string;
	/** False when the same event was already stored (a retry or a duplicate submission). */
	created: boolean;
}

const LINKED_TABLES: Array<{ field: keyof EventDraft; table: TableKey }> = [
	{ field: 'candidate', table: 'candidates' },
	{ field: 'episode', table: 'episodes' },
	{ field: 'vacancy', table: 'vacancies' },
	{ field: 'employer', table: 'employers' },
	{ field: 'mentor', table: 'mentors' },
	{ field: 'sourceContact', table: 'sourceContacts' },
	{ field: 'volunteer', table: 'volunteers' },
	{ field: 'specialist', table: 'specialists' },
];

/**
 * Finds links to records that do not exist, one lookup per linked table for the whole batch. Returns the
 * problems by the draft's position, with no entry for a draft whose links all exist.
 */
async function missingLinks(base: Base, drafts: readonly EventDraft[]): Promise<Map<number, string[]>> {
	const problems = new Map<number, string[]>();

	for (const { field, table } of LINKED_TABLES) {
		const ids = new Set<string>();
		for (const draft of drafts) {
			const id = draft[field];
			if (typeof id === 'string' && id !== '') {
				ids.add(id);
			}
		}
		if (ids.size === 0) {
			continue;
		}
		const rows = await base.list(table, { where: { id: [...ids] }, fields: ['id'] });
		const found = new Set(rows.map((row) => row.id));
		const label = eventsTable.columns[field as keyof typeof eventsTable.columns].label;
		drafts.forEach((draft, index) => {
			const id = draft[field];
			if (typeof id === 'string' && id !== '' && !found.has(id)) {
				const problem = `Поле «${label}»: запись с таким ключом не найдена в базе. Проверьте ключ или сначала создайте запись.`;
				problems.set(index, [...(problems.get(index) ?? []), problem]);
			}
		});
	}
	return problems;
}

/**
 * Records events of the catalogue. Each draft is checked on its own; valid ones are written in one batch
 * and a repeated draft returns the stored event instead of a second copy.
 */
export async function logEvents(base: Base, drafts: readonly EventDraft[], context: WriteContext): Promise<Array<ItemResult<LoggedEvent>>> {
	const results: Array<ItemResult<LoggedEvent> | undefined> = drafts.map(() => undefined);
	const linkProblems = await missingLinks(base, drafts);

	const operations: WriteOperation[] = [];
	const operationIndex: number[] = [];
	drafts.forEach((draft, index) => {
		const problems = [...checkEventDraft(draft), ...(linkProblems.get(index) ?? [])];
		if (problems.length > 0) {
			results[index] = failure(problems.join(' '), problems);
			return;
		}
		operations.push({ kind: 'insert', table: 'events', row: eventRow(draft), onConflict: 'skip' });
		operationIndex.push(index);
	});

	const written = await base.write(operations, context);
	written.forEach((result, position) => {
		const index = operationIndex[position];
		results[index] =
			result.status === 'failed'
				? failure(result.error?.message ?? 'Не удалось записать событие.')
				: { ok: true, value: { eventId: result.id, created: result.status === 'created' } };
	});

	return results as Array<ItemResult<LoggedEvent>>;
}
