/**
 * Follow-up checkpoints of a user's route: every contact, feedback and evaluation that the methodology
 * schedules after a milestone. Each checkpoint is a window of calendar dates. Its key stays the same when
 * the window moves, so a trigger that stores the keys it fired can fire each checkpoint once.
 *
 * Dates are calendar dates in the organisation's time zone (Europe/Moscow by default). An end date is the
 * day the period expires (one month from 15 January ends on 15 February). "+ n months" adds calendar
 * months and clamps to the month's end, so a one-month evaluation after a start on 31 January falls on
 * 28 February (29 in a leap year).
 *
 * Service 6 «Сопровождаемое трудоустройство». S is the first working day under the labour contract: the
 * «Согласованная дата выхода» when recorded, else the contract date. L is the day support ends (S +
 * adaptation months unless recorded), X the exit date (L + 6 months + 1 day, see exit.ts). Nothing after a
 * dismissal is due.
 *
 * | key suffix | checkpoint | earliest | latest |
 * |---|---|---|---|
 * | `s6:first-day` | user's feedback on the first working day | S | S |
 * | `s6:first-week` | user's feedback after the first working week | S + 7 | S + 9 |
 * | `s6:internal-training` | feedback after the employer's internal training (one to two weeks) | S + 7, or the training's end when recorded | S + 14, or the training's end + 3 |
 * | `s6:employer-evaluation:1m`, `:3m`, `:6m` | employer evaluation on the form, only months within the adaptation | S + n months | S + n months + 7 |
 * | `s6:closing-meeting` | closing meeting after successful adaptation | L | L + 14 |
 * | `s6:follow-up` | follow-up at the end of the half-year after support | X − 7 | X − 1 |
 * | `s6:exit` | exit check: more than 6 months of unsupported work | X | X + 14 |
 *
 * Service 4 «Временное трудоустройство». T is the first working day, Z the end (actual, else planned,
 * else T + 9 months, and never after a dismissal). P is the first day at an external site. The stay
 * there ends the day before the return to the internal site, or the day before the next site starts.
 *
 * | key suffix | checkpoint | earliest | latest |
 * |---|---|---|---|
 * | `s4:internal-evaluation:k` | evaluation every two weeks at the internal site, skipped while on an external site | T + 14k | T + 14k + 3 |
 * | `s4:site:<id>:day:n` | contact after the n-th working day of the first week on the site (five on a Monday–Friday site in a week without holidays) | that day | next day |
 * | `s4:site:<id>:week-2` | contact a week later, at the end of the second week | P + 14 | P + 16 |
 * | `s4:site:<id>:fortnight:j` | contact every two weeks until three months on the site | P + 14 + 14j | + 2 |
 * | `s4:site:<id>:employer-evaluation:1m`, `:3m`, `:6m` | evaluation on the site at 1, 3 and 6 months | P + n months | + 7 |
 *
 * Service 3 «Профессиональная ориентация». E is the end (actual, else planned, else start + 1 month).
 *
 * | key suffix | checkpoint | earliest | latest |
 * |---|---|---|---|
 * | `s3:final` | final assessment, theoretical exam, characteristic with recommendations | E − 2 | E + 7 |
 *
 * A full key is `<episode id>:<suffix>`. A checkpoint whose earliest day falls after the episode's end or
 * the dismissal is dropped from the schedule.
 *
 * Non-working days (weekends, public holidays and the organisation's `WorkCalendar`, see workCalendar.ts)
 * move the latest day of every window to the next working day, so a checkpoint is not overdue because its
 * deadline fell on a day off. The earliest day stays, because contacting the user earlier does no harm. The
 * first week on an external site counts only the site's working days that are not public holidays.
 */

import { addDays, addMonths, compareDates, dateInTimeZone, DEFAULT_TIME_ZONE, type IsoDate } from './calendar';
import { DURATION_RULES, LifecycleRuleError, periodEnd, requireIsoDate, requireOrderedDates } from './durations';
import { exitDueDate, supportEndOf } from './exit';
import type { Episode, LifecycleEvent } from '../schemas';
import { serviceNumber, type EventTypeName, type ServiceNumber } from '../schemas/options';
import { isPublicHoliday, isWorkingDay, workingDayOnOrAfter, type WorkCalendar } from './workCalendar';

// ---------------------------------------------------------------------------------------------------
// Route timeline: the milestone dates the schedule is computed from
// ---------------------------------------------------------------------------------------------------

