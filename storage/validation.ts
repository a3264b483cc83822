import type { z } from 'zod/v4';

import type { Table } from '../schemas';
import { StorageError } from './types';

const TYPE_NAMES: Record<string, string> = {
	string: 'текст',
	number: 'число',
	boolean: 'да или нет',
	array: 'список',
	object: 'объект',
};

/**
 * Turns one zod issue into a Russian sentence that names the field and the fix. The input value is never
 * quoted, because it may be personal data.
 */
function describeIssue(table: Table, issue: z.core.$ZodIssue): string {
	const columnKey = String(issue.path[0] ?? '');
	const column = table.columns[columnKey];
	const where = column ? `поле «${column.label}»` : `поле «${columnKey}»`;

	switch (issue.code) {
		case 'invalid_type':
			if (issue.input === undefined) {
				return `${where}: значение обязательно, заполните его.`;
			}
			return `${where}: неверный тип значения, ожидается ${TYPE_NAMES[issue.expected] ?? issue.expected}.`;
		case 'invalid_value':
			return `${where}: значение не из списка. Допустимые значения: ${(column?.options ?? issue.values.map(String)).join('; ')}.`;
		case 'unrecognized_keys':
			return `в таблице нет полей ${issue.keys.map((key) => `«${key}»`).join(', ')}: уберите их или проверьте названия.`;
		case 'too_small':
			return `${where}: значение слишком короткое или пустое, заполните его.`;
		case 'invalid_format':
		case 'custom':
			return `${where}: ${lowerFirst(issue.message)}.`;
		default:
			return `${where}: недопустимое значение (${issue.code}).`;
	}
}

function lowerFirst(text: string): string {
	return text.length > 0 ? text[0].toLowerCase() + text.slice(1) : text;
}

/** Validates a row (or a patch) against its table declaration and throws a Russian StorageError. */
const insertSchemas = new WeakMap<Table, z.ZodType>();
const patchSchemas = new WeakMap<Table, z.ZodType>();

/** The strict validator of a table for one kind of write, built once per table. */
function schemaFor(table: Table, mode: 'insert' | 'patch'): z.ZodType {
	const cache = mode === 'insert' ? insertSchemas : patchSchemas;
	let schema = cache.get(table);
	if (!schema) {
		schema = mode === 'insert' ? table.zod.strict() : table.zod.partial().strict();
		cache.set(table, schema);
	}
	return schema;
}

export function validateRow(table: Table, row: unknown, mode: 'insert' | 'patch'): Record<string, unknown> {
	const result = schemaFor(table, mode).safeParse(row);
	if (result.success) {
		return result.data as Record<string, unknown>;
	}

	const sentences = result.error.issues.map((issue) => describeIssue(table, issue));
	const firstField = String(result.error.issues[0]?.path[0] ?? '');
	throw new StorageError('validation', `Таблица «${table.label}»: ${sentences.join(' ')}`, {
		table: table.label,
		field: table.columns[firstField]?.label,
	});
}
