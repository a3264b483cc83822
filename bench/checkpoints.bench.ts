/**
 * Checkpoints of a large organisation on the local base. Compares computing every due checkpoint of
 * 100,000 users (timeline, schedule, due list) with merely reading the same episode and event rows in the
 * same process. Then measures what the reminder trigger pays per poll: the first sync that creates the
 * rows, a sync with nothing changed, a claim, and a claim with nothing owed. Then the same with the
 * incremental sync the trigger uses (`CheckpointSyncState`): a poll with nothing changed, and a poll after
 * 1% of the users' episodes changed. Prints absolute times, ratios
 * to the read and the peak RSS. `BENCH_CANDIDATES` changes the size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { addDays, addMonths } from '../core/calendar';
import { buildRouteTimeline, buildSchedule, dueCheckpoints } from '../core/checkpoints';
import { claimDueCheckpoints, pollCheckpoints, syncCheckpoints } from '../core/operations/checkpoints';
import { CheckpointSyncState } from '../core/operations/checkpointSyncState';
import type { Episode, LifecycleEvent } from '../schemas';
import { LocalBase } from '../storage/local/localBase';
import type { WriteOperation } from '../storage/types';

const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 100_000);
const TODAY = '2025-06-02';
const WRITE_BATCH = 5_000;
const READ_BATCH = 500;
/** Every CHANGED_EVERY-th user gets a new adaptation length in the "1% changed" step. */
const CHANGED_EVERY = 100;
/** Reminders claimed per poll, as the trigger's default «Не больше точек за одну проверку». */
const CLAIMS_PER_POLL = 500;
const context = { actor: 'bench' };

function seconds(started: bigint): number {
	return Number(process.hrtime.bigint() - started) / 1e9;
}

