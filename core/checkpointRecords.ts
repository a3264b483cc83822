/**
 * Checkpoints as rows of the table «Контрольные точки»: which event completes a checkpoint, which status a
 * row has on a date, how a recomputed schedule changes the stored rows, and which reminder a row owes.
 *
 * A row's id is the checkpoint key (`<episode id>:<suffix>`), which stays the same when the window moves.
 *
 * Completion. An event completes a checkpoint when
 * - its «Данные события» name the checkpoint (`details.checkpointKey`, or `details.evaluation.checkpointKey`
 *   as evaluation uploads store it), whatever its date and type; or
 * - its type is one of the checkpoint's completing types (below), it belongs to the checkpoint's episode
 *   (an event without an episode link counts for every episode of its service), and its date falls inside
 *   the window. One event completes one checkpoint: the open one whose window closes first. An event after
 *   every matching window completes the earliest overdue one instead (a late contact still counts), and an
 *   event before a window completes nothing.
 * The exit check is completed by «Точка выхода» in any episode of the candidate. A referral to a service
 * is stored as «Связь с кандидатом» on the day the episode opens, but it is no contact about the work, so it
 * completes nothing by its type.
 *
 * The final assessment of service 3 is the exception: the first interview and the result are stored as
 * «Собеседование кандидата с консультантом» too, so the type proves nothing. It is completed when both the
 * theoretical exam and the characteristic are stored for its episode (evaluation events with the form
 * `exam` and `characteristic`), whatever their dates. The later of the two is the completing event.
 *
 * | kind | completing event types |
 * |---|---|
 * | feedback (first day, first week, after internal training) | «Связь с кандидатом», «Звонок кандидата» |
 * | contact (external site) | «Связь с кандидатом», «Звонок кандидата», «Связь с наставником» |
 * | evaluation (internal site) | «Оценка работы на внутренней площадке» |
 * | employerEvaluation | «Оценка работодателем работы кандидата» (service 6), «Оценка работодателем на сторонней площадке» (service 4) |
 * | finalAssessment (service 3) | «Собеседование кандидата с консультантом» carrying the exam, and one carrying the characteristic |
 * | closingMeeting | «Связь с кандидатом» |
 * | followUp | «Связь с кандидатом», «Звонок кандидата» |
 * | exitCheck | «Точка выхода» |
 *
 * Reminders. A row owes at most one reminder per state, and never goes back to an earlier state:
 * - «Наступила» (due): the window is open today and no reminder was sent;
 * - «Просрочена» (overdue): the window has closed, the checkpoint is not completed and no overdue notice
 *   or escalation was sent;
 * - «Эскалация» (escalation): still not completed more than `escalateAfterDays` days after the window
 *   closed, and no escalation was sent.
 * Only the most advanced state is sent, so a checkpoint first seen after its window closed gets one
 * overdue notice, not a late "due" reminder as well.
 *
 * A moved window is a new appointment: its sent marks are cleared, so the reminder goes out again with
 * the new dates, and «Срок перенесен» records when the dates changed.
 */

import { addDays, compareDates, daysBetween, type IsoDate } from './calendar';
import type { AnchorMilestone, Checkpoint, CheckpointKind } from './checkpoints';
import {
	CHECKPOINT_KIND_LABELS,
	CHECKPOINT_MILESTONE_LABELS,
	serviceName,
	serviceNumber,
	type CheckpointRecord,
	type CheckpointStatus,
	type EventTypeName,
	type LifecycleEvent,
} from '../schemas';

export type CheckpointKindLabel = (typeof CHECKPOINT_KIND_LABELS)[number];
type MilestoneLabel = (typeof CHECKPOINT_MILESTONE_LABELS)[number];

export const KIND_LABELS: Record<CheckpointKind, CheckpointKindLabel> = {
	feedback: 'Обратная связь от пользователя',
	contact: 'Связь с пользователем',
	evaluation: 'Оценка на внутренней площадке',
	employerEvaluation: 'Оценка работодателя',
	finalAssessment: 'Итоговая оценка',
	closingMeeting: 'Итоговая встреча',
	followUp: 'Наблюдение после сопровождения',
	exitCheck: 'Проверка точки выхода',
};

