import { addDays } from '../../core/calendar';
import { buildSchedule, isoWeekday, type Checkpoint, type TimelineEpisode } from '../../core/checkpoints';
import { carriedOverDaysOff, checkWorkCalendar, isPublicHoliday, isWorkingDay, nextWorkingDay, parseDateList, workingDayOnOrAfter, type WorkCalendar } from '../../core/workCalendar';

/** 31 December 2026 is a day off moved by decree from a January Sunday. */
const DECREE_2026: WorkCalendar = { nonWorkingDays: ['2026-12-31'] };
const FIELDS = { nonWorkingDays: 'Поле «nonWorkingDays»', workingDays: 'Поле «workingDays»' };

function windowsOf(schedule: readonly Checkpoint[]): Record<string, string> {
	return Object.fromEntries(schedule.map((checkpoint) => [checkpoint.key, `${checkpoint.due.earliest}..${checkpoint.due.latest}`]));
}

function route(episode: TimelineEpisode) {
	return { candidateId: 'c1', episodes: [episode] };
}

describe('public holidays', () => {
	test('Labour Code holidays', () => {
		for (const date of ['2027-01-01', '2027-01-06', '2027-01-07', '2027-01-08', '2027-02-23', '2027-03-08', '2027-05-01', '2027-05-09', '2027-06-12', '2027-11-04']) {
			expect({ date, holiday: isPublicHoliday(date) }).toEqual({ date, holiday: true });
		}
		expect(isPublicHoliday('2027-01-09')).toBe(false);
		expect(isPublicHoliday('2027-12-31')).toBe(false);
	});

	test('weekend holidays carry over', () => {
		// 2027: 1 May is a Saturday, 9 May a Sunday, 12 June a Saturday.
		expect(isoWeekday('2027-05-01')).toBe(6);
		expect([...carriedOverDaysOff(2027)].sort()).toEqual(['2027-05-03', '2027-05-10', '2027-06-14']);
	});

	test('January holidays never carry over', () => {
		// 2028: 1 and 2 January are a Saturday and a Sunday. The annual decree moves those days off instead.
		expect(isoWeekday('2028-01-01')).toBe(6);
		expect([...carriedOverDaysOff(2028)].filter((date) => date.startsWith('2028-01'))).toEqual([]);
	});

	test('4 November 2023 carries over', () => {
		// 2023: 4 November was a Saturday, so Monday 6 November was a day off.
		expect([...carriedOverDaysOff(2023)]).toEqual(['2023-11-06']);
		expect(isWorkingDay('2023-11-06')).toBe(false);
	});
});

describe('working days', () => {
	test('weekdays work, weekends rest', () => {
		expect(isWorkingDay('2027-04-30')).toBe(true);
		expect(isWorkingDay('2027-04-24')).toBe(false);
		expect(isWorkingDay('2027-04-25')).toBe(false);
	});

	test('window ending 1 May 2027', () => {
		// Saturday 1 May, Sunday 2 May, Monday 3 May carried over from 1 May.
		expect(workingDayOnOrAfter('2027-05-01')).toBe('2027-05-04');
	});

	test('working day stays', () => {
		expect(workingDayOnOrAfter('2027-04-30')).toBe('2027-04-30');
		expect(nextWorkingDay('2027-04-29')).toBe('2027-04-30');
	});

	test('31 December to 11 January', () => {
		// 1–8 January are holidays and 9–10 January 2027 a weekend.
		expect(workingDayOnOrAfter('2026-12-31', DECREE_2026)).toBe('2027-01-11');
		expect(nextWorkingDay('2026-12-30', DECREE_2026)).toBe('2027-01-11');
		expect(workingDayOnOrAfter('2026-12-31')).toBe('2026-12-31');
	});

	test('configured working Saturday', () => {
		const calendar: WorkCalendar = { workingDays: ['2027-11-06'] };
		expect(isoWeekday('2027-11-06')).toBe(6);
		expect(isWorkingDay('2027-11-06', calendar)).toBe(true);
		expect(workingDayOnOrAfter('2027-11-06', calendar)).toBe('2027-11-06');
		expect(workingDayOnOrAfter('2027-11-06')).toBe('2027-11-08');
	});

	test('carried-over day made working', () => {
		expect(checkWorkCalendar({ workingDays: ['2027-05-03'] }, FIELDS)).toEqual([]);
		expect(isWorkingDay('2027-05-03', { workingDays: ['2027-05-03'] })).toBe(true);
	});

	test('working days of 2025 and 2026', () => {
		// The production calendars have 247 working days in each year, with the decrees' moves configured.
		const decrees: Record<number, WorkCalendar> = {
			2025: { nonWorkingDays: ['2025-05-02', '2025-12-31', '2025-11-03'], workingDays: ['2025-11-01'] },
			2026: { nonWorkingDays: ['2026-01-09', '2026-12-31'] },
		};
		for (const year of [2025, 2026]) {
			let count = 0;
			for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
				count += isWorkingDay(date, decrees[year]) ? 1 : 0;
			}
			expect({ year, count }).toEqual({ year, count: 247 });
		}
		expect(isWorkingDay('2025-02-24')).toBe(false);
		expect(isWorkingDay('2025-03-10')).toBe(false);
	});

	test('configured day off', () => {
		const calendar: WorkCalendar = { nonWorkingDays: ['2027-05-04', '2027-05-05'] };
		expect(workingDayOnOrAfter('2027-05-01', calendar)).toBe('2027-05-06');
	});

	test('rejects an invalid date', () => {
		expect(() => isWorkingDay('2027-02-30')).toThrow(RangeError);
	});
});

