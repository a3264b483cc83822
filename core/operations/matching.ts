/**
 * Matching on a base: reads the rows, lets `core/matching` decide, and returns summaries that carry no
 * health data, so node outputs and e-mails built from them disclose none.
 */
import type { Candidate, Employer, Episode, LifecycleEvent, Vacancy } from '../../schemas';
import type { Base, WriteContext } from '../../storage/types';
import type { IsoDate } from '../calendar';
import { stableId } from '../ids';
import { candidateProfile, poolMembership, rankCandidates, rankVacancies, type Match } from '../matching';
import { eachInTransaction, upsertRecord } from './partnerWrites';
import { failure, withoutMeta, type ItemResult } from './result';

/** Event types that tell how long a user has worked inside the route. */
const WORK_EVENT_TYPES = ['Кандидат устроился на работу', 'Завершение постоянной работы'] as const;

export interface MatchedVacancy {
	vacancyId: string;
	title: string;
	type: string | null;
	employerId: string | null;
	employerName: string | null;
	city: string | null;
	score: number;
	reasons: string[];
}

export interface MatchedCandidate {
	candidateId: string;
	name: string;
	city: string | null;
	currentService: string | null;
	poolReason: string;
	score: number;
	reasons: string[];
}

export interface MatchingOptions {
	asOf: IsoDate;
	/** Maximum number of matches to return; all when absent. */
	limit?: number;
	/** Also return the pairs excluded by a misfit, with the reasons. */
	includeRejected?: boolean;
}

export interface VacanciesForCandidate {
	candidateId: string;
	matches: MatchedVacancy[];
	rejected: MatchedVacancy[];
}

export interface CandidatesForVacancy {
	vacancyId: string;
	title: string;
	matches: MatchedCandidate[];
	rejected: MatchedCandidate[];
	/** Candidates in the pool that were checked. */
	poolSize: number;
}

function reasonsOf(match: Match): string[] {
	return match.reasons.map((reason) => reason.message);
}

function limited<T>(items: T[], limit: number | undefined): T[] {
	return limit === undefined ? items : items.slice(0, limit);
}

async function historyOf(base: Base, candidateIds: readonly string[]): Promise<{ episodes: Episode[]; events: LifecycleEvent[] }> {
	if (candidateIds.length === 0) {
		return { episodes: [], events: [] };
	}
	const episodes = (await base.list('episodes', { where: { candidate: [...candidateIds] } })).map((row) => withoutMeta(row) as Episode);
	const events = (await base.list('events', { where: { candidate: [...candidateIds], type: [...WORK_EVENT_TYPES] }, fields: ['type', 'date', 'candidate'] })) as LifecycleEvent[];
	return { episodes, events };
}

async function employerNames(base: Base, vacancies: readonly Vacancy[]): Promise<Map<string, Employer>> {
	const ids = [...new Set(vacancies.map((vacancy) => vacancy.employer).filter((id): id is string => !!id))];
	return base.getMany('employers', ids);
}

/** Finds, for each candidate, the open vacancies that fit the profile, best first. */
export async function vacanciesForCandidates(base: Base, candidateIds: readonly string[], options: MatchingOptions): Promise<Array<ItemResult<VacanciesForCandidate>>> {
	const found = await base.getMany('candidates', candidateIds);
	const vacancies = (await base.list('vacancies', { where: { status: 'Открыта' } })).map((row) => withoutMeta(row) as Vacancy);
	const employers = await employerNames(base, vacancies);
	const history = await historyOf(base, [...found.keys()]);

	const summary = (match: Match & { vacancy: Vacancy }): MatchedVacancy => ({
		vacancyId: match.vacancy.id,
		title: match.vacancy.title,
		type: match.vacancy.type ?? null,
		employerId: match.vacancy.employer ?? null,
		employerName: match.vacancy.employer ? (employers.get(match.vacancy.employer)?.name ?? null) : null,
		city: match.vacancy.city ?? match.vacancy.region ?? null,
		score: match.score,
		reasons: reasonsOf(match),
	});

	return candidateIds.map((id) => {
		const stored = found.get(id);
		if (!stored) {
			return failure('Кандидат с таким ключом не найден в базе. Проверьте поле «Ключ кандидата».');
		}
		const profile = candidateProfile(withoutMeta(stored) as Candidate, history.episodes, history.events, options.asOf);
		const ranking = rankVacancies(profile, vacancies, options.asOf);
		return {
			ok: true,
			value: { candidateId: id, matches: limited(ranking.matches, options.limit).map(summary), rejected: options.includeRejected ? ranking.rejected.map(summary) : [] },
		};
	});
}

