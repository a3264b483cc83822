/**
 * Checkpoints of every user's route as rows of «Контрольные точки», and the reminders they owe.
 *
 * `syncCheckpoints` recomputes each user's schedule from the episode and event rows and brings the stored
 * rows in line (created, moved, cancelled, completed). `claimDueCheckpoints` marks the rows that owe a
 * reminder today as sent and returns them, so each reminder goes out once even with two pollers or after a
 * restart. `pollCheckpoints` does both and adds what a specialist needs to act.
 *
 * The rules (completion, statuses, reminder states) are in `../checkpointRecords.ts`. Both scans stream
 * the tables and work in batches of candidates, so a base of 100,000 users never sits in memory at once.
 */

import { createHash } from 'node:crypto';

import { addDays, compareDates, dateInTimeZone, daysBetween, DEFAULT_TIME_ZONE, type IsoDate } from '../calendar';
import { buildRouteTimeline, buildSchedule, type Checkpoint, type CheckpointKind } from '../checkpoints';
import {
	ALL_COMPLETING_EVENT_TYPES,
	claimPatch,
	DEFAULT_REMINDER_POLICY,
	findCompletions,
	kindOfLabel,
	planCheckpointChanges,
	reminderDue,
	statusOnDate,
	type ReminderPolicy,
	type ReminderState,
	type StoredCheckpoint,
} from '../checkpointRecords';
import { requireIsoDate } from '../durations';
import { describeEpisode, describeRoute } from '../routeSummary';
import type { WorkCalendar } from '../workCalendar';
import { episodes as episodeTable, serviceName, serviceNumber, type CheckpointRecord, type Episode, type EventTypeName, type LifecycleEvent, type ServiceNumber } from '../../schemas';
import type { Base, StoredRow, WriteContext, WriteOperation } from '../../storage/types';
import { canonicalJson, CHECKPOINT_FINGERPRINT_COLUMNS, type CheckpointSyncState, compareText, RowFingerprints } from './checkpointSyncState';
import { withoutMeta } from './result';

/** Services whose routes have checkpoints. */
const SCHEDULED_SERVICES: readonly ServiceNumber[] = [3, 4, 6];

/** Events the timeline reads its milestones from; completions need `ALL_COMPLETING_EVENT_TYPES`. */
const TIMELINE_EVENT_TYPES: readonly EventTypeName[] = [
	'Начало работы',
	'Выход на стороннюю площадку',
	'Возвращение на внутреннюю площадку',
	'Завершение работы',
	'Кандидат устроился на работу',
	'Завершение постоянной работы',
];

const SYNC_EVENT_TYPES = new Set<string>([...TIMELINE_EVENT_TYPES, ...ALL_COMPLETING_EVENT_TYPES]);
/** Event columns the sync reads; the incremental sync fingerprints exactly these. */
const SYNC_EVENT_FIELDS = ['id', 'type', 'date', 'candidate', 'episode', 'service', 'details'] as const;
const OPEN_STATUSES = ['Запланирована', 'Наступила', 'Просрочена'] as const;
const OPEN_STATUS_SET = new Set<string>(OPEN_STATUSES);
/** Every column of an episode row: the schedule may read any of them, and the incremental sync fingerprints them all. */
const EPISODE_COLUMNS = Object.keys(episodeTable.columns);
const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_HORIZON_DAYS = 62;
const DEFAULT_LOOKBACK_DAYS = 90;

export interface DateOptions {
	/** The calendar date to compute for; an instant is read on the calendar of `timeZone`. */
	today: IsoDate | Date;
	/** IANA time zone of the organisation; Europe/Moscow by default. */
	timeZone?: string;
	/** The organisation's extra non-working days and working weekend days; checkpoint deadlines move off non-working days. */
	workCalendar?: WorkCalendar;
}

