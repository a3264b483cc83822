import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { addDays } from '../../core/calendar';
import * as schedules from '../../core/checkpoints';
import { claimDueCheckpoints, syncCheckpoints, type SyncOptions, type SyncReport } from '../../core/operations/checkpoints';
import { CheckpointSyncState } from '../../core/operations/checkpointSyncState';
import type { Episode, LifecycleEvent } from '../../schemas';
import { LifecycleCheckpointTrigger } from '../../nodes/LifecycleCheckpointTrigger/LifecycleCheckpointTrigger.node';
import { DEFAULT_TOKEN } from '../emulators/airtable/server';
import { LocalBase } from '../../storage/local/localBase';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import { startHarness, TEST_BASE_ID, type Harness } from './airtable-backend-harness';

// The real schedule, counted: an unchanged base must not compute any.
jest.mock('../../core/checkpoints', () => {
	const actual = jest.requireActual<typeof import('../../core/checkpoints')>('../../core/checkpoints');
	return { ...actual, buildSchedule: jest.fn(actual.buildSchedule) };
});

const context: WriteContext = { actor: 'test', executionId: 'exec-1' };
/** Sees every checkpoint of a route, so tests can follow rows far ahead of `today`. */
const WIDE = { horizonDays: 800, lookbackDays: 800 };

function inserts(table: 'candidates' | 'episodes' | 'events' | 'organisations', rows: Array<Record<string, unknown>>): WriteOperation[] {
	return rows.map((row) => ({ kind: 'insert', table, row, onConflict: 'error' }) as WriteOperation);
}

function event(id: string, candidateId: string, episodeId: string, type: LifecycleEvent['type'], date: string): LifecycleEvent {
	return { id, type, date, candidate: candidateId, episode: episodeId };
}

/** Seeds a user in supported employment hired on 31 January 2024, plus a temporary-employment user when `id` ends in 4. */
async function seedUser(base: Base, id: string): Promise<void> {
	const temporary = id.endsWith('4');
	const episode: Episode = temporary
		? { id: `${id}-e`, candidate: id, service: 'Временное трудоустройство', status: 'Оказывается', startDate: '2024-03-04', plannedEndDate: '2024-09-03' }
		: { id: `${id}-e`, candidate: id, service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: '2024-01-20' };
	const events = temporary
		? [event(`${id}-start`, id, `${id}-e`, 'Начало работы', '2024-03-04'), event(`${id}-site`, id, `${id}-e`, 'Выход на стороннюю площадку', '2024-04-01')]
		: [event(`${id}-hire`, id, `${id}-e`, 'Кандидат устроился на работу', '2024-01-31')];
	const results = await base.write(
		[
			...inserts('candidates', [{ id, lastName: 'Тестова', firstName: 'Анна', birthDate: '2003-05-17', consent: true, routeState: 'Пользователь' }]),
			...inserts('episodes', [episode]),
			...inserts('events', events),
		],
		context,
	);
	expect(results.filter((result) => result.status === 'failed')).toEqual([]);
}

/** Syncs with the state until a sync writes nothing, as successive polls do, and returns the last report. */
async function settle(base: Base, options: SyncOptions): Promise<SyncReport> {
	for (let round = 0; round < 3; round += 1) {
		const report = await syncCheckpoints(base, options, context);
		if (report.created + report.updated === 0 && report.candidates === 0) {
			return report;
		}
	}
	throw new Error('sync did not settle in three rounds');
}

async function snapshot(base: Base): Promise<string[]> {
	const rows = await base.list('checkpoints');
	return rows.map((row) => `${row.id} ${row.earliest}..${row.latest} ${row.status} ${row.completedBy ?? ''}`).sort();
}

async function versions(base: Base, candidateId: string): Promise<Map<string, number>> {
	const rows = await base.list('checkpoints', { where: { candidate: candidateId } });
	return new Map(rows.map((row) => [row.id, row._meta.version]));
}

