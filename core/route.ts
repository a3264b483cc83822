import { serviceName, serviceNumber, type Candidate, type Episode, type EpisodeStatus, type RouteState, type Scenario, type ServiceNumber } from '../schemas';
import { addMonths, compareDates, parseIsoDate, type IsoDate } from './calendar';

/**
 * The user's route as pure transitions: «Выпускник» → «Пользователь» (entry at the first recruiter
 * interview) → «Точка выхода» or «Выбыл». Each function takes the candidate and the candidate's episodes
 * and returns what to write: a patch of the candidate's route columns, new episodes and updates that
 * close or start one episode each. Inputs are never mutated, and history is never rewritten: an update
 * touches only an open episode, and a closed one stays as it was.
 */

/** The candidate columns the route reads. */
type RouteCandidate = Pick<Candidate, 'id'> & Partial<Pick<Candidate, 'routeState' | 'entryDate' | 'exitDate' | 'currentService'>>;

type CandidateRoutePatch = Partial<Pick<Candidate, 'routeState' | 'entryDate' | 'exitDate' | 'currentService'>>;

type EpisodePatch = Partial<Pick<Episode, 'status' | 'startDate' | 'plannedEndDate' | 'actualEndDate' | 'outcome' | 'nextService'>>;

interface EpisodeUpdate {
	id: string;
	patch: EpisodePatch;
}

interface RouteChange {
	previousState: RouteState;
	state: RouteState;
	/** Only the candidate columns that change; empty when nothing does. */
	candidate: CandidateRoutePatch;
	create: Episode[];
	update: EpisodeUpdate[];
	/** True when a new service-2 episode starts a repeated appeal. */
	reentry: boolean;
}

type RouteErrorCode = 'invalidDate' | 'invalidState' | 'duplicateId' | 'episodeNotFound' | 'episodeClosed' | 'invalidStatus' | 'tooEarly' | 'conflictingServices';

/** A transition the methodology does not allow; the message is Russian and names the fix. */
class RouteError extends Error {
	readonly code: RouteErrorCode;

	constructor(code: RouteErrorCode, message: string) {
		super(message);
		this.name = 'RouteError';
		this.code = code;
	}
}

/** Planned duration in months by service; a service without an entry has no planned end. */
type ServiceDurations = Partial<Record<ServiceNumber, number>>;

/**
 * Professional orientation one month, temporary employment up to nine, adaptation in supported employment
 * six. NOTE: the six months of service 6 run from the labour contract. A referral counts them from the
 * referral date until `startEpisode` moves the start to the real date.
 */
const DEFAULT_SERVICE_DURATIONS: Readonly<ServiceDurations> = Object.freeze({ 3: 1, 4: 9, 6: 6 });

/** The exit point: more than this many months of work under a labour contract without support. */
const EXIT_MONTHS = 6;

/** Services that run in parallel with any other; the others (3, 4 and 6) exclude each other. */
const PARALLEL_SERVICES: readonly ServiceNumber[] = [1, 5];
const EXCLUSIVE_SERVICES: readonly ServiceNumber[] = [3, 4, 6];

const OPEN_STATUSES: readonly EpisodeStatus[] = ['Направлен', 'Оказывается'];
const CLOSING_STATUSES: readonly EpisodeStatus[] = ['Завершена', 'Прервана', 'Отказ'];

function stateOf(candidate: RouteCandidate): RouteState {
	return candidate.routeState ?? 'Выпускник';
}

function requireDate(date: IsoDate, what: string): void {
	if (!parseIsoDate(date)) {
		throw new RouteError('invalidDate', `${what}: укажите дату в формате ГГГГ-ММ-ДД.`);
	}
}

function historyOf(candidate: RouteCandidate, episodes: readonly Episode[]): Episode[] {
	return episodes.filter((episode) => episode.candidate === candidate.id);
}

function numberOf(episode: Episode): ServiceNumber | undefined {
	return serviceNumber(episode.service);
}

function isOpen(episode: Episode): boolean {
	return OPEN_STATUSES.includes(episode.status);
}

function openEpisodes(history: readonly Episode[], service?: ServiceNumber): Episode[] {
	return history.filter((episode) => isOpen(episode) && (service === undefined || numberOf(episode) === service));
}

function requireNewIds(episodes: readonly Episode[], ids: readonly string[]): void {
	const seen = new Set(episodes.map((episode) => episode.id));
	for (const id of ids) {
		if (!id) {
			throw new RouteError('duplicateId', 'Не передан ключ нового эпизода услуги.');
		}
		if (seen.has(id)) {
			throw new RouteError('duplicateId', `Эпизод с ключом «${id}» уже существует: передайте новый ключ.`);
		}
		seen.add(id);
	}
}

