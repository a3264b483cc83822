import type { Table } from '../../schemas';
import { StorageError, type WriteOperation, type WriteResult } from '../types';
import { validateRow } from '../validation';
import { stringLiteral } from './formula';
import { tableOf } from './records';

/** One operation of a `write()` call with everything the execution needs. */
export interface PlannedOperation {
	position: number;
	operation: WriteOperation;
	table: Table;
	key: string;
	kind: 'insert' | 'update';
	/** Validated row (insert) or patch (update), without undefined values. */
	values: Record<string, unknown>;
	/** Version the update writes; 1 for a create. */
	newVersion: number;
	/** Whether the expected version came from a transaction's read rather than the caller. */
	autoVersion: boolean;
	/** Positions of operations that must land first: the creator of a linked row, the previous write of the same row. */
	dependsOn: number[];
	wave: number;
	/** Set once the operation is decided: at planning for skips and failures, after its request otherwise. */
	result?: WriteResult;
}

/** State of one row during planning. */
interface RowState {
	exists: boolean;
	version: number;
	createdBy?: number;
	lastWrite?: number;
}

/** Airtable state of the rows a write touches, from the lookups made before planning. */
export interface KnownRows {
	/** Version of an existing row, or undefined when the row does not exist. */
	version(table: string, key: string): number | undefined;
	/** Whether the row is known to exist (looked up, or seen earlier in this execution). */
	exists(table: string, key: string): boolean;
}

function failed(planned: PlannedOperation, error: StorageError): void {
	planned.result = { table: planned.operation.table, id: planned.key, status: 'failed', error };
}

function keyOf(operation: WriteOperation, table: Table): string {
	if (operation.kind === 'update') {
		return operation.id;
	}
	return String((operation.row as Record<string, unknown>)[table.idColumn] ?? '');
}

/** Validates every operation and returns the plan skeleton; invalid ones carry a failed result. */
export function validateOperations(operations: readonly WriteOperation[]): PlannedOperation[] {
	return operations.map((operation, position) => {
		const table = tableOf(operation.table);
		const planned: PlannedOperation = {
			position,
			operation,
			table,
			key: keyOf(operation, table),
			kind: operation.kind,
			values: {},
			newVersion: 1,
			autoVersion: false,
			dependsOn: [],
			wave: 0,
		};
		try {
			const validated = validateRow(table, operation.kind === 'insert' ? operation.row : operation.patch, operation.kind === 'insert' ? 'insert' : 'patch');
			for (const [column, value] of Object.entries(validated)) {
				if (value !== undefined && !(operation.kind === 'update' && column === table.idColumn)) {
					planned.values[column] = value;
				}
			}
			if (stringLiteral(planned.key) === undefined) {
				throw new StorageError('validation', `Таблица «${table.label}»: поле «${table.columns[table.idColumn].label}» содержит управляющие символы. Уберите их из ключа.`, {
					table: table.label,
					field: table.columns[table.idColumn].label,
				});
			}
		} catch (error) {
			failed(planned, error instanceof StorageError ? error : new StorageError('validation', `Таблица «${table.label}»: ${(error as Error).message}`, { table: table.label }));
		}
		return planned;
	});
}

/** Returns every (table, key) a planned operation links to. */
export function linkTargets(planned: PlannedOperation): Array<{ table: string; key: string; label: string }> {
	const targets: Array<{ table: string; key: string; label: string }> = [];
	for (const [column, value] of Object.entries(planned.values)) {
		const declared = planned.table.columns[column];
		if (declared?.kind === 'link' && declared.linkTo && typeof value === 'string') {
			targets.push({ table: declared.linkTo, key: value, label: declared.label });
		}
	}
	return targets;
}

/**
 * Decides, in the callers' order, what each operation does: an insert of an existing row is skipped
 * (`existing`) or a conflict, an update of a missing row fails, a stale expected version is a conflict.
 * Then it orders the writes: a row is created before rows that link to it, and writes of one row follow
 * each other. Operations are grouped into waves; one wave's writes do not depend on each other, so they
 * share batch requests.
 */
