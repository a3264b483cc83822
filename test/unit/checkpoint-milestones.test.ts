import { DatabaseSync } from 'node:sqlite';

import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { claimDueCheckpoints, syncCheckpoints, type SyncOptions } from '../../core/operations/checkpoints';
import { CheckpointSyncState } from '../../core/operations/checkpointSyncState';
import { runEpisodeOperations, type EpisodeOutcome, type EpisodeRequest } from '../../core/operations/episodes';
import { LifecycleCheckpointTrigger } from '../../nodes/LifecycleCheckpointTrigger/LifecycleCheckpointTrigger.node';
import { episodes } from '../../schemas';
import { checkBase, createMissing } from '../../storage/airtable/setup';
import { LocalBase } from '../../storage/local/localBase';
import { context, openTempBase, seedEmployer, seedEpisode, seedUser, seedVacancy, type TempBase } from '../fixtures/route';
import { startHarness, TEST_BASE_ID } from './airtable-backend-harness';

const CANDIDATE = 'cand-1';
const TRAINING = 'cand-1-s6:s6:internal-training';
const FIRST_WEEK = 'cand-1-s6:s6:first-week';
/** Sees every checkpoint of the route, so rows exist far ahead of `today`. */
const WIDE = { horizonDays: 400, lookbackDays: 400 };

let temp: TempBase;

beforeEach(async () => {
	temp = openTempBase();
	await seedUser(temp.base, CANDIDATE, '2025-01-15');
	await seedEmployer(temp.base, 'emp-1');
	await seedVacancy(temp.base, 'vac-1', { employer: 'emp-1' });
	await seedEpisode(temp.base, CANDIDATE, 6, { id: 'cand-1-s6', startDate: '2025-02-01', vacancy: 'vac-1' });
});

afterEach(async () => {
	await temp.close();
});

async function run(request: EpisodeRequest) {
	const [result] = await runEpisodeOperations(temp.base, [request], context);
	return result;
}

async function ok(request: EpisodeRequest): Promise<EpisodeOutcome> {
	const result = await run(request);
	if (!result.ok) {
		throw new Error(`expected success, got: ${result.message}`);
	}
	return result.value;
}

/** Takes the user to a labour contract signed on Monday 3 March 2025. */
async function hire(): Promise<void> {
	await ok({ operation: 'start', episodeId: 'cand-1-s6', date: '2025-02-10', plan: 'Тренинг по составлению резюме' });
	await ok({ operation: 'contractSigned', episodeId: 'cand-1-s6', date: '2025-03-03', service5Recommendations: 'confirmed', agreedStartDate: '2025-03-03' });
}

function trainingEnd(date: string): EpisodeRequest {
	return { operation: 'internalTrainingEnd', episodeId: 'cand-1-s6', date };
}

async function windowOf(id: string): Promise<string> {
	const row = await temp.base.get('checkpoints', id);
	return row ? `${row.earliest}..${row.latest} ${row.status}` : 'absent';
}

async function sync(today: string, options: Partial<SyncOptions> = {}) {
	const report = await syncCheckpoints(temp.base, { today, ...WIDE, ...options }, context);
	expect(report.failures).toEqual([]);
	return report;
}

