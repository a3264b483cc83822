import type { FormulaValue } from './formula/values';
import type { FieldModel, RecordModel } from './model';

/** Resolves what reading a link cell needs: the primary-field text of linked records. */
export interface ReadContext {
	linkedNames(field: FieldModel, recordIds: string[]): string[];
}

/** Returns the raw stored value of a cell, including the computed fields the emulator keeps. */
export function storedValue(field: FieldModel, record: RecordModel): unknown {
	switch (field.type) {
		case 'autoNumber':
			return record.autoNumber;
		case 'createdTime':
			return record.createdTime;
		case 'lastModifiedTime':
			return record.lastModifiedTime;
		default:
			return record.cells.get(field.id);
	}
}

/** Cell value as `cellFormat=json` returns it; `undefined` means the field is left out. */
export function jsonCell(field: FieldModel, record: RecordModel): unknown {
	const value = storedValue(field, record);
	return value === undefined ? undefined : structuredClone(value);
}

/**
 * Cell value as `cellFormat=string` returns it. NOTE: Airtable formats numbers and dates by
 * `userLocale` and `timeZone`; the emulator keeps ISO dates and plain numbers.
 */
export function stringCell(field: FieldModel, record: RecordModel, context: ReadContext): string | undefined {
	const value = storedValue(field, record);
	if (value === undefined) return undefined;
	if (field.type === 'checkbox') return 'checked';
	if (field.type === 'multipleRecordLinks') return context.linkedNames(field, value as string[]).join(', ');
	return textOf(value);
}

function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return value.map(textOf).join(', ');
	if (value !== null && typeof value === 'object') {
		const named = value as { name?: unknown; url?: unknown; text?: unknown };
		if (typeof named.name === 'string') return named.name;
		if (typeof named.text === 'string') return named.text;
		if (typeof named.url === 'string') return named.url;
	}
	return JSON.stringify(value);
}

/**
 * Returns a cell as formulas see it. Numbers stay numbers and a checkbox is 1 or 0. Lists become
 * comma-separated text, with links shown by the linked records' primary text. An empty cell is blank.
 */
export function formulaCell(field: FieldModel, record: RecordModel, context: ReadContext): FormulaValue {
	const value = storedValue(field, record);
	if (field.type === 'checkbox') return value === true ? 1 : 0;
	if (value === undefined) return null;
	if (typeof value === 'number' || typeof value === 'string') return value;
	if (field.type === 'multipleRecordLinks') return context.linkedNames(field, value as string[]).join(', ');
	return textOf(value);
}