describe('work calendar settings', () => {
	test('valid lists pass', () => {
		expect(checkWorkCalendar({ nonWorkingDays: ['2026-12-31'], workingDays: ['2027-11-06'] }, FIELDS)).toEqual([]);
		expect(checkWorkCalendar({}, FIELDS)).toEqual([]);
	});

	test('each bad entry is named', () => {
		const problems = checkWorkCalendar({ nonWorkingDays: ['31.12.2026', '2027-01-11'], workingDays: ['2027-01-11', '2027-05-01', '2027-11-05', 'суббота'] }, FIELDS);
		expect(problems).toEqual([
			'Поле «nonWorkingDays»: «31.12.2026» не дата. Укажите дату в формате ГГГГ-ММ-ДД, например 2026-12-31.',
			'Поле «workingDays»: 2027-01-11 указан и среди нерабочих дней. Оставьте дату в одном из списков.',
			'Поле «workingDays»: 2027-05-01 — нерабочий праздничный день по ст. 112 ТК РФ, он не может быть рабочим. Удалите дату из списка.',
			'Поле «workingDays»: 2027-11-05 — будний день, он и так рабочий. Укажите субботу, воскресенье или перенесенный выходной, которые постановление правительства делает рабочими.',
			'Поле «workingDays»: «суббота» не дата. Укажите дату в формате ГГГГ-ММ-ДД, например 2027-11-06.',
		]);
	});

	test('date list parsing', () => {
		expect(parseDateList(' 2026-12-31, 2027-01-11;2027-11-06\n2027-11-07 ')).toEqual(['2026-12-31', '2027-01-11', '2027-11-06', '2027-11-07']);
		expect(parseDateList('')).toEqual([]);
		expect(parseDateList(undefined)).toEqual([]);
	});
});

describe('schedule on the work calendar', () => {
	test('deadline moves past 1 May', () => {
		// Hired on Thursday 22 April 2027: the first week's feedback would be due by Saturday 1 May.
		const schedule = windowsOf(buildSchedule(route({ id: 'e6', service: 6, start: '2027-04-01', employmentStart: '2027-04-22' })));
		expect(schedule['e6:s6:first-week']).toBe('2027-04-29..2027-05-04');
		expect(schedule['e6:s6:first-day']).toBe('2027-04-22..2027-04-22');
	});

	test('deadline moves past the New Year break', () => {
		// Employer evaluation one month after 26 November 2026: 26 December..2 January.
		const episode: TimelineEpisode = { id: 'e6', service: 6, start: '2026-11-01', employmentStart: '2026-11-26' };
		expect(windowsOf(buildSchedule(route(episode)))['e6:s6:employer-evaluation:1m']).toBe('2026-12-26..2027-01-11');
	});

	test('site first week skips holidays', () => {
		// Thursday 29 April 2027: then Friday, the weekend, Monday 3 May carried over, Tuesday and Wednesday.
		const schedule = buildSchedule(route({ id: 'e4', service: 4, start: '2027-03-01', plannedEnd: '2027-09-01', externalSites: [{ id: 's', start: '2027-04-29' }] }));
		const days = schedule.filter((checkpoint) => checkpoint.key.includes(':day:'));
		expect(windowsOf(days)).toEqual({
			'e4:s4:site:s:day:1': '2027-04-29..2027-04-30',
			'e4:s4:site:s:day:2': '2027-04-30..2027-05-04',
			'e4:s4:site:s:day:3': '2027-05-04..2027-05-05',
			'e4:s4:site:s:day:4': '2027-05-05..2027-05-06',
		});
	});

	test('site first week counts a working Saturday', () => {
		const site: TimelineEpisode = { id: 'e4', service: 4, start: '2027-10-01', plannedEnd: '2028-03-01', externalSites: [{ id: 's', start: '2027-11-05' }] };
		const dayContacts = (calendar?: WorkCalendar) =>
			buildSchedule(route(site), calendar)
				.filter((checkpoint) => checkpoint.key.includes(':day:'))
				.map((checkpoint) => checkpoint.due.earliest);

		expect(dayContacts({ workingDays: ['2027-11-06'] })).toEqual(['2027-11-05', '2027-11-06', '2027-11-08', '2027-11-09', '2027-11-10', '2027-11-11']);
		expect(dayContacts()).toEqual(['2027-11-05', '2027-11-08', '2027-11-09', '2027-11-10', '2027-11-11']);
	});

	test('own site week keeps holidays off', () => {
		// A site open every day still closes on 1 May, but works the carried-over Monday 3 May.
		const schedule = buildSchedule(
			route({ id: 'e4', service: 4, start: '2027-03-01', plannedEnd: '2027-09-01', externalSites: [{ id: 's', start: '2027-04-29', workWeekdays: [1, 2, 3, 4, 5, 6, 7] }] }),
		);
		const days = schedule.filter((checkpoint) => checkpoint.key.includes(':day:')).map((checkpoint) => checkpoint.due.earliest);
		expect(days).toEqual(['2027-04-29', '2027-04-30', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05']);
	});

	test('earliest day never moves', () => {
		// Final assessment of service 3 ending Monday 3 May 2027: the window opens on Saturday 1 May.
		const schedule = buildSchedule(route({ id: 'e3', service: 3, start: '2027-04-05', plannedEnd: '2027-05-03' }));
		expect(windowsOf(schedule)).toEqual({ 'e3:s3:final': '2027-05-01..2027-05-11' });
	});
});
