/**
 * The vacancy bank: the methodology's vacancy types, the checks of a vacancy record, and the events that
 * record its creation and edits. Edits record which fields changed, never the values.
 */
import { VACANCY_TYPES, vacancies as vacanciesTable, type Vacancy } from '../schemas';
import type { IsoDate } from './calendar';
import type { EventDraft } from './events';
import { stableId } from './ids';

export type VacancyType = (typeof VACANCY_TYPES)[number];
export type VacancyFields = Omit<Vacancy, 'id'>;

export interface VacancyTypeRule {
	/** Published on job sites and in mailings to sources; otherwise offered to users only. */
	published: boolean;
	/** A site of the service «Временное трудоустройство», not a job of the open labour market. */
	temporaryEmployment: boolean;
	/** The record must name the employer. */
	needsEmployer: boolean;
	/** Russian one-line explanation shown in node help and reasons. */
	description: string;
}

export const VACANCY_TYPE_RULES: Record<VacancyType, VacancyTypeRule> = {
	'Открытая вакансия': {
		published: true,
		temporaryEmployment: false,
		needsEmployer: false,
		description: 'вакансия открытого рынка труда: публикуется, пользователь получает дополнительную поддержку',
	},
	'Вакансия с выделенными функциями': {
		published: false,
		temporaryEmployment: false,
		needsEmployer: true,
		description: 'простые операции, выделенные у работодателя: не публикуется, только для пользователей',
	},
	'Внутренняя площадка временного трудоустройства': {
		published: false,
		temporaryEmployment: true,
		needsEmployer: false,
		description: 'площадка провайдера для услуги «Временное трудоустройство»',
	},
	'Внешняя площадка временного трудоустройства': {
		published: false,
		temporaryEmployment: true,
		needsEmployer: true,
		description: 'площадка у работодателя для услуги «Временное трудоустройство» с наставником',
	},
};

/** Youngest age of work under a labour contract. */
export const MIN_WORKING_AGE = 14;

/** Columns that record where a vacancy was published: a vacancy that is not published cannot have them. */
const PUBLICATION_FIELDS = ['externalId', 'externalUrl'] as const;

export function vacancyTypeRule(type: string | null | undefined): VacancyTypeRule | undefined {
	return type ? VACANCY_TYPE_RULES[type as VacancyType] : undefined;
}

function label(key: keyof typeof vacanciesTable.columns): string {
	return `«${vacanciesTable.columns[key].label}»`;
}

/**
 * Checks a whole vacancy record (stored fields with the change applied) against the bank's rules and
 * returns Russian problems, empty when the vacancy is valid.
 */
export function checkVacancy(vacancy: Partial<VacancyFields>): string[] {
	const problems: string[] = [];
	if (!vacancy.title) {
		problems.push(`Не заполнено поле ${label('title')}: укажите должность.`);
	}
	const rule = vacancyTypeRule(vacancy.type);
	if (!vacancy.type) {
		problems.push(`Не заполнено поле ${label('type')}: выберите один из типов: ${VACANCY_TYPES.join('; ')}.`);
	} else if (!rule) {
		problems.push(`Поле ${label('type')}: значение не из списка. Выберите один из типов: ${VACANCY_TYPES.join('; ')}.`);
	}

	if (rule?.needsEmployer && !vacancy.employer) {
		problems.push(`Тип «${vacancy.type}» требует работодателя: заполните поле ${label('employer')}.`);
	}
	if (rule && !rule.published) {
		const published = PUBLICATION_FIELDS.filter((key) => vacancy[key]);
		if (published.length > 0) {
			problems.push(
				`Тип «${vacancy.type}» не публикуется, а у вакансии заполнены поля ${published.map(label).join(', ')}. Выберите тип «Открытая вакансия» или очистите эти поля.`,
			);
		}
	}
	if (typeof vacancy.salaryMin === 'number' && typeof vacancy.salaryMax === 'number' && vacancy.salaryMin > vacancy.salaryMax) {
		problems.push(`Поле ${label('salaryMin')} больше поля ${label('salaryMax')}: проверьте зарплату.`);
	}
	if (typeof vacancy.minAge === 'number' && vacancy.minAge < MIN_WORKING_AGE) {
		problems.push(`Поле ${label('minAge')}: по трудовому договору можно работать с ${MIN_WORKING_AGE} лет, укажите не меньше ${MIN_WORKING_AGE}.`);
	}
	if (typeof vacancy.experienceYears === 'number' && vacancy.experienceYears < 0) {
		problems.push(`Поле ${label('experienceYears')} не может быть отрицательным.`);
	}
	return problems;
}

/**
 * Stable id of a vacancy: from the external id when the vacancy came from a job portal (so a re-import
 * finds it), else from the caller's idempotency key or from what identifies the job at the employer.
 */
export function vacancyId(vacancy: Partial<VacancyFields>, idempotencyKey?: string): string {
	if (vacancy.externalId) {
		return stableId('vac', 'external', vacancy.externalId);
	}
	if (idempotencyKey) {
		return stableId('vac', 'key', idempotencyKey);
	}
	return stableId('vac', vacancy.employer, vacancy.title, vacancy.type, vacancy.city, vacancy.address);
}

export function vacancyFieldLabels(keys: readonly string[]): string[] {
	const columns = vacanciesTable.columns as Record<string, { label: string } | undefined>;
	return keys.map((key) => columns[key]?.label ?? key);
}

/** «Создание вакансии» with the vacancy, its employer and how it entered the bank. */
export function vacancyCreatedEvent(id: string, vacancy: Partial<VacancyFields>, date: IsoDate, origin: string): EventDraft {
	return {
		type: 'Создание вакансии',
		date,
		vacancy: id,
		employer: vacancy.employer ?? null,
		mentor: vacancy.mentor ?? null,
		initiator: 'Специалист',
		title: `${vacancy.title ?? 'Вакансия'} (${vacancy.type ?? 'тип не указан'})`,
		details: { Источник: origin, 'Тип вакансии': vacancy.type ?? null },
		idempotencyKey: `vacancy-created:${id}`,
	};
}

/**
 * «Редактирование вакансии» listing the changed columns by label. The stored version before the edit
 * makes the event id unique per edit, so a retried edit is recorded once.
 */
export function vacancyEditedEvent(id: string, employer: string | null | undefined, keys: readonly string[], date: IsoDate, versionBefore: number, origin: string): EventDraft {
	const labels = vacancyFieldLabels(keys);
	return {
		type: 'Редактирование вакансии',
		date,
		vacancy: id,
		employer: employer ?? null,
		initiator: 'Специалист',
		title: `Изменены поля: ${labels.join(', ')}`,
		details: { Источник: origin, 'Изменены поля': labels },
		idempotencyKey: `vacancy-edited:${id}:${versionBefore}:${keys.join(',')}`,
	};
}
