import {
	adaptationEnd,
	checkAdaptationPeriod,
	checkServiceDuration,
	LifecycleRuleError,
	periodEnd,
	plannedEndDate,
	violationsOutcome,
} from '../../core/durations';

function catchError(action: () => unknown): LifecycleRuleError {
	try {
		action();
	} catch (error) {
		if (error instanceof LifecycleRuleError) {
			return error;
		}
		throw error;
	}
	throw new Error('expected a LifecycleRuleError');
}

describe('periodEnd', () => {
	it('ends a month on the same date', () => {
		expect(periodEnd('2024-01-15', { months: 1 })).toBe('2024-02-15');
		expect(periodEnd('2023-02-01', { months: 1 })).toBe('2023-03-01');
	});

	it('clamps a start on the 31st', () => {
		expect(periodEnd('2024-01-31', { months: 1 })).toBe('2024-02-29');
		expect(periodEnd('2023-01-31', { months: 1 })).toBe('2023-02-28');
		expect(periodEnd('2024-08-31', { months: 6 })).toBe('2025-02-28');
	});

	it('ends two weeks on the same weekday', () => {
		expect(periodEnd('2024-04-01', { days: 14 })).toBe('2024-04-15');
	});
});

describe('service 3 duration', () => {
	const start = '2024-04-01';

	it('plans one month', () => {
		expect(plannedEndDate(3, start)).toBe('2024-05-01');
		expect(checkServiceDuration({ service: 3, start, end: '2024-05-01' }).plannedEnd).toBe('2024-05-01');
	});

	it('accepts exactly two weeks', () => {
		const check = checkServiceDuration({ service: 3, start, end: '2024-04-15' });
		expect(check.violations).toEqual([]);
		expect(check.accepted).toBe(true);
	});

	it('flags less than two weeks', () => {
		const check = checkServiceDuration({ service: 3, start, end: '2024-04-14' });
		expect(check.violations).toHaveLength(1);
		expect(check.violations[0].code).toBe('shorterThanMinimum');
		expect(check.violations[0].limitDate).toBe('2024-04-15');
		expect(check.violations[0].message).toContain('Профессиональная ориентация');
		expect(check.overrideGiven).toBe(false);
		expect(check.accepted).toBe(false);
	});

	it('flags more than one month', () => {
		const check = checkServiceDuration({ service: 3, start, end: '2024-05-02' });
		expect(check.violations.map((violation) => violation.code)).toEqual(['longerThanMaximum']);
		expect(check.latestEnd).toBe('2024-05-01');
	});

	it('accepts a violation with a reason', () => {
		const check = checkServiceDuration({ service: 3, start, end: '2024-04-05', override: { reason: '  Госпитализация пользователя ' } });
		expect(check.violations).toHaveLength(1);
		expect(check.overrideGiven).toBe(true);
		expect(check.overrideReason).toBe('Госпитализация пользователя');
		expect(check.accepted).toBe(true);
	});

	it('ignores a blank override reason', () => {
		const check = checkServiceDuration({ service: 3, start, end: '2024-04-05', override: { reason: '   ' } });
		expect(check.overrideGiven).toBe(false);
		expect(check.accepted).toBe(false);
	});
});

describe('service 4 duration', () => {
	const start = '2024-01-31';

	it('accepts one to nine months', () => {
		expect(checkServiceDuration({ service: 4, start, end: '2024-02-29' }).accepted).toBe(true);
		expect(checkServiceDuration({ service: 4, start, end: '2024-10-31' }).accepted).toBe(true);
	});

	it('flags less than one month', () => {
		const check = checkServiceDuration({ service: 4, start, end: '2024-02-28' });
		expect(check.violations.map((violation) => violation.code)).toEqual(['shorterThanMinimum']);
		expect(check.earliestEnd).toBe('2024-02-29');
	});

	it('flags more than nine months', () => {
		const check = checkServiceDuration({ service: 4, start, end: '2024-11-01' });
		expect(check.violations.map((violation) => violation.code)).toEqual(['longerThanMaximum']);
		expect(check.violations[0].message).toContain('9 мес.');
	});

	it('plans the agreed months', () => {
		expect(plannedEndDate(4, '2024-03-04', 3)).toBe('2024-06-04');
		expect(plannedEndDate(4, '2024-03-04')).toBe('2024-12-04');
	});

	it('rejects a fractional month count', () => {
		expect(catchError(() => plannedEndDate(4, '2024-03-04', 2.5)).code).toBe('invalidMonths');
	});
});

describe('duration input errors', () => {
	it('rejects an end before the start', () => {
		const error = catchError(() => checkServiceDuration({ service: 4, start: '2024-03-10', end: '2024-03-09' }));
		expect(error.code).toBe('endBeforeStart');
		expect(error.field).toBe('Дата окончания');
		expect(error.message).toBe('Поле «Дата окончания» (2024-03-09) раньше поля «Дата начала» (2024-03-10). Исправьте одну из дат.');
	});

	it('rejects an invalid date', () => {
		const error = catchError(() => checkServiceDuration({ service: 3, start: '2023-02-30', end: '2023-03-10' }));
		expect(error.code).toBe('invalidDate');
		expect(error.message).toContain('«Дата начала»');
		expect(error.message).toContain('ГГГГ-ММ-ДД');
	});
});

