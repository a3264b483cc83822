import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { trudvsemRecords, vacanciesFromTrudvsem, vacancyFromTrudvsem, type VacancyImportResult } from '../../core/vacancyImport';
import { employers, vacancies } from '../../schemas';
import { loadRealVacancies, loadRealVacancyRecords, REAL_VACANCIES_DIR, realVacanciesAvailable } from '../fixtures/vacancies';

type Accepted = Extract<VacancyImportResult, { ok: true }>;

function accepted(result: VacancyImportResult): Accepted {
	if (!result.ok) {
		throw new Error(`expected an imported vacancy, got: ${result.problems.map((problem) => problem.message).join('; ')}`);
	}
	return result;
}

function problemFields(result: VacancyImportResult): string[] {
	if (result.ok) {
		throw new Error('expected a skipped record');
	}
	return result.problems.map((problem) => problem.field);
}

/** Returns a portal record in the published shape, with invented values. */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: 'a1b2c3d4-0000-11f0-0000-000000000001',
		source: 'Вакансия работодателя',
		region: { region_code: '5900000000000', name: 'Пермский край' },
		company: { companycode: '1025900000001', inn: '5900000001', kpp: '590001001', name: 'ООО "Пример"', ogrn: '1025900000001', 'hr-agency': false },
		'creation-date': '2025-02-10',
		salary: 'от 30000',
		salary_min: 30000,
		salary_max: 40000,
		'job-name': 'Упаковщик',
		vac_url: 'https://trudvsem.ru/vacancy/card/1025900000001/a1b2c3d4-0000-11f0-0000-000000000001',
		employment: 'Полная занятость',
		schedule: 'Сменный график',
		duty: 'Упаковка готовой продукции',
		requirements: 'Аккуратность',
		requirement: { education: 'Среднее', experience: 0 },
		addresses: { address: [{ location: 'Пермский край, г Пермь, ул. Примерная, 1', lng: '56.2', lat: '58.0' }] },
		social_protected: 'Инвалид',
		workPlaceType: {
			workPlaceDisabilityGroup: 'Нарушения слуха – слабослышащий',
			workPlaceQuota: true,
			workPlaceSocialProtected: ['Инвалид'],
			workPlaceSpecial: false,
		},
		contact_person: '[скрыто]',
		...overrides,
	};
}

