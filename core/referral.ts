import { SCENARIO_LABELS, SERVICES, serviceName, type LifecycleEvent, type Scenario, type ServiceName, type ServiceNumber, type Verdict } from '../schemas';
import type { IsoDate } from './calendar';
import { INTERVIEW_FIELDS, SCENARIO_FROM_ANSWERS } from './interview';
import type { PortraitResult } from './portrait';

/**
 * The route decision after the recruiter interview, by scenario:
 * - A: fits a vacancy and is interested → supported employment (service 6).
 * - B: abilities and inclinations are unclear → professional orientation (service 3).
 * - C: does not fit or is not interested, but needs job-search support → social adaptation (service 5).
 * - D: does not match the portrait or refuses the other services → social-psychological services (service 1).
 */

/** The recruiter's record of the interview outcome. Null or a missing key means "not recorded". */
interface InterviewOutcome {
	fitsVacancy?: boolean | null;
	interested?: boolean | null;
	abilitiesUnclear?: boolean | null;
	needsJobSearchSupport?: boolean | null;
	refusesServices?: boolean | null;
	/** The vacancy chosen in scenario A. */
	vacancyId?: string | null;
	/** The scenario the recruiter chose; it replaces the suggested one while the portrait allows it. */
	scenarioOverride?: Scenario | null;
	overrideReason?: string | null;
}

/** The part of a portrait check that the decision reads. */
type PortraitSummary = Pick<PortraitResult, 'verdict'> & Partial<Pick<PortraitResult, 'failed' | 'unknown' | 'followUps'>>;

/** The specialist whose contacts the user receives, when the caller knows them. */
interface NextSpecialist {
	id?: string | null;
	name?: string | null;
}

/**
 * `referred`: a scenario is set and the user goes to its service. `needsData`: the portrait lacks data,
 * so the user stays in service 2 until it is completed. `needsDecision`: the portrait matches but the
 * interview outcome points to no scenario, so the recruiter has to mark the outcome or choose one.
 */
type ReferralStatus = 'referred' | 'needsData' | 'needsDecision';

interface RecruiterInterviewDetails {
	scenario: Scenario | null;
	scenarioLabel: string | null;
	suggestedScenario: Scenario | null;
	overrideReason: string | null;
	portraitVerdict: Verdict;
	nextService: ServiceName;
	parallelServices: ServiceName[];
	/** The role (and, when known, the person) whose contacts the user received. */
	contactsHandedOver: { role: string; specialistId: string | null; specialistName: string | null } | null;
	/** The specialist of the next service is informed about the referral (scenarios B, C and D). */
	informSpecialist: boolean;
	/** The user joins the candidate pool that consultants search when new vacancies appear. */
	candidatePool: boolean;
}

/** Content of the event «Собеседование кандидата с рекрутером», without id, date and links. */
interface RecruiterInterviewContent {
	type: 'Собеседование кандидата с рекрутером';
	service: ServiceName;
	title: string;
	resultForCandidate: string;
	recommendations: string;
	recommendedService: ServiceName;
	vacancy: string | null;
	details: RecruiterInterviewDetails;
}

interface ReferralDecision {
	status: ReferralStatus;
	scenario: Scenario | null;
	/** The scenario the interview outcome points to, before the recruiter's choice. */
	suggestedScenario: Scenario | null;
	overridden: boolean;
	overrideReason: string | null;
	/** The service the user goes to next; 2 while the user stays with the recruiter. */
	primaryService: ServiceNumber;
	/** Services recommended at the same time, e.g. service 1 to get an ИНН. */
	parallelServices: ServiceNumber[];
	/** Russian lines for the recruiter: the decision, why, and what to do. */
	explanation: string[];
	candidatePool: boolean;
	vacancyId: string | null;
	event: RecruiterInterviewContent;
}

const SCENARIO_SERVICE: Record<Scenario, ServiceNumber> = { A: 6, B: 3, C: 5, D: 1 };

const SCENARIO_STEPS: Record<Scenario, string> = {
	A: 'рекомендуйте кандидатуру пользователя на выбранную вакансию консультанту по сопровождаемому трудоустройству и передайте пользователю контакты консультанта',
	B: 'рекомендуйте услугу «Профессиональная ориентация», передайте пользователю контакты консультанта и сообщите консультанту о направлении',
	C: 'предложите услугу «Социальная адаптация на рынке труда», передайте пользователю контакты специалиста и сообщите специалисту о направлении',
	D: 'предложите «Социально-психологические услуги», передайте пользователю контакты тьютора и сообщите тьютору о направлении',
};

function specialistRole(service: ServiceNumber): string {
	return SERVICES[service - 1].specialist;
}

/** Suggests the scenario that the interview outcome points to for a candidate who matches the portrait. */
function suggestScenario(outcome: InterviewOutcome): Scenario | null {
	if (outcome.refusesServices === true) {
		return 'D';
	}
	if (outcome.fitsVacancy === true && outcome.interested === true) {
		return 'A';
	}
	if (outcome.abilitiesUnclear === true) {
		return 'B';
	}
	if (outcome.needsJobSearchSupport === true) {
		return 'C';
	}
	return null;
}

