import type { Column, ColumnKind, Table } from '../../schemas';
import type { RowMeta } from '../types';

/**
 * How the declared tables look in Airtable. Table name is the table's Russian label, field name the
 * column's Russian label, and the primary field is the id column («Ключ»), which stores our stable id.
 * Airtable's own record id (`rec…`) is only a transport detail.
 */

/** Audit fields every table gets, by RowMeta key. */
export const AUDIT_FIELDS = {
	createdAt: 'Создано',
	createdBy: 'Создал',
	createdInExecution: 'Исполнение (создание)',
	updatedAt: 'Изменено',
	updatedBy: 'Изменил',
	updatedInExecution: 'Исполнение (изменение)',
	version: 'Версия',
} as const satisfies Record<keyof RowMeta, string>;

/**
 * Russian names of the columns the last write set. Airtable keeps a per-field revision history of its
 * own; this field adds which workflow execution changed what, without copying any value.
 */
export const CHANGED_FIELDS = 'Поля последнего изменения';

export const AUDIT_FIELD_NAMES: readonly string[] = [...Object.values(AUDIT_FIELDS), CHANGED_FIELDS];

/** Option values of a boolean column. */
export const YES = 'Да';
export const NO = 'Нет';

/** An Airtable field as the Meta API creates it. */
export interface FieldSpec {
	name: string;
	type: string;
	description?: string;
	options?: Record<string, unknown>;
}

export function keyField(table: Table): string {
	return table.columns[table.idColumn].label;
}

/**
 * Airtable field type of each column kind.
 *
 * `boolean` is a single select «Да»/«Нет», not a checkbox: a checkbox has only two states and Airtable
 * leaves an unticked one out of responses, so it cannot tell "no" from "not asked yet". The portrait
 * check depends on that difference («Не хватает данных»), so an empty select means unknown.
 *
 * `json` is long text holding JSON, `link` a record link limited to one record, `choice`/`choices` selects
 * with the declared Russian options.
 */
const FIELD_TYPES: Record<ColumnKind, string> = {
	id: 'singleLineText',
	text: 'singleLineText',
	longText: 'multilineText',
	integer: 'number',
	number: 'number',
	date: 'date',
	dateTime: 'dateTime',
	boolean: 'singleSelect',
	choice: 'singleSelect',
	choices: 'multipleSelects',
	link: 'multipleRecordLinks',
	email: 'email',
	phone: 'phoneNumber',
	json: 'multilineText',
};

export function fieldType(column: Column): string {
	return FIELD_TYPES[column.kind];
}

const TEXT_TYPES = ['singleLineText', 'multilineText', 'phoneNumber', 'email', 'url', 'richText'];

/**
 * Field types a coordinator may switch a column to without breaking reads and writes: Airtable stores
 * the same strings in any text type.
 */
export function acceptedTypes(column: Column): string[] {
	switch (column.kind) {
		case 'text':
		case 'phone':
		case 'email':
			return TEXT_TYPES;
		case 'longText':
		case 'json':
			return ['multilineText', 'richText'];
		default:
			return [fieldType(column)];
	}
}

/** Select options a column needs in Airtable. */
export function requiredOptions(column: Column): readonly string[] {
	if (column.kind === 'boolean') {
		return [YES, NO];
	}
	return column.kind === 'choice' || column.kind === 'choices' ? (column.options ?? []) : [];
}

/** Spec of one column's field; `linkedTableId` is the Airtable id of the linked table for a link column. */
export function fieldSpec(column: Column, linkedTableId?: string): FieldSpec {
	const spec: FieldSpec = { name: column.label, type: fieldType(column) };
	if (column.hint) {
		spec.description = column.hint;
	}
	switch (column.kind) {
		case 'integer':
			spec.options = { precision: 0 };
			break;
		case 'number':
			// Airtable's largest precision.
			spec.options = { precision: 8 };
			break;
		case 'date':
			spec.options = { dateFormat: { name: 'iso' } };
			break;
		case 'dateTime':
			spec.options = { dateFormat: { name: 'iso' }, timeFormat: { name: '24hour' }, timeZone: 'client' };
			break;
		case 'boolean':
		case 'choice':
		case 'choices':
			spec.options = { choices: requiredOptions(column).map((name) => ({ name })) };
			break;
		case 'link':
			spec.options = { linkedTableId, prefersSingleRecordLink: true };
			break;
		default:
			break;
	}
	return spec;
}

/** Specs of the audit fields, created with every table. */
export function auditFieldSpecs(): FieldSpec[] {
	const dateTime = { dateFormat: { name: 'iso' }, timeFormat: { name: '24hour' }, timeZone: 'client' };
	return [
		{ name: AUDIT_FIELDS.createdAt, type: 'dateTime', options: dateTime, description: 'Когда запись создана узлом ТЖЦТ' },
		{ name: AUDIT_FIELDS.createdBy, type: 'singleLineText', description: 'Кто или какой процесс создал запись' },
		{ name: AUDIT_FIELDS.createdInExecution, type: 'singleLineText', description: 'Номер исполнения n8n, создавшего запись' },
		{ name: AUDIT_FIELDS.updatedAt, type: 'dateTime', options: dateTime, description: 'Когда запись последний раз изменена узлом ТЖЦТ' },
		{ name: AUDIT_FIELDS.updatedBy, type: 'singleLineText', description: 'Кто или какой процесс изменил запись' },
		{ name: AUDIT_FIELDS.updatedInExecution, type: 'singleLineText', description: 'Номер исполнения n8n, изменившего запись' },
		{ name: AUDIT_FIELDS.version, type: 'number', options: { precision: 0 }, description: 'Растет на 1 при каждом изменении узлом ТЖЦТ; не меняйте вручную' },
		{ name: CHANGED_FIELDS, type: 'multilineText', description: 'Какие поля изменило последнее исполнение (без значений)' },
	];
}

/** Accepted types of an audit field. */
export function auditAcceptedTypes(spec: FieldSpec): string[] {
	return spec.type === 'singleLineText' || spec.type === 'multilineText' ? TEXT_TYPES : [spec.type];
}

/** Maximum length of the text Airtable keeps in a long text field. */
export const LONG_TEXT_LIMIT = 100_000;
