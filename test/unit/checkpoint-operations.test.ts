import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildSync } from 'esbuild';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { findCompletions, planCheckpointChanges, reminderDue } from '../../core/checkpointRecords';
import { buildSchedule } from '../../core/checkpoints';
import { claimDueCheckpoints, pollCheckpoints, syncCheckpoints, type SyncReport } from '../../core/operations/checkpoints';
import type { Candidate, CheckpointRecord, Episode, LifecycleEvent } from '../../schemas';
import { LifecycleCheckpointTrigger } from '../../nodes/LifecycleCheckpointTrigger/LifecycleCheckpointTrigger.node';
import { LocalBase } from '../../storage/local/localBase';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import { startHarness, type Harness } from './airtable-backend-harness';

const context: WriteContext = { actor: 'test', executionId: 'exec-1' };
const REPO_ROOT = join(__dirname, '..', '..');
/** Sees every checkpoint of a route, so tests can follow rows far ahead of `today`. */
const WIDE = { horizonDays: 800, lookbackDays: 800 };

function candidate(id: string, overrides: Partial<Candidate> = {}): Candidate {
	return { id, lastName: 'Тестова', firstName: 'Анна', birthDate: '2003-05-17', consent: true, routeState: 'Пользователь', ...overrides };
}

function supportedEpisode(id: string, candidateId: string, overrides: Partial<Episode> = {}): Episode {
	return { id, candidate: candidateId, service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: '2024-01-20', ...overrides };
}

function event(id: string, candidateId: string, episodeId: string, type: LifecycleEvent['type'], date: string, extra: Partial<LifecycleEvent> = {}): LifecycleEvent {
	return { id, type, date, candidate: candidateId, episode: episodeId, ...extra };
}

function inserts(table: 'candidates' | 'episodes' | 'events' | 'specialists' | 'vacancies' | 'employers', rows: Array<Record<string, unknown>>): WriteOperation[] {
	return rows.map((row) => ({ kind: 'insert', table, row, onConflict: 'error' }) as WriteOperation);
}

/** Seeds a user hired on 31 January 2024 in supported employment, with the hiring event that starts the schedule. */
async function seedHired(base: Base, id = 'c1', hireDetails?: Record<string, unknown>): Promise<void> {
	const episodeId = `${id}-e6`;
	const results = await base.write(
		[
			...inserts('candidates', [candidate(id)]),
			...inserts('episodes', [supportedEpisode(episodeId, id)]),
			...inserts('events', [event(`${id}-hire`, id, episodeId, 'Кандидат устроился на работу', '2024-01-31', hireDetails ? { details: hireDetails } : {})]),
		],
		context,
	);
	expect(results.filter((result) => result.status === 'failed')).toEqual([]);
}

async function rowsById(base: LocalBase): Promise<Map<string, CheckpointRecord>> {
	const rows = await base.list('checkpoints');
	return new Map(rows.map((row) => [row.id, row]));
}

function windowOf(row: CheckpointRecord | undefined): string {
	return row ? `${row.earliest}..${row.latest} ${row.status}` : 'absent';
}

function emptyCounts(report: SyncReport): Record<string, number> {
	return { created: report.created, rescheduled: report.rescheduled, cancelled: report.cancelled, updated: report.updated };
}

