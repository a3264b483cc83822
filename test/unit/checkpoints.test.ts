import {
	buildRouteTimeline,
	buildSchedule,
	diffSchedules,
	dueCheckpoints,
	isoWeekday,
	type Checkpoint,
	type RouteTimeline,
	type TimelineEpisode,
} from '../../core/checkpoints';
import { LifecycleRuleError } from '../../core/durations';
import type { Episode, LifecycleEvent } from '../../schemas';

const CANDIDATE = 'cand-1';

function route(...episodes: TimelineEpisode[]): RouteTimeline {
	return { candidateId: CANDIDATE, episodes };
}

function supported(overrides: Partial<TimelineEpisode> = {}): TimelineEpisode {
	return { id: 'e6', service: 6, start: '2024-01-10', employmentStart: '2024-01-15', ...overrides };
}

function temporary(overrides: Partial<TimelineEpisode> = {}): TimelineEpisode {
	return { id: 'e4', service: 4, start: '2024-03-04', plannedEnd: '2024-06-03', ...overrides };
}

/** Windows by key, as `key: earliest..latest`, for compact comparisons. */
function windows(schedule: readonly Checkpoint[]): Record<string, string> {
	return Object.fromEntries(schedule.map((checkpoint) => [checkpoint.key, `${checkpoint.due.earliest}..${checkpoint.due.latest}`]));
}

function keys(checkpoints: readonly Checkpoint[]): string[] {
	return checkpoints.map((checkpoint) => checkpoint.key).sort();
}

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

describe('service 6 schedule', () => {
	it('lists every follow-up of a six-month adaptation', () => {
		expect(windows(buildSchedule(route(supported())))).toEqual({
			'e6:s6:first-day': '2024-01-15..2024-01-15',
			'e6:s6:first-week': '2024-01-22..2024-01-24',
			'e6:s6:internal-training': '2024-01-22..2024-01-29',
			'e6:s6:employer-evaluation:1m': '2024-02-15..2024-02-22',
			'e6:s6:employer-evaluation:3m': '2024-04-15..2024-04-22',
			'e6:s6:employer-evaluation:6m': '2024-07-15..2024-07-22',
			'e6:s6:closing-meeting': '2024-07-15..2024-07-29',
			'e6:s6:follow-up': '2025-01-09..2025-01-15',
			'e6:s6:exit': '2025-01-16..2025-01-30',
		});
	});

	it('fills the checkpoint fields', () => {
		const schedule = buildSchedule(route(supported()));
		const evaluation = schedule.find((checkpoint) => checkpoint.key === 'e6:s6:employer-evaluation:3m');
		expect(evaluation).toEqual({
			key: 'e6:s6:employer-evaluation:3m',
			kind: 'employerEvaluation',
			label: 'Оценка работодателем работы кандидата: 3 мес.',
			service: 6,
			candidateId: CANDIDATE,
			episodeId: 'e6',
			due: { earliest: '2024-04-15', latest: '2024-04-22' },
			anchor: { milestone: 'employmentStart', date: '2024-01-15' },
			eventType: 'Оценка работодателем работы кандидата',
		});
		const exit = schedule.find((checkpoint) => checkpoint.kind === 'exitCheck');
		expect(exit?.eventType).toBe('Точка выхода');
		expect(exit?.anchor).toEqual({ milestone: 'supportEnd', date: '2024-07-15' });
	});

	it('sorts by the earliest day', () => {
		const schedule = buildSchedule(route(supported()));
		const earliest = schedule.map((checkpoint) => checkpoint.due.earliest);
		expect(earliest).toEqual([...earliest].sort());
	});

	it('clamps monthly evaluations to the month end', () => {
		const leap = windows(buildSchedule(route(supported({ start: '2024-01-31', employmentStart: '2024-01-31' }))));
		expect(leap['e6:s6:employer-evaluation:1m']).toBe('2024-02-29..2024-03-07');
		expect(leap['e6:s6:employer-evaluation:3m']).toBe('2024-04-30..2024-05-07');
		const common = windows(buildSchedule(route(supported({ start: '2023-01-31', employmentStart: '2023-01-31' }))));
		expect(common['e6:s6:employer-evaluation:1m']).toBe('2023-02-28..2023-03-07');
	});

	it('drops the 6-month evaluation after three months', () => {
		const schedule = windows(buildSchedule(route(supported({ adaptationMonths: 3 }))));
		expect(schedule['e6:s6:employer-evaluation:3m']).toBe('2024-04-15..2024-04-22');
		expect(schedule['e6:s6:employer-evaluation:6m']).toBeUndefined();
		expect(schedule['e6:s6:closing-meeting']).toBe('2024-04-15..2024-04-29');
		expect(schedule['e6:s6:exit']).toBe('2024-10-16..2024-10-30');
	});

	it('uses the training end when recorded', () => {
		const schedule = buildSchedule(route(supported({ internalTrainingEnd: '2024-01-26' })));
		const training = schedule.find((checkpoint) => checkpoint.key === 'e6:s6:internal-training');
		expect(training?.due).toEqual({ earliest: '2024-01-26', latest: '2024-01-29' });
		expect(training?.anchor).toEqual({ milestone: 'internalTrainingEnd', date: '2024-01-26' });
	});

	it('follows a recorded support end', () => {
		const schedule = windows(buildSchedule(route(supported({ supportEnd: '2024-06-30' }))));
		expect(schedule['e6:s6:employer-evaluation:6m']).toBeUndefined();
		expect(schedule['e6:s6:exit']).toBe('2024-12-31..2025-01-14');
	});

	it('waits for the employment start', () => {
		expect(buildSchedule(route(supported({ employmentStart: null })))).toEqual([]);
	});
});

