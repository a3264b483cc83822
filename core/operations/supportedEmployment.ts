import { serviceName, type Episode } from '../../schemas';
import { addDays, addMonths, compareDates, daysBetween, isIsoDate, type IsoDate } from '../calendar';
import { firstWorkingDay } from '../checkpoints';
import { checkAdaptationPeriod, STANDARD_ADAPTATION_MONTHS, type AdaptationCheck } from '../durations';
import { exitDueDate } from '../exit';
import type { Service5Recommendations } from '../preconditions';
import type { EpisodeRequest, Service5RecommendationsState } from './episodeRequest';
import {
	branchAfterLeaving,
	currentServiceAfter,
	employerFor,
	episodeEvent,
	EpisodeRuleError,
	recordOverride,
	requireStatus,
	requireVacancy,
	settleRules,
	type EpisodePlan,
	type EpisodeState,
	type PlanKeys,
	type RuleProblem,
} from './episodeRules';
import { baseOutcome, closingPatch, nextServiceSentence, operationLabel, preconditionProblems, requireNotBefore } from './episodeSteps';

/**
 * Service 6 «Сопровождаемое трудоустройство». The preparation stage starts with the consultant interview,
 * linked to a vacancy; the provision stage starts when the labour contract is signed. Adaptation lasts six
 * months, or three to nine with the consent of both the user and the employer. A refusal before the
 * contract or a dismissal offers services 5, 2 or 1.
 */

const SERVICE = serviceName(6);
const EMPLOYER_EVALUATION_MONTHS = [1, 3, 6] as const;
/** The employer's internal training lasts one to two weeks after the first working day. */
const INTERNAL_TRAINING_MAX_DAYS = 14;
/**
 * Days after the recorded first working day during which it may still be moved without a reason. After the
 * first working week the user is followed up from that day (the first-week feedback is due), so a later move
 * is an exception.
 */
const AGREED_START_CHANGE_DAYS = 7;

export const SERVICE5_STATES: Record<Service5RecommendationsState, Service5Recommendations> = {
	confirmed: { given: true, completed: true, confirmed: true },
	completedNotConfirmed: { given: true, completed: true, confirmed: false },
	notCompleted: { given: true, completed: false, confirmed: false },
	notGiven: { given: false },
};

function adaptationProblems(check: AdaptationCheck): RuleProblem[] {
	return check.violations.map((violation) => ({ message: violation.message, overridable: violation.overridable }));
}

function requireProvision(episode: Episode, request: EpisodeRequest, hint: string): string {
	if (episode.stage !== 'Предоставление' || !episode.employmentStart) {
		throw new EpisodeRuleError([`Трудовой договор по этому эпизоду еще не подписан, поэтому операция «${operationLabel(request)}» недоступна. ${hint}`]);
	}
	return episode.employmentStart;
}

/**
 * Checks the agreed adaptation and returns its end, counted from the first working day, with the dates of
 * the employer evaluations (1, 3 and 6 months) that fall within it.
 */
function planAdaptation(workStart: IsoDate, months: number, userConsent: boolean | null | undefined, employerConsent: boolean | null | undefined) {
	const check = checkAdaptationPeriod({ employmentStart: workStart, months, userConsent: userConsent ?? undefined, employerConsent: employerConsent ?? undefined });
	const end = check.end as IsoDate;
	const evaluations = EMPLOYER_EVALUATION_MONTHS.map((step) => addMonths(workStart, step)).filter((date) => compareDates(date, end) <= 0);
	return { check, end, evaluations };
}

/** Returns the first working day of a signed contract: the agreed start date when recorded, else the contract date. */
function workStartOf(episode: Episode, contractDate: IsoDate): IsoDate {
	return firstWorkingDay(episode.agreedStartDate, contractDate) as IsoDate;
}

