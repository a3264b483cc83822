/**
 * Skill evaluations on one scale, so that a user's current levels can be set beside past ones across
 * services and evaluators.
 *
 * | form | service | who | when | event |
 * |---|---|---|---|---|
 * | `employer` | 6 | employer | 1, 3 and 6 months after the start of work | «Оценка работодателем работы кандидата» |
 * | `employer` | 4 | employer at an external site | 1, 3 and 6 months on the site | «Оценка работодателем на сторонней площадке» |
 * | `internalSite` | 4 | consultant | every two weeks at the internal site | «Оценка работы на внутренней площадке» |
 * | `exam` | 3 | consultant | end of the month: theoretical exam, passed or not | «Собеседование кандидата с консультантом» |
 * | `characteristic` | 3 | consultant | end of the month, with recommendations | «Собеседование кандидата с консультантом» |
 *
 * Forms share skill keys where they assess the same skill, so an internal-site level of «Трудовая
 * дисциплина» compares with the employer's later one. An evaluation is accepted once per idempotency key
 * (the checkpoint key and the form), and only for a user who receives the service on that date.
 *
 * The employer form's criteria are not fixed by the methodology. They follow what specialists are asked to
 * comment on (initiative, independence, punctuality) and the skills temporary employment trains.
 */

import { addDays, compareDates, isIsoDate, type IsoDate } from './calendar';
import type { Episode, LifecycleEvent } from '../schemas';
import { serviceName, serviceNumber, type EpisodeStatus, type EventTypeName, type ServiceName, type ServiceNumber } from '../schemas/options';

// ---------------------------------------------------------------------------------------------------
// Scale, skills and forms
// ---------------------------------------------------------------------------------------------------

export type SkillLevel = 1 | 2 | 3 | 4 | 5;

export const SKILL_SCALE: ReadonlyArray<{ level: SkillLevel; label: string }> = [
	{ level: 1, label: 'Не проявляется' },
	{ level: 2, label: 'Проявляется только с постоянной помощью' },
	{ level: 3, label: 'Проявляется с частичной помощью' },
	{ level: 4, label: 'Проявляется самостоятельно, с отдельными ошибками' },
	{ level: 5, label: 'Проявляется самостоятельно и устойчиво' },
];

/** Skills with their Russian names; a key means the same skill on every form. */
export const SKILLS = {
	discipline: 'Трудовая дисциплина и пунктуальность',
	workQuality: 'Качество выполнения работы',
	independence: 'Самостоятельность',
	initiative: 'Инициативность',
	communication: 'Деловая коммуникация и работа в коллективе',
	followingInstructions: 'Работа по заданным стандартам, правилам и инструкциям',
	teamAdaptation: 'Понимание норм трудового коллектива и адаптация в нем',
	processCompliance: 'Соблюдение технологического процесса и рабочего регламента',
	timeStandards: 'Соблюдение временных нормативов выполнения операций',
	taskSwitching: 'Переключение между задачами',
	learningSpeed: 'Скорость освоения навыков и способность к прогрессу',
	personalEffectiveness: 'Личная эффективность',
	negotiation: 'Умение договариваться',
	adaptability: 'Способность учиться и адаптироваться',
	motivation: 'Мотивированность к трудоустройству',
	labourLaw: 'Знание основ трудового права',
	businessEtiquette: 'Знание корпоративного и делового этикета',
	selfPresentation: 'Самопрезентация и деловая коммуникация',
} as const;

export type SkillKey = keyof typeof SKILLS;

export type EvaluationFormId = 'employer' | 'internalSite' | 'exam' | 'characteristic';

export interface EvaluationForm {
	id: EvaluationFormId;
	/** Russian form name. */
	label: string;
	/** Services in which the form is filled, with the event type that stores it. */
	events: Partial<Record<ServiceNumber, EventTypeName>>;
	criteria: readonly SkillKey[];
	/** The exam's pass or fail is required. */
	requiresExamResult: boolean;
	/** Recommendations for the next steps are required. */
	requiresRecommendations: boolean;
}

