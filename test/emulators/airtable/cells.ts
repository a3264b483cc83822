import { errors } from './errors';
import type { FieldModel, SelectChoice } from './model';
import { COMPUTED_TYPES, NUMBER_TYPES, TEXT_TYPES } from './model';

/** What normalizing one cell may need besides the field and the value. */
export interface CellContext {
	typecast: boolean;
	/** Select options that typecast adds in this request; they are created only when the request succeeds. */
	newChoices: Map<FieldModel, string[]>;
	/** Turns link values into record ids of the linked table, creating records for names under typecast. */
	resolveLinks(field: FieldModel, values: unknown[]): string[];
}

/** Result of normalizing a cell: the value to store, or `undefined` to empty the cell. */
export type StoredCell = unknown;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Checks a written value against the field's type and returns what Airtable would store. Without
 * typecast a value of the wrong JSON type is INVALID_VALUE_FOR_COLUMN and an unknown select option is
 * INVALID_MULTIPLE_CHOICE_OPTIONS; with typecast text is parsed into numbers, dates and booleans, new
 * select options are created and link values may be primary-field names.
 */
export function normalizeCell(field: FieldModel, value: unknown, context: CellContext): StoredCell {
	if (COMPUTED_TYPES.has(field.type)) throw errors.computedField(field.name);
	if (value === null || value === undefined) return undefined;
	if (TEXT_TYPES.has(field.type)) return normalizeText(field, value, context.typecast);
	if (NUMBER_TYPES.has(field.type)) return normalizeNumber(field, value, context.typecast);
	switch (field.type) {
		case 'checkbox':
			return normalizeCheckbox(field, value, context.typecast);
		case 'date':
			return normalizeDate(field, value, context.typecast);
		case 'dateTime':
			return normalizeDateTime(field, value, context.typecast);
		case 'singleSelect':
			return normalizeSingleSelect(field, value, context);
		case 'multipleSelects':
			return normalizeMultipleSelects(field, value, context);
		case 'multipleRecordLinks':
			return normalizeLinks(field, value, context);
		default:
			return normalizeOther(value);
	}
}

function normalizeText(field: FieldModel, value: unknown, typecast: boolean): StoredCell {
	let text: string;
	if (typeof value === 'string') text = value;
	else if (typecast && (typeof value === 'number' || typeof value === 'boolean')) text = String(value);
	else if (typecast && Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
		text = value.join(', ');
	} else throw errors.cannotAcceptValue(field.name);
	return text === '' ? undefined : text;
}

function parseNumberText(text: string): number {
	let cleaned = text.replace(/\s/g, '');
	cleaned = cleaned.includes('.') ? cleaned.replace(/,/g, '') : cleaned.replace(',', '.');
	return cleaned === '' ? Number.NaN : Number(cleaned);
}

function normalizeNumber(field: FieldModel, value: unknown, typecast: boolean): StoredCell {
	let number: number;
	if (typeof value === 'number') number = value;
	else if (typecast && typeof value === 'string') {
		if (value.trim() === '') return undefined;
		number = parseNumberText(value);
		if (Number.isNaN(number)) throw errors.invalidValue(`Cannot parse value "${value}" for field ${field.name}`);
	} else if (typecast && typeof value === 'boolean') number = value ? 1 : 0;
	else throw errors.cannotAcceptValue(field.name);
	if (!Number.isFinite(number)) throw errors.cannotAcceptValue(field.name);
	const precision = field.options?.precision;
	if (typeof precision === 'number') {
		// NOTE: rounding to the field's precision on write is assumed; Airtable documents precision as display.
		const scale = 10 ** precision;
		number = Math.round(number * scale) / scale;
	}
	return number;
}

const TRUE_TEXT = new Set(['true', 'yes', 'checked', 'on', '1', 'x', 'да']);
const FALSE_TEXT = new Set(['false', 'no', 'unchecked', 'off', '0', '', 'нет']);