describe('service 4 schedule', () => {
	it('evaluates every two weeks at the internal site', () => {
		expect(windows(buildSchedule(route(temporary())))).toEqual({
			'e4:s4:internal-evaluation:1': '2024-03-18..2024-03-21',
			'e4:s4:internal-evaluation:2': '2024-04-01..2024-04-04',
			'e4:s4:internal-evaluation:3': '2024-04-15..2024-04-18',
			'e4:s4:internal-evaluation:4': '2024-04-29..2024-05-02',
			'e4:s4:internal-evaluation:5': '2024-05-13..2024-05-16',
			'e4:s4:internal-evaluation:6': '2024-05-27..2024-05-30',
		});
	});

	it('runs until nine months without an end', () => {
		const schedule = buildSchedule(route(temporary({ plannedEnd: null })));
		const last = schedule[schedule.length - 1];
		// Nine months from 4 March end on 4 December; the last fortnight before it is 25 November.
		expect(last.key).toBe('e4:s4:internal-evaluation:19');
		expect(last.due.earliest).toBe('2024-11-25');
	});

	it('follows an external site until the return', () => {
		const schedule = windows(buildSchedule(route(temporary({ externalSites: [{ id: 'site-a', start: '2024-04-01', returnDate: '2024-05-13' }] }))));
		expect(schedule).toEqual({
			'e4:s4:internal-evaluation:1': '2024-03-18..2024-03-21',
			'e4:s4:site:site-a:day:1': '2024-04-01..2024-04-02',
			'e4:s4:site:site-a:day:2': '2024-04-02..2024-04-03',
			'e4:s4:site:site-a:day:3': '2024-04-03..2024-04-04',
			'e4:s4:site:site-a:day:4': '2024-04-04..2024-04-05',
			// Saturday 6 April is a day off, so the contact after Friday may wait until Monday.
			'e4:s4:site:site-a:day:5': '2024-04-05..2024-04-08',
			'e4:s4:site:site-a:week-2': '2024-04-15..2024-04-17',
			// 1 May is a public holiday.
			'e4:s4:site:site-a:fortnight:1': '2024-04-29..2024-05-02',
			'e4:s4:site:site-a:employer-evaluation:1m': '2024-05-01..2024-05-08',
			'e4:s4:internal-evaluation:5': '2024-05-13..2024-05-16',
			'e4:s4:internal-evaluation:6': '2024-05-27..2024-05-30',
		});
	});

	it('contacts every two weeks until three months', () => {
		const schedule = buildSchedule(route(temporary({ plannedEnd: '2024-12-01', externalSites: [{ id: 'site-a', start: '2024-04-01' }] })));
		const site = windows(schedule.filter((checkpoint) => checkpoint.key.includes(':site:') && !checkpoint.key.includes(':day:')));
		expect(site).toEqual({
			'e4:s4:site:site-a:week-2': '2024-04-15..2024-04-17',
			'e4:s4:site:site-a:fortnight:1': '2024-04-29..2024-05-02',
			'e4:s4:site:site-a:employer-evaluation:1m': '2024-05-01..2024-05-08',
			'e4:s4:site:site-a:fortnight:2': '2024-05-13..2024-05-15',
			'e4:s4:site:site-a:fortnight:3': '2024-05-27..2024-05-29',
			// 12 June is a public holiday.
			'e4:s4:site:site-a:fortnight:4': '2024-06-10..2024-06-13',
			'e4:s4:site:site-a:fortnight:5': '2024-06-24..2024-06-26',
			'e4:s4:site:site-a:employer-evaluation:3m': '2024-07-01..2024-07-08',
			'e4:s4:site:site-a:employer-evaluation:6m': '2024-10-01..2024-10-08',
		});
		expect(schedule.filter((checkpoint) => checkpoint.kind === 'evaluation').map((checkpoint) => checkpoint.key)).toEqual(['e4:s4:internal-evaluation:1']);
	});

	it('skips weekends in the first week', () => {
		expect(isoWeekday('2024-04-04')).toBe(4);
		const schedule = buildSchedule(route(temporary({ externalSites: [{ id: 'site-b', start: '2024-04-04' }] })));
		const days = schedule.filter((checkpoint) => checkpoint.key.includes(':day:')).map((checkpoint) => checkpoint.due.earliest);
		expect(days).toEqual(['2024-04-04', '2024-04-05', '2024-04-08', '2024-04-09', '2024-04-10']);
	});

	it('uses the site working week', () => {
		const schedule = buildSchedule(route(temporary({ externalSites: [{ id: 'site-c', start: '2024-04-04', workWeekdays: [1, 2, 3, 4, 5, 6, 7] }] })));
		expect(schedule.filter((checkpoint) => checkpoint.key.includes(':day:'))).toHaveLength(7);
	});

	it('ends a site when the next one starts', () => {
		const schedule = buildSchedule(
			route(
				temporary({
					externalSites: [
						{ id: 'site-b', start: '2024-04-22' },
						{ id: 'site-a', start: '2024-04-01' },
					],
				}),
			),
		);
		const siteA = schedule.filter((checkpoint) => checkpoint.key.includes(':site:site-a:'));
		expect(siteA.every((checkpoint) => checkpoint.due.earliest <= '2024-04-21')).toBe(true);
		expect(siteA.some((checkpoint) => checkpoint.key.endsWith(':week-2'))).toBe(true);
		expect(schedule.some((checkpoint) => checkpoint.key === 'e4:s4:site:site-b:day:1')).toBe(true);
	});

	it('stops at the dismissal', () => {
		const schedule = buildSchedule(route(temporary({ dismissalDate: '2024-04-10' })));
		expect(keys(schedule)).toEqual(['e4:s4:internal-evaluation:1', 'e4:s4:internal-evaluation:2']);
	});

	it('rejects a site before the start', () => {
		const error = catchRuleError(() => buildSchedule(route(temporary({ externalSites: [{ id: 'x', start: '2024-03-01' }] }))));
		expect(error.code).toBe('endBeforeStart');
		expect(error.field).toBe('Дата выхода на стороннюю площадку');
	});
});