export const EVALUATION_FORMS: Record<EvaluationFormId, EvaluationForm> = {
	employer: {
		id: 'employer',
		label: 'Оценка работодателем работы кандидата',
		events: { 4: 'Оценка работодателем на сторонней площадке', 6: 'Оценка работодателем работы кандидата' },
		criteria: ['discipline', 'workQuality', 'independence', 'initiative', 'communication', 'followingInstructions', 'teamAdaptation'],
		requiresExamResult: false,
		requiresRecommendations: false,
	},
	internalSite: {
		id: 'internalSite',
		label: 'Оценка работы на внутренней площадке',
		events: { 4: 'Оценка работы на внутренней площадке' },
		criteria: ['discipline', 'communication', 'followingInstructions', 'teamAdaptation'],
		requiresExamResult: false,
		requiresRecommendations: false,
	},
	exam: {
		id: 'exam',
		label: 'Теоретический экзамен',
		events: { 3: 'Собеседование кандидата с консультантом' },
		criteria: ['labourLaw', 'businessEtiquette', 'selfPresentation'],
		requiresExamResult: true,
		requiresRecommendations: false,
	},
	characteristic: {
		id: 'characteristic',
		label: 'Характеристика кандидата',
		events: { 3: 'Собеседование кандидата с консультантом' },
		criteria: [
			'processCompliance',
			'timeStandards',
			'taskSwitching',
			'learningSpeed',
			'personalEffectiveness',
			'communication',
			'negotiation',
			'adaptability',
			'motivation',
		],
		requiresExamResult: false,
		requiresRecommendations: true,
	},
};

/** Returns the idempotency key of an evaluation: one per checkpoint and form, because service 3 closes one checkpoint with two forms. */
export function evaluationKey(checkpointKey: string, form: EvaluationFormId): string {
	return `${checkpointKey}#${form}`;
}

// ---------------------------------------------------------------------------------------------------
// Accepting an evaluation
// ---------------------------------------------------------------------------------------------------

export interface EvaluationInput {
	/** The checkpoint the evaluation closes; gives the idempotency key with the form. */
	checkpointKey?: string;
	/** Explicit idempotency key for an evaluation outside the schedule; wins over `checkpointKey`. */
	idempotencyKey?: string;
	candidateId: string;
	/** The episode the evaluation belongs to; found from the date when absent. */
	episodeId?: string;
	service: ServiceNumber;
	form: EvaluationFormId;
	date: IsoDate;
	/** Levels by skill key, 1 to 5. */
	levels: Partial<Record<string, number>>;
	examPassed?: boolean;
	recommendations?: string;
}

export interface Evaluation {
	idempotencyKey: string;
	checkpointKey?: string;
	candidateId: string;
	episodeId: string;
	service: ServiceNumber;
	form: EvaluationFormId;
	date: IsoDate;
	levels: Partial<Record<SkillKey, SkillLevel>>;
	/** Criteria of the form left without a level. */
	missingCriteria: SkillKey[];
	examPassed?: boolean;
	recommendations?: string;
}

/** The part of a service episode needed to tell whether a user receives the service on a date. */
export interface EvaluationEpisode {
	id: string;
	candidateId: string;
	service: ServiceNumber;
	status: EpisodeStatus;
	start?: IsoDate | null;
	end?: IsoDate | null;
}

export interface EvaluationContext {
	/** Idempotency keys of evaluations already stored. */
	recordedKeys: Iterable<string>;
	/** The candidate's service episodes. */
	episodes: readonly EvaluationEpisode[];
}

export type EvaluationErrorCode =
	| 'unknownForm'
	| 'formNotForService'
	| 'invalidDate'
	| 'missingKey'
	| 'duplicate'
	| 'notInService'
	| 'noLevels'
	| 'unknownSkill'
	| 'invalidLevel'
	| 'missingExamResult'
	| 'missingRecommendations';

