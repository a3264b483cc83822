import { serviceName, type Episode } from '../../schemas';
import { compareDates } from '../calendar';
import { checkServiceDuration, LifecycleRuleError, plannedEndDate, violationsOutcome, VIOLATIONS_BEFORE_DISMISSAL } from '../durations';
import { compareSkillLevels, evaluationFromEvent, type Evaluation } from '../evaluations';
import type { DismissalReason, EpisodeRequest } from './episodeRequest';
import {
	branchAfterLeaving,
	currentServiceAfter,
	employerFor,
	episodeEvent,
	EpisodeRuleError,
	mentorFor,
	recordOverride,
	requireStatus,
	requireVacancy,
	settleRules,
	type EpisodePlan,
	type EpisodeState,
	type EventFields,
	type PlanKeys,
	type RuleProblem,
} from './episodeRules';
import { baseOutcome, closingPatch, nextServiceSentence, operationLabel, preconditionProblems, requireNotBefore } from './episodeSteps';

/**
 * Service 4 «Временное трудоустройство»: 1 to 9 months of work at the internal site, with unlimited stays at
 * external sites, evaluations every two weeks, and dismissal after three violations of internal rules or at
 * the user's own wish.
 */

const EXTERNAL_SITE_TYPE = 'Внешняя площадка временного трудоустройства';

function violationDates(state: EpisodeState, episode: Episode): Array<{ date: string; eventId: string }> {
	return state.events.filter((event) => event.episode === episode.id && event.type === 'Нарушение регламента').map((event) => ({ date: event.date, eventId: event.id }));
}

/** Starts work at the internal site; the user must be highly motivated and come after professional orientation or on a repeated appeal. */
export function startTemporaryEmployment(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Направлен'], operationLabel(request));
	const months = request.plannedMonths ?? 9;
	const plannedEnd = plannedEndDate(4, request.date, months);

	const problems = preconditionProblems(state, episode, request.date, {
		highMotivation: request.highMotivation ?? null,
		skillsInsufficientForVacancies: request.skillsInsufficient ?? null,
	});
	const duration = checkServiceDuration({ service: 4, start: request.date, end: plannedEnd });
	problems.push(...duration.violations.map((violation) => ({ message: violation.message, overridable: violation.overridable })));
	const override = settleRules(problems, request.overrideReason);

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { status: 'Оказывается', startDate: request.date, plannedEndDate: plannedEnd, stage: 'Внутренняя площадка', violations: 0 } }],
		candidate: { currentService: serviceName(4) },
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Начало работы',
				title: 'Начало работы на внутренней площадке',
				description: request.functions,
				details: { site: 'internal', plannedMonths: months, plannedEndDate: plannedEnd },
			}),
		],
		outcome: baseOutcome(request, episode, 'Оказывается', `Работа на внутренней площадке начата ${request.date}; плановое окончание — ${plannedEnd} (${months} мес.). Оценка — каждые две недели.`),
	};
	plan.outcome.stage = 'Внутренняя площадка';
	plan.outcome.plannedEndDate = plannedEnd;
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/**
 * Returns the content recorded at the end of temporary employment: the experience with functions and
 * internship places, recommendations, skills acquired for the open market, outside organisations and next services.
 */
function endOfServiceFields(state: EpisodeState, episode: Episode, request: EpisodeRequest): Omit<EventFields, 'type' | 'title'> {
	const sites = state.events
		.filter((event) => event.episode === episode.id && event.type === 'Выход на стороннюю площадку')
		.sort((left, right) => compareDates(left.date, right.date))
		.map((event) => ({ date: event.date, vacancy: event.vacancy ?? null, title: (event.vacancy && state.vacancies.get(event.vacancy)?.title) || 'площадка без названия', employer: event.employer ?? null }));
	const evaluations = state.events
		.filter((event) => event.episode === episode.id)
		.map(evaluationFromEvent)
		.filter((evaluation): evaluation is Evaluation => evaluation !== undefined);
	const levels = compareSkillLevels(evaluations).map((comparison) => ({ skill: comparison.skill, label: comparison.label, first: comparison.first.level, current: comparison.current.level }));

	const experience = [
		request.functions?.trim() ? `Функции: ${request.functions.trim()}.` : '',
		sites.length > 0 ? `Места стажировок: ${sites.map((site) => `${site.title} (с ${site.date})`).join('; ')}.` : 'Стажировок на сторонних площадках не было.',
	]
		.filter(Boolean)
		.join(' ');
	const skillsText = [request.acquiredSkills?.trim(), levels.length > 0 ? `Уровни навыков: ${levels.map((level) => `${level.label} — ${level.first} → ${level.current}`).join('; ')}.` : '']
		.filter(Boolean)
		.join(' ');

	return {
		resultForCandidate: experience,
		description: skillsText,
		recommendations: request.recommendations,
		outsideOrganisations: request.outsideOrganisations,
		recommendedService: request.nextService ? serviceName(request.nextService) : undefined,
		details: {
			endOfService: {
				functions: request.functions?.trim() ?? null,
				sites,
				acquiredSkills: request.acquiredSkills?.trim() ?? null,
				skillLevels: levels,
				nextService: request.nextService ? serviceName(request.nextService) : null,
			},
		},
	};
}