const MILESTONE_LABELS: Record<AnchorMilestone, MilestoneLabel> = {
	serviceStart: 'Начало услуги',
	serviceEnd: 'Окончание услуги',
	employmentStart: 'Выход на работу',
	internalTrainingEnd: 'Окончание внутреннего обучения',
	supportEnd: 'Окончание сопровождения',
	externalSiteStart: 'Выход на стороннюю площадку',
};

function invert<K extends string, V extends string>(record: Record<K, V>): Map<string, K> {
	return new Map(Object.entries(record).map(([key, value]) => [value as string, key as K]));
}

const KIND_BY_LABEL = invert(KIND_LABELS);
const MILESTONE_BY_LABEL = invert(MILESTONE_LABELS);

export function kindOfLabel(label: string): CheckpointKind | undefined {
	return KIND_BY_LABEL.get(label);
}

/** Event types that complete a checkpoint of each kind, besides the checkpoint's own `eventType`. */
const EXTRA_COMPLETING_TYPES: Record<CheckpointKind, readonly EventTypeName[]> = {
	feedback: ['Связь с кандидатом', 'Звонок кандидата'],
	contact: ['Связь с кандидатом', 'Звонок кандидата', 'Связь с наставником'],
	evaluation: [],
	employerEvaluation: [],
	finalAssessment: [],
	closingMeeting: [],
	followUp: ['Связь с кандидатом', 'Звонок кандидата'],
	exitCheck: [],
};

const completingTypesCache = new Map<string, ReadonlySet<string>>();

export function completingEventTypes(checkpoint: Pick<Checkpoint, 'kind' | 'eventType'>): ReadonlySet<string> {
	const cacheKey = `${checkpoint.kind}\u0000${checkpoint.eventType}`;
	let types = completingTypesCache.get(cacheKey);
	if (!types) {
		types = new Set<string>([checkpoint.eventType, ...EXTRA_COMPLETING_TYPES[checkpoint.kind]]);
		completingTypesCache.set(cacheKey, types);
	}
	return types;
}

/** Every event type that can complete some checkpoint: the only events a sync has to read for completion. */
export const ALL_COMPLETING_EVENT_TYPES: readonly EventTypeName[] = [
	...new Set<EventTypeName>([
		'Связь с кандидатом',
		'Звонок кандидата',
		'Связь с наставником',
		'Оценка работы на внутренней площадке',
		'Оценка работодателем работы кандидата',
		'Оценка работодателем на сторонней площадке',
		'Собеседование кандидата с консультантом',
		'Точка выхода',
	]),
];

// ---------------------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------------------

export interface Completion {
	eventId: string;
	date: IsoDate;
}

/** Returns the checkpoint key an event names in its details, if any. */
export function linkedCheckpointKey(event: Pick<LifecycleEvent, 'details'>): string | undefined {
	const details = event.details;
	if (!details || typeof details !== 'object') {
		return undefined;
	}
	const direct = (details as { checkpointKey?: unknown }).checkpointKey;
	if (typeof direct === 'string' && direct !== '') {
		return direct;
	}
	const evaluation = (details as { evaluation?: { checkpointKey?: unknown } }).evaluation;
	const nested = evaluation && typeof evaluation === 'object' ? evaluation.checkpointKey : undefined;
	return typeof nested === 'string' && nested !== '' ? nested : undefined;
}

function byDateThenId(left: LifecycleEvent, right: LifecycleEvent): number {
	const byDate = compareDates(left.date, right.date);
	if (byDate !== 0) {
		return byDate;
	}
	if (left.id === right.id) {
		return 0;
	}
	return left.id < right.id ? -1 : 1;
}

function belongsTo(event: LifecycleEvent, checkpoint: Checkpoint): boolean {
	if (checkpoint.kind === 'exitCheck') {
		return true;
	}
	if (event.episode) {
		return event.episode === checkpoint.episodeId;
	}
	return !event.service || serviceNumber(event.service) === checkpoint.service;
}

/** Tells whether an event records a referral to a service («Направить на услугу» stores `details.referral`). */
function isReferral(event: Pick<LifecycleEvent, 'details'>): boolean {
	const details = event.details;
	return Boolean(details && typeof details === 'object' && (details as { referral?: unknown }).referral);
}

