import {
	DEFAULT_SERVICE_DURATIONS,
	RouteError,
	closeEpisode,
	enterRoute,
	leaveRoute,
	planReferral,
	referralPlannedEndDate,
	reachExit,
	startEpisode,
	type EpisodeUpdate,
	type RouteCandidate,
	type RouteChange,
} from '../../core/route';
import { episodes as episodesTable, serviceName, type Episode, type EpisodeStatus, type ServiceNumber } from '../../schemas';

const GRADUATE: RouteCandidate = { id: 'cand_1', routeState: 'Выпускник' };
const USER: RouteCandidate = { id: 'cand_1', routeState: 'Пользователь', entryDate: '2024-01-10', currentService: serviceName(2) };

function episode(id: string, service: ServiceNumber, status: EpisodeStatus, fields: Partial<Episode> = {}): Episode {
	return { id, candidate: 'cand_1', service: serviceName(service), status, ...fields };
}

function frozen<T>(value: T): T {
	return JSON.parse(JSON.stringify(value), (_key, inner) => (inner && typeof inner === 'object' ? Object.freeze(inner) : inner)) as T;
}

function applyUpdates(history: readonly Episode[], updates: readonly EpisodeUpdate[]): Episode[] {
	return history.map((row) => {
		const update = updates.find((candidate) => candidate.id === row.id);
		return update ? { ...row, ...update.patch } : row;
	});
}

/** Applies a route change the way a storage adapter would: append new rows, patch only the listed ones. */
function apply(candidate: RouteCandidate, history: readonly Episode[], change: Pick<RouteChange, 'candidate' | 'create' | 'update'>): { candidate: RouteCandidate; history: Episode[] } {
	return { candidate: { ...candidate, ...change.candidate }, history: [...applyUpdates(history, change.update), ...change.create] };
}

function expectRouteError(action: () => unknown, code: string): void {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(RouteError);
		expect((error as RouteError).code).toBe(code);
		expect((error as RouteError).message).toMatch(/[А-Яа-я]/);
		return;
	}
	throw new Error(`expected RouteError ${code}`);
}

describe('enterRoute', () => {
	it('first interview makes a user', () => {
		const change = enterRoute(frozen(GRADUATE), frozen([]), { date: '2024-01-10', episodeId: 'ep_s2', specialistId: 'spec_1' });
		expect(change.previousState).toBe('Выпускник');
		expect(change.state).toBe('Пользователь');
		expect(change.reentry).toBe(false);
		expect(change.candidate).toEqual({ routeState: 'Пользователь', entryDate: '2024-01-10', currentService: serviceName(2) });
		expect(change.update).toEqual([]);
		expect(change.create).toHaveLength(1);
		expect(change.create[0]).toMatchObject({ id: 'ep_s2', candidate: 'cand_1', service: serviceName(2), status: 'Оказывается', startDate: '2024-01-10', reentry: false, specialist: 'spec_1' });
		expect(episodesTable.zod.safeParse(change.create[0]).success).toBe(true);
	});

	it('missing state counts as graduate', () => {
		expect(enterRoute({ id: 'cand_1' }, [], { date: '2024-01-10', episodeId: 'ep_s2' }).reentry).toBe(false);
	});

	it('earlier service 1 is not a re-entry', () => {
		const history = [episode('ep_1', 1, 'Оказывается', { startDate: '2023-12-01' })];
		const change = enterRoute(GRADUATE, history, { date: '2024-01-10', episodeId: 'ep_s2' });
		expect(change.reentry).toBe(false);
		expect(change.update).toEqual([]);
	});

	it('interview during a stay changes nothing', () => {
		const history = [episode('ep_s2', 2, 'Оказывается', { startDate: '2024-01-10' })];
		const change = enterRoute(USER, history, { date: '2024-02-01', episodeId: 'ep_new' });
		expect(change).toEqual({ previousState: 'Пользователь', state: 'Пользователь', candidate: {}, create: [], update: [], reentry: false });
	});

	it('return after leaving is a re-entry', () => {
		const history = frozen([episode('ep_s2', 2, 'Прервана', { startDate: '2024-01-10', actualEndDate: '2024-03-01' })]);
		const candidate = frozen<RouteCandidate>({ ...USER, routeState: 'Выбыл', currentService: null });
		const change = enterRoute(candidate, history, { date: '2024-09-01', episodeId: 'ep_s2b' });
		expect(change.state).toBe('Пользователь');
		expect(change.reentry).toBe(true);
		expect(change.candidate).toEqual({ routeState: 'Пользователь', currentService: serviceName(2) });
		expect(change.update).toEqual([]);
		expect(change.create[0]).toMatchObject({ service: serviceName(2), reentry: true, startDate: '2024-09-01' });
	});

	it('return after exit is a re-entry', () => {
		const candidate: RouteCandidate = { ...USER, routeState: 'Точка выхода', exitDate: '2025-01-20' };
		const change = enterRoute(candidate, [episode('ep_s2', 2, 'Завершена')], { date: '2025-06-01', episodeId: 'ep_s2b' });
		expect(change.previousState).toBe('Точка выхода');
		expect(change.state).toBe('Пользователь');
		expect(change.reentry).toBe(true);
		expect(change.candidate.exitDate).toBeUndefined();
		expect(change.create[0].service).toBe(serviceName(2));
	});

	it('user without open service 2 re-enters', () => {
		const change = enterRoute(USER, [episode('ep_s2', 2, 'Завершена')], { date: '2024-05-01', episodeId: 'ep_s2b' });
		expect(change.reentry).toBe(true);
		expect(change.create).toHaveLength(1);
	});

	it('rejects a reused episode id', () => {
		expectRouteError(() => enterRoute(USER, [episode('ep_s2', 2, 'Завершена')], { date: '2024-05-01', episodeId: 'ep_s2' }), 'duplicateId');
	});

	it('rejects an invalid date', () => {
		expectRouteError(() => enterRoute(GRADUATE, [], { date: '10.01.2024', episodeId: 'ep_s2' }), 'invalidDate');
	});
});

