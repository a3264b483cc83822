import type { Clock } from './clock';
import { errors } from './errors';
import { evaluateFormula } from './formula/evaluate';
import { collectFieldNames } from './formula/ast';
import type { FormulaNode } from './formula/ast';
import { FormulaSyntaxError } from './formula/lexer';
import { parseFormula } from './formula/parser';
import { isTruthy } from './formula/values';
import type { IdGenerator } from './ids';
import type { FieldModel, RecordModel, TableModel } from './model';
import { findField } from './model';
import { formatRecord } from './format';
import type { ReadContext } from './reads';
import { formulaCell, storedValue, stringCell } from './reads';

export interface SortSpec {
	field: string;
	direction: 'asc' | 'desc';
}

/** Parameters of List records, from the query string (GET) or the JSON body (POST .../listRecords). */
export interface ListParams {
	pageSize?: number;
	maxRecords?: number;
	offset?: string;
	fields?: string[];
	sort?: SortSpec[];
	filterByFormula?: string;
	view?: string;
	cellFormat?: 'json' | 'string';
	timeZone?: string;
	userLocale?: string;
	returnFieldsByFieldId?: boolean;
	recordMetadata?: string[];
}

function parseInteger(name: string, raw: unknown): number {
	const number = typeof raw === 'number' ? raw : Number(raw);
	if (!Number.isInteger(number) || number < 0) throw errors.invalidRequest(`${name} must be a non-negative integer`);
	return number;
}

function parseBoolean(raw: string | null): boolean | undefined {
	if (raw === null) return undefined;
	return raw === 'true' || raw === '1';
}

function parseCellFormat(raw: unknown): 'json' | 'string' | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (raw !== 'json' && raw !== 'string') throw errors.invalidRequest('cellFormat must be "json" or "string"');
	return raw;
}

function parseDirection(raw: unknown): 'asc' | 'desc' {
	if (raw === undefined || raw === null || raw === '') return 'asc';
	if (raw !== 'asc' && raw !== 'desc') throw errors.invalidRequest('sort direction must be "asc" or "desc"');
	return raw;
}

/** Reads `fields[]`, `sort[i][field]` and the other parameters in the bracket style the clients send. */
export function parseListQuery(query: URLSearchParams): ListParams {
	const params: ListParams = {};
	const fields: string[] = [];
	const metadata: string[] = [];
	const sorts = new Map<number, { field?: string; direction?: string }>();

	for (const [key, value] of query) {
		if (key === 'fields[]' || /^fields\[\d+\]$/.test(key)) fields.push(value);
		else if (key === 'recordMetadata[]' || /^recordMetadata\[\d+\]$/.test(key)) metadata.push(value);
		else {
			const sortMatch = /^sort\[(\d+)\]\[(field|direction)\]$/.exec(key);
			if (sortMatch === null) continue;
			const entry = sorts.get(Number(sortMatch[1])) ?? {};
			entry[sortMatch[2] as 'field' | 'direction'] = value;
			sorts.set(Number(sortMatch[1]), entry);
		}
	}

	if (fields.length > 0) params.fields = fields;
	if (metadata.length > 0) params.recordMetadata = metadata;
	if (sorts.size > 0) {
		params.sort = [...sorts.entries()]
			.sort(([left], [right]) => left - right)
			.map(([, entry]) => {
				if (entry.field === undefined) throw errors.invalidRequest('sort needs a field');
				return { field: entry.field, direction: parseDirection(entry.direction) };
			});
	}

	const pageSize = query.get('pageSize');
	if (pageSize !== null) params.pageSize = parseInteger('pageSize', pageSize);
	const maxRecords = query.get('maxRecords');
	if (maxRecords !== null) params.maxRecords = parseInteger('maxRecords', maxRecords);
	for (const key of ['offset', 'filterByFormula', 'view', 'timeZone', 'userLocale'] as const) {
		const value = query.get(key);
		if (value !== null) params[key] = value;
	}
	params.cellFormat = parseCellFormat(query.get('cellFormat') ?? undefined);
	params.returnFieldsByFieldId = parseBoolean(query.get('returnFieldsByFieldId'));
	return params;
}