function normalizeCheckbox(field: FieldModel, value: unknown, typecast: boolean): StoredCell {
	let checked: boolean;
	if (typeof value === 'boolean') checked = value;
	else if (typecast && typeof value === 'number') checked = value !== 0;
	else if (typecast && typeof value === 'string' && TRUE_TEXT.has(value.trim().toLowerCase())) checked = true;
	else if (typecast && typeof value === 'string' && FALSE_TEXT.has(value.trim().toLowerCase())) checked = false;
	else throw errors.cannotAcceptValue(field.name);
	return checked ? true : undefined;
}

function isRealDate(text: string): boolean {
	const time = Date.parse(`${text}T00:00:00.000Z`);
	return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

function normalizeDate(field: FieldModel, value: unknown, typecast: boolean): StoredCell {
	if (typeof value !== 'string') throw errors.cannotAcceptValue(field.name);
	if (value === '') return undefined;
	if (DATE_PATTERN.test(value) && isRealDate(value)) return value;
	if (typecast) {
		const time = Date.parse(value);
		if (!Number.isNaN(time)) return new Date(time).toISOString().slice(0, 10);
	}
	// A date field rejects a full timestamp unless typecast is on.
	throw errors.cannotAcceptValue(field.name);
}

function normalizeDateTime(field: FieldModel, value: unknown, typecast: boolean): StoredCell {
	if (typeof value !== 'string') throw errors.cannotAcceptValue(field.name);
	if (value === '') return undefined;
	const time = Date.parse(value);
	if (Number.isNaN(time) || (!typecast && !DATE_TIME_PATTERN.test(value))) throw errors.cannotAcceptValue(field.name);
	if (DATE_PATTERN.test(value) && !isRealDate(value)) throw errors.cannotAcceptValue(field.name);
	return new Date(time).toISOString();
}

function choices(field: FieldModel): SelectChoice[] {
	const list = field.options?.choices;
	return Array.isArray(list) ? (list as SelectChoice[]) : [];
}

/** Returns the option name to store, staging a new option under typecast. */
function resolveChoice(field: FieldModel, name: string, context: CellContext): string {
	if (choices(field).some((choice) => choice.name === name)) return name;
	const staged = context.newChoices.get(field) ?? [];
	if (staged.includes(name)) return name;
	if (!context.typecast) throw errors.invalidChoice(name);
	staged.push(name);
	context.newChoices.set(field, staged);
	return name;
}

function normalizeSingleSelect(field: FieldModel, value: unknown, context: CellContext): StoredCell {
	let name: string;
	if (typeof value === 'string') name = value;
	else if (context.typecast && typeof value === 'number') name = String(value);
	else throw errors.cannotAcceptValue(field.name);
	if (name === '') return undefined;
	return resolveChoice(field, name, context);
}

function normalizeMultipleSelects(field: FieldModel, value: unknown, context: CellContext): StoredCell {
	let names: unknown[];
	if (Array.isArray(value)) names = value;
	else if (context.typecast && typeof value === 'string') names = value.split(',').map((part) => part.trim());
	else throw errors.cannotAcceptValue(field.name);
	const result: string[] = [];
	for (const item of names) {
		let name: string;
		if (typeof item === 'string') name = item;
		else if (context.typecast && typeof item === 'number') name = String(item);
		else throw errors.cannotAcceptValue(field.name);
		if (name === '') continue;
		const resolved = resolveChoice(field, name, context);
		if (!result.includes(resolved)) result.push(resolved);
	}
	return result.length === 0 ? undefined : result;
}

function normalizeLinks(field: FieldModel, value: unknown, context: CellContext): StoredCell {
	let items: unknown[];
	if (Array.isArray(value)) items = value;
	else if (context.typecast && typeof value === 'string') items = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
	else throw errors.invalidValue('Value is not an array of record IDs.');
	if (!context.typecast && items.some((item) => typeof item !== 'string')) {
		throw errors.invalidValue('Value is not an array of record IDs.');
	}
	const ids = context.resolveLinks(field, items);
	return ids.length === 0 ? undefined : ids;
}

/** Types the emulator does not model (attachments, collaborators, barcode, ...) keep the written JSON. */
function normalizeOther(value: unknown): StoredCell {
	if (value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
	return structuredClone(value);
}