export interface SyncOptions extends DateOptions {
	/** Only these candidates; all candidates with checkpoints or scheduled services when absent. */
	candidateIds?: readonly string[];
	/** New rows are created for checkpoints that open within this many days (default 62). */
	horizonDays?: number;
	/** New rows are created for checkpoints whose window closed at most this many days ago (default 90). */
	lookbackDays?: number;
	batchSize?: number;
	/**
	 * Fingerprints kept from earlier syncs. With it, only candidates whose rows changed since their last
	 * recompute, whose open rows change status today, or whose next checkpoint enters the horizon today are
	 * recomputed. Without it every candidate is.
	 */
	state?: CheckpointSyncState;
	/** Recomputes every candidate even with `state` (after a change to the rules or on request). */
	fullSync?: boolean;
	/**
	 * Only rows of these kinds are created, moved or cancelled; every kind when absent or empty. A trigger
	 * syncs what it watches, so two triggers with different kinds never rewrite each other's rows.
	 */
	kinds?: readonly CheckpointKind[];
	/** Only rows of these services, as `kinds`. */
	services?: readonly ServiceNumber[];
}

export interface SyncReport {
	today: IsoDate;
	/** Candidates recomputed. */
	candidates: number;
	/** Candidates an incremental sync left alone because nothing they depend on changed; absent without `state`. */
	unchanged?: number;
	created: number;
	rescheduled: number;
	cancelled: number;
	completed: number;
	updated: number;
	/** Candidates whose dates break a rule (e.g. an end before the start); their rows are left as they were. */
	failures: Array<{ candidateId: string; message: string }>;
}

function calendarToday(options: DateOptions): IsoDate {
	if (options.today instanceof Date) {
		return dateInTimeZone(options.today, options.timeZone ?? DEFAULT_TIME_ZONE);
	}
	return requireIsoDate(options.today, 'Дата проверки');
}

/** Lets the event loop run between batches: the local base reads synchronously, and n8n must keep serving meanwhile. */
function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < items.length; start += size) {
		result.push(items.slice(start, start + size));
	}
	return result;
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string | null | undefined): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		const key = keyOf(row);
		if (!key) {
			continue;
		}
		const group = groups.get(key);
		if (group) {
			group.push(row);
		} else {
			groups.set(key, [row]);
		}
	}
	return groups;
}

function operationId(operation: WriteOperation): string {
	return operation.kind === 'insert' ? String((operation.row as { id: string }).id) : operation.id;
}

/** Turns a freshly read row into the planner's shape in place: the row object is not shared with anyone. */
function stored(row: StoredRow<'checkpoints'>): StoredCheckpoint {
	const version = row._meta.version;
	const plain = row as Partial<StoredRow<'checkpoints'>>;
	delete plain._meta;
	return Object.assign(plain as CheckpointRecord, { version });
}

/**
 * Candidates to sync: those with an episode of a scheduled service, then those with open checkpoint rows
 * (a cancelled or deleted episode leaves rows to cancel). Only ids are kept, streamed from the scans.
 */
async function candidatesToSync(base: Base): Promise<string[]> {
	const ids: string[] = [];
	const seen = new Set<string>();
	const add = (id: string | null | undefined) => {
		if (id && !seen.has(id)) {
			seen.add(id);
			ids.push(id);
		}
	};
	const services = SCHEDULED_SERVICES.map(serviceName);
	for await (const row of base.scan('episodes', { where: { service: services }, fields: ['candidate'] })) {
		add(row.candidate);
	}
	for await (const row of base.scan('checkpoints', { where: { status: [...OPEN_STATUSES] }, fields: ['candidate'] })) {
		add(row.candidate);
	}
	return ids;
}

/**
 * Finds the candidates whose checkpoints may differ from a recompute today, from one scan of the episode,
 * event and checkpoint rows and without computing any schedule. Those are the candidates with no memo or
 * a changed fingerprint, with an open row whose status the date changes, or whose next checkpoint enters
 * the horizon. A candidate with neither a scheduled episode nor an open row is left out, as
 * `candidatesToSync` leaves it out.
 */
