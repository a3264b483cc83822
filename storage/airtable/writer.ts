import { StorageError, type WriteContext, type WriteOperation, type WriteResult } from '../types';
import { AirtableClient } from './client';
import { type AirtableRecord, encodeCell } from './codec';
import { AirtableApiError, AirtableUnavailableError, toStorageError } from './errors';
import { AUDIT_FIELDS, CHANGED_FIELDS } from './mapping';
import { RecordReader, tableOf } from './records';
import type { Runtime } from './runtime';
import { diagnoseChoiceError } from './schemaDiagnosis';
import { type KnownRows, linkTargets, type PlannedOperation, planWrites, validateOperations } from './writePlan';

/** Most records Airtable accepts in one create or update request. */
export const BATCH_SIZE = 10;

/** Errors of one record's values: a failed batch is split to find the records that cause them. */
const RECORD_ERRORS = new Set(['INVALID_VALUE_FOR_COLUMN', 'INVALID_MULTIPLE_CHOICE_OPTIONS', 'ROW_DOES_NOT_EXIST', 'INVALID_RECORDS', 'INVALID_REQUEST_UNKNOWN', 'UNKNOWN_FIELD_NAME']);

export interface WriteOptions {
	atomic?: boolean;
	/** Versions a transaction read, by `table\u0000key`; updates without `expectVersion` expect them. */
	transactionVersions?: Map<string, number>;
}

/**
 * Applies one `write()` call to Airtable:
 * 1. validates every operation;
 * 2. looks up, in batched formula lookups, which keys exist, their versions and the record ids of linked rows;
 * 3. plans statuses and the order (rows before the rows that link to them);
 * 4. sends creates and updates in requests of up to 10 records, grouped by table across all operations.
 */
export class AirtableWriter {
	constructor(
		private readonly client: AirtableClient,
		private readonly reader: RecordReader,
		private readonly runtime: Runtime,
	) {}

	async write(operations: readonly WriteOperation[], context: WriteContext, options: WriteOptions = {}): Promise<WriteResult[]> {
		const plan = validateOperations(operations);
		if (options.atomic) {
			throwFirstFailure(plan, false);
		}

		let known: KnownRows;
		try {
			known = await this.lookUp(plan);
		} catch (error) {
			// Nothing was written: every operation reports why, as a partial batch does.
			const pending = plan.filter((planned) => !planned.result);
			for (const planned of pending) {
				planned.result = { table: planned.operation.table, id: planned.key, status: 'failed', error: toStorageError(error, { table: planned.table.label, id: planned.key, access: 'read' }) };
			}
			if (options.atomic) {
				throwFirstFailure(plan, false);
			}
			return plan.map((planned) => planned.result as WriteResult);
		}
		planWrites(plan, known, options.transactionVersions);
		if (options.atomic) {
			throwFirstFailure(plan, false);
		}

		const at = context.at ?? new Date(this.runtime.now()).toISOString();
		const waves = [...new Set(plan.filter((planned) => !planned.result).map((planned) => planned.wave))].sort((a, b) => a - b);
		for (const wave of waves) {
			const members = plan.filter((planned) => !planned.result && planned.wave === wave);
			this.failOnFailedDependencies(members, plan);
			await this.runWave(members.filter((planned) => !planned.result), context, at);
			if (options.atomic) {
				throwFirstFailure(plan, true);
			}
		}

		this.updateTransactionVersions(plan, options.transactionVersions);
		const conflict = plan.find((planned) => planned.autoVersion && planned.result?.error?.code === 'conflict');
		if (conflict?.result?.error) {
			// Inside a transaction a stale read means the work must run again on fresh data.
			throw conflict.result.error;
		}
		return plan.map((planned) => planned.result as WriteResult);
	}

