import { tableByKey, type Table } from '../../schemas';
import { StorageError } from '../types';
import { AirtableClient, type ApiRequest, isApiError } from './client';
import { type AirtableRecord, decodeCell, decodeMeta, linkedRecordIds } from './codec';
import { toStorageError } from './errors';
import { chunkByFormulaLength, fieldReference, stringLiteral } from './formula';
import { AUDIT_FIELD_NAMES, keyField } from './mapping';

export function tableOf(key: string): Table {
	const table = tableByKey(key);
	if (!table) {
		throw new StorageError('not_found', `Таблица «${key}» не объявлена в схеме базы.`, { table: key });
	}
	return table;
}

/**
 * Our key ↔ Airtable record id, per table, for one AirtableBase (one node execution). It is not shared
 * across executions, because a coordinator may delete a record at any time and a long-lived cache would
 * then point writes at a record that is gone.
 */
export class RecordIndex {
	private readonly byKey = new Map<string, Map<string, string>>();
	private readonly byRecordId = new Map<string, Map<string, string>>();

	remember(table: string, key: string, recordId: string): void {
		this.mapFor(this.byKey, table).set(key, recordId);
		this.mapFor(this.byRecordId, table).set(recordId, key);
	}

	forget(table: string, recordId: string): void {
		const key = this.byRecordId.get(table)?.get(recordId);
		this.byRecordId.get(table)?.delete(recordId);
		if (key !== undefined) {
			this.byKey.get(table)?.delete(key);
		}
	}

	recordId(table: string, key: string): string | undefined {
		return this.byKey.get(table)?.get(key);
	}

	key(table: string, recordId: string): string | undefined {
		return this.byRecordId.get(table)?.get(recordId);
	}

	private mapFor(maps: Map<string, Map<string, string>>, table: string): Map<string, string> {
		let map = maps.get(table);
		if (!map) {
			map = new Map();
			maps.set(table, map);
		}
		return map;
	}
}

export interface ListRequest {
	formula?: string;
	/** Field names to return; all when absent. */
	fields?: string[];
	sort?: Array<{ field: string; direction: 'asc' | 'desc' }>;
}

/** Reads records of the declared tables and turns them into rows, resolving links to our keys. */
export class RecordReader {
	constructor(
		readonly client: AirtableClient,
		readonly index: RecordIndex,
	) {}