describe('planReferral', () => {
	const inRoute = () => [episode('ep_s2', 2, 'Оказывается', { startDate: '2024-01-10' })];

	it('scenario A opens service 6 and service 1', () => {
		const history = frozen(inRoute());
		const plan = planReferral(frozen(USER), history, {
			date: '2024-01-10',
			primary: { service: 6, episodeId: 'ep_s6' },
			parallel: [{ service: 1, episodeId: 'ep_s1' }],
			scenario: 'A',
			vacancyId: 'vac_1',
			specialistId: 'spec_6',
		});
		expect(plan.skipped).toEqual([]);
		expect(plan.update).toEqual([]);
		expect(plan.candidate).toEqual({ currentService: serviceName(6) });
		expect(plan.create).toHaveLength(2);
		expect(plan.create[0]).toMatchObject({
			id: 'ep_s6',
			service: serviceName(6),
			status: 'Направлен',
			startDate: '2024-01-10',
			plannedEndDate: '2024-07-10',
			vacancy: 'vac_1',
			scenario: 'A',
			referredBy: 'ep_s2',
			specialist: 'spec_6',
		});
		expect(plan.create[1]).toMatchObject({ id: 'ep_s1', service: serviceName(1), plannedEndDate: null, vacancy: null, specialist: null, referredBy: 'ep_s2' });
		for (const row of plan.create) {
			expect(episodesTable.zod.safeParse(row).success).toBe(true);
		}
	});

	it('service 3 lasts one month', () => {
		const plan = planReferral(USER, inRoute(), { date: '2024-01-31', primary: { service: 3, episodeId: 'ep_s3' } });
		expect(plan.create[0].plannedEndDate).toBe('2024-02-29');
	});

	it('service 4 lasts up to nine months', () => {
		const plan = planReferral(USER, inRoute(), { date: '2024-05-31', primary: { service: 4, episodeId: 'ep_s4' } });
		expect(plan.create[0].plannedEndDate).toBe('2025-02-28');
	});

	it('services 2 and 5 have no planned end', () => {
		expect(referralPlannedEndDate(5, '2024-01-10')).toBeNull();
		expect(referralPlannedEndDate(2, '2024-01-10')).toBeNull();
		expect(referralPlannedEndDate(1, '2024-01-10')).toBeNull();
	});

	it('custom durations apply', () => {
		const plan = planReferral(USER, inRoute(), { date: '2024-01-10', primary: { service: 6, episodeId: 'ep_s6' }, durations: { ...DEFAULT_SERVICE_DURATIONS, 6: 3 } });
		expect(plan.create[0].plannedEndDate).toBe('2024-04-10');
	});

	it('service 4 after 3 closes service 3', () => {
		const history = frozen([...inRoute(), episode('ep_s3', 3, 'Оказывается', { startDate: '2024-01-15', plannedEndDate: '2024-02-15' })]);
		const plan = planReferral(USER, history, { date: '2024-02-15', primary: { service: 4, episodeId: 'ep_s4' }, referredBy: 'ep_s3' });
		expect(plan.update).toEqual([{ id: 'ep_s3', patch: { status: 'Завершена', actualEndDate: '2024-02-15', nextService: serviceName(4) } }]);
		expect(plan.create[0].referredBy).toBe('ep_s3');
	});

	it('previous service can close as interrupted', () => {
		const history = [...inRoute(), episode('ep_s4', 4, 'Оказывается', { startDate: '2024-01-15' })];
		const plan = planReferral(USER, history, { date: '2024-04-01', primary: { service: 6, episodeId: 'ep_s6' }, closePreviousAs: 'Прервана' });
		expect(plan.update[0].patch.status).toBe('Прервана');
	});

	it('parallel services leave others open', () => {
		const history = [...inRoute(), episode('ep_s4', 4, 'Оказывается', { startDate: '2024-01-15' })];
		const plan = planReferral(USER, history, { date: '2024-03-01', primary: { service: 5, episodeId: 'ep_s5' } });
		expect(plan.update).toEqual([]);
		expect(plan.create).toHaveLength(1);
	});

	it('open service is not opened twice', () => {
		const history = [...inRoute(), episode('ep_s1', 1, 'Оказывается', { startDate: '2024-01-05' })];
		const plan = planReferral(USER, history, { date: '2024-01-10', primary: { service: 6, episodeId: 'ep_s6' }, parallel: [{ service: 1, episodeId: 'ep_s1b' }] });
		expect(plan.create.map((row) => row.id)).toEqual(['ep_s6']);
		expect(plan.skipped).toEqual([{ service: 1, reason: `Эпизод услуги «${serviceName(1)}» уже открыт: новый не создается.` }]);
	});

	it('staying in service 2 creates nothing', () => {
		const plan = planReferral(USER, inRoute(), { date: '2024-01-10', primary: { service: 2, episodeId: 'ep_x' } });
		expect(plan.create).toEqual([]);
		expect(plan.candidate).toEqual({});
		expect(plan.skipped).toHaveLength(1);
	});

	it('graduate may get service 1 only', () => {
		expect(planReferral(GRADUATE, [], { date: '2024-01-10', primary: { service: 1, episodeId: 'ep_s1' } }).create).toHaveLength(1);
		expectRouteError(() => planReferral(GRADUATE, [], { date: '2024-01-10', primary: { service: 3, episodeId: 'ep_s3' } }), 'invalidState');
	});

	it('exited user may get service 5', () => {
		const exited: RouteCandidate = { ...USER, routeState: 'Точка выхода' };
		expect(planReferral(exited, [], { date: '2025-03-01', primary: { service: 5, episodeId: 'ep_s5' } }).create).toHaveLength(1);
		expectRouteError(() => planReferral(exited, [], { date: '2025-03-01', primary: { service: 6, episodeId: 'ep_s6' } }), 'invalidState');
	});

	it('rejects two exclusive services', () => {
		expectRouteError(
			() => planReferral(USER, inRoute(), { date: '2024-01-10', primary: { service: 3, episodeId: 'ep_s3' }, parallel: [{ service: 4, episodeId: 'ep_s4' }] }),
			'conflictingServices',
		);
	});

	it('rejects a reused episode id', () => {
		expectRouteError(() => planReferral(USER, inRoute(), { date: '2024-01-10', primary: { service: 3, episodeId: 'ep_s2' } }), 'duplicateId');
		expectRouteError(
			() => planReferral(USER, inRoute(), { date: '2024-01-10', primary: { service: 6, episodeId: 'ep_same' }, parallel: [{ service: 1, episodeId: 'ep_same' }] }),
			'duplicateId',
		);
	});
});