describe('service 3 schedule', () => {
	it('ends the month with the final assessment', () => {
		const schedule = buildSchedule(route({ id: 'e3', service: 3, start: '2024-04-01' }));
		expect(windows(schedule)).toEqual({ 'e3:s3:final': '2024-04-29..2024-05-08' });
		expect(schedule[0].kind).toBe('finalAssessment');
		expect(schedule[0].eventType).toBe('Собеседование кандидата с консультантом');
	});

	it('moves with an early end', () => {
		const schedule = buildSchedule(route({ id: 'e3', service: 3, start: '2024-04-01', plannedEnd: '2024-04-30', actualEnd: '2024-04-20' }));
		// The window would close on Saturday 27 April, so it stays open until Monday.
		expect(windows(schedule)).toEqual({ 'e3:s3:final': '2024-04-18..2024-04-29' });
	});

	it('rejects an end before the start', () => {
		const error = catchRuleError(() => buildSchedule(route({ id: 'e3', service: 3, start: '2024-04-01', plannedEnd: '2024-03-30' })));
		expect(error.message).toContain('«Плановая дата окончания»');
	});
});

describe('schedule keys', () => {
	it('are unique and episode-scoped', () => {
		const schedule = buildSchedule(
			route(
				supported(),
				temporary({ externalSites: [{ id: 'site-a', start: '2024-04-01', returnDate: '2024-05-13' }] }),
				{ id: 'e3', service: 3, start: '2024-02-01' },
			),
		);
		const all = schedule.map((checkpoint) => checkpoint.key);
		expect(new Set(all).size).toBe(all.length);
		for (const checkpoint of schedule) {
			expect(checkpoint.key.startsWith(`${checkpoint.episodeId}:s${checkpoint.service}:`)).toBe(true);
		}
	});
});