describe('internal training end', () => {
	test('operation records the date', async () => {
		await hire();
		const outcome = await ok({ ...trainingEnd('2025-03-11'), specialistComment: 'Сообщил наставник' });

		expect(outcome.message).toContain('2025-03-11');
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.internalTrainingEnd).toBe('2025-03-11');
		const [event] = await temp.base.list('events', { where: { candidate: CANDIDATE, type: 'Иное' } });
		expect(event.title).toBe('Внутреннее обучение у работодателя завершено');
		expect(event.episode).toBe('cand-1-s6');
		expect(event.employer).toBe('emp-1');
		expect(event.details).toMatchObject({ internalTrainingEnd: '2025-03-11', previousInternalTrainingEnd: null });
	});

	test('a retry writes once', async () => {
		await hire();
		await ok(trainingEnd('2025-03-11'));
		const again = await ok(trainingEnd('2025-03-11'));

		expect(again.replayed).toBe(true);
		expect(await temp.base.list('events', { where: { candidate: CANDIDATE, type: 'Иное' } })).toHaveLength(1);
	});

	test('a new date corrects it', async () => {
		await hire();
		await ok(trainingEnd('2025-03-11'));
		await ok({ ...trainingEnd('2025-03-14'), specialistComment: 'Обучение продлили' });

		expect((await temp.base.get('episodes', 'cand-1-s6'))?.internalTrainingEnd).toBe('2025-03-14');
		const titles = (await temp.base.list('events', { where: { candidate: CANDIDATE, type: 'Иное' } })).map((event) => event.title);
		expect(titles).toContain('Дата окончания внутреннего обучения исправлена: 2025-03-11 → 2025-03-14');
	});

	test('rejects a date before the contract', async () => {
		await hire();
		const result = await run(trainingEnd('2025-02-28'));
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.message).toContain('Дата окончания внутреннего обучения');
	});

	test('needs a signed contract', async () => {
		await ok({ operation: 'start', episodeId: 'cand-1-s6', date: '2025-02-10' });
		const result = await run(trainingEnd('2025-03-11'));
		expect(result.ok ? '' : result.message).toContain('Трудовой договор по этому эпизоду еще не подписан');
	});

	test('recorded later, sync moves the checkpoint', async () => {
		await hire();
		await sync('2025-03-10');
		expect(await windowOf(TRAINING)).toBe('2025-03-10..2025-03-17 Наступила');
		const claims = await claimDueCheckpoints(temp.base, { today: '2025-03-10' }, context);
		expect(claims.map((claim) => claim.checkpoint.id)).toContain(TRAINING);

		await ok(trainingEnd('2025-03-11'));
		const report = await sync('2025-03-11');

		expect(report.rescheduled).toBe(1);
		expect(await windowOf(TRAINING)).toBe('2025-03-11..2025-03-14 Наступила');
		const row = await temp.base.get('checkpoints', TRAINING);
		expect(row?.anchorMilestone).toBe('Окончание внутреннего обучения');
		expect(row?.anchorDate).toBe('2025-03-11');
		expect(row?.firedDueAt ?? null).toBeNull();
		// The moved window is a new appointment: its reminder goes out again with the new dates.
		const again = await claimDueCheckpoints(temp.base, { today: '2025-03-11' }, context);
		expect(again.map((claim) => `${claim.checkpoint.id} ${claim.state}`)).toEqual([`${TRAINING} due`]);
	});

	test('incremental sync sees the new date', async () => {
		const state = new CheckpointSyncState();
		await hire();
		await sync('2025-03-05', { state });
		await sync('2025-03-05', { state });
		expect((await sync('2025-03-05', { state })).unchanged).toBe(1);
		expect(await windowOf(TRAINING)).toBe('2025-03-10..2025-03-17 Запланирована');

		await ok(trainingEnd('2025-03-11'));
		await sync('2025-03-05', { state });

		expect(await windowOf(TRAINING)).toBe('2025-03-11..2025-03-14 Запланирована');
	});
});

/** Signs the contract on Friday 4 December 2026 with the first working day agreed for Monday 7 December. */
async function hireFromMonday(): Promise<void> {
	await ok({ operation: 'start', episodeId: 'cand-1-s6', date: '2026-11-20' });
	await ok({ operation: 'contractSigned', episodeId: 'cand-1-s6', date: '2026-12-04', service5Recommendations: 'confirmed', agreedStartDate: '2026-12-07' });
}