	/**
	 * Yields a table's records page by page (100 per page). When Airtable no longer accepts the listing's `offset`
	 * (422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE, after a long pause between pages), the listing starts
	 * again from the first page and skips every record it already yielded.
	 */
	async *pages(table: Table, request: ListRequest): AsyncGenerator<AirtableRecord[]> {
		const yielded = new Set<string>();
		let restarts = 0;
		let offset: string | undefined;

		for (;;) {
			let page: { records?: AirtableRecord[]; offset?: string };
			try {
				page = (await this.client.send(this.listRequest(table, request, offset))) as typeof page;
			} catch (error) {
				if (offset && isApiError(error, 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE') && restarts < this.client.limits.maxListRestarts) {
					restarts += 1;
					offset = undefined;
					continue;
				}
				throw toStorageError(error, { table: table.label, access: 'read' });
			}

			const fresh = (page.records ?? []).filter((record) => !yielded.has(record.id));
			for (const record of fresh) {
				yielded.add(record.id);
				this.rememberKey(table, record);
			}
			if (fresh.length > 0) {
				yield fresh;
			}
			if (!page.offset) {
				return;
			}
			offset = page.offset;
		}
	}

	/**
	 * Builds one page request of a listing: a GET with query parameters, or, when that URL would pass
	 * `maxUrlLength`, a POST to .../listRecords with the same parameters in the body. Both are reads, so
	 * the client may retry either.
	 */
	private listRequest(table: Table, request: ListRequest, offset: string | undefined): ApiRequest {
		const query: Array<[string, string]> = [['pageSize', '100']];
		for (const field of request.fields ?? []) {
			query.push(['fields[]', field]);
		}
		(request.sort ?? []).forEach((sort, position) => {
			query.push([`sort[${position}][field]`, sort.field]);
			query.push([`sort[${position}][direction]`, sort.direction]);
		});
		if (request.formula) {
			query.push(['filterByFormula', request.formula]);
		}
		if (offset) {
			query.push(['offset', offset]);
		}

		const path = this.client.tablePath(table.label);
		if (this.client.urlLength(path, query) <= this.client.limits.maxUrlLength) {
			return { method: 'GET', path, query };
		}
		const body: Record<string, unknown> = { pageSize: 100 };
		if (request.fields) {
			body.fields = request.fields;
		}
		if (request.sort && request.sort.length > 0) {
			body.sort = request.sort;
		}
		if (request.formula) {
			body.filterByFormula = request.formula;
		}
		if (offset) {
			body.offset = offset;
		}
		return { method: 'POST', path: this.client.tablePath(table.label, 'listRecords'), body };
	}

	/** Returns all records that match the formula. */
	async all(table: Table, request: ListRequest): Promise<AirtableRecord[]> {
		const records: AirtableRecord[] = [];
		for await (const page of this.pages(table, request)) {
			records.push(...page);
		}
		return records;
	}

	/**
	 * Records by our keys, in lookups of `OR({Ключ}="…",…)` of up to `maxKeysPerLookup` keys. A key that
	 * cannot be written into a formula cannot have been stored (writes reject it), so it is reported absent.
	 */
	async byKeys(table: Table, keys: readonly string[], fields?: string[]): Promise<Map<string, AirtableRecord>> {
		const keyName = keyField(table);
		const reference = fieldReference(keyName);
		const searchable = [...new Set(keys)].filter((key) => stringLiteral(key) !== undefined);
		const found = new Map<string, AirtableRecord>();
		const groups = chunkByFormulaLength(searchable, (key) => `${reference}=${stringLiteral(key)}`, this.client.limits.maxFormulaLength, this.client.limits.maxKeysPerLookup);
		for (const group of groups) {
			const terms = group.map((key) => `${reference}=${stringLiteral(key)}`);
			const formula = terms.length === 1 ? terms[0] : `OR(${terms.join(',')})`;
			for (const record of await this.all(table, { formula, fields: fields ? withKey(keyName, fields) : undefined })) {
				const key = record.fields[keyName];
				// The first record wins when a key was duplicated by hand.
				if (typeof key === 'string' && !found.has(key)) {
					found.set(key, record);
				}
			}
		}
		return found;
	}

	/** Learns the keys of linked records whose Airtable ids are not in the index yet. */
	async resolveRecordIds(linkedTable: Table, recordIds: readonly string[]): Promise<void> {
		const unknown = [...new Set(recordIds)].filter((id) => this.index.key(linkedTable.key, id) === undefined && /^rec[A-Za-z0-9]+$/.test(id));
		const groups = chunkByFormulaLength(unknown, (id) => `RECORD_ID()="${id}"`, this.client.limits.maxFormulaLength, this.client.limits.maxKeysPerLookup);
		for (const group of groups) {
			const terms = group.map((id) => `RECORD_ID()="${id}"`);
			const formula = terms.length === 1 ? terms[0] : `OR(${terms.join(',')})`;
			await this.all(linkedTable, { formula, fields: [keyField(linkedTable)] });
		}
	}

	/**
	 * Turns records into rows. `columns` limits the row to those columns plus the id and drops `_meta`, as
	 * a read with `fields` does on every backend.
	 */
	async decode(table: Table, records: readonly AirtableRecord[], columns?: readonly string[]): Promise<Array<Record<string, unknown>>> {
		const selected = columns ? [...new Set([table.idColumn, ...columns])] : Object.keys(table.columns);
		for (const key of selected) {
			const column = table.columns[key];
			if (column?.kind !== 'link' || !column.linkTo) {
				continue;
			}
			const linked = tableOf(column.linkTo);
			await this.resolveRecordIds(
				linked,
				records.flatMap((record) => linkedRecordIds(record.fields[column.label])),
			);
		}

		return records.map((record) => {
			const row: Record<string, unknown> = {};
			for (const key of selected) {
				const column = table.columns[key];
				if (!column) {
					continue;
				}
				const linkTo = column.linkTo;
				row[key] = decodeCell(column, record.fields[column.label], (recordId) => (linkTo ? this.index.key(linkTo, recordId) : undefined));
			}
			row._meta = columns ? undefined : decodeMeta(record);
			return row;
		});
	}

	/** Field names to request for the given columns (all declared and audit fields when absent). */
	fieldNames(table: Table, columns?: readonly string[]): string[] {
		if (!columns) {
			return [...Object.values(table.columns).map((column) => column.label), ...AUDIT_FIELD_NAMES];
		}
		return withKey(
			keyField(table),
			columns.map((key) => {
				const column = table.columns[key];
				if (!column) {
					throw new StorageError('unknown_field', `Таблица «${table.label}»: нет поля «${key}».`, { table: table.label, field: key });
				}
				return column.label;
			}),
		);
	}

	private rememberKey(table: Table, record: AirtableRecord): void {
		const key = record.fields[keyField(table)];
		if (typeof key === 'string' && key !== '') {
			this.index.remember(table.key, key, record.id);
		}
	}
}

function withKey(keyName: string, fields: readonly string[]): string[] {
	return [...new Set([keyName, ...fields])];
}