describe('startEpisode and closeEpisode', () => {
	it('start moves the planned end', () => {
		const referred = episode('ep_s6', 6, 'Направлен', { startDate: '2024-01-10', plannedEndDate: '2024-07-10' });
		expect(startEpisode(frozen([referred]), { episodeId: 'ep_s6', date: '2024-02-01' })).toEqual({
			id: 'ep_s6',
			patch: { status: 'Оказывается', startDate: '2024-02-01', plannedEndDate: '2024-08-01' },
		});
	});

	it('start keeps a null end for service 5', () => {
		const referred = episode('ep_s5', 5, 'Направлен', { startDate: '2024-01-10' });
		expect(startEpisode([referred], { episodeId: 'ep_s5', date: '2024-01-12' }).patch.plannedEndDate).toBeNull();
	});

	it('start twice is rejected', () => {
		expectRouteError(() => startEpisode([episode('ep_s3', 3, 'Оказывается')], { episodeId: 'ep_s3', date: '2024-01-12' }), 'invalidStatus');
	});

	it('close sets only status and end', () => {
		const open = episode('ep_s3', 3, 'Оказывается', { startDate: '2024-01-15', plan: 'Пробы: склад' });
		expect(closeEpisode(frozen([open]), { episodeId: 'ep_s3', date: '2024-02-14', status: 'Завершена', outcome: 'Характеристика выдана', nextService: 4 })).toEqual({
			id: 'ep_s3',
			patch: { status: 'Завершена', actualEndDate: '2024-02-14', outcome: 'Характеристика выдана', nextService: serviceName(4) },
		});
	});

	it('closed episode stays closed', () => {
		expectRouteError(() => closeEpisode([episode('ep_s3', 3, 'Завершена')], { episodeId: 'ep_s3', date: '2024-02-14', status: 'Прервана' }), 'episodeClosed');
	});

	it('end before start is rejected', () => {
		expectRouteError(() => closeEpisode([episode('ep_s3', 3, 'Оказывается', { startDate: '2024-01-15' })], { episodeId: 'ep_s3', date: '2024-01-14', status: 'Прервана' }), 'tooEarly');
	});

	it('unknown episode is rejected', () => {
		expectRouteError(() => closeEpisode([], { episodeId: 'ep_x', date: '2024-01-14', status: 'Отказ' }), 'episodeNotFound');
	});

	it('open status cannot close', () => {
		expectRouteError(() => closeEpisode([episode('ep_s3', 3, 'Оказывается')], { episodeId: 'ep_s3', date: '2024-01-14', status: 'Направлен' as never }), 'invalidStatus');
	});
});