describe('agreed first working day', () => {
	const FIRST_DAY = 'cand-1-s6:s6:first-day';

	test('contract stores the date', async () => {
		await hireFromMonday();
		const episode = await temp.base.get('episodes', 'cand-1-s6');
		expect(episode?.employmentStart).toBe('2026-12-04');
		expect(episode?.agreedStartDate).toBe('2026-12-07');
		// Six months of adaptation from the first working day.
		expect(episode?.plannedEndDate).toBe('2027-06-07');
	});

	test('nothing overdue before it', async () => {
		await hireFromMonday();
		await sync('2026-12-05');

		expect(await windowOf(FIRST_DAY)).toBe('2026-12-07..2026-12-07 Запланирована');
		expect(await windowOf(FIRST_WEEK)).toBe('2026-12-14..2026-12-16 Запланирована');
		expect(await windowOf('cand-1-s6:s6:employer-evaluation:1m')).toBe('2027-01-07..2027-01-14 Запланирована');
		expect(await claimDueCheckpoints(temp.base, { today: '2026-12-05' }, context)).toEqual([]);
		const monday = await claimDueCheckpoints(temp.base, { today: '2026-12-07' }, context);
		expect(monday.map((claim) => `${claim.checkpoint.id} ${claim.state}`)).toEqual([`${FIRST_DAY} due`]);
	});

	test('a new date moves the checkpoints', async () => {
		await hireFromMonday();
		await sync('2026-12-05');

		const [result] = await temp.base.write([{ kind: 'update', table: 'episodes', id: 'cand-1-s6', patch: { agreedStartDate: '2026-12-09' } }], context);
		expect(result.status).toBe('updated');
		const report = await sync('2026-12-05');

		expect(report.rescheduled).toBeGreaterThanOrEqual(3);
		expect(await windowOf(FIRST_DAY)).toBe('2026-12-09..2026-12-09 Запланирована');
		expect(await windowOf(FIRST_WEEK)).toBe('2026-12-16..2026-12-18 Запланирована');
		expect((await temp.base.get('checkpoints', FIRST_DAY))?.anchorDate).toBe('2026-12-09');
	});

	test('incremental sync sees a new date', async () => {
		const state = new CheckpointSyncState();
		await hireFromMonday();
		await sync('2026-12-05', { state });
		await sync('2026-12-05', { state });
		expect((await sync('2026-12-05', { state })).unchanged).toBe(1);

		await temp.base.write([{ kind: 'update', table: 'episodes', id: 'cand-1-s6', patch: { agreedStartDate: '2026-12-09' } }], context);
		await sync('2026-12-05', { state });

		expect(await windowOf(FIRST_DAY)).toBe('2026-12-09..2026-12-09 Запланирована');
	});

	function moveStart(agreedStartDate: string, date = '2026-12-05'): EpisodeRequest {
		return { operation: 'agreedStartChange', episodeId: 'cand-1-s6', date, agreedStartDate, description: 'Работодатель попросил выйти в среду' };
	}

	async function rejectedMessage(request: EpisodeRequest): Promise<string> {
		const result = await run(request);
		expect(result.ok).toBe(false);
		return result.ok ? '' : result.message;
	}

	test('change operation moves the checkpoints', async () => {
		await hireFromMonday();
		await sync('2026-12-05');

		const outcome = await ok(moveStart('2026-12-09'));
		expect(outcome.message).toContain('с 2026-12-07 на 2026-12-09');
		expect(outcome.plannedEndDate).toBe('2027-06-09');
		const episode = await temp.base.get('episodes', 'cand-1-s6');
		expect(episode?.agreedStartDate).toBe('2026-12-09');
		expect(episode?.plannedEndDate).toBe('2027-06-09');
		expect(episode?.employmentStart).toBe('2026-12-04');

		const report = await sync('2026-12-05');
		expect(report.rescheduled).toBeGreaterThanOrEqual(3);
		expect(await windowOf(FIRST_DAY)).toBe('2026-12-09..2026-12-09 Запланирована');
		expect(await windowOf(FIRST_WEEK)).toBe('2026-12-16..2026-12-18 Запланирована');
		// The window ends on Saturday 16 January, so it moves to Monday 18 January.
		expect(await windowOf('cand-1-s6:s6:employer-evaluation:1m')).toBe('2027-01-09..2027-01-18 Запланирована');
	});

	test('change records one event', async () => {
		await hireFromMonday();
		await ok(moveStart('2026-12-09'));

		const [event] = await temp.base.list('events', { where: { candidate: CANDIDATE, type: 'Иное' } });
		expect(event.title).toBe('Согласованная дата выхода изменена: 2026-12-07 → 2026-12-09');
		expect(event.description).toBe('Работодатель попросил выйти в среду');
		expect(event.employer).toBe('emp-1');
		expect(event.details).toMatchObject({ agreedStartDate: '2026-12-09', previousAgreedStartDate: '2026-12-07', contractDate: '2026-12-04', adaptationEnd: '2027-06-09' });
	});

	test('change retry writes once', async () => {
		await hireFromMonday();
		const first = await ok(moveStart('2026-12-09'));
		const again = await ok(moveStart('2026-12-09'));

		expect(first.replayed).toBe(false);
		expect(again.replayed).toBe(true);
		expect(again.eventIds).toEqual(first.eventIds);
		expect(await temp.base.list('events', { where: { candidate: CANDIDATE, type: 'Иное' } })).toHaveLength(1);
		// Another request for the same day finds nothing to change.
		expect(await rejectedMessage(moveStart('2026-12-09', '2026-12-06'))).toContain('Первый рабочий день уже 2026-12-09: менять нечего');
	});

	test('change rejects bad dates', async () => {
		await hireFromMonday();

		expect(await rejectedMessage(moveStart('2026-12-03'))).toContain('«Согласованная дата выхода» (2026-12-03) раньше, чем «Дата трудового договора» (2026-12-04)');
		expect(await rejectedMessage(moveStart('2026-12-07'))).toContain('Первый рабочий день уже 2026-12-07');
		expect(await rejectedMessage(moveStart('07.12.2026'))).toContain('укажите ее в формате ГГГГ-ММ-ДД');
		expect(await rejectedMessage({ operation: 'agreedStartChange', episodeId: 'cand-1-s6', date: '2026-12-05' })).toContain('Не заполнена «Согласованная дата выхода»');
		expect(await rejectedMessage(moveStart('2026-12-09', '2026-12-03'))).toContain('«Дата» (2026-12-03) раньше, чем «Дата трудового договора» (2026-12-04)');
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.agreedStartDate).toBe('2026-12-07');
		expect(await temp.base.list('events', { where: { candidate: CANDIDATE, type: 'Иное' } })).toEqual([]);
	});

	test('change needs a signed contract', async () => {
		await ok({ operation: 'start', episodeId: 'cand-1-s6', date: '2026-11-20' });
		expect(await rejectedMessage(moveStart('2026-12-09'))).toContain('Трудовой договор по этому эпизоду еще не подписан');
	});

	test('change after training end rejected', async () => {
		await hireFromMonday();
		await ok(trainingEnd('2026-12-11'));

		const message = await rejectedMessage(moveStart('2026-12-14', '2026-12-11'));
		expect(message).toContain('«Согласованная дата выхода» (2026-12-14) позже, чем «Дата окончания внутреннего обучения» (2026-12-11)');
		expect(message).toContain('операцией «Окончание внутреннего обучения»');

		// Corrected training end first, then the move is accepted.
		await ok(trainingEnd('2026-12-18'));
		await ok(moveStart('2026-12-14', '2026-12-11'));
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.agreedStartDate).toBe('2026-12-14');
	});

	test('late change needs a reason', async () => {
		await hireFromMonday();

		const message = await rejectedMessage(moveStart('2026-12-08', '2026-12-15'));
		expect(message).toContain('первый рабочий день (2026-12-07) прошел больше недели назад');
		expect(message).toContain('«Причина исключения из правила»');
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.agreedStartDate).toBe('2026-12-07');

		await ok(moveStart('2026-12-08', '2026-12-14'));
		const outcome = await ok({ ...moveStart('2026-12-09', '2026-12-16'), overrideReason: 'Ошибка при вводе даты' });
		expect(outcome.override?.reason).toBe('Ошибка при вводе даты');
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.overrideReason).toContain('2026-12-16, «Изменить дату выхода»: Ошибка при вводе даты');
	});

	test('change keeps the agreed adaptation', async () => {
		await hireFromMonday();
		await ok({ operation: 'adaptationChange', episodeId: 'cand-1-s6', date: '2026-12-05', adaptationMonths: 3, userConsent: true, employerConsent: true });
		const outcome = await ok(moveStart('2026-12-09'));

		expect(outcome.adaptation).toEqual({ months: 3, end: '2027-03-09' });
		expect(outcome.message).toContain('Оценки работодателя: 2027-01-09, 2027-03-09.');
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.adaptationMonths).toBe(3);
	});

	test('training end before it is rejected', async () => {
		await hireFromMonday();
		const result = await run(trainingEnd('2026-12-05'));

		expect(result.ok).toBe(false);
		const message = result.ok ? '' : result.message;
		expect(message).toContain('«Дата окончания внутреннего обучения» (2026-12-05) раньше, чем «Согласованная дата выхода» (2026-12-07)');
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.internalTrainingEnd ?? null).toBeNull();
	});

	test('training end within two weeks', async () => {
		await hireFromMonday();
		await ok(trainingEnd('2026-12-07'));
		const outcome = await ok(trainingEnd('2026-12-21'));

		expect(outcome.override).toBeNull();
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.internalTrainingEnd).toBe('2026-12-21');
	});

	test('late training end needs a reason', async () => {
		await hireFromMonday();
		const result = await run(trainingEnd('2027-05-01'));

		expect(result.ok).toBe(false);
		const message = result.ok ? '' : result.message;
		expect(message).toContain('«Дата окончания внутреннего обучения» (2027-05-01) позже 2026-12-21');
		expect(message).toContain('одну-две недели');
		expect(message).toContain('«Причина исключения из правила»');
		expect((await temp.base.get('episodes', 'cand-1-s6'))?.internalTrainingEnd ?? null).toBeNull();

		const outcome = await ok({ ...trainingEnd('2027-05-01'), overrideReason: 'Работодатель продлил обучение до мая' });
		expect(outcome.override?.reason).toBe('Работодатель продлил обучение до мая');
		const episode = await temp.base.get('episodes', 'cand-1-s6');
		expect(episode?.internalTrainingEnd).toBe('2027-05-01');
		expect(episode?.overrideReason).toContain('2027-05-01, «Окончание внутреннего обучения»: Работодатель продлил обучение до мая');
	});
});

