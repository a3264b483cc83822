import { serviceName, serviceNumber, type Candidate, type Episode, type EventTypeName, type LifecycleEvent, type Mentor, type ServiceNumber, type Vacancy } from '../../schemas';
import type { EventDraft } from '../events';
import { OFFERED_AFTER_LEAVING, type EpisodeBranch, type EpisodeOutcome, type EpisodeRequest } from './episodeRequest';

/**
 * Building blocks shared by the episode operations: the loaded state of one candidate, the plan of writes
 * an operation returns, rule problems that a recorded reason may set aside, and event drafts.
 */

/** Russian name of the parameter that records an exception to a rule. */
export const OVERRIDE_FIELD = 'Причина исключения из правила';

/** A rule the request breaks; the message is Russian and names the fix. */
export class EpisodeRuleError extends Error {
	readonly problems: string[];

	constructor(problems: string[]) {
		super(problems.join(' '));
		this.name = 'EpisodeRuleError';
		this.problems = problems;
	}
}

export interface RuleProblem {
	message: string;
	/** Whether a recorded reason may set the rule aside (a missing consent never can). */
	overridable: boolean;
}

export interface AppliedOverride {
	reason: string;
	problems: string[];
}

/**
 * Decides what to do with the problems a request has. A request without problems passes. A problem that no
 * reason can set aside rejects the request. Overridable problems pass only with a non-empty reason, which is
 * returned so that the caller stores it.
 */
export function settleRules(problems: readonly RuleProblem[], reason: string | undefined): AppliedOverride | null {
	if (problems.length === 0) {
		return null;
	}
	const messages = problems.map((problem) => problem.message);
	if (problems.some((problem) => !problem.overridable)) {
		throw new EpisodeRuleError([...messages, 'Не каждое из этих правил можно обойти: исправьте данные.']);
	}
	const text = reason?.trim() ?? '';
	if (text === '') {
		throw new EpisodeRuleError([...messages, `Чтобы продолжить в виде исключения, заполните «${OVERRIDE_FIELD}».`]);
	}
	return { reason: text, problems: messages };
}

/** Rows of one candidate that the operations read; every row is stored without audit metadata. */
export interface EpisodeState {
	candidate: Candidate;
	episodes: Episode[];
	events: LifecycleEvent[];
	vacancies: Map<string, Vacancy>;
	/** Ids of employers, mentors and specialists that exist, for links named by the request or a vacancy. */
	employers: Set<string>;
	mentors: Map<string, Mentor>;
	specialists: Set<string>;
	/** Open vacancies of the bank, loaded only for a referral to service 2, whose precondition needs one. */
	openVacancies?: Array<Pick<Vacancy, 'status'>>;
}

export interface EpisodeUpdate {
	id: string;
	patch: Partial<Episode>;
}

/** Writes of one operation. The first event is the primary one, and its id marks the request as applied. */
export interface EpisodePlan {
	createEpisodes: Episode[];
	updateEpisodes: EpisodeUpdate[];
	candidate: Partial<Candidate>;
	events: EventDraft[];
	outcome: Omit<EpisodeOutcome, 'eventIds' | 'replayed'>;
}

export function emptyPlan(outcome: EpisodePlan['outcome']): EpisodePlan {
	return { createEpisodes: [], updateEpisodes: [], candidate: {}, events: [], outcome };
}

/** The idempotency keys of one request: the primary event's, and a suffixed one for each further event. */
export interface PlanKeys {
	primary: string;
	secondary(suffix: string): string;
}

export function serviceOf(episode: Episode): ServiceNumber {
	return serviceNumber(episode.service) as ServiceNumber;
}

export function isOpen(episode: Episode): boolean {
	return episode.status === 'Направлен' || episode.status === 'Оказывается';
}

function serviceList(services: readonly ServiceNumber[]): string {
	return services.map((service) => `«${serviceName(service)}»`).join(', ');
}

/**
 * Finds the episode a request is about: the one named by `episodeId`, else the only open episode of
 * `service`. `allowed` limits the services the operation applies to.
 */
