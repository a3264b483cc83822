import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { buildSync } from 'esbuild';

import type { Candidate } from '../../schemas';
import { LocalBase, resolveBasePath } from '../../storage/local/localBase';
import { StorageError, type WriteContext } from '../../storage/types';

const context: WriteContext = { actor: 'test', executionId: 'exec-1', workflowId: 'wf-1', node: 'Тест' };

function candidate(id: string, overrides: Partial<Candidate> = {}): Candidate {
	return {
		id,
		lastName: 'Тестова',
		firstName: 'Анна',
		birthDate: '2003-05-17',
		consent: true,
		routeState: 'Выпускник',
		...overrides,
	};
}

describe('LocalBase', () => {
	let folder: string;
	let base: LocalBase;

	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'local-base-'));
		base = LocalBase.open(join(folder, 'base.sqlite'));
	});

	afterEach(async () => {
		await base.close();
		rmSync(folder, { recursive: true, force: true });
	});

	test('insert then get round-trips types', async () => {
		const row = candidate('c1', { diagnosisGroups: ['F — психические расстройства и расстройства поведения'], hasInn: false, longestJobMonths: 3 });
		const [result] = await base.write([{ kind: 'insert', table: 'candidates', row }], context);
		expect(result.status).toBe('created');

		const stored = await base.get('candidates', 'c1');
		expect(stored?.diagnosisGroups).toEqual(['F — психические расстройства и расстройства поведения']);
		expect(stored?.hasInn).toBe(false);
		expect(stored?.longestJobMonths).toBe(3);
		expect(stored?._meta.createdBy).toBe('test');
		expect(stored?._meta.createdInExecution).toBe('exec-1');
		expect(stored?._meta.version).toBe(1);
	});

	test('repeated insert is idempotent', async () => {
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
		const [again] = await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { firstName: 'Другое' }) }], context);
		expect(again.status).toBe('existing');
		expect((await base.get('candidates', 'c1'))?.firstName).toBe('Анна');
		expect(await base.count('candidates')).toBe(1);
	});

	test('invalid row gets a Russian message without the value', async () => {
		const [result] = await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { birthDate: '17.05.2003' }) }], context);
		expect(result.status).toBe('failed');
		expect(result.error).toBeInstanceOf(StorageError);
		expect(result.error?.message).toContain('«Дата рождения»');
		expect(result.error?.message).toContain('ГГГГ-ММ-ДД');
		expect(result.error?.message).not.toContain('17.05.2003');
	});

	test('unknown choice names the allowed values', async () => {
		const row = { ...candidate('c1'), routeState: 'Непонятно' } as unknown as Candidate;
		const [result] = await base.write([{ kind: 'insert', table: 'candidates', row }], context);
		expect(result.error?.message).toContain('«Статус маршрута»');
		expect(result.error?.message).toContain('Пользователь');
	});

	test('partial batch reports each item', async () => {
		const results = await base.write(
			[
				{ kind: 'insert', table: 'candidates', row: candidate('c1') },
				{ kind: 'insert', table: 'candidates', row: candidate('c2', { birthDate: 'вчера' }) },
				{ kind: 'insert', table: 'candidates', row: candidate('c3') },
			],
			context,
		);
		expect(results.map((result) => result.status)).toEqual(['created', 'failed', 'created']);
		expect(await base.count('candidates')).toBe(2);
	});

	test('atomic batch writes nothing on failure', async () => {
		await expect(
			base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidate('c1') },
					{ kind: 'insert', table: 'candidates', row: candidate('c2', { birthDate: 'вчера' }) },
				],
				context,
				{ atomic: true },
			),
		).rejects.toThrow(StorageError);
		expect(await base.count('candidates')).toBe(0);
	});

	test('update bumps version and rejects stale version', async () => {
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
		const [updated] = await base.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { routeState: 'Пользователь' }, expectVersion: 1 }], context);
		expect(updated.status).toBe('updated');
		expect((await base.get('candidates', 'c1'))?._meta.version).toBe(2);

		const [stale] = await base.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { city: 'Пермь' }, expectVersion: 1 }], context);
		expect(stale.status).toBe('failed');
		expect(stale.error?.code).toBe('conflict');
	});

	test('update of missing record is not_found', async () => {
		const [result] = await base.write([{ kind: 'update', table: 'candidates', id: 'nope', patch: { city: 'Пермь' } }], context);
		expect(result.error?.code).toBe('not_found');
	});

	test('list filters, orders and limits', async () => {
		await base.write(
			[
				{ kind: 'insert', table: 'candidates', row: candidate('c1', { city: 'Пермь', lastName: 'Б' }) },
				{ kind: 'insert', table: 'candidates', row: candidate('c2', { city: 'Москва', lastName: 'А' }) },
				{ kind: 'insert', table: 'candidates', row: candidate('c3', { city: 'Пермь', lastName: 'В' }) },
			],
			context,
		);
		const perm = await base.list('candidates', { where: { city: 'Пермь' }, orderBy: [{ column: 'lastName', direction: 'desc' }] });
		expect(perm.map((row) => row.id)).toEqual(['c3', 'c1']);

		const some = await base.list('candidates', { where: { id: ['c1', 'c2'] }, limit: 1 });
		expect(some).toHaveLength(1);

		const scanned: string[] = [];
		for await (const row of base.scan('candidates')) {
			scanned.push(row.id);
		}
		expect(scanned).toEqual(['c1', 'c2', 'c3']);
	});

	test('list matches many values of any kind', async () => {
		await base.write(
			[
				{ kind: 'insert', table: 'candidates', row: candidate('c1', { longestJobMonths: 3, hasInn: false }) },
				{ kind: 'insert', table: 'candidates', row: candidate('c2', { longestJobMonths: 12, hasInn: true }) },
				{ kind: 'insert', table: 'candidates', row: candidate('c"3\'', { longestJobMonths: 7 }) },
			],
			context,
		);
		const byMonths = await base.list('candidates', { where: { longestJobMonths: [3, 7, 99] } });
		expect(byMonths.map((row) => row.id)).toEqual(['c1', 'c"3\'']);

		const withoutInn = await base.list('candidates', { where: { hasInn: [false] } });
		expect(withoutInn.map((row) => row.id)).toEqual(['c1']);

		// More ids than SQLite accepts as bound parameters (32,766).
		const manyIds = Array.from({ length: 40_000 }, (_, index) => `x${index}`).concat(['c2', 'c"3\'']);
		const found = await base.list('candidates', { where: { id: manyIds }, fields: ['id'] });
		expect(found).toEqual([{ id: 'c2', _meta: undefined }, { id: 'c"3\'', _meta: undefined }]);
	});

	test('audit trail names fields, not values', async () => {
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
		await base.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { city: 'Пермь' } }], { ...context, executionId: 'exec-2' });
		const trail = await base.auditTrail('candidates', 'c1');
		expect(trail.map((entry) => entry.operation)).toEqual(['insert', 'update']);
		expect(trail[1].fields).toEqual(['city']);
		expect(trail[1].executionId).toBe('exec-2');
		expect(JSON.stringify(trail)).not.toContain('Пермь');
	});

	test('Russian views expose Russian column names', async () => {
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
		const db = new DatabaseSync(base.path, { readOnly: true });
		const row = db.prepare('SELECT "Фамилия", "Статус маршрута" FROM "Кандидаты"').get() as Record<string, unknown>;
		db.close();
		expect(row['Фамилия']).toBe('Тестова');
		expect(row['Статус маршрута']).toBe('Выпускник');
	});

	test('reopening keeps data and schema version', async () => {
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
		await base.close();
		base = LocalBase.open(join(folder, 'base.sqlite'));
		expect(await base.count('candidates')).toBe(1);
		const db = new DatabaseSync(base.path, { readOnly: true });
		const versions = db.prepare('SELECT "version" FROM "_migrations"').all();
		db.close();
		expect(versions).toEqual([{ version: 1 }]);
	});

	test('transaction rolls back on error', async () => {
		await expect(
			base.transaction(async (tx) => {
				await tx.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
				throw new Error('stop');
			}),
		).rejects.toThrow('stop');
		expect(await base.count('candidates')).toBe(0);
	});

	test('parallel in-process transactions lose no update', async () => {
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { longestJobMonths: 0 }) }], context);
		const increment = () =>
			base.transaction(async (tx) => {
				const current = await tx.get('candidates', 'c1');
				await new Promise((resolve) => setImmediate(resolve));
				await tx.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { longestJobMonths: (current?.longestJobMonths ?? 0) + 1 } }], context);
			});
		await Promise.all(Array.from({ length: 50 }, increment));
		expect((await base.get('candidates', 'c1'))?.longestJobMonths).toBe(50);
	});

	test('parallel processes lose no update', async () => {
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { longestJobMonths: 0 }) }], context);

		const bundle = join(folder, 'local-base.js');
		buildSync({
			entryPoints: [join(__dirname, '../../storage/local/localBase.ts')],
			bundle: true,
			platform: 'node',
			format: 'cjs',
			outfile: bundle,
			logLevel: 'silent',
		});
		const worker = join(folder, 'worker.js');
		writeFileSync(
			worker,
			`const { LocalBase } = require(${JSON.stringify(bundle)});
			(async () => {
				const base = LocalBase.open(process.argv[2]);
				for (let i = 0; i < 40; i++) {
					await base.transaction(async (tx) => {
						const row = await tx.get('candidates', 'c1');
						await tx.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { longestJobMonths: row.longestJobMonths + 1 } }], { actor: 'worker-' + process.pid });
					});
				}
				await base.close();
			})().catch((error) => { console.error(error); process.exit(1); });`,
		);

		const run = () =>
			new Promise<number>((resolve) => {
				const child = spawn(process.execPath, [worker, base.path], { stdio: 'inherit' });
				child.on('exit', (code) => resolve(code ?? 1));
			});
		const codes = await Promise.all([run(), run(), run(), run()]);
		expect(codes).toEqual([0, 0, 0, 0]);
		expect((await base.get('candidates', 'c1'))?.longestJobMonths).toBe(160);
	});
});

