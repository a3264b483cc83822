import { AirtableBase } from '../../storage/airtable/airtableBase';
import { DEFAULT_LIMITS, Pacer } from '../../storage/airtable/runtime';
import { equalsFormula, stringLiteral } from '../../storage/airtable/formula';
import { candidates } from '../../schemas';
import type { WriteOperation } from '../../storage/types';
import { contractCandidate as candidate, contractContext as context } from './base-contract';
import { type Harness, startHarness, TEST_BASE_ID } from './airtable-backend-harness';
import { DEFAULT_TOKEN } from '../emulators/airtable/server';

function inserts(count: number, prefix = 'c'): WriteOperation[] {
	return Array.from({ length: count }, (_, index) => ({ kind: 'insert', table: 'candidates', row: candidate(`${prefix}${index}`) }));
}

function storedKeys(harness: Harness, table = 'Кандидаты'): string[] {
	return harness.emulator.state.records(TEST_BASE_ID, table).map((record) => (record.fields as Record<string, unknown>)['Ключ'] as string);
}

describe('AirtableBase requests', () => {
	let harness: Harness;
	let base: AirtableBase;

	beforeEach(async () => {
		harness = await startHarness();
		base = harness.open();
	});

	afterEach(async () => {
		await base.close();
		await harness.stop();
	});

	test('25 inserts take 3 creates and 1 lookup', async () => {
		const results = await base.write(inserts(25), context);
		expect(results.every((result) => result.status === 'created')).toBe(true);
		expect(harness.emulator.stats.byKind.createRecords).toBe(3);
		expect(harness.emulator.stats.byKind.listRecords).toBe(1);
		expect(harness.emulator.stats.requests).toBe(4);

		harness.emulator.stats.reset();
		const again = await base.write(inserts(25), context);
		expect(again.every((result) => result.status === 'existing')).toBe(true);
		expect(harness.emulator.stats.requests).toBe(0);

		const fresh = harness.open();
		harness.emulator.stats.reset();
		await fresh.write(inserts(25), context);
		expect(harness.emulator.stats.byKind).toEqual({ listRecords: 1 });
		expect(storedKeys(harness)).toHaveLength(25);
	});

	test('batches span tables and operations', async () => {
		const operations: WriteOperation[] = [
			...inserts(12),
			{ kind: 'insert', table: 'sources', row: { id: 's1', name: 'ЦССВ «Берёзка»' } },
			...Array.from({ length: 12 }, (_, index): WriteOperation => ({ kind: 'insert', table: 'events', row: { id: `e${index}`, type: 'Связь с кандидатом', date: '2025-03-03', candidate: `c${index}` } })),
		];
		await base.write(operations, context);
		// Wave 1: candidates (2 creates) and the source (1); wave 2: events linking to new candidates (2).
		expect(harness.emulator.stats.byKind.createRecords).toBe(5);
		expect(harness.emulator.stats.byKind.listRecords).toBe(3);
		expect((await base.get('events', 'e11'))?.candidate).toBe('c11');
	});

	test('reads ask only for the requested fields', async () => {
		await base.write(inserts(3), context);
		const seen: string[] = [];
		const spy = harness.open({});
		const original = (spy.client as unknown as { transport: (request: { query?: Array<[string, string]> }) => Promise<unknown> }).transport;
		(spy.client as unknown as { transport: typeof original }).transport = async (request) => {
			seen.push(...(request.query ?? []).filter(([key]) => key === 'fields[]').map(([, value]) => value));
			return original(request);
		};
		const rows = await spy.list('candidates', { fields: ['city'] });
		expect(rows).toHaveLength(3);
		expect(seen.sort()).toEqual(['Город', 'Ключ']);
	});

	test('burst of 60 writes meets no 429', async () => {
		const executions = [harness.open(), harness.open(), harness.open()];
		const started = harness.clock.now();
		await Promise.all(
			Array.from({ length: 60 }, (_, index) => executions[index % 3].write([{ kind: 'insert', table: 'candidates', row: candidate(`b${index}`) }], context)),
		);
		expect(harness.emulator.stats.rateLimited).toBe(0);
		expect(new Set(storedKeys(harness)).size).toBe(60);
		expect(storedKeys(harness)).toHaveLength(60);
		const seconds = (harness.clock.now() - started) / 1000;
		expect(harness.emulator.stats.requests / seconds).toBeLessThan(5);
	});

	test('429 penalty is waited out without duplicates', async () => {
		const unpaced = harness.open({ limits: { minIntervalMs: 0 } });
		const started = harness.clock.now();
		const results = await Promise.all(Array.from({ length: 6 }, (_, call) => unpaced.write(inserts(10, `r${call}-`), context)));
		expect(harness.emulator.stats.rateLimited).toBeGreaterThan(0);
		expect(results.flat().every((result) => result.status === 'created')).toBe(true);
		expect(storedKeys(harness)).toHaveLength(60);
		expect(new Set(storedKeys(harness)).size).toBe(60);
		expect(harness.clock.now() - started).toBeGreaterThanOrEqual(30_000);
		expect(harness.logs.some((line) => line.message.includes('rate limit'))).toBe(true);
	});

	test('429 after every wait fails as rate_limited', async () => {
		const impatient = harness.open({ limits: { minIntervalMs: 0, maxRateLimitWaits: 0 } });
		const results = (await Promise.all(Array.from({ length: 8 }, (_, call) => impatient.write(inserts(1, `q${call}-`), context)))).flat();
		const failures = results.filter((result) => result.status === 'failed');
		expect(failures.length).toBeGreaterThan(0);
		expect(failures.every((result) => result.error?.code === 'rate_limited')).toBe(true);
		expect(failures[0].error?.message).toContain('5 в секунду');
		expect(results.filter((result) => result.status === 'created')).toHaveLength(storedKeys(harness).length);
	});

	test('formula literal escapes every quote', () => {
		expect(stringLiteral('a"b')).toBe('"a\\"b"');
		expect(stringLiteral("a'b")).toBe('"a\'b"');
		expect(stringLiteral('a\\b')).toBe('"a\\\\b"');
		expect(stringLiteral('строка\nвторая')).toBe('"строка\\nвторая"');
		expect(stringLiteral('bad\u0001')).toBeUndefined();
		expect(equalsFormula(candidates.columns.city, '") , TRUE(), ("')).toBe('{Город}="\\") , TRUE(), (\\""');
	});

	test('where values cannot change the formula', async () => {
		const tricky = ['О\'Брайен', 'say "hi"', 'back\\slash', 'две\nстроки', '") , TRUE(), ("', "' & '", 'Ёлкино', 'ctl\u0001char'];
		await base.write(
			tricky.map((city, index): WriteOperation => ({ kind: 'insert', table: 'candidates', row: candidate(`t${index}`, { city }) })),
			context,
		);
		for (const [index, city] of tricky.entries()) {
			const found = await base.list('candidates', { where: { city } });
			expect(found.map((row) => row.id)).toEqual([`t${index}`]);
		}
		const injections = ['x" , TRUE() , "', 'x\') , TRUE(), (\'', '"} = 1 , {Ключ', '\\', 'OR(1)'];
		for (const city of injections) {
			expect(await base.list('candidates', { where: { city } })).toEqual([]);
		}
		expect(await base.get('candidates', '") , TRUE(), ("')).toBeUndefined();
	});

	test('expired listing offset restarts cleanly', async () => {
		harness.emulator.state.insertRecords(
			TEST_BASE_ID,
			'Кандидаты',
			Array.from({ length: 250 }, (_, index) => ({ Ключ: `big${index}`, Фамилия: 'Тестова', Имя: 'Анна', 'Статус маршрута': 'Выпускник' })),
		);
		harness.emulator.faults.add({ action: { type: 'expireIterator' }, kind: 'listRecords', nth: 3 });
		const seen: string[] = [];
		for await (const row of base.scan('candidates')) {
			seen.push(row.id);
		}
		expect(seen).toHaveLength(250);
		expect(new Set(seen).size).toBe(250);
		expect(harness.emulator.stats.byStatus['422']).toBe(1);
		// Two pages, the rejected third request, then all three pages again.
		expect(harness.emulator.stats.byKind.listRecords).toBe(6);
	});

	test('scan with limit stops early', async () => {
		harness.emulator.state.insertRecords(
			TEST_BASE_ID,
			'Кандидаты',
			Array.from({ length: 150 }, (_, index) => ({ Ключ: `big${index}`, Фамилия: 'Тестова' })),
		);
		const rows = await base.list('candidates', { limit: 5 });
		expect(rows).toHaveLength(5);
		expect(harness.emulator.stats.byKind.listRecords).toBe(1);
	});

	test('rows made by hand read with defaults', async () => {
		harness.emulator.state.insertRecords(TEST_BASE_ID, 'Кандидаты', [{ Ключ: 'manual', Фамилия: 'Тестова', Имя: 'Анна', 'Выпускник ПНИ': 'Нет' }]);
		const row = await base.get('candidates', 'manual');
		expect(row?.pniLeaver).toBe(false);
		expect(row?._meta.version).toBe(1);
		expect(row?._meta.createdBy).toBe('Airtable');
		const [updated] = await base.write([{ kind: 'update', table: 'candidates', id: 'manual', patch: { city: 'Пермь' }, expectVersion: 1 }], context);
		expect(updated.status).toBe('updated');
		expect((await base.get('candidates', 'manual'))?._meta.version).toBe(2);
	});

	test('extensible category adds a select option', async () => {
		const [result] = await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { category: 'Выпускник кризисного центра' }) }], context);
		expect(result.status).toBe('created');
		expect((await base.get('candidates', 'c1'))?.category).toBe('Выпускник кризисного центра');
	});

	test('logs hold no personal data', async () => {
		harness.emulator.faults.add({ action: { type: 'status', status: 503 }, kind: 'listRecords' });
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { lastName: 'Уникальнова', phone: '+79990001122' }) }], context);
		expect(harness.logs.length).toBeGreaterThan(0);
		const text = JSON.stringify(harness.logs);
		expect(text).not.toContain('Уникальнова');
		expect(text).not.toContain('79990001122');
	});
});

