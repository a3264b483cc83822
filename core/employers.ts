/**
 * Employers and their mentors: the methodology's readiness conditions, the consultant assigned to the
 * employer (not to a user), and the events of work with employers.
 */
import { employers as employersTable, serviceName, type Employer, type LifecycleEvent, type Mentor, type Specialist, type Vacancy } from '../schemas';
import { daysBetween, type IsoDate } from './calendar';
import type { EventDraft } from './events';
import { stableId } from './ids';
import { answerKey } from './normalize';

export type EmployerFields = Omit<Employer, 'id'>;

/** Roles that may be assigned to an employer: the consultant runs supported employment at the workplace. */
export const CONSULTANT_ROLES = ['Консультант по сопровождаемому трудоустройству', 'Консультант'] as const;

/** Days between contacts with an employer when the record sets no interval. */
export const DEFAULT_CONTACT_INTERVAL_DAYS = 90;

export const INTERVIEW_OUTCOMES = ['Кандидат принят', 'Отказ работодателя', 'Кандидат отказался', 'Решение не принято'] as const;
export type InterviewOutcome = (typeof INTERVIEW_OUTCOMES)[number];

export const REFUSAL_STAGES = ['Рассмотрение резюме', 'Собеседование', 'Пробное задание или стажировка', 'До подписания договора'] as const;

function label(key: keyof typeof employersTable.columns): string {
	return `«${employersTable.columns[key].label}»`;
}

export function checkEmployer(employer: Partial<EmployerFields>): string[] {
	const problems: string[] = [];
	if (!employer.name) {
		problems.push(`Не заполнено поле ${label('name')}: укажите название работодателя.`);
	}
	if (employer.inn && !/^(\d{10}|\d{12})$/.test(employer.inn)) {
		problems.push(`Поле ${label('inn')}: ИНН организации состоит из 10 цифр, ИНН предпринимателя — из 12.`);
	}
	if (employer.ogrn && !/^(\d{13}|\d{15})$/.test(employer.ogrn)) {
		problems.push(`Поле ${label('ogrn')}: ОГРН состоит из 13 цифр, ОГРНИП — из 15.`);
	}
	if (typeof employer.contactIntervalDays === 'number' && employer.contactIntervalDays < 1) {
		problems.push(`Поле ${label('contactIntervalDays')}: укажите число дней больше нуля.`);
	}
	return problems;
}

/** Stable id of an employer: from the ИНН, else the ОГРН, else the caller's key, else the name. */
export function employerId(employer: Partial<EmployerFields>, idempotencyKey?: string): string {
	if (employer.inn) {
		return stableId('emp', 'inn', employer.inn);
	}
	if (employer.ogrn) {
		return stableId('emp', 'ogrn', employer.ogrn);
	}
	if (idempotencyKey) {
		return stableId('emp', 'key', idempotencyKey);
	}
	return stableId('emp', 'name', answerKey(employer.name ?? ''));
}

export interface ReadinessCondition {
	condition: 'managementAcceptsRules' | 'namedMentor' | 'staffReadyToLearn';
	/** True when met, false when not met, null when not known yet. */
	met: boolean | null;
	/** Russian: what is met, or what is missing and what to do. */
	message: string;
}

export interface EmployerReadiness {
	/** Every condition is met: the employer may receive users. */
	ready: boolean;
	conditions: ReadinessCondition[];
	/** Russian reasons of the conditions not met or not known. */
	reasons: string[];
	/** Advice that does not change readiness, e.g. no consultant assigned yet. */
	notes: string[];
}

function flagCondition(condition: ReadinessCondition['condition'], value: boolean | null | undefined, texts: { met: string; notMet: string; unknown: string }): ReadinessCondition {
	if (value === true) {
		return { condition, met: true, message: texts.met };
	}
	if (value === false) {
		return { condition, met: false, message: texts.notMet };
	}
	return { condition, met: null, message: texts.unknown };
}