describe('final assessment in the sync', () => {
	const FINAL = 'cand-1-s3:s3:final';

	function evaluationRow(id: string, form: 'exam' | 'characteristic', date: string) {
		return {
			kind: 'insert' as const,
			table: 'events' as const,
			row: {
				id,
				type: 'Собеседование кандидата с консультантом' as const,
				date,
				service: 'Профессиональная ориентация' as const,
				candidate: CANDIDATE,
				episode: 'cand-1-s3',
				details: { evaluation: { idempotencyKey: `${FINAL}#${form}`, checkpointKey: FINAL, form, levels: {} } },
			},
		};
	}

	test('interviews leave it open', async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 'cand-1-s3', startDate: '2025-03-10' });
		const reason = { overrideReason: 'Пользователь переезжает' };
		await ok({ operation: 'start', episodeId: 'cand-1-s3', date: '2025-03-10', ...reason });
		// Ended the next day, the window (9–18 March) holds the first interview and the result.
		await ok({ operation: 'complete', episodeId: 'cand-1-s3', date: '2025-03-11', ...reason });
		await sync('2025-03-12');
		expect(await windowOf(FINAL)).toBe('2025-03-09..2025-03-18 Наступила');

		await temp.base.write([evaluationRow('exam', 'exam', '2025-03-12')], context);
		await sync('2025-03-12');
		expect(await windowOf(FINAL)).toBe('2025-03-09..2025-03-18 Наступила');

		await temp.base.write([evaluationRow('char', 'characteristic', '2025-03-13')], context);
		await sync('2025-03-13');
		expect(await windowOf(FINAL)).toBe('2025-03-09..2025-03-18 Выполнена');
		expect((await temp.base.get('checkpoints', FINAL))?.completedBy).toBe('char');
	});
});

