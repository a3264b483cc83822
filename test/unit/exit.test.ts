import { LifecycleRuleError } from '../../core/durations';
import {
	computeExitClock,
	employmentsFromTimeline,
	exitDueDate,
	recordExit,
	recordWithdrawal,
	returnAfterLeaving,
	REENTRY_SERVICE,
	SERVICES_AFTER_EXIT,
	unsupportedWorkSince,
	type Employment,
} from '../../core/exit';

function catchRuleError(action: () => unknown): LifecycleRuleError {
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

const unsupportedJob: Employment = { id: 'job-a', contractStart: '2024-01-15' };
const supportedJob: Employment = { id: 'job-s', contractStart: '2024-01-15', supportEnd: '2024-07-15' };

describe('exit date', () => {
	it('counts unsupported work from the support end', () => {
		expect(unsupportedWorkSince(unsupportedJob)).toBe('2024-01-15');
		expect(unsupportedWorkSince(supportedJob)).toBe('2024-07-15');
	});

	it('falls the day after six months', () => {
		expect(exitDueDate('2024-01-15')).toBe('2024-07-16');
		expect(exitDueDate('2024-07-15')).toBe('2025-01-16');
	});

	it('clamps at the month end', () => {
		expect(exitDueDate('2024-08-27')).toBe('2025-02-28');
		expect(exitDueDate('2024-08-31')).toBe('2025-03-01');
		expect(exitDueDate('2023-08-31')).toBe('2024-03-01');
	});
});

describe('computeExitClock', () => {
	it('counts up to exactly six months', () => {
		const clock = computeExitClock([unsupportedJob], '2024-07-15');
		expect(clock.status).toBe('counting');
		expect(clock.employmentId).toBe('job-a');
		expect(clock.exitDate).toBe('2024-07-16');
		expect(clock.daysRequired).toBe(182);
		expect(clock.daysWithoutSupport).toBe(182);
		expect(clock.daysRemaining).toBe(1);
		expect(clock.message).toContain('осталось дней: 1');
	});

	it('makes the exit due beyond six months', () => {
		const clock = computeExitClock([unsupportedJob], '2024-07-16');
		expect(clock.status).toBe('exitDue');
		expect(clock.exitDate).toBe('2024-07-16');
		expect(clock.daysWithoutSupport).toBe(183);
		expect(clock.daysRemaining).toBe(0);
		expect(clock.message).toContain('зафиксируйте точку выхода');
	});

	it('waits while support lasts', () => {
		const clock = computeExitClock([supportedJob], '2024-03-01');
		expect(clock.status).toBe('supported');
		expect(clock.unsupportedSince).toBe('2024-07-15');
		expect(clock.exitDate).toBe('2025-01-16');
		expect(clock.daysWithoutSupport).toBe(0);
		expect(clock.daysRemaining).toBe(321);
	});

	it('counts from the support end', () => {
		const clock = computeExitClock([supportedJob], '2024-07-16');
		expect(clock.status).toBe('counting');
		expect(clock.daysWithoutSupport).toBe(1);
	});

	it('resets on an early dismissal', () => {
		const clock = computeExitClock([{ ...unsupportedJob, end: '2024-05-31' }], '2024-06-10');
		expect(clock.status).toBe('notEmployed');
		expect(clock.exitDate).toBeUndefined();
		expect(clock.interruptions).toEqual([{ employmentId: 'job-a', end: '2024-05-31', daysWithoutSupport: 137 }]);
		expect(clock.message).toContain('заново');
	});

	it('starts a new clock with a new job', () => {
		const jobs: Employment[] = [
			{ ...unsupportedJob, end: '2024-05-31' },
			{ id: 'job-b', contractStart: '2024-07-01' },
		];
		const clock = computeExitClock(jobs, '2025-01-01');
		expect(clock.status).toBe('counting');
		expect(clock.employmentId).toBe('job-b');
		expect(clock.exitDate).toBe('2025-01-02');
		expect(clock.daysRemaining).toBe(1);
		expect(clock.interruptions.map((interruption) => interruption.employmentId)).toEqual(['job-a']);
	});

	it('does not reach the exit at exactly six months', () => {
		const clock = computeExitClock([{ ...unsupportedJob, end: '2024-07-15' }], '2024-09-01');
		expect(clock.status).toBe('notEmployed');
		expect(clock.interruptions[0].daysWithoutSupport).toBe(182);
	});

	it('keeps an exit reached before dismissal', () => {
		const clock = computeExitClock([{ ...unsupportedJob, end: '2024-08-01' }], '2024-09-01');
		expect(clock.status).toBe('exitDue');
		expect(clock.exitDate).toBe('2024-07-16');
		expect(clock.daysWithoutSupport).toBe(199);
		expect(clock.interruptions).toEqual([]);
	});

	it('counts a dismissal on the exit date', () => {
		expect(computeExitClock([{ ...unsupportedJob, end: '2024-07-16' }], '2024-09-01').status).toBe('exitDue');
	});

	it('ignores a job that has not started', () => {
		const clock = computeExitClock([{ id: 'future', contractStart: '2024-10-01' }], '2024-09-01');
		expect(clock.status).toBe('notEmployed');
		expect(clock.message).toContain('еще не работает');
	});

	it('follows the job whose exit comes first', () => {
		const clock = computeExitClock([supportedJob, { id: 'job-c', contractStart: '2024-02-01' }], '2024-04-01');
		expect(clock.employmentId).toBe('job-c');
		expect(clock.exitDate).toBe('2024-08-02');
	});

	it('reads an instant on the Moscow calendar', () => {
		const instant = new Date('2024-07-15T21:30:00Z');
		expect(computeExitClock([unsupportedJob], instant).status).toBe('exitDue');
		expect(computeExitClock([unsupportedJob], instant, 'UTC').status).toBe('counting');
	});

	it('rejects support ending before the contract', () => {
		const error = catchRuleError(() => computeExitClock([{ id: 'x', contractStart: '2024-02-01', supportEnd: '2024-01-31' }], '2024-03-01'));
		expect(error.code).toBe('endBeforeStart');
		expect(error.field).toBe('Дата окончания сопровождения');
	});

	it('rejects a dismissal before the contract', () => {
		const error = catchRuleError(() => computeExitClock([{ id: 'x', contractStart: '2024-02-01', end: '2024-01-20' }], '2024-03-01'));
		expect(error.message).toContain('«Дата увольнения»');
	});
});

describe('employmentsFromTimeline', () => {
	it('takes service 6 jobs', () => {
		const employments = employmentsFromTimeline({
			candidateId: 'cand-1',
			episodes: [
				{ id: 'e6', service: 6, start: '2024-01-10', employmentStart: '2024-01-15', adaptationMonths: 3 },
				{ id: 'e6-dismissed', service: 6, start: '2024-06-01', employmentStart: '2024-06-10', dismissalDate: '2024-07-01' },
				{ id: 'e6-preparing', service: 6, start: '2024-09-01' },
				{ id: 'e4', service: 4, start: '2024-03-04' },
			],
		});
		expect(employments).toEqual([
			{ id: 'e6', contractStart: '2024-01-15', supportEnd: '2024-04-15', end: null },
			{ id: 'e6-dismissed', contractStart: '2024-06-10', supportEnd: '2024-12-10', end: '2024-07-01' },
		]);
	});
});

describe('recordExit', () => {
	it('records a due exit', () => {
		const record = recordExit(computeExitClock([unsupportedJob], '2024-07-20'));
		expect(record).toEqual({ routeState: 'Точка выхода', exitDate: '2024-07-16', employmentId: 'job-a', servicesStillAvailable: [5] });
	});

	it('rejects an exit before the date', () => {
		const error = catchRuleError(() => recordExit(computeExitClock([unsupportedJob], '2024-07-01')));
		expect(error.code).toBe('exitNotDue');
		expect(error.message).toContain('еще не наступила');
		expect(error.message).toContain('2024-07-16');
	});
});

describe('recordWithdrawal', () => {
	it('requires a reason', () => {
		const error = catchRuleError(() => recordWithdrawal({ date: '2024-05-01', reason: '  ' }));
		expect(error.code).toBe('withdrawalReasonMissing');
		expect(error.field).toBe('Причина выбытия');
	});

	it('records a withdrawal with re-entry at service 2', () => {
		const withdrawal = recordWithdrawal({ date: '2024-05-01', reason: 'Переезд в другой город' }, computeExitClock([unsupportedJob], '2024-05-01'));
		expect(withdrawal).toEqual({ routeState: 'Выбыл', date: '2024-05-01', reason: 'Переезд в другой город', reentryService: 2 });
	});

	it('rejects a withdrawal after the exit', () => {
		const error = catchRuleError(() => recordWithdrawal({ date: '2024-08-01', reason: 'Не выходит на связь' }, computeExitClock([unsupportedJob], '2024-08-01')));
		expect(error.code).toBe('exitAlreadyDue');
	});
});

describe('returnAfterLeaving', () => {
	it('keeps service 5 open after exit', () => {
		expect(SERVICES_AFTER_EXIT).toEqual([5]);
		expect(returnAfterLeaving('Точка выхода', 5)).toMatchObject({ service: 5, reentry: false });
	});

	it('re-enters at service 2 after exit', () => {
		const decision = returnAfterLeaving('Точка выхода', 6);
		expect(decision.service).toBe(REENTRY_SERVICE);
		expect(decision.reentry).toBe(true);
		expect(decision.message).toContain('Содействие в поиске подходящей работы');
	});

	it('re-enters at service 2 after withdrawal', () => {
		expect(returnAfterLeaving('Выбыл', 5)).toMatchObject({ service: 2, reentry: true });
	});

	it('leaves a user on the route alone', () => {
		expect(returnAfterLeaving('Пользователь', 4)).toMatchObject({ service: 4, reentry: false });
	});
});