export function resolveEpisode(
	state: EpisodeState,
	request: EpisodeRequest,
	allowed: readonly ServiceNumber[] | null,
	operationLabel: string,
	options: { latestWhenNoneOpen?: boolean } = {},
): Episode {
	let episode: Episode | undefined;
	if (request.episodeId) {
		episode = state.episodes.find((candidate) => candidate.id === request.episodeId);
		if (!episode) {
			throw new EpisodeRuleError(['Эпизод услуги с таким ключом не найден у этого кандидата. Проверьте «Ключ эпизода».']);
		}
	} else {
		const service = request.service ?? (allowed && allowed.length === 1 ? allowed[0] : undefined);
		if (!service) {
			throw new EpisodeRuleError(['Укажите «Ключ эпизода» или услугу, чтобы найти открытый эпизод кандидата.']);
		}
		const ofService = state.episodes.filter((candidate) => serviceOf(candidate) === service);
		const open = ofService.filter(isOpen);
		if (open.length === 0 && options.latestWhenNoneOpen && ofService.length > 0) {
			// A closed episode is still the subject of e.g. a violation after a dismissal, which has to be rejected by its own rule.
			open.push(ofService.sort((left, right) => (left.startDate ?? '').localeCompare(right.startDate ?? '')).pop() as Episode);
		}
		if (open.length === 0) {
			throw new EpisodeRuleError([`У кандидата нет открытого эпизода услуги «${serviceName(service)}». Сначала направьте кандидата на услугу.`]);
		}
		if (open.length > 1) {
			throw new EpisodeRuleError([`У кандидата несколько открытых эпизодов услуги «${serviceName(service)}»: укажите «Ключ эпизода».`]);
		}
		episode = open[0];
	}

	if (allowed && !allowed.includes(serviceOf(episode))) {
		throw new EpisodeRuleError([`Операция «${operationLabel}» относится к услугам ${serviceList(allowed)}, а эпизод — к услуге «${episode.service}».`]);
	}
	return episode;
}

/**
 * Rejects an operation on an episode in another status, with the fix that follows from the status. An
 * episode still «Направлен» is started first, and `firstSteps` names the steps when the start is not enough.
 */
export function requireStatus(episode: Episode, statuses: readonly Episode['status'][], operationLabel: string, firstSteps?: string): void {
	if (!statuses.includes(episode.status)) {
		const expected = statuses.map((status) => `«${status}»`).join(' или ');
		throw new EpisodeRuleError([
			`Операция «${operationLabel}» выполняется для эпизода со статусом ${expected}, а эпизод услуги «${episode.service}» — «${episode.status}».`,
			statusFix(episode, statuses, firstSteps),
		]);
	}
}

function statusFix(episode: Episode, statuses: readonly Episode['status'][], firstSteps: string | undefined): string {
	if (episode.status === 'Направлен' && statuses.includes('Оказывается')) {
		return firstSteps ?? 'Сначала запишите операцию «Начать оказание».';
	}
	if (!isOpen(episode)) {
		return 'Эпизод закрыт: проверьте «Ключ эпизода» или направьте пользователя на услугу заново.';
	}
	if (episode.status === 'Оказывается') {
		return 'Услуга уже оказывается: запишите следующий шаг, начинать ее заново не нужно.';
	}
	return 'Проверьте «Ключ эпизода» и выбранную операцию.';
}

export function requireVacancy(state: EpisodeState, id: string | null | undefined, field: string): Vacancy {
	if (!id) {
		throw new EpisodeRuleError([`Не указан «${field}»: событие этой операции связывается с вакансией. Скопируйте ключ из таблицы «Вакансии», поле «Ключ».`]);
	}
	const vacancy = state.vacancies.get(id);
	if (!vacancy) {
		throw new EpisodeRuleError([`Поле «${field}»: вакансия с таким ключом не найдена в базе. Сверьте ключ с таблицей «Вакансии» или сначала добавьте вакансию.`]);
	}
	return vacancy;
}

/** Returns the employer named by the request, else the vacancy's; checks that it exists. */
export function employerFor(state: EpisodeState, request: EpisodeRequest, vacancy: Vacancy | undefined, required: boolean): string | null {
	const id = request.employerId || vacancy?.employer || null;
	if (!id) {
		if (required) {
			throw new EpisodeRuleError([
				'Не указан «Ключ работодателя», и у вакансии нет работодателя: событие этой операции связывается с работодателем. Скопируйте ключ из таблицы «Работодатели», поле «Ключ».',
			]);
		}
		return null;
	}
	if (!state.employers.has(id)) {
		throw new EpisodeRuleError(['Поле «Ключ работодателя»: работодатель с таким ключом не найден в базе. Проверьте ключ.']);
	}
	return id;
}

