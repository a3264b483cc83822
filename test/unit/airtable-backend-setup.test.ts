import { ALL_TABLES } from '../../schemas';
import { AUDIT_FIELD_NAMES } from '../../storage/airtable/mapping';
import { checkBase, createMissing } from '../../storage/airtable/setup';
import { type Harness, startHarness, TEST_BASE_ID } from './airtable-backend-harness';

describe('Airtable base setup', () => {
	let harness: Harness;

	beforeEach(async () => {
		harness = await startHarness({ schema: false });
	});

	afterEach(async () => {
		await harness.stop();
	});

	test('empty base lacks every table', async () => {
		const findings = await checkBase(harness.open().client);
		expect(findings.map((finding) => finding.message)).toEqual(ALL_TABLES.map((table) => `Нет таблицы «${table.label}».`));
		expect(findings.every((finding) => finding.fixable)).toBe(true);
	});

	test('creates the full schema then finds nothing', async () => {
		const client = harness.open().client;
		const created = await createMissing(client);
		expect(created.filter((finding) => finding.kind === 'createdTable')).toHaveLength(ALL_TABLES.length);
		expect(created.filter((finding) => !finding.kind.startsWith('created'))).toEqual([]);
		expect(harness.emulator.stats.rateLimited).toBe(0);

		const linkCount = ALL_TABLES.reduce((sum, table) => sum + Object.values(table.columns).filter((column) => column.kind === 'link').length, 0);
		// One schema read, the tables, the link fields and the final check.
		expect(harness.emulator.stats.byKind).toEqual({ getBaseSchema: 2, createTable: ALL_TABLES.length, createField: linkCount });

		expect(await checkBase(client)).toEqual([]);
		expect(await createMissing(client)).toEqual([]);

		const candidates = harness.emulator.state.requireTable(TEST_BASE_ID, 'Кандидаты');
		expect(candidates.fields[0].name).toBe('Ключ');
		expect(candidates.fields.map((field) => field.name)).toEqual(expect.arrayContaining(['Дата рождения', 'Источник', ...AUDIT_FIELD_NAMES]));
		const source = candidates.fields.find((field) => field.name === 'Источник');
		expect(source?.type).toBe('multipleRecordLinks');
		expect(source?.options?.linkedTableId).toBe(harness.emulator.state.requireTable(TEST_BASE_ID, 'Источники').id);
		expect(candidates.fields.find((field) => field.name === 'ИНН')?.type).toBe('singleSelect');
	});

	test('reports renamed field, wrong type and missing option', async () => {
		const client = harness.open().client;
		await createMissing(client);
		const candidates = harness.emulator.state.requireTable(TEST_BASE_ID, 'Кандидаты');
		const field = (name: string) => candidates.fields.find((candidate) => candidate.name === name) as (typeof candidates.fields)[number];
		field('Дата рождения').name = 'ДР';
		field('Город').type = 'number';
		const route = field('Статус маршрута');
		route.options = { choices: (route.options?.choices as Array<{ name: string }>).filter((choice) => choice.name !== 'Пользователь') };

		const messages = (await checkBase(client)).map((finding) => finding.message);
		expect(messages).toEqual([
			'Таблица «Кандидаты»: нет поля «Дата рождения» (Дата).',
			'Таблица «Кандидаты»: поле «Город» имеет тип «Число», а нужен «Однострочный текст».',
			'Таблица «Кандидаты»: в поле «Статус маршрута» нет варианта «Пользователь».',
		]);

		const after = await createMissing(client);
		expect(after.map((finding) => finding.message)).toEqual([
			'Таблица «Кандидаты»: создано поле «Дата рождения» (Дата).',
			'Таблица «Кандидаты»: поле «Город» имеет тип «Число», а нужен «Однострочный текст».',
			'Таблица «Кандидаты»: в поле «Статус маршрута» нет варианта «Пользователь».',
		]);
	});

	test('fills in a partly made base', async () => {
		const client = harness.open().client;
		harness.emulator.state.createTable(TEST_BASE_ID, { name: 'Источники', fields: [{ name: 'Ключ', type: 'singleLineText' }, { name: 'Название', type: 'singleLineText' }] });
		const created = await createMissing(client);
		expect(created.some((finding) => finding.message === 'Таблица «Источники»: создано поле «Город» (Однострочный текст).')).toBe(true);
		expect(created.some((finding) => finding.message === 'Создана таблица «Источники».')).toBe(false);
		expect(await checkBase(client)).toEqual([]);
	});

	test('wrong primary field is reported', async () => {
		harness.emulator.state.createTable(TEST_BASE_ID, { name: 'Организации', fields: [{ name: 'Название', type: 'singleLineText' }] });
		const findings = await checkBase(harness.open().client);
		expect(findings.find((finding) => finding.kind === 'wrongPrimaryField')?.message).toBe('Таблица «Организации»: первичное поле называется «Название», а должно быть «Ключ».');
	});

	test('token without schema scope', async () => {
		await harness.stop();
		harness = await startHarness({
			schema: false,
			emulator: { tokens: [{ token: 'patDataOnly', scopes: ['data.records:read', 'data.records:write'], bases: '*' }] },
		});
		await expect(checkBase(harness.open({ token: 'patDataOnly' }).client)).rejects.toThrow('schema.bases:read и schema.bases:write');
	});
});
