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

import { compareDates, dateInTimeZone, daysBetween, DEFAULT_TIME_ZONE, type IsoDate } from '../calendar';
import { buildRouteTimeline, buildSchedule, type CheckpointKind } from '../checkpoints';
import {
	ALL_COMPLETING_EVENT_TYPES,
	claimPatch,
	DEFAULT_REMINDER_POLICY,
	findCompletions,
	kindOfLabel,
	planCheckpointChanges,
	reminderDue,
	type ReminderPolicy,
	type ReminderState,
	type StoredCheckpoint,
} from '../checkpointRecords';
import { requireIsoDate } from '../durations';
import { describeEpisode, describeRoute } from '../routeSummary';
import { serviceName, serviceNumber, type CheckpointRecord, type Episode, type EventTypeName, type LifecycleEvent, type ServiceNumber } from '../../schemas';
import type { Base, StoredRow, WriteContext, WriteOperation } from '../../storage/types';
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
const OPEN_STATUSES = ['Запланирована', 'Наступила', 'Просрочена'] as const;
const DEFAULT_BATCH_SIZE = 500;

export interface DateOptions {
	/** The calendar date to compute for; an instant is read on the calendar of `timeZone`. */
	today: IsoDate | Date;
	/** IANA time zone of the organisation; Europe/Moscow by default. */
	timeZone?: string;
}

export interface SyncOptions extends DateOptions {
	/** Only these candidates; all candidates with checkpoints or scheduled services when absent. */
	candidateIds?: readonly string[];
	/** New rows are created for checkpoints that open within this many days (default 62). */
	horizonDays?: number;
	/** New rows are created for checkpoints whose window closed at most this many days ago (default 90). */
	lookbackDays?: number;
	batchSize?: number;
}

export interface SyncReport {
	today: IsoDate;
	candidates: number;
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

interface CandidatePlan {
	candidateId: string;
	operations: WriteOperation[];
	counts: Pick<SyncReport, 'created' | 'rescheduled' | 'cancelled' | 'completed'>;
}

async function syncBatch(base: Base, ids: readonly string[], today: IsoDate, options: SyncOptions, context: WriteContext, report: SyncReport): Promise<void> {
	const episodes = await base.list('episodes', { where: { candidate: [...ids] } });
	// Types are filtered here, not in the query: a second IN list can lead SQLite to the type index and a far larger scan.
	const events = (await base.list('events', { where: { candidate: [...ids] }, fields: ['id', 'type', 'date', 'candidate', 'episode', 'service', 'details'] })).filter((row) =>
		SYNC_EVENT_TYPES.has(row.type),
	);
	const episodesByCandidate = groupBy(episodes.map((row) => withoutMeta(row) as Episode), (row) => row.candidate);
	const eventsByCandidate = groupBy(events.map((row) => withoutMeta(row) as LifecycleEvent), (row) => row.candidate);
	const now = context.at ?? new Date().toISOString();

	await base.transaction(async (tx) => {
		const rows = await tx.list('checkpoints', { where: { candidate: [...ids] } });
		const rowsByCandidate = groupBy(rows.map(stored), (row) => row.candidate);
		const plans: CandidatePlan[] = [];

		for (const candidateId of ids) {
			const own = episodesByCandidate.get(candidateId) ?? [];
			const ownEvents = eventsByCandidate.get(candidateId) ?? [];
			try {
				const schedule = buildSchedule(buildRouteTimeline(candidateId, own, ownEvents));
				const plan = planCheckpointChanges({
					schedule,
					completions: findCompletions(schedule, ownEvents),
					stored: rowsByCandidate.get(candidateId) ?? [],
					specialistByEpisode: new Map(own.map((episode) => [episode.id, episode.specialist ?? null])),
					today,
					now,
					horizonDays: options.horizonDays ?? 62,
					lookbackDays: options.lookbackDays ?? 90,
				});
				const operations: WriteOperation[] = [
					...plan.inserts.map((row): WriteOperation => ({ kind: 'insert', table: 'checkpoints', row, onConflict: 'skip' })),
					...plan.updates.map((update): WriteOperation => ({ kind: 'update', table: 'checkpoints', id: update.id, patch: update.patch, expectVersion: update.expectVersion })),
				];
				plans.push({ candidateId, operations, counts: plan });
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
		}
	});
}

/**
 * Recomputes the checkpoints of every user (or of `candidateIds`) and writes the differences to
 * «Контрольные точки». A candidate whose dates break a rule is reported in `failures` and the others
 * still sync. Running it twice on the same data writes nothing the second time.
 */
export async function syncCheckpoints(base: Base, options: SyncOptions, context: WriteContext): Promise<SyncReport> {
	const today = calendarToday(options);
	const report: SyncReport = { today, candidates: 0, created: 0, rescheduled: 0, cancelled: 0, completed: 0, updated: 0, failures: [] };
	const ids = options.candidateIds ? [...new Set(options.candidateIds)] : await candidatesToSync(base);

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

export interface PollOptions extends ClaimOptions {
	/** Recompute the schedules before claiming (default true). */
	sync?: boolean;
	horizonDays?: number;
	lookbackDays?: number;
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