/** Computes the planned end of an episode that starts on `start`, or null when the service has no fixed duration. */
function referralPlannedEndDate(service: ServiceNumber, start: IsoDate, durations: ServiceDurations = DEFAULT_SERVICE_DURATIONS): IsoDate | null {
	const months = durations[service];
	return months === undefined ? null : addMonths(start, months);
}

interface EnterInput {
	/** Date of the recruiter interview. */
	date: IsoDate;
	/** Id for the service-2 episode that this interview opens. */
	episodeId: string;
	specialistId?: string | null;
	organisationId?: string | null;
}

/**
 * Records a recruiter interview. The first one makes a graduate a user and sets the entry date. A later
 * one, after the user left, reached the exit or closed every service-2 episode, is a repeated appeal: it
 * opens a new service-2 episode marked as re-entry and keeps the history. An interview while a service-2
 * episode is open changes nothing.
 */
function enterRoute(candidate: RouteCandidate, episodes: readonly Episode[], input: EnterInput): RouteChange {
	requireDate(input.date, 'Дата собеседования с рекрутером');
	const previousState = stateOf(candidate);
	const history = historyOf(candidate, episodes);

	if (previousState === 'Пользователь' && openEpisodes(history, 2).length > 0) {
		return { previousState, state: previousState, candidate: {}, create: [], update: [], reentry: false };
	}
	requireNewIds(episodes, [input.episodeId]);

	const reentry = previousState !== 'Выпускник' || history.some((episode) => numberOf(episode) === 2);
	const episode: Episode = {
		id: input.episodeId,
		candidate: candidate.id,
		service: serviceName(2),
		status: 'Оказывается',
		startDate: input.date,
		plannedEndDate: null,
		actualEndDate: null,
		specialist: input.specialistId ?? null,
		organisation: input.organisationId ?? null,
		reentry,
	};

	const patch: CandidateRoutePatch = { routeState: 'Пользователь', currentService: serviceName(2) };
	if (!candidate.entryDate) {
		patch.entryDate = input.date;
	}
	return { previousState, state: 'Пользователь', candidate: patch, create: [episode], update: [], reentry };
}

interface ReferralTarget {
	service: ServiceNumber;
	episodeId: string;
}

interface ReferralPlanInput {
	date: IsoDate;
	/** The main service of the referral; its name becomes the candidate's current service. */
	primary: ReferralTarget;
	/** Services recommended at the same time, e.g. service 1 to get an ИНН. */
	parallel?: readonly ReferralTarget[];
	/** The referring episode; defaults to the open service-2 episode. */
	referredBy?: string | null;
	scenario?: Scenario | null;
	/** Stored on the service-6 episode only. */
	vacancyId?: string | null;
	/** The specialist of the primary service. */
	specialistId?: string | null;
	organisationId?: string | null;
	plan?: string | null;
	/** Status for closing an open episode of another service among 3, 4 and 6; «Завершена» when absent. */
	closePreviousAs?: 'Завершена' | 'Прервана';
	durations?: ServiceDurations;
}

interface ReferralPlan {
	create: Episode[];
	/** Closes an open episode of another service among 3, 4 and 6, which cannot run together. */
	update: EpisodeUpdate[];
	candidate: CandidateRoutePatch;
	/** Requested services that already have an open episode, with a Russian reason; nothing is opened twice. */
	skipped: Array<{ service: ServiceNumber; reason: string }>;
}

function requireReferralState(candidate: RouteCandidate, services: readonly ServiceNumber[]): void {
	const state = stateOf(candidate);
	if (state === 'Пользователь') {
		return;
	}
	const inRouteOnly = services.filter((service) => !PARALLEL_SERVICES.includes(service));
	if (inRouteOnly.length === 0) {
		return;
	}
	const names = inRouteOnly.map((service) => `«${serviceName(service)}»`).join(', ');
	throw new RouteError(
		'invalidState',
		`Направить на ${names} можно только пользователя, а статус маршрута — «${state}». Сначала проведите собеседование с рекрутером в услуге «${serviceName(2)}».`,
	);
}

/**
 * Plans the episodes a referral opens, with a planned end where the methodology gives a duration: one
 * month for service 3, up to nine months for service 4, six months of adaptation for service 6. New
 * episodes start as «Направлен» on the referral date. Services 1 and 5 run in parallel with any other.
 * Opening one of services 3, 4 and 6 closes an open episode of another of them.
 */