/**
 * Checks the methodology's conditions for an employer to receive users: management accepts the rules, a
 * named mentor among the employer's staff, staff ready to learn.
 */
export function employerReadiness(employer: Partial<Employer>, mentors: readonly Partial<Mentor>[]): EmployerReadiness {
	const activeMentors = mentors.filter((mentor) => mentor.name && mentor.active !== false);
	const conditions: ReadinessCondition[] = [
		flagCondition('managementAcceptsRules', employer.managementAcceptsRules, {
			met: 'Руководство принимает правила работы с пользователями.',
			notMet: 'Руководство не приняло правила работы с пользователями: обсудите правила с руководством.',
			unknown: `Не известно, принимает ли руководство правила работы с пользователями: уточните и заполните поле ${label('managementAcceptsRules')}.`,
		}),
		activeMentors.length > 0
			? { condition: 'namedMentor', met: true, message: `Назначен наставник (${activeMentors.length} чел.).` }
			: {
					condition: 'namedMentor',
					met: false,
					message: 'Не назначен наставник: добавьте сотрудника работодателя, который добровольно будет сопровождать пользователя на рабочем месте.',
				},
		flagCondition('staffReadyToLearn', employer.staffReadyToLearn, {
			met: 'Коллектив готов обучаться.',
			notMet: 'Коллектив не готов обучаться: проведите для сотрудников встречу о работе с пользователями.',
			unknown: `Не известно, готов ли коллектив обучаться: уточните и заполните поле ${label('staffReadyToLearn')}.`,
		}),
	];
	const notes = employer.consultant ? [] : ['За работодателем не закреплен консультант по сопровождаемому трудоустройству: закрепите консультанта.'];
	return {
		ready: conditions.every((condition) => condition.met === true),
		conditions,
		reasons: conditions.filter((condition) => condition.met !== true).map((condition) => condition.message),
		notes,
	};
}

/** Returns Russian problems when the specialist cannot be the consultant assigned to an employer. */
export function checkConsultant(specialist: Partial<Specialist>): string[] {
	const problems: string[] = [];
	if (specialist.role && !(CONSULTANT_ROLES as readonly string[]).includes(specialist.role)) {
		problems.push(`За работодателем закрепляется консультант, а у специалиста роль «${specialist.role}». Выберите специалиста с ролью ${CONSULTANT_ROLES.map((role) => `«${role}»`).join(' или ')}.`);
	}
	if (specialist.active === false) {
		problems.push('Специалист отмечен как неработающий: выберите работающего консультанта.');
	}
	return problems;
}

export interface EmployerToContact {
	employerId: string;
	name: string;
	lastContactDate: IsoDate | null;
	/** Days since the last contact, or null when there was none. */
	daysSinceContact: number | null;
	intervalDays: number;
	openVacancies: number;
	corporateVolunteering: boolean;
	/** Russian explanation for the specialist. */
	reason: string;
}

/**
 * Finds employers to contact: no «Связь с работодателем» within the employer's interval. Employers
 * without open vacancies are included too, because the methodology keeps in touch with employers even
 * without vacancies (for example through corporate volunteering). The longest silence comes first.
 */