/** Evaluation forms that together complete the final assessment of service 3. */
const FINAL_ASSESSMENT_FORMS = ['exam', 'characteristic'] as const;

function evaluationFormOf(event: Pick<LifecycleEvent, 'details'>): string | undefined {
	const details = event.details;
	const evaluation = details && typeof details === 'object' ? (details as { evaluation?: { form?: unknown } }).evaluation : undefined;
	const form = evaluation && typeof evaluation === 'object' ? evaluation.form : undefined;
	return typeof form === 'string' ? form : undefined;
}

/** Returns the completion of a final assessment: the later of the episode's first exam and first characteristic. */
function finalAssessmentCompletion(checkpoint: Checkpoint, sorted: readonly LifecycleEvent[]): Completion | undefined {
	const found = new Map<string, LifecycleEvent>();
	for (const event of sorted) {
		const form = evaluationFormOf(event);
		const ownEpisode = event.episode === checkpoint.episodeId || linkedCheckpointKey(event) === checkpoint.key;
		if (form && ownEpisode && completingEventTypes(checkpoint).has(event.type) && !found.has(form)) {
			found.set(form, event);
		}
	}
	const parts = FINAL_ASSESSMENT_FORMS.map((form) => found.get(form));
	if (parts.some((event) => event === undefined)) {
		return undefined;
	}
	const last = (parts as LifecycleEvent[]).sort(byDateThenId)[parts.length - 1];
	return { eventId: last.id, date: last.date };
}

function closesFirst(left: Checkpoint, right: Checkpoint): number {
	return compareDates(left.due.latest, right.due.latest) || compareDates(left.due.earliest, right.due.earliest) || (left.key < right.key ? -1 : 1);
}

/**
 * Finds which checkpoints of one candidate's schedule the candidate's events complete, by the rules in
 * the file header. Returns the completing event and its date by checkpoint key.
 */
export function findCompletions(schedule: readonly Checkpoint[], events: readonly LifecycleEvent[]): Map<string, Completion> {
	const completions = new Map<string, Completion>();
	const sorted = [...events].sort(byDateThenId);
	const used = new Set<string>();

	const finalAssessments = schedule.filter((checkpoint) => checkpoint.kind === 'finalAssessment');
	for (const checkpoint of finalAssessments) {
		const completion = finalAssessmentCompletion(checkpoint, sorted);
		if (completion) {
			completions.set(checkpoint.key, completion);
		}
	}
	const byType = schedule.filter((checkpoint) => checkpoint.kind !== 'finalAssessment');
	const byKey = new Map(byType.map((checkpoint) => [checkpoint.key, checkpoint]));

	for (const event of sorted) {
		const key = linkedCheckpointKey(event);
		if (key && byKey.has(key)) {
			used.add(event.id);
			if (!completions.has(key)) {
				completions.set(key, { eventId: event.id, date: event.date });
			}
		}
	}

	for (const event of sorted) {
		if (used.has(event.id) || isReferral(event)) {
			continue;
		}
		const open = byType.filter((checkpoint) => !completions.has(checkpoint.key) && completingEventTypes(checkpoint).has(event.type) && belongsTo(event, checkpoint));
		const inWindow = open.filter((checkpoint) => compareDates(checkpoint.due.earliest, event.date) <= 0 && compareDates(event.date, checkpoint.due.latest) <= 0);
		const late = open.filter((checkpoint) => compareDates(checkpoint.due.latest, event.date) < 0);
		const target = inWindow.sort(closesFirst)[0] ?? late.sort(closesFirst)[0];
		if (target) {
			completions.set(target.key, { eventId: event.id, date: event.date });
		}
	}
	return completions;
}

// ---------------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------------

/** A stored row with the version used for optimistic concurrency. */
export type StoredCheckpoint = CheckpointRecord & { version: number };

/** Status of an open checkpoint on a date, from its window alone. */
export function statusOnDate(window: { earliest: IsoDate; latest: IsoDate }, today: IsoDate): Extract<CheckpointStatus, 'Запланирована' | 'Наступила' | 'Просрочена'> {
	if (compareDates(today, window.earliest) < 0) {
		return 'Запланирована';
	}
	return compareDates(today, window.latest) <= 0 ? 'Наступила' : 'Просрочена';
}

