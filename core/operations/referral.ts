import { serviceName, type Candidate, type Episode, type ServiceNumber } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import type { IsoDate } from '../calendar';
import { canonicalJson, stableId } from '../ids';
import { INTERVIEW_FIELDS, type InterviewAnswers } from '../interview';
import { checkPortrait } from '../portrait';
import { DEFAULT_PORTRAIT_RULES, type PortraitRules } from '../portraitRules';
import { decideReferral, recruiterInterviewEvent, type ReferralDecision } from '../referral';
import { enterRoute, planReferral, RouteError, type EpisodeUpdate } from '../route';
import { CONFIDENTIAL_ANSWER_LABELS, keepRejectedSubmission, withoutSecrets } from './rejectedSteps';
import { failure, withoutMeta, type ItemResult } from './result';

export interface ReferralRequest {
	candidateId: string;
	answers: InterviewAnswers;
	today: IsoDate;
}

export interface ReferralOutcome {
	candidateId: string;
	decision: ReferralDecision;
	/** True when the user had been in the route before: the interview is recorded as «Связь с кандидатом». */
	repeatedAppeal: boolean;
	/** True when the same interview was recorded before (a re-run): nothing was written this time. */
	alreadyRecorded: boolean;
	eventId: string;
	entryEpisodeId: string;
	referralEpisodeIds: string[];
}

/**
 * The portrait as the referral reads it: the verdict stored by the last check (it may have used the
 * organisation's extended rules), with reasons and follow-ups such as «no ИНН» from a fresh check.
 */
function portraitOf(candidate: Candidate, asOf: IsoDate, rules: PortraitRules) {
	const fresh = checkPortrait(candidate, asOf, rules);
	return candidate.portraitVerdict ? { ...fresh, verdict: candidate.portraitVerdict } : fresh;
}

function episodeWrites(create: readonly Episode[], update: readonly EpisodeUpdate[]): WriteOperation[] {
	return [
		...create.map((row): WriteOperation => ({ kind: 'insert', table: 'episodes', row, onConflict: 'skip' })),
		...update.map((change): WriteOperation => ({ kind: 'update', table: 'episodes', id: change.id, patch: change.patch })),
	];
}

/**
 * Plans the writes of one recruiter interview: the user enters the route (or re-enters at service 2 with
 * the history kept), the interview event is recorded, and the recommended services are opened as
 * episodes with the status «Направлен». Nothing already stored is overwritten.
 */
function planInterview(candidate: Candidate, episodes: readonly Episode[], request: ReferralRequest, rules: PortraitRules, recruiterId: string | null) {
	const date = request.answers.date ?? request.today;
	const decision = decideReferral(portraitOf(candidate, date, rules), request.answers.outcome, {});
	const entry = enterRoute(candidate, episodes, { date, episodeId: stableId('ep', candidate.id, 2, date) });
	const history = [...episodes, ...entry.create];
	// A second interview while only service 2 is open (say, after the missing data was completed) goes on
	// with the same entry. It is a repeated appeal when the user re-enters (now or in the open service-2
	// episode) or already receives other services.
	const otherServiceOpen = history.some((episode) => episode.service !== serviceName(2) && (episode.status === 'Оказывается' || episode.status === 'Направлен'));
	const entryEpisode = entry.create[0] ?? history.find((episode) => episode.service === serviceName(2) && (episode.status === 'Оказывается' || episode.status === 'Направлен'));
	const entryEpisodeId = entryEpisode?.id;
	const repeatedAppeal = entry.reentry || entryEpisode?.reentry === true || otherServiceOpen;
	if (!entryEpisodeId) {
		throw new RouteError('episodeNotFound', 'Не найден открытый эпизод услуги «Содействие в поиске подходящей работы».');
	}

	const eventId = stableId('evt', 'interview', candidate.id, date, canonicalJson(request.answers));
	const event = recruiterInterviewEvent(decision, { id: eventId, date, candidateId: candidate.id, episodeId: entryEpisodeId });
	if (repeatedAppeal) {
		event.type = 'Связь с кандидатом';
		event.title = `Повторное обращение: ${event.title ?? 'новый план маршрута'}`;
	}
	if (request.answers.comment) {
		event.specialistComment = request.answers.comment;
	}
	if (request.answers.recruiterName) {
		event.specialistName = request.answers.recruiterName;
	}
	if (recruiterId) {
		event.specialist = recruiterId;
	}

	const operations: WriteOperation[] = [...episodeWrites(entry.create, entry.update), { kind: 'insert', table: 'events', row: event, onConflict: 'skip' }];
	const candidatePatch: Partial<Candidate> = { ...entry.candidate };
	let referralEpisodeIds: string[] = [];

	if (decision.status === 'referred' && decision.primaryService !== 2) {
		const target = (service: ServiceNumber) => ({ service, episodeId: stableId('ep', candidate.id, service, date, eventId) });
		const plan = planReferral({ ...candidate, ...entry.candidate }, history, {
			date,
			primary: target(decision.primaryService),
			parallel: decision.parallelServices.filter((service) => service !== 2).map(target),
			referredBy: entryEpisodeId,
			scenario: decision.scenario,
			vacancyId: decision.vacancyId,
			plan: decision.explanation.join('\n'),
		});
		operations.push(...episodeWrites(plan.create, plan.update));
		Object.assign(candidatePatch, plan.candidate);
		referralEpisodeIds = plan.create.map((episode) => episode.id);
	}

	// A decision without a referral keeps the current service of a user who already receives another one.
	if (decision.status === 'referred' || !otherServiceOpen) {
		candidatePatch.currentService = serviceName(decision.primaryService);
	}
	if (recruiterId && !candidate.recruiter) {
		candidatePatch.recruiter = recruiterId;
	}
	operations.push({ kind: 'update', table: 'candidates', id: candidate.id, patch: candidatePatch });
	return { decision, repeatedAppeal, eventId, entryEpisodeId, referralEpisodeIds, operations };
}

