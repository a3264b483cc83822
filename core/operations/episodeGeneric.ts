import { serviceName, type Episode, type EventTypeName } from '../../schemas';
import { referralPlannedEndDate } from '../route';
import { startCareerGuidance, completeCareerGuidance, recordCareerGuidanceViolation } from './careerGuidance';
import type { EpisodeOperation, EpisodeRequest } from './episodeRequest';
import { currentServiceAfter, episodeEvent, EpisodeRuleError, resolveEpisode, requireStatus, serviceOf, type EpisodePlan, type EpisodeState, type PlanKeys } from './episodeRules';
import { baseOutcome, branchAfterRefusal, closingPatch, nextServiceSentence, operationLabel } from './episodeSteps';
import { planServiceReferral } from './episodeReferral';
import { planReentry } from './reentry';
import {
	changeAdaptation,
	changeAgreedStart,
	completeSupportedEmployment,
	dismissFromSupportedJob,
	recordInternalTrainingEnd,
	refuseBeforeContract,
	signLabourContract,
	startSupportedEmployment,
} from './supportedEmployment';
import {
	completeTemporaryEmployment,
	dismissFromTemporaryEmployment,
	recordTemporaryEmploymentViolation,
	returnToInternalSite,
	startExternalSite,
	startTemporaryEmployment,
} from './temporaryEmployment';

/**
 * Routes each operation to the rules of its service. Services 1, 2 and 5 have no limits of their own and
 * share the plain start, completion, interruption and refusal defined here.
 */

/** Returns the event type of a plain start or end: the tutor of service 1 acts as a consultant, other services record a contact. */
function contactEventType(episode: Episode): EventTypeName {
	return serviceOf(episode) === 1 ? 'Собеседование кандидата с консультантом' : 'Связь с кандидатом';
}

function startPlain(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Направлен'], operationLabel(request));
	const service = serviceOf(episode);
	const plannedEnd = referralPlannedEndDate(service, request.date);
	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { status: 'Оказывается', startDate: request.date, plannedEndDate: plannedEnd, ...(request.plan ? { plan: request.plan } : {}) } }],
		candidate: service === 2 ? { currentService: episode.service } : {},
		events: [episodeEvent(state, episode, request, keys.primary, { type: contactEventType(episode), title: `Начало услуги «${episode.service}»`, recommendations: request.recommendations })],
		outcome: baseOutcome(request, episode, 'Оказывается', `Услуга «${episode.service}» оказывается с ${request.date}.`),
	};
	plan.outcome.plannedEndDate = plannedEnd;
	return plan;
}

function completePlain(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	return {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: closingPatch(episode, request, 'Завершена') }],
		candidate: currentServiceAfter(state, episode, request.nextService),
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: contactEventType(episode),
				title: `Завершение услуги «${episode.service}»`,
				resultForCandidate: request.outcome,
				recommendations: request.recommendations,
				recommendedService: request.nextService ? serviceName(request.nextService) : undefined,
			}),
		],
		outcome: baseOutcome(request, episode, 'Завершена', `Услуга «${episode.service}» завершена ${request.date}.${nextServiceSentence(request.nextService)}`),
	};
}

function interrupt(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	const service = serviceOf(episode);
	if (service === 4 && episode.status === 'Оказывается') {
		throw new EpisodeRuleError(['Временное трудоустройство прерывается увольнением: выберите операцию «Увольнение» (по собственному желанию или после трех нарушений).']);
	}
	if (service === 6 && episode.status === 'Оказывается') {
		throw new EpisodeRuleError([
			episode.stage === 'Предоставление'
				? 'Трудовой договор подписан: уход с работы записывается операцией «Увольнение».'
				: 'До подписания трудового договора выберите операцию «Отказ до трудового договора» и укажите, кто отказал.',
		]);
	}
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	return {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: closingPatch(episode, request, 'Прервана') }],
		candidate: currentServiceAfter(state, episode, request.nextService),
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Иное',
				title: `Услуга «${episode.service}» прервана`,
				description: request.outcome,
				recommendedService: request.nextService ? serviceName(request.nextService) : undefined,
			}),
		],
		outcome: baseOutcome(request, episode, 'Прервана', `Услуга «${episode.service}» прервана ${request.date}.${nextServiceSentence(request.nextService)}`),
	};
}

