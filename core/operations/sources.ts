/**
 * Sources and source contacts (КИ) on a base: records, contact events, feedback to a КИ on the users the
 * КИ brought, and the vacancy mailing.
 */
import { sourceContacts as contactsTable, type Candidate, type Episode, type LifecycleEvent, type Source, type SourceContact, type Vacancy } from '../../schemas';
import type { Base, WriteContext } from '../../storage/types';
import type { IsoDate } from '../calendar';
import { buildSourceFeedback, type SourceFeedback } from '../sourceFeedback';
import { checkSource, checkSourceContact, sourceContactEvent, sourceContactIdFor, sourceContactNewsEvent, sourceIdFor, type SourceContactFields, type SourceContactNote, type SourceFields } from '../sources';
import { planVacancyMailing, type MailingOptions, type MailingPlan } from '../vacancyMailing';
import { eachInTransaction, missingLinks, recordPartnerEvents, upsertRecord, withoutMerged, type RecordedEvent, type RecordInput, type SavedRecord } from './partnerWrites';
import { failure, withoutMeta, type ItemResult } from './result';

/** Creates or updates sources; the id comes from the name, as intake derives it. */
export async function saveSources(base: Base, inputs: ReadonlyArray<RecordInput<SourceFields>>, context: WriteContext): Promise<Array<ItemResult<SavedRecord>>> {
	return eachInTransaction(base, inputs, async (tx, input) => {
		if (input.id && !(await tx.get('sources', input.id))) {
			return failure('Источник с таким ключом не найден в базе. Проверьте поле «Ключ источника».');
		}
		const id = input.id ?? sourceIdFor(input.fields.name ?? '');
		const saved = await upsertRecord(tx, 'sources', id, input.fields, context, checkSource);
		return saved.ok ? { ok: true, value: withoutMerged(saved.value) } : saved;
	});
}

/** Creates or updates КИ; the id comes from the name and the source, as intake derives it. */
export async function saveSourceContacts(base: Base, inputs: ReadonlyArray<RecordInput<SourceContactFields>>, context: WriteContext): Promise<Array<ItemResult<SavedRecord>>> {
	return eachInTransaction(base, inputs, async (tx, input) => {
		if (input.id && !(await tx.get('sourceContacts', input.id))) {
			return failure('КИ с таким ключом не найден в базе. Проверьте поле «Ключ КИ».');
		}
		const id = input.id ?? sourceContactIdFor(input.fields.name ?? '', input.fields.source);
		const saved = await upsertRecord(tx, 'sourceContacts', id, input.fields, context, async (merged) => [
			...checkSourceContact(merged),
			...(await missingLinks(tx, [{ table: 'sources', id: merged.source, label: contactsTable.columns.source.label }])),
		]);
		return saved.ok ? { ok: true, value: withoutMerged(saved.value) } : saved;
	});
}

export type SourceContactRecord = SourceContactNote & {
	/** `contact` is «Связь с контактом источника»; `news` is «Иное», for example news of the КИ from a third party. */
	kind: 'contact' | 'news';
};

export async function recordSourceContacts(base: Base, notes: readonly SourceContactRecord[], context: WriteContext): Promise<Array<ItemResult<RecordedEvent>>> {
	return recordPartnerEvents(
		base,
		notes.map((note) => (note.kind === 'news' ? sourceContactNewsEvent(note) : sourceContactEvent(note))),
		context,
	);
}

/** Builds, for each КИ, the Russian summary of their users' progress; reads only, writes nothing. */
export async function buildSourceFeedbacks(base: Base, requests: ReadonlyArray<{ contactId: string; asOf: IsoDate }>): Promise<Array<ItemResult<SourceFeedback & { feedbackSubscribed: boolean; email: string | null }>>> {
	const results: Array<ItemResult<SourceFeedback & { feedbackSubscribed: boolean; email: string | null }>> = [];
	for (const request of requests) {
		const contact = await base.get('sourceContacts', request.contactId);
		if (!contact) {
			results.push(failure('КИ с таким ключом не найден в базе. Проверьте поле «Ключ КИ».'));
			continue;
		}
		const candidates = (await base.list('candidates', { where: { sourceContact: request.contactId } })).map((row) => withoutMeta(row) as Candidate);
		const ids = candidates.map((candidate) => candidate.id);
		const episodes = ids.length === 0 ? [] : ((await base.list('episodes', { where: { candidate: ids } })) as Episode[]);
		const events = ids.length === 0 ? [] : ((await base.list('events', { where: { candidate: ids }, fields: ['type', 'date', 'candidate', 'confidential'] })) as LifecycleEvent[]);
		const feedback = buildSourceFeedback(contact, candidates, episodes, events, request.asOf);
		results.push({ ok: true, value: { ...feedback, feedbackSubscribed: contact.feedbackSubscribed === true, email: contact.email ?? null } });
	}
	return results;
}

/** Plans the vacancy mailing from the base: subscribed КИ, their sources, open vacancies and employers. */
export async function prepareVacancyMailing(base: Base, options: MailingOptions): Promise<MailingPlan> {
	const contacts = (await base.list('sourceContacts', { where: { subscribed: true } })).map((row) => withoutMeta(row) as SourceContact);
	const sourceIds = [...new Set(contacts.map((contact) => contact.source).filter((id): id is string => !!id))];
	const sources = [...(await base.getMany('sources', sourceIds)).values()].map((row) => withoutMeta(row) as Source);
	const vacancies = (await base.list('vacancies', { where: { status: 'Открыта' } })).map((row) => withoutMeta(row) as Vacancy);
	const employerIds = [...new Set(vacancies.map((vacancy) => vacancy.employer).filter((id): id is string => !!id))];
	const employers = [...(await base.getMany('employers', employerIds)).values()].map((row) => withoutMeta(row));
	return planVacancyMailing(contacts, sources, vacancies, employers, options);
}

/** Records the mailing sent to each КИ as «Связь с контактом источника» by e-mail, once per КИ and date. */
export async function recordVacancyMailing(base: Base, sent: ReadonlyArray<{ contactId: string; date: IsoDate; subject: string; vacancyCount?: number }>, context: WriteContext): Promise<Array<ItemResult<RecordedEvent>>> {
	return recordSourceContacts(
		base,
		sent.map((item) => ({
			kind: 'contact',
			contactId: item.contactId,
			date: item.date,
			channel: 'Электронное письмо',
			title: item.subject,
			description: item.vacancyCount === undefined ? 'Рассылка вакансий' : `Рассылка вакансий: ${item.vacancyCount} шт.`,
			idempotencyKey: `vacancy-mailing:${item.contactId}:${item.date}`,
		})),
		context,
	);
}
