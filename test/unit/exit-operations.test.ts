import { runEpisodeOperations, type EpisodeRequest } from '../../core/operations/episodes';
import { checkExitPoints, withdrawUsers, type ExitOutcome } from '../../core/operations/exit';
import type { ItemResult } from '../../core/operations/result';
import { checkPreconditions } from '../../core/preconditions';
import { LifecycleExit } from '../../nodes/LifecycleExit/LifecycleExit.node';
import type { Candidate, Episode } from '../../schemas';
import { nodeContext } from '../fixtures/nodeContext';
import { context, openTempBase, seedEmployer, seedEpisode, seedUser, seedVacancy, type TempBase } from '../fixtures/route';

const CANDIDATE = 'cand-1';

let temp: TempBase;

beforeEach(async () => {
	temp = openTempBase();
	await seedUser(temp.base, CANDIDATE, '2023-11-01');
	await seedEmployer(temp.base, 'emp-1');
	await seedVacancy(temp.base, 'vac-1', { employer: 'emp-1' });
	await seedEpisode(temp.base, CANDIDATE, 6, { id: 's6', startDate: '2023-12-01', vacancy: 'vac-1' });
	await seedEpisode(temp.base, CANDIDATE, 5, { id: 's5', status: 'Оказывается', startDate: '2023-12-01' });
});

afterEach(async () => {
	await temp.close();
});

async function episodeOp(request: EpisodeRequest): Promise<void> {
	const [result] = await runEpisodeOperations(temp.base, [request], context);
	if (!result.ok) {
		throw new Error(`episode operation failed: ${result.message}`);
	}
}

/** Labour contract on 2024-01-15 with the agreed adaptation; six months end on 2024-07-15. */
async function hire(extra: Partial<EpisodeRequest> = {}): Promise<void> {
	await episodeOp({ operation: 'start', episodeId: 's6', date: '2023-12-10' });
	await episodeOp({ operation: 'contractSigned', episodeId: 's6', date: '2024-01-15', service5Recommendations: 'confirmed', ...extra });
}

async function check(today: string, record = true): Promise<ExitOutcome> {
	const [result] = await checkExitPoints(temp.base, [{ candidateId: CANDIDATE, today, record }], context);
	if (!result.ok) {
		throw new Error(`exit check failed: ${result.message}`);
	}
	return result.value;
}

async function withdraw(date: string, reason: string): Promise<ItemResult<ExitOutcome>> {
	const [result] = await withdrawUsers(temp.base, [{ candidateId: CANDIDATE, date, reason }], context);
	return result;
}

async function exitEvents() {
	return (await temp.base.list('events', { where: { candidate: CANDIDATE } })).filter((event) => event.type === 'Точка выхода');
}

