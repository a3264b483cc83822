import { serviceName, type Episode, type LifecycleEvent, type ServiceNumber, type SkillLevelRow, type Vacancy } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import { compareDates, type IsoDate } from '../calendar';
import { buildRouteTimeline } from '../checkpoints';
import {
	acceptEvaluation,
	compareSkillLevels,
	EVALUATION_FORMS,
	evaluationEpisodes,
	evaluationEvent,
	evaluationFromEvent,
	SKILL_SCALE,
	SKILLS,
	type Evaluation,
	type EvaluationFormId,
	type SkillComparison,
	type SkillKey,
} from '../evaluations';
import { checkEventDraft, eventRow, type EventDraft } from '../events';
import { canonicalJson, stableId } from '../ids';
import { failure, withoutMeta, type ItemResult } from './result';

/**
 * Records skill evaluations: the employer's at 1, 3 and 6 months (supported employment, or an external site
 * in temporary employment), the fortnightly evaluation at the internal site, and the exam and the
 * characteristic that end professional orientation. Each evaluation is one event plus one «Оценки навыков»
 * row per skill beside the previous level, so current and past levels compare side by side.
 */

export interface EvaluationRequest {
	candidateId: string;
	service: ServiceNumber;
	form: EvaluationFormId;
	date: IsoDate;
	/** The checkpoint the evaluation closes; with the form it gives the idempotency key. */
	checkpointKey?: string;
	/** Explicit key for an evaluation outside the schedule; wins over the checkpoint. */
	idempotencyKey?: string;
	episodeId?: string;
	/** Levels by skill key, as `readSkillLevels` returns them. */
	levels: Record<string, unknown>;
	examPassed?: boolean;
	recommendations?: string;
	/** The employer's comments on an employer form. */
	feedback?: string;
	specialistComment?: string;
	employerId?: string;
	specialistId?: string;
	specialistName?: string;
	/** The submission as received (e.g. the form's fields), kept in «Отклоненные анкеты» when rejected. */
	raw?: Record<string, unknown>;
}

export interface EvaluationOptions {
	/** Keeps each rejected evaluation that carries `raw` in «Отклоненные анкеты», named by this form or node. */
	keepRejectedAs?: string;
}

export interface RecordedLevel {
	skill: SkillKey;
	label: string;
	level: number;
	levelLabel: string;
	previousLevel: number | null;
	previousDate: IsoDate | null;
	change: number | null;
}

export interface EvaluationOutcome {
	candidateId: string;
	episodeId: string;
	eventId: string;
	evaluationKey: string;
	service: ServiceNumber;
	form: EvaluationFormId;
	formLabel: string;
	date: IsoDate;
	levels: RecordedLevel[];
	/** Russian names of the form's criteria left without a level. */
	missingCriteria: string[];
	examPassed: boolean | null;
	employerId: string | null;
	/** Every skill of the candidate: first, previous and current level side by side. */
	comparison: SkillComparison[];
}

class EvaluationRejected extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join(' '));
		this.name = 'EvaluationRejected';
	}
}

interface SiteStay {
	eventId: string;
	start: IsoDate;
	returnDate: IsoDate | null;
	vacancy: string | null;
	employer: string | null;
}

function siteStays(candidateId: string, episodes: readonly Episode[], events: readonly LifecycleEvent[], episodeId: string): SiteStay[] {
	const timeline = buildRouteTimeline(candidateId, episodes, events);
	const episode = timeline.episodes.find((entry) => entry.id === episodeId);
	return (episode?.externalSites ?? []).map((site) => {
		const event = events.find((candidate) => candidate.id === site.id);
		return { eventId: site.id, start: site.start, returnDate: site.returnDate ?? null, vacancy: event?.vacancy ?? null, employer: event?.employer ?? null };
	});
}

function stayOn(stays: readonly SiteStay[], date: IsoDate): SiteStay | undefined {
	return stays.find((stay) => compareDates(date, stay.start) >= 0 && (!stay.returnDate || compareDates(date, stay.returnDate) < 0));
}

/**
 * Checks where the evaluation was made and returns the employer and site the event links to. The internal
 * site is not evaluated while the user is at an external site. In temporary employment the employer
 * evaluates only during a stay at an external site, and in supported employment only after the contract.
 */