function planReferral(candidate: RouteCandidate, episodes: readonly Episode[], input: ReferralPlanInput): ReferralPlan {
	requireDate(input.date, 'Дата направления');
	const targets = [input.primary, ...(input.parallel ?? [])];
	const services = targets.map((target) => target.service);
	requireReferralState(candidate, services);

	const exclusive = services.filter((service) => EXCLUSIVE_SERVICES.includes(service));
	if (new Set(exclusive).size > 1) {
		throw new RouteError('conflictingServices', `Услуги ${exclusive.map((service) => `«${serviceName(service)}»`).join(' и ')} не оказываются одновременно: выберите одну.`);
	}

	const history = historyOf(candidate, episodes);
	const referredBy = input.referredBy ?? openEpisodes(history, 2)[0]?.id ?? null;
	const durations = input.durations ?? DEFAULT_SERVICE_DURATIONS;
	const plan: ReferralPlan = { create: [], update: [], candidate: {}, skipped: [] };

	const toOpen: ReferralTarget[] = [];
	for (const target of targets) {
		if (openEpisodes(history, target.service).length > 0 || toOpen.some((planned) => planned.service === target.service)) {
			plan.skipped.push({ service: target.service, reason: `Эпизод услуги «${serviceName(target.service)}» уже открыт: новый не создается.` });
		} else {
			toOpen.push(target);
		}
	}
	requireNewIds(episodes, toOpen.map((target) => target.episodeId));

	for (const target of toOpen) {
		const isPrimary = target === input.primary;
		plan.create.push({
			id: target.episodeId,
			candidate: candidate.id,
			service: serviceName(target.service),
			status: 'Направлен',
			startDate: input.date,
			plannedEndDate: referralPlannedEndDate(target.service, input.date, durations),
			actualEndDate: null,
			specialist: isPrimary ? (input.specialistId ?? null) : null,
			organisation: input.organisationId ?? null,
			plan: isPrimary ? (input.plan ?? null) : null,
			scenario: input.scenario ?? null,
			vacancy: target.service === 6 ? (input.vacancyId ?? null) : null,
			referredBy,
		});

		if (EXCLUSIVE_SERVICES.includes(target.service)) {
			for (const previous of openEpisodes(history).filter((episode) => EXCLUSIVE_SERVICES.includes(numberOf(episode) as ServiceNumber) && numberOf(episode) !== target.service)) {
				plan.update.push({
					id: previous.id,
					patch: { status: input.closePreviousAs ?? 'Завершена', actualEndDate: input.date, nextService: serviceName(target.service) },
				});
			}
		}
	}

	const primaryName = serviceName(input.primary.service);
	if (toOpen.includes(input.primary) && candidate.currentService !== primaryName) {
		plan.candidate.currentService = primaryName;
	}
	return plan;
}

function findOpen(episodes: readonly Episode[], episodeId: string): Episode {
	const episode = episodes.find((candidate) => candidate.id === episodeId);
	if (!episode) {
		throw new RouteError('episodeNotFound', `Эпизод услуги с ключом «${episodeId}» не найден.`);
	}
	if (!isOpen(episode)) {
		throw new RouteError('episodeClosed', `Эпизод услуги «${episode.service}» уже закрыт со статусом «${episode.status}»: история не меняется, откройте новый эпизод.`);
	}
	return episode;
}

/** Marks a referred episode as being provided from `date`, moving its planned end with the start. */
function startEpisode(episodes: readonly Episode[], input: { episodeId: string; date: IsoDate; durations?: ServiceDurations }): EpisodeUpdate {
	requireDate(input.date, 'Дата начала услуги');
	const episode = findOpen(episodes, input.episodeId);
	if (episode.status !== 'Направлен') {
		throw new RouteError('invalidStatus', `Эпизод услуги «${episode.service}» уже оказывается с ${episode.startDate ?? 'неизвестной даты'}.`);
	}
	const service = numberOf(episode);
	const planned = service ? referralPlannedEndDate(service, input.date, input.durations ?? DEFAULT_SERVICE_DURATIONS) : null;
	return { id: episode.id, patch: { status: 'Оказывается', startDate: input.date, plannedEndDate: planned ?? episode.plannedEndDate ?? null } };
}

interface CloseInput {
	episodeId: string;
	date: IsoDate;
	status: 'Завершена' | 'Прервана' | 'Отказ';
	outcome?: string | null;
	nextService?: ServiceNumber | null;
}