/** Opens the preparation stage with the consultant interview, linked to the vacancy. */
export function startSupportedEmployment(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Направлен'], operationLabel(request));
	const vacancy = requireVacancy(state, request.vacancyId || episode.vacancy, 'Ключ вакансии');
	const employer = employerFor(state, request, vacancy, false);

	const problems: RuleProblem[] = [];
	const routeState = state.candidate.routeState ?? 'Выпускник';
	if (routeState !== 'Пользователь') {
		problems.push({ message: `Услуга «${SERVICE}» оказывается пользователю на маршруте, а статус маршрута — «${routeState}». Начните с услуги «${serviceName(2)}».`, overridable: true });
	}
	const override = settleRules(problems, request.overrideReason);

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [
			{
				id: episode.id,
				patch: { status: 'Оказывается', startDate: request.date, plannedEndDate: null, stage: 'Подготовка', vacancy: vacancy.id, employer, ...(request.plan ? { plan: request.plan } : {}) },
			},
		],
		candidate: { currentService: SERVICE },
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Собеседование с консультантом',
				title: `Собеседование с консультантом по вакансии «${vacancy.title}»`,
				resultForCandidate: request.outcome,
				description: request.plan,
				recommendations: request.recommendations,
				vacancy: vacancy.id,
				employer: employer ?? undefined,
				details: { stage: 'Подготовка', service5Plan: request.plan ?? null, service1Recommendations: request.recommendations ?? null },
			}),
		],
		outcome: baseOutcome(request, episode, 'Оказывается', `Подготовительный этап начат ${request.date}: план услуги «${serviceName(5)}» и собеседования у работодателя до подписания трудового договора.`),
	};
	plan.outcome.stage = 'Подготовка';
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/**
 * Records the signed labour contract: the provision stage starts on the first working day, and the agreed
 * adaptation gives the planned end. Checks the employer's offer, the confirmed service-5 recommendations,
 * the agreed start date, and the consent of both sides to a length other than six months.
 */
