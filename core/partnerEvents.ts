/**
 * Events about partners (employers, sources and their contacts, vacancies, volunteers): the catalogue's
 * rules plus the contact channels the methodology names for each kind of contact.
 */
import { CHANNELS, events as eventsTable } from '../schemas';
import { checkEventDraft, type EventDraft } from './events';

/** Channels of «Связь с работодателем»: a call, an e-mail or a meeting. */
export const EMPLOYER_CONTACT_CHANNELS = ['Звонок', 'Электронное письмо', 'Встреча'] as const;

/** Channels of «Связь с контактом источника»: a call, an e-mail or a meeting, seminars and supervisions included. */
export const SOURCE_CONTACT_CHANNELS = ['Звонок', 'Электронное письмо', 'Встреча', 'Семинар или супервизия'] as const;

const CHANNELS_BY_TYPE: Record<string, readonly string[]> = {
	'Связь с работодателем': EMPLOYER_CONTACT_CHANNELS,
	'Связь с контактом источника': SOURCE_CONTACT_CHANNELS,
};

const PARTNER_LINKS = ['employer', 'sourceContact', 'vacancy', 'volunteer', 'mentor'] as const;

function channelLabel(): string {
	return eventsTable.columns.channel.label;
}

/**
 * Checks a partner event and returns Russian problems, empty when it is valid. «Иное» about a partner
 * (for example news of a КИ from a third party) is an organisation-level event, so it needs a partner
 * link instead of a candidate. The two contact types need a channel the methodology names for them.
 */
export function checkPartnerEvent(draft: EventDraft): string[] {
	const partnerLinked = PARTNER_LINKS.some((link) => typeof draft[link] === 'string' && draft[link] !== '');
	const organisationLevel = draft.type === 'Иное' && !draft.candidate;
	if (organisationLevel && !partnerLinked) {
		return ['Событие «Иное» без кандидата должно быть связано с работодателем, КИ, вакансией, волонтером или наставником: укажите ключ записи.'];
	}

	const problems = checkEventDraft(organisationLevel ? { ...draft, service: null } : draft);

	const allowed = CHANNELS_BY_TYPE[draft.type];
	if (allowed !== undefined) {
		if (!draft.channel) {
			problems.push(`Событие «${draft.type}»: укажите поле «${channelLabel()}» (${allowed.join(', ')}).`);
		} else if (!allowed.includes(draft.channel)) {
			problems.push(`Событие «${draft.type}»: в поле «${channelLabel()}» допустимы только значения ${allowed.map((name) => `«${name}»`).join(', ')}.`);
		}
	} else if (draft.channel && !(CHANNELS as readonly string[]).includes(draft.channel)) {
		problems.push(`Поле «${channelLabel()}»: значение не из списка. Выберите одно из: ${CHANNELS.join(', ')}.`);
	}
	return problems;
}