describe('violationsOutcome', () => {
	it('reports no violations', () => {
		const outcome = violationsOutcome([]);
		expect(outcome.status).toBe('none');
		expect(outcome.remaining).toBe(3);
		expect(outcome.dismissalRequired).toBe(false);
	});

	it('warns after two violations', () => {
		const outcome = violationsOutcome([{ date: '2024-03-05' }, { date: '2024-03-12' }]);
		expect(outcome.status).toBe('warning');
		expect(outcome.remaining).toBe(1);
		expect(outcome.dismissalRequired).toBe(false);
	});

	it('requires dismissal at the third', () => {
		const outcome = violationsOutcome([{ date: '2024-03-20' }, { date: '2024-03-05' }, { date: '2024-03-12' }]);
		expect(outcome.status).toBe('dismissalRequired');
		expect(outcome.dismissalRequired).toBe(true);
		expect(outcome.dismissalDueFrom).toBe('2024-03-20');
		expect(outcome.remaining).toBe(0);
		expect(outcome.message).toContain('Требуется увольнение');
	});

	it('keeps requiring dismissal after four', () => {
		const outcome = violationsOutcome([{ date: '2024-03-05' }, { date: '2024-03-12' }, { date: '2024-03-20' }, { date: '2024-03-22' }]);
		expect(outcome.status).toBe('dismissalRequired');
		expect(outcome.count).toBe(4);
		expect(outcome.dismissalDueFrom).toBe('2024-03-20');
	});

	it('reports a recorded dismissal', () => {
		const outcome = violationsOutcome([{ date: '2024-03-05' }, { date: '2024-03-12' }, { date: '2024-03-20' }], '2024-03-20');
		expect(outcome.status).toBe('dismissed');
		expect(outcome.dismissalRequired).toBe(false);
	});

	it('rejects a fourth violation after dismissal', () => {
		const violations = [{ date: '2024-03-05' }, { date: '2024-03-12' }, { date: '2024-03-20' }, { date: '2024-03-20' }];
		const error = catchError(() => violationsOutcome(violations, '2024-03-20'));
		expect(error.code).toBe('alreadyDismissed');
		expect(error.message).toContain('уже уволен');
	});

	it('rejects a violation dated after leaving', () => {
		const error = catchError(() => violationsOutcome([{ date: '2024-04-02' }], '2024-04-01'));
		expect(error.code).toBe('alreadyDismissed');
		expect(error.message).toContain('2024-04-02');
		expect(error.field).toBe('Дата нарушения');
	});
});

describe('checkAdaptationPeriod', () => {
	it('accepts six months without consent', () => {
		const check = checkAdaptationPeriod({ employmentStart: '2024-01-15', months: 6 });
		expect(check.accepted).toBe(true);
		expect(check.end).toBe('2024-07-15');
	});

	it('accepts three months with both consents', () => {
		const check = checkAdaptationPeriod({ employmentStart: '2024-01-15', months: 3, userConsent: true, employerConsent: true });
		expect(check.violations).toEqual([]);
		expect(check.end).toBe('2024-04-15');
	});

	it('rejects nine months without the employer', () => {
		const check = checkAdaptationPeriod({ months: 9, userConsent: true, override: { reason: 'Работодатель согласен устно' } });
		expect(check.violations.map((violation) => violation.code)).toEqual(['adaptationConsentMissing']);
		expect(check.violations[0].overridable).toBe(false);
		expect(check.violations[0].message).toContain('работодателя');
		expect(check.accepted).toBe(false);
	});

	it('names both missing consents', () => {
		const check = checkAdaptationPeriod({ months: 3 });
		expect(check.violations[0].message).toContain('пользователя, работодателя');
	});

	it('accepts a length between three and nine', () => {
		expect(checkAdaptationPeriod({ months: 4, userConsent: true, employerConsent: true }).accepted).toBe(true);
	});

	it('flags a length beyond nine months', () => {
		const check = checkAdaptationPeriod({ months: 12, userConsent: true, employerConsent: true });
		expect(check.violations.map((violation) => violation.code)).toEqual(['adaptationOutOfRange']);
		expect(check.accepted).toBe(false);
		const overridden = checkAdaptationPeriod({ months: 12, userConsent: true, employerConsent: true, override: { reason: 'Решение руководителя' } });
		expect(overridden.accepted).toBe(true);
	});

	it('rejects a fractional length', () => {
		expect(catchError(() => checkAdaptationPeriod({ months: 6.5 })).code).toBe('invalidMonths');
	});

	it('computes the adaptation end', () => {
		expect(adaptationEnd('2024-01-15')).toBe('2024-07-15');
		expect(adaptationEnd('2024-01-31', 1)).toBe('2024-02-29');
	});
});