describe('incremental checkpoint sync on the local base', () => {
	let folder: string;
	let path: string;
	let base: LocalBase;

	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'checkpoints-incremental-'));
		path = join(folder, 'base.sqlite');
		base = LocalBase.open(path);
	});

	afterEach(async () => {
		await base.close();
		rmSync(folder, { recursive: true, force: true });
	});

	/** Runs SQL on the base file past `LocalBase`, as an edit outside the nodes would: no version, no audit. */
	function editBehindTheBase(sql: string, ...parameters: string[]): void {
		const db = new DatabaseSync(path, { timeout: 15_000 });
		try {
			db.prepare(sql).run(...parameters);
		} finally {
			db.close();
		}
	}

	test('unchanged base does no schedule work', async () => {
		await seedUser(base, 'c1');
		await seedUser(base, 'c4');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-01', state, ...WIDE });

		const computed = jest.mocked(schedules.buildSchedule);
		computed.mockClear();
		const report = await syncCheckpoints(base, { today: '2024-02-01', state, ...WIDE }, context);

		expect(computed).not.toHaveBeenCalled();
		expect(report.candidates).toBe(0);
		expect(report.unchanged).toBe(2);
	});

	test('episode change moves only its user', async () => {
		await seedUser(base, 'c1');
		await seedUser(base, 'c2');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-01', state, ...WIDE });
		const untouched = await versions(base, 'c2');

		await base.write([{ kind: 'update', table: 'episodes', id: 'c1-e', patch: { adaptationMonths: 3 } }], context);
		const report = await syncCheckpoints(base, { today: '2024-02-01', state, ...WIDE }, context);

		expect(report.candidates).toBe(1);
		expect(report.unchanged).toBe(1);
		expect(report.rescheduled).toBe(3);
		expect(report.cancelled).toBe(1);
		expect((await base.get('checkpoints', 'c1-e:s6:closing-meeting'))?.earliest).toBe('2024-04-30');
		expect((await base.get('checkpoints', 'c1-e:s6:employer-evaluation:6m'))?.status).toBe('Отменена');
		expect(await versions(base, 'c2')).toEqual(untouched);
	});

	test('deleted episode cancels its rows', async () => {
		await seedUser(base, 'c1');
		await seedUser(base, 'c2');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-01', state, ...WIDE });

		editBehindTheBase('DELETE FROM "episodes" WHERE "id" = ?', 'c1-e');
		const report = await syncCheckpoints(base, { today: '2024-02-01', state, ...WIDE }, context);

		expect(report.candidates).toBe(1);
		const statuses = new Set((await base.list('checkpoints', { where: { candidate: 'c1' } })).map((row) => row.status));
		expect(statuses).toEqual(new Set(['Отменена']));
	});

	test('closed episode cancels what follows', async () => {
		await seedUser(base, 'c1');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-01', state, ...WIDE });

		await base.write([{ kind: 'update', table: 'episodes', id: 'c1-e', patch: { status: 'Прервана', actualEndDate: '2024-02-05' } }], context);
		const report = await syncCheckpoints(base, { today: '2024-02-06', state, ...WIDE }, context);

		expect(report.candidates).toBe(1);
		expect((await base.get('checkpoints', 'c1-e:s6:first-week'))?.status).toBe('Отменена');
		expect((await base.get('checkpoints', 'c1-e:s6:exit'))?.status).toBe('Отменена');
		expect((await base.get('checkpoints', 'c1-e:s6:first-day'))?.status).toBe('Просрочена');
	});

	test('deleted event reopens its checkpoint', async () => {
		await seedUser(base, 'c1');
		await base.write(inserts('events', [event('call', 'c1', 'c1-e', 'Связь с кандидатом', '2024-02-08')]), context);
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-08', state, ...WIDE });
		expect((await base.get('checkpoints', 'c1-e:s6:first-week'))?.status).toBe('Выполнена');

		editBehindTheBase('DELETE FROM "events" WHERE "id" = ?', 'call');
		await syncCheckpoints(base, { today: '2024-02-08', state, ...WIDE }, context);

		expect((await base.get('checkpoints', 'c1-e:s6:first-week'))?.status).toBe('Наступила');
	});

	test('edit without audit is seen', async () => {
		await seedUser(base, 'c1');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-01', state, ...WIDE });

		// An edit by hand in Airtable changes neither the version nor «Изменено»; this one does the same here.
		editBehindTheBase('UPDATE "checkpoints" SET "latest" = ? WHERE "id" = ?', '2024-12-31', 'c1-e:s6:first-week');
		const report = await syncCheckpoints(base, { today: '2024-02-01', state, ...WIDE }, context);

		expect(report.candidates).toBe(1);
		expect((await base.get('checkpoints', 'c1-e:s6:first-week'))?.latest).toBe('2024-02-09');
	});

	test('incremental matches full over a year', async () => {
		const fullFolder = mkdtempSync(join(tmpdir(), 'checkpoints-full-'));
		const full = LocalBase.open(join(fullFolder, 'base.sqlite'));
		try {
			for (const target of [base, full]) {
				for (const id of ['c1', 'c2', 'c4']) {
					await seedUser(target, id);
				}
			}
			const state = new CheckpointSyncState();
			let recomputed = 0;
			for (let today = '2024-02-01'; today <= '2025-03-01'; today = addDays(today, 3)) {
				if (today === '2024-05-01') {
					for (const target of [base, full]) {
						await target.write(inserts('events', [event('c4-back', 'c4', 'c4-e', 'Возвращение на внутреннюю площадку', '2024-05-01')]), context);
					}
				}
				const report = await syncCheckpoints(base, { today, state }, context);
				await syncCheckpoints(full, { today }, context);
				await claimDueCheckpoints(base, { today }, context);
				await claimDueCheckpoints(full, { today }, context);
				recomputed += report.candidates;
				expect({ today, rows: await snapshot(base) }).toEqual({ today, rows: await snapshot(full) });
			}
			// 134 dates for 3 users: the incremental sync recomputed only on the dates something came due.
			expect(recomputed).toBeLessThan(134 * 3);
		} finally {
			await full.close();
			rmSync(fullFolder, { recursive: true, force: true });
		}
	});

	test('status and horizon follow the date', async () => {
		await seedUser(base, 'c1');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-01', state });
		expect((await base.get('checkpoints', 'c1-e:s6:first-week'))?.status).toBe('Запланирована');
		expect(await base.get('checkpoints', 'c1-e:s6:employer-evaluation:3m')).toBeUndefined();

		const opened = await syncCheckpoints(base, { today: '2024-02-07', state }, context);
		expect(opened.candidates).toBe(1);
		expect((await base.get('checkpoints', 'c1-e:s6:first-week'))?.status).toBe('Наступила');

		await settle(base, { today: '2024-02-07', state });
		// The 3-month evaluation opens on 30 April, so its row is due 62 days earlier, on 28 February.
		expect((await syncCheckpoints(base, { today: '2024-02-27', state }, context)).created).toBe(0);
		expect((await syncCheckpoints(base, { today: '2024-02-28', state }, context)).created).toBe(1);
		expect((await base.get('checkpoints', 'c1-e:s6:employer-evaluation:3m'))?.status).toBe('Запланирована');
	});

	test('settings change recomputes everyone', async () => {
		await seedUser(base, 'c1');
		await seedUser(base, 'c2');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-01', state, ...WIDE });

		expect((await syncCheckpoints(base, { today: '2024-02-01', state, timeZone: 'Asia/Yekaterinburg', ...WIDE }, context)).candidates).toBe(2);
		expect((await syncCheckpoints(base, { today: '2024-02-01', state, timeZone: 'Asia/Yekaterinburg', ...WIDE }, context)).candidates).toBe(0);

		await base.write(inserts('organisations', [{ id: 'org-1', name: 'Провайдер', timeZone: 'Asia/Yekaterinburg' }]), context);
		expect((await syncCheckpoints(base, { today: '2024-02-01', state, timeZone: 'Asia/Yekaterinburg', ...WIDE }, context)).candidates).toBe(2);
	});

	test('full sync on request', async () => {
		await seedUser(base, 'c1');
		await seedUser(base, 'c2');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-01', state, ...WIDE });

		const report = await syncCheckpoints(base, { today: '2024-02-01', state, fullSync: true, ...WIDE }, context);
		expect(report.candidates).toBe(2);
		expect(report.updated).toBe(0);
	});

	test('earlier date forgets the memos', async () => {
		await seedUser(base, 'c1');
		const state = new CheckpointSyncState();
		await settle(base, { today: '2024-02-10', state, ...WIDE });

		const report = await syncCheckpoints(base, { today: '2024-02-01', state, ...WIDE }, context);
		expect(report.candidates).toBe(1);
		expect((await base.get('checkpoints', 'c1-e:s6:first-week'))?.status).toBe('Запланирована');
	});
});

