import { serviceName, serviceNumber, type Candidate, type Episode, type EpisodeStatus, type LifecycleEvent, type ServiceNumber, type Vacancy, type Verdict } from '../schemas';
import { addMonths, compareDates, parseIsoDate, type IsoDate } from './calendar';

/**
 * Checks whether a service may be provided to a user now. Every check returns Russian problems. A
 * specialist may still provide the service by recording a reason, and the result keeps both.
 */

/** A specialist's decision to provide a service despite the problems. */
interface PreconditionOverride {
	reason: string;
	specialistId?: string | null;
}

/** State of the recommendations of service 5 that the consultant of service 6 gave. */
interface Service5Recommendations {
	/** False when the consultant gave no recommendations, so there is nothing to complete. */
	given?: boolean | null;
	completed?: boolean | null;
	/** Completion is confirmed in the base by a specialist. */
	confirmed?: boolean | null;
}

interface PreconditionContext {
	/** The date of the check. */
	asOf: IsoDate;
	candidate: Partial<Candidate>;
	/** The candidate's episodes; episodes of other candidates are ignored. */
	episodes?: readonly Episode[];
	/** The candidate's events; read to find the recruiter interview and an open-market job. */
	events?: ReadonlyArray<Pick<LifecycleEvent, 'type' | 'date'> & Partial<Pick<LifecycleEvent, 'candidate'>>>;
	/** Overrides the candidate's stored verdict, e.g. with a check made a moment ago. */
	portraitVerdict?: Verdict | null;

	/** Service 2: the recruiter interview took place; derived from the events when absent. */
	interviewHeld?: boolean | null;
	/** Service 2: vacancies in the organisation's bank; only open ones count. */
	vacancies?: ReadonlyArray<Pick<Vacancy, 'status'>> | null;

	/** Service 4: the user shows high motivation for work. */
	highMotivation?: boolean | null;
	/** Service 4 after service 3: the user's skills are not enough for the vacancies available. */
	skillsInsufficientForVacancies?: boolean | null;

	/** Service 6: the user has an employer's offer. */
	employerOffer?: boolean | null;
	service5Recommendations?: Service5Recommendations | null;
	/** Service 6: the start date agreed with the employer, and the date the user actually started. */
	agreedStartDate?: IsoDate | null;
	workStartDate?: IsoDate | null;

	override?: PreconditionOverride | null;
}

interface PreconditionResult {
	service: ServiceNumber;
	/** True when there are no problems or when a reasoned override was recorded. */
	allowed: boolean;
	/** Russian problems, kept even when an override allows the service. */
	problems: string[];
	/** Service 3: the first date the service may be provided again, when the yearly limit applies. */
	availableFrom: IsoDate | null;
	/** Null when no override was requested; `applied` is false when it was not needed or had no reason. */
	override: { applied: boolean; reason: string; specialistId: string | null } | null;
}

/** Professional orientation at most once a year, counted from the start of the previous one. */
const CAREER_GUIDANCE_INTERVAL_MONTHS = 12;

/** "Received services many times": at least this many earlier episodes of services other than 2. */
const MIN_EPISODES_FOR_REPEATED_APPEAL = 2;

/** Episodes that were provided, at least partly: a referral never started or refused does not count. */
const PROVIDED_STATUSES: readonly EpisodeStatus[] = ['Оказывается', 'Завершена', 'Прервана'];
const OPEN_STATUSES: readonly EpisodeStatus[] = ['Направлен', 'Оказывается'];

const TO_SERVICE_2 = `при новом обращении начните с услуги «${serviceName(2)}»`;

function episodesOf(context: PreconditionContext): Episode[] {
	const id = context.candidate.id;
	return (context.episodes ?? []).filter((episode) => !id || episode.candidate === id);
}

function eventsOf(context: PreconditionContext): NonNullable<PreconditionContext['events']> {
	const id = context.candidate.id;
	return (context.events ?? []).filter((event) => !id || !event.candidate || event.candidate === id);
}