async function staleCandidates(base: Base, state: CheckpointSyncState, today: IsoDate): Promise<{ stale: string[]; unchanged: number }> {
	const fingerprints = new RowFingerprints();
	const scheduled: string[] = [];
	const seen = new Set<string>();
	const dated = new Set<string>();
	const add = (id: string) => {
		if (!seen.has(id)) {
			seen.add(id);
			scheduled.push(id);
		}
	};
	const services = new Set<string>(SCHEDULED_SERVICES.map(serviceName));

	// The rows `syncBatch` reads for a candidate, with the same columns: all its episodes, the events of the
	// sync's types, and all its checkpoint rows.
	for await (const row of base.scan('episodes', { fields: EPISODE_COLUMNS as Array<keyof Episode & string> })) {
		if (row.candidate) {
			fingerprints.add(row.candidate, 'episodes', row, EPISODE_COLUMNS);
			if (services.has(row.service)) {
				add(row.candidate);
			}
		}
	}
	for await (const row of base.scan('events', { where: { type: [...SYNC_EVENT_TYPES] as EventTypeName[] }, fields: [...SYNC_EVENT_FIELDS] })) {
		if (row.candidate) {
			fingerprints.add(row.candidate, 'events', row, SYNC_EVENT_FIELDS);
		}
	}
	for await (const row of base.scan('checkpoints', { fields: [...CHECKPOINT_FINGERPRINT_COLUMNS] })) {
		fingerprints.add(row.candidate, 'checkpoints', row, CHECKPOINT_FINGERPRINT_COLUMNS);
		if (OPEN_STATUS_SET.has(row.status)) {
			add(row.candidate);
			if (statusOnDate(row, today) !== row.status) {
				dated.add(row.candidate);
			}
		}
	}

	for (const id of state.memos.keys()) {
		if (!seen.has(id)) {
			state.memos.delete(id);
		}
	}
	const stale = scheduled.filter((id) => dated.has(id) || state.isStale(id, fingerprints.get(id), today));
	return { stale, unchanged: scheduled.length - stale.length };
}

/** Fingerprint of what the schedule rules read besides a candidate's rows: the sync's settings and the organisations. */
async function settingsFingerprint(base: Base, options: SyncOptions): Promise<string> {
	const organisations = await base.list('organisations');
	organisations.sort((left, right) => compareText(left.id, right.id));
	const settings = {
		timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
		workCalendar: options.workCalendar ?? null,
		horizonDays: options.horizonDays ?? DEFAULT_HORIZON_DAYS,
		lookbackDays: options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS,
		kinds: [...(options.kinds ?? [])].sort(),
		services: [...(options.services ?? [])].sort(),
		organisations,
	};
	return createHash('md5').update(canonicalJson(settings)).digest('hex');
}

/** Returns the first date on which a scheduled checkpoint without a row enters the horizon, or null. */
function nextHorizonEntry(schedule: readonly Checkpoint[], storedIds: ReadonlySet<string>, today: IsoDate, horizonDays: number): IsoDate | null {
	const newestOpening = addDays(today, horizonDays);
	let wake: IsoDate | null = null;
	for (const checkpoint of schedule) {
		if (storedIds.has(checkpoint.key) || compareDates(checkpoint.due.earliest, newestOpening) <= 0) {
			continue;
		}
		const entry = addDays(checkpoint.due.earliest, -horizonDays);
		if (wake === null || compareDates(entry, wake) < 0) {
			wake = entry;
		}
	}
	return wake;
}

interface CandidatePlan {
	candidateId: string;
	operations: WriteOperation[];
	counts: Pick<SyncReport, 'created' | 'rescheduled' | 'cancelled' | 'completed'>;
	/** See `CandidateMemo.wake`. */
	wake: IsoDate | null;
}