/** Reads a stored row back as a checkpoint, so that `diffSchedules` can compare it with a new schedule. */
export function checkpointFromRecord(row: CheckpointRecord): Checkpoint | undefined {
	const kind = kindOfLabel(row.kind);
	const service = serviceNumber(row.service);
	if (!kind || !service) {
		return undefined;
	}
	const milestone = row.anchorMilestone ? MILESTONE_BY_LABEL.get(row.anchorMilestone) : undefined;
	return {
		key: row.id,
		kind,
		label: row.label,
		service,
		candidateId: row.candidate,
		episodeId: row.episode,
		due: { earliest: row.earliest, latest: row.latest },
		anchor: { milestone: milestone ?? 'serviceStart', date: row.anchorDate ?? row.earliest },
		eventType: (row.eventType ?? 'Связь с кандидатом') as EventTypeName,
	};
}

function scheduleFields(checkpoint: Checkpoint): Pick<CheckpointRecord, 'kind' | 'label' | 'service' | 'earliest' | 'latest' | 'anchorMilestone' | 'anchorDate' | 'eventType'> {
	return {
		kind: KIND_LABELS[checkpoint.kind],
		label: checkpoint.label,
		service: serviceName(checkpoint.service),
		earliest: checkpoint.due.earliest,
		latest: checkpoint.due.latest,
		anchorMilestone: MILESTONE_LABELS[checkpoint.anchor.milestone],
		anchorDate: checkpoint.anchor.date,
		eventType: checkpoint.eventType,
	};
}

export interface PlanInput {
	/** The candidate's recomputed schedule. */
	schedule: readonly Checkpoint[];
	completions: ReadonlyMap<string, Completion>;
	/** The candidate's stored rows. */
	stored: readonly StoredCheckpoint[];
	/** Responsible specialist by episode id. */
	specialistByEpisode: ReadonlyMap<string, string | null>;
	today: IsoDate;
	/** Timestamp written to «Срок перенесен». */
	now: string;
	/** New rows are created only for checkpoints that open within this many days from today. */
	horizonDays: number;
	/** New rows are created only for checkpoints whose window closed at most this many days ago. */
	lookbackDays: number;
}

export interface CheckpointPlan {
	inserts: CheckpointRecord[];
	updates: Array<{ id: string; patch: Partial<CheckpointRecord>; expectVersion: number }>;
	created: number;
	rescheduled: number;
	cancelled: number;
	completed: number;
}

function statusAndCompletion(checkpoint: Checkpoint, completion: Completion | undefined, today: IsoDate): Pick<CheckpointRecord, 'status' | 'completedAt' | 'completedBy'> {
	if (completion) {
		return { status: 'Выполнена', completedAt: completion.date, completedBy: completion.eventId };
	}
	return { status: statusOnDate(checkpoint.due, today), completedAt: null, completedBy: null };
}

/** Tells whether «Выполнена» was set by hand, without a completing event. Such a status is kept, because the specialist decided the checkpoint is done. */
function completedByHand(row: CheckpointRecord): boolean {
	return row.status === 'Выполнена' && !row.completedBy;
}

function changedFields(row: CheckpointRecord, wanted: Partial<CheckpointRecord>): Partial<CheckpointRecord> {
	const patch: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(wanted)) {
		const current = (row as Record<string, unknown>)[key] ?? null;
		if ((value ?? null) !== current) {
			patch[key] = value ?? null;
		}
	}
	return patch as Partial<CheckpointRecord>;
}

/**
 * Plans the writes that bring one candidate's stored rows in line with the recomputed schedule. New
 * checkpoints within the horizon are inserted. Moved ones get their new window and lose their sent marks.
 * Checkpoints no longer in the schedule are cancelled, unless completed. Every status follows the date
 * and the completions.
 */
