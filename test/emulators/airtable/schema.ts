import { errors } from './errors';
import type { IdGenerator } from './ids';
import type { BaseModel, FieldModel, SelectChoice, TableModel } from './model';
import { COMPUTED_TYPES, findTable } from './model';

/** Colors Airtable gives new select options, used in turn. */
export const CHOICE_COLORS = ['blueLight2', 'cyanLight2', 'tealLight2', 'greenLight2', 'yellowLight2', 'orangeLight2', 'redLight2', 'pinkLight2', 'purpleLight2', 'grayLight2'];

const DATE_FORMATS: Record<string, string> = { local: 'l', friendly: 'LL', us: 'M/D/YYYY', european: 'D/M/YYYY', iso: 'YYYY-MM-DD' };
const TIME_FORMATS: Record<string, string> = { '12hour': 'h:mma', '24hour': 'HH:mm' };

/**
 * Field types the API can create. Computed types (formula, rollup, autoNumber, ...) are refused through
 * the API, as Airtable does, but a seed may declare them.
 */
const API_CREATABLE_TYPES = new Set([
	'singleLineText', 'email', 'url', 'multilineText', 'number', 'percent', 'currency', 'singleSelect', 'multipleSelects',
	'singleCollaborator', 'multipleCollaborators', 'multipleRecordLinks', 'date', 'dateTime', 'phoneNumber',
	'multipleAttachments', 'checkbox', 'rating', 'richText', 'duration', 'barcode',
]);

