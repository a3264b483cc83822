/**
 * Duration limits of the services, the dismissal rule of temporary employment, and the adaptation length
 * of supported employment.
 *
 * | service | rule | check |
 * |---|---|---|
 * | 3 «Профессиональная ориентация» | continuous one month | planned end = start + 1 month |
 * | 3 | at least two weeks | an end before start + 14 days is a violation |
 * | 3 | no longer than one month (a longer trial costs more than it gives) | an end after start + 1 month is a violation |
 * | 4 «Временное трудоустройство» | 1 to 9 months | an end before start + 1 month, or after start + 9 months, is a violation |
 * | 4 | dismissal after three recorded violations of internal rules | `violationsOutcome` |
 * | 6 «Сопровождаемое трудоустройство» | adaptation of 6 months | any other length needs the consent of both user and employer |
 * | 6 | adaptation shortened down to 3 or extended up to 9 months | a length outside 3–9 months is a violation |
 *
 * Limits on services 3 and 4 and the adaptation range can be overridden with a recorded reason. Missing
 * consent cannot: a reason never replaces the user's or the employer's agreement.
 *
 * An end date is the day the period expires, as Russian labour law counts periods: a month from 15 January
 * ends on 15 February, two weeks from Monday 1st end on Monday 15th. Months are calendar months clamped to
 * the month's end, so a month from 31 January ends on 28 February (29 in a leap year).
 */

import { addDays, addMonths, compareDates, isIsoDate, type IsoDate } from './calendar';
import { serviceName } from '../schemas/options';

/** A rule of the methodology broken by the input; the message is Russian and names the field and the fix. */
export class LifecycleRuleError extends Error {
	constructor(
		readonly code: string,
		message: string,
		/** Russian name of the field the user has to correct, when one field is at fault. */
		readonly field?: string,
	) {
		super(message);
		this.name = 'LifecycleRuleError';
	}
}

/** Checks that `value` is a `YYYY-MM-DD` calendar date and returns it; the error names `field` in Russian. */
export function requireIsoDate(value: unknown, field: string): IsoDate {
	if (!isIsoDate(value)) {
		throw new LifecycleRuleError('invalidDate', `Поле «${field}»: ожидается дата в формате ГГГГ-ММ-ДД, получено «${String(value)}».`, field);
	}
	return value;
}

/** Rejects an end date earlier than the start date, naming both fields in Russian. */
export function requireOrderedDates(start: IsoDate, end: IsoDate, startField: string, endField: string): void {
	if (compareDates(end, start) < 0) {
		throw new LifecycleRuleError(
			'endBeforeStart',
			`Поле «${endField}» (${end}) раньше поля «${startField}» (${start}). Исправьте одну из дат.`,
			endField,
		);
	}
}

export type PeriodLength = { days: number } | { months: number };

/** Returns the day on which a period that starts on `start` and lasts `length` expires. */
export function periodEnd(start: IsoDate, length: PeriodLength): IsoDate {
	if ('days' in length) {
		return addDays(start, length.days);
	}
	return addMonths(start, length.months);
}

function describeLength(length: PeriodLength): string {
	if ('days' in length) {
		return `${length.days} дн.`;
	}
	return `${length.months} мес.`;
}

// ---------------------------------------------------------------------------------------------------
// Service durations (3 and 4)
// ---------------------------------------------------------------------------------------------------

export type LimitedService = 3 | 4;

export interface DurationRule {
	service: LimitedService;
	/** Length used for the planned end when the specialist does not set one. */
	planned: PeriodLength;
	minimum: PeriodLength;
	maximum: PeriodLength;
	/** The rule in Russian, as shown to specialists. */
	description: string;
}

export const DURATION_RULES: Record<LimitedService, DurationRule> = {
	3: {
		service: 3,
		planned: { months: 1 },
		minimum: { days: 14 },
		maximum: { months: 1 },
		description: 'Услуга оказывается непрерывно в течение одного месяца; минимальный срок — две недели, более месяца — невыгодно по затратам.',
	},
	4: {
		service: 4,
		planned: { months: 9 },
		minimum: { months: 1 },
		maximum: { months: 9 },
		description: 'Услуга длится от 1 до 9 месяцев; после 9 месяцев без достаточной динамики перспектива открытого рынка сомнительна.',
	},
};

/** Returns the planned end of a service 3 or 4 episode. Service 4 takes the agreed number of months (1–9). */
export function plannedEndDate(service: LimitedService, start: IsoDate, months?: number): IsoDate {
	requireIsoDate(start, 'Дата начала');
	const rule = DURATION_RULES[service];
	if (months === undefined) {
		return periodEnd(start, rule.planned);
	}
	if (!Number.isInteger(months) || months < 1) {
		throw new LifecycleRuleError('invalidMonths', `Срок услуги «${serviceName(service)}»: ожидается целое число месяцев, получено «${months}».`, 'Срок, мес.');
	}
	return periodEnd(start, { months });
}

