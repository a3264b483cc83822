import { DEFAULT_TOKEN, ManualClock, startAirtableEmulator } from '../emulators/airtable';
import type { AirtableEmulator, AirtableEmulatorOptions } from '../emulators/airtable';
import { call, PEOPLE_BASE_ID, peopleBaseSeed } from '../emulators/airtable/fixtures';
import { MODEL_NOT_FOUND_MESSAGE } from '../emulators/airtable/errors';

const PEOPLE = `/v0/${PEOPLE_BASE_ID}/People`;

describe('Airtable emulator over raw HTTP', () => {
	let emulator: AirtableEmulator;
	let clock: ManualClock;

	async function start(options: AirtableEmulatorOptions = {}): Promise<void> {
		clock = new ManualClock();
		emulator = await startAirtableEmulator({ bases: [peopleBaseSeed()], clock, rateLimit: { enabled: false }, ...options });
	}

	async function seedPeople(count: number): Promise<void> {
		const rows = Array.from({ length: count }, (_, i) => ({ Name: `P${String(i).padStart(3, '0')}`, Age: i }));
		emulator.state.insertRecords(PEOPLE_BASE_ID, 'People', rows);
	}

	afterEach(async () => {
		await emulator.stop();
	});

	describe('rate limit', () => {
		test('sixth request per second is 429', async () => {
			await start({ rateLimit: { enabled: true } });
			const statuses: number[] = [];
			let rejected: unknown;
			for (let i = 0; i < 10; i++) {
				const response = await call(emulator, 'GET', PEOPLE);
				statuses.push(response.status);
				if (response.status === 429) rejected = response.body;
			}
			expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
			expect(rejected).toEqual({ errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] });
			expect(emulator.stats.rateLimited).toBe(5);
		});

		test('penalty lasts 30 seconds', async () => {
			await start({ rateLimit: { enabled: true } });
			for (let i = 0; i < 6; i++) await call(emulator, 'GET', PEOPLE);
			clock.advance(29_000);
			expect((await call(emulator, 'GET', PEOPLE)).status).toBe(429);
			clock.advance(1_001);
			expect((await call(emulator, 'GET', PEOPLE)).status).toBe(200);
		});

		test('spread requests stay allowed', async () => {
			await start({ rateLimit: { enabled: true } });
			for (let i = 0; i < 20; i++) {
				expect((await call(emulator, 'GET', PEOPLE)).status).toBe(200);
				clock.advance(200);
			}
		});

		test('limit is per base', async () => {
			await start({ rateLimit: { enabled: true }, bases: [peopleBaseSeed(), { id: 'appEmulatorBase02', name: 'Other', tables: [{ name: 'T', fields: [{ name: 'N', type: 'singleLineText' }] }] }] });
			for (let i = 0; i < 6; i++) await call(emulator, 'GET', PEOPLE);
			expect((await call(emulator, 'GET', PEOPLE)).status).toBe(429);
			expect((await call(emulator, 'GET', '/v0/appEmulatorBase02/T')).status).toBe(200);
		});

		test('custom limit and body style', async () => {
			await start({ rateLimit: { enabled: true, requestsPerSecond: 2, penaltySeconds: 5, bodyStyle: 'errorObject' } });
			await call(emulator, 'GET', PEOPLE);
			await call(emulator, 'GET', PEOPLE);
			const third = await call(emulator, 'GET', PEOPLE);
			expect(third).toEqual({ status: 429, body: { error: { type: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' } } });
			clock.advance(5_000);
			expect((await call(emulator, 'GET', PEOPLE)).status).toBe(200);
		});
	});

	describe('list records', () => {
		test('offsets page through 250 records', async () => {
			await start();
			await seedPeople(250);
			const first = await call(emulator, 'GET', PEOPLE);
			expect(first.body.records).toHaveLength(100);
			expect(first.body.offset).toMatch(/^itr[A-Za-z0-9]{14}\/rec[A-Za-z0-9]{14}$/);
			expect(first.body.offset.split('/')[1]).toBe(first.body.records[99].id);
			const second = await call(emulator, 'GET', `${PEOPLE}?offset=${encodeURIComponent(first.body.offset)}`);
			const third = await call(emulator, 'GET', `${PEOPLE}?offset=${encodeURIComponent(second.body.offset)}`);
			expect(third.body.records).toHaveLength(50);
			expect(third.body.offset).toBeUndefined();
		});

		test('idle iterator expires', async () => {
			await start({ iteratorTtlSeconds: 60 });
			await seedPeople(150);
			const first = await call(emulator, 'GET', `${PEOPLE}?pageSize=100`);
			clock.advance(61_000);
			const late = await call(emulator, 'GET', `${PEOPLE}?offset=${encodeURIComponent(first.body.offset)}`);
			expect(late).toEqual({ status: 422, body: { error: { type: 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE' } } });
		});

		test('expireIterator fault breaks paging', async () => {
			await start();
			await seedPeople(150);
			const first = await call(emulator, 'GET', PEOPLE);
			emulator.faults.add({ kind: 'listRecords', action: { type: 'expireIterator' } });
			const next = await call(emulator, 'GET', `${PEOPLE}?offset=${encodeURIComponent(first.body.offset)}`);
			expect(next.status).toBe(422);
			expect(next.body.error.type).toBe('LIST_RECORDS_ITERATOR_NOT_AVAILABLE');
		});

		test('garbage offset is 422', async () => {
			await start();
			const response = await call(emulator, 'GET', `${PEOPLE}?offset=itrNotARealOne/recX`);
			expect(response.status).toBe(422);
		});

		test('pageSize above 100 is 422', async () => {
			await start();
			expect((await call(emulator, 'GET', `${PEOPLE}?pageSize=101`)).status).toBe(422);
		});

		test('POST listRecords reads the body', async () => {
			await start();
			await seedPeople(30);
			const response = await call(emulator, 'POST', `${PEOPLE}/listRecords`, {
				pageSize: 5,
				fields: ['Name'],
				sort: [{ field: 'Age', direction: 'desc' }],
				filterByFormula: '{Age} < 10',
			});
			expect(response.status).toBe(200);
			expect(response.body.records.map((record: { fields: { Name: string } }) => record.fields.Name)).toEqual(['P009', 'P008', 'P007', 'P006', 'P005']);
			const next = await call(emulator, 'POST', `${PEOPLE}/listRecords`, { pageSize: 5, offset: response.body.offset });
			expect(next.body.records).toHaveLength(5);
			expect(next.body.offset).toBeUndefined();
		});

		test('returnFieldsByFieldId keys by id', async () => {
			await start();
			await seedPeople(1);
			const table = emulator.state.requireTable(PEOPLE_BASE_ID, 'People');
			const nameField = table.fields.find((field) => field.name === 'Name');
			const response = await call(emulator, 'GET', `${PEOPLE}?returnFieldsByFieldId=true&fields%5B%5D=Name`);
			expect(response.body.records[0].fields).toEqual({ [nameField?.id as string]: 'P000' });
		});

		test('cellFormat string needs locale', async () => {
			await start();
			emulator.state.insertRecords(PEOPLE_BASE_ID, 'People', [{ Name: 'S', Active: true, Tags: ['red', 'blue'] }]);
			expect((await call(emulator, 'GET', `${PEOPLE}?cellFormat=string`)).status).toBe(422);
			const response = await call(emulator, 'GET', `${PEOPLE}?cellFormat=string&timeZone=Europe%2FMoscow&userLocale=ru`);
			expect(response.body.records[0].fields).toMatchObject({ Name: 'S', Active: 'checked', Tags: 'red, blue' });
		});

		test('unknown sort field is rejected', async () => {
			await start();
			const response = await call(emulator, 'GET', `${PEOPLE}?sort%5B0%5D%5Bfield%5D=NON_EXISTING&sort%5B0%5D%5Bdirection%5D=asc`);
			expect(response).toEqual({ status: 422, body: { error: { type: 'UNKNOWN_FIELD_NAME', message: 'Could not find a field named NON_EXISTING' } } });
		});

		test('invalid formulas are rejected', async () => {
			await start();
			const bad = async (formula: string) => (await call(emulator, 'GET', `${PEOPLE}?filterByFormula=${encodeURIComponent(formula)}`)).body;
			expect(await bad('{Name} = ')).toEqual({
				error: { type: 'INVALID_FILTER_BY_FORMULA', message: 'The formula for filtering records is invalid: Invalid formula. Please check your formula text.' },
			});
			expect((await bad('SPLIT({Name})')).error.type).toBe('INVALID_FILTER_BY_FORMULA');
			expect(await bad("{Missing} = 'x'")).toEqual({
				error: { type: 'INVALID_FILTER_BY_FORMULA', message: 'The formula for filtering records is invalid: Unknown field names: Missing' },
			});
		});

		test('RECORD_ID and date filters', async () => {
			await start();
			const [early, late] = emulator.state.insertRecords(PEOPLE_BASE_ID, 'People', [
				{ Name: 'early', Born: '1999-12-31' },
				{ Name: 'late', Born: '2005-06-01' },
			]);
			const names = async (formula: string) =>
				(await call(emulator, 'GET', `${PEOPLE}?filterByFormula=${encodeURIComponent(formula)}`)).body.records.map(
					(record: { fields: { Name: string } }) => record.fields.Name,
				);
			expect(await names(`RECORD_ID() = '${late.id as string}'`)).toEqual(['late']);
			expect(await names("IS_BEFORE({Born}, '2000-01-01')")).toEqual(['early']);
			expect(await names("IS_AFTER({Born}, '2000-01-01')")).toEqual(['late']);
			expect(await names("{Born} >= '2000-01-01'")).toEqual(['late']);
			expect(early.id).not.toBe(late.id);
		});
	});

	describe('writes', () => {
		test('PUT clears omitted fields', async () => {
			await start();
			const [record] = emulator.state.insertRecords(PEOPLE_BASE_ID, 'People', [{ Name: 'Full', Age: 3, Email: 'f@example.org' }]);
			const response = await call(emulator, 'PUT', PEOPLE, { records: [{ id: record.id, fields: { Name: 'Full' } }] });
			expect(response.body.records[0].fields).toEqual({ Name: 'Full', Row: 1 });
		});

		test('upsert lists created and updated', async () => {
			await start();
			const [existing] = emulator.state.insertRecords(PEOPLE_BASE_ID, 'People', [{ Name: 'Same', Age: 1 }]);
			const response = await call(emulator, 'PATCH', PEOPLE, {
				performUpsert: { fieldsToMergeOn: ['Name'] },
				records: [{ fields: { Name: 'Same', Age: 2 } }, { fields: { Name: 'New', Age: 3 } }],
			});
			expect(response.status).toBe(200);
			expect(response.body.updatedRecords).toEqual([existing.id]);
			expect(response.body.createdRecords).toHaveLength(1);
			expect(response.body.records.map((record: { id: string }) => record.id)).toEqual([existing.id, response.body.createdRecords[0]]);
		});

		test('ambiguous upsert is rejected', async () => {
			await start();
			emulator.state.insertRecords(PEOPLE_BASE_ID, 'People', [{ Name: 'Twin' }, { Name: 'Twin' }]);
			const response = await call(emulator, 'PATCH', PEOPLE, { performUpsert: { fieldsToMergeOn: ['Name'] }, records: [{ fields: { Name: 'Twin', Age: 1 } }] });
			expect(response.status).toBe(422);
		});

		test('updating unknown record is rejected', async () => {
			await start();
			const response = await call(emulator, 'PATCH', PEOPLE, { records: [{ id: 'recAAAAAAAAAAAAAA', fields: { Name: 'x' } }] });
			expect(response).toEqual({ status: 422, body: { error: { type: 'ROW_DOES_NOT_EXIST', message: 'Record ID recAAAAAAAAAAAAAA does not exist in this table' } } });
		});

		test('deleting eleven records is rejected', async () => {
			await start();
			const ids = Array.from({ length: 11 }, (_, i) => `records%5B%5D=rec${String(i).padStart(14, 'A')}`).join('&');
			expect((await call(emulator, 'DELETE', `${PEOPLE}?${ids}`)).status).toBe(422);
		});

		test('typecast link creates linked record', async () => {
			await start();
			const response = await call(emulator, 'POST', PEOPLE, { records: [{ fields: { Name: 'L', Team: ['Gamma', 'Alpha'] } }], typecast: true });
			expect(response.status).toBe(200);
			const teams = emulator.state.records(PEOPLE_BASE_ID, 'Teams');
			expect(teams.map((team) => (team.fields as { Title: string }).Title)).toEqual(['Alpha', 'Beta', 'Gamma']);
			const gamma = teams[2];
			expect((gamma.fields as { People: string[] }).People).toEqual([response.body.records[0].id]);
		});

		test('malformed JSON is 400', async () => {
			await start();
			const response = await fetch(`${emulator.url}${PEOPLE}`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${DEFAULT_TOKEN}`, 'Content-Type': 'application/json' },
				body: '{"records": [',
			});
			expect(response.status).toBe(400);
		});

		test('body without fields is rejected', async () => {
			await start();
			const response = await call(emulator, 'POST', PEOPLE, { Name: 'flat' });
			expect(response.body.error.type).toBe('INVALID_REQUEST_MISSING_FIELDS');
		});

		test('record limit per base', async () => {
			await start({ recordLimitPerBase: 5 });
			// The seed already contains the two Teams records.
			const three = Array.from({ length: 3 }, (_, i) => ({ fields: { Name: `n${i}` } }));
			expect((await call(emulator, 'POST', PEOPLE, { records: three })).status).toBe(200);
			const response = await call(emulator, 'POST', PEOPLE, { records: [{ fields: { Name: 'over' } }] });
			expect(response.status).toBe(422);
			expect(response.body.error.type).toBe('RECORD_LIMIT_EXCEEDED');
			expect(emulator.state.recordCount(PEOPLE_BASE_ID)).toBe(5);
		});
	});

	describe('auth', () => {
		test('missing token is 401', async () => {
			await start();
			const response = await call(emulator, 'GET', PEOPLE, undefined, null);
			expect(response).toEqual({ status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } });
		});

		test('write without scope is 403', async () => {
			await start({ tokens: [{ token: 'patRead', scopes: ['data.records:read'], bases: '*' }] });
			const response = await call(emulator, 'POST', PEOPLE, { records: [{ fields: { Name: 'x' } }] }, 'patRead');
			expect(response).toEqual({ status: 403, body: { error: { type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND', message: MODEL_NOT_FOUND_MESSAGE } } });
		});

		test('unreachable bases are 403', async () => {
			await start({ tokens: [{ token: 'patNone', scopes: ['data.records:read'], bases: ['appSomethingElse1'] }] });
			expect((await call(emulator, 'GET', PEOPLE, undefined, 'patNone')).status).toBe(403);
			expect((await call(emulator, 'GET', '/v0/appDoesNotExist0/People', undefined, 'patNone')).status).toBe(403);
		});

		test('unknown table as 403 option', async () => {
			await start({ unknownTable: 'modelNotFound' });
			expect((await call(emulator, 'GET', `/v0/${PEOPLE_BASE_ID}/Nope`)).status).toBe(403);
		});

		test('whoami returns user and scopes', async () => {
			await start({ tokens: [{ token: 'patMe', scopes: ['data.records:read', 'user.email:read'], bases: '*', userId: 'usrAAAAAAAAAAAAAA', email: 'me@example.org' }] });
			const response = await call(emulator, 'GET', '/v0/meta/whoami', undefined, 'patMe');
			expect(response.body).toEqual({ id: 'usrAAAAAAAAAAAAAA', scopes: ['data.records:read', 'user.email:read'], email: 'me@example.org' });
		});
	});

	describe('meta API', () => {
		test('lists bases and schema', async () => {
			await start();
			const bases = await call(emulator, 'GET', '/v0/meta/bases');
			expect(bases.body).toEqual({ bases: [{ id: PEOPLE_BASE_ID, name: 'Emulator test base', permissionLevel: 'create' }] });
			const schema = await call(emulator, 'GET', `/v0/meta/bases/${PEOPLE_BASE_ID}/tables`);
			const people = schema.body.tables[0];
			expect(people.primaryFieldId).toBe(people.fields[0].id);
			expect(people.views).toEqual([{ id: expect.stringMatching(/^viw/), name: 'Grid view', type: 'grid' }]);
		});

		test('unknown meta base is 404', async () => {
			await start();
			expect(await call(emulator, 'GET', '/v0/meta/bases/junk/tables')).toEqual({ status: 404, body: { error: 'NOT_FOUND' } });
		});

		test('schema read needs scope', async () => {
			await start({ tokens: [{ token: 'patData', scopes: ['data.records:read'], bases: '*' }] });
			expect((await call(emulator, 'GET', `/v0/meta/bases/${PEOPLE_BASE_ID}/tables`, undefined, 'patData')).status).toBe(403);
		});

		test('link field adds inverse field', async () => {
			await start();
			const teams = emulator.state.requireTable(PEOPLE_BASE_ID, 'Teams');
			const response = await call(emulator, 'POST', `/v0/meta/bases/${PEOPLE_BASE_ID}/tables`, {
				name: 'События',
				description: 'Журнал событий',
				fields: [
					{ name: 'Название', type: 'singleLineText' },
					{ name: 'Дата', type: 'date', options: { dateFormat: { name: 'iso' } } },
					{ name: 'Тип', type: 'singleSelect', options: { choices: [{ name: 'Звонок' }, { name: 'Встреча', color: 'redBright' }] } },
					{ name: 'Команда', type: 'multipleRecordLinks', options: { linkedTableId: teams.id } },
				],
			});
			expect(response.status).toBe(200);
			const link = response.body.fields[3];
			expect(link.options).toEqual({ linkedTableId: teams.id, isReversed: false, prefersSingleRecordLink: false, inverseLinkFieldId: expect.stringMatching(/^fld/) });
			expect(response.body.fields[2].options.choices[1]).toEqual({ id: expect.stringMatching(/^sel/), name: 'Встреча', color: 'redBright' });
			const inverse = teams.fields.find((field) => field.id === link.options.inverseLinkFieldId);
			expect(inverse).toMatchObject({ name: 'События', type: 'multipleRecordLinks', options: { linkedTableId: response.body.id, inverseLinkFieldId: link.id } });
		});

		test('invalid table definitions are rejected', async () => {
			await start();
			const path = `/v0/meta/bases/${PEOPLE_BASE_ID}/tables`;
			expect((await call(emulator, 'POST', path, { name: 'people', fields: [{ name: 'N', type: 'singleLineText' }] })).status).toBe(422);
			expect((await call(emulator, 'POST', path, { name: 'New', fields: [{ name: 'N', type: 'number' }] })).status).toBe(422);
			expect((await call(emulator, 'POST', path, { name: 'New', fields: [{ name: 'F', type: 'formula' }] })).status).toBe(422);
		});

		test('create and rename fields, tables', async () => {
			await start();
			const table = emulator.state.requireTable(PEOPLE_BASE_ID, 'Кандидаты');
			const created = await call(emulator, 'POST', `/v0/meta/bases/${PEOPLE_BASE_ID}/tables/${table.id}/fields`, {
				name: 'Согласие',
				type: 'checkbox',
				options: { icon: 'check', color: 'greenBright' },
			});
			expect(created.body).toEqual({ type: 'checkbox', id: expect.stringMatching(/^fld/), name: 'Согласие', options: { icon: 'check', color: 'greenBright' } });
			const renamed = await call(emulator, 'PATCH', `/v0/meta/bases/${PEOPLE_BASE_ID}/tables/${table.id}/fields/${created.body.id}`, { name: 'Согласие на обработку' });
			expect(renamed.body.name).toBe('Согласие на обработку');
			const tableRenamed = await call(emulator, 'PATCH', `/v0/meta/bases/${PEOPLE_BASE_ID}/tables/${table.id}`, { name: 'Соискатели' });
			expect(tableRenamed.body.name).toBe('Соискатели');
			const write = await call(emulator, 'POST', `/v0/${PEOPLE_BASE_ID}/${encodeURIComponent('Соискатели')}`, {
				records: [{ fields: { ФИО: 'X', 'Согласие на обработку': true } }],
			});
			expect(write.body.records[0].fields).toEqual({ ФИО: 'X', 'Согласие на обработку': true });
		});
	});

	describe('faults and stats', () => {
		test('dropBeforeApply writes nothing', async () => {
			await start();
			emulator.faults.add({ kind: 'createRecords', action: { type: 'dropBeforeApply' } });
			await expect(call(emulator, 'POST', PEOPLE, { records: [{ fields: { Name: 'lost' } }] })).rejects.toThrow();
			expect(emulator.state.records(PEOPLE_BASE_ID, 'People')).toHaveLength(0);
		});

		test('dropAfterApply writes then drops', async () => {
			await start();
			emulator.faults.add({ kind: 'createRecords', action: { type: 'dropAfterApply' } });
			await expect(call(emulator, 'POST', PEOPLE, { records: [{ fields: { Name: 'kept' } }] })).rejects.toThrow();
			expect(emulator.state.records(PEOPLE_BASE_ID, 'People')).toHaveLength(1);
		});

		test('nth and times select requests', async () => {
			await start();
			emulator.faults.add({ method: 'GET', nth: 2, times: 2, action: { type: 'status', status: 503 } });
			const statuses = [];
			for (let i = 0; i < 4; i++) statuses.push((await call(emulator, 'GET', PEOPLE)).status);
			expect(statuses).toEqual([200, 503, 503, 200]);
			expect(emulator.faults.pending).toBe(0);
		});

		test('500 and 503 bodies', async () => {
			await start({
				faults: [
					{ action: { type: 'status', status: 500 } },
					{ nth: 2, action: { type: 'status', status: 503 } },
				],
			});
			expect((await call(emulator, 'GET', PEOPLE)).status).toBe(500);
			expect(await call(emulator, 'GET', PEOPLE)).toEqual({
				status: 503,
				body: { error: { type: 'RETRIABLE_ERROR', message: 'Server encountered an error while processing your request, and it is safe to retry the request' } },
			});
		});

		test('stats count kinds and statuses', async () => {
			await start();
			await call(emulator, 'POST', PEOPLE, { records: [{ fields: { Name: 'a' } }, { fields: { Name: 'b' } }] });
			await call(emulator, 'GET', PEOPLE);
			await call(emulator, 'GET', '/v0/meta/bases');
			await call(emulator, 'GET', '/v0/nothing/here/at/all');
			expect(emulator.stats.snapshot()).toMatchObject({
				requests: 4,
				byMethod: { POST: 1, GET: 3 },
				byKind: { createRecords: 1, listRecords: 1, listBases: 1, unknown: 1 },
				byStatus: { 200: 3, 404: 1 },
				recordsCreated: 2,
				recordsWritten: 2,
				recordsReturned: 2,
			});
			emulator.stats.reset();
			expect(emulator.stats.requests).toBe(0);
		});
	});
});
