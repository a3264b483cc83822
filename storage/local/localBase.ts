import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { DatabaseSync as DatabaseSyncType, StatementSync } from 'node:sqlite';

import { tableByKey, type Column, type Table, type TableKey } from '../../schemas';
import {
	type Base,
	type ListOptions,
	type Row,
	StorageError,
	type StoredRow,
	type WriteContext,
	type WriteOperation,
	type WriteResult,
} from '../types';
import { validateRow, validateRowUnordered } from '../validation';
import { declaredColumns, decodeRow, encodeValue } from './codec';
import { quote } from './ddl';
import { migrate } from './migrations';

/** Environment variable that overrides the local base's file path for every node. */
export const BASE_PATH_VARIABLE = 'EMPLOYMENT_LIFECYCLE_BASE';

function tableOf(key: TableKey): Table {
	const table = tableByKey(key);
	if (!table) {
		throw new StorageError('not_found', `Таблица «${key}» не объявлена в схеме базы.`, { table: key });
	}
	return table;
}

/**
 * Default file of the local base: inside n8n's user folder, so it is backed up and moved with n8n's own
 * data. `EMPLOYMENT_LIFECYCLE_BASE` or a node parameter overrides it.
 */
export function defaultBasePath(env: NodeJS.ProcessEnv = process.env): string {
	if (env[BASE_PATH_VARIABLE]) {
		return resolve(env[BASE_PATH_VARIABLE] as string);
	}
	const userFolder = env.N8N_USER_FOLDER ? resolve(env.N8N_USER_FOLDER) : homedir();
	return join(userFolder, '.n8n', 'employment-lifecycle', 'base.sqlite');
}

/** Serialises the async work of one process on one connection; SQLite's own locks handle other processes. */
class Mutex {
	private tail: Promise<void> = Promise.resolve();

	async run<T>(work: () => Promise<T>): Promise<T> {
		const previous = this.tail;
		let release!: () => void;
		this.tail = new Promise<void>((resolveRelease) => (release = resolveRelease));
		await previous;
		try {
			return await work();
		} finally {
			release();
		}
	}
}

interface Connection {
	db: DatabaseSyncType;
	mutex: Mutex;
	users: number;
	/** Prepared statements by SQL text: preparing is a large share of a small write's cost. */
	statements: Map<string, StatementSync>;
}

/**
 * One connection per file and process, shared through globalThis: every node of this package is bundled
 * separately, and two connections of one process would block each other's synchronous locks.
 */
const REGISTRY_KEY = Symbol.for('n8n-nodes-employment-lifecycle.localConnections');
type Registry = Map<string, Connection>;

function registry(): Registry {
	const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
	holder[REGISTRY_KEY] ??= new Map();
	return holder[REGISTRY_KEY];
}

function openConnection(path: string): Connection {
	const existing = registry().get(path);
	if (existing) {
		existing.users += 1;
		return existing;
	}

	mkdirSync(dirname(path), { recursive: true });
	// node:sqlite exists from Node.js 22.5; required lazily so that importing this module never fails.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { DatabaseSync } = require('node:sqlite') as typeof import('node:sqlite');
	const db = new DatabaseSync(path, { timeout: 15_000 });
	try {
		rejectForeignDatabase(db);
		db.exec('PRAGMA journal_mode = WAL');
		db.exec('PRAGMA synchronous = NORMAL');
		db.exec('PRAGMA foreign_keys = OFF');
		migrate(db);
	} catch (error) {
		// A file that cannot be set up (read-only, not a database) must not keep a handle open.
		db.close();
		throw error;
	}

	const connection: Connection = { db, mutex: new Mutex(), users: 1, statements: new Map() };
	registry().set(path, connection);
	return connection;
}

/**
 * Refuses a file that belongs to another program, above all n8n's own database.sqlite: migrating it would
 * add this package's tables to n8n's data.
 */
