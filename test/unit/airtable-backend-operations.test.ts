import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseInterviewAnswers } from '../../core/interview';
import { checkEligibility } from '../../core/operations/eligibility';
import { intakeSubmissions } from '../../core/operations/intake';
import { logEvents } from '../../core/operations/logEvents';
import { referAfterInterviews } from '../../core/operations/referral';
import type { TableKey } from '../../schemas';
import { LocalBase } from '../../storage/local/localBase';
import type { Base, WriteContext } from '../../storage/types';
import { buildCohort, COHORT_DATE, type CohortEntry } from '../fixtures/cohort';
import { type Harness, startHarness } from './airtable-backend-harness';

const context: WriteContext = { actor: 'test', executionId: 'exec-1' };
const COHORT_SIZE = 24;

function yesNo(value: boolean): string {
	return value ? 'Да' : 'Нет';
}

/** The submission with the recruiter's interview answers added under the form's labels. */
function withInterview(entry: CohortEntry): Record<string, unknown> {
	return {
		...entry.raw,
		'Подходит на вакансию из банка': yesNo(entry.interview.fitsVacancy),
		'Заинтересован(а) в вакансии': yesNo(entry.interview.interested),
		'Способности и склонности неясны': yesNo(entry.interview.abilitiesUnclear),
		'Нужна поддержка в поиске работы': yesNo(entry.interview.needsJobSearchSupport),
		'Отказывается от других услуг': yesNo(entry.interview.refusesServices),
	};
}

/** Runs intake, eligibility, referral and event logging on one base and returns what a user would see. */
async function runLifecycle(base: Base, entries: CohortEntry[]) {
	const submissions = entries.map(withInterview);
	const intake = await intakeSubmissions(base, submissions, context, { today: COHORT_DATE, formName: 'Анкета' });
	const intakeAgain = await intakeSubmissions(base, submissions, context, { today: COHORT_DATE, formName: 'Анкета' });

	const accepted = intake.flatMap((result, index) => (result.ok && result.value.status === 'accepted' ? [{ index, candidateId: result.value.candidateId }] : []));
	const eligibility = await checkEligibility(
		base,
		accepted.map(({ candidateId }) => ({ candidateId, asOf: COHORT_DATE })),
		context,
	);

	const requests = accepted.flatMap(({ index, candidateId }) => {
		const parsed = parseInterviewAnswers(submissions[index], COHORT_DATE);
		return parsed.ok ? [{ candidateId, answers: parsed.answers, today: COHORT_DATE }] : [];
	});
	const referrals = await referAfterInterviews(base, requests, context);
	const referralsAgain = await referAfterInterviews(base, requests, context);

	const events = await logEvents(
		base,
		accepted.slice(0, 5).map(({ candidateId }) => ({ type: 'Связь с кандидатом', date: COHORT_DATE, candidate: candidateId, title: 'Звонок после собеседования' })),
		context,
	);
	const badEvent = await logEvents(base, [{ type: 'Связь с кандидатом', date: COHORT_DATE, candidate: 'cand_missing' }], context);

	const counts: Partial<Record<TableKey, number>> = {};
	for (const table of ['candidates', 'sources', 'sourceContacts', 'portraitChecks', 'episodes', 'events', 'rejectedSubmissions'] as const) {
		counts[table] = (await base.list(table, { fields: ['id'] })).length;
	}
	const candidates = await base.list('candidates', { orderBy: [{ column: 'id' }] });
	return {
		intake,
		intakeAgain,
		eligibility,
		referrals: referrals.map((result) => (result.ok ? { ...result.value, decision: result.value.decision.primaryService } : result)),
		referralsAgain: referralsAgain.map((result) => (result.ok ? result.value.eventId : result)),
		events,
		badEvent,
		counts,
		candidates: candidates.map(({ _meta, ...row }) => row),
	};
}

describe('lifecycle operations on Airtable', () => {
	let harness: Harness;
	let folder: string;

	beforeAll(async () => {
		harness = await startHarness();
		folder = mkdtempSync(join(tmpdir(), 'operations-parity-'));
	});

	afterAll(async () => {
		await harness.stop();
		rmSync(folder, { recursive: true, force: true });
	});

	test('cohort gives the same results as the local base', async () => {
		const entries = buildCohort(COHORT_SIZE);
		const local = LocalBase.open(join(folder, 'base.sqlite'));
		const expected = await runLifecycle(local, entries);
		await local.close();

		const airtable = harness.open();
		const actual = await runLifecycle(airtable, entries);
		await airtable.close();

		expect(actual.intake).toEqual(expected.intake);
		expect(actual.intakeAgain).toEqual(expected.intakeAgain);
		expect(actual.eligibility).toEqual(expected.eligibility);
		expect(actual.referrals).toEqual(expected.referrals);
		expect(actual.referralsAgain).toEqual(expected.referralsAgain);
		expect(actual.events).toEqual(expected.events);
		expect(actual.badEvent).toEqual(expected.badEvent);
		expect(actual.counts).toEqual(expected.counts);
		expect(actual.candidates).toEqual(expected.candidates);

		const rejected = entries.filter((entry) => entry.expected.outcome === 'rejected').length;
		expect(actual.counts.rejectedSubmissions).toBe(rejected);
		expect(actual.counts.candidates).toBe(COHORT_SIZE - rejected);
		const verdicts = actual.eligibility.map((result) => (result.ok ? result.value.verdict : 'failed'));
		const expectedVerdicts = entries.flatMap((entry) => (entry.expected.outcome === 'accepted' ? [entry.expected.verdict] : []));
		expect(verdicts).toEqual(expectedVerdicts);
		expect(harness.emulator.stats.rateLimited).toBe(0);
		// Printed for the report: requests the whole lifecycle of the cohort took on Airtable.
		console.log(`Airtable requests for ${COHORT_SIZE} questionnaires: ${JSON.stringify(harness.emulator.stats.byKind)}`);
	});
});
