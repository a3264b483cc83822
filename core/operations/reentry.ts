import { serviceName, type Episode } from '../../schemas';
import { returnAfterLeaving } from '../exit';
import { stableId } from '../ids';
import { enterRoute, planReferral } from '../route';
import type { EpisodeRequest } from './episodeRequest';
import { episodeEvent, EpisodeRuleError, emptyPlan, type EpisodePlan, type EpisodeState, type PlanKeys } from './episodeRules';
import { summarizeHistory } from './history';

/**
 * Plans a repeated appeal. After the exit, «Социальная адаптация на рынке труда» opens directly. Any other
 * request, and any request after a withdrawal, re-enters at «Содействие в поиске подходящей работы» with a
 * new episode marked as a repeated appeal. The history stays as it was and is returned for the recruiter.
 */
export function planReentry(state: EpisodeState, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	const { candidate } = state;
	const routeState = candidate.routeState ?? 'Выпускник';
	if (routeState === 'Выпускник') {
		throw new EpisodeRuleError(['Кандидат еще не входил в технологию: первое обращение оформляется анкетой рекрутера и собеседованием.']);
	}
	const requested = request.requestedService ?? 2;
	const history = summarizeHistory(candidate, state.episodes, state.events, state.vacancies);
	const decision = returnAfterLeaving(routeState, requested);

	if (routeState === 'Точка выхода' && !decision.reentry) {
		const target = { service: decision.service, episodeId: stableId('ep', candidate.id, decision.service, request.date, 'after-exit') };
		const referral = planReferral(candidate, state.episodes, { date: request.date, primary: target, specialistId: request.specialistId ?? null });
		const opened = referral.create[0];
		if (!opened) {
			throw new EpisodeRuleError([referral.skipped[0]?.reason ?? `Эпизод услуги «${serviceName(decision.service)}» уже открыт.`]);
		}
		const plan = emptyPlan({
			operation: request.operation,
			candidateId: candidate.id,
			episodeId: opened.id,
			service: decision.service,
			status: opened.status,
			stage: null,
			branch: 'done',
			offeredServices: [],
			nextService: null,
			message: decision.message,
			override: null,
		});
		plan.createEpisodes.push(opened);
		plan.candidate = referral.candidate;
		plan.events.push(
			episodeEvent(state, opened, request, keys.primary, {
				type: 'Связь с кандидатом',
				title: `Обращение после точки выхода: «${serviceName(decision.service)}»`,
				details: { reentry: { previousState: routeState, requested, reentry: false } },
			}),
		);
		plan.outcome.openedEpisodeId = opened.id;
		plan.outcome.history = history;
		return plan;
	}

	const entry = enterRoute(candidate, state.episodes, { date: request.date, episodeId: stableId('ep', candidate.id, 2, request.date), specialistId: request.specialistId ?? null });
	const opened: Episode | undefined = entry.create[0];
	if (!opened) {
		const open = state.episodes.find((episode) => episode.service === serviceName(2) && (episode.status === 'Оказывается' || episode.status === 'Направлен'));
		const plan = emptyPlan({
			operation: request.operation,
			candidateId: candidate.id,
			episodeId: open?.id ?? null,
			service: 2,
			status: open?.status ?? null,
			stage: null,
			branch: 'done',
			offeredServices: [],
			nextService: null,
			message: `Пользователь на маршруте, эпизод услуги «${serviceName(2)}» открыт: повторный вход не нужен. История приведена для рекрутера.`,
			override: null,
		});
		plan.outcome.history = history;
		return plan;
	}

	const requestedNote = requested === 2 ? '' : ` Запрошенная услуга «${serviceName(requested)}» назначается после нового собеседования с рекрутером.`;
	const plan = emptyPlan({
		operation: request.operation,
		candidateId: candidate.id,
		episodeId: opened.id,
		service: 2,
		status: opened.status,
		stage: null,
		branch: 'done',
		offeredServices: [],
		nextService: null,
		message: `${decision.reentry ? decision.message : 'Повторное обращение: открыт новый эпизод услуги, история сохранена.'}${requestedNote}`,
		override: null,
	});
	plan.createEpisodes.push(opened);
	plan.candidate = entry.candidate;
	plan.events.push(
		episodeEvent(state, opened, request, keys.primary, {
			type: 'Связь с кандидатом',
			title: 'Повторное обращение: рекрутер изучает историю и проводит новое собеседование',
			description: request.description,
			details: { reentry: { previousState: routeState, requested, appealsBefore: history.appeals } },
		}),
	);
	plan.outcome.openedEpisodeId = opened.id;
	plan.outcome.history = history;
	return plan;
}