describe('local base files', () => {
	test('relative path stays in the default folder', () => {
		const env = { N8N_USER_FOLDER: '/srv/n8n' } as NodeJS.ProcessEnv;
		expect(resolveBasePath('', env)).toBe('/srv/n8n/.n8n/employment-lifecycle/base.sqlite');
		expect(resolveBasePath('другая.sqlite', env)).toBe('/srv/n8n/.n8n/employment-lifecycle/другая.sqlite');
		expect(resolveBasePath('/data/base.sqlite', env)).toBe('/data/base.sqlite');
	});

	test('n8n database file is refused', () => {
		const folder = mkdtempSync(join(tmpdir(), 'foreign-'));
		const path = join(folder, 'database.sqlite');
		const db = new DatabaseSync(path);
		db.exec('CREATE TABLE workflow_entity (id TEXT)');
		db.close();
		expect(() => LocalBase.open(path)).toThrow('база данных самой n8n');
		const after = new DatabaseSync(path, { readOnly: true });
		const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
		after.close();
		expect(tables).toEqual([{ name: 'workflow_entity' }]);
		rmSync(folder, { recursive: true, force: true });
	});

	test('boolean answers read as Да and Нет in views', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'views-'));
		const base = LocalBase.open(join(folder, 'base.sqlite'));
		await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { hasInn: false, hasPassport: true }) }], context);
		const db = new DatabaseSync(base.path, { readOnly: true });
		const row = db.prepare('SELECT "ИНН", "Паспорт или заменяющий документ", "Трудовая книжка" FROM "Кандидаты"').get() as Record<string, unknown>;
		db.close();
		await base.close();
		expect(row['ИНН']).toBe('Нет');
		expect(row['Паспорт или заменяющий документ']).toBe('Да');
		expect(row['Трудовая книжка']).toBeNull();
		rmSync(folder, { recursive: true, force: true });
	});
});