/** Reads the JSON body of POST .../listRecords; `timeZone` and `userLocale` still come from the query. */
export function parseListBody(body: unknown, query: URLSearchParams): ListParams {
	if (body === undefined || body === null) return parseListQuery(query);
	if (typeof body !== 'object' || Array.isArray(body)) throw errors.invalidRequest();
	const raw = body as Record<string, unknown>;
	const params: ListParams = {};
	if (raw.pageSize !== undefined) params.pageSize = parseInteger('pageSize', raw.pageSize);
	if (raw.maxRecords !== undefined) params.maxRecords = parseInteger('maxRecords', raw.maxRecords);
	for (const key of ['offset', 'filterByFormula', 'view'] as const) {
		if (raw[key] === undefined) continue;
		if (typeof raw[key] !== 'string') throw errors.invalidRequest(`${key} must be a string`);
		params[key] = raw[key] as string;
	}
	if (raw.fields !== undefined) {
		if (!Array.isArray(raw.fields) || raw.fields.some((item) => typeof item !== 'string')) throw errors.invalidRequest('fields must be an array of strings');
		params.fields = raw.fields as string[];
	}
	if (raw.sort !== undefined) {
		if (!Array.isArray(raw.sort)) throw errors.invalidRequest('sort must be an array');
		params.sort = raw.sort.map((entry) => {
			const item = entry as Record<string, unknown>;
			if (typeof item?.field !== 'string') throw errors.invalidRequest('sort needs a field');
			return { field: item.field, direction: parseDirection(item.direction) };
		});
	}
	if (Array.isArray(raw.recordMetadata)) params.recordMetadata = raw.recordMetadata.map(String);
	params.cellFormat = parseCellFormat(raw.cellFormat);
	if (raw.returnFieldsByFieldId !== undefined) params.returnFieldsByFieldId = raw.returnFieldsByFieldId === true;
	params.timeZone = query.get('timeZone') ?? (typeof raw.timeZone === 'string' ? raw.timeZone : undefined);
	params.userLocale = query.get('userLocale') ?? (typeof raw.userLocale === 'string' ? raw.userLocale : undefined);
	return params;
}

interface ListIterator {
	id: string;
	tableId: string;
	recordIds: string[];
	position: number;
	lastUsed: number;
}

/**
 * Server-side cursors behind `offset`. The first page fixes the matching record ids in order; later pages
 * read the current content of those records and skip deleted ones. A cursor idle for longer than the
 * TTL, or dropped by `expireAll`, makes the request fail with 422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE.
 */
export class IteratorStore {
	/** Cursors kept at once; past it the least recently used is dropped. */
	static readonly MAX_OPEN = 1000;

	private iterators = new Map<string, ListIterator>();

	constructor(
		private readonly ids: IdGenerator,
		private readonly clock: Clock,
		private readonly ttlMs: number,
	) {}

	/**
	 * Opens a cursor, first dropping idle ones and, past MAX_OPEN, the least recently used, so clients
	 * that read only the first page do not make the emulator hold every snapshot.
	 */
	create(tableId: string, recordIds: string[], position: number): ListIterator {
		const now = this.clock.now();
		for (const [id, open] of this.iterators) {
			if (now - open.lastUsed > this.ttlMs) this.iterators.delete(id);
		}
		while (this.iterators.size >= IteratorStore.MAX_OPEN) {
			const leastRecent = this.iterators.keys().next().value as string;
			this.iterators.delete(leastRecent);
		}
		const iterator = { id: this.ids.next('itr'), tableId, recordIds, position, lastUsed: now };
		this.iterators.set(iterator.id, iterator);
		return iterator;
	}

	/** Finds the cursor an offset names; the offset looks like `itrXXXXXXXXXXXXXX/recXXXXXXXXXXXXXX`. */
	resolve(offset: string, tableId: string): ListIterator {
		const iteratorId = offset.split('/')[0];
		const iterator = this.iterators.get(iteratorId);
		if (iterator === undefined || iterator.tableId !== tableId) throw errors.iteratorNotAvailable();
		if (this.clock.now() - iterator.lastUsed > this.ttlMs) {
			this.iterators.delete(iteratorId);
			throw errors.iteratorNotAvailable();
		}
		iterator.lastUsed = this.clock.now();
		// Re-insert so the map stays ordered from least to most recently used.
		this.iterators.delete(iteratorId);
		this.iterators.set(iteratorId, iterator);
		return iterator;
	}

	finish(iterator: ListIterator): void {
		this.iterators.delete(iterator.id);
	}

	expireAll(): void {
		this.iterators.clear();
	}
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: false });

function compareCells(field: FieldModel, left: RecordModel, right: RecordModel, context: ReadContext): number {
	const a = storedValue(field, left);
	const b = storedValue(field, right);
	if (field.type === 'checkbox') return (a === true ? 1 : 0) - (b === true ? 1 : 0);
	// NOTE: empty cells sort first in ascending order; Airtable's placement of empty cells is not verified.
	if (a === undefined || b === undefined) return (a === undefined ? 0 : 1) - (b === undefined ? 0 : 1);
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return collator.compare(stringCell(field, left, context) ?? '', stringCell(field, right, context) ?? '');
}