export function signLabourContract(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	if (episode.stage === 'Предоставление') {
		throw new EpisodeRuleError([`Трудовой договор по этому эпизоду уже подписан (${episode.employmentStart ?? 'дата не записана'}). Для новой работы откройте новый эпизод.`]);
	}
	requireNotBefore(request.date, episode.startDate, 'Дата трудового договора', 'Дата собеседования с консультантом');
	if (request.agreedStartDate) {
		requireNotBefore(request.agreedStartDate, episode.startDate, 'Согласованная дата выхода', 'Дата собеседования с консультантом');
	}
	const vacancy = requireVacancy(state, request.vacancyId || episode.vacancy, 'Ключ вакансии');
	const employer = employerFor(state, request, vacancy, false);

	// Adaptation, like the checkpoints and the exit clock, counts from the first working day.
	const workStart = firstWorkingDay(request.agreedStartDate, request.date) as IsoDate;
	const months = request.adaptationMonths ?? STANDARD_ADAPTATION_MONTHS;
	const { check: adaptation, end, evaluations } = planAdaptation(workStart, months, request.userConsent, request.employerConsent);
	// A signed contract implies the employer's offer; the other conditions are checked as for any start of the service.
	const result = preconditionProblems(state, episode, request.date, {
		employerOffer: true,
		service5Recommendations: request.service5Recommendations ? SERVICE5_STATES[request.service5Recommendations] : null,
		agreedStartDate: request.agreedStartDate ?? null,
		workStartDate: request.date,
	});
	const override = settleRules([...result, ...adaptationProblems(adaptation)], request.overrideReason);

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [
			{
				id: episode.id,
				patch: {
					stage: 'Предоставление',
					employmentStart: request.date,
					agreedStartDate: request.agreedStartDate ?? null,
					adaptationMonths: months,
					userConsent: request.userConsent ?? null,
					employerConsent: request.employerConsent ?? null,
					plannedEndDate: end,
					vacancy: vacancy.id,
					employer,
				},
			},
		],
		candidate: { currentService: SERVICE },
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Кандидат устроился на работу',
				title: `Трудовой договор: ${request.position?.trim() || vacancy.title}`,
				vacancy: vacancy.id,
				employer: employer ?? undefined,
				details: {
					contractDate: request.date,
					position: request.position?.trim() || vacancy.title,
					agreedStartDate: request.agreedStartDate ?? null,
					adaptationMonths: months,
					adaptationEnd: end,
					userConsent: request.userConsent ?? null,
					employerConsent: request.employerConsent ?? null,
				},
			}),
		],
		outcome: baseOutcome(
			request,
			episode,
			'Оказывается',
			`Трудовой договор подписан ${request.date}, первый рабочий день ${workStart}: адаптация ${months} мес., до ${end}. Оценки работодателя: ${evaluations.join(', ')}.`,
		),
	};
	plan.outcome.stage = 'Предоставление';
	plan.outcome.adaptation = { months, end };
	plan.outcome.plannedEndDate = end;
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/** Shortens or extends adaptation: 3 to 9 months, and only with the recorded consent of both the user and the employer. */
export function changeAdaptation(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	const start = workStartOf(episode, requireProvision(episode, request, 'Сначала запишите операцию «Трудовой договор подписан».'));
	if (request.adaptationMonths === undefined) {
		throw new EpisodeRuleError(['Не указан новый «Срок адаптации, мес.».']);
	}
	const previous = episode.adaptationMonths ?? STANDARD_ADAPTATION_MONTHS;
	const months = request.adaptationMonths;
	const adaptation = checkAdaptationPeriod({ employmentStart: start, months, userConsent: request.userConsent, employerConsent: request.employerConsent });
	const end = adaptation.end as string;

	const problems = adaptationProblems(adaptation);
	if (compareDates(end, request.date) < 0) {
		problems.push({ message: `Срок ${months} мес. закончился бы ${end}, раньше даты изменения ${request.date}. Завершите услугу операцией «Завершить».`, overridable: false });
	}
	if (months === previous) {
		throw new EpisodeRuleError([`Срок адаптации уже ${months} мес.: менять нечего.`]);
	}
	const override = settleRules(problems, request.overrideReason);

	// The checkpoint schedule and the exit clock both read the episode's «Срок адаптации, мес.», so the next
	// checkpoint sync moves the closing meeting, the follow-up and the exit check.
	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { adaptationMonths: months, userConsent: request.userConsent ?? null, employerConsent: request.employerConsent ?? null, plannedEndDate: end } }],
		candidate: {},
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Иное',
				title: `Срок адаптации ${months > previous ? 'увеличен' : 'сокращен'}: ${previous} → ${months} мес.`,
				employer: episode.employer ?? undefined,
				vacancy: episode.vacancy ?? undefined,
				details: { adaptationMonths: months, previousMonths: previous, adaptationEnd: end, userConsent: request.userConsent ?? null, employerConsent: request.employerConsent ?? null },
			}),
		],
		outcome: baseOutcome(request, episode, episode.status, `Срок адаптации изменен с ${previous} до ${months} мес.: сопровождение до ${end}.`),
	};
	plan.outcome.adaptation = { months, end };
	plan.outcome.plannedEndDate = end;
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/**
 * Records the last day of the employer's internal training, as the employer reports it. The checkpoint sync
 * reads the episode's «Дата окончания внутреннего обучения», so the user's feedback after the training moves
 * to that day. A later call with another date corrects it. A day before the first working day is rejected.
 * The methodology ends the training one to two weeks after the first working day, so a later day needs a
 * recorded reason, as the other limits of the methodology do.
 */
