/**
 * The exit clock: a user leaves the technology («Точка выхода») after working MORE than six months under a
 * labour contract on the open labour market without support, without a break, at one workplace.
 *
 * | rule | computation |
 * |---|---|
 * | unsupported work is counted from the end of support | U = the day support ended, or the contract start for a job without support |
 * | six months of unsupported work expire on U + 6 months | calendar months clamped to the month's end |
 * | the exit becomes due the day after | X = U + 6 months + 1 day, e.g. support ended 15 July → X = 16 January |
 * | a dismissal before X resets the clock | the employment is listed as an interruption |
 * | a new job starts a new clock | each employment has its own U and X |
 * | leaving before the exit is a withdrawal | a reason is required; the route state becomes «Выбыл» |
 * | after the exit only «Социальная адаптация на рынке труда» stays open | `returnAfterLeaving` |
 * | a returning user re-enters at «Содействие в поиске подходящей работы» | `returnAfterLeaving` |
 *
 * Only open-market employment counts: work at a temporary-employment site (service 4) is supported work
 * and is not an `Employment` here. `employmentsFromTimeline` takes the jobs of service 6 episodes.
 */

import { addDays, addMonths, compareDates, dateInTimeZone, daysBetween, DEFAULT_TIME_ZONE, type IsoDate } from './calendar';
import { adaptationEnd, LifecycleRuleError, requireIsoDate, requireOrderedDates } from './durations';
import type { RouteTimeline, TimelineEpisode } from './checkpoints';
import { serviceName, type RouteState, type ServiceNumber } from '../schemas/options';

export const UNSUPPORTED_MONTHS_FOR_EXIT = 6;

/** One job under a labour contract on the open labour market. */
export interface Employment {
	/** Stable id, e.g. the service 6 episode id. */
	id: string;
	/** First working day under the contract. */
	contractStart: IsoDate;
	/** The day support at this workplace ended; absent when the user works without support from the first day. */
	supportEnd?: IsoDate | null;
	/** Last working day when the job ended; absent while the user still works there. */
	end?: IsoDate | null;
}

/** Returns the day support ends in a service 6 episode: the recorded one, else the employment start + adaptation months. */
export function supportEndOf(episode: TimelineEpisode): IsoDate | undefined {
	if (episode.supportEnd) {
		return requireIsoDate(episode.supportEnd, 'Дата окончания сопровождения');
	}
	if (!episode.employmentStart) {
		return undefined;
	}
	return adaptationEnd(episode.employmentStart, episode.adaptationMonths ?? undefined);
}

/** Returns the day from which unsupported work at a job is counted. */
export function unsupportedWorkSince(employment: Employment): IsoDate {
	return employment.supportEnd ?? employment.contractStart;
}

/** Returns the day the exit becomes due: the day after six months of unsupported work counted from `since` expire. */
export function exitDueDate(since: IsoDate): IsoDate {
	return addDays(addMonths(since, UNSUPPORTED_MONTHS_FOR_EXIT), 1);
}

/**
 * Jobs of the service 6 episodes of a route. A job starts on its first working day: the agreed start date,
 * else the contract date. Support lasts until the end of adaptation counted from that day, so the exit
 * clock starts from the same support end as the closing meeting of the checkpoint schedule.
 */
export function employmentsFromTimeline(timeline: RouteTimeline): Employment[] {
	const employments: Employment[] = [];
	for (const episode of timeline.episodes) {
		if (episode.service !== 6 || !episode.employmentStart) {
			continue;
		}
		employments.push({
			id: episode.id,
			contractStart: episode.employmentStart,
			supportEnd: supportEndOf(episode),
			end: episode.dismissalDate ?? null,
		});
	}
	return employments;
}

export type ExitClockStatus = 'notEmployed' | 'supported' | 'counting' | 'exitDue';

/** A job that ended before its exit date; each one reset the clock. */
export interface Interruption {
	employmentId: string;
	end: IsoDate;
	daysWithoutSupport: number;
}

export interface ExitClock {
	/** The calendar date the clock was computed for. */
	today: IsoDate;
	status: ExitClockStatus;
	/** The job the clock runs on; absent when the user has no current job. */
	employmentId?: string;
	/** The day from which unsupported work is counted. */
	unsupportedSince?: IsoDate;
	/** The date the exit becomes (or became) due. */
	exitDate?: IsoDate;
	/** Days of unsupported work elapsed since `unsupportedSince`. */
	daysWithoutSupport: number;
	/** Days in the six months from `unsupportedSince`; the exit needs more than this. */
	daysRequired: number;
	/** Days from today until `exitDate`; 0 once the exit is due. */
	daysRemaining: number;
	interruptions: Interruption[];
	/** Russian summary for the consultant. */
	message: string;
}

