/**
 * Sources (the organisations graduates come from) and their contacts (КИ): record checks, stable ids that
 * agree with the ids intake gives them, and the events of work with КИ.
 */
import { sourceContacts as contactsTable, sources as sourcesTable, type Source, type SourceContact } from '../schemas';
import type { IsoDate } from './calendar';
import type { EventDraft } from './events';
import { stableId } from './ids';
import { cleanText } from './normalize';

export type SourceFields = Omit<Source, 'id'>;
export type SourceContactFields = Omit<SourceContact, 'id'>;

/** Id of a source by its name; intake derives the same id from the name in the questionnaire. */
export function sourceIdFor(name: string): string {
	return stableId('src', cleanText(name).toLowerCase());
}

/** Id of a КИ by name and source; intake derives the same id from the questionnaire. */
export function sourceContactIdFor(name: string, sourceId: string | null | undefined): string {
	return stableId('ki', cleanText(name).toLowerCase(), sourceId ?? '');
}

export function checkSource(source: Partial<SourceFields>): string[] {
	return source.name ? [] : [`Не заполнено поле «${sourcesTable.columns.name.label}»: укажите название организации-источника.`];
}

export function checkSourceContact(contact: Partial<SourceContactFields>): string[] {
	const problems: string[] = [];
	if (!contact.name) {
		problems.push(`Не заполнено поле «${contactsTable.columns.name.label}»: укажите ФИО контакта источника.`);
	}
	if (contact.subscribed === true && !contact.email) {
		problems.push(`КИ получает рассылку вакансий, но поле «${contactsTable.columns.email.label}» пусто: укажите адрес или снимите отметку «${contactsTable.columns.subscribed.label}».`);
	}
	return problems;
}

export interface SourceContactNote {
	contactId: string;
	date: IsoDate;
	channel?: EventDraft['channel'];
	initiator?: EventDraft['initiator'];
	title?: string | null;
	description?: string | null;
	/** Feedback about a user discussed in the contact; the user is linked when given. */
	candidateId?: string | null;
	feedback?: string | null;
	specialistName?: string | null;
	idempotencyKey?: string;
}

/** «Связь с контактом источника»: a call, an e-mail or a meeting, seminars and supervisions included. */
export function sourceContactEvent(note: SourceContactNote): EventDraft {
	return {
		type: 'Связь с контактом источника',
		date: note.date,
		sourceContact: note.contactId,
		candidate: note.candidateId ?? null,
		channel: note.channel ?? null,
		initiator: note.initiator ?? 'Специалист',
		title: note.title ?? null,
		description: note.description ?? null,
		feedback: note.feedback ?? null,
		specialistName: note.specialistName ?? null,
		idempotencyKey: note.idempotencyKey,
	};
}

/** «Иное» about a КИ, for example news of the КИ from a third party. */
export function sourceContactNewsEvent(note: SourceContactNote): EventDraft {
	return {
		type: 'Иное',
		date: note.date,
		sourceContact: note.contactId,
		initiator: note.initiator ?? 'Третье лицо',
		channel: note.channel ?? null,
		title: note.title ?? 'Новости о КИ',
		description: note.description ?? null,
		specialistName: note.specialistName ?? null,
		idempotencyKey: note.idempotencyKey,
	};
}