/** One stay at an external temporary-employment site during service 4. */
export interface ExternalSitePeriod {
	/** Stable id, e.g. the id of the «Выход на стороннюю площадку» event. */
	id: string;
	/** First working day on the site. */
	start: IsoDate;
	/** First day back at the internal site; absent while the user is still on the site. */
	returnDate?: IsoDate | null;
	/** Working weekdays of the site, 1 for Monday to 7 for Sunday; Monday to Friday when absent. */
	workWeekdays?: readonly number[] | null;
}

/** The milestone dates of one service episode that checkpoints and the exit clock depend on. */
export interface TimelineEpisode {
	id: string;
	service: ServiceNumber;
	/** Service 3: first day of trials. Service 4: first working day. Service 6: the consultant interview that opens the preparation stage. */
	start: IsoDate;
	plannedEnd?: IsoDate | null;
	actualEnd?: IsoDate | null;
	/** Last working day when the user was dismissed or left the job (services 4 and 6). */
	dismissalDate?: IsoDate | null;
	/** Service 6: first working day under the labour contract, the agreed start date when recorded, else the contract date. */
	employmentStart?: IsoDate | null;
	/** Service 6: the agreed first working day, when recorded; `employmentStart` is this day then. */
	agreedStartDate?: IsoDate | null;
	/** Service 6: agreed adaptation length in months; 6 when absent. */
	adaptationMonths?: number | null;
	/** Service 6: the recorded day support ended; overrides the end computed from `adaptationMonths`. */
	supportEnd?: IsoDate | null;
	/** Service 6: last day of the employer's internal training, when the employer reports it. */
	internalTrainingEnd?: IsoDate | null;
	/** Service 4: stays at external sites. */
	externalSites?: readonly ExternalSitePeriod[];
}

/** The milestone dates of one user's route, independent of any storage backend. */
export interface RouteTimeline {
	candidateId: string;
	episodes: readonly TimelineEpisode[];
}

const EVENT_WORK_START: EventTypeName = 'Начало работы';
const EVENT_SITE_START: EventTypeName = 'Выход на стороннюю площадку';
const EVENT_SITE_RETURN: EventTypeName = 'Возвращение на внутреннюю площадку';
const EVENT_WORK_END: EventTypeName = 'Завершение работы';
const EVENT_HIRED: EventTypeName = 'Кандидат устроился на работу';
const EVENT_JOB_END: EventTypeName = 'Завершение постоянной работы';

function eventsOfType(events: readonly LifecycleEvent[], type: EventTypeName): LifecycleEvent[] {
	return events.filter((event) => event.type === type).sort((left, right) => compareDates(left.date, right.date));
}

/**
 * Returns the first working day of a service 6 job: the agreed start date when one is recorded, else the
 * contract date. The methodology times the feedback and the evaluations from the start of work. The
 * adaptation period, and so the exit clock, count from the same day, because a 6-month evaluation counted
 * from a later day than the adaptation would fall outside it.
 */
export function firstWorkingDay(agreedStartDate: IsoDate | null | undefined, contractDate: IsoDate | null | undefined): IsoDate | null {
	return agreedStartDate || contractDate || null;
}

function detailOf(event: LifecycleEvent | undefined, field: string): unknown {
	const details = event?.details;
	return details && typeof details === 'object' ? (details as Record<string, unknown>)[field] : undefined;
}

function adaptationMonthsFrom(event: LifecycleEvent | undefined): number | undefined {
	const details = event?.details;
	if (details && typeof details === 'object' && 'adaptationMonths' in details) {
		const months = (details as { adaptationMonths: unknown }).adaptationMonths;
		return typeof months === 'number' && Number.isInteger(months) ? months : undefined;
	}
	return undefined;
}

function externalSitesFrom(events: readonly LifecycleEvent[]): ExternalSitePeriod[] {
	const starts = eventsOfType(events, EVENT_SITE_START);
	const returns = eventsOfType(events, EVENT_SITE_RETURN);
	return starts.map((startEvent, index) => {
		const nextStart = starts[index + 1]?.date;
		const returnEvent = returns.find((event) => compareDates(event.date, startEvent.date) >= 0 && (!nextStart || compareDates(event.date, nextStart) <= 0));
		// A move straight to another site ends this stay on the day the next one starts.
		return { id: startEvent.id, start: startEvent.date, returnDate: returnEvent?.date ?? nextStart ?? null };
	});
}

