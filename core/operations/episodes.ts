import type { Candidate, Episode, LifecycleEvent, Mentor, Vacancy } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import { compareDates, type IsoDate } from '../calendar';
import { requireIsoDate } from '../durations';
import { checkEventDraft, eventRow } from '../events';
import { canonicalJson, stableId } from '../ids';
import type { EpisodeOutcome, EpisodeRequest } from './episodeRequest';
import { planEpisodeOperation } from './episodeGeneric';
import { EpisodeRuleError, type EpisodePlan, type EpisodeState, type PlanKeys } from './episodeRules';
import { summarizeHistory } from './history';
import { keepRejectedStep } from './rejectedSteps';
import { failure, withoutMeta, type ItemResult } from './result';

export type { EpisodeOutcome, EpisodeRequest } from './episodeRequest';

/** Key in the primary event's details that keeps the operation's outcome for a retry. */
const OUTCOME_FIELD = 'episodeOperation';

export interface EpisodeRunOptions {
	/**
	 * Today in the organisation's time zone. An operation dated later is rejected: it records a fact that
	 * has happened. Planned dates such as the agreed start date are not checked. Without it no date is
	 * checked against the calendar, as in a replay of past records.
	 */
	today?: IsoDate;
	/** Keeps each rejected request that has a submission in «Отклоненные анкеты», named by this form or node. */
	keepRejectedAs?: string;
	/** The submission each request was read from, by request index, e.g. the form's fields. */
	submissions?: ReadonlyArray<Record<string, unknown> | undefined>;
}

/**
 * Applies episode operations (start, close, violations, external sites, the labour contract, adaptation,
 * refusals, dismissals, re-entry, referral) one request at a time. Each request reads and writes in its own
 * transaction with atomic writes, so a rejected request leaves nothing half-written and the others land.
 * A request already applied (same operation, episode, date and content) returns the outcome stored with its event.
 */
export async function runEpisodeOperations(
	base: Base,
	requests: readonly EpisodeRequest[],
	context: WriteContext,
	options: EpisodeRunOptions = {},
): Promise<Array<ItemResult<EpisodeOutcome>>> {
	const outcomes: Array<ItemResult<EpisodeOutcome>> = [];
	for (const [index, request] of requests.entries()) {
		let outcome: ItemResult<EpisodeOutcome>;
		try {
			requireIsoDate(request.date, 'Дата');
			requireNotFuture(request.date, options.today);
			outcome = await base.transaction((tx) => applyRequest(tx, request, context));
		} catch (error) {
			const problems = error instanceof EpisodeRuleError ? error.problems : undefined;
			outcome = failure((error as Error).message, problems);
		}
		const submission = options.submissions?.[index];
		if (!outcome.ok && options.keepRejectedAs && submission) {
			outcome = await keepRejectedStep(base, { submission, request, rejection: outcome, formName: options.keepRejectedAs }, context);
		}
		outcomes.push(outcome);
	}
	return outcomes;
}

function requireNotFuture(date: IsoDate, today: IsoDate | undefined): void {
	if (today && compareDates(date, today) > 0) {
		throw new EpisodeRuleError([
			`«Дата» (${date}) позже сегодняшнего дня (${today}): операция записывает то, что уже произошло. Укажите дату события не позже сегодняшней или оставьте поле пустым — тогда будет сегодня.`,
		]);
	}
}

async function applyRequest(tx: Base, request: EpisodeRequest, context: WriteContext): Promise<ItemResult<EpisodeOutcome>> {
	const state = await loadState(tx, request);
	const keys = planKeys(request);

	const stored = await tx.get('events', stableId('evt', 'key', keys.primary));
	if (stored) {
		return { ok: true, value: replayedOutcome(stored, state, request) };
	}

	const plan = planEpisodeOperation(state, request, keys);
	const { operations, outcome } = writesOf(plan);
	if (operations.length > 0) {
		await tx.write(operations, context, { atomic: true });
	}
	return { ok: true, value: outcome };
}

/** Returns the idempotency keys of a request, so the same operation with the same content on the same date is applied once. */
function planKeys(request: EpisodeRequest): PlanKeys {
	const primary = `episode-op:${stableId('req', canonicalJson(request))}`;
	return { primary, secondary: (suffix) => `${primary}:${suffix}` };
}

function replayedOutcome(event: LifecycleEvent, state: EpisodeState, request: EpisodeRequest): EpisodeOutcome {
	const details = (event.details ?? {}) as { [OUTCOME_FIELD]?: EpisodeOutcome };
	const stored = details[OUTCOME_FIELD];
	if (!stored) {
		throw new EpisodeRuleError(['Событие с таким ключом уже есть, но не содержит результата операции. Проверьте, не записано ли оно вручную.']);
	}
	const outcome: EpisodeOutcome = { ...stored, replayed: true };
	if (request.operation === 'reentry') {
		outcome.history = summarizeHistory(state.candidate, state.episodes, state.events, state.vacancies);
	}
	return outcome;
}