function dismissalPlan(state: EpisodeState, episode: Episode, request: EpisodeRequest, key: string, reason: DismissalReason, message: string): EpisodePlan {
	const branch = branchAfterLeaving(request.nextService, 'После увольнения из временного трудоустройства');
	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { ...closingPatch(episode, request, 'Прервана'), dismissalDate: request.date, dismissalReason: reason } }],
		candidate: currentServiceAfter(state, episode, request.nextService),
		events: [
			episodeEvent(state, episode, request, key, {
				type: 'Завершение работы',
				title: `Увольнение: ${reason.toLowerCase()}`,
				...endOfServiceFields(state, episode, request),
			}),
		],
		outcome: baseOutcome(request, episode, 'Прервана', `${message}${nextServiceSentence(request.nextService)}`),
	};
	plan.outcome.branch = branch;
	plan.outcome.offeredServices = [5, 2, 1];
	return plan;
}

/**
 * Records a violation of internal rules. The third one dismisses the user in the same write; a violation
 * after the dismissal is rejected.
 */
export function recordTemporaryEmploymentViolation(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	const earlier = violationDates(state, episode);
	if (episode.dismissalDate) {
		try {
			violationsOutcome([...earlier, { date: request.date }], episode.dismissalDate);
		} catch (error) {
			if (error instanceof LifecycleRuleError) {
				throw new EpisodeRuleError([error.message]);
			}
			throw error;
		}
		throw new EpisodeRuleError([`Пользователь уволен ${episode.dismissalDate}: новые нарушения в этом эпизоде не записываются.`]);
	}
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	requireNotBefore(request.date, episode.startDate, 'Дата нарушения', 'Дата начала эпизода');
	const description = request.description?.trim();
	if (!description) {
		throw new EpisodeRuleError(['Не заполнено «Описание нарушения»: опишите, какое правило нарушено.']);
	}

	const status = violationsOutcome([...earlier, { date: request.date }]);
	const violationEvent = episodeEvent(state, episode, request, keys.primary, {
		type: 'Нарушение регламента',
		title: `Нарушение регламента № ${status.count}`,
		description,
		details: { violation: { number: status.count, remaining: status.remaining } },
	});

	if (!status.dismissalRequired) {
		const plan: EpisodePlan = {
			createEpisodes: [],
			updateEpisodes: [{ id: episode.id, patch: { violations: status.count } }],
			candidate: {},
			events: [violationEvent],
			outcome: baseOutcome(request, episode, episode.status, status.message),
		};
		plan.outcome.violations = { count: status.count, remaining: status.remaining, dismissed: false };
		return plan;
	}

	const message = `Нарушение № ${status.count}: после ${VIOLATIONS_BEFORE_DISMISSAL} нарушений регламента пользователь уволен ${request.date}.`;
	const plan = dismissalPlan(state, episode, request, keys.secondary('dismissal'), 'Три нарушения регламента', message);
	plan.events.unshift(violationEvent);
	plan.updateEpisodes[0].patch.violations = status.count;
	plan.outcome.violations = { count: status.count, remaining: 0, dismissed: true };
	return plan;
}