	/** Looks up, per table, the rows the operations write and the rows they link to. */
	private async lookUp(plan: PlannedOperation[]): Promise<KnownRows> {
		const wanted = new Map<string, Set<string>>();
		const want = (table: string, key: string) => {
			let keys = wanted.get(table);
			if (!keys) {
				keys = new Set();
				wanted.set(table, keys);
			}
			keys.add(key);
		};

		for (const planned of plan) {
			if (planned.result) {
				continue;
			}
			// An insert of a row already seen in this execution needs no lookup; an update always reads the version.
			if (planned.kind === 'update' || this.reader.index.recordId(planned.table.key, planned.key) === undefined) {
				want(planned.table.key, planned.key);
			}
			for (const target of linkTargets(planned)) {
				if (this.reader.index.recordId(target.table, target.key) === undefined) {
					want(target.table, target.key);
				}
			}
		}

		const versions = new Map<string, number>();
		const lookedUp = new Set<string>();
		for (const [tableKey, keys] of wanted) {
			for (const key of keys) {
				lookedUp.add(`${tableKey}\u0000${key}`);
			}
			const table = tableOf(tableKey);
			const found = await this.reader.byKeys(table, [...keys], [AUDIT_FIELDS.version]);
			for (const [key, record] of found) {
				const version = Number(record.fields[AUDIT_FIELDS.version]);
				versions.set(`${tableKey}\u0000${key}`, Number.isFinite(version) && version > 0 ? version : 1);
			}
		}

		return {
			version: (table, key) => versions.get(`${table}\u0000${key}`),
			// A looked-up row exists only if the lookup found it; the index may remember a row deleted since.
			exists: (table, key) => (lookedUp.has(`${table}\u0000${key}`) ? versions.has(`${table}\u0000${key}`) : this.reader.index.recordId(table, key) !== undefined),
		};
	}

	private failOnFailedDependencies(members: PlannedOperation[], plan: PlannedOperation[]): void {
		for (const planned of members) {
			const broken = planned.dependsOn.map((position) => plan[position]).find((dependency) => dependency.result?.status === 'failed');
			if (broken) {
				const reason = broken.table.key === planned.table.key && broken.key === planned.key ? 'предыдущее изменение этой записи не сохранено' : `связанная запись в таблице «${broken.table.label}» не сохранена`;
				planned.result = {
					table: planned.operation.table,
					id: planned.key,
					status: 'failed',
					error: new StorageError('not_found', `Таблица «${planned.table.label}»: запись не сохранена, потому что ${reason}. Исправьте ту ошибку и запустите снова.`, {
						table: planned.table.label,
						id: planned.key,
					}),
				};
			}
		}
	}

	/** Sends one wave: creates, then updates, per table in batches of 10. */
	private async runWave(members: PlannedOperation[], context: WriteContext, at: string): Promise<void> {
		for (const kind of ['insert', 'update'] as const) {
			const byTable = new Map<string, PlannedOperation[]>();
			for (const planned of members.filter((member) => member.kind === kind)) {
				const group = byTable.get(planned.table.key) ?? [];
				group.push(planned);
				byTable.set(planned.table.key, group);
			}
			for (const group of byTable.values()) {
				for (let start = 0; start < group.length; start += BATCH_SIZE) {
					const batch = group.slice(start, start + BATCH_SIZE);
					if (kind === 'insert') {
						await this.createBatch(batch, context, at);
					} else {
						await this.updateBatch(batch, context, at);
					}
				}
			}
		}
	}

	private cells(planned: PlannedOperation, context: WriteContext, at: string): Record<string, unknown> {
		const table = planned.table;
		const fields: Record<string, unknown> = {};
		for (const [column, value] of Object.entries(planned.values)) {
			const declared = table.columns[column];
			if (planned.kind === 'insert' && value === null) {
				continue;
			}
			const linked = declared.kind === 'link' && declared.linkTo && typeof value === 'string' ? this.reader.index.recordId(declared.linkTo, value) : undefined;
			fields[declared.label] = encodeCell(table, declared, value, linked);
		}
		const changed = Object.keys(planned.values)
			.filter((column) => planned.kind === 'update' || planned.values[column] !== null)
			.map((column) => table.columns[column].label);
		const execution = context.executionId ?? null;
		if (planned.kind === 'insert') {
			fields[AUDIT_FIELDS.createdAt] = at;
			fields[AUDIT_FIELDS.createdBy] = context.actor;
			fields[AUDIT_FIELDS.createdInExecution] = execution;
		}
		fields[AUDIT_FIELDS.updatedAt] = at;
		fields[AUDIT_FIELDS.updatedBy] = context.actor;
		fields[AUDIT_FIELDS.updatedInExecution] = execution;
		fields[AUDIT_FIELDS.version] = planned.newVersion;
		fields[CHANGED_FIELDS] = changed.join('\n');
		return fields;
	}

