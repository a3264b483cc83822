/**
 * Our Airtable backend against n8n's built-in Airtable node (n8n-nodes-base 2.41.1, node version 2.1),
 * both writing to the local Airtable emulator with Airtable's rate limit on (5 requests per second per
 * base, a 30-second lock-out after a 429) in real time:
 *
 * - ours: N «Связь с кандидатом» events through `logEvents` and then N candidate updates through
 *   `AirtableBase.write`, each as one node execution receiving N items;
 * - built-in: the same records through the Airtable node run in this process by n8n-core's
 *   `WorkflowExecute`, its requests to https://api.airtable.com forwarded to the emulator by nock. It runs
 *   as-is, with «Retry On Fail» at the editor's maximum, and in a «Loop Over Items» of 5 with a 1-second
 *   Wait, the fastest way it completes under the limit.
 *
 * Every path gets its own emulated base, so a lock-out of one does not slow another. Prints a table,
 * the ratios and the targets. Settings: BENCH_AIRTABLE_EVENTS (N, default 2000) and
 * BENCH_AIRTABLE_BUILTIN_EVENTS (records of the paced built-in run, default N; a smaller value is
 * extrapolated linearly to N, because that path sends one request per record).
 */
import { rmSync } from 'node:fs';

import { logEvents } from '../core/operations/logEvents';
import { candidates as candidatesTable, events as eventsTable } from '../schemas';
import { DEFAULT_TOKEN } from '../test/emulators/airtable';
import { startBenchAirtable, candidateKeys, type BenchAirtable } from './support/airtableFixture';
import { forwardAirtableTo } from './support/airtableProxy';
import { AIRTABLE_CREDENTIAL_TYPE, builtinWorkflow, type Pacing } from './support/builtinWorkflows';
import { candidateUpdateItems, candidateUpdates, eventDrafts, eventItems, SERVICE } from './support/eventData';
import { combine, measure, type Phase } from './support/measure';
import { loadN8n, runWorkflow, type N8nModules } from './support/n8nInProcess';
import { LIMIT_RECORDS_PER_SECOND, printRequestKinds, printTable, printTargets, type TargetCheck } from './support/report';

const EVENTS = Number(process.env.BENCH_AIRTABLE_EVENTS ?? 2_000);
const BUILTIN_EVENTS = Number(process.env.BENCH_AIRTABLE_BUILTIN_EVENTS ?? EVENTS);

const BASES = {
	ours: 'appBenchOurs00001',
	asIs: 'appBenchAsIs00001',
	retry: 'appBenchRetry0001',
	loop: 'appBenchLoop00001',
};

/** The fastest pacing that stays under 5 requests per second: 5 single-record requests, then 1 s of waiting. */
const LOOP_PACING: Pacing = { kind: 'loop', batchSize: 5, waitSeconds: 1 };
/** «Retry On Fail» at the most the n8n editor allows: 5 tries, 5,000 ms apart. */
const RETRY_PACING: Pacing = { kind: 'retry', maxTries: 5, waitBetweenTriesMs: 5_000 };

async function ours(air: BenchAirtable, keys: string[]): Promise<Phase[]> {
	const drafts = eventDrafts(keys);
	const events = await measure(air, 'ours: events', BASES.ours, keys.length, async () => {
		const base = air.open(BASES.ours);
		try {
			const results = await logEvents(base, drafts, { actor: 'bench', executionId: 'bench-events' });
			const failed = results.filter((result) => !result.ok || !result.value.created).length;
			return failed > 0 ? `${failed} events not created` : undefined;
		} finally {
			await base.close();
		}
	});
	const updates = await measure(air, 'ours: candidate updates', BASES.ours, keys.length, async () => {
		const base = air.open(BASES.ours);
		try {
			const results = await base.write(candidateUpdates(keys), { actor: 'bench', executionId: 'bench-updates' });
			const failed = results.filter((result) => result.status !== 'updated').length;
			return failed > 0 ? `${failed} candidates not updated` : undefined;
		} finally {
			await base.close();
		}
	});
	return [events, updates];
}