interface Clock {
	employment: Employment;
	since: IsoDate;
	exitDate: IsoDate;
}

function validateEmployment(employment: Employment): Clock {
	const contractStart = requireIsoDate(employment.contractStart, 'Дата трудового договора');
	if (employment.supportEnd) {
		requireIsoDate(employment.supportEnd, 'Дата окончания сопровождения');
		requireOrderedDates(contractStart, employment.supportEnd, 'Дата трудового договора', 'Дата окончания сопровождения');
	}
	if (employment.end) {
		requireIsoDate(employment.end, 'Дата увольнения');
		requireOrderedDates(contractStart, employment.end, 'Дата трудового договора', 'Дата увольнения');
	}
	const since = unsupportedWorkSince(employment);
	return { employment, since, exitDate: exitDueDate(since) };
}

function daysWorkedWithoutSupport(clock: Clock, until: IsoDate): number {
	const lastDay = clock.employment.end && compareDates(clock.employment.end, until) < 0 ? clock.employment.end : until;
	return Math.max(0, daysBetween(clock.since, lastDay));
}

function sixMonthsInDays(since: IsoDate): number {
	return daysBetween(since, addMonths(since, UNSUPPORTED_MONTHS_FOR_EXIT));
}

function byExitDate(left: Clock, right: Clock): number {
	return compareDates(left.exitDate, right.exitDate);
}

/**
 * Computes the exit clock of a user's open-market jobs on a date. `today` is a calendar date or an instant
 * read on the calendar of `timeZone`. Jobs that start after today are ignored. When several jobs run at
 * once, the clock follows the one whose exit comes first.
 */
export function computeExitClock(employments: readonly Employment[], today: IsoDate | Date, timeZone: string = DEFAULT_TIME_ZONE): ExitClock {
	const date = today instanceof Date ? dateInTimeZone(today, timeZone) : requireIsoDate(today, 'Сегодня');
	const clocks = employments.map(validateEmployment).filter((clock) => compareDates(clock.employment.contractStart, date) <= 0);

	const reached = clocks
		.filter((clock) => compareDates(clock.exitDate, date) <= 0 && (!clock.employment.end || compareDates(clock.employment.end, clock.exitDate) >= 0))
		.sort(byExitDate)[0];
	const interruptions: Interruption[] = clocks
		.filter((clock) => clock !== reached && clock.employment.end && compareDates(clock.employment.end, date) < 0 && compareDates(clock.employment.end, clock.exitDate) < 0)
		.sort((left, right) => compareDates(left.employment.end as IsoDate, right.employment.end as IsoDate))
		.map((clock) => ({ employmentId: clock.employment.id, end: clock.employment.end as IsoDate, daysWithoutSupport: daysWorkedWithoutSupport(clock, date) }));

	const base = { today: date, interruptions };
	if (reached) {
		return {
			...base,
			status: 'exitDue',
			employmentId: reached.employment.id,
			unsupportedSince: reached.since,
			exitDate: reached.exitDate,
			daysWithoutSupport: daysWorkedWithoutSupport(reached, date),
			daysRequired: sixMonthsInDays(reached.since),
			daysRemaining: 0,
			message: `Более ${UNSUPPORTED_MONTHS_FOR_EXIT} месяцев самостоятельной работы по трудовому договору с ${reached.exitDate}: зафиксируйте точку выхода.`,
		};
	}

	const current = clocks.filter((clock) => !clock.employment.end || compareDates(clock.employment.end, date) >= 0).sort(byExitDate)[0];
	if (!current) {
		return {
			...base,
			status: 'notEmployed',
			daysWithoutSupport: 0,
			daysRequired: 0,
			daysRemaining: 0,
			message: interruptions.length > 0 ? 'Пользователь не работает: отсчет шести месяцев начнется заново с новой работы.' : 'Пользователь еще не работает по трудовому договору.',
		};
	}

	const daysRequired = sixMonthsInDays(current.since);
	const daysRemaining = daysBetween(date, current.exitDate);
	const supported = compareDates(date, current.since) < 0;
	return {
		...base,
		status: supported ? 'supported' : 'counting',
		employmentId: current.employment.id,
		unsupportedSince: current.since,
		exitDate: current.exitDate,
		daysWithoutSupport: supported ? 0 : daysWorkedWithoutSupport(current, date),
		daysRequired,
		daysRemaining,
		message: supported
			? `Идет сопровождение до ${current.since}; точка выхода — не раньше ${current.exitDate}.`
			: `Самостоятельная работа с ${current.since}: до точки выхода (${current.exitDate}) осталось дней: ${daysRemaining}.`,
	};
}