/**
 * Builds a route timeline from one candidate's episode and event rows. Events count for an episode when
 * their «Эпизод услуги» links to it. Rejected episodes and episodes without a start date are skipped.
 *
 * Service 4 starts on the first «Начало работы» event (else the episode start), and its stays at external
 * sites run from each «Выход на стороннюю площадку» to the following «Возвращение на внутреннюю площадку».
 * An interrupted service 4 episode («Прервана») ends in a dismissal on its actual end date or on the
 * «Завершение работы» event. Service 6 employment is recorded by «Кандидат устроился на работу». It starts
 * on the agreed first working day: the episode's «Согласованная дата выхода», else the one in the event,
 * else the contract date. It ends early on «Завершение постоянной работы» or, for an interrupted episode,
 * on its actual end date. A completed episode («Завершена») gives the day support ended. The end
 * of the employer's internal training comes from the episode's «Дата окончания внутреннего обучения».
 */
export function buildRouteTimeline(candidateId: string, episodes: readonly Episode[], events: readonly LifecycleEvent[]): RouteTimeline {
	const timeline: TimelineEpisode[] = [];
	for (const episode of episodes) {
		const service = serviceNumber(episode.service);
		if (!service || !episode.startDate || episode.status === 'Отказ' || episode.candidate !== candidateId) {
			continue;
		}
		const own = events.filter((event) => event.episode === episode.id);
		const entry: TimelineEpisode = {
			id: episode.id,
			service,
			start: episode.startDate,
			plannedEnd: episode.plannedEndDate ?? null,
			actualEnd: episode.actualEndDate ?? null,
		};

		if (service === 4) {
			const workEnd = eventsOfType(own, EVENT_WORK_END)[0]?.date;
			entry.start = eventsOfType(own, EVENT_WORK_START)[0]?.date ?? episode.startDate;
			entry.actualEnd = episode.actualEndDate ?? workEnd ?? null;
			entry.dismissalDate = episode.status === 'Прервана' ? (entry.actualEnd ?? null) : null;
			entry.externalSites = externalSitesFrom(own);
		}

		if (service === 6) {
			const hired = eventsOfType(own, EVENT_HIRED)[0];
			// The episode's agreed date wins, because a later change of the agreed date updates it there. The
			// hiring event's `details.agreedStartDate` covers episodes written before that column existed.
			const agreedInEvent = detailOf(hired, 'agreedStartDate');
			const agreed = episode.agreedStartDate ?? (typeof agreedInEvent === 'string' ? agreedInEvent : null);
			entry.agreedStartDate = agreed;
			entry.employmentStart = hired ? firstWorkingDay(agreed, hired.date) : null;
			// The episode's adaptation length wins, because «Изменить срок адаптации» updates it there; the
			// hiring event's `details.adaptationMonths` covers episodes written before that column existed.
			entry.adaptationMonths = episode.adaptationMonths ?? adaptationMonthsFrom(hired) ?? null;
			const jobEnd = eventsOfType(own, EVENT_JOB_END)[0]?.date;
			entry.dismissalDate = jobEnd ?? (episode.status === 'Прервана' ? (episode.actualEndDate ?? null) : null);
			entry.supportEnd = episode.status === 'Завершена' && !entry.dismissalDate ? (episode.actualEndDate ?? null) : null;
			entry.internalTrainingEnd = episode.internalTrainingEnd ?? null;
		}

		timeline.push(entry);
	}
	return { candidateId, episodes: timeline };
}

// ---------------------------------------------------------------------------------------------------
// Checkpoints
// ---------------------------------------------------------------------------------------------------

export type CheckpointKind = 'feedback' | 'contact' | 'evaluation' | 'employerEvaluation' | 'finalAssessment' | 'closingMeeting' | 'followUp' | 'exitCheck';

/** The milestone a checkpoint's window is computed from. */
export type AnchorMilestone = 'serviceStart' | 'serviceEnd' | 'employmentStart' | 'internalTrainingEnd' | 'supportEnd' | 'externalSiteStart';

export interface DateWindow {
	earliest: IsoDate;
	latest: IsoDate;
}