export type DurationViolationCode = 'shorterThanMinimum' | 'longerThanMaximum' | 'adaptationOutOfRange' | 'adaptationConsentMissing';

export interface DurationViolation {
	code: DurationViolationCode;
	/** Russian explanation with the limit and what to do. */
	message: string;
	/** The boundary date that was crossed, when the limit is a date. */
	limitDate?: IsoDate;
	/** Whether a recorded reason may accept the violation. */
	overridable: boolean;
}

/** A specialist's decision to accept a limit violation; the reason is stored with the episode. */
export interface DurationOverride {
	reason: string;
}

export interface DurationCheck {
	violations: DurationViolation[];
	/** True when a non-empty override reason was given. */
	overrideGiven: boolean;
	overrideReason?: string;
	/** True when there is no violation, or every violation is overridable and a reason was given. */
	accepted: boolean;
}

export interface ServiceDurationCheck extends DurationCheck {
	service: LimitedService;
	start: IsoDate;
	end: IsoDate;
	plannedEnd: IsoDate;
	earliestEnd: IsoDate;
	latestEnd: IsoDate;
}

function settle(violations: DurationViolation[], override: DurationOverride | undefined): DurationCheck {
	const reason = override?.reason?.trim() ?? '';
	const overrideGiven = reason.length > 0;
	const accepted = violations.length === 0 || (overrideGiven && violations.every((violation) => violation.overridable));
	return { violations, overrideGiven, overrideReason: overrideGiven ? reason : undefined, accepted };
}

/**
 * Checks the end of a service 3 or 4 episode (planned or actual) against the service's limits.
 * Throws `LifecycleRuleError` for an invalid date or an end before the start.
 */
export function checkServiceDuration(input: { service: LimitedService; start: IsoDate; end: IsoDate; override?: DurationOverride }): ServiceDurationCheck {
	const start = requireIsoDate(input.start, 'Дата начала');
	const end = requireIsoDate(input.end, 'Дата окончания');
	requireOrderedDates(start, end, 'Дата начала', 'Дата окончания');

	const rule = DURATION_RULES[input.service];
	const name = serviceName(input.service);
	const earliestEnd = periodEnd(start, rule.minimum);
	const latestEnd = periodEnd(start, rule.maximum);

	const violations: DurationViolation[] = [];
	if (compareDates(end, earliestEnd) < 0) {
		violations.push({
			code: 'shorterThanMinimum',
			message: `Услуга «${name}» короче минимального срока (${describeLength(rule.minimum)}): дата окончания должна быть не раньше ${earliestEnd}. Продлите услугу или укажите причину досрочного окончания.`,
			limitDate: earliestEnd,
			overridable: true,
		});
	}
	if (compareDates(end, latestEnd) > 0) {
		violations.push({
			code: 'longerThanMaximum',
			message: `Услуга «${name}» длиннее максимального срока (${describeLength(rule.maximum)}): дата окончания должна быть не позже ${latestEnd}. Сократите срок или укажите причину продления.`,
			limitDate: latestEnd,
			overridable: true,
		});
	}

	return {
		service: input.service,
		start,
		end,
		plannedEnd: periodEnd(start, rule.planned),
		earliestEnd,
		latestEnd,
		...settle(violations, input.override),
	};
}

// ---------------------------------------------------------------------------------------------------
// Violations of internal rules in service 4
// ---------------------------------------------------------------------------------------------------

export const VIOLATIONS_BEFORE_DISMISSAL = 3;

/** One recorded «Нарушение регламента» event. */
export interface RecordedViolation {
	date: IsoDate;
	eventId?: string;
}

export type ViolationsStatus = 'none' | 'warning' | 'dismissalRequired' | 'dismissed';

export interface ViolationsOutcome {
	count: number;
	status: ViolationsStatus;
	/** True from the third violation on, until the dismissal is recorded. */
	dismissalRequired: boolean;
	/** The date of the third violation, from which the dismissal is due. */
	dismissalDueFrom?: IsoDate;
	/** Violations left before the dismissal becomes required (0 from the third on). */
	remaining: number;
	/** Russian summary for the consultant. */
	message: string;
}

/**
 * Applies «dismissal after three violations of internal rules» to the violations of one service 4 episode.
 * `dismissalDate` is the recorded last working day when the user has already left (for violations or at
 * own wish). Throws `LifecycleRuleError` with code `alreadyDismissed` for a violation dated after the
 * dismissal, or a fourth violation once the dismissal for three is recorded.
 */
