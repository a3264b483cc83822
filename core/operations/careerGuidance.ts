import { serviceName, type Episode } from '../../schemas';
import { checkServiceDuration, plannedEndDate } from '../durations';
import { evaluationFromEvent, EVALUATION_FORMS, type Evaluation } from '../evaluations';
import type { EpisodeRequest } from './episodeRequest';
import { currentServiceAfter, episodeEvent, EpisodeRuleError, recordOverride, requireStatus, settleRules, type EpisodePlan, type EpisodeState, type PlanKeys, type RuleProblem } from './episodeRules';
import { baseOutcome, closingPatch, nextServiceSentence, operationLabel, preconditionProblems, requireNotBefore, twoWeeksAfter } from './episodeSteps';

/**
 * Service 3 «Профессиональная ориентация»: one continuous month (at least two weeks), at most once a year,
 * closed by a theoretical exam and a characteristic with recommendations.
 */

const SERVICE = serviceName(3);

/** Starts professional orientation after the first consultant interview, which records the decision and the agreed plan. */
export function startCareerGuidance(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Направлен'], operationLabel(request));
	const override = settleRules(preconditionProblems(state, episode, request.date), request.overrideReason);
	const plannedEnd = plannedEndDate(3, request.date);

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { status: 'Оказывается', startDate: request.date, plannedEndDate: plannedEnd, ...(request.plan ? { plan: request.plan } : {}) } }],
		candidate: { currentService: SERVICE },
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Собеседование кандидата с консультантом',
				title: 'Первичное собеседование: решение о включении в план мероприятий',
				description: request.plan,
				recommendations: request.recommendations,
			}),
		],
		outcome: baseOutcome(
			request,
			episode,
			'Оказывается',
			`Профессиональная ориентация начата ${request.date}: непрерывно один месяц, до ${plannedEnd}; завершить можно не раньше ${twoWeeksAfter(request.date)}.`,
		),
	};
	plan.outcome.plannedEndDate = plannedEnd;
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

function finalEvaluations(state: EpisodeState, episode: Episode): { exam?: Evaluation; characteristic?: Evaluation } {
	const found: { exam?: Evaluation; characteristic?: Evaluation } = {};
	for (const event of state.events) {
		if (event.episode !== episode.id) {
			continue;
		}
		const evaluation = evaluationFromEvent(event);
		if (evaluation?.form === 'exam' || evaluation?.form === 'characteristic') {
			found[evaluation.form] = evaluation;
		}
	}
	return found;
}

/**
 * Completes professional orientation: the length must be two weeks to one month, and the theoretical exam
 * and the characteristic must be recorded. The result is recorded as «Собеседование кандидата с консультантом».
 */
export function completeCareerGuidance(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	requireNotBefore(request.date, episode.startDate, 'Дата окончания', 'Дата начала эпизода');

	const problems: RuleProblem[] = [];
	const duration = checkServiceDuration({ service: 3, start: episode.startDate as string, end: request.date });
	problems.push(...duration.violations.map((violation) => ({ message: violation.message, overridable: violation.overridable })));

	const { exam, characteristic } = finalEvaluations(state, episode);
	const missing = [!exam ? `«${EVALUATION_FORMS.exam.label}»` : null, !characteristic ? `«${EVALUATION_FORMS.characteristic.label}»` : null].filter((item): item is string => item !== null);
	if (missing.length > 0) {
		problems.push({
			message: `В конце профориентации записываются теоретический экзамен и характеристика; не загружено: ${missing.join(', ')}. Загрузите их узлом «ТЖЦТ: оценка».`,
			overridable: true,
		});
	}
	const override = settleRules(problems, request.overrideReason);

	const recommendations = request.recommendations?.trim() || characteristic?.recommendations;
	const skills = { ...(exam?.levels ?? {}), ...(characteristic?.levels ?? {}) };
	let examText = '';
	if (exam) {
		examText = exam.examPassed ? 'Теоретический экзамен сдан.' : 'Теоретический экзамен не сдан.';
	}
	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: closingPatch(episode, request, 'Завершена') }],
		candidate: currentServiceAfter(state, episode, request.nextService),
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Собеседование кандидата с консультантом',
				title: `Итог услуги «${SERVICE}»: навыки, экзамен, характеристика`,
				resultForCandidate: [request.outcome?.trim(), examText].filter(Boolean).join(' '),
				recommendations,
				recommendedService: request.nextService ? serviceName(request.nextService) : undefined,
				details: { result: { examPassed: exam?.examPassed ?? null, skills, examEvaluation: exam?.idempotencyKey ?? null, characteristic: characteristic?.idempotencyKey ?? null } },
			}),
		],
		outcome: baseOutcome(request, episode, 'Завершена', [`Профессиональная ориентация завершена ${request.date}.`, examText, nextServiceSentence(request.nextService).trim()].filter(Boolean).join(' ')),
	};
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/** Records a violation of the rules of activities in professional orientation; the methodology files it as «Иное». */
export function recordCareerGuidanceViolation(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	requireNotBefore(request.date, episode.startDate, 'Дата нарушения', 'Дата начала эпизода');
	const description = request.description?.trim();
	if (!description) {
		throw new EpisodeRuleError(['Не заполнено «Описание нарушения»: опишите, какое правило нарушено.']);
	}

	const earlier = state.events.filter((event) => event.episode === episode.id && event.type === 'Иное' && (event.details as { violation?: boolean } | null)?.violation === true).length;
	const count = earlier + 1;
	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { violations: count } }],
		candidate: {},
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Иное',
				title: 'Нарушение регламента мероприятий',
				description,
				details: { violation: true, count },
			}),
		],
		outcome: baseOutcome(request, episode, episode.status, `Нарушение регламента мероприятий записано; всего нарушений в этом эпизоде: ${count}.`),
	};
	plan.outcome.violations = { count, remaining: 0, dismissed: false };
	return plan;
}