function ofService(episodes: readonly Episode[], service: ServiceNumber): Episode[] {
	return episodes.filter((episode) => serviceNumber(episode.service) === service);
}

function isOpen(episode: Episode): boolean {
	return OPEN_STATUSES.includes(episode.status);
}

/** Returns the date an episode counts from: its start, or its end when the start was not recorded. */
function episodeDate(episode: Episode): IsoDate | null {
	return episode.startDate ?? episode.actualEndDate ?? null;
}

function latest(episodes: readonly Episode[]): Episode | undefined {
	let found: Episode | undefined;
	for (const episode of episodes) {
		const date = episodeDate(episode);
		const foundDate = found ? episodeDate(found) : null;
		if (!found || (date && (!foundDate || compareDates(date, foundDate) >= 0))) {
			found = episode;
		}
	}
	return found;
}

function verdictOf(context: PreconditionContext): Verdict | null {
	return context.portraitVerdict ?? context.candidate.portraitVerdict ?? null;
}

function portraitProblem(context: PreconditionContext): string | null {
	const verdict = verdictOf(context);
	if (verdict === 'Соответствует') {
		return null;
	}
	if (verdict === 'Не соответствует') {
		return 'Кандидат не соответствует портрету пользователя: предложите «Социально-психологические услуги».';
	}
	if (verdict === 'Недостаточно данных') {
		return 'Для проверки портрета пользователя не хватает данных: дополните их и проверьте портрет снова.';
	}
	return 'Портрет пользователя не проверен: проверьте соответствие портрету на собеседовании с рекрутером.';
}

/** Services 3, 4 and 6 are provided only inside the route: after entry and before the exit. */
function routeProblem(context: PreconditionContext): string | null {
	const state = context.candidate.routeState ?? 'Выпускник';
	if (state === 'Пользователь') {
		return null;
	}
	if (state === 'Точка выхода') {
		return `Пользователь достиг точки выхода, и услуга после успешного трудоустройства не оказывается: ${TO_SERVICE_2}.`;
	}
	if (state === 'Выбыл') {
		return `Пользователь выбыл из технологии: ${TO_SERVICE_2}.`;
	}
	return `Кандидат еще не вошел в технологию: сначала проведите собеседование в услуге «${serviceName(2)}».`;
}

function openEpisodeProblem(episodes: readonly Episode[], service: ServiceNumber): string | null {
	const open = ofService(episodes, service).find(isOpen);
	return open ? `У пользователя уже есть открытый эпизод услуги «${serviceName(service)}»: завершите его или продолжайте в нем.` : null;
}

function interviewHeld(context: PreconditionContext): boolean {
	if (typeof context.interviewHeld === 'boolean') {
		return context.interviewHeld;
	}
	return eventsOf(context).some((event) => event.type === 'Собеседование кандидата с рекрутером' && compareDates(event.date, context.asOf) <= 0);
}

/**
 * Returns the first date professional orientation may start again: a year after the start of the latest
 * one that was provided, or null when there was none. An episode without dates counts as never provided.
 */
function nextCareerGuidanceDate(episodes: readonly Episode[]): IsoDate | null {
	const provided = ofService(episodes, 3).filter((episode) => PROVIDED_STATUSES.includes(episode.status) && episodeDate(episode));
	const last = latest(provided);
	const date = last ? episodeDate(last) : null;
	return date ? addMonths(date, CAREER_GUIDANCE_INTERVAL_MONTHS) : null;
}

/** Tells whether the user kept an open-market job long enough to reach the exit point at least once. */
function heldOpenMarketJob(context: PreconditionContext): boolean {
	return !!context.candidate.exitDate || eventsOf(context).some((event) => event.type === 'Точка выхода');
}