export function violationsOutcome(violations: readonly RecordedViolation[], dismissalDate?: IsoDate | null): ViolationsOutcome {
	const dates = violations.map((violation) => requireIsoDate(violation.date, 'Дата нарушения')).sort(compareDates);
	const dismissal = dismissalDate ? requireIsoDate(dismissalDate, 'Дата увольнения') : undefined;
	const count = dates.length;

	if (dismissal) {
		const late = dates.find((date) => compareDates(date, dismissal) > 0);
		if (late) {
			throw new LifecycleRuleError(
				'alreadyDismissed',
				`Пользователь уже уволен (${dismissal}): нарушение от ${late} нельзя зарегистрировать. Если пользователь вернулся, откройте новый эпизод услуги «${serviceName(4)}».`,
				'Дата нарушения',
			);
		}
		if (count > VIOLATIONS_BEFORE_DISMISSAL) {
			throw new LifecycleRuleError(
				'alreadyDismissed',
				`Пользователь уже уволен (${dismissal}) после ${VIOLATIONS_BEFORE_DISMISSAL} нарушений: нарушение № ${count} нельзя зарегистрировать.`,
				'Дата нарушения',
			);
		}
	}

	const remaining = Math.max(0, VIOLATIONS_BEFORE_DISMISSAL - count);
	const dismissalDueFrom = count >= VIOLATIONS_BEFORE_DISMISSAL ? dates[VIOLATIONS_BEFORE_DISMISSAL - 1] : undefined;

	if (dismissal) {
		return { count, status: 'dismissed', dismissalRequired: false, dismissalDueFrom, remaining, message: `Пользователь уволен ${dismissal}; нарушений: ${count}.` };
	}
	if (dismissalDueFrom) {
		return {
			count,
			status: 'dismissalRequired',
			dismissalRequired: true,
			dismissalDueFrom,
			remaining: 0,
			message: `Нарушений внутренних регламентов: ${count}. Требуется увольнение (третье нарушение — ${dismissalDueFrom}).`,
		};
	}
	if (count === 0) {
		return { count, status: 'none', dismissalRequired: false, remaining, message: 'Нарушений внутренних регламентов нет.' };
	}
	return {
		count,
		status: 'warning',
		dismissalRequired: false,
		remaining,
		message: `Зафиксировано нарушений: ${count}. До увольнения осталось нарушений: ${remaining}.`,
	};
}

// ---------------------------------------------------------------------------------------------------
// Adaptation length in service 6
// ---------------------------------------------------------------------------------------------------

export const STANDARD_ADAPTATION_MONTHS = 6;
export const MIN_ADAPTATION_MONTHS = 3;
export const MAX_ADAPTATION_MONTHS = 9;

export interface AdaptationAgreement {
	/** First working day under the labour contract, when known; gives the end of adaptation. */
	employmentStart?: IsoDate;
	months: number;
	/** The user agreed to a length other than six months (recorded in the base). */
	userConsent?: boolean;
	/** The employer agreed to a length other than six months (recorded in the base). */
	employerConsent?: boolean;
	override?: DurationOverride;
}

export interface AdaptationCheck extends DurationCheck {
	months: number;
	/** The day supported adaptation ends, when the employment start is known. */
	end?: IsoDate;
}

/**
 * Checks a supported-employment adaptation length: six months, or any whole number of months from three
 * to nine with the recorded consent of both the user and the employer.
 */
export function checkAdaptationPeriod(agreement: AdaptationAgreement): AdaptationCheck {
	const { months } = agreement;
	if (!Number.isInteger(months) || months < 1) {
		throw new LifecycleRuleError('invalidMonths', `Срок адаптации: ожидается целое число месяцев, получено «${months}».`, 'Срок адаптации, мес.');
	}
	const start = agreement.employmentStart ? requireIsoDate(agreement.employmentStart, 'Дата выхода на работу') : undefined;

	// NOTE: the methodology allows shortening "to 3" and extending "to 9" months. Lengths between them are
	// read as allowed on the same consent, not only exactly 3 or 9.
	const violations: DurationViolation[] = [];
	if (months < MIN_ADAPTATION_MONTHS || months > MAX_ADAPTATION_MONTHS) {
		violations.push({
			code: 'adaptationOutOfRange',
			message: `Срок адаптации ${months} мес. вне допустимых пределов: ${MIN_ADAPTATION_MONTHS}–${MAX_ADAPTATION_MONTHS} мес. (обычно ${STANDARD_ADAPTATION_MONTHS}). Измените срок или укажите причину.`,
			overridable: true,
		});
	}
	if (months !== STANDARD_ADAPTATION_MONTHS) {
		const missing: string[] = [];
		if (!agreement.userConsent) {
			missing.push('пользователя');
		}
		if (!agreement.employerConsent) {
			missing.push('работодателя');
		}
		if (missing.length > 0) {
			violations.push({
				code: 'adaptationConsentMissing',
				message: `Срок адаптации ${months} мес. вместо ${STANDARD_ADAPTATION_MONTHS} требует согласия пользователя и работодателя; не зафиксировано согласие: ${missing.join(', ')}.`,
				overridable: false,
			});
		}
	}

	return {
		months,
		end: start ? periodEnd(start, { months }) : undefined,
		...settle(violations, agreement.override),
	};
}

/** Returns the day supported adaptation ends for an employment start and an agreed length (six months by default). */
export function adaptationEnd(employmentStart: IsoDate, months: number = STANDARD_ADAPTATION_MONTHS): IsoDate {
	return periodEnd(requireIsoDate(employmentStart, 'Дата выхода на работу'), { months });
}
