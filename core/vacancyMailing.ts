/**
 * The periodic mailing of vacancies to source contacts (КИ): open vacancies of the published type and
 * urgent ones, one Russian message per subscribed КИ, limited to the city of the КИ's source.
 */
import type { Employer, Source, SourceContact, Vacancy } from '../schemas';
import { addDays, type IsoDate } from './calendar';
import { vacancyInCity } from './matchingCriteria';
import { russianDate } from './sourceFeedback';
import { vacancyTypeRule } from './vacancies';

export interface MailingOptions {
	asOf: IsoDate;
	/** A vacancy published within this many days is marked «новая». */
	newWithinDays?: number;
	/** Russian line telling where to send a graduate, e.g. the recruiter's phone. */
	recruiterContact?: string;
	/** Organisation name in the signature. */
	organisationName?: string;
}

export interface MailingMessage {
	contactId: string;
	contactName: string;
	email: string;
	subject: string;
	text: string;
	vacancyIds: string[];
	urgentCount: number;
}

export interface MailingSkip {
	contactId: string;
	contactName: string;
	reason: string;
}

export interface MailingPlan {
	messages: MailingMessage[];
	skipped: MailingSkip[];
}

const DEFAULT_NEW_WITHIN_DAYS = 7;

/**
 * Selects the vacancies a mailing may contain: open vacancies of a published type, and urgent vacancies
 * with dedicated functions. The latter are not published, so the mailing names only the job and states
 * that it is open to the programme's users. Temporary-employment sites are never mailed.
 */
export function mailableVacancies(vacancies: readonly Vacancy[]): Vacancy[] {
	return vacancies.filter((vacancy) => {
		const rule = vacancyTypeRule(vacancy.type);
		if ((vacancy.status ?? 'Открыта') !== 'Открыта' || !rule || rule.temporaryEmployment) {
			return false;
		}
		return rule.published || vacancy.urgent === true;
	});
}

function formatSalary(vacancy: Vacancy): string | null {
	const amount = (value: number) => value.toLocaleString('ru-RU').replace(/\s/g, ' ');
	if (vacancy.salaryMin && vacancy.salaryMax) {
		return `зарплата от ${amount(vacancy.salaryMin)} до ${amount(vacancy.salaryMax)} руб.`;
	}
	if (vacancy.salaryMin) {
		return `зарплата от ${amount(vacancy.salaryMin)} руб.`;
	}
	if (vacancy.salaryMax) {
		return `зарплата до ${amount(vacancy.salaryMax)} руб.`;
	}
	return null;
}

function describeVacancy(vacancy: Vacancy, employers: ReadonlyMap<string, Employer>, options: MailingOptions): string {
	const published = vacancyTypeRule(vacancy.type)?.published === true;
	const isNew = vacancy.publishedAt !== null && vacancy.publishedAt !== undefined && vacancy.publishedAt >= addDays(options.asOf, -(options.newWithinDays ?? DEFAULT_NEW_WITHIN_DAYS));
	const parts = [`${vacancy.title}${isNew ? ' (новая)' : ''}`];
	if (!published) {
		parts.push('работа с простыми операциями только для участников программы, подробности у рекрутера');
		return parts.join(' — ');
	}
	const employer = vacancy.employer ? employers.get(vacancy.employer)?.name : undefined;
	const place = vacancy.city ?? vacancy.region;
	const details = [employer, place, formatSalary(vacancy), vacancy.schedule?.toLowerCase(), vacancy.supported ? 'с сопровождением' : null].filter(Boolean);
	if (details.length > 0) {
		parts.push(details.join(', '));
	}
	const line = parts.join(' — ');
	return vacancy.externalUrl ? `${line}. Подробнее: ${vacancy.externalUrl}` : line;
}

function vacanciesFor(contact: SourceContact, vacancies: readonly Vacancy[], sources: ReadonlyMap<string, Source>): Vacancy[] {
	const city = contact.source ? sources.get(contact.source)?.city : undefined;
	if (!city) {
		return [...vacancies];
	}
	return vacancies.filter((vacancy) => vacancyInCity(vacancy, city) !== 'no');
}

function messageText(contact: SourceContact, urgent: Vacancy[], regular: Vacancy[], employers: ReadonlyMap<string, Employer>, options: MailingOptions): string {
	const lines = [`Здравствуйте, ${contact.name}!`, '', `Вакансии для выпускников на ${russianDate(options.asOf)}.`];
	if (urgent.length > 0) {
		lines.push('', 'Срочные вакансии:', ...urgent.map((vacancy, index) => `${index + 1}. ${describeVacancy(vacancy, employers, options)}`));
	}
	if (regular.length > 0) {
		lines.push('', 'Открытые вакансии:', ...regular.map((vacancy, index) => `${index + 1}. ${describeVacancy(vacancy, employers, options)}`));
	}
	lines.push(
		'',
		'Каждому выпускнику мы помогаем подготовиться к работе и сопровождаем его после трудоустройства.',
		'Если выпускнику сейчас трудно начать работу, ему доступны социально-психологические услуги: тьютор поможет разобраться с документами, бытовыми и личными вопросами.',
	);
	if (options.recruiterContact) {
		lines.push('', `Чтобы направить выпускника, передайте ему контакты рекрутера: ${options.recruiterContact}.`);
	}
	if (options.organisationName) {
		lines.push('', `С уважением, ${options.organisationName}`);
	}
	return lines.join('\n');
}

/**
 * Plans one message per subscribed КИ with an e-mail address. A КИ whose source has a city gets the
 * vacancies of that city and remote ones. A КИ without vacancies to send is skipped with the reason.
 */
export function planVacancyMailing(
	contacts: readonly SourceContact[],
	sources: readonly Source[],
	vacancies: readonly Vacancy[],
	employers: readonly Employer[],
	options: MailingOptions,
): MailingPlan {
	const sourceById = new Map(sources.map((source) => [source.id, source]));
	const employerById = new Map(employers.map((employer) => [employer.id, employer]));
	const mailable = mailableVacancies(vacancies).sort((left, right) => (right.publishedAt ?? '').localeCompare(left.publishedAt ?? '') || left.title.localeCompare(right.title, 'ru'));
	const plan: MailingPlan = { messages: [], skipped: [] };

	for (const contact of contacts) {
		if (contact.subscribed !== true) {
			continue;
		}
		if (!contact.email) {
			plan.skipped.push({ contactId: contact.id, contactName: contact.name, reason: 'У КИ нет адреса электронной почты: позвоните и расскажите о вакансиях.' });
			continue;
		}
		const selected = vacanciesFor(contact, mailable, sourceById);
		if (selected.length === 0) {
			plan.skipped.push({ contactId: contact.id, contactName: contact.name, reason: 'Нет открытых вакансий в городе источника.' });
			continue;
		}
		const urgent = selected.filter((vacancy) => vacancy.urgent === true);
		const regular = selected.filter((vacancy) => vacancy.urgent !== true);
		plan.messages.push({
			contactId: contact.id,
			contactName: contact.name,
			email: contact.email,
			subject: `Вакансии для выпускников на ${russianDate(options.asOf)}${urgent.length > 0 ? ': есть срочные' : ''}`,
			text: messageText(contact, urgent, regular, employerById, options),
			vacancyIds: selected.map((vacancy) => vacancy.id),
			urgentCount: urgent.length,
		});
	}
	return plan;
}
