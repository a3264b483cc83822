import type { Column, ColumnKind, Table } from '../../schemas';

/** Audit columns kept on every row, beside the declared ones. */
export const META_COLUMNS = {
	_createdAt: 'TEXT NOT NULL',
	_createdBy: 'TEXT NOT NULL',
	_createdExecution: 'TEXT',
	_updatedAt: 'TEXT NOT NULL',
	_updatedBy: 'TEXT NOT NULL',
	_updatedExecution: 'TEXT',
	_version: 'INTEGER NOT NULL DEFAULT 1',
} as const;

const SQL_TYPES: Record<ColumnKind, string> = {
	id: 'TEXT',
	text: 'TEXT',
	longText: 'TEXT',
	integer: 'INTEGER',
	number: 'REAL',
	date: 'TEXT',
	dateTime: 'TEXT',
	boolean: 'INTEGER',
	choice: 'TEXT',
	choices: 'TEXT',
	link: 'TEXT',
	email: 'TEXT',
	phone: 'TEXT',
	json: 'TEXT',
};

export function quote(identifier: string): string {
	return `"${identifier.replace(/"/g, '""')}"`;
}

export function sqlType(column: Column): string {
	return SQL_TYPES[column.kind];
}

export function createTableSql(table: Table): string {
	const definitions = Object.entries(table.columns).map(([key, column]) => {
		const primary = key === table.idColumn ? ' PRIMARY KEY NOT NULL' : '';
		return `${quote(key)} ${sqlType(column)}${primary}`;
	});
	for (const [key, type] of Object.entries(META_COLUMNS)) {
		definitions.push(`${quote(key)} ${type}`);
	}
	return `CREATE TABLE IF NOT EXISTS ${quote(table.key)} (\n  ${definitions.join(',\n  ')}\n)`;
}

export function createIndexSql(table: Table): string[] {
	return table.indexes.map((columns) => {
		const name = `idx_${table.key}_${columns.join('_')}`;
		return `CREATE INDEX IF NOT EXISTS ${quote(name)} ON ${quote(table.key)} (${columns.map(quote).join(', ')})`;
	});
}

/**
 * A read-only view with Russian table and column names, so a coordinator who opens the file in a SQLite
 * browser sees the same names as in Airtable or Google Sheets.
 */
export function createRussianViewSql(table: Table): string[] {
	const columns = Object.entries(table.columns).map(([key, column]) => {
		if (column.kind === 'boolean') {
			// Yes/no answers read as «Да»/«Нет», and an unknown one stays empty.
			return `CASE ${quote(key)} WHEN 1 THEN 'Да' WHEN 0 THEN 'Нет' END AS ${quote(column.label)}`;
		}
		return `${quote(key)} AS ${quote(column.label)}`;
	});
	columns.push(`${quote('_createdAt')} AS ${quote('Создано')}`, `${quote('_updatedAt')} AS ${quote('Изменено')}`);
	return [
		`DROP VIEW IF EXISTS ${quote(table.label)}`,
		`CREATE VIEW ${quote(table.label)} AS SELECT ${columns.join(', ')} FROM ${quote(table.key)}`,
	];
}

export const AUDIT_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_audit" (
  "seq" INTEGER PRIMARY KEY AUTOINCREMENT,
  "at" TEXT NOT NULL,
  "actor" TEXT NOT NULL,
  "executionId" TEXT,
  "workflowId" TEXT,
  "node" TEXT,
  "tableKey" TEXT NOT NULL,
  "recordId" TEXT NOT NULL,
  "operation" TEXT NOT NULL,
  "fields" TEXT NOT NULL
)`;

export const AUDIT_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS "idx_audit_record" ON "_audit" ("tableKey", "recordId")';
