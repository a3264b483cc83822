/**
 * A candidate's route in Russian for reminders sent outside the base (e-mail): services received with
 * their status and dates, the current service, the vacancy and employer of a job. Only route facts are
 * used: no health data, no plans or outcomes, no notes of any kind.
 */

import { compareDates, type IsoDate } from './calendar';
import type { Candidate, Employer, Episode, Vacancy } from '../schemas';

/** Formats `2024-01-31` as `31.01.2024`, the form Russian readers expect, and returns anything else unchanged. */
export function russianDate(date: IsoDate | null | undefined): string {
	if (!date) {
		return '';
	}
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	return match ? `${match[3]}.${match[2]}.${match[1]}` : date;
}

export interface RouteFacts {
	candidate?: Pick<Candidate, 'routeState' | 'entryDate' | 'currentService'> | null;
	episodes: ReadonlyArray<Pick<Episode, 'id' | 'service' | 'status' | 'startDate' | 'plannedEndDate' | 'actualEndDate' | 'vacancy'>>;
	vacancies?: ReadonlyMap<string, Pick<Vacancy, 'title' | 'employer'>>;
	employers?: ReadonlyMap<string, Pick<Employer, 'name'>>;
}

function period(episode: RouteFacts['episodes'][number]): string {
	const start = russianDate(episode.startDate);
	if (!start) {
		return 'дата начала не указана';
	}
	if (episode.actualEndDate) {
		return `${start} — ${russianDate(episode.actualEndDate)}`;
	}
	if (episode.plannedEndDate) {
		return `с ${start}, плановое окончание ${russianDate(episode.plannedEndDate)}`;
	}
	return `с ${start}`;
}

function workplace(episode: RouteFacts['episodes'][number], facts: RouteFacts): string {
	const vacancy = episode.vacancy ? facts.vacancies?.get(episode.vacancy) : undefined;
	if (!vacancy) {
		return '';
	}
	const employer = vacancy.employer ? facts.employers?.get(vacancy.employer)?.name : undefined;
	return employer ? ` (вакансия «${vacancy.title}», ${employer})` : ` (вакансия «${vacancy.title}»)`;
}

/** Describes one episode in one line: «Услуга: статус, период (вакансия)». */
export function describeEpisode(episode: RouteFacts['episodes'][number], facts: RouteFacts): string {
	return `${episode.service}: ${episode.status}, ${period(episode)}${workplace(episode, facts)}`;
}

/** Describes the route as lines of text, oldest service first. */
export function describeRoute(facts: RouteFacts): string[] {
	const lines: string[] = [];
	const candidate = facts.candidate;
	if (candidate) {
		const entry = candidate.entryDate ? `, вход в технологию ${russianDate(candidate.entryDate)}` : '';
		lines.push(`Статус маршрута: ${candidate.routeState}${entry}`);
	}
	const episodes = [...facts.episodes].sort((left, right) => compareDates(left.startDate ?? '9999-12-31', right.startDate ?? '9999-12-31'));
	if (episodes.length > 0) {
		lines.push('Услуги:');
		for (const episode of episodes) {
			lines.push(`— ${describeEpisode(episode, facts)}`);
		}
	}
	if (candidate?.currentService) {
		lines.push(`Текущая услуга: ${candidate.currentService}`);
	}
	return lines;
}