export interface Checkpoint {
	/** `<episode id>:<suffix>`; stays the same when the window moves. */
	key: string;
	kind: CheckpointKind;
	/** Russian name shown to specialists. */
	label: string;
	service: ServiceNumber;
	candidateId: string;
	episodeId: string;
	due: DateWindow;
	anchor: { milestone: AnchorMilestone; date: IsoDate };
	/** The event type that records the checkpoint as done. */
	eventType: EventTypeName;
}

type Draft = Omit<Checkpoint, 'key' | 'service' | 'candidateId' | 'episodeId'> & { suffix: string };

function window(earliest: IsoDate, latest: IsoDate): DateWindow {
	return { earliest, latest };
}

/** Day-of-week number of a date, 1 for Monday to 7 for Sunday (ISO 8601). */
export function isoWeekday(date: IsoDate): number {
	const [year, month, day] = date.split('-').map(Number);
	const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
	return weekday === 0 ? 7 : weekday;
}

const EMPLOYER_EVALUATION_MONTHS = [1, 3, 6] as const;
const FORTNIGHT_DAYS = 14;
const SITE_CONTACT_MONTHS = 3;

function optionalDate(value: IsoDate | null | undefined, field: string): IsoDate | undefined {
	return value ? requireIsoDate(value, field) : undefined;
}

function earliestOf(...dates: Array<IsoDate | undefined>): IsoDate | undefined {
	const present = dates.filter((date): date is IsoDate => date !== undefined);
	return present.sort(compareDates)[0];
}

function supportedEmploymentDrafts(episode: TimelineEpisode): Draft[] {
	const start = optionalDate(episode.employmentStart, 'Дата выхода на работу');
	if (!start) {
		return [];
	}
	requireOrderedDates(episode.start, start, 'Дата начала', 'Дата выхода на работу');
	const training = optionalDate(episode.internalTrainingEnd, 'Дата окончания внутреннего обучения');
	if (training) {
		requireOrderedDates(start, training, 'Дата выхода на работу', 'Дата окончания внутреннего обучения');
	}
	// The agreed length is validated with its consents by `checkAdaptationPeriod`; here it only has to be usable.
	if (episode.adaptationMonths != null && (!Number.isInteger(episode.adaptationMonths) || episode.adaptationMonths < 1)) {
		throw new LifecycleRuleError('invalidMonths', `Срок адаптации: ожидается целое положительное число месяцев, получено «${episode.adaptationMonths}».`, 'Срок адаптации, мес.');
	}
	const supportEnd = supportEndOf(episode) as IsoDate;
	requireOrderedDates(start, supportEnd, 'Дата выхода на работу', 'Дата окончания сопровождения');
	const exitDate = exitDueDate(supportEnd);

	const drafts: Draft[] = [
		{
			suffix: 's6:first-day',
			kind: 'feedback',
			label: 'Обратная связь от пользователя: первый рабочий день',
			due: window(start, start),
			anchor: { milestone: 'employmentStart', date: start },
			eventType: 'Связь с кандидатом',
		},
		{
			suffix: 's6:first-week',
			kind: 'feedback',
			label: 'Обратная связь от пользователя: первая рабочая неделя',
			due: window(addDays(start, 7), addDays(start, 9)),
			anchor: { milestone: 'employmentStart', date: start },
			eventType: 'Связь с кандидатом',
		},
		{
			suffix: 's6:internal-training',
			kind: 'feedback',
			label: 'Обратная связь от пользователя: после внутреннего обучения у работодателя',
			due: training ? window(training, addDays(training, 3)) : window(addDays(start, 7), addDays(start, 14)),
			anchor: training ? { milestone: 'internalTrainingEnd', date: training } : { milestone: 'employmentStart', date: start },
			eventType: 'Связь с кандидатом',
		},
	];

	for (const months of EMPLOYER_EVALUATION_MONTHS) {
		const date = addMonths(start, months);
		if (compareDates(date, supportEnd) > 0) {
			continue;
		}
		drafts.push({
			suffix: `s6:employer-evaluation:${months}m`,
			kind: 'employerEvaluation',
			label: `Оценка работодателем работы кандидата: ${months} мес.`,
			due: window(date, addDays(date, 7)),
			anchor: { milestone: 'employmentStart', date: start },
			eventType: 'Оценка работодателем работы кандидата',
		});
	}

	const supportAnchor = { milestone: 'supportEnd' as const, date: supportEnd };
	drafts.push(
		{
			suffix: 's6:closing-meeting',
			kind: 'closingMeeting',
			label: 'Итоговая встреча по окончании сопровождения',
			due: window(supportEnd, addDays(supportEnd, 14)),
			anchor: supportAnchor,
			eventType: 'Связь с кандидатом',
		},
		{
			suffix: 's6:follow-up',
			kind: 'followUp',
			label: 'Наблюдение после сопровождения: полгода самостоятельной работы',
			due: window(addDays(exitDate, -7), addDays(exitDate, -1)),
			anchor: supportAnchor,
			eventType: 'Связь с кандидатом',
		},
		{
			suffix: 's6:exit',
			kind: 'exitCheck',
			label: 'Точка выхода: более 6 месяцев самостоятельной работы',
			due: window(exitDate, addDays(exitDate, 14)),
			anchor: supportAnchor,
			eventType: 'Точка выхода',
		},
	);

	const dismissal = optionalDate(episode.dismissalDate, 'Дата увольнения');
	if (dismissal) {
		requireOrderedDates(start, dismissal, 'Дата выхода на работу', 'Дата увольнения');
	}
	return cutAfter(drafts, dismissal);
}

