import { serviceName, serviceNumber, type Candidate, type Episode, type LifecycleEvent, type RouteState, type ServiceNumber } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import { compareDates, type IsoDate } from '../calendar';
import { buildRouteTimeline, firstWorkingDay, type RouteTimeline } from '../checkpoints';
import { LifecycleRuleError, requireIsoDate } from '../durations';
import { checkEventDraft, eventRow, type EventDraft } from '../events';
import { stableId } from '../ids';
import { computeExitClock, employmentsFromTimeline, recordExit, recordWithdrawal, SERVICES_AFTER_EXIT, type ExitClock } from '../exit';
import { leaveRoute, reachExit, RouteError } from '../route';
import { lastWithdrawalDate } from './history';
import { failure, withoutMeta, type ItemResult } from './result';

/**
 * The exit and the withdrawal. A user reaches «Точка выхода» after more than six months of work under a
 * labour contract without support. Leaving earlier is a withdrawal («Выбыл») with a required reason.
 * Service 5 stays available after the exit, and a returning user re-enters at service 2 (the episode
 * node's «Повторное обращение»).
 */

export type ExitStatus = 'exit' | 'notYet' | 'withdrawn';

export interface ExitCheckRequest {
	candidateId: string;
	/** The calendar date to compute the clock for, in the organisation's time zone. */
	today: IsoDate;
	/** Writes the exit when it is due; false only reports. */
	record: boolean;
	specialistId?: string;
}

export interface ExitOutcome {
	status: ExitStatus;
	candidateId: string;
	routeState: RouteState;
	clock: ExitClock | null;
	exitDate: IsoDate | null;
	/** True when this request wrote the exit or the withdrawal. */
	recorded: boolean;
	eventId: string | null;
	servicesStillAvailable: readonly ServiceNumber[];
	/** Russian summary for the consultant. */
	message: string;
}

export interface WithdrawalRequest {
	candidateId: string;
	date: IsoDate;
	reason: string;
	specialistId?: string;
}

interface Loaded {
	candidate: Candidate;
	episodes: Episode[];
	events: LifecycleEvent[];
}

async function load(tx: Base, candidateId: string): Promise<Loaded | undefined> {
	const stored = await tx.get('candidates', candidateId);
	if (!stored) {
		return undefined;
	}
	const episodes = (await tx.list('episodes', { where: { candidate: candidateId }, orderBy: [{ column: 'startDate' }] })).map((row) => withoutMeta(row) as Episode);
	const events = (await tx.list('events', { where: { candidate: candidateId }, orderBy: [{ column: 'date' }] })).map((row) => withoutMeta(row) as LifecycleEvent);
	return { candidate: withoutMeta(stored) as Candidate, episodes, events };
}

/** Returns the first day of the current route: the start of the latest repeated appeal, or null on a first route. */
function currentRouteStart(episodes: readonly Episode[]): IsoDate | null {
	const reentries = episodes.filter((episode) => serviceNumber(episode.service) === 2 && episode.reentry === true && episode.startDate).map((episode) => episode.startDate as IsoDate);
	return reentries.sort(compareDates).pop() ?? null;
}

/**
 * Builds the route timeline with the episode columns that the episode operations keep. The contract date,
 * the agreed adaptation and the dismissal date win over what the events alone give, and the agreed first
 * working day wins over the contract date, as in the checkpoint schedule. Jobs of an earlier
 * route (before the latest repeated appeal) do not count, because the exit they reached or missed belongs
 * to that route.
 */
export function exitTimeline(candidateId: string, episodes: readonly Episode[], events: readonly LifecycleEvent[]): RouteTimeline {
	const since = currentRouteStart(episodes);
	const timeline = buildRouteTimeline(candidateId, episodes, events);
	const byId = new Map(episodes.map((episode) => [episode.id, episode]));
	const current = timeline.episodes
		.filter((entry) => !since || compareDates(entry.start, since) >= 0)
		.map((entry) => {
			const row = byId.get(entry.id);
			if (entry.service !== 6 || !row) {
				return entry;
			}
			return {
				...entry,
				employmentStart: firstWorkingDay(entry.agreedStartDate, row.employmentStart ?? entry.employmentStart),
				adaptationMonths: row.adaptationMonths ?? entry.adaptationMonths,
				dismissalDate: row.dismissalDate ?? entry.dismissalDate,
			};
		});
	return { candidateId, episodes: current };
}

/** Computes the exit clock of the user's open-market jobs on `today`. */
export function exitClockOf(loaded: Loaded, today: IsoDate): ExitClock {
	return computeExitClock(employmentsFromTimeline(exitTimeline(loaded.candidate.id, loaded.episodes, loaded.events)), today);
}

