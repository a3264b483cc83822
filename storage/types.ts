import type { RowTypes, TableKey } from '../schemas';

/**
 * Who made a write and from where. Every backend stores it with the row and in the audit log, so a
 * per-person audit trail can answer "who changed this, in which workflow execution".
 */
export interface WriteContext {
	/** n8n user, specialist or system component that caused the write. */
	actor: string;
	executionId?: string;
	workflowId?: string;
	/** Name of the n8n node that wrote. */
	node?: string;
	/** ISO timestamp of the write; the backend's clock when absent. */
	at?: string;
}

export type Row<K extends TableKey> = RowTypes[K];

/** Audit columns every backend keeps on every row. */
export interface RowMeta {
	createdAt: string;
	createdBy: string;
	createdInExecution: string | null;
	updatedAt: string;
	updatedBy: string;
	updatedInExecution: string | null;
	/** Incremented on every update; used for optimistic concurrency. */
	version: number;
}

export type StoredRow<K extends TableKey> = Row<K> & { _meta: RowMeta };

export type WriteOperation =
	| {
			[K in TableKey]: {
				kind: 'insert';
				table: K;
				row: Row<K>;
				/**
				 * What to do when a row with the same id exists: `skip` makes retries idempotent (the
				 * existing row is returned unchanged), `error` reports a conflict.
				 */
				onConflict?: 'skip' | 'error';
			};
	  }[TableKey]
	| {
			[K in TableKey]: {
				kind: 'update';
				table: K;
				id: string;
				patch: Partial<Row<K>>;
				/** Rejects the update when the stored version differs (someone else wrote in between). */
				expectVersion?: number;
			};
	  }[TableKey];

export type WriteStatus = 'created' | 'existing' | 'updated' | 'failed';

export interface WriteResult {
	table: TableKey;
	id: string;
	status: WriteStatus;
	/** Present when status is `failed`: a Russian message naming the table, the field and the fix. */
	error?: StorageError;
}

/** Equality filter on columns; an array value matches any of its elements. */
export type Where<K extends TableKey> = { [C in keyof Row<K>]?: Row<K>[C] | Array<NonNullable<Row<K>[C]>> | null };

export interface ListOptions<K extends TableKey> {
	where?: Where<K>;
	/**
	 * Columns to read; all when absent. Backends that bill by payload (Airtable) send only these. Rows read
	 * with `fields` carry the id and those columns only, and no `_meta`.
	 */
	fields?: Array<keyof Row<K> & string>;
	orderBy?: Array<{ column: keyof Row<K> & string; direction?: 'asc' | 'desc' }>;
	limit?: number;
}

export type StorageErrorCode =
	| 'validation'
	| 'conflict'
	| 'not_found'
	| 'unknown_field'
	| 'invalid_value'
	| 'permission'
	| 'quota'
	| 'rate_limited'
	| 'unavailable'
	| 'internal';

/**
 * A storage failure with a Russian message for the user. The message names the table and field and says
 * what to do; it never contains the stored values, because they may be personal data.
 */
export class StorageError extends Error {
	constructor(
		readonly code: StorageErrorCode,
		message: string,
		readonly details: { table?: string; field?: string; id?: string; retryable?: boolean } = {},
	) {
		super(message);
		this.name = 'StorageError';
	}
}

/**
 * The one storage interface every backend implements (local SQLite, Airtable, Google Sheets, PostgreSQL).
 * Nodes and the domain core see only this, so they never know which base they talk to.
 */
export interface Base {
	readonly kind: 'local' | 'airtable' | 'googleSheets' | 'postgres';

	get<K extends TableKey>(table: K, id: string): Promise<StoredRow<K> | undefined>;

	/** Rows by id; missing ids are absent from the map. */
	getMany<K extends TableKey>(table: K, ids: readonly string[]): Promise<Map<string, StoredRow<K>>>;

	list<K extends TableKey>(table: K, options?: ListOptions<K>): Promise<Array<StoredRow<K>>>;

	/** Streams a whole table page by page, for scans too large to hold at once. */
	scan<K extends TableKey>(table: K, options?: ListOptions<K>): AsyncIterable<StoredRow<K>>;

	/**
	 * Applies writes in order and reports each one. With `atomic` every write lands or none does (the
	 * local base uses one transaction; backends without transactions reject `atomic`). Without it a failed
	 * write does not stop the others, so a partial batch is reported item by item.
	 */
	write(operations: readonly WriteOperation[], context: WriteContext, options?: { atomic?: boolean }): Promise<WriteResult[]>;

	/**
	 * Runs `work` so that its reads and writes see no concurrent writer in between (read-modify-write
	 * without lost updates). Backends without transactions retry `work` on a version conflict instead.
	 */
	transaction<T>(work: (base: Base) => Promise<T>): Promise<T>;

	close(): Promise<void>;
}
