/** In-memory model of bases, tables, fields and records, shaped like Airtable's schema objects. */

export interface SelectChoice {
	id: string;
	name: string;
	color?: string;
}

export interface FieldModel {
	id: string;
	name: string;
	type: string;
	description?: string;
	options?: Record<string, unknown>;
}

export interface ViewModel {
	id: string;
	name: string;
	type: string;
}

export interface RecordModel {
	id: string;
	/** ISO timestamp, whole seconds, as in the 2022 recordings. */
	createdTime: string;
	lastModifiedTime: string;
	autoNumber: number;
	/** Non-empty cell values by field id; an empty cell has no entry, as Airtable omits it. */
	cells: Map<string, unknown>;
}

export interface TableModel {
	id: string;
	name: string;
	description?: string;
	primaryFieldId: string;
	fields: FieldModel[];
	views: ViewModel[];
	/** Records in creation order, which is the default order of a list without `sort`. */
	records: Map<string, RecordModel>;
	nextAutoNumber: number;
}

export type PermissionLevel = 'none' | 'read' | 'comment' | 'edit' | 'create';

export interface BaseModel {
	id: string;
	name: string;
	permissionLevel: PermissionLevel;
	tables: TableModel[];
}

/** Field types whose values Airtable computes; writing to them is rejected. */
export const COMPUTED_TYPES = new Set([
	'autoNumber',
	'formula',
	'rollup',
	'count',
	'lookup',
	'multipleLookupValues',
	'createdTime',
	'lastModifiedTime',
	'createdBy',
	'lastModifiedBy',
	'button',
	'externalSyncSource',
	'aiText',
]);

export const TEXT_TYPES = new Set(['singleLineText', 'multilineText', 'richText', 'email', 'url', 'phoneNumber']);

export const NUMBER_TYPES = new Set(['number', 'currency', 'percent', 'rating', 'duration']);

export function findField(table: TableModel, nameOrId: string): FieldModel | undefined {
	return table.fields.find((field) => field.id === nameOrId) ?? table.fields.find((field) => field.name === nameOrId);
}

export function findTable(base: BaseModel, nameOrId: string): TableModel | undefined {
	return base.tables.find((table) => table.id === nameOrId) ?? base.tables.find((table) => table.name === nameOrId);
}

export function countRecords(base: BaseModel): number {
	let total = 0;
	for (const table of base.tables) total += table.records.size;
	return total;
}

/** Returns the table schema object the meta API sends, without records. */
export function tableSchema(table: TableModel): Record<string, unknown> {
	const schema: Record<string, unknown> = { id: table.id, name: table.name };
	if (table.description !== undefined) schema.description = table.description;
	schema.primaryFieldId = table.primaryFieldId;
	schema.fields = table.fields.map(fieldSchema);
	schema.views = table.views.map((view) => ({ ...view }));
	return schema;
}

export function fieldSchema(field: FieldModel): Record<string, unknown> {
	const schema: Record<string, unknown> = { type: field.type, id: field.id, name: field.name };
	if (field.description !== undefined) schema.description = field.description;
	if (field.options !== undefined) schema.options = structuredClone(field.options);
	return schema;
}