function refuse(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	const service = serviceOf(episode);
	if (service === 6) {
		return refuseBeforeContract(state, episode, { ...request, refusedBy: request.refusedBy ?? 'Пользователь' }, keys);
	}
	if (service === 4 && episode.status === 'Оказывается') {
		throw new EpisodeRuleError(['Пользователь уже работает на площадке: его уход записывается операцией «Увольнение» по собственному желанию.']);
	}
	requireStatus(episode, ['Направлен', 'Оказывается'], operationLabel(request));
	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: closingPatch(episode, request, 'Отказ') }],
		candidate: currentServiceAfter(state, episode, request.nextService),
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Иное',
				title: `Отказ от услуги «${episode.service}»`,
				description: request.outcome ?? request.description,
				recommendedService: request.nextService ? serviceName(request.nextService) : undefined,
			}),
		],
		outcome: baseOutcome(request, episode, 'Отказ', `Отказ от услуги «${episode.service}» ${request.date}.${nextServiceSentence(request.nextService)}`),
	};
	plan.outcome.branch = branchAfterRefusal(request.nextService, [5, 2, 1]);
	plan.outcome.offeredServices = [5, 2, 1];
	return plan;
}

type Planner = (state: EpisodeState, request: EpisodeRequest, keys: PlanKeys) => EpisodePlan;

function byService(allowed: Parameters<typeof resolveEpisode>[2], plans: Partial<Record<number, (state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys) => EpisodePlan>>, fallback?: (state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys) => EpisodePlan, options: { latestWhenNoneOpen?: boolean } = {}): Planner {
	return (state, request, keys) => {
		const episode = resolveEpisode(state, request, allowed, operationLabel(request), options);
		const plan = plans[serviceOf(episode)] ?? fallback;
		if (!plan) {
			throw new EpisodeRuleError([`Операция «${operationLabel(request)}» не применяется к услуге «${episode.service}».`]);
		}
		return plan(state, episode, request, keys);
	};
}

const PLANNERS: Record<EpisodeOperation, Planner> = {
	start: byService(null, { 3: startCareerGuidance, 4: startTemporaryEmployment, 6: startSupportedEmployment }, startPlain),
	complete: byService(null, { 3: completeCareerGuidance, 4: completeTemporaryEmployment, 6: completeSupportedEmployment }, completePlain),
	interrupt: byService(null, {}, interrupt),
	refuse: byService(null, {}, refuse),
	violation: byService([3, 4], { 3: recordCareerGuidanceViolation, 4: recordTemporaryEmploymentViolation }, undefined, { latestWhenNoneOpen: true }),
	externalSiteStart: byService([4], { 4: startExternalSite }),
	externalSiteReturn: byService([4], { 4: returnToInternalSite }),
	dismissal: byService([4, 6], { 4: dismissFromTemporaryEmployment, 6: dismissFromSupportedJob }, undefined, { latestWhenNoneOpen: true }),
	contractSigned: byService([6], { 6: signLabourContract }),
	adaptationChange: byService([6], { 6: changeAdaptation }),
	agreedStartChange: byService([6], { 6: changeAgreedStart }),
	refusalBeforeContract: byService([6], { 6: refuseBeforeContract }),
	internalTrainingEnd: byService([6], { 6: recordInternalTrainingEnd }),
	reentry: planReentry,
	refer: planServiceReferral,
};

/** Plans the writes of one request from the candidate's stored rows; throws a Russian error when a rule forbids it. */
export function planEpisodeOperation(state: EpisodeState, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	const planner = PLANNERS[request.operation];
	if (!planner) {
		throw new EpisodeRuleError([`Операция «${String(request.operation)}» неизвестна.`]);
	}
	return planner(state, request, keys);
}