export interface EvaluationError {
	code: EvaluationErrorCode;
	/** Russian name of the field to correct. */
	field: string;
	/** Russian message naming the value and the fix. */
	message: string;
}

export type EvaluationResult = { ok: true; evaluation: Evaluation } | { ok: false; errors: EvaluationError[] };

/** Days after an episode's end in which its last evaluation may still be recorded, because the 6-month form is due up to a week after support ends. */
export const EVALUATION_GRACE_DAYS = 14;

const NOT_STARTED: readonly EpisodeStatus[] = ['Направлен', 'Отказ'];

/** Maps episode rows to the shape `acceptEvaluation` needs; rows with an unknown service are skipped. */
export function evaluationEpisodes(rows: readonly Episode[]): EvaluationEpisode[] {
	const episodes: EvaluationEpisode[] = [];
	for (const row of rows) {
		const service = serviceNumber(row.service);
		if (service) {
			episodes.push({ id: row.id, candidateId: row.candidate, service, status: row.status, start: row.startDate ?? null, end: row.actualEndDate ?? null });
		}
	}
	return episodes;
}

function findEpisode(input: EvaluationInput, episodes: readonly EvaluationEpisode[]): EvaluationEpisode | undefined {
	return episodes.find((episode) => {
		if (episode.candidateId !== input.candidateId || episode.service !== input.service || NOT_STARTED.includes(episode.status)) {
			return false;
		}
		if (input.episodeId && episode.id !== input.episodeId) {
			return false;
		}
		if (!episode.start || compareDates(input.date, episode.start) < 0) {
			return false;
		}
		return !episode.end || compareDates(input.date, addDays(episode.end, EVALUATION_GRACE_DAYS)) <= 0;
	});
}

function validateLevels(form: EvaluationForm, levels: Partial<Record<string, number>>, errors: EvaluationError[]): Partial<Record<SkillKey, SkillLevel>> {
	const accepted: Partial<Record<SkillKey, SkillLevel>> = {};
	const entries = Object.entries(levels ?? {}).filter(([, value]) => value !== undefined && value !== null);
	if (entries.length === 0) {
		errors.push({ code: 'noLevels', field: 'Уровни навыков', message: `Форма «${form.label}» не содержит ни одной оценки навыка. Укажите уровни от 1 до 5.` });
	}
	for (const [skill, value] of entries) {
		if (!(form.criteria as readonly string[]).includes(skill)) {
			errors.push({ code: 'unknownSkill', field: 'Уровни навыков', message: `Навык «${skill}» не входит в форму «${form.label}». Уберите его или выберите другую форму.` });
			continue;
		}
		const label = SKILLS[skill as SkillKey];
		if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 5) {
			errors.push({ code: 'invalidLevel', field: label, message: `Навык «${label}»: ожидается уровень от 1 до 5, получено «${String(value)}».` });
			continue;
		}
		accepted[skill as SkillKey] = value as SkillLevel;
	}
	return accepted;
}

/**
 * Validates an uploaded evaluation and returns it in stored form, or every error found. An evaluation is
 * rejected when its idempotency key was already recorded (a repeated upload never writes twice) and when
 * the candidate does not receive the service on the evaluation date.
 */