function checkService2(context: PreconditionContext): string[] {
	const problems: string[] = [];
	if (!interviewHeld(context)) {
		problems.push('Нет собеседования с рекрутером: услуга оказывается после собеседования с запросом на трудоустройство.');
	}
	// The portrait accepts a non-formalised request too, so any recorded request counts as the job request.
	const request = context.candidate.requestType;
	if (request === 'Нет запроса') {
		problems.push('У кандидата нет запроса на трудоустройство: предложите «Социально-психологические услуги», чтобы сформулировать запрос.');
	} else if (!request) {
		problems.push('Не заполнен запрос кандидата: укажите, формализованный он или неформализованный.');
	}
	const portrait = portraitProblem(context);
	if (portrait) {
		problems.push(portrait);
	}
	if (context.vacancies === undefined || context.vacancies === null) {
		problems.push('Не переданы вакансии из банка: без них нельзя проверить, есть ли открытые вакансии.');
	} else if (!context.vacancies.some((vacancy) => vacancy.status === 'Открыта')) {
		problems.push('В банке нет открытых вакансий: добавьте вакансии работодателей, иначе маршрут может оказаться нежизнеспособным.');
	}
	return problems;
}

function checkService3(context: PreconditionContext, episodes: readonly Episode[]): { problems: string[]; availableFrom: IsoDate | null } {
	const problems = [routeProblem(context), portraitProblem(context), openEpisodeProblem(episodes, 3)].filter((problem): problem is string => problem !== null);
	const availableFrom = nextCareerGuidanceDate(episodes);
	if (availableFrom && compareDates(context.asOf, availableFrom) < 0) {
		problems.push(`Услуга «${serviceName(3)}» оказывается не чаще одного раза в год: следующая возможна с ${availableFrom}.`);
		return { problems, availableFrom };
	}
	return { problems, availableFrom: null };
}

/**
 * Checks temporary employment, which is offered to a highly motivated user in two cases. The first is after
 * professional orientation, when the user's skills are not enough for the vacancies. The second is a
 * repeated appeal of a user who received services many times but never reached or kept an open-market job.
 */
function checkService4(context: PreconditionContext, episodes: readonly Episode[]): string[] {
	const problems = [routeProblem(context), portraitProblem(context), openEpisodeProblem(episodes, 4)].filter((problem): problem is string => problem !== null);

	if (context.highMotivation !== true) {
		problems.push(
			context.highMotivation === false
				? `Услуга «${serviceName(4)}» предлагается только при высокой мотивации к трудовой деятельности.`
				: 'Не отмечено, высока ли мотивация пользователя к трудовой деятельности: отметьте это по итогам собеседования.',
		);
	}

	const afterOrientation: string[] = [];
	const lastOrientation = latest(ofService(episodes, 3));
	if (!lastOrientation || lastOrientation.status !== 'Завершена') {
		afterOrientation.push(`нет завершенной услуги «${serviceName(3)}»`);
	}
	if (context.skillsInsufficientForVacancies !== true) {
		afterOrientation.push('не отмечено, что навыков недостаточно для имеющихся вакансий');
	}

	const repeatedAppeal: string[] = [];
	const lastService2 = latest(ofService(episodes, 2));
	if (!lastService2 || lastService2.reentry !== true) {
		repeatedAppeal.push('это не повторное обращение');
	}
	const earlier = episodes.filter((episode) => serviceNumber(episode.service) !== 2 && PROVIDED_STATUSES.includes(episode.status));
	if (earlier.length < MIN_EPISODES_FOR_REPEATED_APPEAL) {
		repeatedAppeal.push(`пользователь получил услуги меньше ${MIN_EPISODES_FOR_REPEATED_APPEAL} раз`);
	}
	if (heldOpenMarketJob(context)) {
		repeatedAppeal.push('пользователь уже закреплялся на открытом рынке труда');
	}

	if (afterOrientation.length > 0 && repeatedAppeal.length > 0) {
		problems.push(`Не выполнено условие «после профориентации»: ${afterOrientation.join('; ')}.`);
		problems.push(`Не выполнено условие «повторное обращение»: ${repeatedAppeal.join('; ')}.`);
	}
	return problems;
}