describe('checkpoint sync and claim on the local base', () => {
	let folder: string;
	let path: string;
	let base: LocalBase;

	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'checkpoints-'));
		path = join(folder, 'base.sqlite');
		base = LocalBase.open(path);
	});

	afterEach(async () => {
		await base.close();
		rmSync(folder, { recursive: true, force: true });
	});

	test('sync clamps 31 January plus one month', async () => {
		await seedHired(base);
		const report = await syncCheckpoints(base, { today: '2024-02-01' }, context);

		expect(report.candidates).toBe(1);
		expect(report.failures).toEqual([]);
		const rows = await rowsById(base);
		expect(windowOf(rows.get('c1-e6:s6:first-day'))).toBe('2024-01-31..2024-01-31 Просрочена');
		expect(windowOf(rows.get('c1-e6:s6:first-week'))).toBe('2024-02-07..2024-02-09 Запланирована');
		expect(windowOf(rows.get('c1-e6:s6:employer-evaluation:1m'))).toBe('2024-02-29..2024-03-07 Запланирована');
		// The 3-month evaluation opens beyond the 62-day horizon, so its row comes later.
		expect(rows.has('c1-e6:s6:employer-evaluation:3m')).toBe(false);

		const evaluation = rows.get('c1-e6:s6:employer-evaluation:1m');
		expect(evaluation?.candidate).toBe('c1');
		expect(evaluation?.episode).toBe('c1-e6');
		expect(evaluation?.kind).toBe('Оценка работодателя');
		expect(evaluation?.eventType).toBe('Оценка работодателем работы кандидата');
		expect(evaluation?.anchorMilestone).toBe('Выход на работу');
		expect(evaluation?.anchorDate).toBe('2024-01-31');
	});

	test('sync adds rows as the horizon advances', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-01' }, context);
		await syncCheckpoints(base, { today: '2024-03-01' }, context);

		const rows = await rowsById(base);
		expect(windowOf(rows.get('c1-e6:s6:employer-evaluation:3m'))).toBe('2024-04-30..2024-05-07 Запланирована');
		expect(windowOf(rows.get('c1-e6:s6:employer-evaluation:1m'))).toBe('2024-02-29..2024-03-07 Наступила');
	});

	test('second sync writes nothing', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-01', ...WIDE }, context);
		const again = await syncCheckpoints(base, { today: '2024-02-01', ...WIDE }, context);

		expect(emptyCounts(again)).toEqual({ created: 0, rescheduled: 0, cancelled: 0, updated: 0 });
	});

	test('employer evaluation completes the 1-month checkpoint', async () => {
		await seedHired(base);
		await base.write(inserts('events', [event('eval-1', 'c1', 'c1-e6', 'Оценка работодателем работы кандидата', '2024-03-04')]), context);
		const report = await syncCheckpoints(base, { today: '2024-03-10' }, context);

		const row = (await rowsById(base)).get('c1-e6:s6:employer-evaluation:1m');
		expect(row?.status).toBe('Выполнена');
		expect(row?.completedBy).toBe('eval-1');
		expect(row?.completedAt).toBe('2024-03-04');
		expect(report.completed).toBe(1);
	});

	test('an event naming the checkpoint completes it', async () => {
		await seedHired(base);
		const details = { evaluation: { checkpointKey: 'c1-e6:s6:employer-evaluation:1m', form: 'employer', levels: {} } };
		await base.write(inserts('events', [event('eval-early', 'c1', 'c1-e6', 'Оценка работодателем работы кандидата', '2024-02-26', { details })]), context);
		await syncCheckpoints(base, { today: '2024-03-01' }, context);

		expect((await rowsById(base)).get('c1-e6:s6:employer-evaluation:1m')?.completedBy).toBe('eval-early');
	});

	test('a sync keeps «Выполнена» set by hand', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-01' }, context);
		await base.write([{ kind: 'update', table: 'checkpoints', id: 'c1-e6:s6:first-day', patch: { status: 'Выполнена' } }], context);
		await syncCheckpoints(base, { today: '2024-02-02' }, context);

		expect((await rowsById(base)).get('c1-e6:s6:first-day')?.status).toBe('Выполнена');
	});

	test('claim fires each state once', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-01' }, context);
		const first = await claimDueCheckpoints(base, { today: '2024-02-01' }, context);
		expect(first.map((claim) => `${claim.checkpoint.id} ${claim.state}`)).toEqual(['c1-e6:s6:first-day overdue']);
		expect(first[0].daysOverdue).toBe(1);
		expect(await claimDueCheckpoints(base, { today: '2024-02-01' }, context)).toEqual([]);

		await syncCheckpoints(base, { today: '2024-02-07' }, context);
		const week = await claimDueCheckpoints(base, { today: '2024-02-07' }, context);
		expect(week.map((claim) => `${claim.checkpoint.id} ${claim.state}`).sort()).toEqual([
			'c1-e6:s6:first-day escalation',
			'c1-e6:s6:first-week due',
			'c1-e6:s6:internal-training due',
		]);
		expect(await claimDueCheckpoints(base, { today: '2024-02-07' }, context)).toEqual([]);

		const rows = await rowsById(base);
		expect(rows.get('c1-e6:s6:first-day')?.firedOverdueAt).toBeTruthy();
		expect(rows.get('c1-e6:s6:first-day')?.escalatedAt).toBeTruthy();
		expect(rows.get('c1-e6:s6:first-week')?.firedDueAt).toBeTruthy();
		expect(rows.get('c1-e6:s6:first-week')?.status).toBe('Наступила');
	});

	test('claim skips completed checkpoints', async () => {
		await seedHired(base);
		await base.write(inserts('events', [event('call-1', 'c1', 'c1-e6', 'Связь с кандидатом', '2024-02-08')]), context);
		await syncCheckpoints(base, { today: '2024-02-08' }, context);
		const claims = await claimDueCheckpoints(base, { today: '2024-02-08' }, context);

		// The call on 8 February closes the first-week feedback, whose window ends before the training one.
		expect(claims.map((claim) => claim.checkpoint.id).sort()).toEqual(['c1-e6:s6:first-day', 'c1-e6:s6:internal-training']);
	});

	test('two pollers claim each checkpoint once', async () => {
		for (let index = 0; index < 20; index += 1) {
			await seedHired(base, `p${index}`);
		}
		await syncCheckpoints(base, { today: '2024-02-07' }, context);
		const second = LocalBase.open(path);
		const [left, right] = await Promise.all([
			claimDueCheckpoints(base, { today: '2024-02-07', batchSize: 3 }, { actor: 'poller A' }),
			claimDueCheckpoints(second, { today: '2024-02-07', batchSize: 3 }, { actor: 'poller B' }),
		]);
		await second.close();

		const ids = [...left, ...right].map((claim) => claim.checkpoint.id);
		expect(ids).toHaveLength(60);
		expect(new Set(ids).size).toBe(60);
	});

	test('restart claims nothing twice', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-07' }, context);
		expect(await claimDueCheckpoints(base, { today: '2024-02-07' }, context)).toHaveLength(3);
		await base.close();

		base = LocalBase.open(path);
		await syncCheckpoints(base, { today: '2024-02-07' }, context);
		expect(await claimDueCheckpoints(base, { today: '2024-02-07' }, context)).toEqual([]);
		const next = await claimDueCheckpoints(base, { today: '2024-02-10' }, context);
		expect(next.map((claim) => `${claim.checkpoint.id} ${claim.state}`)).toEqual(['c1-e6:s6:first-week overdue']);
	});

	test('two processes claim each checkpoint once', async () => {
		for (let index = 0; index < 30; index += 1) {
			await seedHired(base, `q${index}`);
		}
		await syncCheckpoints(base, { today: '2024-02-07' }, context);

		const script = join(folder, 'poller.cjs');
		buildSync({
			stdin: {
				contents: [
					"import { LocalBase } from './storage/local/localBase';",
					"import { claimDueCheckpoints } from './core/operations/checkpoints';",
					'const [path, today, name, startAt] = process.argv.slice(2);',
					'const base = LocalBase.open(path);',
					// Both pollers start at the same instant, after their start-up, so that their batches interleave.
					'setTimeout(() => claimDueCheckpoints(base, { today, batchSize: 1 }, { actor: name })',
					'\t.then(async (claims) => { await base.close(); process.stdout.write(JSON.stringify(claims.map((claim) => claim.checkpoint.id))); }), Number(startAt) - Date.now());',
				].join('\n'),
				resolveDir: REPO_ROOT,
				loader: 'ts',
			},
			bundle: true,
			platform: 'node',
			format: 'cjs',
			outfile: script,
			logLevel: 'error',
		});
		const startAt = String(Date.now() + 2_000);
		const runPoller = (name: string) =>
			new Promise<string[]>((resolve, reject) => {
				const child = spawn(process.execPath, ['--no-warnings', script, path, '2024-02-07', name, startAt], { stdio: ['ignore', 'pipe', 'pipe'] });
				let output = '';
				let errors = '';
				child.stdout.on('data', (chunk) => (output += chunk));
				child.stderr.on('data', (chunk) => (errors += chunk));
				child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output) as string[]) : reject(new Error(`poller ${name} exited with ${code}: ${errors}`))));
			});

		const [left, right] = await Promise.all([runPoller('A'), runPoller('B')]);
		const ids = [...left, ...right];
		expect(ids).toHaveLength(90);
		expect(new Set(ids).size).toBe(90);
	});

	test('preview marks nothing', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-07' }, context);
		const preview = await claimDueCheckpoints(base, { today: '2024-02-07', preview: true }, context);

		expect(preview).toHaveLength(3);
		expect(preview.every((claim) => !claim.claimed)).toBe(true);
		expect((await rowsById(base)).get('c1-e6:s6:first-week')?.firedDueAt ?? null).toBeNull();
		expect(await claimDueCheckpoints(base, { today: '2024-02-07' }, context)).toHaveLength(3);
	});

	test('claim honours kinds, escalation and age', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-07', ...WIDE }, context);

		const evaluations = await claimDueCheckpoints(base, { today: '2024-02-07', kinds: ['employerEvaluation'], preview: true }, context);
		expect(evaluations).toEqual([]);
		const noEscalation = await claimDueCheckpoints(base, { today: '2024-02-07', escalateAfterDays: null, preview: true }, context);
		expect(noEscalation.find((claim) => claim.checkpoint.id === 'c1-e6:s6:first-day')?.state).toBe('overdue');
		const noOverdue = await claimDueCheckpoints(base, { today: '2024-02-02', overdue: false, preview: true }, context);
		expect(noOverdue).toEqual([]);
		// Long-forgotten checkpoints stay in the base but are not mailed.
		const late = await claimDueCheckpoints(base, { today: '2024-04-01', preview: true }, context);
		expect(late.map((claim) => claim.checkpoint.id)).toEqual(['c1-e6:s6:employer-evaluation:1m']);
	});

	test('claim limit keeps the rest', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-07' }, context);
		const first = await claimDueCheckpoints(base, { today: '2024-02-07', limit: 2 }, context);
		const rest = await claimDueCheckpoints(base, { today: '2024-02-07', limit: 2 }, context);

		// Due reminders go first, the escalation of the first day waits for the next call.
		expect(first.map((claim) => claim.state)).toEqual(['due', 'due']);
		expect(rest.map((claim) => `${claim.checkpoint.id} ${claim.state}`)).toEqual(['c1-e6:s6:first-day escalation']);
	});

	test('later start moves and re-fires', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-07' }, context);
		expect(await claimDueCheckpoints(base, { today: '2024-02-07' }, context)).toHaveLength(3);

		// The hiring date is corrected: the user actually started on 12 February.
		await base.write([{ kind: 'update', table: 'events', id: 'c1-hire', patch: { date: '2024-02-12' } }], context);
		const report = await syncCheckpoints(base, { today: '2024-02-08' }, context);
		expect(report.rescheduled).toBeGreaterThanOrEqual(4);

		const rows = await rowsById(base);
		const week = rows.get('c1-e6:s6:first-week');
		expect(windowOf(week)).toBe('2024-02-19..2024-02-21 Запланирована');
		expect(week?.firedDueAt ?? null).toBeNull();
		expect(week?.rescheduledAt).toBeTruthy();
		expect(windowOf(rows.get('c1-e6:s6:employer-evaluation:1m'))).toBe('2024-03-12..2024-03-19 Запланирована');

		await syncCheckpoints(base, { today: '2024-02-19' }, context);
		const claims = await claimDueCheckpoints(base, { today: '2024-02-19' }, context);
		expect(claims.map((claim) => `${claim.checkpoint.id} ${claim.state}`).sort()).toContain('c1-e6:s6:first-week due');
	});

	test('extended adaptation adds the 6-month evaluation', async () => {
		await seedHired(base, 'c1', { adaptationMonths: 3 });
		await syncCheckpoints(base, { today: '2024-02-01', ...WIDE }, context);
		let rows = await rowsById(base);
		expect(rows.has('c1-e6:s6:employer-evaluation:6m')).toBe(false);
		expect(windowOf(rows.get('c1-e6:s6:closing-meeting'))).toBe('2024-04-30..2024-05-14 Запланирована');

		await base.write([{ kind: 'update', table: 'events', id: 'c1-hire', patch: { details: { adaptationMonths: 6 } } }], context);
		await syncCheckpoints(base, { today: '2024-02-01', ...WIDE }, context);
		rows = await rowsById(base);
		expect(windowOf(rows.get('c1-e6:s6:employer-evaluation:6m'))).toBe('2024-07-31..2024-08-07 Запланирована');
		expect(windowOf(rows.get('c1-e6:s6:closing-meeting'))).toBe('2024-07-31..2024-08-14 Запланирована');

		await base.write([{ kind: 'update', table: 'events', id: 'c1-hire', patch: { details: { adaptationMonths: 9 } } }], context);
		const report = await syncCheckpoints(base, { today: '2024-02-01', ...WIDE }, context);
		rows = await rowsById(base);
		expect(windowOf(rows.get('c1-e6:s6:employer-evaluation:6m'))).toBe('2024-07-31..2024-08-07 Запланирована');
		expect(windowOf(rows.get('c1-e6:s6:closing-meeting'))).toBe('2024-10-31..2024-11-14 Запланирована');
		expect(report.rescheduled).toBe(3);
	});

	test('dismissal cancels what follows', async () => {
		await seedHired(base);
		await base.write(inserts('events', [event('eval-1', 'c1', 'c1-e6', 'Оценка работодателем работы кандидата', '2024-03-01')]), context);
		await syncCheckpoints(base, { today: '2024-03-10', ...WIDE }, context);
		await base.write(inserts('events', [event('quit', 'c1', 'c1-e6', 'Завершение постоянной работы', '2024-03-15')]), context);
		const report = await syncCheckpoints(base, { today: '2024-03-16', ...WIDE }, context);

		const rows = await rowsById(base);
		expect(report.cancelled).toBe(5);
		for (const suffix of ['employer-evaluation:3m', 'employer-evaluation:6m', 'closing-meeting', 'follow-up', 'exit']) {
			expect(rows.get(`c1-e6:s6:${suffix}`)?.status).toBe('Отменена');
		}
		expect(rows.get('c1-e6:s6:employer-evaluation:1m')?.status).toBe('Выполнена');
		expect(await claimDueCheckpoints(base, { today: '2024-04-30', kinds: ['employerEvaluation'] }, context)).toEqual([]);
	});

	test('return to the internal site swaps checkpoints', async () => {
		await base.write(
			[
				...inserts('candidates', [candidate('c4')]),
				...inserts('episodes', [{ id: 'e4', candidate: 'c4', service: 'Временное трудоустройство', status: 'Оказывается', startDate: '2024-03-04', plannedEndDate: '2024-06-03' }]),
				...inserts('events', [event('start4', 'c4', 'e4', 'Начало работы', '2024-03-04'), event('site-a', 'c4', 'e4', 'Выход на стороннюю площадку', '2024-04-01')]),
			],
			context,
		);
		await syncCheckpoints(base, { today: '2024-04-02', ...WIDE }, context);
		let rows = await rowsById(base);
		expect(rows.get('e4:s4:site:site-a:fortnight:2')?.status).toBe('Запланирована');
		expect(rows.has('e4:s4:internal-evaluation:5')).toBe(false);

		await base.write(inserts('events', [event('back', 'c4', 'e4', 'Возвращение на внутреннюю площадку', '2024-05-13')]), context);
		await syncCheckpoints(base, { today: '2024-05-13', ...WIDE }, context);
		rows = await rowsById(base);
		expect(rows.get('e4:s4:site:site-a:fortnight:2')?.status).toBe('Отменена');
		expect(rows.get('e4:s4:site:site-a:fortnight:3')?.status).toBe('Отменена');
		expect(windowOf(rows.get('e4:s4:internal-evaluation:5'))).toBe('2024-05-13..2024-05-16 Наступила');
		expect(windowOf(rows.get('e4:s4:internal-evaluation:6'))).toBe('2024-05-27..2024-05-30 Запланирована');
	});

	test('refused episode cancels its rows', async () => {
		await seedHired(base);
		await syncCheckpoints(base, { today: '2024-02-01' }, context);
		await base.write([{ kind: 'update', table: 'episodes', id: 'c1-e6', patch: { status: 'Отказ', service: 'Социальная адаптация на рынке труда' } }], context);
		const report = await syncCheckpoints(base, { today: '2024-02-02' }, context);

		expect(report.candidates).toBe(1);
		const statuses = [...(await rowsById(base)).values()].map((row) => row.status);
		expect(new Set(statuses)).toEqual(new Set(['Отменена']));
	});

	test('bad dates fail one candidate only', async () => {
		await seedHired(base, 'good');
		await base.write(
			[
				...inserts('candidates', [candidate('bad')]),
				...inserts('episodes', [supportedEpisode('bad-e6', 'bad', { startDate: '2024-02-10' })]),
				...inserts('events', [event('bad-hire', 'bad', 'bad-e6', 'Кандидат устроился на работу', '2024-02-01')]),
			],
			context,
		);
		const report = await syncCheckpoints(base, { today: '2024-02-01' }, context);

		expect(report.failures.map((failure) => failure.candidateId)).toEqual(['bad']);
		expect(report.failures[0].message).toContain('раньше поля');
		expect((await base.list('checkpoints', { where: { candidate: 'good' } })).length).toBeGreaterThan(0);
		expect(await base.list('checkpoints', { where: { candidate: 'bad' } })).toEqual([]);
	});

	test('poll describes route and specialist', async () => {
		await base.write(
			[
				...inserts('specialists', [
					{ id: 'sp-1', name: 'Консультант Первый', email: 'consultant@example.org', active: true },
					{ id: 'sp-2', name: 'Консультант Ушедший', email: 'former@example.org', active: false },
				]),
				...inserts('employers', [{ id: 'emp-1', name: 'ООО «Склад»', consultant: 'sp-2' }]),
				...inserts('vacancies', [{ id: 'vac-1', title: 'Кладовщик', employer: 'emp-1' }]),
				...inserts('candidates', [
					candidate('c1', { entryDate: '2024-01-10', currentService: 'Сопровождаемое трудоустройство', disabilityGroup: 'III группа', comment: 'Личная заметка' }),
					candidate('c2', { lastName: 'Второва' }),
				]),
				...inserts('episodes', [
					{ id: 'c1-e2', candidate: 'c1', service: 'Содействие в поиске подходящей работы', status: 'Завершена', startDate: '2024-01-10', actualEndDate: '2024-01-19' },
					supportedEpisode('c1-e6', 'c1', { specialist: 'sp-1', vacancy: 'vac-1', plan: 'План с подробностями' }),
					supportedEpisode('c2-e6', 'c2', { vacancy: 'vac-1' }),
				]),
				...inserts('events', [
					event('c1-hire', 'c1', 'c1-e6', 'Кандидат устроился на работу', '2024-01-31'),
					event('c2-hire', 'c2', 'c2-e6', 'Кандидат устроился на работу', '2024-02-07'),
				]),
			],
			context,
		);
		const result = await pollCheckpoints(base, { today: '2024-02-07', kinds: ['feedback'] }, context);

		const firstWeek = result.reminders.find((reminder) => reminder.checkpoint.id === 'c1-e6:s6:first-week');
		expect(firstWeek?.candidateName).toBe('Тестова Анна');
		expect(firstWeek?.specialist).toEqual({ id: 'sp-1', name: 'Консультант Первый', email: 'consultant@example.org' });
		expect(firstWeek?.route).toEqual([
			'Статус маршрута: Пользователь, вход в технологию 10.01.2024',
			'Услуги:',
			'— Содействие в поиске подходящей работы: Завершена, 10.01.2024 — 19.01.2024',
			'— Сопровождаемое трудоустройство: Оказывается, с 20.01.2024 (вакансия «Кладовщик», ООО «Склад»)',
			'Текущая услуга: Сопровождаемое трудоустройство',
		]);
		expect(firstWeek?.episode).toBe('Сопровождаемое трудоустройство: Оказывается, с 20.01.2024 (вакансия «Кладовщик», ООО «Склад»)');
		const text = JSON.stringify(result.reminders);
		expect(text).not.toContain('III группа');
		expect(text).not.toContain('Личная заметка');
		expect(text).not.toContain('План с подробностями');

		// The employer's consultant replaces a missing episode specialist, but has left the organisation.
		const secondFirstDay = result.reminders.find((reminder) => reminder.checkpoint.id === 'c2-e6:s6:first-day');
		expect(secondFirstDay?.specialist).toEqual({ id: 'sp-2', name: 'Консультант Ушедший', email: undefined });
		expect(result.sync?.candidates).toBe(2);
	});
});