export function employersToContact(
	employers: readonly Employer[],
	vacancies: readonly Pick<Vacancy, 'employer' | 'status'>[],
	events: readonly Pick<LifecycleEvent, 'type' | 'date' | 'employer'>[],
	today: IsoDate,
): EmployerToContact[] {
	const lastContact = new Map<string, IsoDate>();
	for (const event of events) {
		if (event.type === 'Связь с работодателем' && event.employer && event.date <= today) {
			const previous = lastContact.get(event.employer);
			if (previous === undefined || event.date > previous) {
				lastContact.set(event.employer, event.date);
			}
		}
	}
	const openCount = new Map<string, number>();
	for (const vacancy of vacancies) {
		if (vacancy.employer && vacancy.status === 'Открыта') {
			openCount.set(vacancy.employer, (openCount.get(vacancy.employer) ?? 0) + 1);
		}
	}

	const due: EmployerToContact[] = [];
	for (const employer of employers) {
		const intervalDays = employer.contactIntervalDays ?? DEFAULT_CONTACT_INTERVAL_DAYS;
		const last = lastContact.get(employer.id) ?? null;
		const days = last === null ? null : daysBetween(last, today);
		if (days !== null && days < intervalDays) {
			continue;
		}
		const openVacancies = openCount.get(employer.id) ?? 0;
		const parts = [last === null ? 'Связи с работодателем еще не было.' : `Последняя связь ${days} дн. назад, интервал ${intervalDays} дн.`];
		parts.push(openVacancies === 0 ? 'Открытых вакансий нет: поддерживайте связь и без вакансий.' : `Открытых вакансий: ${openVacancies}.`);
		if (employer.corporateVolunteering) {
			parts.push('Участвует в корпоративном волонтерстве.');
		}
		due.push({ employerId: employer.id, name: employer.name, lastContactDate: last, daysSinceContact: days, intervalDays, openVacancies, corporateVolunteering: employer.corporateVolunteering === true, reason: parts.join(' ') });
	}
	return due.sort((left, right) => (right.daysSinceContact ?? Number.MAX_SAFE_INTEGER) - (left.daysSinceContact ?? Number.MAX_SAFE_INTEGER));
}

export interface EmployerInterview {
	employerId: string;
	candidateId: string;
	vacancyId?: string | null;
	date: IsoDate;
	outcome: InterviewOutcome;
	comment?: string | null;
	service?: LifecycleEvent['service'];
	specialistName?: string | null;
}

/** «Собеседование кандидата с работодателем» with its outcome. */
export function employerInterviewEvent(interview: EmployerInterview): EventDraft {
	return {
		type: 'Собеседование кандидата с работодателем',
		date: interview.date,
		service: interview.service ?? null,
		candidate: interview.candidateId,
		employer: interview.employerId,
		vacancy: interview.vacancyId ?? null,
		specialistName: interview.specialistName ?? null,
		initiator: 'Специалист',
		title: `Собеседование с работодателем: ${interview.outcome.toLowerCase()}`,
		description: interview.comment ?? null,
		details: { 'Результат собеседования': interview.outcome },
		idempotencyKey: `employer-interview:${interview.employerId}:${interview.candidateId}:${interview.vacancyId ?? ''}:${interview.date}`,
	};
}

export interface EmployerRefusal {
	employerId: string;
	candidateId: string;
	vacancyId?: string | null;
	date: IsoDate;
	stage: (typeof REFUSAL_STAGES)[number];
	reason?: string | null;
	specialistName?: string | null;
}

/**
 * «Кандидат получил отказ от работодателя» with the stage and reason. A refusal before the contract leads
 * to social adaptation (for example a training on coping with refusal), so that service is recommended.
 */
export function employerRefusalEvent(refusal: EmployerRefusal): EventDraft {
	return {
		type: 'Кандидат получил отказ от работодателя',
		date: refusal.date,
		candidate: refusal.candidateId,
		employer: refusal.employerId,
		vacancy: refusal.vacancyId ?? null,
		specialistName: refusal.specialistName ?? null,
		initiator: 'Работодатель',
		title: `Отказ работодателя: ${refusal.stage.toLowerCase()}`,
		description: refusal.reason ?? null,
		recommendedService: serviceName(5),
		recommendations: 'Тренинг о том, как пережить отказ и продолжить поиск работы.',
		details: { 'Стадия отказа': refusal.stage },
		idempotencyKey: `employer-refusal:${refusal.employerId}:${refusal.candidateId}:${refusal.vacancyId ?? ''}:${refusal.date}`,
	};
}
