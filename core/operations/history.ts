import { SERVICES, serviceNumber, type Candidate, type Episode, type LifecycleEvent, type RouteState, type ServiceName, type Vacancy } from '../../schemas';
import { compareDates, type IsoDate } from '../calendar';
import { compareSkillLevels, evaluationFromEvent, type Evaluation, type SkillComparison } from '../evaluations';

/**
 * The history a recruiter reviews on a repeated appeal: every service episode with its result, the jobs,
 * the violations and the skill levels over time. Nothing in it names the person.
 */

export interface HistoryEpisode {
	id: string;
	service: ServiceName;
	status: Episode['status'];
	startDate: IsoDate | null;
	endDate: IsoDate | null;
	outcome: string | null;
	nextService: ServiceName | null;
	reentry: boolean;
	overrideReason: string | null;
	dismissalReason: string | null;
	refusedBy: string | null;
}

export interface HistoryJob {
	episodeId: string;
	vacancy: string | null;
	title: string | null;
	employmentStart: IsoDate;
	supportEnd: IsoDate | null;
	dismissalDate: IsoDate | null;
	dismissalReason: string | null;
}

export interface HistorySummary {
	routeState: RouteState;
	entryDate: IsoDate | null;
	exitDate: IsoDate | null;
	withdrawalDate: IsoDate | null;
	/** Appeals to service 2: the first entry plus every re-entry. */
	appeals: number;
	episodes: HistoryEpisode[];
	servicesReceived: Array<{ service: ServiceName; episodes: number; completed: number }>;
	violations: number;
	jobs: HistoryJob[];
	skills: SkillComparison[];
	/** Russian summary, one fact a line. */
	text: string;
}

/** Returns the date of the latest withdrawal before the exit point, recorded as an «Иное» event with withdrawal details. */
export function lastWithdrawalDate(events: readonly LifecycleEvent[]): IsoDate | null {
	const dates = events.filter((event) => event.type === 'Иное' && (event.details as { withdrawal?: unknown } | null)?.withdrawal !== undefined).map((event) => event.date);
	return dates.sort(compareDates).pop() ?? null;
}

function byStart(left: Episode, right: Episode): number {
	return compareDates(left.startDate ?? left.actualEndDate ?? '', right.startDate ?? right.actualEndDate ?? '');
}

function episodeLine(episode: HistoryEpisode): string {
	const period = `${episode.startDate ?? '?'} — ${episode.endDate ?? 'по настоящее время'}`;
	const parts = [`${period}: «${episode.service}», ${episode.status.toLowerCase()}${episode.reentry ? ' (повторное обращение)' : ''}`];
	if (episode.outcome) {
		parts.push(`результат: ${episode.outcome}`);
	}
	if (episode.dismissalReason) {
		parts.push(`увольнение: ${episode.dismissalReason.toLowerCase()}`);
	}
	if (episode.refusedBy) {
		parts.push(`отказ: ${episode.refusedBy.toLowerCase()}`);
	}
	if (episode.nextService) {
		parts.push(`далее: «${episode.nextService}»`);
	}
	if (episode.overrideReason) {
		parts.push(`исключения из правил: ${episode.overrideReason.replace(/\n/g, '; ')}`);
	}
	return parts.join('; ');
}

/** Summarises a candidate's route from the stored rows; past and current skill levels come side by side. */
export function summarizeHistory(candidate: Candidate, episodes: readonly Episode[], events: readonly LifecycleEvent[], vacancies: ReadonlyMap<string, Vacancy>): HistorySummary {
	const own = episodes.filter((episode) => episode.candidate === candidate.id).sort(byStart);
	const history: HistoryEpisode[] = own.map((episode) => ({
		id: episode.id,
		service: episode.service,
		status: episode.status,
		startDate: episode.startDate ?? null,
		endDate: episode.actualEndDate ?? null,
		outcome: episode.outcome ?? null,
		nextService: episode.nextService ?? null,
		reentry: episode.reentry === true,
		overrideReason: episode.overrideReason ?? null,
		dismissalReason: episode.dismissalReason ?? null,
		refusedBy: episode.refusedBy ?? null,
	}));

	const servicesReceived = SERVICES.map((service) => {
		const ofService = own.filter((episode) => serviceNumber(episode.service) === service.number);
		return { service: service.name as ServiceName, episodes: ofService.length, completed: ofService.filter((episode) => episode.status === 'Завершена').length };
	}).filter((entry) => entry.episodes > 0);

	const jobs: HistoryJob[] = own
		.filter((episode) => serviceNumber(episode.service) === 6 && episode.employmentStart)
		.map((episode) => ({
			episodeId: episode.id,
			vacancy: episode.vacancy ?? null,
			title: episode.vacancy ? (vacancies.get(episode.vacancy)?.title ?? null) : null,
			employmentStart: episode.employmentStart as IsoDate,
			supportEnd: episode.status === 'Завершена' ? (episode.actualEndDate ?? null) : null,
			dismissalDate: episode.dismissalDate ?? null,
			dismissalReason: episode.dismissalReason ?? null,
		}));

	const violations = events.filter((event) => event.type === 'Нарушение регламента' || (event.type === 'Иное' && (event.details as { violation?: unknown } | null)?.violation === true)).length;
	const evaluations = events.map(evaluationFromEvent).filter((evaluation): evaluation is Evaluation => evaluation !== undefined);
	const skills = compareSkillLevels(evaluations);

	const withdrawalDate = lastWithdrawalDate(events);
	const lines = [
		`Статус маршрута: ${candidate.routeState}. Вход: ${candidate.entryDate ?? 'нет'}; точка выхода: ${candidate.exitDate ?? 'нет'}; выбытие: ${withdrawalDate ?? 'нет'}.`,
		`Обращений в услугу «Содействие в поиске подходящей работы»: ${own.filter((episode) => serviceNumber(episode.service) === 2).length}.`,
		...history.map(episodeLine),
		...jobs.map((job) => `Работа «${job.title ?? job.vacancy ?? 'без вакансии'}» с ${job.employmentStart}${job.dismissalDate ? ` по ${job.dismissalDate}` : ''}.`),
		`Нарушений регламента: ${violations}.`,
		...skills.map((skill) => `${skill.label}: ${skill.first.level} (${skill.first.date}) → ${skill.current.level} (${skill.current.date}), ${skill.trendLabel.toLowerCase()}.`),
	];

	return {
		routeState: candidate.routeState,
		entryDate: candidate.entryDate ?? null,
		exitDate: candidate.exitDate ?? null,
		withdrawalDate,
		appeals: own.filter((episode) => serviceNumber(episode.service) === 2).length,
		episodes: history,
		servicesReceived,
		violations,
		jobs,
		skills,
		text: lines.join('\n'),
	};
}
