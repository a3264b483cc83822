import { serviceName, type Episode, type EpisodeStatus, type ServiceNumber } from '../../schemas';
import { addDays, compareDates, type IsoDate } from '../calendar';
import { checkPreconditions, type PreconditionContext } from '../preconditions';
import { EPISODE_OPERATION_LABELS, type EpisodeOutcome, type EpisodeRequest } from './episodeRequest';
import { EpisodeRuleError, serviceOf, stageOf, type EpisodePlan, type EpisodeState, type RuleProblem } from './episodeRules';

/** Steps that several services share: date order, preconditions, and the patches that start or close an episode. */

export function requireNotBefore(date: IsoDate, earliest: IsoDate | null | undefined, dateField: string, earliestField: string): void {
	if (earliest && compareDates(date, earliest) < 0) {
		throw new EpisodeRuleError([`«${dateField}» (${date}) раньше, чем «${earliestField}» (${earliest}). Исправьте дату.`]);
	}
}

/**
 * Checks whether `service` may be provided to the candidate on `date`, leaving out the episode being
 * started, which is itself open. Each problem may be set aside with a recorded reason.
 */
export function preconditionProblems(state: EpisodeState, episode: Episode, date: IsoDate, extra: Partial<PreconditionContext> = {}): RuleProblem[] {
	const result = checkPreconditions(serviceOf(episode), {
		asOf: date,
		candidate: state.candidate,
		episodes: state.episodes.filter((other) => other.id !== episode.id),
		events: state.events,
		...extra,
	});
	return result.problems.map((message) => ({ message, overridable: true }));
}

/** Returns the outcome fields that every operation on one episode shares. */
export function baseOutcome(request: EpisodeRequest, episode: Episode, status: EpisodeStatus, message: string): EpisodePlan['outcome'] {
	return {
		operation: request.operation,
		candidateId: episode.candidate,
		episodeId: episode.id,
		service: serviceOf(episode),
		status,
		stage: stageOf(episode),
		branch: 'done',
		offeredServices: [],
		nextService: request.nextService ?? null,
		message,
		override: null,
	};
}

/** Patch that closes an open episode on the request's date with its outcome and the next recommended service. */
export function closingPatch(episode: Episode, request: EpisodeRequest, status: Extract<EpisodeStatus, 'Завершена' | 'Прервана' | 'Отказ'>): Partial<Episode> {
	requireNotBefore(request.date, episode.startDate, 'Дата окончания', 'Дата начала эпизода');
	const patch: Partial<Episode> = { status, actualEndDate: request.date };
	const outcome = request.outcome?.trim();
	if (outcome) {
		patch.outcome = outcome;
	}
	if (request.nextService) {
		patch.nextService = serviceName(request.nextService);
	}
	return patch;
}

/** Returns the date from which the user is counted as having received two weeks of a service. */
export function twoWeeksAfter(date: IsoDate): IsoDate {
	return addDays(date, 14);
}

/** Returns a Russian sentence naming the next recommended service, or an empty string. */
export function nextServiceSentence(next: ServiceNumber | null | undefined): string {
	return next ? ` Следующая рекомендованная услуга — «${serviceName(next)}».` : '';
}

export function operationLabel(request: EpisodeRequest): string {
	return EPISODE_OPERATION_LABELS[request.operation];
}

/** Returns the output of a refusal: the chosen offered service, «Нужно решение» when none was chosen, else done. */
export function branchAfterRefusal(next: ServiceNumber | null | undefined, offered: readonly ServiceNumber[]): EpisodeOutcome['branch'] {
	if (!next) {
		return 'decision';
	}
	return offered.includes(next) ? (`service${next}` as EpisodeOutcome['branch']) : 'done';
}
