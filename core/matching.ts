/**
 * Matching of candidates and vacancies, both ways: the open vacancies that fit a candidate, and the
 * candidates of the pool that fit a vacancy, each ranked with Russian reasons. Pure functions: the caller
 * reads the rows, these decide.
 */
import { serviceName, type Candidate, type Episode, type LifecycleEvent, type ServiceNumber, type Vacancy } from '../schemas';
import { daysBetween, type IsoDate } from './calendar';
import {
	checkAge,
	checkCategory,
	checkEducation,
	checkExperience,
	checkLocation,
	checkQuota,
	checkSkills,
	checkStatus,
	checkSupport,
	checkType,
	checkUrgency,
	checkWorkplace,
	type CandidateProfile,
	type MatchReason,
} from './matchingCriteria';

export type { CandidateProfile, MatchReason } from './matchingCriteria';

/** Services whose users are in the candidate pool: job search, social adaptation, supported employment. */
export const POOL_SERVICES: readonly ServiceNumber[] = [2, 5, 6];

const ACTIVE_STATUSES = ['Направлен', 'Оказывается'];
const EXITED_STATES = ['Точка выхода', 'Выбыл'];
const DAYS_PER_MONTH = 30.4375;

/** Rank weights: a plus raises a match, an unknown lowers it, so complete profiles that fit come first. */
const PLUS_WEIGHT = 10;
const UNKNOWN_WEIGHT = -3;

function activeServices(candidate: Candidate, episodes: readonly Episode[]): Set<string> {
	const services = new Set(episodes.filter((episode) => episode.candidate === candidate.id && ACTIVE_STATUSES.includes(episode.status)).map((episode) => episode.service));
	if (candidate.currentService) {
		services.add(candidate.currentService);
	}
	return services;
}

function wholeMonths(from: IsoDate, to: IsoDate): number {
	return to > from ? Math.floor(daysBetween(from, to) / DAYS_PER_MONTH) : 0;
}

/** Months worked inside the route: temporary-employment sites and jobs between «устроился» and «завершение». */
function routeWorkMonths(candidateId: string, episodes: readonly Episode[], events: readonly LifecycleEvent[], asOf: IsoDate): number {
	let months = 0;
	for (const episode of episodes) {
		if (episode.candidate !== candidateId || episode.service !== serviceName(4) || !episode.startDate || episode.status === 'Направлен') {
			continue;
		}
		months += wholeMonths(episode.startDate, episode.actualEndDate ?? asOf);
	}

	let jobStart: IsoDate | null = null;
	const milestones = events.filter((event) => event.candidate === candidateId && (event.type === 'Кандидат устроился на работу' || event.type === 'Завершение постоянной работы'));
	for (const event of [...milestones].sort((left, right) => left.date.localeCompare(right.date))) {
		if (event.type === 'Кандидат устроился на работу') {
			jobStart ??= event.date;
		} else if (jobStart !== null) {
			months += wholeMonths(jobStart, event.date);
			jobStart = null;
		}
	}
	if (jobStart !== null) {
		months += wholeMonths(jobStart, asOf);
	}
	return months;
}

/** Builds what matching needs to know about a candidate from the profile and the route history. */
export function candidateProfile(candidate: Candidate, episodes: readonly Episode[], events: readonly LifecycleEvent[], asOf: IsoDate): CandidateProfile {
	const services = activeServices(candidate, episodes);
	const inRoute = routeWorkMonths(candidate.id, episodes, events, asOf);
	const before = candidate.longestJobMonths ?? null;
	// The profile stores only the longest job, so the larger of the two figures is a lower bound of experience.
	const workMonths = before === null && inRoute === 0 ? null : Math.max(before ?? 0, inRoute);
	return {
		candidate,
		workMonths,
		needsSupport: services.has(serviceName(6)) ? true : null,
		inTemporaryEmployment: services.has(serviceName(4)),
	};
}

export interface PoolMembership {
	inPool: boolean;
	/** Russian reason for the recruiter. */
	reason: string;
}

/**
 * Decides whether a candidate is in the pool for vacancies. The pool holds users whose portrait matches
 * and who have not exited, if they are in job search, social adaptation or supported employment. A
 * recruiter may also add a user to the pool: `marked` is true for an active row of «Пул кандидатов».
 */