function placeOfEvaluation(request: EvaluationRequest, evaluation: Evaluation, episodes: readonly Episode[], events: readonly LifecycleEvent[], vacancies: ReadonlyMap<string, Vacancy>): { employer: string | null; vacancy: string | null } {
	const episode = episodes.find((row) => row.id === evaluation.episodeId) as Episode;

	if (evaluation.service === 4) {
		const stay = stayOn(siteStays(request.candidateId, episodes, events, episode.id), evaluation.date);
		if (evaluation.form === 'internalSite' && stay) {
			throw new EvaluationRejected([`На ${evaluation.date} пользователь работает на сторонней площадке (с ${stay.start}): загрузите оценку работодателя, а не оценку внутренней площадки.`]);
		}
		if (evaluation.form === 'employer') {
			if (!stay) {
				throw new EvaluationRejected([`На ${evaluation.date} пользователь не работает на сторонней площадке: работодатель оценивает его только во время стажировки.`]);
			}
			return { employer: request.employerId || stay.employer, vacancy: stay.vacancy };
		}
		return { employer: null, vacancy: null };
	}

	if (evaluation.service === 6 && evaluation.form === 'employer') {
		const hired = events.filter((event) => event.episode === episode.id && event.type === 'Кандидат устроился на работу').map((event) => event.date).sort(compareDates)[0];
		const employmentStart = episode.employmentStart ?? hired;
		if (!employmentStart || compareDates(evaluation.date, employmentStart) < 0) {
			throw new EvaluationRejected([
				`Работодатель оценивает работу после подписания трудового договора, а на ${evaluation.date} договора ${employmentStart ? `еще нет (он с ${employmentStart})` : 'нет'}.`,
			]);
		}
		const vacancy = episode.vacancy ?? null;
		return { employer: request.employerId || episode.employer || (vacancy ? (vacancies.get(vacancy)?.employer ?? null) : null), vacancy };
	}
	return { employer: null, vacancy: null };
}

function levelLabel(level: number): string {
	return SKILL_SCALE.find((step) => step.level === level)?.label ?? '';
}

/**
 * Sets each new level beside the latest earlier level of the same skill and the first one.
 * NOTE: rows are not rewritten later, so a back-dated evaluation leaves the «Предыдущий уровень» of newer
 * rows as it was; `compareSkillLevels` over the events is always in date order.
 */
function skillRows(evaluation: Evaluation, history: readonly Evaluation[], eventId: string, place: { employer: string | null; vacancy: string | null }): { rows: SkillLevelRow[]; levels: RecordedLevel[] } {
	const rows: SkillLevelRow[] = [];
	const levels: RecordedLevel[] = [];
	const earlier = history.filter((item) => compareDates(item.date, evaluation.date) <= 0);

	for (const skill of Object.keys(SKILLS) as SkillKey[]) {
		const level = evaluation.levels[skill];
		if (level === undefined) {
			continue;
		}
		const observations = earlier.filter((item) => item.levels[skill] !== undefined).sort((left, right) => compareDates(left.date, right.date));
		const previous = observations[observations.length - 1];
		const first = observations[0];
		const recorded: RecordedLevel = {
			skill,
			label: SKILLS[skill],
			level,
			levelLabel: levelLabel(level),
			previousLevel: previous ? (previous.levels[skill] as number) : null,
			previousDate: previous?.date ?? null,
			change: previous ? level - (previous.levels[skill] as number) : null,
		};
		levels.push(recorded);
		rows.push({
			id: stableId('skl', evaluation.idempotencyKey, skill),
			candidate: evaluation.candidateId,
			episode: evaluation.episodeId,
			event: eventId,
			evaluationKey: evaluation.idempotencyKey,
			checkpointKey: evaluation.checkpointKey ?? null,
			service: serviceName(evaluation.service),
			form: EVALUATION_FORMS[evaluation.form].label,
			date: evaluation.date,
			skillKey: skill,
			skill: SKILLS[skill],
			level,
			levelLabel: recorded.levelLabel,
			previousLevel: recorded.previousLevel,
			previousDate: recorded.previousDate,
			change: recorded.change,
			firstLevel: first ? (first.levels[skill] as number) : level,
			employer: place.employer,
			vacancy: place.vacancy,
		});
	}
	return { rows, levels };
}

