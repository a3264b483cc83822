/**
 * One suite of storage scenarios that every backend must pass the same way. Each backend's test file
 * calls `describeBaseContract` with a factory that opens an empty base.
 */
import type { Candidate } from '../../schemas';
import { type Base, StorageError, type WriteContext } from '../../storage/types';

export const contractContext: WriteContext = { actor: 'test', executionId: 'exec-1', workflowId: 'wf-1', node: 'Тест' };

export function contractCandidate(id: string, overrides: Partial<Candidate> = {}): Candidate {
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

export interface OpenedBase {
	base: Base;
	close(): Promise<void>;
}

export function describeBaseContract(name: string, openEmpty: () => Promise<OpenedBase>): void {
	describe(`${name}: storage contract`, () => {
		let opened: OpenedBase;
		let base: Base;
		const context = contractContext;
		const candidate = contractCandidate;

		beforeEach(async () => {
			opened = await openEmpty();
			base = opened.base;
		});

		afterEach(async () => {
			await opened.close();
		});

		test('insert then get round-trips types', async () => {
			const row = candidate('c1', {
				diagnosisGroups: ['F — психические расстройства и расстройства поведения', 'M — болезни костно-мышечной системы'],
				hasInn: false,
				pniLeaver: true,
				longestJobMonths: 3,
				phone: '+79990000001',
				email: 'anna@example.ru',
				comment: 'строка 1\nстрока 2 с «кавычками» и \'апострофом\'',
			});
			const [result] = await base.write([{ kind: 'insert', table: 'candidates', row }], context);
			expect(result).toEqual({ table: 'candidates', id: 'c1', status: 'created' });

			const stored = await base.get('candidates', 'c1');
			expect(stored?.diagnosisGroups).toEqual(['F — психические расстройства и расстройства поведения', 'M — болезни костно-мышечной системы']);
			expect(stored?.hasInn).toBe(false);
			expect(stored?.pniLeaver).toBe(true);
			expect(stored?.hasPassport ?? null).toBeNull();
			expect(stored?.longestJobMonths).toBe(3);
			expect(stored?.birthDate).toBe('2003-05-17');
			expect(stored?.comment).toBe(row.comment);
			expect(stored?.routeState).toBe('Выпускник');
			expect(stored?.city ?? null).toBeNull();
		});

		test('json and date-time round-trip', async () => {
			const raw = { Фамилия: 'Тестова', nested: { list: [1, 2, 'три'] }, flag: false };
			await base.write([{ kind: 'insert', table: 'rejectedSubmissions', row: { id: 'r1', receivedAt: '2025-03-03T09:15:00.000Z', problems: 'Дата рождения', raw, resolved: false } }], context);
			const stored = await base.get('rejectedSubmissions', 'r1');
			expect(stored?.raw).toEqual(raw);
			expect(stored?.resolved).toBe(false);
			expect(Date.parse(stored?.receivedAt as string)).toBe(Date.parse('2025-03-03T09:15:00.000Z'));
		});

		test('repeated insert is idempotent', async () => {
			await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
			const [again] = await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { firstName: 'Другое' }) }], context);
			expect(again.status).toBe('existing');
			expect((await base.get('candidates', 'c1'))?.firstName).toBe('Анна');
			expect(await base.list('candidates')).toHaveLength(1);
		});

		test('duplicate insert in one call', async () => {
			const results = await base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidate('c1') },
					{ kind: 'insert', table: 'candidates', row: candidate('c1', { firstName: 'Другое' }) },
				],
				context,
			);
			expect(results.map((result) => result.status)).toEqual(['created', 'existing']);
			expect(await base.list('candidates')).toHaveLength(1);
		});

		test('onConflict error reports conflict', async () => {
			await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
			const [result] = await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1'), onConflict: 'error' }], context);
			expect(result.status).toBe('failed');
			expect(result.error?.code).toBe('conflict');
		});

		test('getMany leaves out missing ids', async () => {
			await base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidate('c1') },
					{ kind: 'insert', table: 'candidates', row: candidate('c2') },
				],
				context,
			);
			const found = await base.getMany('candidates', ['c1', 'c2', 'missing', 'c1']);
			expect([...found.keys()].sort()).toEqual(['c1', 'c2']);
			expect(await base.get('candidates', 'missing')).toBeUndefined();
			expect((await base.getMany('candidates', [])).size).toBe(0);
		});

		test('invalid row gets a Russian message without the value', async () => {
			const [result] = await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { birthDate: '17.05.2003' }) }], context);
			expect(result.status).toBe('failed');
			expect(result.error).toBeInstanceOf(StorageError);
			expect(result.error?.code).toBe('validation');
			expect(result.error?.message).toContain('«Дата рождения»');
			expect(result.error?.message).not.toContain('17.05.2003');
		});

		test('partial batch reports each item', async () => {
			const results = await base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidate('c1') },
					{ kind: 'insert', table: 'candidates', row: candidate('c2', { birthDate: 'вчера' }) },
					{ kind: 'insert', table: 'candidates', row: candidate('c3') },
					{ kind: 'update', table: 'candidates', id: 'nope', patch: { city: 'Пермь' } },
				],
				context,
			);
			expect(results.map((result) => result.status)).toEqual(['created', 'failed', 'created', 'failed']);
			expect(results[3].error?.code).toBe('not_found');
			expect(await base.list('candidates')).toHaveLength(2);
		});

		test('atomic batch with invalid row writes nothing', async () => {
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
			expect(await base.list('candidates')).toHaveLength(0);
		});

		test('update bumps version and rejects stale version', async () => {
			await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], context);
			const [updated] = await base.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { routeState: 'Пользователь' }, expectVersion: 1 }], context);
			expect(updated.status).toBe('updated');
			const stored = await base.get('candidates', 'c1');
			expect(stored?._meta.version).toBe(2);
			expect(stored?.routeState).toBe('Пользователь');

			const [stale] = await base.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { city: 'Пермь' }, expectVersion: 1 }], context);
			expect(stale.status).toBe('failed');
			expect(stale.error?.code).toBe('conflict');
			expect((await base.get('candidates', 'c1'))?.city ?? null).toBeNull();
		});

		test('update clears a value with null', async () => {
			await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { city: 'Пермь', hasInn: true }) }], context);
			await base.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { city: null, hasInn: null } }], context);
			const stored = await base.get('candidates', 'c1');
			expect(stored?.city ?? null).toBeNull();
			expect(stored?.hasInn ?? null).toBeNull();
		});

		test('insert and updates of one row in one call', async () => {
			const results = await base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidate('c1') },
					{ kind: 'update', table: 'candidates', id: 'c1', patch: { city: 'Пермь' } },
					{ kind: 'update', table: 'candidates', id: 'c1', patch: { routeState: 'Пользователь' }, expectVersion: 2 },
				],
				context,
			);
			expect(results.map((result) => result.status)).toEqual(['created', 'updated', 'updated']);
			const stored = await base.get('candidates', 'c1');
			expect(stored?.city).toBe('Пермь');
			expect(stored?.routeState).toBe('Пользователь');
			expect(stored?._meta.version).toBe(3);
		});

		test('links to rows of the same call', async () => {
			const results = await base.write(
				[
					{ kind: 'insert', table: 'sourceContacts', row: { id: 'ki1', name: 'Педагог', source: 's1' } },
					{ kind: 'insert', table: 'sources', row: { id: 's1', name: 'ЦССВ «Берёзка»' } },
					{ kind: 'insert', table: 'candidates', row: candidate('c1', { source: 's1', sourceContact: 'ki1' }) },
				],
				context,
			);
			expect(results.map((result) => result.status)).toEqual(['created', 'created', 'created']);
			const stored = await base.get('candidates', 'c1');
			expect(stored?.source).toBe('s1');
			expect(stored?.sourceContact).toBe('ki1');
			expect((await base.get('sourceContacts', 'ki1'))?.source).toBe('s1');
		});

		test('list filters, orders and limits', async () => {
			await base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidate('c1', { city: 'Пермь', lastName: 'Б', longestJobMonths: 5 }) },
					{ kind: 'insert', table: 'candidates', row: candidate('c2', { city: 'Москва', lastName: 'А' }) },
					{ kind: 'insert', table: 'candidates', row: candidate('c3', { city: 'Пермь', lastName: 'В', longestJobMonths: 1 }) },
					{ kind: 'insert', table: 'candidates', row: candidate('c4', { lastName: 'Г', hasInn: false }) },
				],
				context,
			);
			const perm = await base.list('candidates', { where: { city: 'Пермь' }, orderBy: [{ column: 'lastName', direction: 'desc' }] });
			expect(perm.map((row) => row.id)).toEqual(['c3', 'c1']);

			const byMonths = await base.list('candidates', { orderBy: [{ column: 'longestJobMonths' }] });
			expect(byMonths.map((row) => row.id)).toEqual(['c2', 'c4', 'c3', 'c1']);

			const some = await base.list('candidates', { where: { id: ['c1', 'c2'] }, limit: 1 });
			expect(some).toHaveLength(1);

			const either = await base.list('candidates', { where: { city: ['Москва', 'Пермь'] } });
			expect(either.map((row) => row.id).sort()).toEqual(['c1', 'c2', 'c3']);

			const noCity = await base.list('candidates', { where: { city: null } });
			expect(noCity.map((row) => row.id)).toEqual(['c4']);

			const noInn = await base.list('candidates', { where: { hasInn: false } });
			expect(noInn.map((row) => row.id)).toEqual(['c4']);

			expect(await base.list('candidates', { where: { id: [] } })).toEqual([]);
			expect(await base.list('candidates', { where: { longestJobMonths: 5 } })).toHaveLength(1);
		});

		test('list by link column', async () => {
			await base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidate('c1') },
					{ kind: 'insert', table: 'candidates', row: candidate('c2') },
					{ kind: 'insert', table: 'episodes', row: { id: 'e1', candidate: 'c1', service: 'Сопровождаемое трудоустройство', status: 'Направлен', startDate: '2025-03-04' } },
					{ kind: 'insert', table: 'episodes', row: { id: 'e2', candidate: 'c2', service: 'Сопровождаемое трудоустройство', status: 'Направлен' } },
					{ kind: 'insert', table: 'episodes', row: { id: 'e3', candidate: 'c1', service: 'Профессиональная ориентация', status: 'Оказывается', startDate: '2025-03-03', referredBy: 'e1' } },
				],
				context,
			);
			const episodes = await base.list('episodes', { where: { candidate: 'c1' }, orderBy: [{ column: 'startDate' }] });
			expect(episodes.map((row) => row.id)).toEqual(['e3', 'e1']);
			expect(episodes[0].referredBy).toBe('e1');
		});

		test('fields option returns id and those columns', async () => {
			await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { city: 'Пермь' }) }], context);
			const [row] = await base.list('candidates', { fields: ['city'], where: { routeState: 'Выпускник' } });
			expect(row.id).toBe('c1');
			expect(row.city).toBe('Пермь');
			expect(row.lastName).toBeUndefined();
			expect(row.routeState).toBeUndefined();
			expect(row._meta).toBeUndefined();
		});

		test('scan streams every row in order', async () => {
			const operations = Array.from({ length: 23 }, (_, index) => ({ kind: 'insert' as const, table: 'candidates' as const, row: candidate(`c${String(index).padStart(2, '0')}`) }));
			await base.write(operations, context);
			const scanned: string[] = [];
			for await (const row of base.scan('candidates')) {
				scanned.push(row.id);
			}
			expect(scanned).toEqual(operations.map((operation) => operation.row.id));
		});

		test('audit meta records writer and execution', async () => {
			await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1') }], { ...context, at: '2025-03-03T10:00:00.000Z' });
			const created = await base.get('candidates', 'c1');
			expect(created?._meta).toMatchObject({ createdBy: 'test', createdInExecution: 'exec-1', updatedBy: 'test', version: 1 });
			expect(Date.parse(created?._meta.createdAt as string)).toBe(Date.parse('2025-03-03T10:00:00.000Z'));

			await base.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { city: 'Пермь' } }], { actor: 'рекрутер', executionId: 'exec-2', at: '2025-03-04T10:00:00.000Z' });
			const updated = await base.get('candidates', 'c1');
			expect(updated?._meta).toMatchObject({ createdBy: 'test', createdInExecution: 'exec-1', updatedBy: 'рекрутер', updatedInExecution: 'exec-2', version: 2 });
			expect(Date.parse(updated?._meta.updatedAt as string)).toBe(Date.parse('2025-03-04T10:00:00.000Z'));
		});

		test('transaction keeps read-modify-write', async () => {
			await base.write([{ kind: 'insert', table: 'candidates', row: candidate('c1', { longestJobMonths: 0 }) }], context);
			const increment = () =>
				base.transaction(async (tx) => {
					const current = await tx.get('candidates', 'c1');
					await tx.write([{ kind: 'update', table: 'candidates', id: 'c1', patch: { longestJobMonths: (current?.longestJobMonths ?? 0) + 1 } }], context);
				});
			await Promise.all(Array.from({ length: 5 }, increment));
			expect((await base.get('candidates', 'c1'))?.longestJobMonths).toBe(5);
		});

		test('transaction passes errors through', async () => {
			await expect(
				base.transaction(async () => {
					throw new Error('stop');
				}),
			).rejects.toThrow('stop');
		});
	});
}