async function builtin(air: BenchAirtable, n8n: N8nModules, label: string, baseId: string, operation: 'create' | 'update', items: Array<Record<string, unknown>>, pacing: Pacing): Promise<Phase> {
	const table = operation === 'create' ? eventsTable.label : candidatesTable.label;
	const definition = builtinWorkflow({ baseId, tableId: air.tableId(baseId, table), operation }, pacing);
	return measure(air, label, baseId, items.length, async () => {
		const result = await runWorkflow(n8n, definition, items as never, { [AIRTABLE_CREDENTIAL_TYPE]: { accessToken: DEFAULT_TOKEN } });
		return result.error ? `${result.error.node}: ${result.error.message}` : undefined;
	});
}

/** Checks that a completed path left N events and N updated candidates in its base. */
function verifyBase(air: BenchAirtable, baseId: string, expected: number): string {
	const events = air.emulator.state.records(baseId, eventsTable.label).length;
	const updated = air.emulator.state.records(baseId, candidatesTable.label).filter((record) => (record.fields as Record<string, unknown>)[candidatesTable.columns.currentService.label] === SERVICE).length;
	const ok = events === expected && updated === expected;
	return `${baseId}: ${events} events, ${updated} candidates with «${candidatesTable.columns.currentService.label}» (expected ${expected} each) ${ok ? 'ok' : 'MISMATCH'}`;
}

/** Scales a built-in run to N records; its requests and time grow linearly with the records. */
function scaled(phase: Phase, records: number): Phase {
	if (phase.records === records) {
		return phase;
	}
	const factor = records / phase.records;
	return {
		...phase,
		label: `${phase.label} (extrapolated)`,
		records,
		written: Math.round(phase.written * factor),
		requests: Math.round(phase.requests * factor),
		writeRequests: Math.round(phase.writeRequests * factor),
		readRequests: Math.round(phase.readRequests * factor),
		rateLimited: Math.round(phase.rateLimited * factor),
		seconds: phase.seconds * factor,
	};
}

function targets(oursTotal: Phase, builtinTotal: Phase): TargetCheck[] {
	const minimum = 2 * Math.ceil(EVENTS / 10);
	const overhead = oursTotal.requests / minimum - 1;
	const fewer = builtinTotal.requests / oursTotal.requests;
	const rate = oursTotal.written / oursTotal.seconds;
	const share = (value: number | undefined) => `${(((value ?? 0) / LIMIT_RECORDS_PER_SECOND) * 100).toFixed(0)}% of ${LIMIT_RECORDS_PER_SECOND}`;
	return [
		{ name: 'our write requests vs minimum', measured: `${oursTotal.writeRequests} vs ${minimum}`, target: 'equal', met: oursTotal.writeRequests === minimum },
		{ name: 'our requests vs minimum', measured: `${oursTotal.requests} vs ${minimum} (+${(overhead * 100).toFixed(1)}%)`, target: 'within 5%', met: overhead <= 0.05 },
		{ name: 'built-in / our requests', measured: `${fewer.toFixed(1)}x`, target: '>= 9x', met: fewer >= 9 },
		{ name: 'our throughput, whole run', measured: `${rate.toFixed(1)} rec/s = ${share(rate)}`, target: '>= 90%', met: rate >= 0.9 * LIMIT_RECORDS_PER_SECOND },
		{ name: 'our throughput, while writing', measured: `${(oursTotal.steadyRate ?? 0).toFixed(1)} rec/s = ${share(oursTotal.steadyRate)}`, target: '>= 90%', met: (oursTotal.steadyRate ?? 0) >= 0.9 * LIMIT_RECORDS_PER_SECOND },
		{ name: 'our 429 responses', measured: String(oursTotal.rateLimited), target: '0', met: oursTotal.rateLimited === 0 },
	];
}

