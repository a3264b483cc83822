import type { Clock } from './clock';
import { ApiError } from './errors';
import type { IdGenerator } from './ids';
import type { BaseModel, FieldModel, TableModel } from './model';
import { countRecords, findTable } from './model';
import type { BaseSeed, TableSeed } from './options';
import { formatRecord } from './format';
import type { ReadContext } from './reads';
import { stringCell } from './reads';
import { createField, createTable } from './schema';
import { WriteBatch } from './writes';

/**
 * Bases, tables and records of one emulator, plus helpers that seed and inspect them without going
 * through HTTP (no rate limit, no stats), for test setup and benchmark fixtures.
 */
export class EmulatorState {
	readonly bases: BaseModel[] = [];

	constructor(
		readonly ids: IdGenerator,
		readonly clock: Clock,
		readonly recordLimitPerBase: number,
	) {}

	getBase(baseId: string): BaseModel | undefined {
		return this.bases.find((base) => base.id === baseId);
	}

	requireBase(baseId: string): BaseModel {
		const base = this.getBase(baseId);
		if (base === undefined) throw new Error(`Emulator has no base ${baseId}`);
		return base;
	}

	requireTable(baseId: string, tableIdOrName: string): TableModel {
		const table = findTable(this.requireBase(baseId), tableIdOrName);
		if (table === undefined) throw new Error(`Base ${baseId} has no table ${tableIdOrName}`);
		return table;
	}

	/**
	 * Creates a base from a seed. Tables are created first with their primary fields and then given the
	 * other fields in order, so a link field may name any table of the seed.
	 */
	createBase(seed: BaseSeed): BaseModel {
		const base: BaseModel = { id: seed.id ?? this.ids.next('app'), name: seed.name, permissionLevel: 'create', tables: [] };
		this.bases.push(base);
		const tables = seed.tables ?? [];
		for (const tableSeed of tables) {
			this.seedSchemaCall(() => createTable(base, { ...tableSeed, fields: tableSeed.fields.slice(0, 1) }, this.schemaContext()));
		}
		for (const tableSeed of tables) {
			const table = findTable(base, tableSeed.name) as TableModel;
			for (const fieldSeed of tableSeed.fields.slice(1)) {
				this.seedSchemaCall(() => createField(base, table, fieldSeed, this.schemaContext()));
			}
		}
		for (const tableSeed of tables) {
			if (tableSeed.records !== undefined) this.insertRecords(base.id, tableSeed.name, tableSeed.records);
		}
		return base;
	}

	createTable(baseId: string, seed: TableSeed): TableModel {
		const base = this.requireBase(baseId);
		const table = this.seedSchemaCall(() => createTable(base, seed, this.schemaContext()));
		if (seed.records !== undefined) this.insertRecords(baseId, table.id, seed.records);
		return table;
	}

	/**
	 * Writes rows directly, ten or ten thousand at a time, with the same validation as the API (typecast
	 * on by default). Returns the records as the API would.
	 */
	insertRecords(baseId: string, tableIdOrName: string, rows: Array<Record<string, unknown>>, options: { typecast?: boolean } = {}): Array<Record<string, unknown>> {
		const base = this.requireBase(baseId);
		const table = this.requireTable(baseId, tableIdOrName);
		const batch = new WriteBatch(this, base, table, options.typecast ?? true);
		for (const row of rows) this.seedSchemaCall(() => batch.stageCreate(row));
		const records = this.seedSchemaCall(() => batch.commit());
		return records.map((record) => formatRecord(table, record, this.readContext(base)));
	}

	/** Returns every record of a table in creation order, as the API formats them. */
	records(baseId: string, tableIdOrName: string): Array<Record<string, unknown>> {
		const base = this.requireBase(baseId);
		const table = this.requireTable(baseId, tableIdOrName);
		return [...table.records.values()].map((record) => formatRecord(table, record, this.readContext(base)));
	}

	recordCount(baseId: string): number {
		return countRecords(this.requireBase(baseId));
	}

	readContext(base: BaseModel): ReadContext {
		return {
			linkedNames: (field: FieldModel, recordIds: string[]) => {
				const linked = base.tables.find((table) => table.id === field.options?.linkedTableId);
				if (linked === undefined) return [];
				const primary = linked.fields.find((candidate) => candidate.id === linked.primaryFieldId) as FieldModel;
				const shallow: ReadContext = { linkedNames: () => [] };
				return recordIds.map((id) => {
					const record = linked.records.get(id);
					return record === undefined ? '' : (stringCell(primary, record, shallow) ?? '');
				});
			},
		};
	}

	private schemaContext() {
		return { ids: this.ids, viaApi: false };
	}

	/** Turns an API error raised while seeding into a plain Error that names the problem. */
	private seedSchemaCall<T>(call: () => T): T {
		try {
			return call();
		} catch (error) {
			if (error instanceof ApiError) throw new Error(`Invalid emulator seed: ${JSON.stringify(error.body)}`);
			throw error;
		}
	}
}