function rejectForeignDatabase(db: DatabaseSyncType): void {
	const n8nTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('workflow_entity', 'execution_entity', 'credentials_entity')").get();
	if (n8nTable) {
		throw new StorageError('validation', 'Этот файл — база данных самой n8n, а не база ТЖЦТ. Укажите другой файл в параметре «Файл локальной базы» или оставьте его пустым.');
	}
}

/**
 * Resolves the path a node parameter gives: empty means the default file, and a relative path is taken
 * inside the default file's folder, not in whatever folder the n8n process happens to run in.
 */
export function resolveBasePath(parameter: string, env: NodeJS.ProcessEnv = process.env): string {
	const trimmed = parameter.trim();
	if (trimmed === '') {
		return defaultBasePath(env);
	}
	if (isAbsolute(trimmed)) {
		return resolve(trimmed);
	}
	return resolve(dirname(defaultBasePath(env)), trimmed);
}

/** Lists the declared columns that a read limited to `fields` returns, with the id, in declaration order. */
function selectedColumns(table: Table, fields: readonly string[]): Array<[string, Column]> {
	const selected = new Set([table.idColumn, ...fields]);
	return declaredColumns(table).filter(([key]) => selected.has(key));
}

type SqlValue = string | number | bigint | null | Uint8Array;

/** The insert of a table: its SQL and where each declared column's value goes among the parameters. */
interface InsertShape {
	sql: string;
	slots: Map<string, { position: number; column: Column }>;
	/** A parameter list of NULLs, copied for each row, so absent columns stay NULL. */
	empty: SqlValue[];
}

const AUDIT_COLUMNS = ['_createdAt', '_createdBy', '_createdExecution', '_updatedAt', '_updatedBy', '_updatedExecution', '_version'];
const insertShapes = new WeakMap<Table, InsertShape>();

function insertShapeOf(table: Table): InsertShape {
	let shape = insertShapes.get(table);
	if (!shape) {
		const columns = declaredColumns(table);
		const names = [...columns.map(([key]) => key), ...AUDIT_COLUMNS];
		const sql = `INSERT INTO ${quote(table.key)} (${names.map(quote).join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT(${quote(table.idColumn)}) DO NOTHING`;
		const slots = new Map(columns.map(([key, column], position) => [key, { position, column }]));
		shape = { sql, slots, empty: names.map(() => null) };
		insertShapes.set(table, shape);
	}
	return shape;
}

interface AuditEntry {
	table: string;
	id: string;
	operation: 'insert' | 'update';
	fields: string[];
}

/** The embedded local base: a SQLite file through Node's built-in `node:sqlite`, no account or server. */
export class LocalBase implements Base {
	readonly kind = 'local' as const;
	private closed = false;
	private inTransaction = false;

	private constructor(
		readonly path: string,
		private readonly connection: Connection,
	) {}

	static open(path: string = defaultBasePath()): LocalBase {
		const absolute = resolve(path);
		return new LocalBase(absolute, openConnection(absolute));
	}

	private statement(sql: string): StatementSync {
		let prepared = this.connection.statements.get(sql);
		if (!prepared) {
			if (this.connection.statements.size >= 500) {
				this.connection.statements.clear();
			}
			prepared = this.db.prepare(sql);
			this.connection.statements.set(sql, prepared);
		}
		return prepared;
	}

	/**
	 * Returns the insert statement of a table. It binds every declared column, an absent value as NULL, so
	 * one statement serves rows of any shape. This is safe because no declared column has a default.
	 */
	private insertStatement(table: Table): StatementSync {
		return this.statement(insertShapeOf(table).sql);
	}

	private get db(): DatabaseSyncType {
		if (this.closed) {
			throw new StorageError('unavailable', 'Локальная база уже закрыта.');
		}
		return this.connection.db;
	}

	async get<K extends TableKey>(table: K, id: string): Promise<StoredRow<K> | undefined> {
		const declared = tableOf(table);
		const raw = this.statement(`SELECT * FROM ${quote(table)} WHERE ${quote(declared.idColumn)} = ?`).get(id);
		return raw ? (decodeRow(declared, raw) as unknown as StoredRow<K>) : undefined;
	}