export function recordInternalTrainingEnd(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request), 'Сначала запишите операции «Начать оказание» и «Трудовой договор подписан».');
	const start = workStartOf(episode, requireProvision(episode, request, 'Сначала запишите операцию «Трудовой договор подписан».'));
	const startField = episode.agreedStartDate ? 'Согласованная дата выхода' : 'Дата трудового договора';
	requireNotBefore(request.date, start, 'Дата окончания внутреннего обучения', startField);
	const previous = episode.internalTrainingEnd ?? null;
	if (previous === request.date) {
		throw new EpisodeRuleError([`Окончание внутреннего обучения уже записано: ${previous}. Менять нечего.`]);
	}

	const problems: RuleProblem[] = [];
	const latest = addDays(start, INTERNAL_TRAINING_MAX_DAYS);
	if (compareDates(request.date, latest) > 0) {
		problems.push({
			message: `«Дата окончания внутреннего обучения» (${request.date}) позже ${latest}: по методике внутреннее обучение у работодателя длится одну-две недели с первого рабочего дня (${start}). Проверьте дату или укажите причину исключения.`,
			overridable: true,
		});
	}
	const override = settleRules(problems, request.overrideReason);

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { internalTrainingEnd: request.date } }],
		candidate: {},
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Иное',
				title: previous ? `Дата окончания внутреннего обучения исправлена: ${previous} → ${request.date}` : 'Внутреннее обучение у работодателя завершено',
				employer: episode.employer ?? undefined,
				vacancy: episode.vacancy ?? undefined,
				details: { internalTrainingEnd: request.date, previousInternalTrainingEnd: previous },
			}),
		],
		outcome: baseOutcome(
			request,
			episode,
			episode.status,
			`Внутреннее обучение у работодателя закончилось ${request.date}. Обратная связь от пользователя после обучения переносится на эту дату при следующей проверке контрольных точек.`,
		),
	};
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/**
 * Moves the agreed first working day («Согласованная дата выхода») after the contract, when the employer
 * and the user agree another day or the user starts on another day. The checkpoints, the adaptation and the
 * exit clock count from that day, so the planned end is recomputed here and the next checkpoint sync moves
 * the checkpoints. The new day may be in the future. It may not precede the contract date nor follow a
 * recorded end of the internal training. A move more than a week after the recorded first day needs a reason.
 */
export function changeAgreedStart(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request), 'Сначала запишите операции «Начать оказание» и «Трудовой договор подписан».');
	const contractDate = requireProvision(episode, request, 'Первую согласованную дату выхода записывает операция «Трудовой договор подписан».');
	const agreed = request.agreedStartDate;
	if (!agreed) {
		throw new EpisodeRuleError(['Не заполнена «Согласованная дата выхода»: укажите новый первый рабочий день в формате ГГГГ-ММ-ДД.']);
	}
	if (!isIsoDate(agreed)) {
		throw new EpisodeRuleError([`«Согласованная дата выхода» (${String(agreed)}) не является датой: укажите ее в формате ГГГГ-ММ-ДД, например 2026-12-07.`]);
	}
	requireNotBefore(agreed, contractDate, 'Согласованная дата выхода', 'Дата трудового договора');
	requireNotBefore(request.date, contractDate, 'Дата', 'Дата трудового договора');

	const previous = workStartOf(episode, contractDate);
	if (agreed === previous) {
		throw new EpisodeRuleError([`Первый рабочий день уже ${previous}: менять нечего. Укажите в поле «Согласованная дата выхода» новую дату.`]);
	}
	const trainingEnd = episode.internalTrainingEnd;
	if (trainingEnd && compareDates(agreed, trainingEnd) > 0) {
		throw new EpisodeRuleError([
			`«Согласованная дата выхода» (${agreed}) позже, чем «Дата окончания внутреннего обучения» (${trainingEnd}), а обучение идет после первого рабочего дня. Сначала исправьте дату окончания обучения операцией «Окончание внутреннего обучения», затем повторите перенос.`,
		]);
	}

	const problems: RuleProblem[] = [];
	const latest = addDays(previous, AGREED_START_CHANGE_DAYS);
	if (compareDates(request.date, latest) > 0) {
		problems.push({
			message: `Записанный первый рабочий день (${previous}) прошел больше недели назад: после первой рабочей недели от него уже считаются обратная связь и оценки работодателя. Проверьте «Дату» (${request.date}) и «Согласованную дату выхода» (${agreed}) или укажите причину исключения.`,
			overridable: true,
		});
	}
	const override = settleRules(problems, request.overrideReason);

	// The length and the consents do not change, so they are not checked again: only the end moves with the first day.
	const months = episode.adaptationMonths ?? STANDARD_ADAPTATION_MONTHS;
	const { end, evaluations } = planAdaptation(agreed, months, episode.userConsent, episode.employerConsent);
	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { agreedStartDate: agreed, plannedEndDate: end } }],
		candidate: {},
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Иное',
				title: `Согласованная дата выхода изменена: ${previous} → ${agreed}`,
				description: request.description,
				employer: episode.employer ?? undefined,
				vacancy: episode.vacancy ?? undefined,
				details: {
					agreedStartDate: agreed,
					previousAgreedStartDate: episode.agreedStartDate ?? null,
					previousFirstWorkingDay: previous,
					contractDate,
					adaptationMonths: months,
					adaptationEnd: end,
				},
			}),
		],
		outcome: baseOutcome(
			request,
			episode,
			episode.status,
			`Первый рабочий день перенесен с ${previous} на ${agreed}: адаптация ${months} мес., до ${end}. Оценки работодателя: ${evaluations.join(', ')}. Контрольные точки сдвинутся при следующей проверке.`,
		),
	};
	plan.outcome.adaptation = { months, end };
	plan.outcome.plannedEndDate = end;
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}

