import type { Candidate } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import type { IsoDate } from '../calendar';
import { eventRow } from '../events';
import { stableId } from '../ids';
import { dedupKey, normalizeSubmission, submissionKey } from '../intake';
import { failure, type ItemResult } from './result';

export interface IntakeOptions {
	/** Calendar date of the submission in the organisation's time zone. */
	today: IsoDate;
	/** The organisation's extra social categories, beside the methodology's three. */
	categories?: string[];
	/** Name of the form or node the submissions come from, kept with rejected ones. */
	formName: string;
	organisationId?: string;
}

export type IntakeOutcome =
	| { status: 'accepted'; candidateId: string; created: boolean; warnings: string[] }
	| { status: 'rejected'; rejectionId: string; problems: string[] };

/** Candidate id derived from name and birth date, so the same person submitted twice is found, not duplicated. */
export function candidateIdFor(key: string): string {
	return stableId('cand', key);
}

function sourceRows(candidate: Partial<Candidate>): { sourceId?: string; contactId?: string; operations: WriteOperation[] } {
	const operations: WriteOperation[] = [];
	const sourceName = candidate.sourceName?.trim();
	const contactName = candidate.sourceContactName?.trim();
	let sourceId: string | undefined;
	let contactId: string | undefined;

	if (sourceName) {
		sourceId = stableId('src', sourceName.toLowerCase());
		operations.push({ kind: 'insert', table: 'sources', row: { id: sourceId, name: sourceName }, onConflict: 'skip' });
	}
	if (contactName) {
		contactId = stableId('ki', contactName.toLowerCase(), sourceId ?? '');
		operations.push({
			kind: 'insert',
			table: 'sourceContacts',
			row: { id: contactId, name: contactName, ...(sourceId ? { source: sourceId } : {}) },
			onConflict: 'skip',
		});
	}
	return { sourceId, contactId, operations };
}

/**
 * Columns a repeated questionnaire never overwrites. The identity the candidate was found by stays, so a
 * spelling with е instead of ё does not rewrite it. The consent date stays too: it is a legal record, and
 * a form fills it with the submission date when left blank.
 */
const KEPT_ON_REPEAT = new Set(['lastName', 'firstName', 'middleName', 'birthDate', 'consentDate']);

function filledFields(candidate: Partial<Candidate>): Partial<Candidate> {
	const patch: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(candidate)) {
		if (KEPT_ON_REPEAT.has(key)) {
			continue;
		}
		if (value !== undefined && value !== null && value !== '') {
			patch[key] = value;
		}
	}
	return patch as Partial<Candidate>;
}

/**
 * Takes questionnaires into the base: finds or creates each candidate (recording «Добавление кандидата»
 * once), links the source and КИ, and keeps every rejected submission with the list of what to fix.
 * Re-running the same submissions changes nothing.
 */
export async function intakeSubmissions(
	base: Base,
	submissions: ReadonlyArray<Record<string, unknown>>,
	context: WriteContext,
	options: IntakeOptions,
): Promise<Array<ItemResult<IntakeOutcome>>> {
	const prepared = submissions.map((raw) => ({ raw, normalized: normalizeSubmission(raw, { today: options.today, categories: options.categories }) }));

	const candidateIds = prepared.map(({ normalized }) => (normalized.ok ? candidateIdFor(dedupKey(normalized.candidate)) : undefined));
	const existing = await base.getMany(
		'candidates',
		candidateIds.filter((id): id is string => id !== undefined),
	);

	const operations: WriteOperation[] = [];
	const owners: number[] = [];
	const outcomes: Array<ItemResult<IntakeOutcome>> = [];
	const seenInBatch = new Set<string>();

	prepared.forEach(({ raw, normalized }, index) => {
		const push = (operation: WriteOperation) => {
			operations.push(operation);
			owners.push(index);
		};

		if (!normalized.ok) {
			const problems = normalized.problems.map((problem) => problem.message);
			const rejectionId = stableId('rej', submissionKey(raw));
			push({
				kind: 'insert',
				table: 'rejectedSubmissions',
				row: { id: rejectionId, receivedAt: new Date().toISOString(), form: options.formName, problems: problems.join('\n'), raw, resolved: false },
				onConflict: 'skip',
			});
			outcomes.push({ ok: true, value: { status: 'rejected', rejectionId, problems } });
			return;
		}

		const candidateId = candidateIds[index] as string;
		const alreadyKnown = existing.has(candidateId) || seenInBatch.has(candidateId);
		seenInBatch.add(candidateId);
		outcomes.push({ ok: true, value: { status: 'accepted', candidateId, created: !alreadyKnown, warnings: normalized.warnings } });
		if (alreadyKnown) {
			// A repeated appeal refreshes what the new questionnaire states. The portrait check keeps a snapshot
			// of the previous answers, so past and current levels stay comparable.
			push({ kind: 'update', table: 'candidates', id: candidateId, patch: filledFields(normalized.candidate) });
			return;
		}

		const links = sourceRows(normalized.candidate);
		links.operations.forEach(push);
		const row: Candidate = {
			...normalized.candidate,
			id: candidateId,
			routeState: 'Выпускник',
			dedupKey: dedupKey(normalized.candidate),
			...(links.sourceId ? { source: links.sourceId } : {}),
			...(links.contactId ? { sourceContact: links.contactId } : {}),
			...(options.organisationId ? { organisation: options.organisationId } : {}),
		};
		push({ kind: 'insert', table: 'candidates', row, onConflict: 'skip' });
	});

	// Candidates go first and their «Добавление кандидата» events second, so an event never points to a
	// candidate that failed to be written.
	const results = await base.write(operations, context);
	const failedItems = new Set<number>();
	results.forEach((result, position) => {
		if (result.status === 'failed') {
			const index = owners[position];
			failedItems.add(index);
			outcomes[index] = failure(result.error?.message ?? 'Не удалось записать анкету в базу.');
		}
	});

	const additions: WriteOperation[] = [];
	const additionOwners: number[] = [];
	outcomes.forEach((outcome, index) => {
		if (!outcome.ok || outcome.value.status !== 'accepted' || !outcome.value.created || failedItems.has(index)) {
			return;
		}
		const candidateId = outcome.value.candidateId;
		additions.push({
			kind: 'insert',
			table: 'events',
			row: eventRow({
				type: 'Добавление кандидата',
				date: options.today,
				service: 'Содействие в поиске подходящей работы',
				candidate: candidateId,
				title: 'Профиль заполнен по анкете',
				idempotencyKey: `add:${candidateId}`,
			}),
			onConflict: 'skip',
		});
		additionOwners.push(index);
	});

	const eventResults = await base.write(additions, context);
	eventResults.forEach((result, position) => {
		if (result.status === 'failed') {
			outcomes[additionOwners[position]] = failure(result.error?.message ?? 'Не удалось записать событие «Добавление кандидата».');
		}
	});
	return outcomes;
}