function trimmed(value: string | null | undefined): string | null {
	const text = value?.trim();
	return text ? text : null;
}

interface ScenarioChoice {
	status: ReferralStatus;
	scenario: Scenario | null;
	suggested: Scenario | null;
	lines: string[];
}

/**
 * Applies the portrait to the scenario. A mismatch always forces D. Missing portrait data keeps the user
 * in service 2, except that D stays possible, because social-psychological services need no portrait.
 */
const OVERRIDE_REASON_LABEL = INTERVIEW_FIELDS.find((field) => field.key === 'overrideReason')?.label ?? 'Почему выбран другой сценарий';

function chooseScenario(portrait: PortraitSummary, outcome: InterviewOutcome): ScenarioChoice {
	const override = outcome.scenarioOverride ?? null;
	const lines: string[] = [];

	if (portrait.verdict === 'Не соответствует') {
		if (override && override !== 'D') {
			lines.push(`Выбранный сценарий ${override} не применен: кандидат не соответствует портрету пользователя, поэтому возможен только сценарий D.`);
		}
		const failed = portrait.failed ?? [];
		if (failed.length > 0) {
			lines.push('Причины несоответствия портрету:', ...failed.map((reason) => `— ${reason.message}`));
		}
		return { status: 'referred', scenario: 'D', suggested: 'D', lines };
	}

	if (portrait.verdict === 'Недостаточно данных') {
		const suggested = outcome.refusesServices === true ? 'D' : null;
		if (override === 'D' || suggested === 'D') {
			return { status: 'referred', scenario: 'D', suggested, lines };
		}
		if (override) {
			lines.push(`Выбранный сценарий ${override} не применен: сначала дополните данные портрета.`);
		}
		lines.push('Данных для проверки портрета недостаточно: пользователь остается в услуге «Содействие в поиске подходящей работы». Дополните данные и проверьте портрет снова.');
		const missing = portrait.unknown ?? [];
		if (missing.length > 0) {
			lines.push('Не хватает данных:', ...missing.map((reason) => `— ${reason.message}`));
		}
		return { status: 'needsData', scenario: null, suggested, lines };
	}

	const suggested = suggestScenario(outcome);
	if (override && suggested && override !== suggested && !trimmed(outcome.overrideReason)) {
		// Going against the answers is the recruiter's right, but the methodology wants the reason on record.
		lines.push(
			`Выбран сценарий ${override}, а по ответам собеседования подходит сценарий ${suggested}. Укажите причину в поле «${OVERRIDE_REASON_LABEL}» или выберите «${SCENARIO_FROM_ANSWERS}», затем отправьте анкету снова.`,
		);
		return { status: 'needsDecision', scenario: null, suggested, lines };
	}
	const scenario = override ?? suggested;
	if (!scenario) {
		lines.push(
			'Сценарий не определен: отметьте результат собеседования (подходит ли вакансия и есть ли интерес, неясны ли способности и склонности, нужна ли поддержка в поиске работы, отказ от услуг) или выберите сценарий вручную.',
		);
		return { status: 'needsDecision', scenario: null, suggested, lines };
	}
	return { status: 'referred', scenario, suggested, lines };
}

function parallelServiceOne(portrait: PortraitSummary, primary: ServiceNumber): { services: ServiceNumber[]; lines: string[] } {
	const reasons = (portrait.followUps ?? []).filter((followUp) => followUp.service === 1);
	if (primary === 1 || reasons.length === 0) {
		return { services: [], lines: [] };
	}
	return { services: [1], lines: reasons.map((followUp) => followUp.message) };
}

/**
 * Decides the referral after the recruiter interview from the portrait verdict and the interview outcome.
 * Returns the scenario, the services, Russian explanation lines and the content of the event
 * «Собеседование кандидата с рекрутером».
 */