/**
 * Records a refusal before the labour contract by the consultant, the employer or the user. An employer's
 * refusal is «Кандидат получил отказ от работодателя», linked to the vacancy and the employer.
 */
export function refuseBeforeContract(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Направлен', 'Оказывается'], operationLabel(request));
	if (episode.stage === 'Предоставление') {
		throw new EpisodeRuleError(['Трудовой договор уже подписан: уход с работы записывается операцией «Увольнение».']);
	}
	const refusedBy = request.refusedBy;
	if (!refusedBy) {
		throw new EpisodeRuleError(['Не выбрано, кто отказал: консультант, работодатель или пользователь.']);
	}
	const reason = request.description?.trim() || request.outcome?.trim();
	if (!reason) {
		throw new EpisodeRuleError(['Не заполнена «Причина отказа».']);
	}
	const branch = branchAfterLeaving(request.nextService, 'После отказа до подписания трудового договора');
	const vacancyId = request.vacancyId || episode.vacancy || undefined;
	const vacancy = vacancyId ? requireVacancy(state, vacancyId, 'Ключ вакансии') : undefined;
	const employer = employerFor(state, request, vacancy, refusedBy === 'Работодатель');
	const stage = episode.stage ?? (episode.status === 'Направлен' ? 'направление' : 'Подготовка');

	const event = episodeEvent(state, episode, request, keys.primary, {
		type: refusedBy === 'Работодатель' ? 'Кандидат получил отказ от работодателя' : 'Иное',
		title: refusedBy === 'Работодатель' ? 'Отказ работодателя до подписания трудового договора' : `Отказ (${refusedBy.toLowerCase()}) до подписания трудового договора`,
		description: reason,
		vacancy: vacancy?.id,
		employer: employer ?? undefined,
		recommendedService: request.nextService ? serviceName(request.nextService) : undefined,
		details: { refusal: { refusedBy, stage } },
	});

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: { ...closingPatch(episode, { ...request, outcome: request.outcome ?? reason }, 'Отказ'), refusedBy } }],
		candidate: currentServiceAfter(state, episode, request.nextService),
		events: [event],
		outcome: baseOutcome(request, episode, 'Отказ', `Отказ до подписания трудового договора (${refusedBy.toLowerCase()}) ${request.date}.${nextServiceSentence(request.nextService)}`),
	};
	plan.outcome.branch = branch;
	plan.outcome.offeredServices = [5, 2, 1];
	return plan;
}

/**
 * Records the end of the job («Завершение постоянной работы»). During adaptation the episode is interrupted;
 * after support ended the episode stays completed and the dismissal date stops the exit clock.
 */
