/**
 * Calendar dates as `YYYY-MM-DD` strings. The methodology counts days and months on the calendar of the
 * organisation's time zone, so dates never carry a time or an offset, and arithmetic is done in UTC where
 * no daylight-saving shift can move a day.
 */

export type IsoDate = string;

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
	year: number;
	month: number;
	day: number;
}

export function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Splits a valid ISO date into numbers, or returns undefined for anything else (e.g. 2023-02-30). */
export function parseIsoDate(value: string): DateParts | undefined {
	const match = ISO_DATE.exec(value);
	if (!match) {
		return undefined;
	}

	const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
	if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) {
		return undefined;
	}
	return parts;
}

export function isIsoDate(value: unknown): value is IsoDate {
	return typeof value === 'string' && parseIsoDate(value) !== undefined;
}

export function formatIsoDate(parts: DateParts): IsoDate {
	const month = String(parts.month).padStart(2, '0');
	const day = String(parts.day).padStart(2, '0');
	return `${String(parts.year).padStart(4, '0')}-${month}-${day}`;
}

function requireDate(value: IsoDate): DateParts {
	const parts = parseIsoDate(value);
	if (!parts) {
		throw new RangeError(`Invalid calendar date: expected YYYY-MM-DD, got "${value}"`);
	}
	return parts;
}

function toUtcMillis(value: IsoDate): number {
	const { year, month, day } = requireDate(value);
	return Date.UTC(year, month - 1, day);
}

function fromUtcMillis(millis: number): IsoDate {
	const date = new Date(millis);
	return formatIsoDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

const DAY_MILLIS = 86_400_000;

export function addDays(date: IsoDate, days: number): IsoDate {
	return fromUtcMillis(toUtcMillis(date) + days * DAY_MILLIS);
}

/**
 * Adds calendar months and clamps to the month's end: 31 January + 1 month is 28 February (29 in a leap
 * year), never 3 March.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
	const { year, month, day } = requireDate(date);
	const monthIndex = year * 12 + (month - 1) + months;
	const targetYear = Math.floor(monthIndex / 12);
	const targetMonth = (monthIndex % 12) + 1;
	const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
	return formatIsoDate({ year: targetYear, month: targetMonth, day: targetDay });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
	return Math.round((toUtcMillis(to) - toUtcMillis(from)) / DAY_MILLIS);
}

/** Full years of age on a date: a person born on 29 February turns a year older on 1 March. */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
	const birth = requireDate(birthDate);
	const on = requireDate(date);
	let age = on.year - birth.year;
	const birthdayPassed = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
	if (!birthdayPassed) {
		age -= 1;
	}
	return age;
}

export function compareDates(left: IsoDate, right: IsoDate): number {
	return left < right ? -1 : left > right ? 1 : 0;
}

/** The calendar date of an instant in a time zone (Europe/Moscow unless the organisation sets another). */
export function dateInTimeZone(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
	const pick = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
	return `${pick('year')}-${pick('month')}-${pick('day')}`;
}

export function today(timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
	return dateInTimeZone(new Date(), timeZone);
}
