import { ALL_SCOPES, DEFAULT_TOKEN } from '../emulators/airtable';
import type { AirtableBase } from '../../storage/airtable/airtableBase';
import type { WriteOperation } from '../../storage/types';
import { contractCandidate as candidate, contractContext as context } from './base-contract';
import { type Harness, startHarness, TEST_BASE_ID } from './airtable-backend-harness';

const READ_ONLY_TOKEN = 'patReadOnly00001.0000000000000000000000000000000000000000000000000000000000000002';

function inserts(count: number, prefix = 'c'): WriteOperation[] {
	return Array.from({ length: count }, (_, index) => ({ kind: 'insert', table: 'candidates', row: candidate(`${prefix}${index}`) }));
}

function storedKeys(harness: Harness, table = 'Кандидаты'): string[] {
	return harness.emulator.state.records(TEST_BASE_ID, table).map((record) => (record.fields as Record<string, unknown>)['Ключ'] as string);
}

function field(harness: Harness, table: string, name: string): { name: string; type: string; options?: Record<string, unknown> } {
	const found = harness.emulator.state.requireTable(TEST_BASE_ID, table).fields.find((candidateField) => candidateField.name === name);
	if (!found) {
		throw new Error(`no field ${name}`);
	}
	return found;
}

describe('AirtableBase under faults', () => {
	let harness: Harness;
	let base: AirtableBase;

	beforeEach(async () => {
		harness = await startHarness({
			emulator: {
				tokens: [
					{ token: DEFAULT_TOKEN, scopes: ALL_SCOPES, bases: '*' },
					{ token: READ_ONLY_TOKEN, scopes: ['data.records:read', 'schema.bases:read'], bases: '*' },
				],
			},
		});
		base = harness.open();
	});

	afterEach(async () => {
		await base.close();
		await harness.stop();
	});

	test('lost create response is not written twice', async () => {
		harness.emulator.faults.add({ action: { type: 'dropAfterApply' }, kind: 'createRecords', nth: 2 });
		const results = await base.write(inserts(25), context);
		expect(results.map((result) => result.status)).toEqual(Array(25).fill('created'));
		expect(storedKeys(harness)).toHaveLength(25);
		expect(new Set(storedKeys(harness)).size).toBe(25);
		expect(harness.emulator.stats.byStatus['0']).toBe(1);
		// 1 lookup, 3 creates (the second one lost its response) and 1 lookup that found its 10 records.
		expect(harness.emulator.stats.byKind).toEqual({ listRecords: 2, createRecords: 3 });
	});

	test('create dropped before applying is sent again', async () => {
		harness.emulator.faults.add({ action: { type: 'dropBeforeApply' }, kind: 'createRecords' });
		const results = await base.write(inserts(5), context);
		expect(results.every((result) => result.status === 'created')).toBe(true);
		expect(storedKeys(harness)).toHaveLength(5);
		expect(harness.emulator.stats.byKind.createRecords).toBe(2);
	});

	test('server errors are retried with backoff', async () => {
		harness.emulator.faults.add({ action: { type: 'status', status: 502 }, kind: 'createRecords', times: 2 });
		harness.emulator.faults.add({ action: { type: 'status', status: 500 }, kind: 'listRecords' });
		const started = harness.clock.now();
		const results = await base.write(inserts(3), context);
		expect(results.every((result) => result.status === 'created')).toBe(true);
		expect(storedKeys(harness)).toHaveLength(3);
		// Backoff of 1 s after the list error, 1 s and 2 s after the create errors.
		expect(harness.clock.now() - started).toBeGreaterThanOrEqual(4_000);
	});

	test('lost update response keeps one version step', async () => {
		await base.write(inserts(1), context);
		harness.emulator.faults.add({ action: { type: 'dropAfterApply' }, kind: 'updateRecords' });
		const [result] = await base.write([{ kind: 'update', table: 'candidates', id: 'c0', patch: { city: 'Пермь' }, expectVersion: 1 }], context);
		expect(result.status).toBe('updated');
		expect((await base.get('candidates', 'c0'))?._meta.version).toBe(2);
	});

	test('endless server errors fail as unavailable', async () => {
		harness.emulator.faults.add({ action: { type: 'status', status: 503 }, kind: 'createRecords', times: 100 });
		const results = await base.write(inserts(2), context);
		expect(results.map((result) => result.error?.code)).toEqual(['unavailable', 'unavailable']);
		expect(results[0].error?.message).toContain('не задвоится');
		expect(storedKeys(harness)).toHaveLength(0);
	});

	test('renamed field gets a Russian message', async () => {
		field(harness, 'Кандидаты', 'Дата рождения').name = 'ДР';
		const [result] = await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
		expect(result.status).toBe('failed');
		expect(result.error?.code).toBe('unknown_field');
		expect(result.error?.message).toBe(
			'В таблице «Кандидаты» нет поля «Дата рождения»: верните название поля или запустите «Проверить базу» в узле «ТЖЦТ: настройка базы».',
		);
		await expect(base.get('candidates', 'c1')).rejects.toThrow('нет поля «Дата рождения»');
	});

	test('bad record fails alone in its batch', async () => {
		field(harness, 'Кандидаты', 'Город').type = 'number';
		const operations = inserts(10);
		(operations[6] as { row: Record<string, unknown> }).row.city = 'Пермь';
		const results = await base.write(operations, context);
		expect(results.filter((result) => result.status === 'created')).toHaveLength(9);
		expect(results[6].status).toBe('failed');
		expect(results[6].error?.code).toBe('invalid_value');
		expect(results[6].error?.message).toContain('«Город»');
		expect(results[6].error?.message).not.toContain('Пермь');
		expect(storedKeys(harness)).toHaveLength(9);
	});

	test('deleted select option names the field', async () => {
		const routeState = field(harness, 'Кандидаты', 'Статус маршрута');
		routeState.options = { choices: (routeState.options?.choices as Array<{ name: string }>).filter((choice) => choice.name !== 'Выпускник') };
		const [result] = await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
		expect(result.status).toBe('failed');
		expect(result.error?.code).toBe('invalid_value');
		expect(result.error?.details.field).toBe('Статус маршрута');
		expect(result.error?.message).toContain('поле «Статус маршрута» не содержит нужного варианта');
	});

	test('link to a deleted record', async () => {
		await base.write([{ kind: 'insert', table: 'sources', row: { id: 's1', name: 'ЦССВ' } }], context);
		const [record] = harness.emulator.state.records(TEST_BASE_ID, 'Источники');
		// The test's own request is not paced with the backend's, so it waits out the rate-limit window.
		harness.clock.advance(1_000);
		const deleted = await fetch(`${harness.emulator.url}/v0/${TEST_BASE_ID}/${encodeURIComponent('Источники')}/${record.id as string}`, {
			method: 'DELETE',
			headers: { Authorization: `Bearer ${DEFAULT_TOKEN}` },
		});
		expect(deleted.status).toBe(200);

		const [stale] = await base.write([{ kind: 'insert', table: 'sourceContacts', row: { id: 'ki1', name: 'Педагог', source: 's1' } }], context);
		expect(stale.status).toBe('failed');
		expect(stale.error?.code).toBe('not_found');
		expect(stale.error?.message).toContain('поле «Источник» ссылается на запись, которой больше нет');

		const [fresh] = await harness.open().write([{ kind: 'insert', table: 'sourceContacts', row: { id: 'ki1', name: 'Педагог', source: 's1' } }], context);
		expect(fresh.error?.message).toContain('в таблице «Источники» нет записи с таким ключом');
		expect(storedKeys(harness, 'Контакты источников (КИ)')).toHaveLength(0);
	});

	test('dependent row fails with its link', async () => {
		const results = await base.write(
			[
				{ kind: 'insert', table: 'sources', row: { id: 's1', name: 'ЦССВ' } },
				{ kind: 'insert', table: 'candidates', row: candidate('c1', { source: 's1' }) },
			],
			context,
		);
		expect(results.map((result) => result.status)).toEqual(['created', 'created']);

		field(harness, 'Источники', 'Название').name = 'Имя';
		const broken = await base.write(
			[
				{ kind: 'insert', table: 'sources', row: { id: 's2', name: 'Колледж' } },
				{ kind: 'insert', table: 'candidates', row: candidate('c2', { source: 's2' }) },
			],
			context,
		);
		expect(broken.map((result) => result.status)).toEqual(['failed', 'failed']);
		expect(broken[1].error?.message).toContain('связанная запись в таблице «Источники» не сохранена');
	});

	test('token without write scope', async () => {
		const readOnly = harness.open({ token: READ_ONLY_TOKEN });
		const [result] = await readOnly.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
		expect(result.status).toBe('failed');
		expect(result.error?.code).toBe('permission');
		expect(result.error?.message).toContain('data.records:write');
		expect(await readOnly.list('candidates')).toEqual([]);
	});

	test('unknown token', async () => {
		const stranger = harness.open({ token: 'patUnknown' });
		await expect(stranger.list('candidates')).rejects.toThrow('Airtable не принял токен доступа');
	});

	test('missing table', async () => {
		harness.emulator.state.requireTable(TEST_BASE_ID, 'Волонтеры').name = 'Добровольцы';
		await expect(base.list('volunteers')).rejects.toThrow('В базе Airtable нет таблицы «Волонтеры»');
	});

	test('plan record limit', async () => {
		await harness.stop();
		harness = await startHarness({ emulator: { recordLimitPerBase: 23 } });
		base = harness.open();
		const results = await base.write(inserts(30), context);
		expect(results.filter((result) => result.status === 'created')).toHaveLength(20);
		const failed = results.filter((result) => result.status === 'failed');
		expect(failed).toHaveLength(10);
		expect(failed.every((result) => result.error?.code === 'quota')).toBe(true);
		expect(failed[0].error?.message).toContain('предела числа записей');
	});

	test('atomic failure while sending says what to do', async () => {
		harness.emulator.faults.add({ action: { type: 'status', status: 503 }, kind: 'createRecords', nth: 2, times: 100 });
		const operations: WriteOperation[] = [
			...inserts(10),
			...Array.from({ length: 3 }, (_, index): WriteOperation => ({ kind: 'insert', table: 'events', row: { id: `e${index}`, type: 'Связь с кандидатом', date: '2025-03-03', candidate: `c${index}` } })),
		];
		await expect(base.write(operations, context, { atomic: true })).rejects.toThrow('Часть записей этой операции уже сохранена');
		harness.emulator.faults.clear();
		const again = await base.write(operations, context, { atomic: true });
		expect(again.map((result) => result.status)).toEqual([...Array(10).fill('existing'), 'created', 'created', 'created']);
		expect(storedKeys(harness, 'События')).toHaveLength(3);
	});
});