describe('diffSchedules', () => {
	it('moves everything after a later start', () => {
		const before = buildSchedule(route(supported()));
		const after = buildSchedule(route(supported({ employmentStart: '2024-01-22' })));
		const diff = diffSchedules(before, after);
		expect(diff.added).toEqual([]);
		expect(diff.removed).toEqual([]);
		expect(diff.moved).toHaveLength(before.length);
		const firstDay = diff.moved.find((change) => change.after.key === 'e6:s6:first-day');
		expect(firstDay?.before.due.earliest).toBe('2024-01-15');
		expect(firstDay?.after.due.earliest).toBe('2024-01-22');
	});

	it('moves the end after an extension', () => {
		const diff = diffSchedules(buildSchedule(route(supported())), buildSchedule(route(supported({ adaptationMonths: 9 }))));
		expect(diff.added).toEqual([]);
		expect(diff.removed).toEqual([]);
		expect(keys(diff.moved.map((change) => change.after))).toEqual(['e6:s6:closing-meeting', 'e6:s6:exit', 'e6:s6:follow-up']);
		expect(diff.moved.find((change) => change.after.key === 'e6:s6:exit')?.after.due.earliest).toBe('2025-04-16');
	});

	it('adds the 6-month evaluation', () => {
		const diff = diffSchedules(buildSchedule(route(supported({ adaptationMonths: 3 }))), buildSchedule(route(supported())));
		expect(keys(diff.added)).toEqual(['e6:s6:employer-evaluation:6m']);
	});

	it('removes what follows a dismissal', () => {
		const diff = diffSchedules(buildSchedule(route(supported())), buildSchedule(route(supported({ dismissalDate: '2024-03-01' }))));
		expect(keys(diff.removed)).toEqual([
			'e6:s6:closing-meeting',
			'e6:s6:employer-evaluation:3m',
			'e6:s6:employer-evaluation:6m',
			'e6:s6:exit',
			'e6:s6:follow-up',
		]);
		expect(diff.added).toEqual([]);
		expect(diff.moved).toEqual([]);
	});

	it('swaps site contacts for internal evaluations on return', () => {
		const open = buildSchedule(route(temporary({ externalSites: [{ id: 'site-a', start: '2024-04-01' }] })));
		const returned = buildSchedule(route(temporary({ externalSites: [{ id: 'site-a', start: '2024-04-01', returnDate: '2024-05-13' }] })));
		const diff = diffSchedules(open, returned);
		expect(keys(diff.removed)).toEqual(['e4:s4:site:site-a:fortnight:2', 'e4:s4:site:site-a:fortnight:3']);
		expect(keys(diff.added)).toEqual(['e4:s4:internal-evaluation:5', 'e4:s4:internal-evaluation:6']);
		expect(diff.moved).toEqual([]);
	});

	it('reports nothing for an unchanged route', () => {
		const schedule = buildSchedule(route(supported()));
		expect(diffSchedules(schedule, buildSchedule(route(supported())))).toEqual({ added: [], removed: [], moved: [] });
	});
});

describe('dueCheckpoints', () => {
	const schedule = buildSchedule(route(supported()));

	it('splits due and overdue', () => {
		const result = dueCheckpoints(schedule, '2024-01-22');
		expect(result.today).toBe('2024-01-22');
		expect(keys(result.due)).toEqual(['e6:s6:first-week', 'e6:s6:internal-training']);
		expect(keys(result.overdue)).toEqual(['e6:s6:first-day']);
	});

	it('excludes completed checkpoints', () => {
		const result = dueCheckpoints(schedule, '2024-01-22', ['e6:s6:first-day', 'e6:s6:first-week']);
		expect(keys(result.due)).toEqual(['e6:s6:internal-training']);
		expect(result.overdue).toEqual([]);
	});

	it('counts the window bounds as due', () => {
		expect(keys(dueCheckpoints(schedule, '2024-01-24').due)).toContain('e6:s6:first-week');
		expect(keys(dueCheckpoints(schedule, '2024-01-25').overdue)).toContain('e6:s6:first-week');
	});

	it('reads an instant on the Moscow calendar', () => {
		const startOnDay = buildSchedule(route(supported({ start: '2024-01-31', employmentStart: '2024-01-31' })));
		// 21:30 UTC on 30 January is 00:30 on 31 January in Moscow (UTC+3).
		const instant = new Date('2024-01-30T21:30:00Z');
		const moscow = dueCheckpoints(startOnDay, instant);
		expect(moscow.today).toBe('2024-01-31');
		expect(keys(moscow.due)).toEqual(['e6:s6:first-day']);
		const utc = dueCheckpoints(startOnDay, instant, [], 'UTC');
		expect(utc.today).toBe('2024-01-30');
		expect(utc.due).toEqual([]);
	});

	it('rejects an invalid today', () => {
		expect(catchRuleError(() => dueCheckpoints(schedule, '22.01.2024')).code).toBe('invalidDate');
	});
});

