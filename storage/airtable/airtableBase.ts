import { AsyncLocalStorage } from 'node:async_hooks';

import type { TableKey } from '../../schemas';
import { type Base, type ListOptions, StorageError, type StoredRow, type WriteContext, type WriteOperation, type WriteResult } from '../types';
import { AirtableClient } from './client';
import { compareRows, conditionsOf, formulasWithinLimit, matches } from './query';
import { RecordIndex, RecordReader, tableOf } from './records';
import { type AirtableLimits, DEFAULT_LIMITS, type Runtime, type SharedBaseState, sharedStateFor } from './runtime';
import { type HttpTransport, normalizeEndpoint } from './transport';
import { AirtableWriter } from './writer';

export interface AirtableBaseOptions {
	transport: HttpTransport;
	/** Airtable base id, `app…`. */
	baseId: string;
	/** Default https://api.airtable.com; tests point it at the emulator. */
	endpointUrl?: string;
	runtime: Runtime;
	limits?: Partial<AirtableLimits>;
}

/** The transaction an async call chain runs in, so writes inside it know the versions its reads saw. */
interface TransactionScope {
	base: AirtableBase;
	shared: SharedBaseState;
	versions: Map<string, number>;
}

const transactionScope = new AsyncLocalStorage<TransactionScope>();

const BASE_ID = /^app[A-Za-z0-9]{3,}$/;

/**
 * The storage interface on an Airtable base. Tables, fields and options carry the schema's Russian names
 * (see mapping.ts); rows are found by our stable key in the primary field «Ключ».
 */
export class AirtableBase implements Base {
	readonly kind = 'airtable' as const;
	readonly client: AirtableClient;
	private readonly reader: RecordReader;
	private readonly writer: AirtableWriter;
	private readonly shared: SharedBaseState;
	private closed = false;

	private constructor(options: AirtableBaseOptions) {
		const endpointUrl = normalizeEndpoint(options.endpointUrl);
		const limits = { ...DEFAULT_LIMITS, ...options.limits };
		this.shared = sharedStateFor(endpointUrl, options.baseId, options.runtime);
		this.client = new AirtableClient(options.transport, endpointUrl, options.baseId, options.runtime, this.shared, limits);
		this.reader = new RecordReader(this.client, new RecordIndex());
		this.writer = new AirtableWriter(this.client, this.reader, options.runtime);
	}

	static open(options: AirtableBaseOptions): AirtableBase {
		if (!BASE_ID.test(options.baseId)) {
			throw new StorageError('not_found', 'Не выбрана база Airtable: укажите ее из списка, ссылкой вида https://airtable.com/app…/… или идентификатором, который начинается с «app».');
		}
		return new AirtableBase(options);
	}

	private ensureOpen(): void {
		if (this.closed) {
			throw new StorageError('unavailable', 'Соединение с базой Airtable уже закрыто.');
		}
	}

	async get<K extends TableKey>(table: K, id: string): Promise<StoredRow<K> | undefined> {
		const found = await this.getMany(table, [id]);
		return found.get(id);
	}

	async getMany<K extends TableKey>(table: K, ids: readonly string[]): Promise<Map<string, StoredRow<K>>> {
		this.ensureOpen();
		const declared = tableOf(table);
		const result = new Map<string, StoredRow<K>>();
		if (ids.length === 0) {
			return result;
		}
		const records = await this.reader.byKeys(declared, ids, this.reader.fieldNames(declared));
		const rows = await this.reader.decode(declared, [...records.values()]);
		for (const row of rows) {
			this.noteVersion(table, row);
			result.set(String(row[declared.idColumn]), row as unknown as StoredRow<K>);
		}
		return result;
	}

	async list<K extends TableKey>(table: K, options: ListOptions<K> = {}): Promise<Array<StoredRow<K>>> {
		const rows: Array<StoredRow<K>> = [];
		// With an order the whole selection is sorted here, so the limit applies after sorting.
		const sorted = (options.orderBy ?? []).length > 0;
		for await (const row of this.rows(table, { ...options, limit: sorted ? undefined : options.limit })) {
			rows.push(row);
		}
		if (sorted) {
			const compare = compareRows(options.orderBy as Array<{ column: string; direction?: 'asc' | 'desc' }>);
			rows.sort((left, right) => compare(left as unknown as Record<string, unknown>, right as unknown as Record<string, unknown>));
		}
		return options.limit === undefined ? rows : rows.slice(0, options.limit);
	}