describe('vacancyFromTrudvsem', () => {
	it('maps the job name to the title', () => {
		expect(accepted(vacancyFromTrudvsem(record())).vacancy.title).toBe('Упаковщик');
	});

	it('sets type and status of an open vacancy', () => {
		const { vacancy } = accepted(vacancyFromTrudvsem(record()));
		expect(vacancy.type).toBe('Открытая вакансия');
		expect(vacancy.status).toBe('Открыта');
	});

	it('maps the portal fields', () => {
		const { vacancy } = accepted(vacancyFromTrudvsem(record()));
		expect(vacancy).toMatchObject({
			region: 'Пермский край',
			address: 'Пермский край, г Пермь, ул. Примерная, 1',
			salaryMin: 30000,
			salaryMax: 40000,
			schedule: 'Сменный график',
			employment: 'Полная занятость',
			education: 'Среднее',
			experienceYears: 0,
			duties: 'Упаковка готовой продукции',
			requirements: 'Аккуратность',
			externalId: 'a1b2c3d4-0000-11f0-0000-000000000001',
			externalUrl: 'https://trudvsem.ru/vacancy/card/1025900000001/a1b2c3d4-0000-11f0-0000-000000000001',
			publishedAt: '2025-02-10',
		});
	});

	it('maps the employer', () => {
		expect(accepted(vacancyFromTrudvsem(record())).employer).toEqual({ name: 'ООО "Пример"', inn: '5900000001', ogrn: '1025900000001', region: 'Пермский край' });
	});

	it('leaves the employer link to the caller', () => {
		expect(accepted(vacancyFromTrudvsem(record())).vacancy.employer).toBeNull();
	});

	it('marks a quota workplace', () => {
		expect(accepted(vacancyFromTrudvsem(record())).vacancy.quota).toBe(true);
	});

	it('lists what the workplace suits', () => {
		expect(accepted(vacancyFromTrudvsem(record())).vacancy.suitableFor).toBe('Нарушения слуха – слабослышащий; Инвалид');
	});

	it('reads an ordinary workplace as no quota', () => {
		const raw = record({ social_protected: '', workPlaceType: { workPlaceQuota: false, workPlaceOrdinary: true } });
		const { vacancy } = accepted(vacancyFromTrudvsem(raw));
		expect(vacancy.quota).toBe(false);
		expect(vacancy.suitableFor).toBeNull();
	});

	it('falls back to social_protected without workPlaceType', () => {
		expect(accepted(vacancyFromTrudvsem(record({ workPlaceType: undefined }))).vacancy.quota).toBe(true);
	});

	it('leaves the quota unknown without either field', () => {
		expect(accepted(vacancyFromTrudvsem(record({ workPlaceType: undefined, social_protected: undefined }))).vacancy.quota).toBeNull();
	});

	it('unwraps the { vacancy } wrapper', () => {
		expect(accepted(vacancyFromTrudvsem({ vacancy: record() })).vacancy.title).toBe('Упаковщик');
	});

	it('keeps the supported flag unknown', () => {
		expect(accepted(vacancyFromTrudvsem(record())).vacancy.supported).toBeNull();
	});

	it('returns rows the tables accept', () => {
		const result = accepted(vacancyFromTrudvsem(record()));
		expect(vacancies.zod.safeParse({ ...result.vacancy, id: 'v1' }).success).toBe(true);
		expect(employers.zod.safeParse({ ...result.employer, id: 'e1' }).success).toBe(true);
	});

	it('fixes a Latin letter in a Cyrillic word', () => {
		const raw = record({ requirement: { education: 'Tребования не предъявляются', experience: 1 } });
		expect(accepted(vacancyFromTrudvsem(raw)).vacancy.education).toBe('Требования не предъявляются');
	});

	it('joins several addresses', () => {
		const raw = record({ addresses: { address: [{ location: 'адрес 1' }, { location: 'адрес 2' }, { location: 'адрес 1' }] } });
		expect(accepted(vacancyFromTrudvsem(raw)).vacancy.address).toBe('адрес 1 | адрес 2');
	});

	it('reads a single address object', () => {
		expect(accepted(vacancyFromTrudvsem(record({ addresses: { address: { location: 'адрес 1' } } }))).vacancy.address).toBe('адрес 1');
	});

	it('appends the qualification requirement', () => {
		const raw = record({ requirement: { education: 'Среднее', experience: 1, qualification: 'удостоверение стропальщика' } });
		expect(accepted(vacancyFromTrudvsem(raw)).vacancy.requirements).toBe('Аккуратность\nудостоверение стропальщика');
	});

	it('reads numeric strings', () => {
		const { vacancy } = accepted(vacancyFromTrudvsem(record({ salary_min: '30000', salary_max: '45000,5', requirement: { experience: '2' } })));
		expect(vacancy.salaryMin).toBe(30000);
		expect(vacancy.salaryMax).toBe(45001);
		expect(vacancy.experienceYears).toBe(2);
	});

	it('treats a zero salary as not stated', () => {
		expect(accepted(vacancyFromTrudvsem(record({ salary_min: 0 }))).vacancy.salaryMin).toBeNull();
	});

	it('swaps a reversed salary range with a warning', () => {
		const result = accepted(vacancyFromTrudvsem(record({ salary_min: 50000, salary_max: 30000 })));
		expect([result.vacancy.salaryMin, result.vacancy.salaryMax]).toEqual([30000, 50000]);
		expect(result.warnings).toHaveLength(1);
	});

	it('accepts a numeric id', () => {
		expect(accepted(vacancyFromTrudvsem(record({ id: 12345 }))).vacancy.externalId).toBe('12345');
	});

	it('accepts null optional fields', () => {
		const result = accepted(vacancyFromTrudvsem(record({ salary_min: null, duty: null, addresses: null, region: null })));
		expect(result.vacancy.duties).toBeNull();
		expect(result.vacancy.address).toBeNull();
	});

	it('accepts a record with only id and title', () => {
		const result = accepted(vacancyFromTrudvsem({ id: 'x1', 'job-name': 'Курьер' }));
		expect(result.vacancy.title).toBe('Курьер');
		expect(result.employer).toBeNull();
	});

	it('warns when the employer has no name', () => {
		const result = accepted(vacancyFromTrudvsem(record({ company: { inn: '5900000001' } })));
		expect(result.employer).toBeNull();
		expect(result.warnings[0]).toContain('без работодателя');
	});

	it('drops a malformed INN with a warning', () => {
		const result = accepted(vacancyFromTrudvsem(record({ company: { name: 'ООО "Пример"', inn: '59-00' } })));
		expect(result.employer?.inn).toBeNull();
		expect(result.warnings[0]).toContain('ИНН');
	});

	it('takes the OGRN from companycode', () => {
		const result = accepted(vacancyFromTrudvsem(record({ company: { name: 'ООО "Пример"', companycode: '1025900000001' } })));
		expect(result.employer?.ogrn).toBe('1025900000001');
	});

	it('drops a malformed optional field with a warning', () => {
		const result = accepted(vacancyFromTrudvsem(record({ salary_min: 'договорная', schedule: 42 })));
		expect(result.vacancy.salaryMin).toBeNull();
		expect(result.vacancy.schedule).toBeNull();
		expect(result.warnings).toEqual(['Поле «salary_min» имеет неверный формат и не импортировано.', 'Поле «schedule» имеет неверный формат и не импортировано.']);
	});

	it('drops a malformed nested field only', () => {
		const result = accepted(vacancyFromTrudvsem(record({ company: { name: 'ООО "Пример"', inn: { value: 1 } } })));
		expect(result.employer?.name).toBe('ООО "Пример"');
		expect(result.warnings[0]).toContain('company.inn');
	});

	it('drops a malformed address element only', () => {
		const raw = record({ addresses: { address: [{ location: 7 }, { location: 'адрес 2' }] } });
		expect(accepted(vacancyFromTrudvsem(raw)).vacancy.address).toBe('адрес 2');
	});

	it('drops an invalid publication date with a warning', () => {
		const result = accepted(vacancyFromTrudvsem(record({ 'creation-date': '10.02.2025' })));
		expect(result.vacancy.publishedAt).toBeNull();
		expect(result.warnings[0]).toContain('creation-date');
	});

	it('reads the date part of a timestamp', () => {
		expect(accepted(vacancyFromTrudvsem(record({ 'creation-date': '2025-02-10T08:00:00+0300' }))).vacancy.publishedAt).toBe('2025-02-10');
	});

	it('drops a non-http link with a warning', () => {
		const result = accepted(vacancyFromTrudvsem(record({ vac_url: 'javascript:alert(1)' })));
		expect(result.vacancy.externalUrl).toBeNull();
		expect(result.warnings[0]).toContain('vac_url');
	});

	it('skips a record without id', () => {
		expect(problemFields(vacancyFromTrudvsem(record({ id: undefined })))).toEqual(['id']);
	});

	it('skips a record with a blank id', () => {
		expect(problemFields(vacancyFromTrudvsem(record({ id: '  ' })))).toEqual(['id']);
	});

	it('skips a record without title', () => {
		const result = vacancyFromTrudvsem(record({ 'job-name': '' }));
		expect(problemFields(result)).toEqual(['job-name']);
		expect(result.ok || result.problems[0].message).toContain('названия должности');
	});

	it('names both missing essentials', () => {
		expect(problemFields(vacancyFromTrudvsem({ salary_min: 1 }))).toEqual(['id', 'job-name']);
	});

	it('skips a malformed title', () => {
		expect(problemFields(vacancyFromTrudvsem(record({ 'job-name': ['Курьер'] })))).toEqual(['job-name']);
	});

	it.each([[null], ['строка'], [[1, 2]], [42]])('skips a non-object %p', (input) => {
		expect(vacancyFromTrudvsem(input).ok).toBe(false);
	});

	it('does not change the input record', () => {
		const raw = record({ salary_min: 'договорная' });
		const before = JSON.stringify(raw);
		vacancyFromTrudvsem(raw);
		expect(JSON.stringify(raw)).toBe(before);
	});
});