describe('buildRouteTimeline', () => {
	const episodes: Episode[] = [
		{ id: 'e6', candidate: CANDIDATE, service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: '2024-01-10' },
		{ id: 'e4', candidate: CANDIDATE, service: 'Временное трудоустройство', status: 'Прервана', startDate: '2024-02-26', plannedEndDate: '2024-06-03' },
		{ id: 'e3-refused', candidate: CANDIDATE, service: 'Профессиональная ориентация', status: 'Отказ', startDate: '2024-01-05' },
		{ id: 'e3-other', candidate: 'cand-2', service: 'Профессиональная ориентация', status: 'Оказывается', startDate: '2024-01-05' },
		{ id: 'e5', candidate: CANDIDATE, service: 'Социальная адаптация на рынке труда', status: 'Оказывается', startDate: '2024-01-05' },
	];
	const events: LifecycleEvent[] = [
		{ id: 'ev1', type: 'Кандидат устроился на работу', date: '2024-01-15', episode: 'e6', details: { adaptationMonths: 3 } },
		{ id: 'ev2', type: 'Начало работы', date: '2024-03-04', episode: 'e4' },
		{ id: 'ev3', type: 'Выход на стороннюю площадку', date: '2024-04-01', episode: 'e4' },
		{ id: 'ev4', type: 'Возвращение на внутреннюю площадку', date: '2024-05-13', episode: 'e4' },
		{ id: 'ev5', type: 'Завершение работы', date: '2024-05-20', episode: 'e4' },
		{ id: 'ev6', type: 'Связь с кандидатом', date: '2024-01-16', episode: 'e6' },
	];

	it('derives milestones from rows', () => {
		const timeline = buildRouteTimeline(CANDIDATE, episodes, events);
		expect(timeline.candidateId).toBe(CANDIDATE);
		expect(timeline.episodes).toEqual([
			{
				id: 'e6',
				service: 6,
				start: '2024-01-10',
				plannedEnd: null,
				actualEnd: null,
				employmentStart: '2024-01-15',
				agreedStartDate: null,
				adaptationMonths: 3,
				dismissalDate: null,
				supportEnd: null,
				internalTrainingEnd: null,
			},
			{
				id: 'e4',
				service: 4,
				start: '2024-03-04',
				plannedEnd: '2024-06-03',
				actualEnd: '2024-05-20',
				dismissalDate: '2024-05-20',
				externalSites: [{ id: 'ev3', start: '2024-04-01', returnDate: '2024-05-13' }],
			},
			{ id: 'e5', service: 5, start: '2024-01-05', plannedEnd: null, actualEnd: null },
		]);
	});

	it('gives a schedule from rows', () => {
		const schedule = buildSchedule(buildRouteTimeline(CANDIDATE, episodes, events));
		const byKey = windows(schedule);
		expect(byKey['e6:s6:employer-evaluation:6m']).toBeUndefined();
		expect(byKey['e4:s4:internal-evaluation:5']).toBe('2024-05-13..2024-05-16');
		expect(byKey['e4:s4:internal-evaluation:6']).toBeUndefined();
		expect(schedule.some((checkpoint) => checkpoint.service === 5)).toBe(false);
	});

	it('takes the support end of a completed episode', () => {
		const completed: Episode[] = [{ ...episodes[0], status: 'Завершена', actualEndDate: '2024-04-15' }];
		const timeline = buildRouteTimeline(CANDIDATE, completed, events);
		expect(timeline.episodes[0].supportEnd).toBe('2024-04-15');
	});

	it('ends an interrupted service 6 episode', () => {
		const timeline = buildRouteTimeline(CANDIDATE, [{ ...episodes[0], status: 'Прервана', actualEndDate: '2024-03-01' }], events);
		expect(timeline.episodes[0].dismissalDate).toBe('2024-03-01');
		expect(timeline.episodes[0].supportEnd).toBeNull();
	});

	it('ends a service 6 job on dismissal', () => {
		const dismissed = [...events, { id: 'ev7', type: 'Завершение постоянной работы', date: '2024-02-20', episode: 'e6' } satisfies LifecycleEvent];
		const timeline = buildRouteTimeline(CANDIDATE, [{ ...episodes[0], status: 'Завершена', actualEndDate: '2024-02-20' }], dismissed);
		expect(timeline.episodes[0].dismissalDate).toBe('2024-02-20');
		expect(timeline.episodes[0].supportEnd).toBeNull();
	});
});