/** Returns whether a checkpoint kind and service fall within the sync's `kinds` and `services`. */
function scopeOf(options: SyncOptions): (kind: string | undefined, service: number | undefined) => boolean {
	const kinds = options.kinds && options.kinds.length > 0 ? new Set<string>(options.kinds) : undefined;
	const services = options.services && options.services.length > 0 ? new Set<number>(options.services) : undefined;
	return (kind, service) => (!kinds || (kind !== undefined && kinds.has(kind))) && (!services || (service !== undefined && services.has(service)));
}

async function syncBatch(base: Base, ids: readonly string[], today: IsoDate, options: SyncOptions, context: WriteContext, report: SyncReport): Promise<void> {
	const { state } = options;
	const fingerprints = new RowFingerprints();
	const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
	const episodes = await base.list('episodes', { where: { candidate: [...ids] } });
	// Types are filtered here, not in the query: a second IN list can lead SQLite to the type index and a far larger scan.
	const events = (await base.list('events', { where: { candidate: [...ids] }, fields: [...SYNC_EVENT_FIELDS] })).filter((row) => SYNC_EVENT_TYPES.has(row.type));
	if (state) {
		episodes.forEach((row) => fingerprints.add(row.candidate, 'episodes', row, EPISODE_COLUMNS));
		events.forEach((row) => row.candidate && fingerprints.add(row.candidate, 'events', row, SYNC_EVENT_FIELDS));
	}
	const episodesByCandidate = groupBy(episodes.map((row) => withoutMeta(row) as Episode), (row) => row.candidate);
	const eventsByCandidate = groupBy(events.map((row) => withoutMeta(row) as LifecycleEvent), (row) => row.candidate);
	const now = context.at ?? new Date().toISOString();
	const inScope = scopeOf(options);

	await base.transaction(async (tx) => {
		const rows = await tx.list('checkpoints', { where: { candidate: [...ids] } });
		if (state) {
			rows.forEach((row) => fingerprints.add(row.candidate, 'checkpoints', row, CHECKPOINT_FINGERPRINT_COLUMNS));
		}
		const rowsByCandidate = groupBy(rows.map(stored), (row) => row.candidate);
		const plans: CandidatePlan[] = [];

		for (const candidateId of ids) {
			const own = episodesByCandidate.get(candidateId) ?? [];
			const ownEvents = eventsByCandidate.get(candidateId) ?? [];
			const ownRows = (rowsByCandidate.get(candidateId) ?? []).filter((row) => inScope(kindOfLabel(row.kind), serviceNumber(row.service)));
			try {
				const schedule = buildSchedule(buildRouteTimeline(candidateId, own, ownEvents), options.workCalendar).filter((checkpoint) => inScope(checkpoint.kind, checkpoint.service));
				const plan = planCheckpointChanges({
					schedule,
					completions: findCompletions(schedule, ownEvents),
					stored: ownRows,
					specialistByEpisode: new Map(own.map((episode) => [episode.id, episode.specialist ?? null])),
					today,
					now,
					horizonDays,
					lookbackDays: options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS,
				});
				const operations: WriteOperation[] = [
					...plan.inserts.map((row): WriteOperation => ({ kind: 'insert', table: 'checkpoints', row, onConflict: 'skip' })),
					...plan.updates.map((update): WriteOperation => ({ kind: 'update', table: 'checkpoints', id: update.id, patch: update.patch, expectVersion: update.expectVersion })),
				];
				const wake = state ? nextHorizonEntry(schedule, new Set(ownRows.map((row) => row.id)), today, horizonDays) : null;
				plans.push({ candidateId, operations, counts: plan, wake });
			} catch (error) {
				report.failures.push({ candidateId, message: (error as Error).message });
			}
		}

		const operations = plans.flatMap((plan) => plan.operations);
		const results = operations.length > 0 ? await tx.write(operations, context) : [];
		const failedMessages = new Map(results.filter((result) => result.status === 'failed').map((result) => [result.id, result.error?.message ?? 'Не удалось записать контрольную точку.']));
		for (const plan of plans) {
			const failed = plan.operations.map(operationId).find((id) => failedMessages.has(id));
			if (failed) {
				report.failures.push({ candidateId: plan.candidateId, message: failedMessages.get(failed) as string });
				continue;
			}
			report.created += plan.counts.created;
			report.rescheduled += plan.counts.rescheduled;
			report.cancelled += plan.counts.cancelled;
			report.completed += plan.counts.completed;
			report.updated += plan.operations.filter((operation) => operation.kind === 'update').length;
			// Only a candidate whose rows already matched is remembered: its fingerprint is the one just read.
			// A candidate that was written is recomputed once more on the next sync, which then finds no change.
			if (state && plan.operations.length === 0) {
				state.memos.set(plan.candidateId, { fingerprint: fingerprints.get(plan.candidateId), wake: plan.wake });
			}
		}
	});
}

