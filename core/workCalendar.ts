/**
 * Working and non-working days of the Russian production calendar, for checkpoint deadlines.
 *
 * A day is non-working when it is a Saturday or a Sunday, a non-working public holiday of the Labour Code
 * (art. 112 part 1), or a day off carried over from a holiday that fell on a weekend (art. 112 part 2).
 * The government moves further days off every year by decree, and an organisation may close on its own
 * days, so `WorkCalendar` adds extra non-working days and Saturdays or Sundays that are working days.
 * A configured day always wins over the built-in rules.
 */

import { addDays, formatIsoDate, isIsoDate, parseIsoDate, type IsoDate } from './calendar';

/** The organisation's additions to the built-in calendar. */
export interface WorkCalendar {
	/** Extra non-working days, e.g. the days off the annual decree moves (31 December 2026) or the organisation's own. */
	nonWorkingDays?: readonly IsoDate[];
	/** Saturdays, Sundays or carried-over days off that are working days, e.g. a Saturday the decree makes a working day. */
	workingDays?: readonly IsoDate[];
}

/** Non-working public holidays of the Labour Code, art. 112 part 1, as month and day. */
export const PUBLIC_HOLIDAYS: ReadonlyArray<{ month: number; day: number; name: string }> = [
	{ month: 1, day: 1, name: 'Новогодние каникулы' },
	{ month: 1, day: 2, name: 'Новогодние каникулы' },
	{ month: 1, day: 3, name: 'Новогодние каникулы' },
	{ month: 1, day: 4, name: 'Новогодние каникулы' },
	{ month: 1, day: 5, name: 'Новогодние каникулы' },
	{ month: 1, day: 6, name: 'Новогодние каникулы' },
	{ month: 1, day: 7, name: 'Рождество Христово' },
	{ month: 1, day: 8, name: 'Новогодние каникулы' },
	{ month: 2, day: 23, name: 'День защитника Отечества' },
	{ month: 3, day: 8, name: 'Международный женский день' },
	{ month: 5, day: 1, name: 'Праздник Весны и Труда' },
	{ month: 5, day: 9, name: 'День Победы' },
	{ month: 6, day: 12, name: 'День России' },
	{ month: 11, day: 4, name: 'День народного единства' },
];

const HOLIDAY_KEYS = new Set(PUBLIC_HOLIDAYS.map((holiday) => holiday.month * 100 + holiday.day));

function requireParts(date: IsoDate): { year: number; month: number; day: number } {
	const parts = parseIsoDate(date);
	if (!parts) {
		throw new RangeError(`Invalid calendar date: expected YYYY-MM-DD, got "${date}"`);
	}
	return parts;
}

/** Day-of-week number of a date, 1 for Monday to 7 for Sunday (ISO 8601). */
function weekdayOf(year: number, month: number, day: number): number {
	const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
	return weekday === 0 ? 7 : weekday;
}

function isWeekendDate(date: IsoDate): boolean {
	const { year, month, day } = requireParts(date);
	return weekdayOf(year, month, day) >= 6;
}

/** Tells whether a date is one of the fixed non-working public holidays (1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November). */
export function isPublicHoliday(date: IsoDate): boolean {
	const { month, day } = requireParts(date);
	return HOLIDAY_KEYS.has(month * 100 + day);
}

const carriedOverCache = new Map<number, ReadonlySet<IsoDate>>();

/**
 * Returns the days off carried over by law in a year: a holiday on a Saturday or a Sunday gives the next
 * working day off. The January holidays are excluded, because the government moves those days off by
 * decree instead (configure them in `WorkCalendar.nonWorkingDays`).
 */
export function carriedOverDaysOff(year: number): ReadonlySet<IsoDate> {
	const cached = carriedOverCache.get(year);
	if (cached) {
		return cached;
	}
	const days = new Set<IsoDate>();
	for (const holiday of PUBLIC_HOLIDAYS) {
		if (holiday.month === 1 || weekdayOf(year, holiday.month, holiday.day) < 6) {
			continue;
		}
		let candidate = addDays(formatIsoDate({ year, month: holiday.month, day: holiday.day }), 1);
		while (isWeekendDate(candidate) || isPublicHoliday(candidate) || days.has(candidate)) {
			candidate = addDays(candidate, 1);
		}
		days.add(candidate);
	}
	carriedOverCache.set(year, days);
	return days;
}