export function planWrites(plan: PlannedOperation[], known: KnownRows, transactionVersions?: Map<string, number>): void {
	const rows = new Map<string, RowState>();
	const stateOf = (table: string, key: string): RowState => {
		const id = `${table}\u0000${key}`;
		let state = rows.get(id);
		if (!state) {
			state = { exists: known.exists(table, key), version: known.version(table, key) ?? 1 };
			rows.set(id, state);
		}
		return state;
	};

	for (const planned of plan) {
		if (planned.result) {
			continue;
		}
		const label = planned.table.label;
		const state = stateOf(planned.table.key, planned.key);

		if (planned.operation.kind === 'insert') {
			if (state.exists) {
				if (planned.operation.onConflict === 'error') {
					failed(planned, new StorageError('conflict', `Таблица «${label}»: запись с таким ключом уже есть.`, { table: label, id: planned.key }));
				} else {
					planned.result = { table: planned.operation.table, id: planned.key, status: 'existing' };
				}
				continue;
			}
			state.exists = true;
			state.version = 1;
			state.createdBy = planned.position;
			state.lastWrite = planned.position;
			planned.newVersion = 1;
			continue;
		}

		if (!state.exists) {
			failed(planned, new StorageError('not_found', `Таблица «${label}»: запись не найдена. Проверьте ключ записи.`, { table: label, id: planned.key }));
			continue;
		}
		let expected = planned.operation.expectVersion;
		if (expected === undefined && transactionVersions) {
			expected = transactionVersions.get(`${planned.table.key}\u0000${planned.key}`);
			planned.autoVersion = expected !== undefined;
		}
		// NOTE: Airtable has no conditional update. The version is read before the PATCH, so a writer in
		// another process that updates the row between that read and this PATCH is not detected; the
		// window is one request long. Edits made in the Airtable interface do not change «Версия» at all.
		if (expected !== undefined && expected !== state.version) {
			failed(planned, new StorageError('conflict', `Таблица «${label}»: запись изменил кто-то другой. Повторите операцию.`, { table: label, id: planned.key, retryable: true }));
			continue;
		}
		if (state.lastWrite !== undefined) {
			planned.dependsOn.push(state.lastWrite);
		}
		state.version += 1;
		state.lastWrite = planned.position;
		planned.newVersion = state.version;
	}

	// Links: a row created in this call must land before the rows that link to it, wherever it is in the list.
	for (const planned of plan) {
		if (planned.result) {
			continue;
		}
		for (const target of linkTargets(planned)) {
			const state = stateOf(target.table, target.key);
			if (state.createdBy !== undefined && state.createdBy !== planned.position) {
				planned.dependsOn.push(state.createdBy);
			} else if (!state.exists || state.createdBy === planned.position) {
				const linked = tableOf(target.table).label;
				failed(
					planned,
					new StorageError('not_found', `Таблица «${planned.table.label}», поле «${target.label}»: в таблице «${linked}» нет записи с таким ключом. Проверьте ключ или сначала создайте эту запись.`, {
						table: planned.table.label,
						field: target.label,
						id: planned.key,
					}),
				);
				break;
			}
		}
	}

	assignWaves(plan);
}

function assignWaves(plan: PlannedOperation[]): void {
	const byPosition = new Map(plan.map((planned) => [planned.position, planned]));
	const visiting = new Set<number>();

	const waveOf = (planned: PlannedOperation): number => {
		if (planned.wave > 0 || planned.result) {
			return planned.wave;
		}
		if (visiting.has(planned.position)) {
			return -1;
		}
		visiting.add(planned.position);
		let wave = 1;
		for (const dependency of planned.dependsOn) {
			const other = byPosition.get(dependency) as PlannedOperation;
			const otherWave = waveOf(other);
			if (otherWave < 0) {
				visiting.delete(planned.position);
				return -1;
			}
			wave = Math.max(wave, otherWave + 1);
		}
		visiting.delete(planned.position);
		planned.wave = wave;
		return wave;
	};

	for (const planned of plan) {
		if (!planned.result && waveOf(planned) < 0) {
			failed(
				planned,
				new StorageError('invalid_value', `Таблица «${planned.table.label}»: записи этой операции ссылаются друг на друга по кругу, Airtable не может создать их за один раз. Запишите их двумя операциями.`, {
					table: planned.table.label,
					id: planned.key,
				}),
			);
		}
	}
}