async function recordOne(tx: Base, request: EvaluationRequest, context: WriteContext): Promise<ItemResult<EvaluationOutcome>> {
	const candidate = await tx.get('candidates', request.candidateId);
	if (!candidate) {
		return failure('Кандидат с таким ключом не найден в базе. Проверьте поле «Ключ кандидата».');
	}
	const episodes = (await tx.list('episodes', { where: { candidate: request.candidateId } })).map((row) => withoutMeta(row) as Episode);
	const events = (await tx.list('events', { where: { candidate: request.candidateId }, orderBy: [{ column: 'date' }] })).map((row) => withoutMeta(row) as LifecycleEvent);
	const history = events.map(evaluationFromEvent).filter((item): item is Evaluation => item !== undefined);

	const accepted = acceptEvaluation(
		{ ...request, levels: request.levels as Partial<Record<string, number>> },
		{ recordedKeys: history.map((item) => item.idempotencyKey), episodes: evaluationEpisodes(episodes) },
	);
	if (!accepted.ok) {
		const problems = accepted.errors.map((error) => error.message);
		return failure(problems.join(' '), problems);
	}
	const evaluation = accepted.evaluation;

	const vacancyIds = [...new Set(episodes.map((episode) => episode.vacancy).filter((id): id is string => !!id))];
	const vacancies = new Map([...(await tx.getMany('vacancies', vacancyIds))].map(([id, row]) => [id, withoutMeta(row) as Vacancy]));
	const place = placeOfEvaluation(request, evaluation, episodes, events, vacancies);
	if (place.employer && !(await tx.get('employers', place.employer))) {
		return failure('Поле «Ключ работодателя»: работодатель с таким ключом не найден в базе. Проверьте ключ.');
	}
	if (request.specialistId && !(await tx.get('specialists', request.specialistId))) {
		return failure('Поле «Ключ специалиста»: специалист с таким ключом не найден в базе. Проверьте ключ.');
	}

	const draft: EventDraft = {
		...evaluationEvent(evaluation),
		title: `${EVALUATION_FORMS[evaluation.form].label}${evaluation.checkpointKey ? ` (${evaluation.checkpointKey})` : ''}`,
		idempotencyKey: `evaluation:${evaluation.idempotencyKey}`,
	};
	const optional: Partial<EventDraft> = {
		employer: place.employer ?? undefined,
		vacancy: place.vacancy ?? undefined,
		feedback: request.feedback?.trim() || undefined,
		specialistComment: request.specialistComment?.trim() || undefined,
		specialist: request.specialistId || undefined,
		specialistName: request.specialistName?.trim() || undefined,
	};
	for (const [key, value] of Object.entries(optional)) {
		if (value !== undefined) {
			(draft as Record<string, unknown>)[key] = value;
		}
	}
	if (draft.recommendations === undefined) {
		delete draft.recommendations;
	}
	const problems = checkEventDraft(draft);
	if (problems.length > 0) {
		return failure(problems.join(' '), problems);
	}

	const event = eventRow(draft);
	const { rows, levels } = skillRows(evaluation, history, event.id, place);
	const operations: WriteOperation[] = [{ kind: 'insert', table: 'events', row: event, onConflict: 'error' }, ...rows.map((row): WriteOperation => ({ kind: 'insert', table: 'skillLevels', row, onConflict: 'error' }))];
	await tx.write(operations, context, { atomic: true });

	return {
		ok: true,
		value: {
			candidateId: request.candidateId,
			episodeId: evaluation.episodeId,
			eventId: event.id,
			evaluationKey: evaluation.idempotencyKey,
			service: evaluation.service,
			form: evaluation.form,
			formLabel: EVALUATION_FORMS[evaluation.form].label,
			date: evaluation.date,
			levels,
			missingCriteria: evaluation.missingCriteria.map((skill) => SKILLS[skill]),
			examPassed: evaluation.examPassed ?? null,
			employerId: place.employer,
			comparison: compareSkillLevels([...history, evaluation]),
		},
	};
}

/**
 * Records evaluations one at a time, each in its own transaction with atomic writes. An evaluation for a
 * user outside the service, or a second upload for the same checkpoint and form, is rejected with a Russian
 * message and writes nothing.
 */
export async function recordEvaluations(
	base: Base,
	requests: readonly EvaluationRequest[],
	context: WriteContext,
	options: EvaluationOptions = {},
): Promise<Array<ItemResult<EvaluationOutcome>>> {
	const outcomes: Array<ItemResult<EvaluationOutcome>> = [];
	for (const request of requests) {
		let outcome: ItemResult<EvaluationOutcome>;
		try {
			outcome = await base.transaction((tx) => recordOne(tx, request, context));
		} catch (error) {
			const problems = error instanceof EvaluationRejected ? error.problems : undefined;
			outcome = failure((error as Error).message, problems);
		}
		if (!outcome.ok && options.keepRejectedAs && request.raw) {
			outcome = await keepRejected(base, request.raw, outcome, options.keepRejectedAs, context);
		}
		outcomes.push(outcome);
	}
	return outcomes;
}

/** Stores a rejected submission with what to fix, once per identical submission, so nothing sent is lost. */
async function keepRejected(
	base: Base,
	raw: Record<string, unknown>,
	rejection: Extract<ItemResult<EvaluationOutcome>, { ok: false }>,
	formName: string,
	context: WriteContext,
): Promise<ItemResult<EvaluationOutcome>> {
	const problems = rejection.problems ?? [rejection.message];
	const [written] = await base.write(
		[
			{
				kind: 'insert',
				table: 'rejectedSubmissions',
				row: { id: stableId('rej', 'evaluation', canonicalJson(raw)), receivedAt: new Date().toISOString(), form: formName, problems: problems.join('\n'), raw, resolved: false },
				onConflict: 'skip',
			},
		],
		context,
	);
	const kept = written.status === 'failed' ? ' Сохранить ее в таблице «Отклоненные анкеты» не удалось.' : ' Оценка сохранена в таблице «Отклоненные анкеты».';
	return failure(`${rejection.message}${kept}`, problems);
}