describe('AirtableBase long filters', () => {
	test('where with 600 ids splits the formula', async () => {
		const harness = await startHarness();
		const base = harness.open({ limits: { maxFormulaLength: 2_000 } });
		harness.emulator.state.insertRecords(
			TEST_BASE_ID,
			'Кандидаты',
			Array.from({ length: 300 }, (_, index) => ({ Ключ: `long${index}`, Фамилия: 'Тестова' })),
		);
		const ids = Array.from({ length: 600 }, (_, index) => `long${index}`);
		const rows = await base.list('candidates', { where: { id: ids }, fields: ['id'] });
		expect(rows).toHaveLength(300);
		expect(new Set(rows.map((row) => row.id)).size).toBe(300);
		expect(harness.emulator.stats.byKind.listRecords).toBeGreaterThan(1);
		await harness.stop();
	});
});

describe('AirtableBase lookups past the URL limit', () => {
	let harness: Harness;

	beforeEach(async () => {
		harness = await startHarness();
	});

	afterEach(async () => {
		await harness.stop();
	});

	test('emulator rejects a GET URL over 16,000 characters', async () => {
		const formula = `OR(${Array.from({ length: 800 }, (_, index) => `{Ключ}="key${index}"`).join(',')})`;
		const url = `${harness.emulator.url}/v0/${TEST_BASE_ID}/${encodeURIComponent('Кандидаты')}?filterByFormula=${encodeURIComponent(formula)}`;
		const response = await fetch(url, { headers: { Authorization: `Bearer ${DEFAULT_TOKEN}` } });
		expect(url.length).toBeGreaterThan(16_000);
		expect(response.status).toBe(414);
	});

	test('1,000 keys of rows to create take one POST listing', async () => {
		const base = harness.open();
		const rows = Array.from({ length: 1_000 }, (_, index) => candidate(`new${index}`));
		harness.emulator.stats.reset();
		const results = await base.write(
			rows.map((row): WriteOperation => ({ kind: 'insert', table: 'candidates', row, onConflict: 'skip' })),
			context,
		);
		expect(results.every((result) => result.status === 'created')).toBe(true);
		expect(harness.emulator.stats.byKind.listRecords).toBe(1);
		expect(harness.emulator.stats.byMethod.POST).toBe(1 + 100);
		expect(harness.emulator.stats.byStatus['414']).toBeUndefined();
	});

	test('2,500 existing keys read in pages of 100', async () => {
		harness.emulator.state.insertRecords(
			TEST_BASE_ID,
			'Кандидаты',
			Array.from({ length: 2_500 }, (_, index) => ({ Ключ: `old${index}`, Фамилия: 'Тестова' })),
		);
		const base = harness.open();
		const ids = Array.from({ length: 2_500 }, (_, index) => `old${index}`);
		harness.emulator.stats.reset();
		const rows = await base.list('candidates', { where: { id: ids }, fields: ['id'] });
		expect(new Set(rows.map((row) => row.id)).size).toBe(2_500);
		expect(harness.emulator.stats.byKind.listRecords).toBe(25);
		expect(harness.emulator.stats.byStatus['414']).toBeUndefined();
	});

	test('keys with quotes and Cyrillic survive the POST body', async () => {
		const base = harness.open();
		const keys = ['ключ "с кавычками"', "апостроф'ы", 'обратный\\слеш', ...Array.from({ length: 900 }, (_, index) => `ключ-${index}`)];
		await base.write(
			keys.map((key): WriteOperation => ({ kind: 'insert', table: 'candidates', row: candidate(key) })),
			context,
		);
		const found = await base.getMany('candidates', keys);
		expect(found.size).toBe(keys.length);
		expect(found.get('ключ "с кавычками"')?.id).toBe('ключ "с кавычками"');
	});
});