function outcome(loaded: Loaded, status: ExitStatus, fields: Partial<ExitOutcome> & { message: string }): ExitOutcome {
	return {
		status,
		candidateId: loaded.candidate.id,
		routeState: loaded.candidate.routeState,
		clock: null,
		exitDate: loaded.candidate.exitDate ?? null,
		recorded: false,
		eventId: null,
		servicesStillAvailable: status === 'exit' ? SERVICES_AFTER_EXIT : [],
		...fields,
	};
}

function onDate(date: IsoDate | null | undefined): string {
	return date ? ` ${date}` : '';
}

function episodeWrites(updates: ReadonlyArray<{ id: string; patch: Partial<Episode> }>): WriteOperation[] {
	return updates.map((update): WriteOperation => ({ kind: 'update', table: 'episodes', id: update.id, patch: update.patch }));
}

function requireValid(draft: EventDraft): void {
	const problems = checkEventDraft(draft);
	if (problems.length > 0) {
		throw new LifecycleRuleError('invalidEvent', problems.join(' '));
	}
}

async function checkOne(tx: Base, request: ExitCheckRequest, context: WriteContext): Promise<ItemResult<ExitOutcome>> {
	const loaded = await load(tx, request.candidateId);
	if (!loaded) {
		return failure('Кандидат с таким ключом не найден в базе. Проверьте поле «Ключ кандидата».');
	}
	const state = loaded.candidate.routeState;
	if (state === 'Точка выхода') {
		return { ok: true, value: outcome(loaded, 'exit', { message: `Точка выхода уже зафиксирована${onDate(loaded.candidate.exitDate)}. Услуга «${serviceName(5)}» остается доступной.` }) };
	}
	if (state === 'Выбыл') {
		return { ok: true, value: outcome(loaded, 'withdrawn', { exitDate: null, message: `Пользователь выбыл${onDate(lastWithdrawalDate(loaded.events))}: при новом обращении он начинает с услуги «${serviceName(2)}».` }) };
	}
	if (state !== 'Пользователь') {
		return { ok: true, value: outcome(loaded, 'notYet', { exitDate: null, message: 'Кандидат еще не вошел в технологию: точка выхода не считается.' }) };
	}

	const clock = exitClockOf(loaded, request.today);
	if (clock.status !== 'exitDue') {
		return { ok: true, value: outcome(loaded, 'notYet', { clock, exitDate: clock.exitDate ?? null, message: clock.message }) };
	}
	const exit = recordExit(clock);
	if (!request.record) {
		return { ok: true, value: outcome(loaded, 'exit', { clock, exitDate: exit.exitDate, servicesStillAvailable: exit.servicesStillAvailable, message: `${clock.message} Запись не выполнялась.` }) };
	}

	const change = reachExit(loaded.candidate, loaded.episodes, { date: exit.exitDate, unsupportedWorkSince: clock.unsupportedSince ?? null });
	// The job's episode ends when support ended, not on the exit date, so the clock of this route stays as it was.
	const updates = change.update.map((update) => (update.id === exit.employmentId && clock.unsupportedSince ? { id: update.id, patch: { ...update.patch, actualEndDate: clock.unsupportedSince } } : update));
	const job = loaded.episodes.find((episode) => episode.id === exit.employmentId);
	const recruiter = loaded.episodes.find((episode) => serviceNumber(episode.service) === 2 && (episode.status === 'Оказывается' || episode.status === 'Направлен'));

	const draft: EventDraft = {
		type: 'Точка выхода',
		date: exit.exitDate,
		service: serviceName(2),
		candidate: loaded.candidate.id,
		title: 'Более 6 месяцев самостоятельной работы по трудовому договору',
		details: { exit: { employmentEpisode: exit.employmentId, unsupportedSince: clock.unsupportedSince, daysWithoutSupport: clock.daysWithoutSupport, recordedOn: request.today } },
		idempotencyKey: `exit:${loaded.candidate.id}:${exit.exitDate}`,
	};
	for (const [key, value] of Object.entries({ episode: recruiter?.id, vacancy: job?.vacancy, employer: job?.employer, specialist: request.specialistId })) {
		if (value) {
			(draft as Record<string, unknown>)[key] = value;
		}
	}
	requireValid(draft);
	const event = eventRow(draft);
	await tx.write([...episodeWrites(updates), { kind: 'update', table: 'candidates', id: loaded.candidate.id, patch: change.candidate }, { kind: 'insert', table: 'events', row: event, onConflict: 'skip' }], context, {
		atomic: true,
	});

	return {
		ok: true,
		value: outcome({ ...loaded, candidate: { ...loaded.candidate, ...change.candidate } }, 'exit', {
			clock,
			exitDate: exit.exitDate,
			recorded: true,
			eventId: event.id,
			servicesStillAvailable: exit.servicesStillAvailable,
			message: `Точка выхода зафиксирована: ${exit.exitDate}. Услуги сопровождения завершены; услуга «${serviceName(5)}» остается доступной.`,
		}),
	};
}

