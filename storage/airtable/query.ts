import type { Table } from '../../schemas';
import { StorageError } from '../types';
import { allOf, anyOf, chunkByFormulaLength, equalsFormula } from './formula';

/** An equality filter after validation: the column and the accepted values (`[null]` for "is empty"). */
export interface Condition {
	column: string;
	values: unknown[];
	/** The value is compared as a whole (a multiple select's list), not as alternatives. */
	whole: boolean;
}

/** Reads a `where` object; returns undefined when it can match nothing (an empty list of alternatives). */
export function conditionsOf(table: Table, where: Record<string, unknown> | undefined): Condition[] | undefined {
	const conditions: Condition[] = [];
	for (const [key, value] of Object.entries(where ?? {})) {
		const column = table.columns[key];
		if (!column) {
			throw new StorageError('unknown_field', `Таблица «${table.label}»: нет поля «${key}» для отбора.`, { table: table.label, field: key });
		}
		if (value === undefined) {
			continue;
		}
		if (Array.isArray(value) && column.kind !== 'choices') {
			if (value.length === 0) {
				return undefined;
			}
			conditions.push({ column: key, values: value, whole: false });
		} else {
			conditions.push({ column: key, values: [value], whole: column.kind === 'choices' });
		}
	}
	return conditions;
}

/** Builds the `filterByFormula` that narrows a listing to the conditions; undefined lists everything. */
export function formulaOf(table: Table, conditions: readonly Condition[]): string | undefined {
	const parts: string[] = [];
	for (const condition of conditions) {
		const column = table.columns[condition.column];
		const part = condition.whole && condition.values[0] !== null ? undefined : anyOf(condition.values.map((value) => equalsFormula(column, value)));
		if (part !== undefined) {
			parts.push(part);
		}
	}
	return allOf(parts);
}

/**
 * Splits the filter into listings whose formula stays within `maxLength` characters: the condition with
 * the most alternatives (typically `id: [...]`) is cut into groups of at most `maxPerGroup` values.
 * NOTE: rows of several groups come group by group, not in Airtable's creation order; `list` with
 * `orderBy` sorts them anyway.
 */
export function formulasWithinLimit(table: Table, conditions: readonly Condition[], maxLength: number, maxPerGroup: number): Array<string | undefined> {
	const whole = formulaOf(table, conditions);
	const widest = conditions.reduce<Condition | undefined>((best, condition) => (best === undefined || condition.values.length > best.values.length ? condition : best), undefined);
	if (whole === undefined || widest === undefined || (whole.length <= maxLength && widest.values.length <= maxPerGroup)) {
		return [whole];
	}
	const others = conditions.filter((condition) => condition !== widest);
	// The other conditions repeat in every group's AND, so the widest one gets what is left of the budget.
	const budget = Math.max(maxLength - (formulaOf(table, others)?.length ?? 0) - 10, 1);
	const column = table.columns[widest.column];
	const groups = chunkByFormulaLength(
		widest.values.map((value) => JSON.stringify(value)),
		(encoded) => equalsFormula(column, JSON.parse(encoded)) ?? '',
		budget,
		maxPerGroup,
	);
	return groups.map((group) => formulaOf(table, [...others, { ...widest, values: group.map((encoded) => JSON.parse(encoded) as unknown) }]));
}

function sameValue(left: unknown, right: unknown): boolean {
	if (left === right) {
		return true;
	}
	if (typeof left === 'object' && typeof right === 'object' && left !== null && right !== null) {
		return JSON.stringify(left) === JSON.stringify(right);
	}
	return false;
}

/** Whether a decoded row meets every condition; this check, not the formula, decides what a read returns. */
export function matches(row: Record<string, unknown>, conditions: readonly Condition[]): boolean {
	return conditions.every((condition) => condition.values.some((value) => sameValue(row[condition.column] ?? null, value)));
}

/** Orders like the local base: empty values first in ascending order, numbers by value, text by code point. */
export function compareRows(orderBy: ReadonlyArray<{ column: string; direction?: 'asc' | 'desc' }>) {
	return (left: Record<string, unknown>, right: Record<string, unknown>): number => {
		for (const { column, direction } of orderBy) {
			const order = compareValues(left[column], right[column]);
			if (order !== 0) {
				return direction === 'desc' ? -order : order;
			}
		}
		return 0;
	};
}

function compareValues(left: unknown, right: unknown): number {
	const leftEmpty = left === null || left === undefined;
	const rightEmpty = right === null || right === undefined;
	if (leftEmpty || rightEmpty) {
		return (leftEmpty ? 0 : 1) - (rightEmpty ? 0 : 1);
	}
	if (typeof left === 'number' && typeof right === 'number') {
		return left - right;
	}
	if (typeof left === 'boolean' && typeof right === 'boolean') {
		return Number(left) - Number(right);
	}
	const a = typeof left === 'string' ? left : JSON.stringify(left);
	const b = typeof right === 'string' ? right : JSON.stringify(right);
	if (a === b) {
		return 0;
	}
	return a < b ? -1 : 1;
}
