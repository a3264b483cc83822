/**
 * Reads the fields of one table row from what a person or a workflow supplied: an object keyed by the
 * Russian column labels (as in forms and spreadsheets) or by the column keys (as in code). Every value is
 * parsed by its column kind, so «Да», «12 марта 2025» and «8 900 000-00-00» arrive as stored values.
 * Problems name the field by its label and never repeat the typed value, because it may be personal data.
 */
import type { Column } from '../schemas';
import type { IsoDate } from './calendar';
import { canonicalJson } from './ids';
import {
	answerKey,
	cleanLongText,
	cleanText,
	isBlank,
	matchChoice,
	parseBoolean,
	parseDate,
	parseInteger,
	parseMultiChoice,
	parsePhone,
	type Parsed,
} from './normalize';

export interface RowInputOptions {
	/** Column keys that callers may not set through this input (ids, computed columns). */
	exclude?: readonly string[];
	/** Latest date a date column may hold; no bound when absent. */
	maxDate?: IsoDate;
}

/** Any declared table, whatever its column types: only the declaration is read. */
export interface TableDeclaration {
	idColumn: string;
	label: string;
	columns: object;
}

export type RowInputResult = { ok: true; fields: Record<string, unknown> } | { ok: false; problems: string[] };

const EARLIEST_DATE = '1900-01-01';

function parseText(value: unknown, long: boolean): Parsed<string | null> {
	if (typeof value === 'string' || typeof value === 'number') {
		const text = long ? cleanLongText(String(value)) : cleanText(String(value));
		return { ok: true, value: text === '' ? null : text };
	}
	return { ok: false, reason: 'ожидается текст. Введите значение текстом.' };
}

function parseNumber(value: unknown): Parsed<number | null> {
	const number = typeof value === 'number' ? value : Number(cleanText(String(value)).replace(/\s/g, '').replace(',', '.'));
	return Number.isFinite(number) ? { ok: true, value: number } : { ok: false, reason: 'ожидается число. Укажите его цифрами, например 1,5.' };
}

function parseEmail(column: Column, value: unknown): Parsed<string | null> {
	const text = parseText(value, false);
	if (!text.ok || text.value === null) {
		return text;
	}
	const email = text.value.toLowerCase();
	return column.schema.safeParse(email).success ? { ok: true, value: email } : { ok: false, reason: 'адрес не распознан. Укажите адрес вида name@example.ru.' };
}

/** Accepts an option of an extensible list as typed, but spelled as the list spells it when it matches one. */
function parseExtensibleChoice(column: Column, value: unknown): Parsed<string | null> {
	const matched = matchChoice(value, column.options ?? []);
	return matched.ok ? matched : parseText(value, false);
}

function parseExtensibleChoices(column: Column, value: unknown): Parsed<string[] | null> {
	const items = Array.isArray(value) ? value : String(value).split(/[;\n]/);
	const result: string[] = [];
	for (const item of items) {
		if (isBlank(item)) {
			continue;
		}
		const parsed = parseExtensibleChoice(column, item);
		if (!parsed.ok) {
			return parsed;
		}
		if (parsed.value !== null) {
			result.push(parsed.value);
		}
	}
	return { ok: true, value: [...new Set(result)] };
}

function parseValue(column: Column, value: unknown, options: RowInputOptions): Parsed<unknown> {
	switch (column.kind) {
		case 'longText':
			return parseText(value, true);
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value) ? { ok: true, value } : parseInteger(value);
		case 'number':
			return parseNumber(value);
		case 'date':
			return parseDate(value, { min: EARLIEST_DATE, max: options.maxDate });
		case 'dateTime':
			return parseText(value, false);
		case 'boolean':
			return parseBoolean(value);
		case 'choice':
			return column.extensible ? parseExtensibleChoice(column, value) : matchChoice(value, column.options ?? []);
		case 'choices':
			return column.extensible ? parseExtensibleChoices(column, value) : parseMultiChoice(value, column.options ?? []);
		case 'email':
			return parseEmail(column, value);
		case 'phone':
			return parsePhone(value);
		case 'json':
			return { ok: true, value };
		default:
			return parseText(value, false);
	}
}

/**
 * Reads the columns of `table` found in `raw`. A Russian label wins over a column key when both are given.
 * A blank value means "not given" and is left out, so an edit never clears a column by accident. Keys that
 * are not columns are ignored, because input items usually carry other fields too.
 */
export function readRowFields(table: TableDeclaration, raw: Record<string, unknown>, options: RowInputOptions = {}): RowInputResult {
	const columns = table.columns as Record<string, Column>;
	const excluded = new Set([table.idColumn, ...(options.exclude ?? [])]);
	const byLabel = new Map<string, string>();
	for (const [key, column] of Object.entries(columns)) {
		byLabel.set(answerKey(column.label), key);
	}

	const fromKeys = new Map<string, unknown>();
	const fromLabels = new Map<string, unknown>();
	for (const [name, value] of Object.entries(raw)) {
		const labelled = byLabel.get(answerKey(name));
		if (labelled !== undefined) {
			fromLabels.set(labelled, value);
		} else if (name in columns) {
			fromKeys.set(name, value);
		}
	}

	const fields: Record<string, unknown> = {};
	const problems: string[] = [];
	for (const [key, value] of new Map([...fromKeys, ...fromLabels])) {
		if (excluded.has(key) || isBlank(value)) {
			continue;
		}
		const column = columns[key];
		const parsed = parseValue(column, value, options);
		if (!parsed.ok) {
			problems.push(`В поле «${column.label}» ${parsed.reason}`);
		} else if (parsed.value !== null) {
			fields[key] = parsed.value;
		}
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, fields };
}

function sameValue(left: unknown, right: unknown): boolean {
	const a = left === undefined ? null : left;
	const b = right === undefined ? null : right;
	return canonicalJson(a) === canonicalJson(b);
}

/** Keys of the patch whose values differ from the stored record; the id is never a change. */
export function changedFields<T extends Record<string, unknown>>(stored: Partial<T>, patch: Partial<T>, idColumn = 'id'): Array<keyof T & string> {
	return Object.keys(patch).filter((key) => key !== idColumn && patch[key] !== undefined && !sameValue(stored[key], patch[key])) as Array<keyof T & string>;
}