async function main(): Promise<void> {
	const started = Date.now();
	const keys = candidateKeys(Math.max(EVENTS, BUILTIN_EVENTS));
	const air = await startBenchAirtable(Object.values(BASES), keys.length);
	console.log(
		`emulator ready in ${air.setup.seconds.toFixed(1)} s: ${Object.keys(BASES).length} bases with the full schema (${air.setup.requests} Meta API requests, ${air.setup.rateLimited} answered 429) and ${keys.length} candidates each`,
	);

	let n8n: N8nModules | undefined;
	let stopForwarding: (() => void) | undefined;
	try {
		const oursPhases = await ours(air, keys.slice(0, EVENTS));
		console.log(`ours done after ${((Date.now() - started) / 1000).toFixed(0)} s`);

		n8n = loadN8n();
		stopForwarding = forwardAirtableTo(air.emulator.url);
		const asIsIds = air.candidateRecordIds(BASES.asIs);
		const asIs = await builtin(air, n8n, 'built-in as-is: events', BASES.asIs, 'create', eventItems(eventDrafts(keys.slice(0, EVENTS)), asIsIds), { kind: 'none' });
		const retryIds = air.candidateRecordIds(BASES.retry);
		const retry = await builtin(air, n8n, 'built-in retry on fail: events', BASES.retry, 'create', eventItems(eventDrafts(keys.slice(0, EVENTS)), retryIds), RETRY_PACING);
		console.log(`built-in without pacing done after ${((Date.now() - started) / 1000).toFixed(0)} s`);

		const loopKeys = keys.slice(0, BUILTIN_EVENTS);
		const loopIds = air.candidateRecordIds(BASES.loop);
		const loopEvents = await builtin(air, n8n, 'built-in loop+wait: events', BASES.loop, 'create', eventItems(eventDrafts(loopKeys), loopIds), LOOP_PACING);
		const loopUpdates = await builtin(air, n8n, 'built-in loop+wait: candidate updates', BASES.loop, 'update', candidateUpdateItems(loopKeys, loopIds), LOOP_PACING);
		console.log(`built-in loop done after ${((Date.now() - started) / 1000).toFixed(0)} s`);

		const oursTotal = combine('ours: total', oursPhases);
		const loopTotal = combine('built-in loop+wait: total', [loopEvents, loopUpdates]);
		const builtinAtN = scaled(loopTotal, 2 * EVENTS);

		console.log(`\nN = ${EVENTS} events + ${EVENTS} candidate updates; built-in loop run on ${BUILTIN_EVENTS} + ${BUILTIN_EVENTS}; n8n ${n8n.version}, Node.js ${process.versions.node}`);
		console.log(`rate limit: 5 requests/s per base, 30 s lock-out after a 429; at most ${LIMIT_RECORDS_PER_SECOND} records/s with 10 records per request\n`);
		const rows = [...oursPhases, oursTotal, asIs, retry, loopEvents, loopUpdates, loopTotal];
		if (builtinAtN !== loopTotal) {
			rows.push(builtinAtN);
		}
		printTable(rows);
		console.log('\nrequests by kind:');
		printRequestKinds([...oursPhases, loopEvents, loopUpdates]);

		console.log('');
		console.log(verifyBase(air, BASES.ours, EVENTS));
		console.log(verifyBase(air, BASES.loop, BUILTIN_EVENTS));
		console.log('');
		console.log(`ratio built-in loop / ours: ${(builtinAtN.requests / oursTotal.requests).toFixed(1)}x requests, ${(builtinAtN.seconds / oursTotal.seconds).toFixed(1)}x wall time`);
		const withLookups = 2 * Math.ceil(EVENTS / 10) + 2 * Math.ceil(EVENTS / 100);
		console.log(`requests with the lookups our writes need (a page of 100 candidates for the links and again for the updates): ${withLookups}`);
		printTargets(targets(oursTotal, builtinAtN));
		console.log(`\nwhole run: ${((Date.now() - started) / 1000).toFixed(0)} s; peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
	} finally {
		stopForwarding?.();
		await air.stop();
		if (n8n?.userFolder) {
			rmSync(n8n.userFolder, { recursive: true, force: true });
		}
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