function cutAfter(drafts: Draft[], lastDay: IsoDate | undefined): Draft[] {
	if (!lastDay) {
		return drafts;
	}
	return drafts.filter((draft) => compareDates(draft.due.earliest, lastDay) <= 0);
}

interface SiteStay {
	site: ExternalSitePeriod;
	lastDay: IsoDate;
}

function siteStays(episode: TimelineEpisode, workEnd: IsoDate): SiteStay[] {
	const sites = [...(episode.externalSites ?? [])].sort((left, right) => compareDates(left.start, right.start));
	const stays: SiteStay[] = [];
	sites.forEach((site, index) => {
		requireIsoDate(site.start, 'Дата выхода на стороннюю площадку');
		requireOrderedDates(episode.start, site.start, 'Дата начала работы', 'Дата выхода на стороннюю площадку');
		const returnDate = optionalDate(site.returnDate, 'Дата возвращения на внутреннюю площадку');
		if (returnDate) {
			requireOrderedDates(site.start, returnDate, 'Дата выхода на стороннюю площадку', 'Дата возвращения на внутреннюю площадку');
		}
		const nextStart = sites[index + 1]?.start;
		const siteLastDay = earliestOf(returnDate && addDays(returnDate, -1), nextStart && addDays(nextStart, -1), workEnd) as IsoDate;
		if (compareDates(siteLastDay, site.start) >= 0) {
			stays.push({ site, lastDay: siteLastDay });
		}
	});
	return stays;
}

/**
 * Tells whether the site works on a date. A site with its own working week works on its weekdays except
 * public holidays. A Monday–Friday site follows the organisation's calendar, with its carried-over and
 * configured days off and working Saturdays.
 */
function isSiteWorkingDay(site: ExternalSitePeriod, date: IsoDate, calendar: WorkCalendar | undefined): boolean {
	if (site.workWeekdays && site.workWeekdays.length > 0) {
		return site.workWeekdays.includes(isoWeekday(date)) && !isPublicHoliday(date);
	}
	return isWorkingDay(date, calendar);
}

function firstWeekWorkingDays(site: ExternalSitePeriod, calendar: WorkCalendar | undefined): IsoDate[] {
	const days: IsoDate[] = [];
	for (let offset = 0; offset < 7; offset += 1) {
		const date = addDays(site.start, offset);
		// The first day on the site counts as a working day even when the site's week or calendar leaves it out.
		if (offset === 0 || isSiteWorkingDay(site, date, calendar)) {
			days.push(date);
		}
	}
	return days;
}