describe('checkpoint sync scope', () => {
	let folder: string;
	let base: LocalBase;

	beforeEach(async () => {
		folder = mkdtempSync(join(tmpdir(), 'checkpoint-scope-'));
		base = LocalBase.open(join(folder, 'base.sqlite'));
		await seedHired(base);
	});

	afterEach(async () => {
		await base.close();
		rmSync(folder, { recursive: true, force: true });
	});

	test('sync writes only the kinds it watches', async () => {
		await syncCheckpoints(base, { today: '2024-02-01', kinds: ['employerEvaluation'] }, context);
		const rows = await rowsById(base);
		expect([...rows.keys()]).toEqual(['c1-e6:s6:employer-evaluation:1m']);

		await syncCheckpoints(base, { today: '2024-02-01' }, context);
		const versions = async () => new Map((await base.list('checkpoints')).map((row) => [row.id, `${row.earliest}..${row.latest} v${row._meta.version}`]));
		const before = await versions();
		expect(before.has('c1-e6:s6:first-day')).toBe(true);

		// A trigger for other kinds with another calendar leaves the first trigger's rows alone.
		await syncCheckpoints(base, { today: '2024-02-01', kinds: ['employerEvaluation'], workCalendar: { nonWorkingDays: ['2024-02-09', '2024-02-12'] } }, context);
		const after = await versions();
		expect(after.get('c1-e6:s6:first-week')).toBe(before.get('c1-e6:s6:first-week'));
		expect(after.get('c1-e6:s6:first-day')).toBe(before.get('c1-e6:s6:first-day'));
	});

	test('sync by service leaves other services', async () => {
		await syncCheckpoints(base, { today: '2024-02-01', services: [4] }, context);
		expect((await rowsById(base)).size).toBe(0);
		await syncCheckpoints(base, { today: '2024-02-01', services: [6] }, context);
		expect((await rowsById(base)).size).toBeGreaterThan(0);
	});
});