// ---------------------------------------------------------------------------------------------------
// Exit, withdrawal and return
// ---------------------------------------------------------------------------------------------------

export const SERVICES_AFTER_EXIT: readonly ServiceNumber[] = [5];
export const REENTRY_SERVICE: ServiceNumber = 2;

export interface ExitRecord {
	routeState: Extract<RouteState, 'Точка выхода'>;
	exitDate: IsoDate;
	employmentId: string;
	/** Services the user may still use without re-entering. */
	servicesStillAvailable: readonly ServiceNumber[];
}

/** Returns the exit to record for a clock whose exit is due; throws `LifecycleRuleError` before that date. */
export function recordExit(clock: ExitClock): ExitRecord {
	if (clock.status !== 'exitDue' || !clock.exitDate || !clock.employmentId) {
		const when = clock.exitDate ? ` Ожидаемая дата: ${clock.exitDate}.` : '';
		throw new LifecycleRuleError(
			'exitNotDue',
			`Точка выхода еще не наступила: нужно более ${UNSUPPORTED_MONTHS_FOR_EXIT} месяцев самостоятельной работы по трудовому договору.${when}`,
			'Дата выхода',
		);
	}
	return { routeState: 'Точка выхода', exitDate: clock.exitDate, employmentId: clock.employmentId, servicesStillAvailable: SERVICES_AFTER_EXIT };
}

export interface Withdrawal {
	routeState: Extract<RouteState, 'Выбыл'>;
	date: IsoDate;
	reason: string;
	/** The service a returning user starts with. */
	reentryService: ServiceNumber;
}

/**
 * Records that a user leaves before the exit. Throws `LifecycleRuleError` when the reason is empty, or
 * when the exit is already due (then the exit is recorded instead).
 */
export function recordWithdrawal(input: { date: IsoDate; reason: string }, clock?: ExitClock): Withdrawal {
	const date = requireIsoDate(input.date, 'Дата выбытия');
	const reason = input.reason?.trim() ?? '';
	if (reason.length === 0) {
		throw new LifecycleRuleError('withdrawalReasonMissing', 'Поле «Причина выбытия» не заполнено: укажите, почему пользователь уходит до точки выхода.', 'Причина выбытия');
	}
	if (clock?.status === 'exitDue') {
		throw new LifecycleRuleError(
			'exitAlreadyDue',
			`Точка выхода наступила ${clock.exitDate}: зафиксируйте выход из технологии, а не выбытие.`,
			'Статус маршрута',
		);
	}
	return { routeState: 'Выбыл', date, reason, reentryService: REENTRY_SERVICE };
}

export interface ReturnDecision {
	/** The service the user is referred to. */
	service: ServiceNumber;
	/** True when the user starts a new route at service 2 (the episode is marked «Повторное обращение»). */
	reentry: boolean;
	/** Russian explanation for the specialist. */
	message: string;
}

/**
 * Decides where a user who asks for a service after leaving goes. After the exit, service 5 stays open
 * directly. Any other request, and any request after a withdrawal, re-enters at service 2.
 */
export function returnAfterLeaving(routeState: RouteState, requested: ServiceNumber): ReturnDecision {
	if (routeState === 'Точка выхода' && SERVICES_AFTER_EXIT.includes(requested)) {
		return { service: requested, reentry: false, message: `Услуга «${serviceName(requested)}» доступна и после точки выхода.` };
	}
	if (routeState === 'Точка выхода' || routeState === 'Выбыл') {
		return {
			service: REENTRY_SERVICE,
			reentry: true,
			message: `Повторное обращение начинается с услуги «${serviceName(REENTRY_SERVICE)}»: рекрутер изучает историю, проводит собеседование и составляет новый маршрут.`,
		};
	}
	return { service: requested, reentry: false, message: 'Пользователь на маршруте: повторный вход не нужен.' };
}