describe('work calendar in the sync', () => {
	test('configured day off moves a deadline', async () => {
		await hire();
		await sync('2025-03-05');
		// The first week's feedback is due 10–12 March 2025; Wednesday 12 March is not a holiday.
		expect(await windowOf(FIRST_WEEK)).toBe('2025-03-10..2025-03-12 Запланирована');

		const report = await sync('2025-03-05', { workCalendar: { nonWorkingDays: ['2025-03-12'] } });

		expect(report.rescheduled).toBeGreaterThanOrEqual(1);
		expect(await windowOf(FIRST_WEEK)).toBe('2025-03-10..2025-03-13 Запланирована');
	});

	test('calendar change resyncs incrementally', async () => {
		const state = new CheckpointSyncState();
		await hire();
		await sync('2025-03-05', { state });
		// The second sync finds the rows in line and remembers the candidate as unchanged.
		expect((await sync('2025-03-05', { state })).unchanged).toBe(0);
		expect((await sync('2025-03-05', { state })).unchanged).toBe(1);

		await sync('2025-03-05', { state, workCalendar: { nonWorkingDays: ['2025-03-12'] } });

		expect(await windowOf(FIRST_WEEK)).toBe('2025-03-10..2025-03-13 Запланирована');
	});

	test('day off keeps a checkpoint from overdue', async () => {
		await hire();
		// The 3-month evaluation is due 3–10 June 2025; with Tuesday 10 June off it is still due on 11 June.
		await sync('2025-06-11');
		expect(await windowOf('cand-1-s6:s6:employer-evaluation:3m')).toBe('2025-06-03..2025-06-10 Просрочена');

		await sync('2025-06-11', { workCalendar: { nonWorkingDays: ['2025-06-10'] } });
		expect(await windowOf('cand-1-s6:s6:employer-evaluation:3m')).toBe('2025-06-03..2025-06-11 Наступила');
	});
});

