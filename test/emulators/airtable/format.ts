import type { FieldModel, RecordModel, TableModel } from './model';
import type { ReadContext } from './reads';
import { jsonCell, stringCell } from './reads';

export interface FormatOptions {
	/** Only these fields; every field when absent. */
	fields?: FieldModel[];
	/** Key `fields` by field id instead of name (`returnFieldsByFieldId`). */
	byFieldId?: boolean;
	cellFormat?: 'json' | 'string';
	/** Add `commentCount` (`recordMetadata[]=commentCount`); the emulator has no comments, so it is 0. */
	commentCount?: boolean;
}

/** Returns a record as the API sends it: `id`, `createdTime` and the non-empty `fields`. */
export function formatRecord(table: TableModel, record: RecordModel, context: ReadContext, options: FormatOptions = {}): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	for (const field of options.fields ?? table.fields) {
		const value = options.cellFormat === 'string' ? stringCell(field, record, context) : jsonCell(field, record);
		if (value !== undefined) fields[options.byFieldId ? field.id : field.name] = value;
	}
	const result: Record<string, unknown> = { id: record.id, createdTime: record.createdTime, fields };
	if (options.commentCount) result.commentCount = 0;
	return result;
}
