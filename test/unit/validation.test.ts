import type { z } from 'zod/v4';

import { ALL_TABLES, column, defineTable, tableByKey, type Column, type Table } from '../../schemas';
import { acceptPlainRow, validateRow, validateRowUnordered } from '../../storage/validation';

const events = tableByKey('events') as Table;

/** Returns a value the column accepts, to fill the required columns around the value under test. */
function validValue(column: Column): unknown {
	switch (column.kind) {
		case 'id':
		case 'link':
		case 'text':
		case 'longText':
			return 'k1';
		case 'date':
			return '2026-12-04';
		case 'dateTime':
			return '2026-12-04T10:00:00Z';
		case 'boolean':
			return true;
		case 'integer':
			return 3;
		case 'number':
			return 1.5;
		case 'choice':
			return column.options?.[0];
		case 'choices':
			return [column.options?.[0]];
		case 'email':
			return 'a@example.org';
		case 'phone':
			return '+79991234567';
		case 'json':
			return { a: 1 };
	}
}

/** Every column kind, required and optional, including kinds no table of the base uses yet. */
const everyKind = defineTable({
	key: 'everyKind',
	label: 'Все виды',
	idColumn: 'id',
	description: 'Таблица для проверки',
	columns: {
		id: column.id('Ключ'),
		text: column.text('Текст', { required: true }),
		longText: column.longText('Длинный текст'),
		integer: column.integer('Целое', { required: true }),
		number: column.number('Число'),
		requiredNumber: column.number('Число обязательно', { required: true }),
		date: column.date('Дата'),
		dateTime: column.dateTime('Время'),
		boolean: column.boolean('Да или нет', { required: true }),
		choice: column.choice('Выбор', ['а', 'б']),
		extensible: column.choice('Выбор с дополнением', ['а', 'б'], { extensible: true }),
		choices: column.choices('Несколько', ['а', 'б']),
		link: column.link('Связь', 'events', { required: true }),
		email: column.email('Почта'),
		phone: column.phone('Телефон'),
		json: column.json('Данные'),
	},
}) as unknown as Table;

function samples(column: Column): unknown[] {
	const option = column.options?.[0] ?? 'x';
	return [
		undefined,
		null,
		'',
		' ',
		'x',
		option,
		`${option} `,
		'2026-12-04',
		'2026-1-4',
		'２０２６-12-04',
		'2026-12-04T10:00:00Z',
		'a@example.org',
		'+79991234567',
		0,
		-0,
		3,
		1.5,
		Number.NaN,
		Number.POSITIVE_INFINITY,
		2 ** 53,
		true,
		false,
		[],
		[option],
		{},
		new Date(0),
	];
}

function baseRow(table: Table): Record<string, unknown> {
	const row: Record<string, unknown> = {};
	for (const [key, column] of Object.entries(table.columns)) {
		if (column.required) {
			row[key] = validValue(column);
		}
	}
	return row;
}

function zodSchema(table: Table, mode: 'insert' | 'patch'): z.ZodType {
	return mode === 'insert' ? table.zod.strict() : table.zod.partial().strict();
}

/** Keys with a value, in order: zod adds keys with undefined that every writer skips. */
function definedEntries(row: Record<string, unknown>): Array<[string, unknown]> {
	return Object.entries(row).filter(([, value]) => value !== undefined);
}

describe('row validation without zod', () => {
	test.each(['insert', 'patch'] as const)('agrees with zod on every column (%s)', (mode) => {
		let accepted = 0;
		for (const table of [...ALL_TABLES, everyKind]) {
			const schema = zodSchema(table, mode);
			for (const [key, column] of Object.entries(table.columns)) {
				for (const value of samples(column)) {
					const row = { ...baseRow(table), [key]: value };
					const fast = acceptPlainRow(table, row, mode, true);
					const zod = schema.safeParse(row);
					if (fast === undefined) {
						continue;
					}
					accepted += 1;
					expect({ table: table.key, key, value, zodAccepts: zod.success }).toEqual({ table: table.key, key, value, zodAccepts: true });
					expect(definedEntries(fast)).toEqual(definedEntries(zod.data as Record<string, unknown>));
				}
			}
		}
		expect(accepted).toBeGreaterThan(1000);
	});

	test('rejects unknown keys and missing required values', () => {
		const row = baseRow(events);
		expect(acceptPlainRow(events, { ...row, extra: 'x' }, 'insert', true)).toBeUndefined();
		expect(acceptPlainRow(events, { ...row, type: undefined }, 'insert', true)).toBeUndefined();
		expect(acceptPlainRow(events, { ...row, type: null }, 'patch', true)).toBeUndefined();
		expect(acceptPlainRow(events, { title: 'x' }, 'patch', true)).toEqual({ title: 'x' });
		expect(acceptPlainRow(events, Object.assign(Object.create(null), row), 'insert', true)).toBeUndefined();
	});

	test('ordered copy follows the declaration', () => {
		const row = { title: 'Звонок', date: '2026-12-04', id: 'evt_1', type: 'Иное' };
		expect(Object.keys(validateRow(events, row, 'insert'))).toEqual(['id', 'type', 'date', 'title']);
		expect(validateRowUnordered(events, row, 'insert')).toBe(row);
	});

	test('zod still words the message', () => {
		expect(() => validateRow(events, { id: 'evt_1', type: 'Неизвестно', date: '2026-12-04' }, 'insert')).toThrow(/«Тип события»: значение не из списка/);
		expect(() => validateRowUnordered(events, { id: 'evt_1', type: 'Иное', date: '04.12.2026' }, 'insert')).toThrow(/«Дата»/);
	});
});
