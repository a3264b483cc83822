import type { z } from 'zod/v4';

import type { Column, Table } from '../schemas';
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

/**
 * Test of one value of a column. `true` means the column's zod schema accepts the value. `false` means the
 * check cannot tell, so zod decides and words the message.
 */
type ValueCheck = (value: unknown) => boolean;

interface CompiledColumn {
	key: string;
	/** Position in the declaration, the order zod returns the keys in. */
	position: number;
	required: boolean;
	accepts: ValueCheck;
}

interface CompiledTable {
	columns: Map<string, CompiledColumn>;
	requiredCount: number;
}

const isNonEmptyString: ValueCheck = (value) => typeof value === 'string' && value.length > 0;
const isString: ValueCheck = (value) => typeof value === 'string';
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Builds the check that mirrors the schema `column` builds for its kind, or one that always defers to zod. */
function valueCheckOf(column: Column): ValueCheck {
	switch (column.kind) {
		case 'id':
		case 'link':
			return isNonEmptyString;
		case 'text':
		case 'longText':
			return isString;
		case 'date':
			return (value) => typeof value === 'string' && DATE_PATTERN.test(value);
		case 'boolean':
			return (value) => typeof value === 'boolean';
		case 'integer':
			return (value) => Number.isSafeInteger(value);
		case 'number':
			return (value) => Number.isFinite(value);
		case 'choice': {
			if (column.extensible) {
				return isNonEmptyString;
			}
			const options = new Set(column.options);
			return (value) => typeof value === 'string' && options.has(value);
		}
		case 'json':
			return () => true;
		default:
			// Lists, timestamps, e-mails and phones are rare in bulk writes, so zod checks them.
			return () => false;
	}
}

const compiledTables = new WeakMap<Table, CompiledTable>();

function compiledTableOf(table: Table): CompiledTable {
	let compiled = compiledTables.get(table);
	if (!compiled) {
		const columns = new Map<string, CompiledColumn>();
		Object.entries(table.columns).forEach(([key, column], position) => {
			columns.set(key, { key, position, required: column.required, accepts: valueCheckOf(column) });
		});
		compiled = { columns, requiredCount: [...columns.values()].filter((column) => column.required).length };
		compiledTables.set(table, compiled);
	}
	return compiled;
}

const byPosition = (left: CompiledColumn, right: CompiledColumn): number => left.position - right.position;

/**
 * Validates the common row without zod: a plain object with declared keys only, whose every value the
 * column's check accepts. Returns what zod would return (the row's keys in declaration order), or
 * undefined when zod must decide. It must accept no row that zod rejects, which the validation tests check
 * on every column. Unless `ordered`, it returns the accepted row itself instead of the copy.
 */
export function acceptPlainRow(table: Table, row: unknown, mode: 'insert' | 'patch', ordered: boolean): Record<string, unknown> | undefined {
	if (row === null || typeof row !== 'object' || Object.getPrototypeOf(row) !== Object.prototype) {
		return undefined;
	}
	const input = row as Record<string, unknown>;
	const { columns, requiredCount } = compiledTableOf(table);
	const present: CompiledColumn[] = [];
	let requiredPresent = 0;
	let inOrder = true;

	for (const key of Object.keys(input)) {
		const column = columns.get(key);
		if (!column) {
			return undefined;
		}
		const value = input[key];
		if (value === undefined || value === null) {
			// A patch may leave out a required column but not clear it. An insert needs it filled.
			if (column.required && (value === null || mode === 'insert')) {
				return undefined;
			}
		} else if (!column.accepts(value)) {
			return undefined;
		} else if (column.required) {
			requiredPresent += 1;
		}
		if (ordered) {
			inOrder &&= present.length === 0 || present[present.length - 1].position < column.position;
			present.push(column);
		}
	}
	if (mode === 'insert' && requiredPresent < requiredCount) {
		return undefined;
	}

	if (!ordered) {
		return input;
	}
	if (!inOrder) {
		present.sort(byPosition);
	}
	const output: Record<string, unknown> = {};
	for (const { key } of present) {
		output[key] = input[key];
	}
	return output;
}

/**
 * Validates a row (or a patch) against its table declaration and throws a Russian StorageError. Returns a
 * copy with the row's keys in declaration order, as zod does.
 */
export function validateRow(table: Table, row: unknown, mode: 'insert' | 'patch'): Record<string, unknown> {
	return acceptPlainRow(table, row, mode, true) ?? validateWithZod(table, row, mode);
}

/**
 * Validates like `validateRow` but may return the row itself, keys in any order, when the check without
 * zod accepts it. For writers that read the values column by column and never change the result.
 */
export function validateRowUnordered(table: Table, row: unknown, mode: 'insert' | 'patch'): Record<string, unknown> {
	return acceptPlainRow(table, row, mode, false) ?? validateWithZod(table, row, mode);
}

function validateWithZod(table: Table, row: unknown, mode: 'insert' | 'patch'): Record<string, unknown> {
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