/** Turns a plan into write operations; the primary event keeps the outcome so that a retry returns it unchanged. */
function writesOf(plan: EpisodePlan): { operations: WriteOperation[]; outcome: EpisodeOutcome } {
	const problems = plan.events.flatMap(checkEventDraft);
	if (problems.length > 0) {
		throw new EpisodeRuleError(problems);
	}
	const rows = plan.events.map(eventRow);
	const outcome: EpisodeOutcome = { ...plan.outcome, eventIds: rows.map((row) => row.id), replayed: false };
	if (rows[0]) {
		// The history is recomputed on a retry, so it is not kept with the event.
		const result: Partial<EpisodeOutcome> = { ...outcome };
		delete result.history;
		rows[0] = { ...rows[0], details: { ...((rows[0].details as Record<string, unknown> | null) ?? {}), [OUTCOME_FIELD]: result } };
	}

	const operations: WriteOperation[] = [
		...plan.createEpisodes.map((row): WriteOperation => ({ kind: 'insert', table: 'episodes', row, onConflict: 'error' })),
		...plan.updateEpisodes.map((update): WriteOperation => ({ kind: 'update', table: 'episodes', id: update.id, patch: update.patch })),
	];
	if (Object.keys(plan.candidate).length > 0) {
		operations.push({ kind: 'update', table: 'candidates', id: plan.outcome.candidateId, patch: plan.candidate });
	}
	operations.push(...rows.map((row): WriteOperation => ({ kind: 'insert', table: 'events', row, onConflict: 'skip' })));
	return { operations, outcome };
}

function unique(ids: Array<string | null | undefined>): string[] {
	return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
}

async function loadState(tx: Base, request: EpisodeRequest): Promise<EpisodeState> {
	let candidateId = request.candidateId?.trim() || undefined;
	if (request.episodeId) {
		const episode = await tx.get('episodes', request.episodeId);
		if (!episode) {
			throw new EpisodeRuleError(['Эпизод услуги с таким ключом не найден в базе. Проверьте «Ключ эпизода».']);
		}
		if (candidateId && candidateId !== episode.candidate) {
			throw new EpisodeRuleError(['Эпизод услуги относится к другому кандидату: проверьте «Ключ эпизода» и «Ключ кандидата».']);
		}
		candidateId = episode.candidate;
	}
	if (!candidateId) {
		throw new EpisodeRuleError([
			request.operation === 'reentry' || request.operation === 'refer'
				? 'Не указан «Ключ кандидата»: скопируйте его из таблицы «Кандидаты», поле «Ключ».'
				: 'Не указаны «Ключ кандидата» и «Ключ эпизода»: скопируйте ключ кандидата из таблицы «Кандидаты» или ключ эпизода из таблицы «Эпизоды услуг», поле «Ключ».',
		]);
	}

	const candidate = await tx.get('candidates', candidateId);
	if (!candidate) {
		throw new EpisodeRuleError(['Кандидат с таким ключом не найден в базе. Проверьте поле «Ключ кандидата».']);
	}
	const episodes = (await tx.list('episodes', { where: { candidate: candidateId }, orderBy: [{ column: 'startDate' }] })).map((row) => withoutMeta(row) as Episode);
	const events = (await tx.list('events', { where: { candidate: candidateId }, orderBy: [{ column: 'date' }] })).map((row) => withoutMeta(row) as LifecycleEvent);

	const vacancyIds = unique([request.vacancyId, ...episodes.flatMap((episode) => [episode.vacancy, episode.externalSite]), ...events.map((event) => event.vacancy)]);
	const vacancies = new Map<string, Vacancy>();
	for (const [id, row] of await tx.getMany('vacancies', vacancyIds)) {
		vacancies.set(id, withoutMeta(row) as Vacancy);
	}
	const employerIds = unique([request.employerId, ...[...vacancies.values()].map((vacancy) => vacancy.employer), ...episodes.map((episode) => episode.employer)]);
	const employers = new Set((await tx.getMany('employers', employerIds)).keys());
	const mentors = new Map<string, Mentor>();
	for (const [id, row] of await tx.getMany('mentors', unique([request.mentorId]))) {
		mentors.set(id, withoutMeta(row) as Mentor);
	}
	const specialists = new Set((await tx.getMany('specialists', unique([request.specialistId]))).keys());
	const openVacancies = request.operation === 'refer' && request.service === 2 ? await tx.list('vacancies', { where: { status: 'Открыта' }, fields: ['status'], limit: 1 }) : undefined;

	return { candidate: withoutMeta(candidate) as Candidate, episodes, events, vacancies, employers, mentors, specialists, openVacancies };
}