describe('checkpoint rules without a base', () => {
	const schedule = buildSchedule({ candidateId: 'c1', episodes: [{ id: 'e6', service: 6, start: '2024-01-20', employmentStart: '2024-01-31' }] });

	test('one call completes one checkpoint', () => {
		const calls = [
			event('a', 'c1', 'e6', 'Связь с кандидатом', '2024-02-08'),
			event('b', 'c1', 'e6', 'Связь с кандидатом', '2024-02-10'),
			event('c', 'c1', 'e6', 'Связь с кандидатом', '2024-02-20'),
		];
		const completions = findCompletions(schedule, calls);

		expect(completions.get('e6:s6:first-week')?.eventId).toBe('a');
		expect(completions.get('e6:s6:internal-training')?.eventId).toBe('b');
		// A late call counts for the earliest overdue feedback.
		expect(completions.get('e6:s6:first-day')?.eventId).toBe('c');
		expect(completions.size).toBe(3);
	});

	test('early or foreign events complete nothing', () => {
		const events = [
			event('early', 'c1', 'e6', 'Оценка работодателем работы кандидата', '2024-02-20'),
			event('other-episode', 'c1', 'e-other', 'Связь с кандидатом', '2024-01-31'),
		];
		expect(findCompletions(schedule, events).size).toBe(0);
	});

	test('exit needs no episode link', () => {
		const exit = event('exit', 'c1', 'e2', 'Точка выхода', '2025-02-03');
		expect(findCompletions(schedule, [exit]).get('e6:s6:exit')?.eventId).toBe('exit');
	});

	test('referral completes no feedback', () => {
		const referral = event('ref', 'c1', 'e6', 'Связь с кандидатом', '2024-01-31', { details: { referral: { service: 6, episode: 'e6', opened: true } } });
		expect(findCompletions(schedule, [referral]).size).toBe(0);
		expect(findCompletions(schedule, [event('call', 'c1', 'e6', 'Связь с кандидатом', '2024-01-31')]).get('e6:s6:first-day')?.eventId).toBe('call');
	});

	test('plan leaves rows outside the horizon', () => {
		const plan = planCheckpointChanges({ schedule, completions: new Map(), stored: [], specialistByEpisode: new Map(), today: '2024-01-31', now: '2024-01-31T09:00:00Z', horizonDays: 7, lookbackDays: 0 });
		expect(plan.inserts.map((row) => row.id)).toEqual(['e6:s6:first-day', 'e6:s6:first-week', 'e6:s6:internal-training']);
	});

	test('reminder states by date', () => {
		const row = { status: 'Запланирована' as const, earliest: '2024-02-07', latest: '2024-02-09', firedDueAt: null, firedOverdueAt: null, escalatedAt: null };
		const policy = { overdue: true, escalateAfterDays: 3, maxAgeDays: 30 };
		expect(reminderDue(row, '2024-02-06', policy)).toBeUndefined();
		expect(reminderDue(row, '2024-02-07', policy)).toBe('due');
		expect(reminderDue(row, '2024-02-09', policy)).toBe('due');
		expect(reminderDue({ ...row, firedDueAt: '2024-02-07T06:00:00Z' }, '2024-02-09', policy)).toBeUndefined();
		expect(reminderDue(row, '2024-02-10', policy)).toBe('overdue');
		expect(reminderDue(row, '2024-02-12', policy)).toBe('overdue');
		expect(reminderDue(row, '2024-02-13', policy)).toBe('escalation');
		expect(reminderDue({ ...row, escalatedAt: '2024-02-13T06:00:00Z' }, '2024-02-14', policy)).toBeUndefined();
		expect(reminderDue(row, '2024-03-11', policy)).toBeUndefined();
		expect(reminderDue({ ...row, status: 'Выполнена' }, '2024-02-07', policy)).toBeUndefined();
	});
});