function externalSiteDrafts(stay: SiteStay, calendar: WorkCalendar | undefined): Draft[] {
	const { site } = stay;
	const anchor = { milestone: 'externalSiteStart' as const, date: site.start };
	const prefix = `s4:site:${site.id}`;
	const drafts: Draft[] = [];

	firstWeekWorkingDays(site, calendar).forEach((date, index) => {
		drafts.push({
			suffix: `${prefix}:day:${index + 1}`,
			kind: 'contact',
			label: `Связь после ${index + 1}-го рабочего дня на сторонней площадке`,
			due: window(date, addDays(date, 1)),
			anchor,
			eventType: 'Связь с кандидатом',
		});
	});

	const weekTwo = addDays(site.start, 14);
	drafts.push({
		suffix: `${prefix}:week-2`,
		kind: 'contact',
		label: 'Связь через неделю после первой недели на сторонней площадке',
		due: window(weekTwo, addDays(weekTwo, 2)),
		anchor,
		eventType: 'Связь с кандидатом',
	});

	const contactsEnd = addMonths(site.start, SITE_CONTACT_MONTHS);
	for (let index = 1; ; index += 1) {
		const date = addDays(weekTwo, FORTNIGHT_DAYS * index);
		if (compareDates(date, contactsEnd) >= 0) {
			break;
		}
		drafts.push({
			suffix: `${prefix}:fortnight:${index}`,
			kind: 'contact',
			label: `Связь раз в две недели на сторонней площадке (${index}-я)`,
			due: window(date, addDays(date, 2)),
			anchor,
			eventType: 'Связь с кандидатом',
		});
	}

	for (const months of EMPLOYER_EVALUATION_MONTHS) {
		const date = addMonths(site.start, months);
		drafts.push({
			suffix: `${prefix}:employer-evaluation:${months}m`,
			kind: 'employerEvaluation',
			label: `Оценка работодателем на сторонней площадке: ${months} мес.`,
			due: window(date, addDays(date, 7)),
			anchor,
			eventType: 'Оценка работодателем на сторонней площадке',
		});
	}

	return cutAfter(drafts, stay.lastDay);
}

function temporaryEmploymentDrafts(episode: TimelineEpisode, calendar: WorkCalendar | undefined): Draft[] {
	const start = episode.start;
	const planned = optionalDate(episode.plannedEnd, 'Плановая дата окончания');
	const actual = optionalDate(episode.actualEnd, 'Фактическая дата окончания');
	const dismissal = optionalDate(episode.dismissalDate, 'Дата увольнения');
	for (const [date, field] of [[planned, 'Плановая дата окончания'], [actual, 'Фактическая дата окончания'], [dismissal, 'Дата увольнения']] as const) {
		if (date) {
			requireOrderedDates(start, date, 'Дата начала работы', field);
		}
	}
	const workEnd = earliestOf(actual ?? planned ?? periodEnd(start, DURATION_RULES[4].maximum), dismissal) as IsoDate;

	const stays = siteStays(episode, workEnd);
	const onSite = (date: IsoDate) => stays.some((stay) => compareDates(date, stay.site.start) >= 0 && compareDates(date, stay.lastDay) <= 0);

	const drafts: Draft[] = [];
	for (let index = 1; ; index += 1) {
		const date = addDays(start, FORTNIGHT_DAYS * index);
		if (compareDates(date, workEnd) > 0) {
			break;
		}
		if (onSite(date)) {
			continue;
		}
		drafts.push({
			suffix: `s4:internal-evaluation:${index}`,
			kind: 'evaluation',
			label: `Оценка работы на внутренней площадке (${index}-я, раз в две недели)`,
			due: window(date, addDays(date, 3)),
			anchor: { milestone: 'serviceStart', date: start },
			eventType: 'Оценка работы на внутренней площадке',
		});
	}

	for (const stay of stays) {
		drafts.push(...externalSiteDrafts(stay, calendar));
	}
	return drafts;
}

function careerGuidanceDrafts(episode: TimelineEpisode): Draft[] {
	const planned = optionalDate(episode.plannedEnd, 'Плановая дата окончания');
	const actual = optionalDate(episode.actualEnd, 'Фактическая дата окончания');
	const end = actual ?? planned ?? periodEnd(episode.start, DURATION_RULES[3].planned);
	requireOrderedDates(episode.start, end, 'Дата начала', actual ? 'Фактическая дата окончания' : 'Плановая дата окончания');
	return [
		{
			suffix: 's3:final',
			kind: 'finalAssessment',
			label: 'Итоговая оценка: теоретический экзамен, характеристика и рекомендации',
			due: window(addDays(end, -2), addDays(end, 7)),
			anchor: { milestone: 'serviceEnd', date: end },
			eventType: 'Собеседование кандидата с консультантом',
		},
	];
}

function compareCheckpoints(left: Checkpoint, right: Checkpoint): number {
	const byEarliest = compareDates(left.due.earliest, right.due.earliest);
	if (byEarliest !== 0) {
		return byEarliest;
	}
	const byLatest = compareDates(left.due.latest, right.due.latest);
	if (byLatest !== 0) {
		return byLatest;
	}
	if (left.key === right.key) {
		return 0;
	}
	return left.key < right.key ? -1 : 1;
}