function resolveFields(table: TableModel, names: string[] | undefined): FieldModel[] | undefined {
	if (names === undefined) return undefined;
	return names.map((name) => {
		const field = findField(table, name);
		if (field === undefined) throw errors.unknownFieldName(name);
		return field;
	});
}

function compileFormula(table: TableModel, text: string | undefined): FormulaNode | undefined {
	if (text === undefined || text.trim() === '') return undefined;
	try {
		const node = parseFormula(text);
		const unknown = [...collectFieldNames(node)].filter((name) => findField(table, name) === undefined);
		if (unknown.length > 0) throw errors.invalidFormula(`Unknown field names: ${unknown.join(', ')}`);
		return node;
	} catch (error) {
		if (error instanceof FormulaSyntaxError) throw errors.invalidFormula(error.detail);
		throw error;
	}
}

/** Result of one List records request. */
export interface ListPage {
	records: Array<Record<string, unknown>>;
	offset?: string;
}

export interface ListEnvironment {
	iterators: IteratorStore;
	clock: Clock;
	readContext: ReadContext;
}

/** Runs List records: validates parameters, then serves the first page or the page an offset names. */
export function listRecords(environment: ListEnvironment, table: TableModel, params: ListParams): ListPage {
	const pageSize = params.pageSize ?? 100;
	// NOTE: Airtable rejects pageSize above 100 with a 422; the exact type is not confirmed.
	if (pageSize < 1 || pageSize > 100) throw errors.invalidRequest('pageSize must be between 1 and 100');
	const sortFields = (params.sort ?? []).map((spec) => {
		const field = findField(table, spec.field);
		if (field === undefined) throw errors.fieldNotFound(spec.field);
		return { field, sign: spec.direction === 'desc' ? -1 : 1 };
	});
	const outputFields = resolveFields(table, params.fields);
	if (params.view !== undefined && !table.views.some((view) => view.id === params.view || view.name === params.view)) {
		throw errors.viewNotFound(params.view);
	}
	if (params.cellFormat === 'string' && (params.timeZone === undefined || params.userLocale === undefined)) {
		throw errors.invalidRequest('cellFormat "string" requires timeZone and userLocale');
	}
	const formula = compileFormula(table, params.filterByFormula);

	let iterator: ListIterator | undefined;
	let recordIds: string[];
	let position = 0;
	if (params.offset !== undefined && params.offset !== '') {
		iterator = environment.iterators.resolve(params.offset, table.id);
		recordIds = iterator.recordIds;
		position = iterator.position;
	} else {
		recordIds = matchingRecordIds(environment, table, formula, sortFields, params.maxRecords);
	}

	const page: RecordModel[] = [];
	while (position < recordIds.length && page.length < pageSize) {
		const record = table.records.get(recordIds[position]);
		position += 1;
		if (record !== undefined) page.push(record);
	}
	const formatOptions = {
		fields: outputFields,
		byFieldId: params.returnFieldsByFieldId === true,
		cellFormat: params.cellFormat,
		commentCount: params.recordMetadata?.includes('commentCount') === true,
	};
	const result: ListPage = { records: page.map((record) => formatRecord(table, record, environment.readContext, formatOptions)) };
	if (position < recordIds.length) {
		iterator ??= environment.iterators.create(table.id, recordIds, position);
		iterator.position = position;
		result.offset = `${iterator.id}/${page[page.length - 1]?.id ?? recordIds[position - 1]}`;
	} else if (iterator !== undefined) {
		environment.iterators.finish(iterator);
	}
	return result;
}

function matchingRecordIds(
	environment: ListEnvironment,
	table: TableModel,
	formula: FormulaNode | undefined,
	sortFields: Array<{ field: FieldModel; sign: number }>,
	maxRecords: number | undefined,
): string[] {
	let records = [...table.records.values()];
	if (formula !== undefined) {
		const now = environment.clock.now();
		records = records.filter((record) => {
			const result = evaluateFormula(formula, {
				recordId: record.id,
				now,
				fieldValue: (name) => formulaCell(findField(table, name) as FieldModel, record, environment.readContext),
			});
			return isTruthy(result);
		});
	}
	if (sortFields.length > 0) {
		records.sort((left, right) => {
			for (const { field, sign } of sortFields) {
				const order = compareCells(field, left, right, environment.readContext);
				if (order !== 0) return order * sign;
			}
			return 0;
		});
	}
	if (maxRecords !== undefined && maxRecords > 0) records = records.slice(0, maxRecords);
	return records.map((record) => record.id);
}