describe('checkpoint trigger work calendar', () => {
	function pollContext(parameters: Record<string, unknown>): IPollFunctions {
		const context = {
			getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
			getMode: () => 'trigger',
			getNode: () => ({ id: 'node-1', name: 'Контрольные точки', type: 'lifecycleCheckpointTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
			getWorkflow: () => ({ id: 'wf-calendar', name: 'Напоминания', active: true }),
			logger: { warn: () => undefined },
			helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
		};
		return context as unknown as IPollFunctions;
	}

	test('bad dates fail in Russian', async () => {
		const poll = (parameters: Record<string, unknown>) => new LifecycleCheckpointTrigger().poll.call(pollContext({ backend: 'local', localPath: temp.path, checkDate: '2025-03-05', ...parameters }));

		await expect(poll({ nonWorkingDays: '31.12.2026' })).rejects.toThrow('Параметр «Дополнительные нерабочие дни»: «31.12.2026» не дата.');
		await expect(poll({ workingDays: '2027-05-01' })).rejects.toThrow('Параметр «Рабочие выходные дни»: 2027-05-01 — нерабочий праздничный день');
	});

	test('parameters reach the schedule', async () => {
		await hire();
		await new LifecycleCheckpointTrigger().poll.call(pollContext({ backend: 'local', localPath: temp.path, checkDate: '2025-03-05', nonWorkingDays: '2025-03-12, 2025-03-13' }));

		expect(await windowOf(FIRST_WEEK)).toBe('2025-03-10..2025-03-14 Запланирована');
	});
});

describe('training end column in the bases', () => {
	const label = episodes.columns.internalTrainingEnd.label;

	test('local base adds the column to an old file', async () => {
		await temp.base.close();
		const db = new DatabaseSync(temp.path);
		db.exec(`DROP VIEW "${episodes.label}"`);
		db.exec('ALTER TABLE "episodes" DROP COLUMN "internalTrainingEnd"');
		db.close();

		const reopened = LocalBase.open(temp.path);
		try {
			const [result] = await reopened.write([{ kind: 'update', table: 'episodes', id: 'cand-1-s6', patch: { internalTrainingEnd: '2025-03-11' } }], context);
			expect(result.status).toBe('updated');
			expect((await reopened.get('episodes', 'cand-1-s6'))?.internalTrainingEnd).toBe('2025-03-11');
		} finally {
			await reopened.close();
		}
	});

	test('Airtable setup lists and creates the field', async () => {
		const harness = await startHarness({ schema: false });
		try {
			const client = harness.open().client;
			await createMissing(client);
			const table = harness.emulator.state.requireTable(TEST_BASE_ID, episodes.label);
			table.fields = table.fields.filter((field) => field.name !== label);

			const findings = await checkBase(client);
			expect(findings.map((finding) => `${finding.kind} ${finding.message}`)).toEqual([`missingField Таблица «${episodes.label}»: нет поля «${label}» (Дата).`]);
			expect(findings[0].fixable).toBe(true);

			await createMissing(client);
			expect(await checkBase(client)).toEqual([]);
		} finally {
			await harness.stop();
		}
	});
});
