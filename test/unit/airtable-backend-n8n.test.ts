import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { LifecycleBaseSetup } from '../../nodes/LifecycleBaseSetup/LifecycleBaseSetup.node';
import { searchAirtableBases } from '../../nodes/shared/airtable';
import { baseCredentials, baseProperties, openBase } from '../../nodes/shared/base';
import { parseBody } from '../../storage/airtable/transport';
import { DEFAULT_TOKEN } from '../emulators/airtable';
import { contractCandidate, contractContext } from './base-contract';
import { type Harness, startHarness, TEST_BASE_ID } from './airtable-backend-harness';

/**
 * A stand-in for n8n's execution context with the parts the Airtable adapter uses. Its
 * `httpRequestWithAuthentication` adds the Bearer header as the credential's `authenticate` does and
 * returns n8n's full-response shape, with HTTP errors returned instead of thrown.
 */
function fakeContext(harness: Harness, parameters: Record<string, unknown>, warnings: string[] = []): IExecuteFunctions & ILoadOptionsFunctions {
	const context = {
		getNodeParameter: (name: string, _index?: number, fallback?: unknown, options?: { extractValue?: boolean }) => {
			const value = name in parameters ? parameters[name] : fallback;
			if (options?.extractValue && value && typeof value === 'object') {
				return (value as { value: unknown }).value;
			}
			return value;
		},
		getCredentials: async () => ({ accessToken: DEFAULT_TOKEN, endpointUrl: `${harness.emulator.url}/` }),
		getNode: () => ({ name: 'Тест', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		logger: { warn: (message: string) => warnings.push(message), debug: () => undefined },
		helpers: {
			httpRequestWithAuthentication: async (credentialType: string, options: IHttpRequestOptions) => {
				expect(credentialType).toBe('lifecycleAirtableApi');
				const response = await fetch(options.url, {
					method: options.method,
					headers: { Authorization: `Bearer ${DEFAULT_TOKEN}`, ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
					body: options.body === undefined ? undefined : JSON.stringify(options.body),
				});
				return { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: parseBody(await response.text()) };
			},
		},
	};
	return context as unknown as IExecuteFunctions & ILoadOptionsFunctions;
}

describe('Airtable in n8n nodes', () => {
	let harness: Harness;

	beforeEach(async () => {
		harness = await startHarness();
	});

	afterEach(async () => {
		await harness.stop();
	});

	test('base parameters show Airtable', () => {
		const backend = baseProperties.find((property) => property.name === 'backend');
		expect(backend?.options?.map((option) => (option as { value: string }).value)).toEqual(['local', 'airtable']);
		const locator = baseProperties.find((property) => property.name === 'airtableBase');
		expect(locator?.displayOptions).toEqual({ show: { backend: ['airtable'] } });
		expect(locator?.modes?.map((mode) => mode.name)).toEqual(['list', 'url', 'id']);
		expect(baseCredentials).toEqual([{ name: 'lifecycleAirtableApi', required: true, displayOptions: { show: { backend: ['airtable'] } } }]);
	});

	test('link mode extracts the base id', () => {
		const locator = baseProperties.find((property) => property.name === 'airtableBase');
		const urlMode = locator?.modes?.find((mode) => mode.name === 'url');
		const extractor = urlMode?.extractValue as { regex: string };
		const match = new RegExp(extractor.regex).exec('https://airtable.com/appAbC123xyz/tblQwe/viwZzz?blocks=hide');
		expect(match?.[1]).toBe('appAbC123xyz');
	});

	test('openBase writes through n8n helpers', async () => {
		const context = fakeContext(harness, { backend: 'airtable', airtableBase: { mode: 'id', value: TEST_BASE_ID } });
		const base = await openBase(context);
		expect(base.kind).toBe('airtable');
		const [result] = await base.write([{ kind: 'insert', table: 'candidates', row: contractCandidate('c1') }], contractContext);
		expect(result.status).toBe('created');
		expect((await base.get('candidates', 'c1'))?.firstName).toBe('Анна');
		await base.close();
	});

	test('openBase without a base id', async () => {
		const context = fakeContext(harness, { backend: 'airtable', airtableBase: { mode: 'list', value: '' } });
		await expect(openBase(context)).rejects.toThrow('Не выбрана база Airtable');
	});

	test('base list for the picker', async () => {
		const context = fakeContext(harness, {});
		const found = await searchAirtableBases.call(context, 'тест');
		expect(found.results).toEqual([{ name: 'ТЖЦТ тест', value: TEST_BASE_ID, url: `https://airtable.com/${TEST_BASE_ID}` }]);
		expect((await searchAirtableBases.call(context, 'нет такой')).results).toEqual([]);
	});

	test('setup node checks and creates', async () => {
		const node = new LifecycleBaseSetup();
		const parameters = { airtableBase: { mode: 'id', value: TEST_BASE_ID }, operation: 'check' };
		const [clean] = await node.execute.call(fakeContext(harness, parameters));
		expect(clean).toHaveLength(1);
		expect(clean[0].json.Итог).toBe('База соответствует схеме ТЖЦТ');

		harness.emulator.state.requireTable(TEST_BASE_ID, 'События').fields.find((field) => field.name === 'Канал' || field.name === 'Способ связи')!.name = 'Как связались';
		const [found] = await node.execute.call(fakeContext(harness, parameters));
		expect(found.map((item) => item.json)).toEqual([
			{
				Итог: 'Можно создать',
				Таблица: 'События',
				Поле: 'Способ связи',
				Проблема: 'Нет поля',
				Описание: 'Таблица «События»: нет поля «Способ связи» (Один из списка).',
				'Что сделать': 'Если поле переименовали, верните ему название «Способ связи». Иначе запустите «Создать недостающее».',
			},
		]);

		const [created] = await node.execute.call(fakeContext(harness, { ...parameters, operation: 'create' }));
		expect(created.map((item) => item.json.Описание)).toEqual(['Таблица «События»: создано поле «Способ связи» (Один из списка).']);
	});
});