export function dismissFromSupportedJob(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается', 'Завершена'], operationLabel(request));
	const start = requireProvision(episode, request, 'До договора запишите операцию «Отказ до трудового договора».');
	if (episode.dismissalDate) {
		throw new EpisodeRuleError([`Увольнение с этой работы уже записано: ${episode.dismissalDate}.`]);
	}
	requireNotBefore(request.date, start, 'Дата увольнения', 'Дата трудового договора');
	const reason = request.dismissalReason;
	if (!reason) {
		throw new EpisodeRuleError(['Не выбрана «Причина увольнения».']);
	}
	const branch = branchAfterLeaving(request.nextService, 'После увольнения');
	const duringSupport = episode.status === 'Оказывается';
	const patch: Partial<Episode> = duringSupport
		? { ...closingPatch(episode, request, 'Прервана'), dismissalDate: request.date, dismissalReason: reason }
		: { dismissalDate: request.date, dismissalReason: reason, ...(request.nextService ? { nextService: serviceName(request.nextService) } : {}) };

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch }],
		candidate: duringSupport ? currentServiceAfter(state, episode, request.nextService) : request.nextService ? { currentService: serviceName(request.nextService) } : {},
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Завершение постоянной работы',
				title: `Увольнение: ${reason.toLowerCase()}`,
				description: request.description ?? request.outcome,
				vacancy: episode.vacancy ?? undefined,
				employer: episode.employer ?? undefined,
				recommendedService: request.nextService ? serviceName(request.nextService) : undefined,
				details: { dismissal: { reason, employmentStart: workStartOf(episode, start), daysWorked: Math.max(0, daysBetween(workStartOf(episode, start), request.date)), duringSupport } },
			}),
		],
		outcome: baseOutcome(
			request,
			episode,
			duringSupport ? 'Прервана' : episode.status,
			`Работа завершена ${request.date} (${reason.toLowerCase()}), ${duringSupport ? 'в период адаптации' : 'после окончания сопровождения'}: отсчет до точки выхода начнется заново с новой работы.${nextServiceSentence(request.nextService)}`,
		),
	};
	plan.outcome.branch = branch;
	plan.outcome.offeredServices = [5, 2, 1];
	return plan;
}

/**
 * Completes supported employment at the end of the agreed adaptation with the closing meeting. An earlier end
 * needs a shorter agreed adaptation or a recorded exception.
 */
export function completeSupportedEmployment(state: EpisodeState, episode: Episode, request: EpisodeRequest, keys: PlanKeys): EpisodePlan {
	requireStatus(episode, ['Оказывается'], operationLabel(request));
	const start = requireProvision(episode, request, 'До договора используйте «Отказ до трудового договора» или «Прервать».');
	requireNotBefore(request.date, start, 'Дата окончания', 'Дата трудового договора');

	const problems: RuleProblem[] = [];
	if (episode.plannedEndDate && compareDates(request.date, episode.plannedEndDate) < 0) {
		problems.push({
			message: `Адаптация согласована до ${episode.plannedEndDate}. Сократите срок операцией «Изменить срок адаптации» (нужно согласие пользователя и работодателя) или укажите причину.`,
			overridable: true,
		});
	}
	const override = settleRules(problems, request.overrideReason);
	const exitDate = exitDueDate(request.date);

	const plan: EpisodePlan = {
		createEpisodes: [],
		updateEpisodes: [{ id: episode.id, patch: closingPatch(episode, request, 'Завершена') }],
		candidate: currentServiceAfter(state, episode, request.nextService),
		events: [
			episodeEvent(state, episode, request, keys.primary, {
				type: 'Связь с кандидатом',
				title: 'Итоговая встреча: адаптация завершена',
				resultForCandidate: request.outcome,
				recommendations: request.recommendations ?? `Услуга «${serviceName(5)}» остается доступной в любое время.`,
				recommendedService: request.nextService ? serviceName(request.nextService) : undefined,
				details: { supportEnd: request.date, exitDueDate: exitDate },
			}),
		],
		outcome: baseOutcome(
			request,
			episode,
			'Завершена',
			`Сопровождение завершено ${request.date}. Консультант наблюдает полгода; точка выхода — ${exitDate}, если пользователь работает без перерыва.${nextServiceSentence(request.nextService)}`,
		),
	};
	recordOverride(plan, episode, override, request.date, operationLabel(request));
	return plan;
}