/**
 * Recomputes the checkpoints of every user (or of `candidateIds`, or with `state` of the users whose rows
 * changed) and writes the differences to «Контрольные точки». A candidate whose dates break a rule is
 * reported in `failures` and the others still sync. Running it twice on the same data writes nothing the
 * second time.
 */
export async function syncCheckpoints(base: Base, options: SyncOptions, context: WriteContext): Promise<SyncReport> {
	const today = calendarToday(options);
	const report: SyncReport = { today, candidates: 0, created: 0, rescheduled: 0, cancelled: 0, completed: 0, updated: 0, failures: [] };
	const { state } = options;
	if (state) {
		state.prepare(await settingsFingerprint(base, options), today);
		if (options.fullSync) {
			state.memos.clear();
		}
	}

	let ids: string[];
	if (options.candidateIds) {
		ids = [...new Set(options.candidateIds)];
	} else if (state && !options.fullSync) {
		const selection = await staleCandidates(base, state, today);
		ids = selection.stale;
		report.unchanged = selection.unchanged;
	} else {
		ids = await candidatesToSync(base);
	}

	for (const batch of chunks(ids, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
		await syncBatch(base, batch, today, options, context, report);
		report.candidates += batch.length;
		await yieldToEventLoop();
	}
	return report;
}

// ---------------------------------------------------------------------------------------------------
// Claiming reminders
// ---------------------------------------------------------------------------------------------------

export interface ClaimOptions extends DateOptions, Partial<ReminderPolicy> {
	/** Only these kinds; every kind when absent or empty. */
	kinds?: readonly CheckpointKind[];
	/** Only these services; every scheduled service when absent or empty. */
	services?: readonly ServiceNumber[];
	candidateIds?: readonly string[];
	/** Returns what would be claimed without marking anything as sent. */
	preview?: boolean;
	/**
	 * Claims at most this many checkpoints; the rest wait for the next call. Due ones go first, then overdue
	 * ones, then escalations, each oldest window first. No limit when absent.
	 */
	limit?: number;
	batchSize?: number;
}

export interface ClaimedCheckpoint {
	checkpoint: CheckpointRecord;
	state: ReminderState;
	/** Days since the window closed; 0 while it is open. */
	daysOverdue: number;
	/** False in a preview: nothing was marked, and a later claim returns the same checkpoint. */
	claimed: boolean;
}

const CLAIM_FIELDS = ['id', 'candidate', 'kind', 'service', 'status', 'earliest', 'latest', 'firedDueAt', 'firedOverdueAt', 'escalatedAt'] as const;

function policyOf(options: ClaimOptions): ReminderPolicy {
	return {
		overdue: options.overdue ?? DEFAULT_REMINDER_POLICY.overdue,
		escalateAfterDays: options.escalateAfterDays === undefined ? DEFAULT_REMINDER_POLICY.escalateAfterDays : options.escalateAfterDays,
		maxAgeDays: options.maxAgeDays ?? DEFAULT_REMINDER_POLICY.maxAgeDays,
	};
}

const STATE_ORDER: Record<ReminderState, number> = { due: 0, overdue: 1, escalation: 2 };

/** Returns the ids of rows that owe a reminder today, from a light scan of the open rows, in claim order. */
async function owingIds(base: Base, today: IsoDate, options: ClaimOptions, policy: ReminderPolicy): Promise<string[]> {
	const kinds = options.kinds && options.kinds.length > 0 ? new Set<CheckpointKind>(options.kinds) : undefined;
	const services = options.services && options.services.length > 0 ? new Set<ServiceNumber>(options.services) : undefined;
	const candidates = options.candidateIds ? new Set(options.candidateIds) : undefined;
	const owing: Array<{ id: string; order: number; latest: IsoDate }> = [];
	for await (const row of base.scan('checkpoints', { where: { status: [...OPEN_STATUSES] }, fields: [...CLAIM_FIELDS] })) {
		if (candidates && !candidates.has(row.candidate)) {
			continue;
		}
		if (kinds && !kinds.has(kindOfLabel(row.kind) as CheckpointKind)) {
			continue;
		}
		if (services && !services.has(serviceNumber(row.service) as ServiceNumber)) {
			continue;
		}
		const state = reminderDue(row, today, policy);
		if (state) {
			owing.push({ id: row.id, order: STATE_ORDER[state], latest: row.latest });
		}
	}
	owing.sort((left, right) => left.order - right.order || compareDates(left.latest, right.latest));
	const limited = options.limit === undefined ? owing : owing.slice(0, Math.max(0, options.limit));
	return limited.map((item) => item.id);
}

/**
 * Marks the checkpoints that owe a reminder today as sent and returns each of them once. Every batch is
 * re-read and written in one transaction with a version check, so a second poller (another process, or
 * the same workflow after a restart) finds them marked and gets nothing. The stored rows are read as they
 * are, so run `syncCheckpoints` first to record completions and moved windows.
 */
export async function claimDueCheckpoints(base: Base, options: ClaimOptions, context: WriteContext): Promise<ClaimedCheckpoint[]> {
	const today = calendarToday(options);
	const policy = policyOf(options);
	const at = context.at ?? new Date().toISOString();
	const ids = await owingIds(base, today, options, policy);
	const claimed: ClaimedCheckpoint[] = [];

	for (const batch of chunks(ids, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
		const work = async (tx: Base): Promise<ClaimedCheckpoint[]> => {
			const fresh = await tx.getMany('checkpoints', batch);
			const owing: Array<{ row: StoredRow<'checkpoints'>; state: ReminderState }> = [];
			for (const id of batch) {
				const row = fresh.get(id);
				const state = row ? reminderDue(row, today, policy) : undefined;
				if (row && state) {
					owing.push({ row, state });
				}
			}
			const result = (item: (typeof owing)[number], patch: Partial<CheckpointRecord>, wasClaimed: boolean): ClaimedCheckpoint => ({
				checkpoint: { ...(withoutMeta(item.row) as CheckpointRecord), ...patch },
				state: item.state,
				daysOverdue: Math.max(0, daysBetween(item.row.latest, today)),
				claimed: wasClaimed,
			});
			if (options.preview) {
				return owing.map((item) => result(item, {}, false));
			}
			if (owing.length === 0) {
				return [];
			}
			// A row another poller changed in between fails its version check and is left to that poller.
			const operations: WriteOperation[] = owing.map((item) => ({ kind: 'update', table: 'checkpoints', id: item.row.id, patch: claimPatch(item.state, at), expectVersion: item.row._meta.version }));
			const results = await tx.write(operations, context);
			const won = new Set(results.filter((outcome) => outcome.status === 'updated').map((outcome) => outcome.id));
			return owing.filter((item) => won.has(item.row.id)).map((item) => result(item, claimPatch(item.state, at), true));
		};
		claimed.push(...(options.preview ? await work(base) : await base.transaction(work)));
		await yieldToEventLoop();
	}
	return claimed;
}

// ---------------------------------------------------------------------------------------------------
// Polling: sync, claim and describe
// ---------------------------------------------------------------------------------------------------

export interface CheckpointReminder extends ClaimedCheckpoint {
	today: IsoDate;
	candidateName: string;
	/** The route in Russian, one fact per line. */
	route: string[];
	/** The checkpoint's episode in Russian. */
	episode: string;
	specialist?: { id: string; name: string; email?: string };
}

export interface PollOptions extends ClaimOptions, Pick<SyncOptions, 'horizonDays' | 'lookbackDays' | 'state' | 'fullSync'> {
	/** Recompute the schedules before claiming (default true). */
	sync?: boolean;
}

export interface PollResult {
	sync?: SyncReport;
	reminders: CheckpointReminder[];
}

async function describeClaims(base: Base, claims: readonly ClaimedCheckpoint[], today: IsoDate): Promise<CheckpointReminder[]> {
	if (claims.length === 0) {
		return [];
	}
	const candidateIds = [...new Set(claims.map((claim) => claim.checkpoint.candidate))];
	const candidates = await base.getMany('candidates', candidateIds);
	const episodes = (await base.list('episodes', { where: { candidate: candidateIds } })).map((row) => withoutMeta(row) as Episode);
	const episodesById = new Map(episodes.map((episode) => [episode.id, episode]));
	const vacancies = await base.getMany('vacancies', episodes.map((episode) => episode.vacancy).filter((id): id is string => Boolean(id)));
	const employers = await base.getMany('employers', [...vacancies.values()].map((vacancy) => vacancy.employer).filter((id): id is string => Boolean(id)));

	// The responsible specialist: the checkpoint's, else the employer's assigned consultant.
	const specialistOf = (claim: ClaimedCheckpoint): string | undefined => {
		const episode = episodesById.get(claim.checkpoint.episode);
		const vacancy = episode?.vacancy ? vacancies.get(episode.vacancy) : undefined;
		const employer = vacancy?.employer ? employers.get(vacancy.employer) : undefined;
		return claim.checkpoint.specialist ?? episode?.specialist ?? employer?.consultant ?? undefined;
	};
	const specialists = await base.getMany('specialists', claims.map(specialistOf).filter((id): id is string => Boolean(id)));
	const episodesByCandidate = groupBy(episodes, (episode) => episode.candidate);
	const facts = { vacancies, employers, episodes: [] };

	return claims.map((claim) => {
		const candidate = candidates.get(claim.checkpoint.candidate);
		const episode = episodesById.get(claim.checkpoint.episode);
		const specialistId = specialistOf(claim);
		const specialist = specialistId ? specialists.get(specialistId) : undefined;
		const name = candidate ? [candidate.lastName, candidate.firstName, candidate.middleName].filter(Boolean).join(' ') : '';
		return {
			...claim,
			today,
			candidateName: name,
			route: describeRoute({ ...facts, candidate, episodes: episodesByCandidate.get(claim.checkpoint.candidate) ?? [] }),
			episode: episode ? describeEpisode(episode, facts) : '',
			specialist: specialist
				? { id: specialist.id, name: specialist.name, email: specialist.active === false ? undefined : (specialist.email ?? undefined) }
				: undefined,
		};
	});
}

/**
 * Runs one poll of the reminder trigger: syncs the schedules, claims what is owed today and describes
 * each claimed checkpoint for the e-mail (route, episode, responsible specialist). An inactive
 * specialist's address is left out, so the workflow falls back to the manager.
 */
export async function pollCheckpoints(base: Base, options: PollOptions, context: WriteContext): Promise<PollResult> {
	const today = calendarToday(options);
	const dated = { ...options, today };
	const sync = options.sync === false ? undefined : await syncCheckpoints(base, dated, context);
	const claims = await claimDueCheckpoints(base, dated, context);
	return { sync, reminders: await describeClaims(base, claims, today) };
}
