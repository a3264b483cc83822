import { SCENARIO_LABELS, SCENARIOS, type Scenario } from '../schemas';
import type { IsoDate } from './calendar';
import { cleanLongText, isBlank, matchChoice, parseBoolean, parseDate } from './normalize';
import type { InterviewOutcome } from './referral';

/** Value of the scenario field that lets the answers decide. */
export const SCENARIO_FROM_ANSWERS = 'Определить по ответам';

/**
 * The recruiter's part of the questionnaire: the interview outcome that decides the referral. The labels
 * are the form's field names and the keys the referral node reads.
 */
export const INTERVIEW_FIELDS = [
	{ key: 'interviewDate', label: 'Дата собеседования', kind: 'date', hint: 'Пусто — дата заполнения анкеты' },
	{ key: 'recruiterName', label: 'Рекрутер', kind: 'text', hint: 'Кто провел собеседование' },
	{ key: 'fitsVacancy', label: 'Подходит на вакансию из банка', kind: 'boolean' },
	{ key: 'interested', label: 'Заинтересован(а) в вакансии', kind: 'boolean' },
	{ key: 'vacancyId', label: 'Ключ выбранной вакансии', kind: 'text', hint: 'Ключ из таблицы «Вакансии», для сценария A' },
	{ key: 'abilitiesUnclear', label: 'Способности и склонности неясны', kind: 'boolean' },
	{ key: 'needsJobSearchSupport', label: 'Нужна поддержка в поиске работы', kind: 'boolean' },
	{ key: 'refusesServices', label: 'Отказывается от других услуг', kind: 'boolean' },
	{ key: 'scenario', label: 'Сценарий (решение рекрутера)', kind: 'choice', options: [SCENARIO_FROM_ANSWERS, ...SCENARIOS.map((scenario) => SCENARIO_LABELS[scenario])] },
	{ key: 'overrideReason', label: 'Почему выбран другой сценарий', kind: 'text' },
	{ key: 'recruiterComment', label: 'Впечатления и комментарий рекрутера', kind: 'longText' },
] as const;

export type InterviewFieldKey = (typeof INTERVIEW_FIELDS)[number]['key'];

export interface InterviewAnswers {
	outcome: InterviewOutcome;
	date: IsoDate | null;
	recruiterName: string | null;
	comment: string | null;
}

function labelOf(key: InterviewFieldKey): string {
	return INTERVIEW_FIELDS.find((field) => field.key === key)?.label ?? key;
}

function scenarioFromLabel(value: unknown): Parsed {
	const options = INTERVIEW_FIELDS.find((field) => field.key === 'scenario')?.options ?? [];
	const matched = matchChoice(value, options, (key) => (SCENARIOS as readonly string[]).find((scenario) => scenario.toLowerCase() === key) ? key.toUpperCase() : undefined);
	if (!matched.ok) {
		return matched;
	}
	if (matched.value === null || matched.value === SCENARIO_FROM_ANSWERS) {
		return { ok: true, value: null };
	}
	const scenario = SCENARIOS.find((letter) => matched.value === letter || matched.value === SCENARIO_LABELS[letter]);
	return { ok: true, value: scenario ?? null };
}

type Parsed = { ok: true; value: Scenario | null } | { ok: false; reason: string };

/**
 * Reads the interview outcome from a submission keyed by the fields' Russian labels. Returns the answers
 * or Russian problems naming each unreadable field.
 */
export function parseInterviewAnswers(raw: Record<string, unknown>, today: IsoDate): { ok: true; answers: InterviewAnswers } | { ok: false; problems: string[] } {
	const problems: string[] = [];
	const flag = (key: InterviewFieldKey): boolean | null => {
		const parsed = parseBoolean(raw[labelOf(key)]);
		if (!parsed.ok) {
			problems.push(`Поле «${labelOf(key)}»: ${parsed.reason}`);
			return null;
		}
		return parsed.value;
	};
	const text = (key: InterviewFieldKey): string | null => {
		const value = raw[labelOf(key)];
		return isBlank(value) ? null : cleanLongText(String(value));
	};

	const date = parseDate(raw[labelOf('interviewDate')], { max: today });
	if (!date.ok) {
		problems.push(`Поле «${labelOf('interviewDate')}»: ${date.reason}`);
	}
	const scenario = scenarioFromLabel(raw[labelOf('scenario')]);
	if (!scenario.ok) {
		problems.push(`Поле «${labelOf('scenario')}»: ${scenario.reason}`);
	}

	const outcome: InterviewOutcome = {
		fitsVacancy: flag('fitsVacancy'),
		interested: flag('interested'),
		abilitiesUnclear: flag('abilitiesUnclear'),
		needsJobSearchSupport: flag('needsJobSearchSupport'),
		refusesServices: flag('refusesServices'),
		vacancyId: text('vacancyId'),
		scenarioOverride: scenario.ok ? scenario.value : null,
		overrideReason: text('overrideReason'),
	};

	if (problems.length > 0) {
		return { ok: false, problems };
	}
	return {
		ok: true,
		answers: { outcome, date: date.ok ? date.value : null, recruiterName: text('recruiterName'), comment: text('recruiterComment') },
	};
}
