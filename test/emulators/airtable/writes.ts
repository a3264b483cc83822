import type { CellContext } from './cells';
import { normalizeCell } from './cells';
import type { Clock } from './clock';
import { errors } from './errors';
import type { IdGenerator } from './ids';
import { isRecordId } from './ids';
import type { BaseModel, FieldModel, RecordModel, SelectChoice, TableModel } from './model';
import { countRecords, findField } from './model';
import { stringCell } from './reads';
import { CHOICE_COLORS } from './schema';

/** Services a write needs from the emulator state. */
export interface WriteEnvironment {
	ids: IdGenerator;
	clock: Clock;
	recordLimitPerBase: number;
}

interface StagedWrite {
	/** Existing record for an update, absent for a create. */
	existing?: RecordModel;
	cells: Map<string, unknown>;
}

interface StagedLinkedRecord {
	table: TableModel;
	id: string;
	primaryText: string;
}

/** ISO timestamp in whole seconds, the precision of the timestamps in the 2022 recordings. */
export function isoSeconds(time: number): string {
	return new Date(Math.floor(time / 1000) * 1000).toISOString();
}

/**
 * One create or update request against one table. Every record is validated and staged first. Then
 * `commit` applies all of them, so a request with one bad record changes nothing, as with Airtable's
 * batch endpoints.
 */
export class WriteBatch {
	private readonly staged: StagedWrite[] = [];
	private readonly newLinkedRecords: StagedLinkedRecord[] = [];
	private readonly context: CellContext;

	constructor(
		private readonly environment: WriteEnvironment,
		private readonly base: BaseModel,
		private readonly table: TableModel,
		typecast: boolean,
	) {
		this.context = {
			typecast,
			newChoices: new Map(),
			resolveLinks: (field, values) => this.resolveLinks(field, values),
		};
	}

	/** Validates one cell value without staging a record; used to compare upsert merge fields. */
	normalize(field: FieldModel, value: unknown): unknown {
		return normalizeCell(field, value, this.context);
	}

	stageCreate(fields: Record<string, unknown>): void {
		this.staged.push({ cells: this.buildCells(fields, new Map()) });
	}

	/** Stages an update; `replace` (PUT) empties every field the request leaves out. */
	stageUpdate(existing: RecordModel, fields: Record<string, unknown>, replace: boolean): void {
		const start = replace ? new Map<string, unknown>() : new Map(existing.cells);
		this.staged.push({ existing, cells: this.buildCells(fields, start) });
	}

	/** Applies every staged write and returns the records in request order. */
	commit(): RecordModel[] {
		const created = this.staged.filter((write) => write.existing === undefined).length + this.newLinkedRecords.length;
		if (created > 0 && countRecords(this.base) + created > this.environment.recordLimitPerBase) {
			throw errors.recordLimitExceeded(this.environment.recordLimitPerBase);
		}
		this.applyNewChoices();
		for (const linked of this.newLinkedRecords) this.insertLinkedRecord(linked);
		const now = isoSeconds(this.environment.clock.now());
		return this.staged.map((write) => {
			if (write.existing === undefined) {
				const record: RecordModel = {
					id: this.environment.ids.next('rec'),
					createdTime: now,
					lastModifiedTime: now,
					autoNumber: this.table.nextAutoNumber++,
					cells: new Map(),
				};
				this.table.records.set(record.id, record);
				this.replaceCells(record, write.cells);
				return record;
			}
			this.replaceCells(write.existing, write.cells);
			write.existing.lastModifiedTime = now;
			return write.existing;
		});
	}

	private buildCells(fields: Record<string, unknown>, cells: Map<string, unknown>): Map<string, unknown> {
		for (const [key, value] of Object.entries(fields)) {
			const field = findField(this.table, key);
			if (field === undefined) throw errors.unknownFieldName(key);
			const stored = normalizeCell(field, value, this.context);
			if (stored === undefined) cells.delete(field.id);
			else cells.set(field.id, stored);
		}
		return cells;
	}

	private linkedTable(field: FieldModel): TableModel {
		const linkedId = field.options?.linkedTableId;
		const table = this.base.tables.find((candidate) => candidate.id === linkedId);
		if (table === undefined) throw errors.invalidValue(`Field "${field.name}" links to a table that no longer exists`);
		return table;
	}

	/**
	 * Record ids pass when the linked table has them. Under typecast any other text is matched against
	 * the linked table's primary field, and a record is created for a name that matches nothing.
	 */
	private resolveLinks(field: FieldModel, values: unknown[]): string[] {
		const linked = this.linkedTable(field);
		const result: string[] = [];
		for (const value of values) {
			const id = this.resolveLink(linked, value);
			if (!result.includes(id)) result.push(id);
		}
		return result;
	}