describe('trudvsemRecords', () => {
	it('unwraps the API envelope', () => {
		const body = { status: '200', meta: { total: 2, limit: 100 }, results: { vacancies: [{ vacancy: record() }, { vacancy: record({ id: 'x2' }) }] } };
		expect(trudvsemRecords(body)).toHaveLength(2);
	});

	it('returns an empty list for an envelope without vacancies', () => {
		expect(trudvsemRecords({ status: '200', meta: { total: 0 }, results: {} })).toEqual([]);
	});

	it('returns an array as is', () => {
		expect(trudvsemRecords([record(), record()])).toHaveLength(2);
	});

	it('wraps a single record', () => {
		expect(trudvsemRecords(record())).toHaveLength(1);
	});

	it('returns an empty list for a non-object', () => {
		expect(trudvsemRecords('нет данных')).toEqual([]);
	});
});

describe('vacanciesFromTrudvsem', () => {
	it('reports a bad record and keeps the rest', () => {
		const results = vacanciesFromTrudvsem({ results: { vacancies: [{ vacancy: record() }, { vacancy: record({ id: undefined }) }, { vacancy: record({ id: 'x3' }) }] } });
		expect(results.map((result) => result.ok)).toEqual([true, false, true]);
	});
});

describe('loadRealVacancies', () => {
	it('returns an empty list when the folder is absent', () => {
		expect(loadRealVacancies(join(tmpdir(), 'no-such-vacancies-folder'))).toEqual([]);
	});

	it('finds the shared folder beside the repository', () => {
		expect(REAL_VACANCIES_DIR.endsWith(join('shared', 'data', 'real', 'vacancies'))).toBe(true);
	});
});