export function planCheckpointChanges(input: PlanInput): CheckpointPlan {
	const plan: CheckpointPlan = { inserts: [], updates: [], created: 0, rescheduled: 0, cancelled: 0, completed: 0 };
	const storedByKey = new Map(input.stored.map((row) => [row.id, row]));
	const newestOpening = addDays(input.today, input.horizonDays);
	const oldestClosing = addDays(input.today, -input.lookbackDays);

	for (const checkpoint of input.schedule) {
		const completion = input.completions.get(checkpoint.key);
		const specialist = input.specialistByEpisode.get(checkpoint.episodeId) ?? null;
		const row = storedByKey.get(checkpoint.key);

		if (!row) {
			const inRange = compareDates(checkpoint.due.earliest, newestOpening) <= 0 && compareDates(checkpoint.due.latest, oldestClosing) >= 0;
			if (inRange) {
				plan.inserts.push({
					id: checkpoint.key,
					candidate: checkpoint.candidateId,
					episode: checkpoint.episodeId,
					...scheduleFields(checkpoint),
					...statusAndCompletion(checkpoint, completion, input.today),
					specialist,
				});
				plan.created += 1;
				plan.completed += completion ? 1 : 0;
			}
			continue;
		}

		const wanted: Partial<CheckpointRecord> = { ...scheduleFields(checkpoint), specialist };
		if (!completedByHand(row)) {
			Object.assign(wanted, statusAndCompletion(checkpoint, completion, input.today));
		}
		const moved = row.earliest !== checkpoint.due.earliest || row.latest !== checkpoint.due.latest;
		if (moved && wanted.status !== undefined && wanted.status !== 'Выполнена') {
			Object.assign(wanted, { rescheduledAt: input.now, firedDueAt: null, firedOverdueAt: null, escalatedAt: null });
			plan.rescheduled += 1;
		}
		const patch = changedFields(row, wanted);
		if (Object.keys(patch).length > 0) {
			plan.updates.push({ id: row.id, patch, expectVersion: row.version });
			plan.completed += patch.status === 'Выполнена' ? 1 : 0;
		}
	}

	const scheduledKeys = new Set(input.schedule.map((checkpoint) => checkpoint.key));
	for (const row of input.stored) {
		if (scheduledKeys.has(row.id) || row.status === 'Выполнена' || row.status === 'Отменена') {
			continue;
		}
		plan.updates.push({ id: row.id, patch: { status: 'Отменена' }, expectVersion: row.version });
		plan.cancelled += 1;
	}
	return plan;
}

// ---------------------------------------------------------------------------------------------------
// Reminders
// ---------------------------------------------------------------------------------------------------

export type ReminderState = 'due' | 'overdue' | 'escalation';

export const REMINDER_STATE_LABELS: Record<ReminderState, string> = {
	due: 'Наступила',
	overdue: 'Просрочена',
	escalation: 'Эскалация',
};

export interface ReminderPolicy {
	/** Send one overdue notice when the window has closed. */
	overdue: boolean;
	/** Escalate when still not completed more than this many days after the window closed; null never escalates. */
	escalateAfterDays: number | null;
	/** Send nothing about a checkpoint whose window closed more than this many days ago. */
	maxAgeDays: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { overdue: true, escalateAfterDays: 3, maxAgeDays: 30 };

type ReminderFields = Pick<CheckpointRecord, 'status' | 'earliest' | 'latest' | 'firedDueAt' | 'firedOverdueAt' | 'escalatedAt'>;

/** Returns the reminder a row owes today, or undefined. */
export function reminderDue(row: ReminderFields, today: IsoDate, policy: ReminderPolicy): ReminderState | undefined {
	if (row.status === 'Выполнена' || row.status === 'Отменена' || compareDates(today, row.earliest) < 0) {
		return undefined;
	}
	if (compareDates(today, row.latest) <= 0) {
		return row.firedDueAt ? undefined : 'due';
	}
	const daysLate = daysBetween(row.latest, today);
	if (daysLate > policy.maxAgeDays) {
		return undefined;
	}
	if (policy.escalateAfterDays !== null && daysLate > policy.escalateAfterDays) {
		return row.escalatedAt ? undefined : 'escalation';
	}
	if (policy.overdue && !row.firedOverdueAt && !row.escalatedAt) {
		return 'overdue';
	}
	return undefined;
}

/** Returns the fields a claim writes for a state: the sent mark and the status it implies. */
export function claimPatch(state: ReminderState, at: string): Partial<CheckpointRecord> {
	if (state === 'due') {
		return { firedDueAt: at, status: 'Наступила' };
	}
	if (state === 'overdue') {
		return { firedOverdueAt: at, status: 'Просрочена' };
	}
	return { escalatedAt: at, status: 'Просрочена' };
}
