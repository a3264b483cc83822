import type { FormulaValue } from './values';
import { FORMULA_ERROR, fromBoolean, isTruthy, toNumber, toText, toTime } from './values';

/** What a function call can read besides its arguments. */
export interface CallContext {
	recordId: string;
	now: number;
}

interface FormulaFunction {
	minArgs: number;
	maxArgs: number;
	apply(args: FormulaValue[], context: CallContext): FormulaValue;
}

const UNLIMITED = Number.POSITIVE_INFINITY;

function isoDate(time: number): string {
	return new Date(time).toISOString().slice(0, 10);
}

function compareTimes(args: FormulaValue[], test: (left: number, right: number) => boolean): FormulaValue {
	const left = toTime(args[0]);
	const right = toTime(args[1]);
	if (Number.isNaN(left) || Number.isNaN(right)) return FORMULA_ERROR;
	return fromBoolean(test(left, right));
}

const UNIT_LENGTH_MS: Record<string, number> = {
	millisecond: 1,
	milliseconds: 1,
	second: 1000,
	seconds: 1000,
	minute: 60_000,
	minutes: 60_000,
	hour: 3_600_000,
	hours: 3_600_000,
	day: 86_400_000,
	days: 86_400_000,
};

/**
 * The supported subset of Airtable's formula functions, by upper-case name. Anything else is rejected
 * as an invalid formula, which is what Airtable does with a misspelt function.
 */
export const FUNCTIONS: Record<string, FormulaFunction> = {
	TRUE: { minArgs: 0, maxArgs: 0, apply: () => 1 },
	FALSE: { minArgs: 0, maxArgs: 0, apply: () => 0 },
	BLANK: { minArgs: 0, maxArgs: 0, apply: () => null },
	AND: { minArgs: 1, maxArgs: UNLIMITED, apply: (args) => fromBoolean(args.every(isTruthy)) },
	OR: { minArgs: 1, maxArgs: UNLIMITED, apply: (args) => fromBoolean(args.some(isTruthy)) },
	XOR: { minArgs: 1, maxArgs: UNLIMITED, apply: (args) => fromBoolean(args.filter(isTruthy).length % 2 === 1) },
	NOT: { minArgs: 1, maxArgs: 1, apply: (args) => fromBoolean(!isTruthy(args[0])) },
	IF: { minArgs: 2, maxArgs: 3, apply: (args) => (isTruthy(args[0]) ? args[1] : (args[2] ?? null)) },
	FIND: {
		minArgs: 2,
		maxArgs: 3,
		apply: (args) => {
			const start = args[2] === undefined ? 0 : Math.max(0, toNumber(args[2]) - 1);
			return toText(args[1]).indexOf(toText(args[0]), start) + 1;
		},
	},
	SEARCH: {
		minArgs: 2,
		maxArgs: 3,
		apply: (args) => {
			const start = args[2] === undefined ? 0 : Math.max(0, toNumber(args[2]) - 1);
			const position = toText(args[1]).toLowerCase().indexOf(toText(args[0]).toLowerCase(), start) + 1;
			return position === 0 ? null : position;
		},
	},
	LOWER: { minArgs: 1, maxArgs: 1, apply: (args) => toText(args[0]).toLowerCase() },
	UPPER: { minArgs: 1, maxArgs: 1, apply: (args) => toText(args[0]).toUpperCase() },
	LEN: { minArgs: 1, maxArgs: 1, apply: (args) => [...toText(args[0])].length },
	TRIM: { minArgs: 1, maxArgs: 1, apply: (args) => toText(args[0]).trim() },
	LEFT: {
		minArgs: 1,
		maxArgs: 2,
		apply: (args) => [...toText(args[0])].slice(0, args[1] === undefined ? 1 : toNumber(args[1])).join(''),
	},
	RIGHT: {
		minArgs: 1,
		maxArgs: 2,
		apply: (args) => {
			const characters = [...toText(args[0])];
			const count = args[1] === undefined ? 1 : toNumber(args[1]);
			return count <= 0 ? '' : characters.slice(-count).join('');
		},
	},
	MID: {
		minArgs: 3,
		maxArgs: 3,
		apply: (args) => {
			const start = Math.max(0, toNumber(args[1]) - 1);
			return [...toText(args[0])].slice(start, start + toNumber(args[2])).join('');
		},
	},
	CONCATENATE: { minArgs: 1, maxArgs: UNLIMITED, apply: (args) => args.map(toText).join('') },
	VALUE: {
		minArgs: 1,
		maxArgs: 1,
		apply: (args) => {
			const parsed = Number(toText(args[0]).replace(/[^0-9.eE+-]/g, ''));
			return Number.isNaN(parsed) ? FORMULA_ERROR : parsed;
		},
	},
	RECORD_ID: { minArgs: 0, maxArgs: 0, apply: (_args, context) => context.recordId },
	TODAY: { minArgs: 0, maxArgs: 0, apply: (_args, context) => isoDate(context.now) },
	NOW: { minArgs: 0, maxArgs: 0, apply: (_args, context) => new Date(context.now).toISOString() },
	IS_BEFORE: { minArgs: 2, maxArgs: 2, apply: (args) => compareTimes(args, (left, right) => left < right) },
	IS_AFTER: { minArgs: 2, maxArgs: 2, apply: (args) => compareTimes(args, (left, right) => left > right) },
	IS_SAME: {
		minArgs: 2,
		maxArgs: 3,
		apply: (args) => {
			if (args[2] === undefined) return compareTimes(args, (left, right) => left === right);
			const unit = UNIT_LENGTH_MS[toText(args[2]).toLowerCase()];
			if (unit === undefined) return FORMULA_ERROR;
			return compareTimes(args, (left, right) => Math.floor(left / unit) === Math.floor(right / unit));
		},
	},
	DATETIME_PARSE: {
		minArgs: 1,
		maxArgs: 1,
		apply: (args) => {
			const time = toTime(args[0]);
			return Number.isNaN(time) ? FORMULA_ERROR : new Date(time).toISOString();
		},
	},
	ISERROR: { minArgs: 1, maxArgs: 1, apply: (args) => fromBoolean(args[0] === FORMULA_ERROR) },
};
