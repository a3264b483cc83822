import { serviceName, type Episode, type ServiceNumber } from '../../schemas';
import { stableId } from '../ids';
import { checkPreconditions } from '../preconditions';
import { EXCLUSIVE_SERVICES, planReferral, RouteError, type ReferralPlan } from '../route';
import type { EpisodeRequest } from './episodeRequest';
import { episodeEvent, EpisodeRuleError, isOpen, recordOverride, requireVacancy, serviceOf, settleRules, type EpisodePlan, type EpisodeState, type PlanKeys, type RuleProblem } from './episodeRules';
import { baseOutcome, operationLabel } from './episodeSteps';
import { SERVICE5_STATES } from './supportedEmployment';

/**
 * Operation «Направить на услугу»: refers a candidate to a service from a workflow, e.g. to service 4 after
 * service 3, or to service 5, 2 or 1 after a refusal or dismissal. It checks the preconditions of the service
 * on the referral date and opens a new episode with the status «Направлен» through `planReferral`. The one
 * exception is service 2 while its episode is open: the user goes back to the recruiter in that episode.
 */

const SERVICE_2 = serviceName(2);

/** Returns the episode named in «Кем направлен», which must belong to the candidate; null when the field is empty. */
function referringEpisode(state: EpisodeState, id: string | undefined): Episode | null {
	if (!id) {
		return null;
	}
	const episode = state.episodes.find((candidate) => candidate.id === id);
	if (!episode) {
		throw new EpisodeRuleError(['Поле «Кем направлен»: эпизод с таким ключом не найден у этого кандидата. Проверьте ключ или оставьте поле пустым.']);
	}
	return episode;
}

/** Rejects a referral that only a new entry to the route can make: the route services 2, 3, 4 and 6 need the status «Пользователь». */
function requireRouteState(state: EpisodeState, service: ServiceNumber): void {
	const routeState = state.candidate.routeState ?? 'Выпускник';
	if (routeState === 'Пользователь' || service === 1 || service === 5) {
		return;
	}
	if (routeState === 'Выпускник') {
		throw new EpisodeRuleError([
			`Кандидат еще не вошел в технологию: первое обращение оформляется собеседованием с рекрутером в услуге «${SERVICE_2}» (узел «ТЖЦТ: направление после собеседования»).`,
		]);
	}
	throw new EpisodeRuleError([
		`Статус маршрута — «${routeState}»: повторное обращение начинается с услуги «${SERVICE_2}». Выберите операцию «Повторное обращение», а после нового собеседования направьте на услугу «${serviceName(service)}».`,
	]);
}

/** Returns the problems of the service's preconditions on the referral date; a recorded reason may set each aside. */
function referralProblems(state: EpisodeState, service: ServiceNumber, request: EpisodeRequest): RuleProblem[] {
	const result = checkPreconditions(service, {
		asOf: request.date,
		candidate: state.candidate,
		episodes: state.episodes,
		events: state.events,
		vacancies: state.openVacancies ?? null,
		highMotivation: request.highMotivation ?? null,
		skillsInsufficientForVacancies: request.skillsInsufficient ?? null,
		employerOffer: request.employerOffer ?? null,
		service5Recommendations: request.service5Recommendations ? SERVICE5_STATES[request.service5Recommendations] : null,
	});
	const problems = result.problems.map((message) => ({ message, overridable: true }));

	if (EXCLUSIVE_SERVICES.includes(service)) {
		// planReferral closes the open episode of another exclusive service, which skips the checks of that service's own closing operation.
		for (const other of state.episodes.filter((episode) => isOpen(episode) && EXCLUSIVE_SERVICES.includes(serviceOf(episode)) && serviceOf(episode) !== service)) {
			problems.push({
				message: `Открыт эпизод услуги «${other.service}», а услуги 3, 4 и 6 не оказываются одновременно. Закройте его операцией «Завершить», «Прервать» или «Увольнение»; с причиной исключения он будет прерван датой направления.`,
				overridable: true,
			});
		}
	}
	return problems;
}

/**
 * Records a return to the recruiter while the user's service-2 episode is open: service 2 runs until the exit
 * point, so no second episode is opened, and the candidate's current service becomes service 2.
 */