/** Where a schema change comes from: the Meta API validates strictly, a seed fills in defaults. */
export interface SchemaContext {
	ids: IdGenerator;
	viaApi: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireName(value: unknown, label: string): string {
	if (typeof value !== 'string' || value.trim() === '') throw errors.invalidRequest(`${label} must be a non-empty string`);
	return value;
}

function sameName(left: string, right: string): boolean {
	return left.trim().toLowerCase() === right.trim().toLowerCase();
}

/** Reads an option the API requires; a seed may leave it out, and then it stays out. */
function requireOption(options: Record<string, unknown>, key: string, context: SchemaContext): unknown {
	if (options[key] === undefined && context.viaApi) throw errors.invalidRequest(`options.${key} is required for this field type`);
	return options[key];
}

/** Drops keys whose value is undefined, so a seed without an option reports none, like the 2022 recordings. */
function defined(options: Record<string, unknown>): Record<string, unknown> | undefined {
	const result = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
	return Object.keys(result).length === 0 ? undefined : result;
}

function normalizeChoices(raw: unknown, context: SchemaContext): SelectChoice[] {
	if (raw === undefined && !context.viaApi) return [];
	if (!Array.isArray(raw)) throw errors.invalidRequest('options.choices must be an array');
	return raw.map((item, index) => {
		const choice: Record<string, unknown> = isObject(item) ? item : { name: item };
		const name = requireName(choice.name, 'options.choices[].name');
		const color = typeof choice.color === 'string' ? choice.color : CHOICE_COLORS[index % CHOICE_COLORS.length];
		return { id: typeof choice.id === 'string' ? choice.id : context.ids.next('sel'), name, color };
	});
}

function normalizeDateFormat(raw: unknown): Record<string, string> {
	const name = isObject(raw) && typeof raw.name === 'string' ? raw.name : 'iso';
	const format = DATE_FORMATS[name];
	if (format === undefined) throw errors.invalidRequest(`Unknown date format "${name}"`);
	return { name, format };
}

function normalizeTimeFormat(raw: unknown): Record<string, string> {
	const name = isObject(raw) && typeof raw.name === 'string' ? raw.name : '24hour';
	const format = TIME_FORMATS[name];
	if (format === undefined) throw errors.invalidRequest(`Unknown time format "${name}"`);
	return { name, format };
}

/**
 * Validates a field's options for its type and returns them as the meta API reports them. Through the
 * API, the options Airtable requires are required and checkbox and rating get default options. A seed
 * keeps exactly the options it gives, so a recorded schema can be reproduced.
 */
function normalizeOptions(
	base: BaseModel,
	draftTable: TableModel,
	type: string,
	raw: unknown,
	context: SchemaContext,
): Record<string, unknown> | undefined {
	const options = isObject(raw) ? raw : {};
	switch (type) {
		case 'number':
		case 'percent':
			return defined({ precision: requireOption(options, 'precision', context) });
		case 'currency':
			return defined({ precision: requireOption(options, 'precision', context), symbol: requireOption(options, 'symbol', context) });
		case 'singleSelect':
		case 'multipleSelects':
			return { choices: normalizeChoices(options.choices, context) };
		case 'date': {
			const dateFormat = requireOption(options, 'dateFormat', context);
			return dateFormat === undefined ? undefined : { dateFormat: normalizeDateFormat(dateFormat) };
		}
		case 'dateTime': {
			const dateFormat = requireOption(options, 'dateFormat', context);
			const timeFormat = requireOption(options, 'timeFormat', context);
			return defined({
				dateFormat: dateFormat === undefined ? undefined : normalizeDateFormat(dateFormat),
				timeFormat: timeFormat === undefined ? undefined : normalizeTimeFormat(timeFormat),
				timeZone: requireOption(options, 'timeZone', context),
			});
		}
		case 'checkbox':
			if (!context.viaApi) return isObject(raw) ? structuredClone(raw) : undefined;
			return { icon: options.icon ?? 'check', color: options.color ?? 'greenBright' };
		case 'rating':
			if (!context.viaApi) return isObject(raw) ? structuredClone(raw) : undefined;
			return { max: options.max ?? 5, icon: options.icon ?? 'star', color: options.color ?? 'yellowBright' };
		case 'multipleRecordLinks': {
			const reference = options.linkedTableId;
			if (typeof reference !== 'string') throw errors.invalidRequest('options.linkedTableId is required for a link field');
			const linked = reference === draftTable.id || reference === draftTable.name ? draftTable : findTable(base, reference);
			if (linked === undefined) throw errors.invalidRequest(`Linked table ${reference} does not exist in this base`);
			const link: Record<string, unknown> = { linkedTableId: linked.id, isReversed: false, prefersSingleRecordLink: options.prefersSingleRecordLink === true };
			// A seed copied from a real schema names the inverse field that the seed itself declares.
			if (!context.viaApi && typeof options.inverseLinkFieldId === 'string') link.inverseLinkFieldId = options.inverseLinkFieldId;
			return link;
		}
		default:
			return isObject(raw) ? structuredClone(raw) : undefined;
	}
}

/** Builds a field from a request or seed without attaching it; raises ApiError on invalid input. */
function prepareField(base: BaseModel, table: TableModel, input: unknown, context: SchemaContext, takenNames: string[]): FieldModel {
	if (!isObject(input)) throw errors.invalidRequest('A field must be an object');
	const name = requireName(input.name, 'Field name');
	if (takenNames.some((taken) => sameName(taken, name))) throw errors.duplicateFieldName(name);
	const type = requireName(input.type, 'Field type');
	if (context.viaApi && !API_CREATABLE_TYPES.has(type)) {
		throw errors.invalidRequest(`Field type "${type}" cannot be created through the API`);
	}
	const field: FieldModel = { id: typeof input.id === 'string' && !context.viaApi ? input.id : context.ids.next('fld'), name, type };
	if (typeof input.description === 'string') field.description = input.description;
	const options = normalizeOptions(base, table, type, input.options, context);
	if (options !== undefined) field.options = options;
	return field;
}

function uniqueFieldName(table: TableModel, baseName: string): string {
	let candidate = baseName;
	for (let suffix = 2; table.fields.some((field) => sameName(field.name, candidate)); suffix++) candidate = `${baseName} ${suffix}`;
	return candidate;
}

/** Adds the inverse field Airtable creates in the linked table, unless the link points to its own table. */
function attachInverseLink(base: BaseModel, table: TableModel, field: FieldModel, ids: IdGenerator): void {
	const options = field.options as Record<string, unknown>;
	const linked = base.tables.find((candidate) => candidate.id === options.linkedTableId);
	if (linked === undefined || linked === table || options.inverseLinkFieldId !== undefined) return;
	const inverse: FieldModel = {
		id: ids.next('fld'),
		name: uniqueFieldName(linked, table.name),
		type: 'multipleRecordLinks',
		options: { linkedTableId: table.id, isReversed: false, prefersSingleRecordLink: false, inverseLinkFieldId: field.id },
	};
	options.inverseLinkFieldId = inverse.id;
	linked.fields.push(inverse);
}

/** Creates a table; the first field becomes the primary field. Validates everything before changing the base. */
export function createTable(base: BaseModel, input: unknown, context: SchemaContext): TableModel {
	if (!isObject(input)) throw errors.invalidRequest();
	const name = requireName(input.name, 'Table name');
	if (base.tables.some((table) => sameName(table.name, name))) throw errors.duplicateTableName(name);
	if (!Array.isArray(input.fields) || input.fields.length === 0) throw errors.invalidRequest('A table needs at least one field');
	const table: TableModel = {
		id: typeof input.id === 'string' && !context.viaApi ? input.id : context.ids.next('tbl'),
		name,
		primaryFieldId: '',
		fields: [],
		views: [{ id: context.ids.next('viw'), name: 'Grid view', type: 'grid' }],
		records: new Map(),
		nextAutoNumber: 1,
	};
	if (typeof input.description === 'string') table.description = input.description;
	for (const viewName of Array.isArray(input.views) ? input.views : []) {
		table.views.push({ id: context.ids.next('viw'), name: requireName(viewName, 'View name'), type: 'grid' });
	}
	for (const fieldInput of input.fields) {
		table.fields.push(prepareField(base, table, fieldInput, context, table.fields.map((field) => field.name)));
	}
	if (COMPUTED_TYPES.has(table.fields[0].type) && context.viaApi) throw errors.invalidRequest('The primary field cannot be computed');
	table.primaryFieldId = table.fields[0].id;
	base.tables.push(table);
	for (const field of table.fields) {
		if (field.type === 'multipleRecordLinks') attachInverseLink(base, table, field, context.ids);
	}
	return table;
}

export function createField(base: BaseModel, table: TableModel, input: unknown, context: SchemaContext): FieldModel {
	const field = prepareField(base, table, input, context, table.fields.map((existing) => existing.name));
	table.fields.push(field);
	if (field.type === 'multipleRecordLinks') attachInverseLink(base, table, field, context.ids);
	return field;
}

/** Applies a Meta API table update: name and description only. */
export function updateTable(base: BaseModel, table: TableModel, input: unknown): void {
	if (!isObject(input)) throw errors.invalidRequest();
	if (input.name !== undefined) {
		const name = requireName(input.name, 'Table name');
		if (base.tables.some((other) => other !== table && sameName(other.name, name))) throw errors.duplicateTableName(name);
		table.name = name;
	}
	if (input.description !== undefined) {
		if (typeof input.description !== 'string') throw errors.invalidRequest('description must be a string');
		table.description = input.description;
	}
}

/** Applies a Meta API field update: name and description only; the API cannot change a field's type. */
export function updateField(table: TableModel, field: FieldModel, input: unknown): void {
	if (!isObject(input)) throw errors.invalidRequest();
	if (input.type !== undefined && input.type !== field.type) throw errors.invalidRequest('The API cannot change a field type');
	if (input.name !== undefined) {
		const name = requireName(input.name, 'Field name');
		if (table.fields.some((other) => other !== field && sameName(other.name, name))) throw errors.duplicateFieldName(name);
		field.name = name;
	}
	if (input.description !== undefined) {
		if (typeof input.description !== 'string') throw errors.invalidRequest('description must be a string');
		field.description = input.description;
	}
}