/**
 * Finds the specialist the form's «Рекрутер» names: by key, or by full name among active specialists
 * with the role «Рекрутер». Returns null unless exactly one matches, because a guess would credit the
 * interview to the wrong person. The typed name stays on the event either way.
 */
async function findRecruiter(base: Base, typed: string | null): Promise<string | null> {
	if (!typed) {
		return null;
	}
	const byKey = await base.get('specialists', typed);
	if (byKey) {
		return byKey.id;
	}
	const named = (await base.list('specialists', { where: { name: typed }, fields: ['id', 'role', 'active'] })).filter(
		(specialist) => specialist.active !== false && (specialist.role === null || specialist.role === undefined || specialist.role === 'Рекрутер'),
	);
	return named.length === 1 ? named[0].id : null;
}

/**
 * Records recruiter interviews and refers each user to a service. Each interview is written in its own
 * transaction, so a failed one leaves nothing half-written and the others still land.
 */
export async function referAfterInterviews(
	base: Base,
	requests: readonly ReferralRequest[],
	context: WriteContext,
	rules: PortraitRules = DEFAULT_PORTRAIT_RULES,
): Promise<Array<ItemResult<ReferralOutcome>>> {
	const outcomes: Array<ItemResult<ReferralOutcome>> = [];

	for (const request of requests) {
		try {
			const outcome = await base.transaction(async (tx) => {
				const stored = await tx.get('candidates', request.candidateId);
				if (!stored) {
					return failure('Кандидат с таким ключом не найден в базе. Проверьте поле «Ключ кандидата» или сначала примите анкету.');
				}
				const candidate = withoutMeta(stored);
				const episodes = await tx.list('episodes', { where: { candidate: request.candidateId }, orderBy: [{ column: 'startDate' }] });
				const recruiterId = await findRecruiter(tx, request.answers.recruiterName);
				const plan = planInterview(candidate as Candidate, episodes as Episode[], request, rules, recruiterId);
				const vacancyId = plan.decision.vacancyId;
				if (vacancyId && !(await tx.get('vacancies', vacancyId))) {
					return failure(
						`Поле «Ключ выбранной вакансии»: вакансии «${vacancyId}» нет в таблице «Вакансии». Скопируйте ключ из таблицы «Вакансии» или сначала добавьте вакансию, затем отправьте анкету снова.`,
					);
				}

				const existingEvent = await tx.get('events', plan.eventId);
				if (!existingEvent) {
					await tx.write(plan.operations, context, { atomic: true });
				}
				// On a re-run the plan finds this interview's own episodes open, so the stored event's type
				// records whether the interview was a repeated appeal when it was first written.
				const repeatedAppeal = existingEvent ? existingEvent.type === 'Связь с кандидатом' : plan.repeatedAppeal;
				return {
					ok: true as const,
					value: {
						candidateId: request.candidateId,
						decision: plan.decision,
						repeatedAppeal,
						alreadyRecorded: existingEvent !== undefined,
						eventId: plan.eventId,
						entryEpisodeId: plan.entryEpisodeId,
						referralEpisodeIds: plan.referralEpisodeIds,
					},
				};
			});
			outcomes.push(outcome);
		} catch (error) {
			outcomes.push(failure((error as Error).message));
		}
	}
	return outcomes;
}

/** Label of the recruiter's impressions: they go to the event's confidential comment. */
const RECRUITER_COMMENT_LABEL = INTERVIEW_FIELDS.find((field) => field.key === 'recruiterComment')?.label ?? 'Впечатления и комментарий рекрутера';

/**
 * Stores an interview the referral rejected (an unknown vacancy, a date after today) in «Отклоненные
 * анкеты» once per identical submission, so the recruiter's answers are not lost. The recruiter's
 * impressions and other confidential texts are replaced by a placeholder, because the table's
 * «Исходные данные» is personal, not confidential. Returns the rejection with where it is stored.
 */
export async function keepRejectedInterview(
	base: Base,
	submission: Record<string, unknown>,
	rejection: Extract<ItemResult<unknown>, { ok: false }>,
	formName: string,
	context: WriteContext,
): Promise<Extract<ItemResult<unknown>, { ok: false }>> {
	return keepRejectedSubmission(
		base,
		{
			keyParts: ['interview', formName],
			raw: withoutSecrets(submission, (label) => label === RECRUITER_COMMENT_LABEL || CONFIDENTIAL_ANSWER_LABELS.has(label)),
			formName,
			rejection,
			notes: {
				stored: ' Анкета сохранена в таблице «Отклоненные анкеты» вместе с тем, что исправить.',
				failed: ' Сохранить анкету в таблице «Отклоненные анкеты» не удалось.',
			},
		},
		context,
	);
}