function decideReferral(portrait: PortraitSummary, outcome: InterviewOutcome, nextSpecialist: NextSpecialist = {}): ReferralDecision {
	const choice = chooseScenario(portrait, outcome);
	const primaryService: ServiceNumber = choice.scenario ? SCENARIO_SERVICE[choice.scenario] : 2;
	const parallel = parallelServiceOne(portrait, primaryService);
	const overridden = choice.scenario !== null && outcome.scenarioOverride === choice.scenario && choice.suggested !== choice.scenario;
	const overrideReason = overridden ? trimmed(outcome.overrideReason) : null;
	const vacancyId = choice.scenario === 'A' ? trimmed(outcome.vacancyId) : null;
	const candidatePool = portrait.verdict === 'Соответствует';

	const explanation: string[] = [];
	if (choice.scenario) {
		explanation.push(`Сценарий ${SCENARIO_LABELS[choice.scenario]}: ${SCENARIO_STEPS[choice.scenario]}.`);
	}
	if (overridden) {
		const suggestedText = choice.suggested ? `предложен сценарий ${choice.suggested}` : 'сценарий не определен по результатам собеседования';
		explanation.push(`Сценарий выбран рекрутером (${suggestedText}). Причина: ${overrideReason ?? 'не указана — запишите ее в комментарии'}.`);
	}
	if (choice.scenario === 'D' && portrait.verdict !== 'Не соответствует' && outcome.refusesServices === true) {
		explanation.push('Пользователь отказался от других предложенных услуг.');
	}
	explanation.push(...choice.lines);
	if (choice.scenario === 'A' && !vacancyId) {
		explanation.push('Не указана вакансия: выберите вакансию, на которую рекомендуете пользователя.');
	}
	explanation.push(...parallel.lines);
	if (candidatePool) {
		explanation.push('Пользователь включен в базу кандидатов на вакансии: консультанты обратятся к ней при появлении новых вакансий.');
	}

	const event = interviewContent({ choice, primaryService, parallel: parallel.services, overrideReason, vacancyId, candidatePool, verdict: portrait.verdict, nextSpecialist });
	return {
		status: choice.status,
		scenario: choice.scenario,
		suggestedScenario: choice.suggested,
		overridden,
		overrideReason,
		primaryService,
		parallelServices: parallel.services,
		explanation,
		candidatePool,
		vacancyId,
		event,
	};
}

function interviewContent(input: {
	choice: ScenarioChoice;
	primaryService: ServiceNumber;
	parallel: ServiceNumber[];
	overrideReason: string | null;
	vacancyId: string | null;
	candidatePool: boolean;
	verdict: Verdict;
	nextSpecialist: NextSpecialist;
}): RecruiterInterviewContent {
	const { choice, primaryService, parallel } = input;
	const next = serviceName(primaryService);
	const parallelNames = parallel.map(serviceName);
	const parallelText = parallelNames.length > 0 ? `; параллельно ${parallelNames.map((name) => `«${name}»`).join(', ')}` : '';

	let title: string;
	let resultForCandidate: string;
	let recommendations: string;
	if (choice.scenario) {
		title = `Собеседование с рекрутером: сценарий ${choice.scenario}`;
		resultForCandidate = `Маршрут: «${next}»${parallelText}.`;
		recommendations = `Обратитесь за услугой «${next}»: специалист — ${specialistRole(primaryService).toLowerCase()}, контакты переданы.${parallelText ? ` Также рекомендованы ${parallelNames.map((name) => `«${name}»`).join(', ')}.` : ''}`;
	} else if (choice.status === 'needsData') {
		title = 'Собеседование с рекрутером: не хватает данных портрета';
		resultForCandidate = 'Маршрут не составлен: не хватает данных для проверки портрета пользователя.';
		recommendations = 'Принесите недостающие документы или сведения рекрутеру, чтобы составить маршрут.';
	} else {
		title = 'Собеседование с рекрутером: сценарий не выбран';
		resultForCandidate = 'Маршрут не составлен: сценарий не выбран.';
		recommendations = 'Рекрутер свяжется с вами, чтобы согласовать маршрут.';
	}

	const contactsHandedOver = choice.scenario
		? { role: specialistRole(primaryService), specialistId: trimmed(input.nextSpecialist.id), specialistName: trimmed(input.nextSpecialist.name) }
		: null;

	return {
		type: 'Собеседование кандидата с рекрутером',
		service: serviceName(2),
		title,
		resultForCandidate,
		recommendations,
		recommendedService: next,
		vacancy: input.vacancyId,
		details: {
			scenario: choice.scenario,
			scenarioLabel: choice.scenario ? SCENARIO_LABELS[choice.scenario] : null,
			suggestedScenario: choice.suggested,
			overrideReason: input.overrideReason,
			portraitVerdict: input.verdict,
			nextService: next,
			parallelServices: parallelNames,
			contactsHandedOver,
			informSpecialist: choice.scenario === 'B' || choice.scenario === 'C' || choice.scenario === 'D',
			candidatePool: input.candidatePool,
		},
	};
}

/** The event row «Собеседование кандидата с рекрутером» for a decision; the caller supplies stable ids. */
function recruiterInterviewEvent(
	decision: ReferralDecision,
	ids: { id: string; date: IsoDate; candidateId: string; episodeId?: string | null; specialistId?: string | null },
): LifecycleEvent {
	const { details, ...content } = decision.event;
	return {
		id: ids.id,
		date: ids.date,
		candidate: ids.candidateId,
		episode: ids.episodeId ?? null,
		specialist: ids.specialistId ?? null,
		initiator: 'Специалист',
		channel: 'Встреча',
		...content,
		details,
	};
}

export { SCENARIO_SERVICE, decideReferral, recruiterInterviewEvent, suggestScenario };
export type { InterviewOutcome, NextSpecialist, PortraitSummary, RecruiterInterviewContent, RecruiterInterviewDetails, ReferralDecision, ReferralStatus };