/**
 * Finds, for each vacancy, the candidates of the pool that fit it, best first. The pool is the users whose
 * portrait matches, who have not exited, and who are in services 2, 5 or 6 or were added to the pool.
 */
export async function candidatesForVacancies(base: Base, vacancyIds: readonly string[], options: MatchingOptions): Promise<Array<ItemResult<CandidatesForVacancy>>> {
	const found = await base.getMany('vacancies', vacancyIds);
	const matching = (await base.list('candidates', { where: { portraitVerdict: 'Соответствует' } })).map((row) => withoutMeta(row) as Candidate);
	const marked = new Set((await base.list('candidatePool', { where: { active: true }, fields: ['candidate'] })).map((row) => row.candidate));
	const history = await historyOf(
		base,
		matching.map((candidate) => candidate.id),
	);
	const pool = matching
		.map((candidate) => ({ candidate, membership: poolMembership(candidate, history.episodes, marked.has(candidate.id)) }))
		.filter((entry) => entry.membership.inPool)
		.map((entry) => ({ profile: candidateProfile(entry.candidate, history.episodes, history.events, options.asOf), poolReason: entry.membership.reason }));

	const summary = (match: Match & { candidate: Candidate; poolReason: string }): MatchedCandidate => ({
		candidateId: match.candidate.id,
		name: [match.candidate.lastName, match.candidate.firstName, match.candidate.middleName].filter(Boolean).join(' '),
		city: match.candidate.city ?? null,
		currentService: match.candidate.currentService ?? null,
		poolReason: match.poolReason,
		score: match.score,
		reasons: reasonsOf(match),
	});

	return vacancyIds.map((id) => {
		const stored = found.get(id);
		if (!stored) {
			return failure('Вакансия с таким ключом не найдена в базе. Проверьте поле «Ключ вакансии».');
		}
		const ranking = rankCandidates(withoutMeta(stored) as Vacancy, pool, options.asOf);
		return {
			ok: true,
			value: {
				vacancyId: id,
				title: stored.title,
				matches: limited(ranking.matches, options.limit).map(summary),
				rejected: options.includeRejected ? ranking.rejected.map(summary) : [],
				poolSize: pool.length,
			},
		};
	});
}

export interface PoolChange {
	candidateId: string;
	/** True adds the user to the pool, false removes them. */
	inPool: boolean;
	date: IsoDate;
	specialistId?: string | null;
	comment?: string | null;
}

export interface PoolOutcome {
	candidateId: string;
	inPool: boolean;
	/** False when the pool already had this state (a retry). */
	changed: boolean;
}

/** Id of a user's row in «Пул кандидатов»: one row per user, switched on and off. */
export function poolEntryId(candidateId: string): string {
	return stableId('pool', candidateId);
}

/**
 * Adds users to the candidate pool for future vacancies, or removes them. Only a user whose portrait
 * matches and who has not exited may be added, because matching leaves everyone else out of the pool.
 */
export async function setCandidatePool(base: Base, changes: readonly PoolChange[], context: WriteContext): Promise<Array<ItemResult<PoolOutcome>>> {
	return eachInTransaction<PoolChange, PoolOutcome>(base, changes, async (tx, change) => {
		const stored = await tx.get('candidates', change.candidateId);
		if (!stored) {
			return failure('Кандидат с таким ключом не найден в базе. Проверьте поле «Ключ кандидата».');
		}
		if (change.inPool) {
			const membership = poolMembership(withoutMeta(stored) as Candidate, [], true);
			if (!membership.inPool) {
				return failure(`Пользователя нельзя включить в пул кандидатов: ${membership.reason} В пул включаются пользователи с вердиктом портрета «Соответствует», которые не вышли из технологии.`);
			}
		}
		const fields = change.inPool
			? { candidate: change.candidateId, active: true, addedDate: change.date, removedDate: null, specialist: change.specialistId ?? null, comment: change.comment ?? null }
			: { candidate: change.candidateId, active: false, removedDate: change.date, ...(change.comment ? { comment: change.comment } : {}) };
		const current = await tx.get('candidatePool', poolEntryId(change.candidateId));
		if ((current?.active ?? false) === change.inPool) {
			return { ok: true, value: { candidateId: change.candidateId, inPool: change.inPool, changed: false } };
		}
		const saved = await upsertRecord(tx, 'candidatePool', poolEntryId(change.candidateId), fields, context, () => []);
		return saved.ok ? { ok: true, value: { candidateId: change.candidateId, inPool: change.inPool, changed: true } } : saved;
	});
}