export function acceptEvaluation(input: EvaluationInput, context: EvaluationContext): EvaluationResult {
	const errors: EvaluationError[] = [];
	const form = EVALUATION_FORMS[input.form];
	if (!form) {
		const known = Object.values(EVALUATION_FORMS).map((item) => `${item.id} («${item.label}»)`).join(', ');
		return { ok: false, errors: [{ code: 'unknownForm', field: 'Форма оценки', message: `Форма оценки «${String(input.form)}» неизвестна. Допустимые формы: ${known}.` }] };
	}
	if (!form.events[input.service]) {
		errors.push({
			code: 'formNotForService',
			field: 'Форма оценки',
			message: `Форма «${form.label}» не заполняется в услуге «${serviceName(input.service)}». Выберите форму этой услуги.`,
		});
	}

	const dateValid = isIsoDate(input.date);
	if (!dateValid) {
		errors.push({ code: 'invalidDate', field: 'Дата оценки', message: `Поле «Дата оценки»: ожидается дата в формате ГГГГ-ММ-ДД, получено «${String(input.date)}».` });
	}

	const key = input.idempotencyKey?.trim() || (input.checkpointKey ? evaluationKey(input.checkpointKey, input.form) : '');
	if (!key) {
		errors.push({ code: 'missingKey', field: 'Контрольная точка', message: 'Не указана контрольная точка оценки: без нее повторная загрузка создаст дубль. Укажите ключ контрольной точки.' });
	} else if (new Set(context.recordedKeys).has(key)) {
		errors.push({
			code: 'duplicate',
			field: 'Контрольная точка',
			message: `Оценка «${form.label}» для контрольной точки «${key}» уже загружена. Повторная загрузка не сохраняется; исправьте сохраненную оценку, если нужно.`,
		});
	}

	const episode = dateValid ? findEpisode(input, context.episodes) : undefined;
	if (dateValid && !episode) {
		errors.push({
			code: 'notInService',
			field: 'Кандидат',
			message: `Кандидат не получает услугу «${serviceName(input.service)}» на дату ${input.date}. Проверьте дату оценки и эпизод услуги.`,
		});
	}

	const levels = validateLevels(form, input.levels, errors);
	if (form.requiresExamResult && typeof input.examPassed !== 'boolean') {
		errors.push({ code: 'missingExamResult', field: 'Экзамен сдан', message: 'Не указан результат теоретического экзамена: отметьте, сдан он или нет.' });
	}
	const recommendations = input.recommendations?.trim() ?? '';
	if (form.requiresRecommendations && recommendations.length === 0) {
		errors.push({ code: 'missingRecommendations', field: 'Рекомендации', message: 'Характеристика без рекомендаций: укажите рекомендации по дальнейшим услугам.' });
	}

	if (errors.length > 0 || !episode) {
		return { ok: false, errors };
	}
	return {
		ok: true,
		evaluation: {
			idempotencyKey: key,
			checkpointKey: input.checkpointKey,
			candidateId: input.candidateId,
			episodeId: episode.id,
			service: input.service,
			form: form.id,
			date: input.date,
			levels,
			missingCriteria: form.criteria.filter((skill) => levels[skill] === undefined),
			examPassed: form.requiresExamResult ? input.examPassed : undefined,
			recommendations: recommendations || undefined,
		},
	};
}

// ---------------------------------------------------------------------------------------------------
// Storing evaluations as events
// ---------------------------------------------------------------------------------------------------

/** `details` of an evaluation event; levels are kept by skill key so later evaluations compare. */
export interface EvaluationDetails {
	evaluation: {
		idempotencyKey: string;
		checkpointKey?: string;
		form: EvaluationFormId;
		levels: Partial<Record<SkillKey, SkillLevel>>;
		examPassed?: boolean;
	};
}

/** Event fields that store an accepted evaluation (the caller adds id, specialist and audit fields). */
export interface EvaluationEventFields {
	type: EventTypeName;
	date: IsoDate;
	service: ServiceName;
	candidate: string;
	episode: string;
	recommendations?: string;
	details: EvaluationDetails;
}

export function evaluationEvent(evaluation: Evaluation): EvaluationEventFields {
	const type = EVALUATION_FORMS[evaluation.form].events[evaluation.service] as EventTypeName;
	return {
		type,
		date: evaluation.date,
		service: serviceName(evaluation.service),
		candidate: evaluation.candidateId,
		episode: evaluation.episodeId,
		recommendations: evaluation.recommendations,
		details: {
			evaluation: {
				idempotencyKey: evaluation.idempotencyKey,
				checkpointKey: evaluation.checkpointKey,
				form: evaluation.form,
				levels: evaluation.levels,
				examPassed: evaluation.examPassed,
			},
		},
	};
}

