import type { DISMISSAL_REASONS, EPISODE_STAGES, EpisodeStatus, REFUSAL_PARTIES, ServiceNumber } from '../../schemas';
import type { IsoDate } from '../calendar';
import type { HistorySummary } from './history';

export type EpisodeStage = (typeof EPISODE_STAGES)[number];
export type DismissalReason = (typeof DISMISSAL_REASONS)[number];
export type RefusalParty = (typeof REFUSAL_PARTIES)[number];

/** Operation of a specialist on a service episode. Each one records the events the methodology names for it. */
export type EpisodeOperation =
	| 'start'
	| 'complete'
	| 'interrupt'
	| 'refuse'
	| 'violation'
	| 'externalSiteStart'
	| 'externalSiteReturn'
	| 'dismissal'
	| 'contractSigned'
	| 'adaptationChange'
	| 'agreedStartChange'
	| 'refusalBeforeContract'
	| 'internalTrainingEnd'
	| 'reentry'
	| 'refer';

/** Russian operation names, as the node shows them. */
export const EPISODE_OPERATION_LABELS: Record<EpisodeOperation, string> = {
	start: 'Начать оказание',
	complete: 'Завершить',
	interrupt: 'Прервать',
	refuse: 'Отказ',
	violation: 'Нарушение регламента',
	externalSiteStart: 'Выход на стороннюю площадку',
	externalSiteReturn: 'Возвращение на внутреннюю площадку',
	dismissal: 'Увольнение',
	contractSigned: 'Трудовой договор подписан',
	adaptationChange: 'Изменить срок адаптации',
	agreedStartChange: 'Изменить дату выхода',
	refusalBeforeContract: 'Отказ до трудового договора',
	internalTrainingEnd: 'Окончание внутреннего обучения',
	reentry: 'Повторное обращение',
	refer: 'Направить на услугу',
};

/** State of the service-5 recommendations that supported employment requires before the contract. */
export type Service5RecommendationsState = 'confirmed' | 'completedNotConfirmed' | 'notCompleted' | 'notGiven';

/**
 * One operation on one episode. The episode is named by `episodeId`, or found as the only open episode of
 * `service` for `candidateId`. Fields that an operation does not read are ignored.
 */
export interface EpisodeRequest {
	operation: EpisodeOperation;
	episodeId?: string;
	candidateId?: string;
	service?: ServiceNumber;
	/** Date of the fact: the start, the end, the violation, the contract. */
	date: IsoDate;
	/** Reason to set aside a limit or precondition of the methodology, stored on the episode and the event. */
	overrideReason?: string;
	specialistId?: string;
	specialistName?: string;
	specialistComment?: string;

	/** The result of the service for the user. */
	outcome?: string;
	nextService?: ServiceNumber | null;
	recommendations?: string;
	/** Plan agreed at the start; in service 6, the plan of service 5 before the contract. */
	plan?: string;

	/** Service 4: planned length in months, 1 to 9 (9 when absent). */
	plannedMonths?: number;
	/** Service 4 precondition: the user shows high motivation for work. */
	highMotivation?: boolean;
	/** Service 4 precondition after service 3: the user's skills are not enough for the vacancies. */
	skillsInsufficient?: boolean;
	/** Service 4: work functions at the start or the whole experience at the end. */
	functions?: string;
	/** Service 4: skills acquired for the open labour market (the end of the service). */
	acquiredSkills?: string;
	outsideOrganisations?: string;

	/** Service 6: the vacancy. Service 4: the external site (a vacancy of type «Внешняя площадка…»). */
	vacancyId?: string;
	employerId?: string;
	mentorId?: string;

	/** A violation of internal rules, or the reason to return to the internal site or to refuse. */
	description?: string;
	dismissalReason?: DismissalReason;

	/** Service 6: agreed adaptation length, 6 by default; 3 to 9 with the consent of user and employer. */
	adaptationMonths?: number;
	userConsent?: boolean;
	employerConsent?: boolean;
	/** Service 6: the first working day agreed with the employer, at the contract or in «Изменить дату выхода». */
	agreedStartDate?: IsoDate;
	service5Recommendations?: Service5RecommendationsState;
	position?: string;
	refusedBy?: RefusalParty;

	/** Re-entry: the service the user asks for; any service but 5 after the exit re-enters at service 2. */
	requestedService?: ServiceNumber;

	/** Referral (`service` is the service referred to): the episode the referral comes from. */
	referredBy?: string;
	/** Referral to service 6: the user has an employer's offer. */
	employerOffer?: boolean;
}

/** Next step of an item: done, one of the services offered after a refusal or dismissal, or a decision to make. */
export type EpisodeBranch = 'done' | 'service5' | 'service2' | 'service1' | 'decision';

/** Services offered after a refusal before the contract or a dismissal, in the order the methodology lists them. */
export const OFFERED_AFTER_LEAVING: readonly ServiceNumber[] = [5, 2, 1];

export interface ViolationSummary {
	count: number;
	/** Violations left before dismissal; 0 from the third on. */
	remaining: number;
	dismissed: boolean;
}

export interface EpisodeOutcome {
	operation: EpisodeOperation;
	candidateId: string;
	episodeId: string | null;
	service: ServiceNumber | null;
	status: EpisodeStatus | null;
	stage: EpisodeStage | null;
	branch: EpisodeBranch;
	/** Services the specialist offers next (after a refusal or dismissal); empty otherwise. */
	offeredServices: ServiceNumber[];
	nextService: ServiceNumber | null;
	/** Russian summary for the specialist. */
	message: string;
	eventIds: string[];
	/** The recorded exception to a rule, when one was needed. */
	override: { reason: string; problems: string[] } | null;
	violations?: ViolationSummary;
	adaptation?: { months: number; end: IsoDate | null };
	plannedEndDate?: IsoDate | null;
	/** Re-entry and referral: the episode opened for the user. */
	openedEpisodeId?: string;
	/** Re-entry: the user's history for the recruiter. */
	history?: HistorySummary;
	/** True when the same request was already applied: nothing was written again. */
	replayed: boolean;
}
