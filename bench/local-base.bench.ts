/**
 * Throughput of the local base: events written through the domain core (validation, catalogue checks,
 * link lookups, stable ids, audit log) against a raw `node:sqlite` insert of the same rows in the same
 * process, and portrait checks per second on the synthetic cohort. Prints figures and ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { eventRow, type EventDraft } from '../core/events';
import { intakeSubmissions } from '../core/operations/intake';
import { logEvents } from '../core/operations/logEvents';
import { checkPortrait } from '../core/portrait';
import { normalizeSubmission } from '../core/intake';
import { events as eventsTable } from '../schemas';
import { encodeValue } from '../storage/local/codec';
import { quote } from '../storage/local/ddl';
import { LocalBase } from '../storage/local/localBase';
import { buildCohort } from '../test/fixtures/cohort';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const BATCH = 1_000;
const ROUNDS = 3;
const today = '2026-12-04';

function drafts(candidateIds: string[], round: number): EventDraft[] {
	return Array.from({ length: EVENTS }, (_unused, index) => ({
		type: 'Связь с кандидатом' as const,
		date: today,
		service: 'Содействие в поиске подходящей работы' as const,
		candidate: candidateIds[index % candidateIds.length],
		title: `Звонок ${round}-${index}`,
		channel: 'Звонок' as const,
		initiator: 'Специалист' as const,
		recommendations: 'Подготовить резюме к следующей встрече',
	}));
}

async function throughCore(base: LocalBase, rows: EventDraft[]): Promise<number> {
	const started = process.hrtime.bigint();
	for (let start = 0; start < rows.length; start += BATCH) {
		const results = await logEvents(base, rows.slice(start, start + BATCH), { actor: 'bench', executionId: 'bench' });
		if (results.some((result) => !result.ok)) {
			throw new Error('an event failed in the benchmark');
		}
	}
	return Number(process.hrtime.bigint() - started) / 1e9;
}

function rawInsert(path: string, rows: EventDraft[]): number {
	const db = new DatabaseSync(path);
	db.exec('PRAGMA journal_mode = WAL');
	db.exec('PRAGMA synchronous = NORMAL');
	const prepared = rows.map((draft) => eventRow(draft));
	const keys = Object.keys(prepared[0]);
	const columns = [...keys, '_createdAt', '_createdBy', '_createdExecution', '_updatedAt', '_updatedBy', '_updatedExecution', '_version'];
	const statement = db.prepare(`INSERT INTO "events" (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);

	const started = process.hrtime.bigint();
	const at = new Date().toISOString();
	for (let start = 0; start < prepared.length; start += BATCH) {
		db.exec('BEGIN IMMEDIATE');
		for (const row of prepared.slice(start, start + BATCH)) {
			const values = keys.map((key) => encodeValue(eventsTable.columns[key as keyof typeof eventsTable.columns], (row as Record<string, unknown>)[key]));
			statement.run(...values, at, 'bench', 'bench', at, 'bench', 'bench', 1);
		}
		db.exec('COMMIT');
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	db.close();
	return seconds;
}

async function main(): Promise<void> {
	const folder = mkdtempSync(join(tmpdir(), 'bench-local-'));
	const cohort = buildCohort(1_000);

	try {
		const coreBase = LocalBase.open(join(folder, 'core.sqlite'));
		const intake = await intakeSubmissions(coreBase, cohort.map((entry) => entry.raw), { actor: 'bench' }, { today, formName: 'bench' });
		const candidateIds = intake.flatMap((result) => (result.ok && result.value.status === 'accepted' ? [result.value.candidateId] : []));

		const rawBase = LocalBase.open(join(folder, 'raw.sqlite'));
		await rawBase.close();

		const coreTimes: number[] = [];
		const rawTimes: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			coreTimes.push(await throughCore(coreBase, drafts(candidateIds, round)));
			rawTimes.push(rawInsert(join(folder, 'raw.sqlite'), drafts(candidateIds, round)));
		}
		await coreBase.close();

		const best = (times: number[]) => Math.min(...times);
		const coreRate = EVENTS / best(coreTimes);
		const rawRate = EVENTS / best(rawTimes);
		console.log(`events per round: ${EVENTS}, batch ${BATCH}, best of ${ROUNDS} rounds`);
		console.log(`core (logEvents -> LocalBase): ${coreRate.toFixed(0)} events/s`);
		console.log(`raw node:sqlite insert:        ${rawRate.toFixed(0)} events/s`);
		console.log(`ratio core/raw: ${(coreRate / rawRate).toFixed(2)} (target >= 0.5)`);

		const submissions = cohort.map((entry) => normalizeSubmission(entry.raw, { today })).flatMap((result) => (result.ok ? [result.candidate] : []));
		const checks = 200_000;
		const started = process.hrtime.bigint();
		for (let index = 0; index < checks; index++) {
			checkPortrait(submissions[index % submissions.length], today);
		}
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		console.log(`portrait checks: ${(checks / seconds).toFixed(0)} checks/s over ${submissions.length} cohort profiles`);
		console.log(`peak RSS: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
