/**
 * Feedback to a source contact (КИ) on the users the КИ brought: the services each user received and the
 * current stage of the route. The summary is built from a whitelist of fields (names, service names,
 * statuses, dates, milestone event types), so health data, portrait reasons, comments and confidential
 * notes can never reach it.
 */
import type { Candidate, Episode, LifecycleEvent, SourceContact } from '../schemas';
import type { IsoDate } from './calendar';

/** Event types that mark a step of the route worth telling the КИ about, with the Russian wording. */
const MILESTONES: Record<string, string> = {
	'Собеседование кандидата с рекрутером': 'собеседование с рекрутером',
	'Начало работы': 'начало работы на площадке временного трудоустройства',
	'Выход на стороннюю площадку': 'выход на площадку работодателя',
	'Кандидат устроился на работу': 'трудоустройство',
	'Завершение постоянной работы': 'завершение работы',
	'Точка выхода': 'более 6 месяцев самостоятельной работы (точка выхода)',
};

export interface UserProgress {
	candidateId: string;
	/** First name and the initial of the last name, as a КИ would call the user. */
	name: string;
	stage: string;
	services: string[];
	milestones: string[];
}

export interface SourceFeedback {
	contactId: string;
	contactName: string;
	users: UserProgress[];
	/** Users left out because they gave no consent to the processing of their data. */
	withheld: number;
	/** The Russian summary to send to the КИ. */
	text: string;
}

export function russianDate(date: IsoDate): string {
	return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

function shortName(candidate: Candidate): string {
	return `${candidate.firstName} ${candidate.lastName.charAt(0)}.`;
}

function stageOf(candidate: Candidate): string {
	switch (candidate.routeState) {
		case 'Выпускник':
			return 'анкета принята, собеседование с рекрутером еще впереди';
		case 'Точка выхода':
			return 'успешно трудоустроен(а): более 6 месяцев самостоятельной работы';
		case 'Выбыл':
			return 'прекратил(а) участие в программе';
		default:
			return candidate.currentService ? `участвует в программе, сейчас — услуга «${candidate.currentService}»` : 'участвует в программе';
	}
}

function serviceLine(episode: Episode): string {
	const start = episode.startDate ? russianDate(episode.startDate) : null;
	const end = episode.actualEndDate ? russianDate(episode.actualEndDate) : null;
	let period = '';
	if (start && end) {
		period = ` (${start} — ${end})`;
	} else if (start) {
		period = ` (с ${start})`;
	}
	return `«${episode.service}»: ${episode.status.toLowerCase()}${period}`;
}

function progressOf(candidate: Candidate, episodes: readonly Episode[], events: readonly LifecycleEvent[], asOf: IsoDate): UserProgress {
	const services = episodes
		.filter((episode) => episode.candidate === candidate.id && (!episode.startDate || episode.startDate <= asOf))
		.sort((left, right) => (left.startDate ?? '').localeCompare(right.startDate ?? ''))
		.map(serviceLine);
	const milestones = events
		.filter((event) => event.candidate === candidate.id && event.confidential !== true && MILESTONES[event.type] !== undefined && event.date <= asOf)
		.sort((left, right) => left.date.localeCompare(right.date))
		.map((event) => `${russianDate(event.date)} — ${MILESTONES[event.type]}`);
	return { candidateId: candidate.id, name: shortName(candidate), stage: stageOf(candidate), services: [...new Set(services)], milestones: [...new Set(milestones)] };
}

/**
 * Builds the feedback for one КИ from the users linked to the КИ. Users without consent to data
 * processing are counted but not described.
 */
export function buildSourceFeedback(
	contact: Pick<SourceContact, 'id' | 'name'>,
	candidates: readonly Candidate[],
	episodes: readonly Episode[],
	events: readonly LifecycleEvent[],
	asOf: IsoDate,
): SourceFeedback {
	const linked = candidates.filter((candidate) => candidate.sourceContact === contact.id);
	const shared = linked.filter((candidate) => candidate.consent === true).sort((left, right) => shortName(left).localeCompare(shortName(right), 'ru'));
	const users = shared.map((candidate) => progressOf(candidate, episodes, events, asOf));

	const lines = [`Здравствуйте, ${contact.name}!`, '', `Сведения о пользователях, которых вы направили, на ${russianDate(asOf)}.`];
	if (users.length === 0) {
		lines.push('', 'Пока нет пользователей, о которых можно сообщить.');
	}
	users.forEach((user, index) => {
		lines.push('', `${index + 1}. ${user.name}`, `Этап: ${user.stage}.`);
		lines.push(user.services.length > 0 ? 'Услуги:' : 'Услуги еще не начаты.');
		lines.push(...user.services.map((line) => `— ${line}`));
		if (user.milestones.length > 0) {
			lines.push('Важные события:', ...user.milestones.map((line) => `— ${line}`));
		}
	});
	lines.push('', 'Спасибо, что поддерживаете выпускников. Если у вас есть новости о них, пожалуйста, сообщите специалисту.');

	return { contactId: contact.id, contactName: contact.name, users, withheld: linked.length - shared.length, text: lines.join('\n') };
}
