import Airtable from 'airtable';
import type { FieldSet, Records } from 'airtable';
import { ManualClock, startAirtableEmulator } from '../emulators/airtable';
import type { AirtableEmulator } from '../emulators/airtable';
import { clientFor, PEOPLE_BASE_ID, peopleBaseSeed } from '../emulators/airtable/fixtures';

/** Runs the real airtable.js client against the emulator; rate limiting is off except where tested. */
describe('Airtable emulator through the airtable.js client', () => {
	let emulator: AirtableEmulator;
	let base: Airtable.Base;

	beforeEach(async () => {
		emulator = await startAirtableEmulator({ bases: [peopleBaseSeed()], rateLimit: { enabled: false } });
		base = clientFor(emulator).base(PEOPLE_BASE_ID);
	});

	afterEach(async () => {
		await emulator.stop();
	});

	async function createPeople(count: number): Promise<void> {
		for (let start = 0; start < count; start += 10) {
			const batch = [];
			for (let i = start; i < Math.min(start + 10, count); i++) batch.push({ fields: { Name: `Person ${String(i).padStart(3, '0')}`, Age: i } });
			await base('People').create(batch);
		}
	}

	test('create omits empty fields', async () => {
		const created = await base('People').create([{ fields: { Name: 'Анна', Age: 30, Active: false, Notes: '' } }]);
		expect(created).toHaveLength(1);
		expect(created[0].id).toMatch(/^rec[A-Za-z0-9]{14}$/);
		expect(created[0]._rawJson.createdTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
		expect(created[0].fields).toEqual({ Name: 'Анна', Age: 30, Row: 1 });
	});

	test('select pages 150 records', async () => {
		await createPeople(150);
		const records = await base('People').select().all();
		expect(records).toHaveLength(150);
		expect(new Set(records.map((record) => record.id)).size).toBe(150);
		expect(emulator.stats.byKind.listRecords).toBe(2);
	});

	test('eachPage honours pageSize, maxRecords', async () => {
		await createPeople(120);
		const pageSizes: number[] = [];
		await base('People')
			.select({ pageSize: 50, maxRecords: 110 })
			.eachPage((records, next) => {
				pageSizes.push(records.length);
				next();
			});
		expect(pageSizes).toEqual([50, 50, 10]);
	});

	test('fields parameter limits fields', async () => {
		await base('People').create([{ fields: { Name: 'Иван', Age: 41, Email: 'ivan@example.org' } }]);
		const [record] = await base('People').select({ fields: ['Name', 'Email'] }).firstPage();
		expect(record.fields).toEqual({ Name: 'Иван', Email: 'ivan@example.org' });
	});

	test('sort by two fields', async () => {
		await base('People').create([
			{ fields: { Name: 'b', Age: 2 } },
			{ fields: { Name: 'a', Age: 2 } },
			{ fields: { Name: 'c', Age: 1 } },
		]);
		const records = await base('People')
			.select({ sort: [{ field: 'Age', direction: 'desc' }, { field: 'Name' }] })
			.all();
		expect(records.map((record) => record.get('Name'))).toEqual(['a', 'b', 'c']);
	});

	test('formula quotes, backslashes, Cyrillic', async () => {
		const names = ["O'Brien", 'Say "hi"', 'back\\slash', 'Ёлкина Мария'];
		await base('People').create(names.map((Name) => ({ fields: { Name } })));
		const byFormula = async (formula: string) =>
			(await base('People').select({ filterByFormula: formula }).all()).map((record) => record.get('Name'));
		expect(await byFormula(`{Name} = 'O\\'Brien'`)).toEqual(["O'Brien"]);
		expect(await byFormula(`{Name} = "O'Brien"`)).toEqual(["O'Brien"]);
		expect(await byFormula(`{Name} = "Say \\"hi\\""`)).toEqual(['Say "hi"']);
		expect(await byFormula(`{Name} = 'back\\\\slash'`)).toEqual(['back\\slash']);
		expect(await byFormula(`{Name} = 'Ёлкина Мария'`)).toEqual(['Ёлкина Мария']);
		expect(await byFormula(`FIND('мария', LOWER({Name})) > 0`)).toEqual(['Ёлкина Мария']);
	});

	test('long formula goes through POST listRecords', async () => {
		await createPeople(120);
		// airtable.js switches to POST .../listRecords when the GET URL would pass its 15,000-character limit.
		const terms = Array.from({ length: 1_000 }, (_, index) => `{Name} = 'Person ${String(index).padStart(3, '0')}'`);
		const records = await base('People').select({ filterByFormula: `OR(${terms.join(',')})` }).all();
		expect(records).toHaveLength(120);
		expect(emulator.stats.byMethod.POST).toBeGreaterThanOrEqual(2);
		expect(emulator.stats.byStatus['414']).toBeUndefined();
	});

	test('formula logic and blanks', async () => {
		await base('People').create([
			{ fields: { Name: 'one', Age: 17, Active: true } },
			{ fields: { Name: 'two', Age: 25 } },
			{ fields: { Name: 'three', Age: 40, Active: true, Email: 'x@example.org' } },
		]);
		const names = async (formula: string) =>
			(await base('People').select({ filterByFormula: formula }).all()).map((record) => record.get('Name'));
		expect(await names('AND({Age} >= 18, {Active} = TRUE())')).toEqual(['three']);
		expect(await names('OR({Age} < 18, NOT({Active}))')).toEqual(['one', 'two']);
		expect(await names('{Email} = BLANK()')).toEqual(['one', 'two']);
		expect(await names("{Name} & '-' & {Age} = 'two-25'")).toEqual(['two']);
	});

	test('single record lifecycle', async () => {
		const created = await base('People').create({ Name: 'Пётр', Age: 20, Email: 'p@example.org' });
		const found = await base('People').find(created.id);
		expect(found.get('Email')).toBe('p@example.org');

		const updated = await base('People').update(created.id, { Age: 21 });
		expect(updated.fields).toMatchObject({ Name: 'Пётр', Age: 21, Email: 'p@example.org' });

		const replaced = await base('People').replace(created.id, { Name: 'Пётр' });
		expect(replaced.fields).toEqual({ Name: 'Пётр', Row: 1 });

		await base('People').destroy(created.id);
		await expect(base('People').find(created.id)).rejects.toMatchObject({ statusCode: 404, message: 'Record not found' });
	});

	test('batch update and destroy', async () => {
		await createPeople(10);
		const records = await base('People').select().all();
		const updated = await base('People').update(records.map((record) => ({ id: record.id, fields: { Active: true } })));
		expect(updated.every((record) => record.get('Active') === true)).toBe(true);
		const destroyed = await base('People').destroy(records.map((record) => record.id));
		expect(destroyed).toHaveLength(10);
		expect(await base('People').select().all()).toHaveLength(0);
		expect(emulator.stats.recordsWritten).toBe(30);
	});

	test('typecast creates select option', async () => {
		const created = await base('People').create([{ fields: { Name: 'x', Status: 'Архив', Tags: ['red', 'green'] } }], { typecast: true });
		expect(created[0].fields).toMatchObject({ Status: 'Архив', Tags: ['red', 'green'] });
		const status = emulator.state.requireTable(PEOPLE_BASE_ID, 'People').fields.find((field) => field.name === 'Status');
		const choices = (status?.options?.choices as Array<{ name: string; id: string }>).map((choice) => choice.name);
		expect(choices).toEqual(['Новый', 'В работе', 'Архив']);
	});

	test('typecast converts text values', async () => {
		const [record] = await base('People').create(
			[{ fields: { Name: 'y', Age: '42', Score: '3,14159', Born: '2001-02-03T10:00:00Z', Active: 'true' } }],
			{ typecast: true },
		);
		expect(record.fields).toMatchObject({ Age: 42, Score: 3.14, Born: '2001-02-03', Active: true });
	});

	test('client upsert creates then updates', async () => {
		type UpsertCall = (records: Array<{ fields: FieldSet }>, options: object) => Promise<Records<FieldSet>>;
		const upsert = base('People').update as unknown as UpsertCall;
		const first = await upsert.call(base('People'), [{ fields: { Email: 'a@example.org', Name: 'A' } }], {
			performUpsert: { fieldsToMergeOn: ['Email'] },
		});
		const second = await upsert.call(base('People'), [{ fields: { Email: 'a@example.org', Name: 'A2' } }, { fields: { Email: 'b@example.org', Name: 'B' } }], {
			performUpsert: { fieldsToMergeOn: ['Email'] },
		});
		expect(second[0].id).toBe(first[0].id);
		expect(second[0].get('Name')).toBe('A2');
		const all = await base('People').select().all();
		expect(all.map((record) => record.get('Name')).sort()).toEqual(['A2', 'B']);
	});

	test('links maintain inverse field', async () => {
		const teams = await base('Teams').select().all();
		const alpha = teams.find((team) => team.get('Title') === 'Alpha');
		const [person] = await base('People').create([{ fields: { Name: 'Linked', Team: [alpha?.id as string] } }]);
		const team = await base('Teams').find(alpha?.id as string);
		expect(team.get('People')).toEqual([person.id]);
		await base('People').destroy(person.id);
		const after = await base('Teams').find(alpha?.id as string);
		expect(after.get('People')).toBeUndefined();
	});

	test('Cyrillic table name in path', async () => {
		await base('Кандидаты').create([{ fields: { ФИО: 'Сидорова Анна', Город: 'Пермь' } }]);
		const records = await base('Кандидаты').select({ filterByFormula: "{Город} = 'Пермь'" }).all();
		expect(records.map((record) => record.get('ФИО'))).toEqual(['Сидорова Анна']);
	});

	test('unknown field name error', async () => {
		await expect(base('People').create([{ fields: { Nope: 1 } }])).rejects.toMatchObject({
			error: 'UNKNOWN_FIELD_NAME',
			message: 'Unknown field name: "Nope"',
			statusCode: 422,
		});
	});

	test('wrong value type error', async () => {
		await expect(base('People').create([{ fields: { Age: 'forty' } }])).rejects.toMatchObject({
			error: 'INVALID_VALUE_FOR_COLUMN',
			message: 'Field "Age" cannot accept the provided value',
			statusCode: 422,
		});
		await expect(base('People').create([{ fields: { Born: '2024-01-15T10:00:00.000Z' } }])).rejects.toMatchObject({
			error: 'INVALID_VALUE_FOR_COLUMN',
		});
	});

	test('unknown select option error', async () => {
		await expect(base('People').create([{ fields: { Status: 'Архив' } }])).rejects.toMatchObject({
			error: 'INVALID_MULTIPLE_CHOICE_OPTIONS',
			message: 'Insufficient permissions to create new select option ""Архив""',
			statusCode: 422,
		});
	});

	test('link to missing record error', async () => {
		await expect(base('People').create([{ fields: { Team: ['recAAAAAAAAAAAAAA'] } }])).rejects.toMatchObject({
			error: 'ROW_DOES_NOT_EXIST',
			statusCode: 422,
		});
	});

	test('computed field write error', async () => {
		await expect(base('People').create([{ fields: { Row: 5 } }])).rejects.toMatchObject({
			error: 'INVALID_VALUE_FOR_COLUMN',
			message: 'Field "Row" cannot accept a value because the field is computed',
		});
	});

	test('failed batch writes nothing', async () => {
		await expect(base('People').create([{ fields: { Name: 'ok' } }, { fields: { Age: 'bad' } }])).rejects.toMatchObject({ statusCode: 422 });
		expect(emulator.state.records(PEOPLE_BASE_ID, 'People')).toHaveLength(0);
	});

	test('eleven records are rejected', async () => {
		const eleven = Array.from({ length: 11 }, (_, i) => ({ fields: { Name: `n${i}` } }));
		await expect(base('People').create(eleven)).rejects.toMatchObject({
			error: 'INVALID_RECORDS',
			message: 'A maximum of 10 records can be created per request but you have provided 11.',
			statusCode: 422,
		});
	});

	test('unknown token is 401', async () => {
		const stranger = clientFor(emulator, 'patUnknownToken').base(PEOPLE_BASE_ID);
		await expect(stranger('People').select().all()).rejects.toMatchObject({ error: 'AUTHENTICATION_REQUIRED', statusCode: 401 });
	});

	test('read-only token write is 403', async () => {
		await emulator.stop();
		emulator = await startAirtableEmulator({
			bases: [peopleBaseSeed()],
			rateLimit: { enabled: false },
			tokens: [{ token: 'patReadOnly', scopes: ['data.records:read'], bases: '*' }],
		});
		const reader = clientFor(emulator, 'patReadOnly').base(PEOPLE_BASE_ID);
		expect(await reader('People').select().all()).toEqual([]);
		await expect(reader('People').create([{ fields: { Name: 'x' } }])).rejects.toMatchObject({ error: 'NOT_AUTHORIZED', statusCode: 403 });
	});

	test('unknown table is 404', async () => {
		await expect(base('Nope').select().all()).rejects.toMatchObject({
			error: 'NOT_FOUND',
			message: `Could not find table Nope in application ${PEOPLE_BASE_ID}`,
			statusCode: 404,
		});
	});

	test('client reports 429 without retry', async () => {
		await emulator.stop();
		emulator = await startAirtableEmulator({ bases: [peopleBaseSeed()], clock: new ManualClock() });
		const limited = clientFor(emulator).base(PEOPLE_BASE_ID);
		const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => limited('People').select().firstPage()));
		expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
		expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { error: 'TOO_MANY_REQUESTS', statusCode: 429 } });
	});

	test('dropped connection reaches client', async () => {
		emulator.faults.add({ kind: 'createRecords', action: { type: 'dropAfterApply' } });
		await expect(base('People').create([{ fields: { Name: 'maybe written' } }])).rejects.toBeDefined();
		expect(emulator.state.records(PEOPLE_BASE_ID, 'People')).toHaveLength(1);
		expect(emulator.stats.faultsInjected).toBe(1);
	});

	test('client retries 429 after penalty', async () => {
		await emulator.stop();
		const clock = new ManualClock();
		let advanced = false;
		emulator = await startAirtableEmulator({
			bases: [peopleBaseSeed()],
			clock,
			onRequest: () => {
				// The client's retry arrives after the 429; let 31 seconds pass then, once.
				if (emulator?.stats.rateLimited > 0 && !advanced) {
					advanced = true;
					clock.advance(31_000);
				}
				return undefined;
			},
		});
		const randomSpy = jest.spyOn(Math, 'random').mockReturnValue(0);
		try {
			const retrying = clientFor(emulator, undefined, true).base(PEOPLE_BASE_ID);
			const results = await Promise.all(Array.from({ length: 6 }, (_, i) => retrying('People').create({ Name: `r${i}` })));
			expect(results).toHaveLength(6);
			expect(emulator.stats.rateLimited).toBe(1);
			expect(emulator.state.records(PEOPLE_BASE_ID, 'People')).toHaveLength(6);
		} finally {
			randomSpy.mockRestore();
		}
	});
});
