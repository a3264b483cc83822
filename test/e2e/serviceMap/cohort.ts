/**
 * The six graduates of the walk, taken from the synthetic cohort by what their questionnaire and
 * interview lead to, so that the walk meets every scenario of the recruiter interview.
 */
import { dedupKey } from '../../../core/intake';
import { candidateIdFor } from '../../../core/operations/intake';
import type { Scenario } from '../../../schemas';
import { buildCohort, COHORT_DATE, type CohortEntry } from '../../fixtures/cohort';
import { formItem } from '../cohort-items';

/** Size of the cohort the six are drawn from; from 20 entries up every worked example occurs. */
const POOL_SIZE = 60;

export type UserKey = 'u1' | 'u2' | 'u3' | 'u4' | 'u5' | 'u6';

export interface WalkUser {
	key: UserKey;
	/** What the walk does with the user, for test messages. */
	role: string;
	entry: CohortEntry;
	candidateId: string;
	/** Vacancy the recruiter picks in scenario A. */
	vacancyId?: string;
}

interface Pick {
	key: UserKey;
	role: string;
	scenario: Scenario;
	fits: boolean;
	example?: string;
	vacancyId?: string;
}

const PICKS: Pick[] = [
	{ key: 'u1', role: 'услуга 6 с продленной адаптацией до точки выхода', scenario: 'A', fits: true, vacancyId: 'vac-baker' },
	{ key: 'u2', role: 'услуга 6, увольнение, выбытие и повторное обращение', scenario: 'A', fits: true, vacancyId: 'vac-packer' },
	{ key: 'u3', role: 'услуга 3, затем услуга 4 со сторонней площадкой', scenario: 'B', fits: true },
	{ key: 'u4', role: 'услуга 5: тренинги и стажировка', scenario: 'C', fits: true },
	{ key: 'u5', role: 'услуга 1 после отказа от других услуг, конфиденциальная встреча', scenario: 'D', fits: true },
	{ key: 'u6', role: 'не соответствует портрету (химическая зависимость): услуга 1', scenario: 'D', fits: false, example: 'chemicalDependency' },
];

function matches(entry: CohortEntry, pick: Pick): boolean {
	const expected = entry.expected;
	if (expected.outcome !== 'accepted' || expected.scenario !== pick.scenario) {
		return false;
	}
	if ((expected.verdict === 'Соответствует') !== pick.fits) {
		return false;
	}
	if (pick.example) {
		return entry.examples.includes(pick.example as CohortEntry['examples'][number]);
	}
	// Plain entries: no worked example and an ИНН, so no parallel referral to service 1.
	return entry.examples.length === 0 && entry.person.hasInn === true;
}

/** Picks the six users from the cohort, each entry at most once. */
export function walkUsers(): Record<UserKey, WalkUser> {
	const cohort = buildCohort(POOL_SIZE);
	const pickedIndexes = new Set<number>();
	const users = {} as Record<UserKey, WalkUser>;
	for (const pick of PICKS) {
		const entry = cohort.find((candidate) => !pickedIndexes.has(candidate.index) && matches(candidate, pick));
		if (!entry) {
			throw new Error(`the cohort of ${POOL_SIZE} has no free entry for ${pick.key} (${pick.role})`);
		}
		pickedIndexes.add(entry.index);
		users[pick.key] = { key: pick.key, role: pick.role, entry, candidateId: candidateIdFor(dedupKey(entry.person)), vacancyId: pick.vacancyId };
	}
	return users;
}

/** Returns the questionnaires as the recruiter's form submits them on the cohort date, in user order. */
export function questionnaires(users: Record<UserKey, WalkUser>): Array<Record<string, unknown>> {
	return Object.values(users).map((user) => formItem(user.entry, COHORT_DATE, user.vacancyId));
}