function returnToRecruiter(state: EpisodeState, open: Episode, request: EpisodeRequest, keys: PlanKeys, referredBy: Episode | null): EpisodePlan {
	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [],
		candidate: state.candidate.currentService === SERVICE_2 ? {} : { currentService: SERVICE_2 },
		events: [
			episodeEvent(state, open, request, keys.primary, {
				type: 'Связь с кандидатом',
				title: `Направление на услугу «${SERVICE_2}»: возвращение к рекрутеру`,
				description: request.description,
				recommendedService: SERVICE_2,
				details: { referral: { service: 2, referredBy: referredBy?.id ?? null, episode: open.id, opened: false } },
			}),
		],
		outcome: baseOutcome(request, open, open.status, `Эпизод услуги «${SERVICE_2}» открыт: пользователь возвращается к рекрутеру в нем, новый эпизод не создается.`),
	};
	plan.outcome.nextService = null;
	return plan;
}

function plannedReferral(state: EpisodeState, service: ServiceNumber, request: EpisodeRequest, keys: PlanKeys, referredBy: Episode | null, vacancyId: string | null): ReferralPlan {
	try {
		return planReferral(state.candidate, state.episodes, {
			date: request.date,
			// The key follows the request, so a retry of the same referral finds the episode it opened.
			primary: { service, episodeId: stableId('ep', state.candidate.id, service, request.date, keys.primary) },
			referredBy: referredBy?.id ?? null,
			vacancyId,
			specialistId: request.specialistId ?? null,
			closePreviousAs: 'Прервана',
		});
	} catch (error) {
		if (error instanceof RouteError) {
			throw new EpisodeRuleError([error.message]);
		}
		throw error;
	}
}

/** Plans a referral of the candidate to `request.service`; throws a Russian error when a rule forbids it. */
export function planServiceReferral(state: EpisodeState, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	const service = request.service;
	if (!service) {
		throw new EpisodeRuleError(['Не выбрана «Услуга», на которую направляется пользователь: выберите услугу от 1 до 6.']);
	}
	const referredBy = referringEpisode(state, request.referredBy);
	requireRouteState(state, service);

	const open = state.episodes.find((episode) => isOpen(episode) && serviceOf(episode) === service);
	if (open && service === 2) {
		return returnToRecruiter(state, open, request, keys, referredBy);
	}
	if (open) {
		throw new EpisodeRuleError([
			`У пользователя уже есть открытый эпизод услуги «${open.service}» со статусом «${open.status}»: новый не открывается. Продолжайте в нем или сначала закройте его.`,
		]);
	}
	const vacancyId = service === 6 && request.vacancyId ? requireVacancy(state, request.vacancyId, 'Вакансия (ключ)').id : null;

	const override = settleRules(referralProblems(state, service, request), request.overrideReason);
	const referral = plannedReferral(state, service, request, keys, referredBy, vacancyId);
	const opened = referral.create[0];
	if (!opened) {
		throw new EpisodeRuleError([referral.skipped[0]?.reason ?? `Эпизод услуги «${serviceName(service)}» уже открыт.`]);
	}

	const closed = referral.update.map((update) => state.episodes.find((episode) => episode.id === update.id)?.service ?? update.id);
	const closedText = closed.length > 0 ? ` Эпизод услуги ${closed.map((name) => `«${name}»`).join(', ')} прерван ${request.date}.` : '';
	const endText = opened.plannedEndDate ? ` Плановое окончание — ${opened.plannedEndDate}.` : '';
	const plan: EpisodePlan = {
		createEpisodes: [opened],
		updateEpisodes: referral.update.map((update) => ({ id: update.id, patch: { ...update.patch } })),
		candidate: referral.candidate,
		events: [
			episodeEvent(state, opened, request, keys.primary, {
				type: 'Связь с кандидатом',
				title: `Направление на услугу «${opened.service}»`,
				description: request.description,
				recommendedService: opened.service,
				vacancy: vacancyId ?? undefined,
				details: { referral: { service, referredBy: opened.referredBy ?? null, episode: opened.id, opened: true, closed: referral.update.map((update) => update.id) } },
			}),
		],
		outcome: baseOutcome(request, opened, 'Направлен', `Пользователь направлен на услугу «${opened.service}» ${request.date}.${endText}${closedText}`),
	};
	plan.outcome.nextService = null;
	plan.outcome.openedEpisodeId = opened.id;
	plan.outcome.plannedEndDate = opened.plannedEndDate ?? null;

	recordOverride(plan, opened, override, request.date, operationLabel(request));
	// recordOverride patches a stored episode; the opened one is not stored yet, so its row takes the patch.
	const patch = plan.updateEpisodes.find((update) => update.id === opened.id);
	if (patch) {
		Object.assign(opened, patch.patch);
		plan.updateEpisodes = plan.updateEpisodes.filter((update) => update !== patch);
	}
	return plan;
}