	/** Typecast lets Airtable add a new option to a select, which only an extensible column may need. */
	private needsTypecast(batch: PlannedOperation[]): boolean {
		return batch.some((planned) =>
			Object.entries(planned.values).some(([column, value]) => {
				const declared = planned.table.columns[column];
				return declared.extensible && declared.kind === 'choice' && typeof value === 'string' && !(declared.options ?? []).includes(value);
			}),
		);
	}

	/** Encodes each operation; one that cannot be encoded fails alone and the rest of the batch goes on. */
	private encode(batch: PlannedOperation[], context: WriteContext, at: string): Array<{ planned: PlannedOperation; fields: Record<string, unknown> }> {
		const encoded: Array<{ planned: PlannedOperation; fields: Record<string, unknown> }> = [];
		for (const planned of batch) {
			try {
				encoded.push({ planned, fields: this.cells(planned, context, at) });
			} catch (error) {
				this.fail([planned], error, 'write');
			}
		}
		return encoded;
	}

	/**
	 * Creates up to 10 records. When no response arrives (a dropped connection, a 5xx), Airtable may have
	 * created them anyway, so before sending again it looks up which keys now exist and creates only the
	 * rest: a retry never writes a record twice.
	 */
	private async createBatch(batch: PlannedOperation[], context: WriteContext, at: string): Promise<void> {
		let pending = this.encode(batch, context, at);
		const table = batch[0].table;
		let failures = 0;

		while (pending.length > 0) {
			try {
				const body = { records: pending.map((item) => ({ fields: item.fields })), ...(this.needsTypecast(batch) ? { typecast: true } : {}) };
				const response = (await this.client.send({ method: 'POST', path: this.client.tablePath(table.label), body }, 'once')) as { records?: AirtableRecord[] };
				(response.records ?? []).forEach((record, position) => {
					const item = pending[position];
					if (item) {
						this.created(item.planned, record.id);
					}
				});
				return;
			} catch (error) {
				if (error instanceof AirtableUnavailableError) {
					failures += 1;
					if (failures > this.client.limits.maxRetries) {
						this.fail(
							pending.map((item) => item.planned),
							error,
							'write',
						);
						return;
					}
					const delay = this.client.limits.retryBaseDelayMs * 2 ** (failures - 1);
					this.runtime.logger?.warn('Airtable create got no response; checking which records landed before retrying', { table: table.key, records: pending.length, attempt: failures, delayMs: delay });
					await this.runtime.sleep(delay);
					const landed = await this.reader.byKeys(
						table,
						pending.map((item) => item.planned.key),
						[],
					);
					for (const item of pending) {
						const record = landed.get(item.planned.key);
						if (record) {
							this.created(item.planned, record.id);
						}
					}
					pending = pending.filter((item) => !item.planned.result);
					continue;
				}
				if (await this.split(pending, error, (half) => this.createBatch(half, context, at))) {
					return;
				}
				await this.failWithDiagnosis(pending, error);
				return;
			}
		}
	}