describe('final assessment of service 3', () => {
	// Trials from Monday 10 March 2025 end on 10 April; the final assessment is due 8–17 April.
	const schedule = buildSchedule({ candidateId: 'c1', episodes: [{ id: 'e3', service: 3, start: '2025-03-10', plannedEnd: '2025-04-10' }] });
	const FINAL = 'e3:s3:final';
	const INTERVIEW = 'Собеседование кандидата с консультантом' as const;

	function evaluation(id: string, date: string, form: 'exam' | 'characteristic', checkpointKey?: string): LifecycleEvent {
		return event(id, 'c1', 'e3', INTERVIEW, date, { service: 'Профессиональная ориентация', details: { evaluation: { idempotencyKey: `${FINAL}#${form}`, checkpointKey, form, levels: {} } } });
	}

	test('window of the checkpoint', () => {
		expect(schedule.map((checkpoint) => `${checkpoint.key} ${checkpoint.due.earliest}..${checkpoint.due.latest}`)).toEqual([`${FINAL} 2025-04-08..2025-04-17`]);
	});

	test('interviews do not complete it', () => {
		const interviews = [
			event('first', 'c1', 'e3', INTERVIEW, '2025-03-10', { details: null }),
			event('current', 'c1', 'e3', INTERVIEW, '2025-04-09'),
			event('result', 'c1', 'e3', INTERVIEW, '2025-04-10', { details: { result: { examPassed: null } } }),
			event('named', 'c1', 'e3', INTERVIEW, '2025-04-11', { details: { checkpointKey: FINAL } }),
			event('late', 'c1', 'e3', INTERVIEW, '2025-05-05'),
		];
		expect(findCompletions(schedule, interviews).size).toBe(0);
	});

	test('exam alone does not complete it', () => {
		expect(findCompletions(schedule, [evaluation('exam', '2025-04-09', 'exam', FINAL)]).size).toBe(0);
	});

	test('exam and characteristic complete it', () => {
		const events = [evaluation('char', '2025-04-11', 'characteristic', FINAL), evaluation('exam', '2025-04-09', 'exam', FINAL), event('first', 'c1', 'e3', INTERVIEW, '2025-03-10')];
		expect(findCompletions(schedule, events).get(FINAL)).toEqual({ eventId: 'char', date: '2025-04-11' });
	});

	test('early evaluations still count', () => {
		// An exam on 4 April is before the window; the forms, not the dates, prove the assessment.
		const events = [evaluation('exam', '2025-04-04', 'exam'), evaluation('char', '2025-04-07', 'characteristic')];
		expect(findCompletions(schedule, events).get(FINAL)).toEqual({ eventId: 'char', date: '2025-04-07' });
	});

	test('another episode does not count', () => {
		const other = (id: string, form: 'exam' | 'characteristic') => ({ ...evaluation(id, '2025-04-09', form), episode: 'e3-old' });
		expect(findCompletions(schedule, [other('exam', 'exam'), other('char', 'characteristic')]).size).toBe(0);
	});
});