export function poolMembership(candidate: Candidate, episodes: readonly Episode[], marked = false): PoolMembership {
	if (EXITED_STATES.includes(candidate.routeState) || candidate.exitDate) {
		return { inPool: false, reason: 'Пользователь вышел из технологии.' };
	}
	if (candidate.portraitVerdict !== 'Соответствует') {
		return { inPool: false, reason: 'Нет проверки портрета с вердиктом «Соответствует».' };
	}
	const services = activeServices(candidate, episodes);
	const poolService = POOL_SERVICES.map(serviceName).find((name) => services.has(name));
	if (poolService) {
		return { inPool: true, reason: `Получает услугу «${poolService}».` };
	}
	if (marked) {
		return { inPool: true, reason: 'Рекрутер включил пользователя в пул кандидатов.' };
	}
	return { inPool: false, reason: 'Не получает услуги 2, 5 или 6 и не включен в пул кандидатов.' };
}

export interface Match {
	/** Sum of the weights of the reasons; higher is better. */
	score: number;
	/** False when at least one reason is a misfit. */
	fits: boolean;
	reasons: MatchReason[];
}

export interface VacancyMatch extends Match {
	vacancy: Vacancy;
}

export interface CandidateMatch extends Match {
	candidate: Candidate;
	/** Russian reason for the candidate's place in the pool. */
	poolReason: string;
}

const OUTCOME_ORDER: Record<MatchReason['outcome'], number> = { misfit: 0, plus: 1, fit: 2, unknown: 3 };

/** Checks one pair of candidate and vacancy against every criterion. */
export function matchPair(profile: CandidateProfile, vacancy: Vacancy, asOf: IsoDate): Match {
	const { candidate } = profile;
	const reasons = [
		...checkStatus(vacancy),
		...checkType(vacancy, profile),
		...checkLocation(vacancy, candidate),
		...checkEducation(vacancy, candidate),
		...checkExperience(vacancy, profile),
		...checkAge(vacancy, candidate, asOf),
		...checkCategory(vacancy, candidate),
		...checkQuota(vacancy, candidate),
		...checkWorkplace(vacancy, candidate),
		...checkSupport(vacancy, profile),
		...checkSkills(vacancy, candidate),
		...checkUrgency(vacancy),
	].sort((left, right) => OUTCOME_ORDER[left.outcome] - OUTCOME_ORDER[right.outcome]);

	let score = 0;
	for (const item of reasons) {
		if (item.outcome === 'plus') {
			score += PLUS_WEIGHT;
		} else if (item.outcome === 'unknown') {
			score += UNKNOWN_WEIGHT;
		}
	}
	return { score, fits: reasons.every((item) => item.outcome !== 'misfit'), reasons };
}

export interface Ranking<T> {
	/** Pairs that fit, best first. */
	matches: T[];
	/** Pairs excluded by at least one misfit, with the reasons. */
	rejected: T[];
}

function split<T extends Match>(all: T[], compare: (left: T, right: T) => number): Ranking<T> {
	const ordered = [...all].sort((left, right) => right.score - left.score || compare(left, right));
	return { matches: ordered.filter((match) => match.fits), rejected: ordered.filter((match) => !match.fits) };
}

/** Ranks vacancies for a candidate; equal scores put the most recently published first. */
export function rankVacancies(profile: CandidateProfile, vacancies: readonly Vacancy[], asOf: IsoDate): Ranking<VacancyMatch> {
	const all = vacancies.map((vacancy) => ({ vacancy, ...matchPair(profile, vacancy, asOf) }));
	return split(all, (left, right) => (right.vacancy.publishedAt ?? '').localeCompare(left.vacancy.publishedAt ?? '') || left.vacancy.title.localeCompare(right.vacancy.title, 'ru'));
}

/** Ranks the pool's candidates for a vacancy; candidates outside the pool are left out. */
export function rankCandidates(
	vacancy: Vacancy,
	pool: ReadonlyArray<{ profile: CandidateProfile; poolReason: string }>,
	asOf: IsoDate,
): Ranking<CandidateMatch> {
	const all = pool.map(({ profile, poolReason }) => ({ candidate: profile.candidate, poolReason, ...matchPair(profile, vacancy, asOf) }));
	return split(all, (left, right) => `${left.candidate.lastName} ${left.candidate.firstName}`.localeCompare(`${right.candidate.lastName} ${right.candidate.firstName}`, 'ru'));
}