/** Reads an evaluation back from a stored event. Returns undefined for an event that contains none. */
export function evaluationFromEvent(event: LifecycleEvent): Evaluation | undefined {
	const details = event.details as Partial<EvaluationDetails> | null | undefined;
	const stored = details && typeof details === 'object' ? details.evaluation : undefined;
	const service = event.service ? serviceNumber(event.service) : undefined;
	if (!stored || !EVALUATION_FORMS[stored.form] || !service || !event.candidate || !event.episode) {
		return undefined;
	}
	const form = EVALUATION_FORMS[stored.form];
	const levels: Partial<Record<SkillKey, SkillLevel>> = {};
	for (const [skill, level] of Object.entries(stored.levels ?? {})) {
		if (skill in SKILLS && Number.isInteger(level) && level >= 1 && level <= 5) {
			levels[skill as SkillKey] = level;
		}
	}
	return {
		idempotencyKey: stored.idempotencyKey,
		checkpointKey: stored.checkpointKey,
		candidateId: event.candidate,
		episodeId: event.episode,
		service,
		form: form.id,
		date: event.date,
		levels,
		missingCriteria: form.criteria.filter((skill) => levels[skill] === undefined),
		examPassed: stored.examPassed,
		recommendations: event.recommendations ?? undefined,
	};
}

// ---------------------------------------------------------------------------------------------------
// Comparing levels over time
// ---------------------------------------------------------------------------------------------------

export type Trend = 'up' | 'down' | 'same' | 'single';

export const TREND_LABELS: Record<Trend, string> = {
	up: 'Рост',
	down: 'Снижение',
	same: 'Без изменений',
	single: 'Одна оценка',
};

export interface SkillObservation {
	level: SkillLevel;
	date: IsoDate;
	form: EvaluationFormId;
	service: ServiceNumber;
}

export interface SkillComparison {
	skill: SkillKey;
	/** Russian skill name. */
	label: string;
	first: SkillObservation;
	/** The observation before the current one; absent after a single evaluation. */
	previous?: SkillObservation;
	current: SkillObservation;
	/** Trend from the previous to the current level. */
	trend: Trend;
	trendLabel: string;
	/** Current level minus the first one. */
	changeSinceFirst: number;
	observations: number;
}

/**
 * Sets every skill's first, previous and current level side by side, across forms and services, in date
 * order (evaluations of the same date keep their input order). Skills come in the order of `SKILLS`.
 */
export function compareSkillLevels(history: readonly Evaluation[]): SkillComparison[] {
	const ordered = history.map((evaluation, index) => ({ evaluation, index })).sort((left, right) => compareDates(left.evaluation.date, right.evaluation.date) || left.index - right.index);

	const bySkill = new Map<SkillKey, SkillObservation[]>();
	for (const { evaluation } of ordered) {
		for (const [skill, level] of Object.entries(evaluation.levels) as Array<[SkillKey, SkillLevel | undefined]>) {
			if (level === undefined) {
				continue;
			}
			const observations = bySkill.get(skill) ?? [];
			observations.push({ level, date: evaluation.date, form: evaluation.form, service: evaluation.service });
			bySkill.set(skill, observations);
		}
	}

	const comparisons: SkillComparison[] = [];
	for (const skill of Object.keys(SKILLS) as SkillKey[]) {
		const observations = bySkill.get(skill);
		if (!observations) {
			continue;
		}
		const first = observations[0];
		const current = observations[observations.length - 1];
		const previous = observations.length > 1 ? observations[observations.length - 2] : undefined;
		let trend: Trend = 'single';
		if (previous && current.level > previous.level) {
			trend = 'up';
		} else if (previous && current.level < previous.level) {
			trend = 'down';
		} else if (previous) {
			trend = 'same';
		}
		comparisons.push({
			skill,
			label: SKILLS[skill],
			first,
			previous,
			current,
			trend,
			trendLabel: TREND_LABELS[trend],
			changeSinceFirst: current.level - first.level,
			observations: observations.length,
		});
	}
	return comparisons;
}