	async getMany<K extends TableKey>(table: K, ids: readonly string[]): Promise<Map<string, StoredRow<K>>> {
		const found = new Map<string, StoredRow<K>>();
		const unique = [...new Set(ids)];
		const declared = tableOf(table);

		// SQLite limits bound parameters, so ids go in chunks.
		for (let start = 0; start < unique.length; start += 500) {
			const chunk = unique.slice(start, start + 500);
			const placeholders = chunk.map(() => '?').join(', ');
			const rows = this.statement(`SELECT * FROM ${quote(table)} WHERE ${quote(declared.idColumn)} IN (${placeholders})`).all(...chunk);
			for (const raw of rows) {
				const row = decodeRow(declared, raw) as unknown as StoredRow<K>;
				found.set(String(raw[declared.idColumn]), row);
			}
		}
		return found;
	}

	private selectSql<K extends TableKey>(table: K, options: ListOptions<K> = {}): { sql: string; params: Array<string | number | null> } {
		const declared = tableOf(table);
		const clauses: string[] = [];
		const params: Array<string | number | null> = [];

		for (const [key, value] of Object.entries(options.where ?? {})) {
			const column = declared.columns[key];
			if (!column) {
				throw new StorageError('unknown_field', `Таблица «${declared.label}»: нет поля «${key}» для отбора.`, { table: declared.label, field: key });
			}
			if (value === null) {
				clauses.push(`${quote(key)} IS NULL`);
			} else if (Array.isArray(value) && column.kind !== 'choices') {
				if (value.length === 0) {
					clauses.push('0');
				} else {
					// One JSON parameter keeps the SQL text, and so the prepared statement, the same for any
					// number of values, and has no limit on bound parameters.
					clauses.push(`${quote(key)} IN (SELECT "value" FROM json_each(?))`);
					params.push(JSON.stringify(value.map((item) => encodeValue(column, item))));
				}
			} else {
				clauses.push(`${quote(key)} = ?`);
				params.push(encodeValue(column, value) as string | number);
			}
		}

		const selected = options.fields ? [...new Set([declared.idColumn, ...options.fields])].map(quote).join(', ') : '*';
		let sql = `SELECT ${selected} FROM ${quote(table)}`;
		if (clauses.length > 0) {
			sql += ` WHERE ${clauses.join(' AND ')}`;
		}
		const order = (options.orderBy ?? []).map(({ column, direction }) => `${quote(column)} ${direction === 'desc' ? 'DESC' : 'ASC'}`);
		order.push('rowid ASC');
		sql += ` ORDER BY ${order.join(', ')}`;
		if (options.limit !== undefined) {
			sql += ' LIMIT ?';
			params.push(options.limit);
		}
		return { sql, params };
	}

	async list<K extends TableKey>(table: K, options: ListOptions<K> = {}): Promise<Array<StoredRow<K>>> {
		const declared = tableOf(table);
		const { sql, params } = this.selectSql(table, options);
		const selected = options.fields ? selectedColumns(declared, options.fields) : declaredColumns(declared);
		// `all` reads every row before it returns, so a cached statement is never shared by two reads.
		return this.statement(sql)
			.all(...params)
			.map((raw) => decodeRow(declared, raw, selected) as unknown as StoredRow<K>);
	}

	async *scan<K extends TableKey>(table: K, options: ListOptions<K> = {}): AsyncIterable<StoredRow<K>> {
		const declared = tableOf(table);
		const { sql, params } = this.selectSql(table, options);
		// A scan gets its own statement: a cached one could be reused by another call while this iterates.
		const selected = options.fields ? selectedColumns(declared, options.fields) : declaredColumns(declared);
		for (const raw of this.db.prepare(sql).iterate(...params)) {
			yield decodeRow(declared, raw as Record<string, unknown>, selected) as unknown as StoredRow<K>;
		}
	}