	scan<K extends TableKey>(table: K, options: ListOptions<K> = {}): AsyncIterable<StoredRow<K>> {
		return this.rows(table, options);
	}

	/**
	 * Streams matching rows page by page. Airtable sorts and filters by formula; each decoded row is then
	 * checked against the filter again, and only the requested columns are returned.
	 */
	private async *rows<K extends TableKey>(table: K, options: ListOptions<K>): AsyncGenerator<StoredRow<K>> {
		this.ensureOpen();
		const declared = tableOf(table);
		const conditions = conditionsOf(declared, options.where as Record<string, unknown> | undefined);
		if (!conditions || options.limit === 0) {
			return;
		}
		const orderBy = options.orderBy ?? [];
		const requested = options.fields as string[] | undefined;
		const needed = requested ? [...new Set([...requested, ...conditions.map((condition) => condition.column), ...orderBy.map((order) => order.column)])] : undefined;
		const sort = orderBy.map((order) => {
			const column = declared.columns[order.column];
			if (!column) {
				throw new StorageError('unknown_field', `Таблица «${declared.label}»: нет поля «${order.column}» для сортировки.`, { table: declared.label, field: order.column });
			}
			return { field: column.label, direction: order.direction ?? ('asc' as const) };
		});

		let count = 0;
		const seen = new Set<string>();
		const fields = this.reader.fieldNames(declared, needed);
		for (const formula of formulasWithinLimit(declared, conditions, this.client.limits.maxFormulaLength, this.client.limits.maxKeysPerLookup)) {
			for await (const page of this.reader.pages(declared, { formula, fields, sort })) {
				const decoded = await this.reader.decode(declared, page, needed);
				for (const [position, row] of decoded.entries()) {
					// A row may match the formulas of two groups (a link FIND matches "c1" inside "c10").
					const recordId = page[position].id;
					if (!matches(row, conditions) || seen.has(recordId)) {
						continue;
					}
					seen.add(recordId);
					if (requested) {
						for (const key of Object.keys(row)) {
							if (key !== declared.idColumn && key !== '_meta' && !requested.includes(key)) {
								delete row[key];
							}
						}
					} else {
						this.noteVersion(table, row);
					}
					yield row as unknown as StoredRow<K>;
					count += 1;
					if (options.limit !== undefined && count >= options.limit) {
						return;
					}
				}
			}
		}
	}

	async write(operations: readonly WriteOperation[], context: WriteContext, options: { atomic?: boolean } = {}): Promise<WriteResult[]> {
		this.ensureOpen();
		if (operations.length === 0) {
			return [];
		}
		const scope = transactionScope.getStore();
		const run = () => this.writer.write(operations, context, { atomic: options.atomic, transactionVersions: scope?.base === this ? scope.versions : undefined });
		// Within this process, writes to one base take turns, so two executions never both find a key
		// missing and both create it. Inside a transaction the turn is already held.
		return scope?.shared === this.shared ? run() : this.shared.mutex.run(run);
	}

	/**
	 * Airtable has no transactions. `work` runs while this process holds the base's turn, so no other
	 * execution of this process writes in between. Every update it makes expects the version its reads
	 * saw; when a writer in another process changed the row meanwhile, the write fails with a conflict and
	 * `work` runs again on fresh data, up to `maxTransactionAttempts` times. Nothing is rolled back: a
	 * failed `work` leaves its earlier writes, which a re-run completes without duplicates.
	 */
	async transaction<T>(work: (base: Base) => Promise<T>): Promise<T> {
		this.ensureOpen();
		const current = transactionScope.getStore();
		if (current?.shared === this.shared) {
			return work(this);
		}
		return this.shared.mutex.run(async () => {
			for (let attempt = 1; ; attempt += 1) {
				const scope: TransactionScope = { base: this, shared: this.shared, versions: new Map() };
				try {
					return await transactionScope.run(scope, () => work(this));
				} catch (error) {
					const conflict = error instanceof StorageError && error.code === 'conflict';
					if (!conflict || attempt >= this.client.limits.maxTransactionAttempts) {
						throw error;
					}
				}
			}
		});
	}

	async close(): Promise<void> {
		this.closed = true;
	}

	private noteVersion(table: TableKey, row: Record<string, unknown>): void {
		const scope = transactionScope.getStore();
		const meta = row._meta as { version?: number } | undefined;
		if (scope?.base === this && meta?.version !== undefined) {
			scope.versions.set(`${table}\u0000${String(row[tableOf(table).idColumn])}`, meta.version);
		}
	}
}
