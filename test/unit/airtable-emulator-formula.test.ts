import { collectFieldNames } from '../emulators/airtable/formula/ast';
import { evaluateFormula } from '../emulators/airtable/formula/evaluate';
import { FormulaSyntaxError } from '../emulators/airtable/formula/lexer';
import { parseFormula } from '../emulators/airtable/formula/parser';
import type { FormulaValue } from '../emulators/airtable/formula/values';
import { FORMULA_ERROR, isTruthy } from '../emulators/airtable/formula/values';

const NOW = Date.parse('2024-03-10T12:00:00.000Z');

function run(formula: string, fields: Record<string, FormulaValue> = {}): FormulaValue {
	return evaluateFormula(parseFormula(formula), {
		recordId: 'recAAAAAAAAAAAAAA',
		now: NOW,
		fieldValue: (name) => fields[name] ?? null,
	});
}

describe('filterByFormula parser', () => {
	test.each([
		['{Name} = ', 'dangling operator'],
		["'unterminated", 'unclosed string'],
		['{Name', 'unclosed field reference'],
		['AND(1,', 'unclosed call'],
		['NOPE(1)', 'unknown function'],
		['NOT(1, 2)', 'too many arguments'],
		['IF(1)', 'too few arguments'],
		['1 2', 'two values without operator'],
		['{A} == 1', 'double equals'],
		['#', 'unknown character'],
	])('rejects %s (%s)', (formula) => {
		expect(() => parseFormula(formula)).toThrow(FormulaSyntaxError);
	});

	test('collects braced and bare field names', () => {
		const names = collectFieldNames(parseFormula("AND({Full name} = 'x', Age > 3, {Кто\\}} != '')"));
		expect([...names]).toEqual(['Full name', 'Age', 'Кто}']);
	});

	test('function names are case-insensitive', () => {
		expect(run('and(true(), not(false()))')).toBe(1);
	});
});

describe('filterByFormula evaluation', () => {
	test('string escapes', () => {
		expect(run("'It\\'s'")).toBe("It's");
		expect(run('"say \\"hi\\""')).toBe('say "hi"');
		expect(run("'a\\\\b'")).toBe('a\\b');
		expect(run("'line\\nbreak'")).toBe('line\nbreak');
	});

	test('arithmetic binds tighter than concatenation and comparison', () => {
		expect(run('1 + 2 * 3')).toBe(7);
		expect(run('(1 + 2) * 3')).toBe(9);
		expect(run("1 + 2 & 'x'")).toBe('3x');
		expect(run('2 * 3 = 6')).toBe(1);
		expect(run('-{N} + 1', { N: 4 })).toBe(-3);
		expect(run('1.5 * 2')).toBe(3);
	});

	test('blank equals empty text and zero', () => {
		expect(run("{Empty} = ''")).toBe(1);
		expect(run('{Empty} = BLANK()')).toBe(1);
		expect(run('{Empty} = 0')).toBe(1);
		expect(run("{Text} = ''", { Text: 'x' })).toBe(0);
		expect(run("{Text} != ''", { Text: 'x' })).toBe(1);
	});

	test('numbers compare with numeric text', () => {
		expect(run("{N} = '5'", { N: 5 })).toBe(1);
		expect(run('{N} > 10', { N: 9 })).toBe(0);
		expect(run("'10' > '9'")).toBe(0);
		expect(run("{N} >= '10'", { N: 10 })).toBe(1);
	});

	test('text functions', () => {
		expect(run("FIND('b', 'abc')")).toBe(2);
		expect(run("FIND('z', 'abc')")).toBe(0);
		expect(run("SEARCH('B', 'abc')")).toBe(2);
		expect(run("SEARCH('z', 'abc')")).toBeNull();
		expect(run("LOWER('ПРИВЕТ')")).toBe('привет');
		expect(run("UPPER('ёж')")).toBe('ЁЖ');
		expect(run("LEN('Ёлка')")).toBe(4);
		expect(run("TRIM('  x  ')")).toBe('x');
		expect(run("LEFT('abcdef', 2) & MID('abcdef', 3, 2) & RIGHT('abcdef', 2)")).toBe('abcdef');
		expect(run("CONCATENATE('a', 1, 'b')")).toBe('a1b');
	});

	test('logic functions', () => {
		expect(run('IF({N} > 1, "big", "small")', { N: 2 })).toBe('big');
		expect(run('IF({N} > 1, "big")', { N: 0 })).toBeNull();
		expect(run('OR(0, "", BLANK())')).toBe(0);
		expect(run('XOR(1, 1, 1)')).toBe(1);
		expect(run('NOT(BLANK())')).toBe(1);
	});

	test('dates and record id', () => {
		expect(run("IS_BEFORE({D}, '2024-01-01')", { D: '2023-12-31' })).toBe(1);
		expect(run("IS_AFTER({D}, '2024-01-01T00:00:00.000Z')", { D: '2024-01-01T00:00:01.000Z' })).toBe(1);
		expect(run("IS_SAME({D}, '2024-03-10T23:00:00.000Z', 'day')", { D: '2024-03-10T01:00:00.000Z' })).toBe(1);
		expect(run('TODAY()')).toBe('2024-03-10');
		expect(run('NOW()')).toBe('2024-03-10T12:00:00.000Z');
		expect(run("IS_BEFORE('not a date', TODAY())")).toBe(FORMULA_ERROR);
		expect(run("RECORD_ID() = 'recAAAAAAAAAAAAAA'")).toBe(1);
	});

	test('errors and NaN exclude records', () => {
		expect(isTruthy(run('0 / 0'))).toBe(false);
		expect(isTruthy(run("VALUE('abc')"))).toBe(false);
		expect(isTruthy(run("IS_BEFORE('x', 'y') = 1"))).toBe(false);
		expect(isTruthy(run('1 / 0'))).toBe(true);
	});
});