describe('exit point', () => {
	test('not due on the last day', async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });

		const outcome = await check('2025-01-15');

		expect(outcome.status).toBe('notYet');
		expect(outcome.exitDate).toBe('2025-01-16');
		expect(outcome.clock?.daysRemaining).toBe(1);
		expect(outcome.clock?.unsupportedSince).toBe('2024-07-15');
		expect(await exitEvents()).toHaveLength(0);
	});

	test('recorded the day after six months', async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });

		const outcome = await check('2025-01-16');

		expect(outcome.status).toBe('exit');
		expect(outcome.recorded).toBe(true);
		expect(outcome.exitDate).toBe('2025-01-16');
		expect(outcome.servicesStillAvailable).toEqual([5]);
		const candidate = await temp.base.get('candidates', CANDIDATE);
		expect(candidate?.routeState).toBe('Точка выхода');
		expect(candidate?.exitDate).toBe('2025-01-16');
		expect(candidate?.currentService).toBeNull();
		const [event] = await exitEvents();
		expect(event.date).toBe('2025-01-16');
		expect(event.vacancy).toBe('vac-1');
		expect(event.employer).toBe('emp-1');
		expect(event.episode).toBe(`${CANDIDATE}-s2`);
		expect((await temp.base.get('episodes', `${CANDIDATE}-s2`))?.status).toBe('Завершена');
		expect((await temp.base.get('episodes', 's6'))?.actualEndDate).toBe('2024-07-15');
	});

	test('service 5 stays open after exit', async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });
		await check('2025-02-01');

		const serviceFive = await temp.base.get('episodes', 's5');
		const candidate = (await temp.base.get('candidates', CANDIDATE)) as Candidate;
		const episodes = (await temp.base.list('episodes', { where: { candidate: CANDIDATE } })) as Episode[];

		expect(serviceFive?.status).toBe('Оказывается');
		expect(checkPreconditions(5, { asOf: '2025-02-01', candidate, episodes }).allowed).toBe(true);
		expect(checkPreconditions(6, { asOf: '2025-02-01', candidate, episodes }).problems.join(' ')).toContain('точки выхода');
	});

	test('clock counts from the agreed first day', async () => {
		// Contract on Monday 15 January 2024, first working day Monday 22 January: six months of support end on 22 July.
		await hire({ agreedStartDate: '2024-01-22' });

		const during = await check('2024-07-20', false);
		expect(during.clock?.status).toBe('supported');
		expect(during.clock?.unsupportedSince).toBe('2024-07-22');
		expect(during.exitDate).toBe('2025-01-23');
		expect((await temp.base.get('episodes', 's6'))?.plannedEndDate).toBe('2024-07-22');
	});

	test('second check changes nothing', async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });
		await check('2025-01-16');
		const events = await temp.base.count('events');

		const again = await check('2025-01-20');

		expect(again.status).toBe('exit');
		expect(again.recorded).toBe(false);
		expect(again.message).toContain('уже зафиксирована 2025-01-16');
		expect(await temp.base.count('events')).toBe(events);
	});

	test('report only without recording', async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });

		const outcome = await check('2025-01-16', false);

		expect(outcome.status).toBe('exit');
		expect(outcome.recorded).toBe(false);
		expect((await temp.base.get('candidates', CANDIDATE))?.routeState).toBe('Пользователь');
	});

	test('support running counts from adaptation end', async () => {
		await hire();

		const outcome = await check('2024-05-01');

		expect(outcome.status).toBe('notYet');
		expect(outcome.clock?.status).toBe('supported');
		expect(outcome.exitDate).toBe('2025-01-16');
	});

	test('shortened adaptation moves exit earlier', async () => {
		await hire({ adaptationMonths: 3, userConsent: true, employerConsent: true });

		const before = await check('2024-10-15');
		const due = await check('2024-10-16');

		expect(before.status).toBe('notYet');
		expect(due.status).toBe('exit');
		expect(due.exitDate).toBe('2024-10-16');
	});

	test('extended adaptation read from episode', async () => {
		await hire();
		await episodeOp({ operation: 'adaptationChange', episodeId: 's6', date: '2024-05-01', adaptationMonths: 9, userConsent: true, employerConsent: true });

		const outcome = await check('2025-01-16');

		expect(outcome.status).toBe('notYet');
		expect(outcome.exitDate).toBe('2025-04-16');
	});

	test('dismissal before exit resets clock', async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });
		await episodeOp({ operation: 'dismissal', episodeId: 's6', date: '2024-12-01', dismissalReason: 'По собственному желанию' });

		const outcome = await check('2025-01-16');

		expect(outcome.status).toBe('notYet');
		expect(outcome.clock?.status).toBe('notEmployed');
		expect(outcome.clock?.interruptions.map((interruption) => interruption.end)).toEqual(['2024-12-01']);
	});

	test('graduate not counted', async () => {
		await seedUser(temp.base, 'cand-2', '2024-01-01', { routeState: 'Выпускник' });
		const [result] = await checkExitPoints(temp.base, [{ candidateId: 'cand-2', today: '2025-01-16', record: true }], context);
		expect(result.ok).toBe(true);
		expect(result.ok && result.value.status).toBe('notYet');
	});

	test('unknown candidate fails item', async () => {
		const [result] = await checkExitPoints(temp.base, [{ candidateId: 'missing', today: '2025-01-16', record: true }], context);
		expect(result.ok).toBe(false);
	});
});