/**
 * Computes the exit clock of each user and records «Точка выхода» when more than six months of unsupported
 * work under a labour contract have passed. Each user is checked in its own transaction.
 */
export async function checkExitPoints(base: Base, requests: readonly ExitCheckRequest[], context: WriteContext): Promise<Array<ItemResult<ExitOutcome>>> {
	const outcomes: Array<ItemResult<ExitOutcome>> = [];
	for (const request of requests) {
		try {
			requireIsoDate(request.today, 'Дата проверки');
			outcomes.push(await base.transaction((tx) => checkOne(tx, request, context)));
		} catch (error) {
			outcomes.push(failure((error as Error).message));
		}
	}
	return outcomes;
}

async function withdrawOne(tx: Base, request: WithdrawalRequest, context: WriteContext): Promise<ItemResult<ExitOutcome>> {
	const loaded = await load(tx, request.candidateId);
	if (!loaded) {
		return failure('Кандидат с таким ключом не найден в базе. Проверьте поле «Ключ кандидата».');
	}
	const key = `withdrawal:${loaded.candidate.id}:${request.date}`;
	const eventId = stableId('evt', 'key', key);
	if (loaded.candidate.routeState === 'Выбыл' && loaded.events.some((event) => event.id === eventId)) {
		return { ok: true, value: outcome(loaded, 'withdrawn', { exitDate: null, message: `Выбытие ${request.date} уже записано.` }) };
	}

	const withdrawal = recordWithdrawal({ date: request.date, reason: request.reason }, exitClockOf(loaded, request.date));
	const change = leaveRoute(loaded.candidate, loaded.episodes, { date: withdrawal.date, reason: withdrawal.reason });
	const recruiter = loaded.episodes.find((episode) => serviceNumber(episode.service) === 2 && (episode.status === 'Оказывается' || episode.status === 'Направлен'));

	const draft: EventDraft = {
		type: 'Иное',
		date: withdrawal.date,
		service: serviceName(2),
		candidate: loaded.candidate.id,
		title: 'Выбытие до точки выхода',
		description: withdrawal.reason,
		recommendedService: serviceName(withdrawal.reentryService),
		details: { withdrawal: { date: withdrawal.date, closedEpisodes: change.update.map((update) => update.id) } },
		idempotencyKey: key,
	};
	for (const [field, value] of Object.entries({ episode: recruiter?.id, specialist: request.specialistId })) {
		if (value) {
			(draft as Record<string, unknown>)[field] = value;
		}
	}
	requireValid(draft);
	const event = eventRow(draft);
	const patch: Partial<Candidate> = change.candidate;
	await tx.write([...episodeWrites(change.update), { kind: 'update', table: 'candidates', id: loaded.candidate.id, patch }, { kind: 'insert', table: 'events', row: event, onConflict: 'skip' }], context, { atomic: true });

	return {
		ok: true,
		value: outcome({ ...loaded, candidate: { ...loaded.candidate, ...patch } }, 'withdrawn', {
			exitDate: null,
			recorded: true,
			eventId: event.id,
			message: `Пользователь выбыл ${withdrawal.date}; открытые услуги закрыты (${change.update.length}). При новом обращении он начинает с услуги «${serviceName(2)}», история сохранена.`,
		}),
	};
}

/** Records that users leave before the exit point; the reason is required and the exit must not be due yet. */
export async function withdrawUsers(base: Base, requests: readonly WithdrawalRequest[], context: WriteContext): Promise<Array<ItemResult<ExitOutcome>>> {
	const outcomes: Array<ItemResult<ExitOutcome>> = [];
	for (const request of requests) {
		try {
			requireIsoDate(request.date, 'Дата выбытия');
			outcomes.push(await base.transaction((tx) => withdrawOne(tx, request, context)));
		} catch (error) {
			const known = error instanceof LifecycleRuleError || error instanceof RouteError;
			outcomes.push(failure(known ? error.message : `Не удалось записать выбытие: ${(error as Error).message}`));
		}
	}
	return outcomes;
}