interface ResolvedCalendar {
	nonWorking: ReadonlySet<IsoDate>;
	working: ReadonlySet<IsoDate>;
}

const EMPTY_CALENDAR: ResolvedCalendar = { nonWorking: new Set(), working: new Set() };
const resolvedCache = new WeakMap<WorkCalendar, ResolvedCalendar>();

function resolve(calendar: WorkCalendar | undefined): ResolvedCalendar {
	if (!calendar) {
		return EMPTY_CALENDAR;
	}
	let resolved = resolvedCache.get(calendar);
	if (!resolved) {
		resolved = { nonWorking: new Set(calendar.nonWorkingDays ?? []), working: new Set(calendar.workingDays ?? []) };
		resolvedCache.set(calendar, resolved);
	}
	return resolved;
}

/** Tells whether a date is a working day under the built-in calendar and the organisation's additions. */
export function isWorkingDay(date: IsoDate, calendar?: WorkCalendar): boolean {
	const { working, nonWorking } = resolve(calendar);
	if (working.has(date)) {
		return true;
	}
	if (nonWorking.has(date) || isWeekendDate(date) || isPublicHoliday(date)) {
		return false;
	}
	return !carriedOverDaysOff(requireParts(date).year).has(date);
}

/** Maximum days searched for a working day. The longest run of days off, the New Year break, is far shorter. */
const MAX_SEARCH_DAYS = 366;

/** Returns the date itself when it is a working day, else the next working day. */
export function workingDayOnOrAfter(date: IsoDate, calendar?: WorkCalendar): IsoDate {
	let candidate = date;
	for (let step = 0; step <= MAX_SEARCH_DAYS; step += 1) {
		if (isWorkingDay(candidate, calendar)) {
			return candidate;
		}
		candidate = addDays(candidate, 1);
	}
	throw new RangeError(`No working day within ${MAX_SEARCH_DAYS} days after ${date}: check the configured non-working days`);
}

/** Returns the first working day after a date. */
export function nextWorkingDay(date: IsoDate, calendar?: WorkCalendar): IsoDate {
	return workingDayOnOrAfter(addDays(date, 1), calendar);
}

/** How the settings name the two lists in messages, e.g. «Поле «Рабочие выходные дни»». */
export interface WorkCalendarFields {
	nonWorkingDays: string;
	workingDays: string;
}

/** Checks the organisation's additions and returns Russian problems, one per invalid entry; empty when they are valid. */
export function checkWorkCalendar(calendar: WorkCalendar, fields: WorkCalendarFields): string[] {
	const problems: string[] = [];
	const nonWorking = new Set<string>();
	for (const date of calendar.nonWorkingDays ?? []) {
		if (!isIsoDate(date)) {
			problems.push(`${fields.nonWorkingDays}: «${date}» не дата. Укажите дату в формате ГГГГ-ММ-ДД, например 2026-12-31.`);
			continue;
		}
		nonWorking.add(date);
	}
	for (const date of calendar.workingDays ?? []) {
		if (!isIsoDate(date)) {
			problems.push(`${fields.workingDays}: «${date}» не дата. Укажите дату в формате ГГГГ-ММ-ДД, например 2027-11-06.`);
		} else if (nonWorking.has(date)) {
			problems.push(`${fields.workingDays}: ${date} указан и среди нерабочих дней. Оставьте дату в одном из списков.`);
		} else if (isPublicHoliday(date)) {
			problems.push(`${fields.workingDays}: ${date} — нерабочий праздничный день по ст. 112 ТК РФ, он не может быть рабочим. Удалите дату из списка.`);
		} else if (isWorkingDay(date)) {
			problems.push(`${fields.workingDays}: ${date} — будний день, он и так рабочий. Укажите субботу, воскресенье или перенесенный выходной, которые постановление правительства делает рабочими.`);
		}
	}
	return problems;
}

/**
 * Reads a list of dates typed in a node parameter: separated by commas, semicolons, spaces or line
 * breaks. Returns the dates as written; `checkWorkCalendar` validates them.
 */
export function parseDateList(text: string | null | undefined): IsoDate[] {
	return (text ?? '')
		.split(/[\s,;]+/)
		.map((value) => value.trim())
		.filter((value) => value !== '');
}