describe('leaveRoute', () => {
	it('closes open episodes only', () => {
		const history = frozen([
			episode('ep_s2', 2, 'Оказывается', { startDate: '2024-01-10' }),
			episode('ep_s3', 3, 'Завершена', { startDate: '2024-01-15', actualEndDate: '2024-02-14' }),
			episode('ep_s4', 4, 'Оказывается', { startDate: '2024-02-15' }),
			episode('ep_s5', 5, 'Направлен', { startDate: '2024-03-01' }),
		]);
		const change = leaveRoute(frozen(USER), history, { date: '2024-03-10', reason: 'Переезд в другой город' });
		expect(change.state).toBe('Выбыл');
		expect(change.candidate).toEqual({ routeState: 'Выбыл', currentService: null });
		expect(change.create).toEqual([]);
		expect(change.update).toEqual([
			{ id: 'ep_s2', patch: { status: 'Прервана', actualEndDate: '2024-03-10', outcome: 'Переезд в другой город' } },
			{ id: 'ep_s4', patch: { status: 'Прервана', actualEndDate: '2024-03-10', outcome: 'Переезд в другой город' } },
			{ id: 'ep_s5', patch: { status: 'Отказ', actualEndDate: '2024-03-10', outcome: 'Переезд в другой город' } },
		]);
	});

	it('only a user can leave', () => {
		expectRouteError(() => leaveRoute(GRADUATE, [], { date: '2024-03-10' }), 'invalidState');
		expectRouteError(() => leaveRoute({ ...USER, routeState: 'Выбыл' }, [], { date: '2024-03-10' }), 'invalidState');
	});
});

