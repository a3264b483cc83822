import { requireDataBase, requireScope, requireWritableBase } from './auth';
import type { HandlerContext } from './context';
import { isPlainObject, requireTable } from './context';
import { errors } from './errors';
import { formatRecord } from './format';
import { listRecords, parseListBody, parseListQuery } from './listing';
import type { ListParams } from './listing';
import type { BaseModel, FieldModel, RecordModel, TableModel } from './model';
import { COMPUTED_TYPES, findField } from './model';
import { storedValue } from './reads';
import { deleteRecords, WriteBatch } from './writes';

/** Maximum number of records in one create, update or delete request. */
const BATCH_LIMIT = 10;

const UPDATE_SHAPE_MESSAGE = 'You must provide an array of up to 10 record objects, each with an "id" ID field and a "fields" object for cell values.';
const CREATE_SHAPE_MESSAGE = 'You must provide an array of up to 10 record objects, each with a "fields" object for cell values.';

function dataTarget(context: HandlerContext, write: boolean): { base: BaseModel; table: TableModel } {
	requireScope(context.grant, write ? 'data.records:write' : 'data.records:read');
	const base = requireDataBase(context.grant, context.state.getBase(context.params.baseId as string));
	if (write) requireWritableBase(base);
	return { base, table: requireTable(context, base) };
}

function runList(context: HandlerContext, params: ListParams): unknown {
	const { base, table } = dataTarget(context, false);
	const page = listRecords({ iterators: context.iterators, clock: context.state.clock, readContext: context.state.readContext(base) }, table, params);
	context.stats.recordsReturned += page.records.length;
	return page;
}

export function handleList(context: HandlerContext): unknown {
	return runList(context, parseListQuery(context.query));
}

export function handleListPost(context: HandlerContext): unknown {
	return runList(context, parseListBody(context.body, context.query));
}

function requireRecord(table: TableModel, recordId: string): RecordModel {
	const record = table.records.get(recordId);
	if (record === undefined) throw errors.recordNotFound();
	return record;
}

function output(context: HandlerContext, base: BaseModel, table: TableModel, record: RecordModel, byFieldId: boolean): Record<string, unknown> {
	return formatRecord(table, record, context.state.readContext(base), { byFieldId });
}

export function handleGet(context: HandlerContext): unknown {
	const { base, table } = dataTarget(context, false);
	const record = requireRecord(table, context.params.recordId as string);
	context.stats.recordsReturned += 1;
	const byFieldId = context.query.get('returnFieldsByFieldId') === 'true';
	return output(context, base, table, record, byFieldId);
}

function writeBody(context: HandlerContext): Record<string, unknown> {
	if (!isPlainObject(context.body)) throw errors.invalidRequest();
	return context.body;
}

function requireFieldsObject(value: unknown, shapeMessage?: string): Record<string, unknown> {
	if (isPlainObject(value) && isPlainObject(value.fields)) return value.fields;
	if (shapeMessage !== undefined) throw errors.invalidRecords(shapeMessage);
	throw errors.missingFields();
}

export function handleCreate(context: HandlerContext): unknown {
	const { base, table } = dataTarget(context, true);
	const body = writeBody(context);
	const batch = new WriteBatch(context.state, base, table, body.typecast === true);
	const byFieldId = body.returnFieldsByFieldId === true;
	if (body.records === undefined) {
		batch.stageCreate(requireFieldsObject(body));
		const [record] = batch.commit();
		context.stats.recordsCreated += 1;
		return output(context, base, table, record, byFieldId);
	}
	if (!Array.isArray(body.records) || body.records.length === 0) throw errors.invalidRecords(CREATE_SHAPE_MESSAGE);
	if (body.records.length > BATCH_LIMIT) {
		throw errors.invalidRecords(`A maximum of ${BATCH_LIMIT} records can be created per request but you have provided ${body.records.length}.`);
	}
	for (const item of body.records) batch.stageCreate(requireFieldsObject(item, CREATE_SHAPE_MESSAGE));
	const records = batch.commit();
	context.stats.recordsCreated += records.length;
	return { records: records.map((record) => output(context, base, table, record, byFieldId)) };
}

export function handleUpdateOne(context: HandlerContext): unknown {
	const { base, table } = dataTarget(context, true);
	const body = writeBody(context);
	const record = requireRecord(table, context.params.recordId as string);
	const batch = new WriteBatch(context.state, base, table, body.typecast === true);
	batch.stageUpdate(record, requireFieldsObject(body), context.method === 'PUT');
	batch.commit();
	context.stats.recordsUpdated += 1;
	return output(context, base, table, record, body.returnFieldsByFieldId === true);
}

export function handleUpdateMany(context: HandlerContext): unknown {
	const { base, table } = dataTarget(context, true);
	const body = writeBody(context);
	if (!Array.isArray(body.records) || body.records.length === 0 || body.records.length > BATCH_LIMIT) {
		throw errors.invalidRecords(UPDATE_SHAPE_MESSAGE);
	}
	const batch = new WriteBatch(context.state, base, table, body.typecast === true);
	const replace = context.method === 'PUT';
	const byFieldId = body.returnFieldsByFieldId === true;
	if (body.performUpsert !== undefined) return upsert(context, base, table, body, batch, replace);
	for (const item of body.records) {
		const fields = requireFieldsObject(item, UPDATE_SHAPE_MESSAGE);
		const id = (item as Record<string, unknown>).id;
		if (typeof id !== 'string') throw errors.invalidRecords(UPDATE_SHAPE_MESSAGE);
		const existing = table.records.get(id);
		if (existing === undefined) throw errors.rowDoesNotExist(id);
		batch.stageUpdate(existing, fields, replace);
	}
	const records = batch.commit();
	context.stats.recordsUpdated += records.length;
	return { records: records.map((record) => output(context, base, table, record, byFieldId)) };
}