	async write(operations: readonly WriteOperation[], context: WriteContext, options: { atomic?: boolean } = {}): Promise<WriteResult[]> {
		if (this.inTransaction) {
			return this.writeNow(operations, context, options);
		}
		return this.connection.mutex.run(async () => {
			this.db.exec('BEGIN IMMEDIATE');
			try {
				const results = this.writeNow(operations, context, options);
				this.db.exec('COMMIT');
				return results;
			} catch (error) {
				this.db.exec('ROLLBACK');
				throw error;
			}
		});
	}

	/**
	 * Applies the operations inside the caller's transaction. A failed operation is reported and skipped,
	 * unless `atomic` is set: then it throws and the caller rolls everything back.
	 */
	private writeNow(operations: readonly WriteOperation[], context: WriteContext, options: { atomic?: boolean }): WriteResult[] {
		const at = context.at ?? new Date().toISOString();
		const results: WriteResult[] = [];
		const audit: AuditEntry[] = [];

		// Each operation is a single SQL statement, and SQLite undoes a failed statement on its own, so a
		// failed operation leaves nothing behind without a savepoint.
		for (const operation of operations) {
			try {
				const result = operation.kind === 'insert' ? this.insertRow(operation, context, at) : this.updateRow(operation, context, at, audit);
				results.push(result);
			} catch (error) {
				const storageError = error instanceof StorageError ? error : new StorageError('internal', `Ошибка локальной базы: ${(error as Error).message}`);
				if (options.atomic) {
					throw storageError;
				}
				const id = operation.kind === 'insert' ? String((operation.row as Record<string, unknown>)[tableOf(operation.table).idColumn] ?? '') : operation.id;
				results.push({ table: operation.table, id, status: 'failed', error: storageError });
			}
		}

		this.appendAudit(audit, context, at);
		return results;
	}

	private insertRow(operation: Extract<WriteOperation, { kind: 'insert' }>, context: WriteContext, at: string): WriteResult {
		const table = tableOf(operation.table);
		const row = validateRowUnordered(table, operation.row, 'insert');
		const id = String(row[table.idColumn]);

		const { slots, empty } = insertShapeOf(table);
		const values = empty.slice();
		for (const key of Object.keys(row)) {
			const slot = slots.get(key);
			if (slot) {
				values[slot.position] = encodeValue(slot.column, row[key]);
			}
		}
		const audit = slots.size;
		const executionId = context.executionId ?? null;
		values[audit] = at;
		values[audit + 1] = context.actor;
		values[audit + 2] = executionId;
		values[audit + 3] = at;
		values[audit + 4] = context.actor;
		values[audit + 5] = executionId;
		values[audit + 6] = 1;
		const outcome = this.insertStatement(table).run(...values);

		if (Number(outcome.changes) === 0) {
			if (operation.onConflict === 'error') {
				throw new StorageError('conflict', `Таблица «${table.label}»: запись с таким ключом уже есть.`, { table: table.label, id });
			}
			return { table: operation.table, id, status: 'existing' };
		}

		// The row's own audit columns record its creation, so inserts add nothing to the audit log.
		return { table: operation.table, id, status: 'created' };
	}

	private updateRow(operation: Extract<WriteOperation, { kind: 'update' }>, context: WriteContext, at: string, audit: AuditEntry[]): WriteResult {
		const table = tableOf(operation.table);
		const patch = validateRow(table, operation.patch, 'patch');
		const keys = Object.keys(patch).filter((key) => patch[key] !== undefined && key !== table.idColumn);

		const assignments = [...keys.map((key) => `${quote(key)} = ?`), '"_updatedAt" = ?', '"_updatedBy" = ?', '"_updatedExecution" = ?', '"_version" = "_version" + 1'];
		const values: SqlValue[] = [
			...keys.map((key) => encodeValue(table.columns[key], patch[key])),
			at,
			context.actor,
			context.executionId ?? null,
		];
		let sql = `UPDATE ${quote(table.key)} SET ${assignments.join(', ')} WHERE ${quote(table.idColumn)} = ?`;
		values.push(operation.id);
		if (operation.expectVersion !== undefined) {
			sql += ' AND "_version" = ?';
			values.push(operation.expectVersion);
		}

		const outcome = this.statement(sql).run(...values);
		if (Number(outcome.changes) === 0) {
			const exists = this.statement(`SELECT 1 FROM ${quote(table.key)} WHERE ${quote(table.idColumn)} = ?`).get(operation.id);
			if (!exists) {
				throw new StorageError('not_found', `Таблица «${table.label}»: запись не найдена. Проверьте ключ записи.`, { table: table.label, id: operation.id });
			}
			throw new StorageError('conflict', `Таблица «${table.label}»: запись изменил кто-то другой. Повторите операцию.`, {
				table: table.label,
				id: operation.id,
				retryable: true,
			});
		}

		audit.push({ table: table.key, id: operation.id, operation: 'update', fields: keys });
		return { table: operation.table, id: operation.id, status: 'updated' };
	}