describe('reachExit', () => {
	const history = () => [
		episode('ep_s1', 1, 'Оказывается', { startDate: '2024-01-10' }),
		episode('ep_s2', 2, 'Оказывается', { startDate: '2024-01-10' }),
		episode('ep_s5', 5, 'Оказывается', { startDate: '2024-02-01' }),
		episode('ep_s6', 6, 'Оказывается', { startDate: '2024-03-01' }),
	];

	it('closes services except 1 and 5', () => {
		const change = reachExit(USER, frozen(history()), { date: '2025-03-02' });
		expect(change.state).toBe('Точка выхода');
		expect(change.candidate).toEqual({ routeState: 'Точка выхода', exitDate: '2025-03-02', currentService: null });
		expect(change.update.map((update) => update.id)).toEqual(['ep_s2', 'ep_s6']);
		expect(change.update[0].patch).toEqual({ status: 'Завершена', actualEndDate: '2025-03-02' });
	});

	it('needs more than six months', () => {
		expectRouteError(() => reachExit(USER, history(), { date: '2024-07-15', unsupportedWorkSince: '2024-01-15' }), 'tooEarly');
		expect(reachExit(USER, history(), { date: '2024-07-16', unsupportedWorkSince: '2024-01-15' }).state).toBe('Точка выхода');
	});

	it('only a user reaches the exit', () => {
		expectRouteError(() => reachExit(GRADUATE, [], { date: '2025-03-02' }), 'invalidState');
	});
});

describe('whole route keeps history', () => {
	it('entry, referral, leave, return, exit, return', () => {
		let state = { candidate: GRADUATE, history: [] as Episode[] };
		const closedSnapshots = new Map<string, string>();
		const remember = () => {
			for (const row of state.history) {
				if (!['Направлен', 'Оказывается'].includes(row.status) && !closedSnapshots.has(row.id)) {
					closedSnapshots.set(row.id, JSON.stringify(row));
				}
			}
		};
		const step = (change: Pick<RouteChange, 'candidate' | 'create' | 'update'>) => {
			for (const update of change.update) {
				expect(closedSnapshots.has(update.id)).toBe(false);
			}
			state = apply(state.candidate, frozen(state.history), change);
			remember();
		};

		step(enterRoute(state.candidate, state.history, { date: '2024-01-10', episodeId: 'ep_1' }));
		step(planReferral(state.candidate, state.history, { date: '2024-01-10', primary: { service: 3, episodeId: 'ep_2' }, scenario: 'B' }));
		step({ candidate: {}, create: [], update: [startEpisode(state.history, { episodeId: 'ep_2', date: '2024-01-15' })] });
		step(leaveRoute(state.candidate, state.history, { date: '2024-01-25' }));
		expect(state.candidate.routeState).toBe('Выбыл');

		step(enterRoute(state.candidate, state.history, { date: '2024-06-01', episodeId: 'ep_3' }));
		expect(state.candidate).toMatchObject({ routeState: 'Пользователь', entryDate: '2024-01-10' });
		step(planReferral(state.candidate, state.history, { date: '2024-06-01', primary: { service: 6, episodeId: 'ep_4' }, parallel: [{ service: 5, episodeId: 'ep_5' }], vacancyId: 'vac_1' }));
		step({ candidate: {}, create: [], update: [startEpisode(state.history, { episodeId: 'ep_4', date: '2024-06-20' })] });
		step(reachExit(state.candidate, state.history, { date: '2025-07-01' }));
		expect(state.candidate).toMatchObject({ routeState: 'Точка выхода', exitDate: '2025-07-01' });

		step(enterRoute(state.candidate, state.history, { date: '2026-02-01', episodeId: 'ep_6' }));
		expect(state.candidate).toMatchObject({ routeState: 'Пользователь', entryDate: '2024-01-10', currentService: serviceName(2) });

		expect(state.history.map((row) => [row.id, row.service, row.status, row.reentry ?? null])).toEqual([
			['ep_1', serviceName(2), 'Прервана', false],
			['ep_2', serviceName(3), 'Прервана', null],
			['ep_3', serviceName(2), 'Завершена', true],
			['ep_4', serviceName(6), 'Завершена', null],
			['ep_5', serviceName(5), 'Направлен', null],
			['ep_6', serviceName(2), 'Оказывается', true],
		]);
		for (const [id, snapshot] of closedSnapshots) {
			expect(JSON.stringify(state.history.find((row) => row.id === id))).toBe(snapshot);
		}
	});
});
