import { candidates, type Candidate, type Verdict } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import type { IsoDate } from '../calendar';
import { canonicalJson, stableId } from '../ids';
import { checkPortrait, portraitCandidatePatch, portraitCheckRow, type PortraitFollowUp } from '../portrait';
import { DEFAULT_PORTRAIT_RULES, type PortraitRules } from '../portraitRules';
import { failure, withoutMeta, type ItemResult } from './result';

export interface EligibilityOutcome {
	candidateId: string;
	checkId: string;
	verdict: Verdict;
	failed: string[];
	unknown: string[];
	followUps: PortraitFollowUp[];
	age: number | null;
}

/** Columns that are not answers of the questionnaire and so stay out of a check's snapshot. */
const NON_ANSWER_COLUMNS = new Set(['id', 'routeState', 'entryDate', 'exitDate', 'portraitVerdict', 'portraitReasons', 'portraitCheckedAt', 'currentService', 'dedupKey', '_meta']);

function answersOf(candidate: Candidate): Record<string, unknown> {
	const answers: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(candidate)) {
		if (!NON_ANSWER_COLUMNS.has(key) && value !== null && value !== undefined) {
			answers[key] = value;
		}
	}
	return answers;
}

/**
 * Runs the portrait check and returns it with the answers it read. A proxy records which columns the
 * rules (including an organisation's extra conditions) read, so a change to any other column, such as a
 * comment or a phone number, neither makes a new check nor lands in the snapshot.
 */
function checkWithInputs(candidate: Candidate, asOf: IsoDate, rules: PortraitRules) {
	const read = new Set<string>();
	let enumerated = false;
	const tracked = new Proxy(candidate, {
		get(target, key, receiver) {
			if (typeof key === 'string') {
				read.add(key);
			}
			return Reflect.get(target, key, receiver) as unknown;
		},
		ownKeys(target) {
			enumerated = true;
			return Reflect.ownKeys(target);
		},
	});
	const result = checkPortrait(tracked, asOf, rules);
	const all = answersOf(candidate);
	if (enumerated) {
		return { result, answers: all };
	}
	return { result, answers: Object.fromEntries(Object.entries(all).filter(([key]) => read.has(key))) };
}

/** Returns the snapshot as a coordinator reads it in the base: column labels and «Да»/«Нет» instead of code keys. */
function readableSnapshot(answers: Record<string, unknown>): Record<string, unknown> {
	const columns = candidates.columns as Record<string, { label: string }>;
	const snapshot: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(answers)) {
		const label = columns[key]?.label ?? key;
		if (typeof value === 'boolean') {
			snapshot[label] = value ? 'Да' : 'Нет';
		} else {
			snapshot[label] = value;
		}
	}
	return snapshot;
}

/**
 * Checks candidates against the portrait, keeps each check with its reasons and a snapshot of the answers
 * it read, and stores the current verdict on the candidate. Checking the same answers again on the same
 * day with the same rules reuses the stored check.
 */
export async function checkEligibility(
	base: Base,
	requests: ReadonlyArray<{ candidateId: string; asOf: IsoDate }>,
	context: WriteContext,
	rules: PortraitRules = DEFAULT_PORTRAIT_RULES,
): Promise<Array<ItemResult<EligibilityOutcome>>> {
	const found = await base.getMany(
		'candidates',
		requests.map((request) => request.candidateId),
	);

	const outcomes: Array<ItemResult<EligibilityOutcome>> = [];
	const operations: WriteOperation[] = [];
	const owners: number[] = [];

	requests.forEach((request, index) => {
		const stored = found.get(request.candidateId);
		if (!stored) {
			outcomes.push(failure('Кандидат с таким ключом не найден в базе. Проверьте поле «Ключ кандидата» или сначала примите анкету.'));
			return;
		}

		const candidate = withoutMeta(stored);
		const { result, answers } = checkWithInputs(candidate as Candidate, request.asOf, rules);
		const checkId = stableId('chk', request.candidateId, request.asOf, result.rulesVersion, canonicalJson(answers));

		operations.push({
			kind: 'insert',
			table: 'portraitChecks',
			row: {
				...portraitCheckRow(result, { id: checkId, candidateId: request.candidateId }),
				followUps: result.followUps.map((followUp) => followUp.message).join('\n') || null,
				snapshot: readableSnapshot(answers),
			},
			onConflict: 'skip',
		});
		operations.push({ kind: 'update', table: 'candidates', id: request.candidateId, patch: portraitCandidatePatch(result) });
		owners.push(index, index);

		outcomes.push({
			ok: true,
			value: {
				candidateId: request.candidateId,
				checkId,
				verdict: result.verdict,
				failed: result.failed.map((reason) => reason.message),
				unknown: result.unknown.map((reason) => reason.message),
				followUps: result.followUps,
				age: result.age,
			},
		});
	});

	const written = await base.write(operations, context);
	written.forEach((result, position) => {
		if (result.status === 'failed') {
			outcomes[owners[position]] = failure(result.error?.message ?? 'Не удалось сохранить проверку портрета.');
		}
	});
	return outcomes;
}