	/**
	 * Records who changed which fields of which row; values are not copied, so the log contains no personal
	 * data. Rows go in multi-row inserts because the log doubles the number of rows written.
	 */
	private appendAudit(entries: AuditEntry[], context: WriteContext, at: string): void {
		const chunkSize = 50;
		for (let start = 0; start < entries.length; start += chunkSize) {
			const chunk = entries.slice(start, start + chunkSize);
			const placeholders = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
			const values = chunk.flatMap((entry) => [
				at,
				context.actor,
				context.executionId ?? null,
				context.workflowId ?? null,
				context.node ?? null,
				entry.table,
				entry.id,
				entry.operation,
				entry.fields.join(','),
			]);
			this.statement(`INSERT INTO "_audit" ("at", "actor", "executionId", "workflowId", "node", "tableKey", "recordId", "operation", "fields") VALUES ${placeholders}`).run(...values);
		}
	}

	async transaction<T>(work: (base: Base) => Promise<T>): Promise<T> {
		if (this.inTransaction) {
			return work(this);
		}
		return this.connection.mutex.run(async () => {
			this.db.exec('BEGIN IMMEDIATE');
			this.inTransaction = true;
			try {
				const result = await work(this);
				this.db.exec('COMMIT');
				return result;
			} catch (error) {
				this.db.exec('ROLLBACK');
				throw error;
			} finally {
				this.inTransaction = false;
			}
		});
	}

	/**
	 * Audit trail of one record, oldest first: who created it (from the row's audit columns) and who changed
	 * which fields, when and in which execution (from the audit log).
	 */
	async auditTrail(table: TableKey, id: string): Promise<Array<{ at: string; actor: string; executionId: string | null; operation: string; fields: string[] }>> {
		const declared = tableOf(table);
		const trail: Array<{ at: string; actor: string; executionId: string | null; operation: string; fields: string[] }> = [];

		const created = this.statement(`SELECT * FROM ${quote(table)} WHERE ${quote(declared.idColumn)} = ?`).get(id);
		if (created) {
			const filled = Object.keys(declared.columns).filter((key) => created[key] !== null && created[key] !== undefined);
			trail.push({ at: String(created._createdAt), actor: String(created._createdBy), executionId: (created._createdExecution as string | null) ?? null, operation: 'insert', fields: filled });
		}

		const rows = this.statement('SELECT * FROM "_audit" WHERE "tableKey" = ? AND "recordId" = ? ORDER BY "seq"').all(table, id);
		for (const row of rows) {
			trail.push({
				at: String(row.at),
				actor: String(row.actor),
				executionId: (row.executionId as string | null) ?? null,
				operation: String(row.operation),
				fields: String(row.fields).split(',').filter(Boolean),
			});
		}
		return trail;
	}

	async count(table: TableKey): Promise<number> {
		const row = this.statement(`SELECT COUNT(*) AS "total" FROM ${quote(table)}`).get() as { total: number };
		return Number(row.total);
	}

	async close(): Promise<void> {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.connection.users -= 1;
		if (this.connection.users === 0) {
			registry().delete(this.path);
			this.connection.db.close();
		}
	}
}

export type { Row };