	/** Updates up to 10 records by Airtable record id; PATCH of the same values is safe to repeat, so the client retries it. */
	private async updateBatch(batch: PlannedOperation[], context: WriteContext, at: string): Promise<void> {
		const encoded = this.encode(batch, context, at);
		if (encoded.length === 0) {
			return;
		}
		const table = batch[0].table;
		const records = encoded.map((item) => ({ id: this.reader.index.recordId(table.key, item.planned.key) as string, fields: item.fields }));
		try {
			const body = { records, ...(this.needsTypecast(batch) ? { typecast: true } : {}) };
			await this.client.send({ method: 'PATCH', path: this.client.tablePath(table.label), body }, 'retry');
			for (const { planned } of encoded) {
				planned.result = { table: planned.operation.table, id: planned.key, status: 'updated' };
			}
		} catch (error) {
			if (await this.split(encoded, error, (half) => this.updateBatch(half, context, at))) {
				return;
			}
			await this.failWithDiagnosis(encoded, error);
		}
	}

	/**
	 * Airtable rejects a whole batch for one bad record. For errors of a record's values the batch is split
	 * in halves and each half is sent again, until the bad records stand alone and fail by themselves.
	 */
	private async split(items: Array<{ planned: PlannedOperation }>, error: unknown, send: (half: PlannedOperation[]) => Promise<void>): Promise<boolean> {
		if (!(error instanceof AirtableApiError) || !RECORD_ERRORS.has(error.type) || items.length < 2) {
			return false;
		}
		const middle = Math.ceil(items.length / 2);
		await send(items.slice(0, middle).map((item) => item.planned));
		await send(items.slice(middle).map((item) => item.planned));
		return true;
	}

	private async failWithDiagnosis(items: Array<{ planned: PlannedOperation; fields: Record<string, unknown> }>, error: unknown): Promise<void> {
		let field: string | undefined;
		if (error instanceof AirtableApiError && error.type === 'INVALID_MULTIPLE_CHOICE_OPTIONS' && items.length === 1) {
			field = await diagnoseChoiceError(this.client, items[0].planned.table, items[0].fields);
		}
		if (error instanceof AirtableApiError && error.type === 'ROW_DOES_NOT_EXIST') {
			// A linked record was deleted since this execution saw it: forget the ids the batch linked to.
			for (const { planned } of items) {
				for (const target of linkTargets(planned)) {
					const recordId = this.reader.index.recordId(target.table, target.key);
					if (recordId) {
						this.reader.index.forget(target.table, recordId);
					}
				}
			}
			field = items.length === 1 ? linkTargets(items[0].planned)[0]?.label : undefined;
		}
		this.fail(
			items.map((item) => item.planned),
			error,
			'write',
			field,
		);
	}

	private created(planned: PlannedOperation, recordId: string): void {
		this.reader.index.remember(planned.table.key, planned.key, recordId);
		planned.result = { table: planned.operation.table, id: planned.key, status: 'created' };
	}

	private fail(batch: PlannedOperation[], error: unknown, access: 'write', field?: string): void {
		for (const planned of batch) {
			const storageError = toStorageError(error, { table: planned.table.label, field, id: planned.key, access });
			planned.result = { table: planned.operation.table, id: planned.key, status: 'failed', error: storageError };
		}
	}

	private updateTransactionVersions(plan: PlannedOperation[], versions: Map<string, number> | undefined): void {
		if (!versions) {
			return;
		}
		for (const planned of plan) {
			if (planned.result?.status === 'created' || planned.result?.status === 'updated') {
				versions.set(`${planned.table.key}\u0000${planned.key}`, planned.newVersion);
			}
		}
	}
}

/**
 * With `atomic`, the first failure stops the call. Failures found before anything is sent leave Airtable
 * unchanged. Airtable has no transactions, so a failure while sending leaves the earlier requests applied.
 * The message tells the user so, and because every row has a stable key, running the operation again writes only
 * what is missing.
 */
function throwFirstFailure(plan: PlannedOperation[], afterSending: boolean): void {
	const failure = plan.find((planned) => planned.result?.status === 'failed');
	const error = failure?.result?.error;
	if (!error) {
		return;
	}
	if (!afterSending) {
		throw error;
	}
	throw new StorageError(error.code, `${error.message} Часть записей этой операции уже сохранена: запустите ее снова, уже записанное не задвоится.`, error.details);
}