function checkService6(context: PreconditionContext, episodes: readonly Episode[]): string[] {
	const problems = [routeProblem(context), portraitProblem(context), openEpisodeProblem(episodes, 6)].filter((problem): problem is string => problem !== null);

	if (context.employerOffer !== true) {
		problems.push('Нет предложения работодателя: услуга оказывается после получения предложения от работодателя. Когда оно получено, отметьте «Есть предложение работодателя».');
	}

	const recommendations = context.service5Recommendations;
	const service5 = `«${serviceName(5)}»`;
	if (!recommendations) {
		const received = episodes.some((episode) => episode.service === serviceName(5));
		problems.push(
			received
				? `Не указано, выполнены ли рекомендации по услуге ${service5}: выберите ответ в поле «Рекомендации по услуге 5».`
				: `Пользователь не получал услугу ${service5}, а поле «Рекомендации по услуге 5» не заполнено. Если рекомендаций по ней не давали, выберите «Не давались».`,
		);
	} else if (recommendations.given !== false) {
		if (recommendations.completed !== true) {
			problems.push(`Рекомендации по услуге ${service5} не выполнены: направление на услугу и трудовой договор оформляются после их выполнения. Когда пользователь их выполнит, отметьте это в поле «Рекомендации по услуге 5».`);
		} else if (recommendations.confirmed !== true) {
			problems.push(`Выполнение рекомендаций по услуге ${service5} не подтверждено в базе: специалисту нужно подтвердить его.`);
		}
	}

	const agreed = context.agreedStartDate;
	const started = context.workStartDate;
	if (agreed && started && parseIsoDate(agreed) && parseIsoDate(started) && compareDates(started, agreed) > 0) {
		problems.push(`Пользователь вышел на работу ${started}, позже согласованной с работодателем даты ${agreed}: согласуйте новую дату с работодателем.`);
	}
	return problems;
}

function applyOverride(service: ServiceNumber, problems: string[], availableFrom: IsoDate | null, override: PreconditionOverride | null | undefined): PreconditionResult {
	if (!override) {
		return { service, allowed: problems.length === 0, problems, availableFrom, override: null };
	}

	const reason = override.reason?.trim() ?? '';
	const specialistId = override.specialistId ?? null;
	if (problems.length === 0) {
		return { service, allowed: true, problems, availableFrom, override: { applied: false, reason, specialistId } };
	}
	if (!reason) {
		return {
			service,
			allowed: false,
			problems: [...problems, 'Исключение не применено: укажите причину, по которой услуга оказывается несмотря на эти условия.'],
			availableFrom,
			override: { applied: false, reason, specialistId },
		};
	}
	return { service, allowed: true, problems, availableFrom, override: { applied: true, reason, specialistId } };
}

/**
 * Checks whether `service` may be provided on `context.asOf`. Services 1 and 5 are always available,
 * service 5 also after the exit point. Throws a RangeError when `asOf` is not a valid date.
 */
function checkPreconditions(service: ServiceNumber, context: PreconditionContext): PreconditionResult {
	if (!parseIsoDate(context.asOf)) {
		throw new RangeError(`Invalid check date: expected YYYY-MM-DD, got "${context.asOf}"`);
	}

	const episodes = episodesOf(context);
	let problems: string[] = [];
	let availableFrom: IsoDate | null = null;
	switch (service) {
		case 1:
		case 5:
			break;
		case 2:
			problems = checkService2(context);
			break;
		case 3: {
			const result = checkService3(context, episodes);
			problems = result.problems;
			availableFrom = result.availableFrom;
			break;
		}
		case 4:
			problems = checkService4(context, episodes);
			break;
		case 6:
			problems = checkService6(context, episodes);
			break;
	}
	return applyOverride(service, problems, availableFrom, context.override);
}

export { CAREER_GUIDANCE_INTERVAL_MONTHS, MIN_EPISODES_FOR_REPEATED_APPEAL, checkPreconditions, nextCareerGuidanceDate };
export type { PreconditionContext, PreconditionOverride, PreconditionResult, Service5Recommendations };