/**
 * Computes every checkpoint of a route, sorted by the earliest day of its window. The latest day of each
 * window is moved to a working day of `calendar`: the built-in Russian calendar plus the organisation's
 * additions. Throws `LifecycleRuleError` for an invalid date or an end before its start, naming the field
 * in Russian.
 */
export function buildSchedule(timeline: RouteTimeline, calendar?: WorkCalendar): Checkpoint[] {
	const schedule: Checkpoint[] = [];
	for (const episode of timeline.episodes) {
		requireIsoDate(episode.start, 'Дата начала');
		let drafts: Draft[] = [];
		if (episode.service === 3) {
			drafts = careerGuidanceDrafts(episode);
		} else if (episode.service === 4) {
			drafts = temporaryEmploymentDrafts(episode, calendar);
		} else if (episode.service === 6) {
			drafts = supportedEmploymentDrafts(episode);
		}
		for (const { suffix, due, ...draft } of drafts) {
			const latest = workingDayOnOrAfter(due.latest, calendar);
			schedule.push({ ...draft, due: window(due.earliest, latest), key: `${episode.id}:${suffix}`, service: episode.service, candidateId: timeline.candidateId, episodeId: episode.id });
		}
	}
	return schedule.sort(compareCheckpoints);
}

// ---------------------------------------------------------------------------------------------------
// Schedule changes and due lists
// ---------------------------------------------------------------------------------------------------

export interface ScheduleDiff {
	/** Checkpoints that exist only in the new schedule. */
	added: Checkpoint[];
	/** Checkpoints that no longer exist, e.g. after a dismissal or a shorter adaptation. */
	removed: Checkpoint[];
	/** Checkpoints whose window or anchor date changed, e.g. after a later start. */
	moved: Array<{ before: Checkpoint; after: Checkpoint }>;
}

/** Compares two schedules of the same route by checkpoint key, so that reminders can be added, cancelled or rescheduled. */
export function diffSchedules(before: readonly Checkpoint[], after: readonly Checkpoint[]): ScheduleDiff {
	const oldByKey = new Map(before.map((checkpoint) => [checkpoint.key, checkpoint]));
	const newByKey = new Map(after.map((checkpoint) => [checkpoint.key, checkpoint]));
	const diff: ScheduleDiff = { added: [], removed: [], moved: [] };

	for (const checkpoint of after) {
		const previous = oldByKey.get(checkpoint.key);
		if (!previous) {
			diff.added.push(checkpoint);
			continue;
		}
		const changed =
			previous.due.earliest !== checkpoint.due.earliest ||
			previous.due.latest !== checkpoint.due.latest ||
			previous.anchor.date !== checkpoint.anchor.date ||
			previous.anchor.milestone !== checkpoint.anchor.milestone;
		if (changed) {
			diff.moved.push({ before: previous, after: checkpoint });
		}
	}
	for (const checkpoint of before) {
		if (!newByKey.has(checkpoint.key)) {
			diff.removed.push(checkpoint);
		}
	}
	return diff;
}

export interface DueCheckpoints {
	/** The calendar date the lists were computed for. */
	today: IsoDate;
	/** Not completed, and today is inside the window. */
	due: Checkpoint[];
	/** Not completed, and the window's last day has passed. */
	overdue: Checkpoint[];
}

/**
 * Splits the open checkpoints of a schedule into due and overdue ones. `today` is a calendar date or an
 * instant. An instant is read on the calendar of `timeZone`, so 21:30 UTC is already the next day in Moscow.
 */
export function dueCheckpoints(
	schedule: readonly Checkpoint[],
	today: IsoDate | Date,
	completedKeys: Iterable<string> = [],
	timeZone: string = DEFAULT_TIME_ZONE,
): DueCheckpoints {
	const date = today instanceof Date ? dateInTimeZone(today, timeZone) : requireIsoDate(today, 'Сегодня');
	const completed = new Set(completedKeys);
	const result: DueCheckpoints = { today: date, due: [], overdue: [] };

	for (const checkpoint of schedule) {
		if (completed.has(checkpoint.key)) {
			continue;
		}
		if (compareDates(date, checkpoint.due.latest) > 0) {
			result.overdue.push(checkpoint);
		} else if (compareDates(date, checkpoint.due.earliest) >= 0) {
			result.due.push(checkpoint);
		}
	}
	return result;
}