function peakRss(): string {
	return `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
}

/**
 * Builds one user's rows. Half are in supported employment, hired within the last 400 days. 30% are in
 * temporary employment, a third of them at an external site, and 20% in career guidance. Each has one
 * contact event.
 */
function userRows(index: number): WriteOperation[] {
	const candidate = `cand_${String(index).padStart(6, '0')}`;
	const episode = `ep_${String(index).padStart(6, '0')}`;
	const operations: WriteOperation[] = [
		{ kind: 'insert', table: 'candidates', row: { id: candidate, lastName: 'Тестов', firstName: 'Тест', birthDate: '2001-01-01', consent: true, routeState: 'Пользователь' } },
	];
	const event = (suffix: string, type: LifecycleEvent['type'], date: string, service: Episode['service']): WriteOperation => ({
		kind: 'insert',
		table: 'events',
		row: { id: `ev_${index}_${suffix}`, type, date, service, candidate, episode },
	});
	const share = index % 10;
	if (share < 5) {
		const hired = addDays(TODAY, -(index % 400));
		operations.push(
			{ kind: 'insert', table: 'episodes', row: { id: episode, candidate, service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: addDays(hired, -14) } },
			event('hire', 'Кандидат устроился на работу', hired, 'Сопровождаемое трудоустройство'),
			event('call', 'Связь с кандидатом', hired, 'Сопровождаемое трудоустройство'),
		);
	} else if (share < 8) {
		const start = addDays(TODAY, -(index % 270));
		operations.push(
			{ kind: 'insert', table: 'episodes', row: { id: episode, candidate, service: 'Временное трудоустройство', status: 'Оказывается', startDate: start, plannedEndDate: addMonths(start, 6) } },
			event('start', 'Начало работы', start, 'Временное трудоустройство'),
			event('call', 'Связь с кандидатом', addDays(start, 14), 'Временное трудоустройство'),
		);
		if (share === 7) {
			operations.push(event('site', 'Выход на стороннюю площадку', addDays(start, 30), 'Временное трудоустройство'));
		}
	} else {
		const start = addDays(TODAY, -(index % 40));
		operations.push(
			{ kind: 'insert', table: 'episodes', row: { id: episode, candidate, service: 'Профессиональная ориентация', status: 'Оказывается', startDate: start, plannedEndDate: addMonths(start, 1) } },
			event('call', 'Связь с кандидатом', start, 'Профессиональная ориентация'),
		);
	}
	return operations;
}

async function generate(base: LocalBase): Promise<number> {
	let rows = 0;
	let batch: WriteOperation[] = [];
	for (let index = 0; index < CANDIDATES; index += 1) {
		batch.push(...userRows(index));
		if (batch.length >= WRITE_BATCH) {
			await base.write(batch, context);
			rows += batch.length;
			batch = [];
		}
	}
	await base.write(batch, context);
	return rows + batch.length;
}

function candidateIds(): string[] {
	return Array.from({ length: CANDIDATES }, (_unused, index) => `cand_${String(index).padStart(6, '0')}`);
}

/** Reads each batch's episode and event rows the way the sync does, and nothing else. */
async function readOnly(base: LocalBase): Promise<{ episodes: number; events: number }> {
	let episodes = 0;
	let events = 0;
	const ids = candidateIds();
	for (let start = 0; start < ids.length; start += READ_BATCH) {
		const batch = ids.slice(start, start + READ_BATCH);
		episodes += (await base.list('episodes', { where: { candidate: batch } })).length;
		events += (await base.list('events', { where: { candidate: batch }, fields: ['id', 'type', 'date', 'candidate', 'episode', 'service', 'details'] })).length;
	}
	return { episodes, events };
}

/**
 * Sets the adaptation length of every CHANGED_EVERY-th user, as «Изменить срок адаптации» does. Those users
 * are all in supported employment (index divisible by 10), so their later checkpoints move.
 */
async function changeOnePercent(base: LocalBase, months: number): Promise<number> {
	const operations: WriteOperation[] = [];
	for (let index = 0; index < CANDIDATES; index += CHANGED_EVERY) {
		operations.push({ kind: 'update', table: 'episodes', id: `ep_${String(index).padStart(6, '0')}`, patch: { adaptationMonths: months } });
	}
	await base.write(operations, context);
	return operations.length;
}

function groupByCandidate<T extends { candidate?: string | null }>(rows: readonly T[]): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		const key = row.candidate ?? '';
		groups.set(key, [...(groups.get(key) ?? []), row]);
	}
	return groups;
}

/** Reads as `readOnly` does, then computes each user's timeline, schedule and due list in memory. */
async function computeDue(base: LocalBase): Promise<{ checkpoints: number; due: number; overdue: number }> {
	const totals = { checkpoints: 0, due: 0, overdue: 0 };
	const ids = candidateIds();
	for (let start = 0; start < ids.length; start += READ_BATCH) {
		const batch = ids.slice(start, start + READ_BATCH);
		const episodes = (await base.list('episodes', { where: { candidate: batch } })) as Episode[];
		const events = (await base.list('events', { where: { candidate: batch }, fields: ['id', 'type', 'date', 'candidate', 'episode', 'service', 'details'] })) as LifecycleEvent[];
		const episodesBy = groupByCandidate(episodes);
		const eventsBy = groupByCandidate(events);
		for (const id of batch) {
			const schedule = buildSchedule(buildRouteTimeline(id, episodesBy.get(id) ?? [], eventsBy.get(id) ?? []));
			const due = dueCheckpoints(schedule, TODAY);
			totals.checkpoints += schedule.length;
			totals.due += due.due.length;
			totals.overdue += due.overdue.length;
		}
	}
	return totals;
}

async function main(): Promise<void> {
	const folder = mkdtempSync(join(tmpdir(), 'bench-checkpoints-'));
	try {
		const base = LocalBase.open(join(folder, 'base.sqlite'));
		let started = process.hrtime.bigint();
		const rows = await generate(base);
		console.log(`generated ${CANDIDATES} candidates, ${rows} rows in ${seconds(started).toFixed(1)} s (peak RSS ${peakRss()})`);

		started = process.hrtime.bigint();
		const read = await readOnly(base);
		const readSeconds = seconds(started);
		console.log(`read episodes and events (${read.episodes} + ${read.events} rows): ${readSeconds.toFixed(2)} s`);

		started = process.hrtime.bigint();
		const computed = await computeDue(base);
		const computeSeconds = seconds(started);
		console.log(
			`read + compute due checkpoints (${computed.checkpoints} checkpoints, ${computed.due} due, ${computed.overdue} overdue): ${computeSeconds.toFixed(2)} s, ratio to read ${(computeSeconds / readSeconds).toFixed(2)}`,
		);

		const phases: Array<[string, () => Promise<string>]> = [
			['first sync (creates rows)', async () => JSON.stringify(await syncCheckpoints(base, { today: TODAY }, context), ['candidates', 'created', 'completed'])],
			['sync with nothing changed', async () => JSON.stringify(await syncCheckpoints(base, { today: TODAY }, context), ['candidates', 'created', 'updated'])],
			['claim (marks every owed reminder)', async () => `${(await claimDueCheckpoints(base, { today: TODAY }, context)).length} claimed`],
			['claim with nothing owed', async () => `${(await claimDueCheckpoints(base, { today: TODAY }, context)).length} claimed`],
		];
		for (const [name, run] of phases) {
			started = process.hrtime.bigint();
			const outcome = await run();
			const elapsed = seconds(started);
			console.log(`${name}: ${elapsed.toFixed(2)} s, ratio to read ${(elapsed / readSeconds).toFixed(2)}  ${outcome}`);
		}

		// The trigger's incremental sync. The first poll after a start recomputes everyone and remembers them.
		const state = new CheckpointSyncState();
		const syncReport = (report: { candidates: number; unchanged?: number; created: number; updated: number }) =>
			JSON.stringify(report, ['candidates', 'unchanged', 'created', 'updated']);
		const poll = async () => {
			const result = await pollCheckpoints(base, { today: TODAY, state, limit: CLAIMS_PER_POLL }, context);
			return `${syncReport(result.sync ?? { candidates: 0, created: 0, updated: 0 })} ${result.reminders.length} claimed`;
		};
		const incremental: Array<[string, () => Promise<string>]> = [
			['incremental sync, first after a start', async () => syncReport(await syncCheckpoints(base, { today: TODAY, state }, context))],
			['incremental sync, nothing changed', async () => syncReport(await syncCheckpoints(base, { today: TODAY, state }, context))],
			[`poll (incremental sync + claim of at most ${CLAIMS_PER_POLL}), nothing changed`, poll],
			[`change 1% of the users' episodes`, async () => `${await changeOnePercent(base, 3)} episodes updated`],
			['incremental sync, 1% changed', async () => syncReport(await syncCheckpoints(base, { today: TODAY, state }, context))],
			['incremental sync, next poll (confirms the changed users)', async () => syncReport(await syncCheckpoints(base, { today: TODAY, state }, context))],
			[`change 1% of the users' episodes again`, async () => `${await changeOnePercent(base, 4)} episodes updated`],
			[`poll (incremental sync + claim of at most ${CLAIMS_PER_POLL}), 1% changed`, poll],
		];
		for (const [name, run] of incremental) {
			started = process.hrtime.bigint();
			const outcome = await run();
			const elapsed = seconds(started);
			console.log(`${name}: ${elapsed.toFixed(2)} s, ratio to read ${(elapsed / readSeconds).toFixed(2)}  ${outcome}`);
		}
		console.log(`checkpoint rows stored: ${await base.count('checkpoints')}`);
		console.log(`peak RSS: ${peakRss()}`);
		await base.close();
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