describe('Pacer', () => {
	/** Builds a clock whose sleeps overshoot by `late(n)` ms, as timers do on a busy event loop. */
	function lateClock(late: (call: number) => number) {
		let now = 0;
		let calls = 0;
		const runtime = {
			now: () => now,
			sleep: async (ms: number) => {
				calls += 1;
				now += ms + late(calls);
			},
		};
		return { runtime, advance: (ms: number) => (now += ms) };
	}

	async function sendTimes(pacer: Pacer, count: number, runtime: { now(): number }, between?: (index: number) => void): Promise<number[]> {
		const times: number[] = [];
		for (let index = 0; index < count; index += 1) {
			between?.(index);
			await pacer.acquire(DEFAULT_LIMITS.minIntervalMs, DEFAULT_LIMITS.minGapMs);
			times.push(runtime.now());
		}
		return times;
	}

	function minSpanOfSix(times: number[]): number {
		let min = Number.POSITIVE_INFINITY;
		for (let index = 5; index < times.length; index += 1) {
			min = Math.min(min, times[index] - times[index - 5]);
		}
		return min;
	}

	test('late timers keep the average rate', async () => {
		const { runtime } = lateClock((call) => (call % 3 === 0 ? 12 : 4));
		const times = await sendTimes(new Pacer(runtime), 201, runtime);
		const average = (times[200] - times[0]) / 200;
		expect(average).toBeLessThan(DEFAULT_LIMITS.minIntervalMs + 3);
		expect(minSpanOfSix(times)).toBeGreaterThanOrEqual(1_025);
	});

	test('a stall does not bunch requests', async () => {
		const clock = lateClock(() => 0);
		const times = await sendTimes(new Pacer(clock.runtime), 40, clock.runtime, (index) => {
			if (index === 20) {
				clock.advance(3_000);
			}
		});
		for (let index = 1; index < times.length; index += 1) {
			expect(times[index] - times[index - 1]).toBeGreaterThanOrEqual(DEFAULT_LIMITS.minGapMs);
		}
		expect(minSpanOfSix(times)).toBeGreaterThanOrEqual(1_025);
	});
});
