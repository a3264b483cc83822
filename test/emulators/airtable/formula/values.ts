/**
 * Values inside a formula. Airtable's TRUE() is 1 and FALSE() is 0, so booleans are numbers here. An
 * empty cell is null. A failed computation is FORMULA_ERROR, which excludes the record from the filter.
 */
export const FORMULA_ERROR = Symbol('#ERROR!');

export type FormulaValue = number | string | null | typeof FORMULA_ERROR;

export function fromBoolean(value: boolean): number {
	return value ? 1 : 0;
}

/** Returns whether filterByFormula keeps a record with this result: every result except 0, "", blank, NaN and an error. */
export function isTruthy(value: FormulaValue): boolean {
	if (value === null || value === FORMULA_ERROR) return false;
	if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
	return value !== '';
}

export function toText(value: FormulaValue): string {
	if (value === null || value === FORMULA_ERROR) return '';
	return typeof value === 'number' ? String(value) : value;
}

/** Number for arithmetic; blank is 0, text that is not a number is NaN. */
export function toNumber(value: FormulaValue): number {
	if (value === null) return 0;
	if (value === FORMULA_ERROR) return Number.NaN;
	if (typeof value === 'number') return value;
	const trimmed = value.trim();
	return trimmed === '' ? 0 : Number(trimmed);
}

function numericText(value: string): number | undefined {
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	const parsed = Number(trimmed);
	return Number.isFinite(parsed) ? parsed : undefined;
}

/** `=` as Airtable applies it: blank equals "", 0 and blank; numeric text equals the number. */
export function formulaEquals(left: FormulaValue, right: FormulaValue): boolean {
	if (left === null || right === null) {
		const other = left === null ? right : left;
		return other === null || other === '' || other === 0;
	}
	if (typeof left === 'number' && typeof right === 'number') return left === right;
	if (typeof left === 'number' || typeof right === 'number') {
		const number = (typeof left === 'number' ? left : right) as number;
		const text = (typeof left === 'string' ? left : right) as string;
		const parsed = numericText(text);
		return parsed === undefined ? String(number) === text : parsed === number;
	}
	return left === right;
}

/** Ordering for `<` and friends: numbers numerically, otherwise text by code units (ISO dates sort right). */
export function formulaCompare(left: FormulaValue, right: FormulaValue): number {
	const leftIsNumber = typeof left === 'number' || (left === null && typeof right === 'number');
	const rightIsNumber = typeof right === 'number' || (right === null && typeof left === 'number');
	if (leftIsNumber || rightIsNumber) {
		const a = toNumber(left);
		const b = toNumber(right);
		if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
	}
	const a = toText(left);
	const b = toText(right);
	if (a === b) return 0;
	return a < b ? -1 : 1;
}

/** Milliseconds since the epoch for a date or date-time text; NaN when it is not one. */
export function toTime(value: FormulaValue): number {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
	return Date.parse(value.trim());
}