describe('withdrawal and return', () => {
	test('withdrawal needs reason', async () => {
		const result = await withdraw('2024-03-01', '  ');
		expect(result.ok).toBe(false);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.message).toContain('«Причина выбытия»');
		expect((await temp.base.get('candidates', CANDIDATE))?.routeState).toBe('Пользователь');
	});

	test('withdrawal closes open services', async () => {
		await hire();

		const result = await withdraw('2024-03-01', 'Переезд в другой город');

		expect(result.ok).toBe(true);
		expect(result.ok && result.value.status).toBe('withdrawn');
		const candidate = await temp.base.get('candidates', CANDIDATE);
		expect(candidate?.routeState).toBe('Выбыл');
		expect((await temp.base.get('episodes', 's6'))?.status).toBe('Прервана');
		expect((await temp.base.get('episodes', 's5'))?.status).toBe('Прервана');
		const withdrawal = (await temp.base.list('events', { where: { candidate: CANDIDATE, type: 'Иное' } }))[0];
		expect(withdrawal.title).toBe('Выбытие до точки выхода');
		expect(withdrawal.date).toBe('2024-03-01');
		expect(withdrawal.description).toBe('Переезд в другой город');
		expect(withdrawal.recommendedService).toBe('Содействие в поиске подходящей работы');
	});

	test('withdrawal retry writes once', async () => {
		await withdraw('2024-03-01', 'Переезд');
		const events = await temp.base.count('events');

		const again = await withdraw('2024-03-01', 'Переезд');

		expect(again.ok).toBe(true);
		expect(await temp.base.count('events')).toBe(events);
	});

	test('withdrawal after due exit rejected', async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });

		const result = await withdraw('2025-02-01', 'Не выходит на связь');

		expect(result.ok).toBe(false);
		expect(!result.ok && result.message).toContain('Точка выхода наступила 2025-01-16');
	});

	test('check of withdrawn user', async () => {
		await withdraw('2024-03-01', 'Переезд');
		const outcome = await check('2025-01-16');
		expect(outcome.status).toBe('withdrawn');
		expect(outcome.message).toContain('выбыл 2024-03-01');
	});

	test('returning user starts new clock', async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });
		await check('2025-01-16');

		await episodeOp({ operation: 'reentry', candidateId: CANDIDATE, date: '2025-06-02' });
		const outcome = await check('2025-06-03');

		expect(outcome.status).toBe('notYet');
		expect(outcome.clock?.status).toBe('notEmployed');
		const candidate = await temp.base.get('candidates', CANDIDATE);
		expect(candidate?.routeState).toBe('Пользователь');
		expect(candidate?.exitDate).toBe('2025-01-16');
		expect((await temp.base.get('episodes', 's6'))?.employmentStart).toBe('2024-01-15');
	});
});

describe('exit node', () => {
	function parameters(operation: string, date: string, extra: Record<string, unknown> = {}) {
		return () => ({ backend: 'local', localPath: temp.path, operation, candidateId: CANDIDATE, date, record: true, options: {}, ...extra });
	}

	beforeEach(async () => {
		await hire();
		await episodeOp({ operation: 'complete', episodeId: 's6', date: '2024-07-15' });
	});

	test('routes to not yet with days', async () => {
		const outputs = await new LifecycleExit().execute.call(nodeContext([{}], parameters('check', '2025-01-06')));

		expect(outputs[1][0].json).toMatchObject({ 'Дней до точки выхода': 10, 'Статус отсчета': 'Идет отсчет самостоятельной работы', 'Самостоятельная работа с': '2024-07-15' });
	});

	test('routes to exit point', async () => {
		const node = new LifecycleExit();
		const outputs = await node.execute.call(nodeContext([{}], parameters('check', '2025-01-16')));

		expect(node.description.outputNames).toEqual(['Точка выхода', 'Еще не наступила', 'Выбыл']);
		expect(outputs[0][0].json).toMatchObject({ 'Дата выхода': '2025-01-16', 'Записано сейчас': true, 'Доступные услуги': ['Социальная адаптация на рынке труда'] });
	});

	test('routes withdrawal and errors', async () => {
		const node = new LifecycleExit();
		const missingReason = await node.execute.call(nodeContext([{}], parameters('withdraw', '2024-10-01', { reason: '' }), { continueOnFail: true }));
		const withdrawn = await node.execute.call(nodeContext([{}], parameters('withdraw', '2024-10-01', { reason: 'Переезд' })));

		expect(String(missingReason[1][0].json.error)).toContain('«Причина выбытия»');
		expect(withdrawn[2][0].json['Статус маршрута']).toBe('Выбыл');
	});
});