export function mentorFor(state: EpisodeState, request: EpisodeRequest): string | null {
	if (!request.mentorId) {
		return null;
	}
	if (!state.mentors.has(request.mentorId)) {
		throw new EpisodeRuleError(['Поле «Ключ наставника»: наставник с таким ключом не найден в базе. Проверьте ключ.']);
	}
	return request.mentorId;
}

/** Fields of an event draft that an operation fills; the rest come from the episode and the request. */
export type EventFields = Omit<EventDraft, 'date' | 'candidate' | 'episode' | 'service' | 'idempotencyKey'> & { type: EventTypeName; date?: string };

/** Builds an event of the episode with the specialist, comment and date of the request; empty fields are left out. */
export function episodeEvent(state: EpisodeState, episode: Episode, request: EpisodeRequest, key: string, fields: EventFields): EventDraft {
	if (request.specialistId && !state.specialists.has(request.specialistId)) {
		throw new EpisodeRuleError(['Поле «Ключ специалиста»: специалист с таким ключом не найден в базе. Проверьте ключ.']);
	}
	const draft: Record<string, unknown> = {
		date: request.date,
		service: episode.service,
		candidate: episode.candidate,
		episode: episode.id,
		specialist: request.specialistId,
		specialistName: request.specialistName,
		specialistComment: request.specialistComment,
		...fields,
		idempotencyKey: key,
	};
	for (const [name, value] of Object.entries(draft)) {
		if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
			delete draft[name];
		}
	}
	return draft as EventDraft;
}

/** Adds the recorded exception to the episode patch and to the primary event. */
export function recordOverride(plan: EpisodePlan, episode: Episode, override: AppliedOverride | null, date: string, operationLabel: string): void {
	if (!override) {
		return;
	}
	const line = `${date}, «${operationLabel}»: ${override.reason}`;
	const reason = episode.overrideReason ? `${episode.overrideReason}\n${line}` : line;
	const update = plan.updateEpisodes.find((candidate) => candidate.id === episode.id);
	if (update) {
		update.patch.overrideReason = reason;
	} else {
		plan.updateEpisodes.push({ id: episode.id, patch: { overrideReason: reason } });
	}

	const primary = plan.events[0];
	if (primary) {
		const details = (primary.details && typeof primary.details === 'object' ? primary.details : {}) as Record<string, unknown>;
		primary.details = { ...details, override: { reason: override.reason, rules: override.problems } };
	}
	plan.outcome.override = override;
}

/**
 * Returns the output an item goes to after a refusal or dismissal: the chosen next service when it is one
 * of those offered, or «Нужно решение» when none was chosen.
 */
export function branchAfterLeaving(nextService: ServiceNumber | null | undefined, context: string): EpisodeBranch {
	if (!nextService) {
		return 'decision';
	}
	if (!OFFERED_AFTER_LEAVING.includes(nextService)) {
		throw new EpisodeRuleError([
			`${context}: пользователю предлагаются услуги ${serviceList(OFFERED_AFTER_LEAVING)}, а выбрана «${serviceName(nextService)}». Выберите одну из них или оставьте поле пустым.`,
		]);
	}
	return `service${nextService}` as EpisodeBranch;
}

/**
 * Returns the candidate's current service after `closed` ends: the next service when chosen, else the open
 * recruiter episode (service 2 runs until the exit), else none.
 */
export function currentServiceAfter(state: EpisodeState, closed: Episode, nextService: ServiceNumber | null | undefined): Partial<Candidate> {
	if (nextService) {
		return { currentService: serviceName(nextService) };
	}
	const recruiter = state.episodes.find((episode) => episode.id !== closed.id && isOpen(episode) && serviceOf(episode) === 2);
	if (state.candidate.currentService !== closed.service) {
		return {};
	}
	return { currentService: recruiter ? recruiter.service : null };
}

export function stageOf(episode: Episode): EpisodePlan['outcome']['stage'] {
	return episode.stage ?? null;
}
