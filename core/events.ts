import { eventTypeDefinition, EVENT_TYPE_NAMES, events as eventsTable, serviceNumber, type EventLink, type LifecycleEvent } from '../schemas';
import { isIsoDate } from './calendar';
import { canonicalJson, stableId } from './ids';

/** What a specialist records; the id is derived, so recording the same event twice stores it once. */
export type EventDraft = Omit<LifecycleEvent, 'id'> & {
	/** Overrides the derived id, e.g. the id of a form response, when the content alone is not unique. */
	idempotencyKey?: string;
};

const LINK_LABELS: Record<EventLink, string> = {
	vacancy: eventsTable.columns.vacancy.label,
	employer: eventsTable.columns.employer.label,
	sourceContact: eventsTable.columns.sourceContact.label,
	volunteer: eventsTable.columns.volunteer.label,
	mentor: eventsTable.columns.mentor.label,
};

/** Links that make an event about a partner rather than a user. */
const PARTNER_LINKS = ['employer', 'sourceContact', 'vacancy', 'volunteer', 'mentor'] as const;

/** Detailed fields that a confidential record must leave empty. */
const DETAILED_FIELDS = ['description', 'resultForCandidate', 'specialistComment', 'feedback'] as const;

/**
 * Checks an event against the catalogue: the type exists, the links the methodology requires are present,
 * and a confidential record keeps only the fact of the appeal, the need for further support and general
 * recommendations for other specialists. Returns Russian problems; empty when the event is valid.
 */
export function checkEventDraft(draft: EventDraft): string[] {
	const problems: string[] = [];
	const definition = eventTypeDefinition(draft.type);

	if (!definition) {
		problems.push(`Поле «${eventsTable.columns.type.label}»: тип не из каталога. Выберите один из: ${EVENT_TYPE_NAMES.join('; ')}.`);
		return problems;
	}
	if (!isIsoDate(draft.date)) {
		problems.push(`Поле «${eventsTable.columns.date.label}»: укажите дату в формате ГГГГ-ММ-ДД.`);
	}

	for (const link of definition.requires) {
		if (!draft[link]) {
			problems.push(`Событие «${definition.name}» должно быть связано с записью «${LINK_LABELS[link]}»: укажите ее ключ.`);
		}
	}

	// Events of a service belong to a user's profile; organisation-level events (employers, sources,
	// vacancies) list no service in the catalogue. «Иное» is both: about a partner (news of a КИ from a
	// third party, a note on an employer) it carries a partner link instead of a candidate.
	const partnerLinked = PARTNER_LINKS.some((link) => typeof draft[link] === 'string' && draft[link] !== '');
	const partnerOther = definition.name === 'Иное' && partnerLinked;
	if (definition.services.length > 0 && !draft.candidate && !partnerOther) {
		problems.push(`Событие «${definition.name}» записывается в профиль кандидата: укажите поле «${eventsTable.columns.candidate.label}».`);
	}

	if (draft.confidential) {
		const filled = DETAILED_FIELDS.filter((field) => typeof draft[field] === 'string' && (draft[field] as string).trim() !== '');
		if (filled.length > 0) {
			const labels = filled.map((field) => `«${eventsTable.columns[field].label}»`).join(', ');
			problems.push(
				`Конфиденциальное событие хранит только факт обращения, потребность в дальнейшем сопровождении и общие рекомендации для специалистов. Очистите поля ${labels} или снимите отметку «${eventsTable.columns.confidential.label}».`,
			);
		}
	}

	if (draft.service && definition.services.length > 0) {
		const number = serviceNumber(draft.service);
		if (number === undefined || !(definition.services as readonly number[]).includes(number)) {
			problems.push(`Событие «${definition.name}» не относится к услуге «${draft.service}». Проверьте поле «${eventsTable.columns.service.label}».`);
		}
	}
	return problems;
}

/** Builds the event row to store: the derived id plus the draft without its idempotency key. */
export function eventRow(draft: EventDraft): LifecycleEvent {
	const { idempotencyKey, ...fields } = draft;
	const id = idempotencyKey ? stableId('evt', 'key', idempotencyKey) : stableId('evt', canonicalJson(fields));
	return { id, ...fields };
}