describe('first working day in service 6', () => {
	// The contract is signed on Friday 4 December 2026; the agreed first working day is Monday 7 December.
	const contractSigned: LifecycleEvent = { id: 'hired', type: 'Кандидат устроился на работу', date: '2026-12-04', episode: 'e6' };

	function episode(overrides: Partial<Episode> = {}): Episode {
		return { id: 'e6', candidate: CANDIDATE, service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: '2026-11-20', ...overrides };
	}

	function scheduleOf(rows: Episode[], events: LifecycleEvent[]): Checkpoint[] {
		return buildSchedule(buildRouteTimeline(CANDIDATE, rows, events));
	}

	it('counts from the agreed date', () => {
		const schedule = scheduleOf([episode({ agreedStartDate: '2026-12-07' })], [contractSigned]);
		expect(windows(schedule)).toEqual({
			'e6:s6:first-day': '2026-12-07..2026-12-07',
			'e6:s6:first-week': '2026-12-14..2026-12-16',
			'e6:s6:internal-training': '2026-12-14..2026-12-21',
			'e6:s6:employer-evaluation:1m': '2027-01-07..2027-01-14',
			// 14 March 2027 is a Sunday.
			'e6:s6:employer-evaluation:3m': '2027-03-07..2027-03-15',
			// Russia Day, Saturday 12 June 2027, moves the day off to Monday 14 June.
			'e6:s6:employer-evaluation:6m': '2027-06-07..2027-06-15',
			'e6:s6:closing-meeting': '2027-06-07..2027-06-21',
			'e6:s6:follow-up': '2027-12-01..2027-12-07',
			'e6:s6:exit': '2027-12-08..2027-12-22',
		});
		expect(schedule.find((checkpoint) => checkpoint.key === 'e6:s6:first-day')?.anchor).toEqual({ milestone: 'employmentStart', date: '2026-12-07' });
	});

	it('nothing overdue before the first day', () => {
		const schedule = scheduleOf([episode({ agreedStartDate: '2026-12-07' })], [contractSigned]);
		const saturday = dueCheckpoints(schedule, '2026-12-05');
		expect(saturday.overdue).toEqual([]);
		expect(saturday.due).toEqual([]);
		expect(keys(dueCheckpoints(schedule, '2026-12-07').due)).toEqual(['e6:s6:first-day']);
	});

	it('falls back to the contract date', () => {
		const schedule = scheduleOf([episode()], [contractSigned]);
		expect(windows(schedule)['e6:s6:first-day']).toBe('2026-12-04..2026-12-04');
		expect(windows(schedule)['e6:s6:employer-evaluation:1m']).toBe('2027-01-04..2027-01-11');
	});

	it('reads the date in the hiring event', () => {
		const hired = { ...contractSigned, details: { contractDate: '2026-12-04', agreedStartDate: '2026-12-07' } };
		const timeline = buildRouteTimeline(CANDIDATE, [episode()], [hired]);
		expect(timeline.episodes[0]).toMatchObject({ employmentStart: '2026-12-07', agreedStartDate: '2026-12-07' });
	});

	it('episode column wins over the event', () => {
		const hired = { ...contractSigned, details: { agreedStartDate: '2026-12-07' } };
		const timeline = buildRouteTimeline(CANDIDATE, [episode({ agreedStartDate: '2026-12-09' })], [hired]);
		expect(timeline.episodes[0].employmentStart).toBe('2026-12-09');
	});

	it('adaptation and exit follow it', () => {
		const timeline = buildRouteTimeline(CANDIDATE, [episode({ agreedStartDate: '2026-12-07', adaptationMonths: 3 })], [contractSigned]);
		const byKey = windows(buildSchedule(timeline));
		expect(byKey['e6:s6:closing-meeting']).toBe('2027-03-07..2027-03-22');
		expect(byKey['e6:s6:exit']).toBe('2027-09-08..2027-09-22');
		expect(byKey['e6:s6:employer-evaluation:6m']).toBeUndefined();
	});
});