describe('checkpoint trigger node polls incrementally', () => {
	let folder: string;
	let path: string;

	function pollContext(parameters: Record<string, unknown>): IPollFunctions {
		const context = {
			getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
			getMode: () => 'trigger',
			getNode: () => ({ id: 'node-1', name: 'Контрольные точки (инкрементально)', type: 'lifecycleCheckpointTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
			getWorkflow: () => ({ id: 'wf-incremental', name: 'Напоминания', active: true }),
			logger: { warn: () => undefined },
			helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
		};
		return context as unknown as IPollFunctions;
	}

	/** Polls once and returns how many schedules the poll computed. */
	async function schedulesComputed(parameters: Record<string, unknown> = {}): Promise<number> {
		const computed = jest.mocked(schedules.buildSchedule);
		computed.mockClear();
		await new LifecycleCheckpointTrigger().poll.call(pollContext({ backend: 'local', localPath: path, checkDate: '2024-02-07', ...parameters }));
		return computed.mock.calls.length;
	}

	beforeEach(async () => {
		folder = mkdtempSync(join(tmpdir(), 'checkpoint-node-incremental-'));
		path = join(folder, 'base.sqlite');
		const base = LocalBase.open(path);
		await seedUser(base, 'c1');
		await seedUser(base, 'c4');
		await base.close();
	});

	afterEach(() => {
		rmSync(folder, { recursive: true, force: true });
	});

	test('later polls skip unchanged users', async () => {
		expect(await schedulesComputed()).toBe(2);
		// The first poll wrote rows for both users, so the second recomputes them once to confirm.
		expect(await schedulesComputed()).toBe(2);
		expect(await schedulesComputed()).toBe(0);
		expect(await schedulesComputed({ recomputeAll: true })).toBe(2);
	});
});

describe('incremental checkpoint sync on the Airtable emulator', () => {
	let harness: Harness;

	beforeAll(async () => {
		harness = await startHarness();
	});

	afterAll(async () => {
		await harness?.stop();
	});

	/** Sends one request to the emulator's REST API as a person editing the base by hand would. */
	async function byHand(method: string, table: string, query = '', body?: unknown): Promise<{ records?: Array<{ id: string }> }> {
		const send = () =>
			fetch(`${harness.emulator.url}/v0/${TEST_BASE_ID}/${encodeURIComponent(table)}${query}`, {
				method,
				headers: { Authorization: `Bearer ${DEFAULT_TOKEN}`, 'Content-Type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		let response = await send();
		if (response.status === 429) {
			// The emulator's clock is virtual: moving it past the 30-second penalty lifts the rate limit.
			harness.clock.advance(31_000);
			response = await send();
		}
		expect(response.status).toBe(200);
		return (await response.json()) as { records?: Array<{ id: string }> };
	}

	async function recordId(table: string, key: string): Promise<string> {
		const found = await byHand('GET', table, `?filterByFormula=${encodeURIComponent(`{Ключ}='${key}'`)}`);
		return found.records?.[0]?.id as string;
	}

	test('hand edits and deletions are seen', async () => {
		const base = harness.open();
		try {
			await seedUser(base, 'h1');
			await seedUser(base, 'h2');
			const state = new CheckpointSyncState();
			await settle(base, { today: '2024-02-01', state, ...WIDE });
			const untouched = await versions(base, 'h2');

			await byHand('PATCH', 'Эпизоды услуг', `/${await recordId('Эпизоды услуг', 'h1-e')}`, { fields: { 'Срок адаптации, мес.': 3 } });
			const edited = await syncCheckpoints(base, { today: '2024-02-01', state, ...WIDE }, context);
			expect(edited.candidates).toBe(1);
			expect(edited.rescheduled).toBe(3);
			expect((await base.get('checkpoints', 'h1-e:s6:closing-meeting'))?.earliest).toBe('2024-04-30');

			await settle(base, { today: '2024-02-01', state, ...WIDE });
			await byHand('DELETE', 'Эпизоды услуг', `/${await recordId('Эпизоды услуг', 'h1-e')}`);
			const deleted = await syncCheckpoints(base, { today: '2024-02-01', state, ...WIDE }, context);
			expect(deleted.candidates).toBe(1);
			const open = (await base.list('checkpoints', { where: { candidate: 'h1' } })).filter((row) => row.status !== 'Отменена');
			expect(open).toEqual([]);
			expect(await versions(base, 'h2')).toEqual(untouched);
		} finally {
			await base.close();
		}
	});
});