describe('checkpoint trigger node', () => {
	let folder: string;
	let path: string;

	/** Builds the part of n8n's poll context the node uses, with the node's parameters and the execution mode. */
	function pollContext(parameters: Record<string, unknown>, mode: 'manual' | 'trigger'): IPollFunctions {
		const warnings: string[] = [];
		const context = {
			getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
			getMode: () => mode,
			getNode: () => ({ id: 'node-1', name: 'Контрольные точки', type: 'lifecycleCheckpointTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
			getWorkflow: () => ({ id: 'wf-1', name: 'Напоминания', active: mode === 'trigger' }),
			logger: { warn: (message: string) => warnings.push(message) },
			helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
		};
		return context as unknown as IPollFunctions;
	}

	async function poll(parameters: Record<string, unknown>, mode: 'manual' | 'trigger'): Promise<IDataObject[] | null> {
		const result = (await new LifecycleCheckpointTrigger().poll.call(pollContext({ backend: 'local', localPath: path, ...parameters }, mode))) as INodeExecutionData[][] | null;
		return result ? result[0].map((item) => item.json) : null;
	}

	beforeEach(async () => {
		folder = mkdtempSync(join(tmpdir(), 'checkpoint-node-'));
		path = join(folder, 'base.sqlite');
		const base = LocalBase.open(path);
		await seedHired(base);
		await base.close();
	});

	afterEach(() => {
		delete process.env.EMPLOYMENT_LIFECYCLE_TODAY;
		rmSync(folder, { recursive: true, force: true });
	});

	test('trigger mode claims once', async () => {
		const items = await poll({ checkDate: '2024-02-07' }, 'trigger');

		expect(items?.map((item) => `${item['Ключ контрольной точки']} ${item['Состояние']}`).sort()).toEqual([
			'c1-e6:s6:first-day Эскалация',
			'c1-e6:s6:first-week Наступила',
			'c1-e6:s6:internal-training Наступила',
		]);
		const week = items?.find((item) => item['Ключ контрольной точки'] === 'c1-e6:s6:first-week');
		expect(week).toMatchObject({ Срок: 'с 07.02.2024 по 09.02.2024', Кандидат: 'Тестова Анна', 'Отмечено как отправленное': true, 'Дата проверки': '2024-02-07' });
		expect(await poll({ checkDate: '2024-02-07' }, 'trigger')).toBeNull();
	});

	test('manual preview marks nothing', async () => {
		const preview = await poll({ checkDate: '2024-02-07', claimWhenManual: false }, 'manual');
		expect(preview).toHaveLength(3);
		expect(preview?.every((item) => item['Отмечено как отправленное'] === false)).toBe(true);

		const claimed = await poll({ checkDate: '2024-02-07' }, 'manual');
		expect(claimed).toHaveLength(3);
		expect(await poll({ checkDate: '2024-02-07' }, 'manual')).toBeNull();
	});

	test('preview of a future date writes nothing', async () => {
		const stored = async () => {
			const base = LocalBase.open(path);
			try {
				return (await base.list('checkpoints')).map((row) => `${row.id} ${row.status} v${row._meta.version}`).sort();
			} finally {
				await base.close();
			}
		};
		await poll({ checkDate: '2024-02-01' }, 'trigger');
		const before = await stored();
		expect(before.length).toBeGreaterThan(0);

		await poll({ checkDate: '2099-02-07', claimWhenManual: false }, 'manual');
		expect(await stored()).toEqual(before);
	});

	test('date falls back to the variable', async () => {
		process.env.EMPLOYMENT_LIFECYCLE_TODAY = '2024-02-01';
		const items = await poll({}, 'trigger');

		expect(items?.map((item) => item['Ключ контрольной точки'])).toEqual(['c1-e6:s6:first-day']);
		expect(items?.[0]['Дата проверки']).toBe('2024-02-01');
	});

	test('escalation can be switched off', async () => {
		const items = await poll({ checkDate: '2024-02-07', escalate: false, overdue: false }, 'trigger');
		expect(items?.map((item) => item['Состояние'])).toEqual(['Наступила', 'Наступила']);
	});

	test('bad settings fail in Russian', async () => {
		await expect(poll({ timeZone: 'Europe/Nowhere' }, 'trigger')).rejects.toThrow('Часовой пояс «Europe/Nowhere» не найден.');
		await expect(poll({ checkDate: '07.02.2024' }, 'trigger')).rejects.toThrow('Дата проверки «07.02.2024» не распознана');
	});
});

describe('checkpoints on the Airtable emulator', () => {
	let harness: Harness;

	beforeAll(async () => {
		harness = await startHarness();
	});

	afterAll(async () => {
		await harness?.stop();
	});

	test('sync and claim match the local base', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'checkpoints-airtable-'));
		const local = LocalBase.open(join(folder, 'base.sqlite'));
		const airtable = harness.open();
		try {
			const outcomes: string[][] = [];
			for (const base of [local, airtable]) {
				await seedHired(base);
				await base.write(inserts('events', [event('call-1', 'c1', 'c1-e6', 'Связь с кандидатом', '2024-02-08')]), context);
				const report = await syncCheckpoints(base, { today: '2024-02-08' }, context);
				expect(report.failures).toEqual([]);
				const claims = await claimDueCheckpoints(base, { today: '2024-02-08' }, context);
				const again = await claimDueCheckpoints(base, { today: '2024-02-08' }, context);
				expect(again).toEqual([]);
				const rows = await base.list('checkpoints', { orderBy: [{ column: 'earliest' }] });
				outcomes.push([...claims.map((claim) => `${claim.checkpoint.id} ${claim.state}`).sort(), ...rows.map((row) => `${row.id} ${row.status} ${row.completedBy ?? ''}`).sort()]);
			}
			expect(outcomes[1]).toEqual(outcomes[0]);
			expect(outcomes[0]).toContain('c1-e6:s6:first-week Выполнена call-1');
		} finally {
			await local.close();
			await airtable.close();
			rmSync(folder, { recursive: true, force: true });
		}
	});

	test('two Airtable pollers claim once', async () => {
		const first = harness.open();
		const second = harness.open();
		try {
			await seedHired(first, 'a1');
			await seedHired(first, 'a2');
			await syncCheckpoints(first, { today: '2024-02-07', candidateIds: ['a1', 'a2'] }, context);
			const [left, right] = await Promise.all([
				claimDueCheckpoints(first, { today: '2024-02-07', candidateIds: ['a1', 'a2'], batchSize: 1 }, { actor: 'poller A' }),
				claimDueCheckpoints(second, { today: '2024-02-07', candidateIds: ['a1', 'a2'], batchSize: 1 }, { actor: 'poller B' }),
			]);

			const ids = [...left, ...right].map((claim) => claim.checkpoint.id);
			expect(ids).toHaveLength(6);
			expect(new Set(ids).size).toBe(6);
		} finally {
			await first.close();
			await second.close();
		}
	});
});