const describeReal = realVacanciesAvailable() ? describe : describe.skip;

describeReal('real «Работа России» records', () => {
	const entries = loadRealVacancies();

	it('reads all eight records', () => {
		expect(loadRealVacancyRecords()).toHaveLength(8);
	});

	it('imports every record', () => {
		expect(entries.filter((entry) => !entry.result.ok).map((entry) => entry.file)).toEqual([]);
	});

	it('imports without warnings', () => {
		expect(entries.flatMap((entry) => (entry.result.ok ? entry.result.warnings : []))).toEqual([]);
	});

	it('gives every vacancy a title, external id and link', () => {
		for (const entry of entries) {
			const { vacancy } = accepted(entry.result);
			expect(vacancy.title.length).toBeGreaterThan(0);
			expect(vacancy.externalId).toMatch(/^[0-9a-f-]{36}$/);
			expect(vacancy.externalUrl).toMatch(/^https:\/\/trudvsem\.ru\/vacancy\/card\//);
		}
	});

	it('gives every employer a 10-digit INN and a 13-digit OGRN', () => {
		for (const entry of entries) {
			const { employer } = accepted(entry.result);
			expect(employer?.inn).toMatch(/^\d{10}$/);
			expect(employer?.ogrn).toMatch(/^\d{13}$/);
		}
	});

	it('marks the five Perm records as quota workplaces', () => {
		const perm = entries.filter((entry) => entry.file.includes('perm_quota5'));
		expect(perm).toHaveLength(5);
		expect(perm.map((entry) => accepted(entry.result).vacancy.quota)).toEqual([true, true, true, true, true]);
		expect(perm.every((entry) => accepted(entry.result).vacancy.region === 'Пермский край')).toBe(true);
	});

	it('maps the Moscow quota record with its impairment', () => {
		const quota = entries.map((entry) => accepted(entry.result)).find((result) => result.vacancy.externalId === '95259eb8-affe-11f0-888c-6fbde06ed6da');
		expect(quota?.vacancy.quota).toBe(true);
		expect(quota?.vacancy.suitableFor).toContain('Нарушения слуха');
		expect(quota?.employer?.inn).toBe('9729330050');
	});

	it('maps an ordinary Moscow record as no quota', () => {
		const ordinary = entries.map((entry) => accepted(entry.result)).find((result) => result.vacancy.externalId === '0525ef18-9f9d-11f1-9845-b5db8f41d690');
		expect(ordinary?.vacancy).toMatchObject({ title: 'Разработчик 1С', quota: false, salaryMin: 411950, experienceYears: 6, publishedAt: '2026-08-24', region: 'Город Москва' });
	});

	it('fixes the Latin T in a published education requirement', () => {
		const educations = entries.map((entry) => accepted(entry.result).vacancy.education ?? '');
		expect(educations).toContain('Требования не предъявляются');
		expect(educations.every((education) => !/[A-Za-z]/.test(education))).toBe(true);
	});

	it('returns rows the tables accept', () => {
		for (const entry of entries) {
			const result = accepted(entry.result);
			expect(vacancies.zod.safeParse({ ...result.vacancy, id: 'v' }).success).toBe(true);
			expect(employers.zod.safeParse({ ...result.employer, id: 'e' }).success).toBe(true);
		}
	});
});