/** Sends the user to an external site (an employer's workplace); stays at external sites are unlimited. */
export function startExternalSite(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	requireNotBefore(request.date, episode.startDate, 'Дата выхода на площадку', 'Дата начала работы');
	const site = requireVacancy(state, request.vacancyId, 'Ключ площадки');
	const employer = employerFor(state, request, site, true);
	const mentor = mentorFor(state, request);

	const problems: RuleProblem[] = [];
	if (site.type !== EXTERNAL_SITE_TYPE) {
		problems.push({ message: `Вакансия «${site.title}» имеет тип «${site.type ?? 'не указан'}», а не «${EXTERNAL_SITE_TYPE}». Выберите стороннюю площадку.`, overridable: true });
	}
	const override = settleRules(problems, request.overrideReason);
	const moving = episode.stage === 'Сторонняя площадка' && episode.externalSite && episode.externalSite !== site.id;

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { stage: 'Сторонняя площадка', externalSite: site.id, employer } }],
		candidate: {},
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Выход на стороннюю площадку',
				title: `Выход на стороннюю площадку: ${site.title}`,
				description: request.functions,
				vacancy: site.id,
				employer: employer ?? undefined,
				mentor: mentor ?? undefined,
				details: { site: { vacancy: site.id, previous: moving ? episode.externalSite : null } },
			}),
		],
		outcome: baseOutcome(
			request,
			episode,
			episode.status,
			`Выход на стороннюю площадку «${site.title}» ${request.date}. Связь после каждого рабочего дня первой недели, затем через неделю и каждые две недели до трех месяцев; оценка работодателя через 1, 3 и 6 месяцев.`,
		),
	};
	plan.outcome.stage = 'Сторонняя площадка';
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/** Returns the user to the internal site when difficulties at the external site cannot be solved; the reason is required. */
export function returnToInternalSite(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	if (episode.stage !== 'Сторонняя площадка' || !episode.externalSite) {
		throw new EpisodeRuleError(['Пользователь сейчас работает на внутренней площадке: возвращать некуда. Проверьте эпизод.']);
	}
	const reason = request.description?.trim();
	if (!reason) {
		throw new EpisodeRuleError(['Не заполнена «Причина возвращения»: опишите сложности, которые не удалось решить на сторонней площадке.']);
	}
	const siteStart = state.events
		.filter((event) => event.episode === episode.id && event.type === 'Выход на стороннюю площадку' && event.vacancy === episode.externalSite)
		.map((event) => event.date)
		.sort(compareDates)
		.pop();
	requireNotBefore(request.date, siteStart, 'Дата возвращения', 'Дата выхода на стороннюю площадку');
	const site = state.vacancies.get(episode.externalSite);

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { stage: 'Внутренняя площадка', externalSite: null } }],
		candidate: {},
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Возвращение на внутреннюю площадку',
				title: `Возвращение с площадки «${site?.title ?? episode.externalSite}»`,
				description: reason,
				vacancy: episode.externalSite,
				employer: episode.employer ?? site?.employer ?? undefined,
			}),
		],
		outcome: baseOutcome(request, episode, episode.status, `Пользователь вернулся на внутреннюю площадку ${request.date}; оценка снова каждые две недели.`),
	};
	plan.outcome.stage = 'Внутренняя площадка';
	return plan;
}

/**
 * Dismisses the user from temporary employment. The methodology dismisses after three violations or at the
 * user's own wish; any other reason needs a recorded exception.
 */
export function dismissFromTemporaryEmployment(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	const reason = request.dismissalReason;
	if (!reason) {
		throw new EpisodeRuleError(['Не выбрана «Причина увольнения».']);
	}
	if (reason === 'Окончание срока трудового договора') {
		throw new EpisodeRuleError(['Окончание срока временного трудоустройства — это операция «Завершить», а не увольнение.']);
	}

	const problems: RuleProblem[] = [];
	const count = violationDates(state, episode).length;
	if (reason === 'Три нарушения регламента' && count < VIOLATIONS_BEFORE_DISMISSAL) {
		problems.push({ message: `Записано нарушений регламента: ${count}, а увольнение за нарушения — после ${VIOLATIONS_BEFORE_DISMISSAL}. Запишите нарушения или выберите другую причину.`, overridable: false });
	}
	if (reason !== 'Три нарушения регламента' && reason !== 'По собственному желанию') {
		problems.push({ message: `Из временного трудоустройства увольняют после ${VIOLATIONS_BEFORE_DISMISSAL} нарушений регламента или по собственному желанию, а указано «${reason}».`, overridable: true });
	}
	const override = settleRules(problems, request.overrideReason);

	const plan = dismissalPlan(state, episode, request, keys.primary, reason, `Пользователь уволен из временного трудоустройства ${request.date}: ${reason.toLowerCase()}.`);
	plan.outcome.violations = { count, remaining: Math.max(0, VIOLATIONS_BEFORE_DISMISSAL - count), dismissed: true };
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/** Completes temporary employment at the end of its term (1 to 9 months) with the end-of-service content. */
export function completeTemporaryEmployment(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	requireNotBefore(request.date, episode.startDate, 'Дата окончания', 'Дата начала эпизода');
	const duration = checkServiceDuration({ service: 4, start: episode.startDate as string, end: request.date });
	const override = settleRules(
		duration.violations.map((violation) => ({ message: violation.message, overridable: violation.overridable })),
		request.overrideReason,
	);

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [
			{
				id: episode.id,
				patch: { ...closingPatch(episode, request, 'Завершена'), dismissalDate: request.date, dismissalReason: 'Окончание срока трудового договора', stage: 'Внутренняя площадка', externalSite: null },
			},
		],
		candidate: currentServiceAfter(state, episode, request.nextService),
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Завершение работы',
				title: 'Завершение временного трудоустройства',
				...endOfServiceFields(state, episode, request),
			}),
		],
		outcome: baseOutcome(request, episode, 'Завершена', `Временное трудоустройство завершено ${request.date}.${nextServiceSentence(request.nextService)}`),
	};
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}