function mergeFields(table: TableModel, spec: unknown): FieldModel[] {
	const names = isPlainObject(spec) ? spec.fieldsToMergeOn : undefined;
	if (!Array.isArray(names) || names.length === 0 || names.length > 3 || names.some((name) => typeof name !== 'string')) {
		throw errors.invalidRequest('performUpsert.fieldsToMergeOn must list one to three field names or ids');
	}
	return (names as string[]).map((name) => {
		const field = findField(table, name);
		if (field === undefined) throw errors.unknownFieldName(name);
		if (COMPUTED_TYPES.has(field.type)) throw errors.invalidRequest(`Field "${field.name}" is computed and cannot be used in fieldsToMergeOn`);
		return field;
	});
}

function cellFrom(fields: Record<string, unknown>, field: FieldModel): unknown {
	if (field.id in fields) return fields[field.id];
	return fields[field.name];
}

/**
 * Runs PATCH/PUT with `performUpsert`. A record with an `id` updates that record. Otherwise the merge
 * fields select the one existing record to update, and when none matches a record is created. The
 * response adds `createdRecords` and `updatedRecords`.
 */
function upsert(
	context: HandlerContext,
	base: BaseModel,
	table: TableModel,
	body: Record<string, unknown>,
	batch: WriteBatch,
	replace: boolean,
): unknown {
	const keys = mergeFields(table, body.performUpsert);
	const keyOf = (values: unknown[]) => values.map((value) => JSON.stringify(value ?? null)).join('\u0000');
	// One pass over the table per request, so upserts into large tables stay cheap.
	const existingByKey = new Map<string, RecordModel[]>();
	for (const record of table.records.values()) {
		const key = keyOf(keys.map((field) => storedValue(field, record)));
		const sameKey = existingByKey.get(key);
		if (sameKey === undefined) existingByKey.set(key, [record]);
		else sameKey.push(record);
	}

	const kinds: Array<'created' | 'updated'> = [];
	const stagedKeys = new Set<string>();
	for (const item of body.records as unknown[]) {
		const fields = requireFieldsObject(item, UPDATE_SHAPE_MESSAGE);
		const id = (item as Record<string, unknown>).id;
		if (typeof id === 'string') {
			const existing = table.records.get(id);
			if (existing === undefined) throw errors.rowDoesNotExist(id);
			batch.stageUpdate(existing, fields, replace);
			kinds.push('updated');
			continue;
		}

		const key = keyOf(keys.map((field) => batch.normalize(field, cellFrom(fields, field))));
		// NOTE: Airtable's errors for an ambiguous upsert match are not confirmed; the emulator uses INVALID_REQUEST_UNKNOWN.
		if (stagedKeys.has(key)) throw errors.invalidRequest('Two records in one upsert request have the same values in fieldsToMergeOn');
		stagedKeys.add(key);
		const matches = existingByKey.get(key) ?? [];
		if (matches.length > 1) throw errors.invalidRequest('More than one record matches the values in fieldsToMergeOn');
		if (matches.length === 1) {
			batch.stageUpdate(matches[0], fields, replace);
			kinds.push('updated');
		} else {
			batch.stageCreate(fields);
			kinds.push('created');
		}
	}

	const records = batch.commit();
	const created = records.filter((_record, index) => kinds[index] === 'created').map((record) => record.id);
	const updated = records.filter((_record, index) => kinds[index] === 'updated').map((record) => record.id);
	context.stats.recordsCreated += created.length;
	context.stats.recordsUpdated += updated.length;
	const byFieldId = body.returnFieldsByFieldId === true;
	return {
		records: records.map((record) => output(context, base, table, record, byFieldId)),
		createdRecords: created,
		updatedRecords: updated,
	};
}

export function handleDeleteOne(context: HandlerContext): unknown {
	const { base, table } = dataTarget(context, true);
	const record = requireRecord(table, context.params.recordId as string);
	deleteRecords(base, table, [record.id]);
	context.stats.recordsDeleted += 1;
	return { deleted: true, id: record.id };
}

export function handleDeleteMany(context: HandlerContext): unknown {
	const { base, table } = dataTarget(context, true);
	const ids = [...context.query.getAll('records[]'), ...context.query.getAll('records')];
	if (ids.length === 0) throw errors.invalidRequest('Provide the ids of the records to delete as records[]');
	if (ids.length > BATCH_LIMIT) {
		throw errors.invalidRecords(`A maximum of ${BATCH_LIMIT} records can be deleted per request but you have provided ${ids.length}.`);
	}
	// NOTE: the status for an unknown id in a batch delete is not confirmed; the single-record 404 is used.
	for (const id of ids) requireRecord(table, id);
	const unique = [...new Set(ids)];
	deleteRecords(base, table, unique);
	context.stats.recordsDeleted += unique.length;
	return { records: ids.map((id) => ({ deleted: true, id })) };
}