/** Closes one open episode; its start, plan and links stay as they were. */
function closeEpisode(episodes: readonly Episode[], input: CloseInput): EpisodeUpdate {
	requireDate(input.date, 'Дата окончания услуги');
	if (!CLOSING_STATUSES.includes(input.status)) {
		throw new RouteError('invalidStatus', `Эпизод закрывается со статусом ${CLOSING_STATUSES.map((status) => `«${status}»`).join(', ')}.`);
	}
	const episode = findOpen(episodes, input.episodeId);
	if (episode.startDate && compareDates(input.date, episode.startDate) < 0) {
		throw new RouteError('tooEarly', `Дата окончания ${input.date} раньше даты начала эпизода ${episode.startDate}: исправьте дату.`);
	}
	const patch: EpisodePatch = { status: input.status, actualEndDate: input.date };
	if (input.outcome) {
		patch.outcome = input.outcome;
	}
	if (input.nextService) {
		patch.nextService = serviceName(input.nextService);
	}
	return { id: episode.id, patch };
}

/**
 * Records that the user left the technology before the exit point. Every open episode closes on `date`:
 * one being provided as «Прервана», a referral not yet started as «Отказ».
 */
function leaveRoute(candidate: RouteCandidate, episodes: readonly Episode[], input: { date: IsoDate; reason?: string | null }): RouteChange {
	requireDate(input.date, 'Дата выбытия');
	const previousState = stateOf(candidate);
	if (previousState !== 'Пользователь') {
		throw new RouteError('invalidState', `Выбыть может только пользователь, а статус маршрута — «${previousState}».`);
	}

	const update = openEpisodes(historyOf(candidate, episodes)).map((episode) => {
		const patch: EpisodePatch = { status: episode.status === 'Направлен' ? 'Отказ' : 'Прервана', actualEndDate: input.date };
		if (input.reason) {
			patch.outcome = input.reason;
		}
		return { id: episode.id, patch };
	});
	return { previousState, state: 'Выбыл', candidate: { routeState: 'Выбыл', currentService: null }, create: [], update, reentry: false };
}

/**
 * Records the exit point: more than six months of work under a labour contract without support. Open
 * episodes of services 2, 3, 4 and 6 close as «Завершена»; services 1 and 5 stay open, because they remain
 * available after the exit. When `unsupportedWorkSince` is given, an earlier exit is rejected.
 */
function reachExit(candidate: RouteCandidate, episodes: readonly Episode[], input: { date: IsoDate; unsupportedWorkSince?: IsoDate | null }): RouteChange {
	requireDate(input.date, 'Дата выхода');
	const previousState = stateOf(candidate);
	if (previousState !== 'Пользователь') {
		throw new RouteError('invalidState', `Точку выхода фиксируют только для пользователя, а статус маршрута — «${previousState}».`);
	}
	if (input.unsupportedWorkSince) {
		requireDate(input.unsupportedWorkSince, 'Дата начала работы без сопровождения');
		const earliest = addMonths(input.unsupportedWorkSince, EXIT_MONTHS);
		if (compareDates(input.date, earliest) <= 0) {
			throw new RouteError('tooEarly', `Точка выхода — более ${EXIT_MONTHS} месяцев работы без сопровождения: с ${input.unsupportedWorkSince} ее можно зафиксировать после ${earliest}.`);
		}
	}

	const update = openEpisodes(historyOf(candidate, episodes))
		.filter((episode) => !PARALLEL_SERVICES.includes(numberOf(episode) as ServiceNumber))
		.map((episode) => ({ id: episode.id, patch: { status: 'Завершена' as const, actualEndDate: input.date } }));
	return {
		previousState,
		state: 'Точка выхода',
		candidate: { routeState: 'Точка выхода', exitDate: input.date, currentService: null },
		create: [],
		update,
		reentry: false,
	};
}

export {
	DEFAULT_SERVICE_DURATIONS,
	EXCLUSIVE_SERVICES,
	EXIT_MONTHS,
	PARALLEL_SERVICES,
	RouteError,
	closeEpisode,
	enterRoute,
	leaveRoute,
	planReferral,
	referralPlannedEndDate,
	reachExit,
	startEpisode,
};
export type {
	CandidateRoutePatch,
	CloseInput,
	EnterInput,
	EpisodePatch,
	EpisodeUpdate,
	ReferralPlan,
	ReferralPlanInput,
	ReferralTarget,
	RouteCandidate,
	RouteChange,
	RouteErrorCode,
	ServiceDurations,
};
