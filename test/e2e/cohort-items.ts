import { INTERVIEW_FIELDS, SCENARIO_FROM_ANSWERS } from '../../core/interview';
import type { InterviewOutcome } from '../../core/referral';
import type { CohortEntry } from '../fixtures/cohort';

const ANSWER: Record<string, string> = { true: 'Да', false: 'Нет' };

function label(key: (typeof INTERVIEW_FIELDS)[number]['key']): string {
	return INTERVIEW_FIELDS.find((field) => field.key === key)?.label ?? key;
}

function yesNo(value: boolean | null | undefined): string {
	return value === null || value === undefined ? 'Не известно' : ANSWER[String(value)];
}

/** The recruiter's interview answers as the form submits them, keyed by the form's Russian labels. */
export function interviewAnswers(interview: InterviewOutcome, date: string, vacancyId?: string): Record<string, string> {
	const answers: Record<string, string> = {
		[label('interviewDate')]: date,
		[label('recruiterName')]: 'Рекрутер Тестовый',
		[label('fitsVacancy')]: yesNo(interview.fitsVacancy),
		[label('interested')]: yesNo(interview.interested),
		[label('abilitiesUnclear')]: yesNo(interview.abilitiesUnclear),
		[label('needsJobSearchSupport')]: yesNo(interview.needsJobSearchSupport),
		[label('refusesServices')]: yesNo(interview.refusesServices),
		[label('scenario')]: SCENARIO_FROM_ANSWERS,
	};
	if (vacancyId) {
		answers[label('vacancyId')] = vacancyId;
	}
	return answers;
}

/** One form submission of the recruiter's questionnaire: the candidate's answers plus the interview outcome. */
export function formItem(entry: CohortEntry, date: string, vacancyId?: string): Record<string, unknown> {
	return { ...entry.raw, ...interviewAnswers(entry.interview, date, vacancyId) };
}