	private resolveLink(linked: TableModel, value: unknown): string {
		const text = typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
		if (linked.records.has(text)) return text;
		const staged = this.newLinkedRecords.find((candidate) => candidate.table === linked && (candidate.id === text || candidate.primaryText === text));
		if (staged !== undefined) return staged.id;
		// NOTE: Airtable's message for a link to a missing record is not confirmed; the type is.
		if (!this.context.typecast || isRecordId(text)) throw errors.rowDoesNotExist(text);
		const primary = linked.fields.find((field) => field.id === linked.primaryFieldId) as FieldModel;
		const noLinks = { linkedNames: () => [] };
		for (const record of linked.records.values()) {
			if (stringCell(primary, record, noLinks) === text) return record.id;
		}
		const created = { table: linked, id: this.environment.ids.next('rec'), primaryText: text };
		this.newLinkedRecords.push(created);
		return created.id;
	}

	private applyNewChoices(): void {
		for (const [field, names] of this.context.newChoices) {
			const options = field.options ?? {};
			const choices = Array.isArray(options.choices) ? (options.choices as SelectChoice[]) : [];
			for (const name of names) {
				if (choices.some((choice) => choice.name === name)) continue;
				choices.push({ id: this.environment.ids.next('sel'), name, color: CHOICE_COLORS[choices.length % CHOICE_COLORS.length] });
			}
			options.choices = choices;
			field.options = options;
		}
	}

	private insertLinkedRecord(staged: StagedLinkedRecord): void {
		const now = isoSeconds(this.environment.clock.now());
		const record: RecordModel = {
			id: staged.id,
			createdTime: now,
			lastModifiedTime: now,
			autoNumber: staged.table.nextAutoNumber++,
			cells: new Map(),
		};
		const primary = staged.table.fields.find((field) => field.id === staged.table.primaryFieldId);
		if (primary !== undefined && ['singleLineText', 'multilineText', 'email', 'url', 'phoneNumber', 'richText'].includes(primary.type)) {
			record.cells.set(primary.id, staged.primaryText);
		}
		staged.table.records.set(record.id, record);
	}

	/** Stores new cells and keeps the inverse side of every changed link field in step. */
	private replaceCells(record: RecordModel, cells: Map<string, unknown>): void {
		for (const field of this.table.fields) {
			if (field.type !== 'multipleRecordLinks') continue;
			const before = (record.cells.get(field.id) as string[] | undefined) ?? [];
			const after = (cells.get(field.id) as string[] | undefined) ?? [];
			syncInverseLinks(this.base, this.table, record.id, field, before, after);
		}
		record.cells = cells;
	}
}

/** Adds or removes `recordId` in the inverse field of the records a link cell gained or lost. */
export function syncInverseLinks(base: BaseModel, table: TableModel, recordId: string, field: FieldModel, before: string[], after: string[]): void {
	const inverseId = field.options?.inverseLinkFieldId;
	const linked = base.tables.find((candidate) => candidate.id === field.options?.linkedTableId);
	if (typeof inverseId !== 'string' || linked === undefined || linked === table) return;
	for (const removedId of before.filter((id) => !after.includes(id))) {
		const other = linked.records.get(removedId);
		if (other === undefined) continue;
		const remaining = ((other.cells.get(inverseId) as string[] | undefined) ?? []).filter((id) => id !== recordId);
		if (remaining.length === 0) other.cells.delete(inverseId);
		else other.cells.set(inverseId, remaining);
	}
	for (const addedId of after.filter((id) => !before.includes(id))) {
		const other = linked.records.get(addedId);
		if (other === undefined) continue;
		const current = (other.cells.get(inverseId) as string[] | undefined) ?? [];
		if (!current.includes(recordId)) other.cells.set(inverseId, [...current, recordId]);
	}
}

/** Deletes records and removes them from every link cell in the base that points at them. */
export function deleteRecords(base: BaseModel, table: TableModel, recordIds: string[]): void {
	const deleted = new Set(recordIds);
	for (const id of recordIds) table.records.delete(id);
	for (const other of base.tables) {
		const linkFields = other.fields.filter((field) => field.type === 'multipleRecordLinks' && field.options?.linkedTableId === table.id);
		if (linkFields.length === 0) continue;
		for (const record of other.records.values()) {
			for (const field of linkFields) {
				const value = record.cells.get(field.id) as string[] | undefined;
				if (value === undefined || !value.some((id) => deleted.has(id))) continue;
				const remaining = value.filter((id) => !deleted.has(id));
				if (remaining.length === 0) record.cells.delete(field.id);
				else record.cells.set(field.id, remaining);
			}
		}
	}
}
