import type { DatabaseSync } from 'node:sqlite';

import { ALL_TABLES } from '../../schemas';
import { AUDIT_INDEX_SQL, AUDIT_TABLE_SQL, createIndexSql, createRussianViewSql, createTableSql, META_COLUMNS, quote, sqlType } from './ddl';

/**
 * An explicit migration, for changes that adding columns cannot express (renames, data moves). Additive
 * changes need no entry: `migrate` creates missing tables, columns and indexes from the declarations.
 */
interface Migration {
	version: number;
	description: string;
	up(db: DatabaseSync): void;
}

const MIGRATIONS: Migration[] = [
	{
		version: 1,
		description: 'Create the tables of the base from their declarations',
		up: () => {
			// The declarations create every table in `syncDeclaredTables`; version 1 only marks the start.
		},
	},
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

function existingColumns(db: DatabaseSync, table: string): Set<string> {
	const rows = db.prepare(`PRAGMA table_info(${quote(table)})`).all() as Array<{ name: string }>;
	return new Set(rows.map((row) => row.name));
}

/** Creates missing tables, columns, indexes and the Russian views; never drops or rewrites data. */
function syncDeclaredTables(db: DatabaseSync): void {
	db.exec(AUDIT_TABLE_SQL);
	db.exec(AUDIT_INDEX_SQL);

	for (const table of ALL_TABLES) {
		db.exec(createTableSql(table));
		const present = existingColumns(db, table.key);

		for (const [key, column] of Object.entries(table.columns)) {
			if (!present.has(key)) {
				db.exec(`ALTER TABLE ${quote(table.key)} ADD COLUMN ${quote(key)} ${sqlType(column)}`);
			}
		}
		for (const [key, type] of Object.entries(META_COLUMNS)) {
			if (!present.has(key)) {
				const nullable = type.replace(' NOT NULL', '');
				db.exec(`ALTER TABLE ${quote(table.key)} ADD COLUMN ${quote(key)} ${nullable}`);
			}
		}

		for (const sql of createIndexSql(table)) {
			db.exec(sql);
		}
		for (const sql of createRussianViewSql(table)) {
			db.exec(sql);
		}
	}
}

/**
 * Brings a database file to the current schema inside one exclusive transaction, so two processes that
 * open a new file at once do not both migrate it.
 */
export function migrate(db: DatabaseSync): { from: number; to: number } {
	db.exec('BEGIN IMMEDIATE');
	try {
		db.exec('CREATE TABLE IF NOT EXISTS "_migrations" ("version" INTEGER PRIMARY KEY, "description" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)');
		const row = db.prepare('SELECT MAX("version") AS "version" FROM "_migrations"').get() as { version: number | null };
		const from = row.version ?? 0;

		if (from > SCHEMA_VERSION) {
			throw new Error(
				`База создана более новой версией пакета (схема ${from}, этот пакет знает до ${SCHEMA_VERSION}). Обновите пакет n8n-nodes-employment-lifecycle.`,
			);
		}

		syncDeclaredTables(db);
		const record = db.prepare('INSERT INTO "_migrations" ("version", "description", "appliedAt") VALUES (?, ?, ?)');
		for (const migration of MIGRATIONS) {
			if (migration.version > from) {
				migration.up(db);
				record.run(migration.version, migration.description, new Date().toISOString());
			}
		}

		db.exec('COMMIT');
		return { from, to: SCHEMA_VERSION };
	} catch (error) {
		db.exec('ROLLBACK');
		throw error;
	}
}
