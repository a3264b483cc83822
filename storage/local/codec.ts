import type { Column, Table } from '../../schemas';
import type { RowMeta } from '../types';

type SqlValue = string | number | bigint | null | Uint8Array;

export function encodeValue(column: Column, value: unknown): SqlValue {
	if (value === undefined || value === null) {
		return null;
	}
	switch (column.kind) {
		case 'boolean':
			return value ? 1 : 0;
		case 'choices':
		case 'json':
			return JSON.stringify(value);
		default:
			return value as SqlValue;
	}
}

export function decodeValue(column: Column, value: unknown): unknown {
	if (value === null || value === undefined) {
		return null;
	}
	switch (column.kind) {
		case 'boolean':
			return value === 1 || value === 1n;
		case 'integer':
		case 'number':
			return Number(value);
		case 'choices':
		case 'json':
			return JSON.parse(String(value));
		default:
			return value;
	}
}

const columnEntries = new WeakMap<Table, Array<[string, Column]>>();

/** Lists the declared columns of a table in declaration order, once per table instead of once per row. */
export function declaredColumns(table: Table): Array<[string, Column]> {
	let entries = columnEntries.get(table);
	if (!entries) {
		entries = Object.entries(table.columns);
		columnEntries.set(table, entries);
	}
	return entries;
}

/**
 * Converts a SQLite row into a schema row plus its audit metadata. `columns` narrows the declared columns
 * looked for to those a query selected.
 */
export function decodeRow(
	table: Table,
	raw: Record<string, unknown>,
	columns: ReadonlyArray<[string, Column]> = declaredColumns(table),
): Record<string, unknown> & { _meta: RowMeta } {
	const row: Record<string, unknown> = {};
	for (const [key, column] of columns) {
		if (key in raw) {
			row[key] = decodeValue(column, raw[key]);
		}
	}
	if (!('_version' in raw)) {
		// A read limited to some fields carries no audit columns.
		return Object.assign(row, { _meta: undefined as unknown as RowMeta });
	}
	const meta: RowMeta = {
		createdAt: String(raw._createdAt),
		createdBy: String(raw._createdBy),
		createdInExecution: (raw._createdExecution as string | null) ?? null,
		updatedAt: String(raw._updatedAt),
		updatedBy: String(raw._updatedBy),
		updatedInExecution: (raw._updatedExecution as string | null) ?? null,
		version: Number(raw._version),
	};
	return Object.assign(row, { _meta: meta });
}
