import { ageOn } from '../../core/calendar';
import { describeProblems, INTAKE_FIELDS, normalizeSubmission } from '../../core/intake';
import {
	buildCohort,
	COHORT_DATE,
	COHORT_TARGETS,
	cohortStatistics,
	expectedFailedRules,
	expectedScenario,
	SUBMISSION_DEFECTS,
	WORKED_EXAMPLES,
	type CohortEntry,
	type WorkedExample,
} from '../fixtures/cohort';

const TOLERANCE = 0.03;

function withExample(entries: CohortEntry[], example: WorkedExample): CohortEntry[] {
	return entries.filter((entry) => entry.examples.includes(example));
}

function verdictOf(entry: CohortEntry): string {
	return entry.expected.outcome === 'accepted' ? entry.expected.verdict : 'rejected';
}

describe.each([200, 1000])('cohort of %d', (size) => {
	const entries = buildCohort(size);
	const statistics = cohortStatistics(entries);

	it('has the requested size', () => {
		expect(entries).toHaveLength(size);
	});

	it('has 82% with limited health', () => {
		expect(Math.abs(statistics.healthLimitations - COHORT_TARGETS.healthLimitations)).toBeLessThanOrEqual(TOLERANCE);
	});

	it('has 47% F diagnoses among limited health', () => {
		expect(Math.abs(statistics.diagnosisFAmongLimited - COHORT_TARGETS.diagnosisFAmongLimited)).toBeLessThanOrEqual(TOLERANCE);
	});

	it('has 15% M diagnoses among limited health', () => {
		expect(Math.abs(statistics.diagnosisMAmongLimited - COHORT_TARGETS.diagnosisMAmongLimited)).toBeLessThanOrEqual(TOLERANCE);
	});

	it('averages 23 years', () => {
		expect(Math.abs(statistics.averageAge - COHORT_TARGETS.averageAge)).toBeLessThanOrEqual(1);
	});

	it('has ПНИ leavers aged 31–39', () => {
		expect(statistics.pniLeavers).toBeGreaterThan(0);
		expect(statistics.pniLeaverAges?.[0]).toBeGreaterThanOrEqual(31);
		expect(statistics.pniLeaverAges?.[1]).toBeLessThanOrEqual(39);
	});

	it('keeps other ages within 14–34', () => {
		const others = entries.filter((entry) => entry.person.pniLeaver !== true).map((entry) => entry.age);
		expect(Math.min(...others)).toBeGreaterThanOrEqual(14);
		expect(Math.max(...others)).toBeLessThanOrEqual(34);
	});

	it('rejects about 5% deliberately', () => {
		expect(statistics.rejected).toBe(Math.round(size * 0.05));
	});

	it('includes every worked example', () => {
		const missing = WORKED_EXAMPLES.filter((example) => (statistics.examples[example] ?? 0) === 0);
		expect(missing).toEqual([]);
	});

	it('includes every scenario', () => {
		expect(Object.keys(statistics.scenarios).sort()).toEqual(['A', 'B', 'C', 'D']);
	});

	it('matches its ages to birth dates', () => {
		for (const entry of entries) {
			expect(ageOn(entry.person.birthDate, COHORT_DATE)).toBe(entry.age);
		}
	});
});

describe('buildCohort', () => {
	const entries = buildCohort(200);

	it('is deterministic for a seed', () => {
		expect(buildCohort(50, 7)).toEqual(buildCohort(50, 7));
	});

	it('differs between seeds', () => {
		expect(buildCohort(50, 7)).not.toEqual(buildCohort(50, 8));
	});

	it('does not use Math.random', () => {
		const spy = jest.spyOn(Math, 'random').mockImplementation(() => {
			throw new Error('Math.random called');
		});
		try {
			expect(() => buildCohort(100, 3)).not.toThrow();
		} finally {
			spy.mockRestore();
		}
	});

	it('builds an empty cohort', () => {
		expect(buildCohort(0)).toEqual([]);
	});

	it('rejects a negative size', () => {
		expect(() => buildCohort(-1)).toThrow(RangeError);
	});

	it('covers every defect and example at 40 entries', () => {
		const small = cohortStatistics(buildCohort(40));
		expect(small.rejected).toBe(4);
		expect(Object.keys(small.examples).length).toBe(WORKED_EXAMPLES.length);
	});

	it('orders answers as the questionnaire', () => {
		const order = [...INTAKE_FIELDS.map((field) => field.label), 'submittedAt', 'formMode'];
		const keys = Object.keys(entries[0].raw);
		expect(keys).toEqual(order.filter((key) => keys.includes(key)));
	});

	it('keys answers by questionnaire labels', () => {
		const labels = new Set([...INTAKE_FIELDS.map((field) => field.label), 'submittedAt', 'formMode']);
		for (const entry of entries) {
			expect(Object.keys(entry.raw).filter((key) => !labels.has(key))).toEqual([]);
		}
	});

	it('mixes date formats', () => {
		const dates = entries.map((entry) => String(entry.raw['Дата рождения']));
		expect(dates.some((date) => /^\d{4}-\d{2}-\d{2}$/.test(date))).toBe(true);
		expect(dates.some((date) => /^\d{2}\.\d{2}\.\d{4}$/.test(date))).toBe(true);
		expect(dates.some((date) => /^\d{1,2} [а-я]+ \d{4}$/.test(date))).toBe(true);
	});

	it('mixes phone formats', () => {
		const phones = entries.map((entry) => String(entry.raw['Телефон']));
		expect(phones.some((phone) => /^\+7 \(900\) 000-\d{2}-\d{2}$/.test(phone))).toBe(true);
		expect(phones.some((phone) => /^8 900 000 \d{2} \d{2}$/.test(phone))).toBe(true);
	});

	it('uses only phones in +7 900 000-xx-xx', () => {
		for (const entry of entries) {
			expect(entry.person.phone ?? '+79000000000').toMatch(/^\+7900000\d{4}$/);
		}
	});

	it('uses only example.ru addresses', () => {
		for (const entry of entries) {
			expect(entry.person.email ?? 'x@example.ru').toMatch(/@example\.ru$/);
		}
	});

	it('has stray spaces in some names', () => {
		expect(entries.some((entry) => /^\s|\s$|\u00A0/.test(String(entry.raw['Фамилия'])))).toBe(true);
	});

	it('has an apostrophe name', () => {
		expect(withExample(entries, 'apostropheName')[0].person.lastName).toBe("О'Нил");
	});
});

describe('cohort expectations', () => {
	const entries = buildCohort(300, 5);

	it.each([
		['chemicalDependency', 'Не соответствует'],
		['noCityMobility', 'Не соответствует'],
		['longJobWithoutException', 'Не соответствует'],
		['longJobAcquiredDisability', 'Соответствует'],
		['longJobSpecialisedEnterprise', 'Соответствует'],
		['noInn', 'Соответствует'],
		['pniLeaver', 'Соответствует'],
		['disabilityGroupI', 'Не соответствует'],
		['over30NotPni', 'Не соответствует'],
	] as const)('gives %s the verdict %s', (example, verdict) => {
		const found = withExample(entries, example).filter((entry) => entry.expected.outcome === 'accepted');
		expect(found.length).toBeGreaterThan(0);
		expect(found.map(verdictOf)).toEqual(found.map(() => verdict));
	});

	it('has more than 6 months of work for every long-job example', () => {
		const longJobs = [...withExample(entries, 'longJobWithoutException'), ...withExample(entries, 'longJobAcquiredDisability')];
		expect(longJobs.every((entry) => (entry.person.longestJobMonths ?? 0) > 6)).toBe(true);
	});

	it('sends every portrait mismatch to scenario D', () => {
		for (const entry of entries) {
			if (entry.expected.outcome === 'accepted' && entry.expected.verdict === 'Не соответствует') {
				expect(entry.expected.scenario).toBe('D');
			}
		}
	});

	it('names service 6 for scenario A', () => {
		const scenarioA = entries.find((entry) => entry.expected.outcome === 'accepted' && entry.expected.scenario === 'A');
		expect(scenarioA?.expected).toMatchObject({ nextService: 'Сопровождаемое трудоустройство' });
	});

	it('routes a refusal to D', () => {
		const interview = { fitsVacancy: true, interested: true, abilitiesUnclear: false, needsJobSearchSupport: false, refusesServices: true };
		expect(expectedScenario('Соответствует', interview)).toBe('D');
	});

	it('fails the age rule at 31 without ПНИ', () => {
		const person = { ...entries[0].person, birthDate: '1993-01-01', pniLeaver: false };
		expect(expectedFailedRules(person)).toContain('age');
	});

	it('passes the age rule at 31 for a ПНИ leaver', () => {
		const person = { ...entries[0].person, birthDate: '1993-01-01', pniLeaver: true };
		expect(expectedFailedRules(person)).not.toContain('age');
	});
});

describe('cohort through the intake', () => {
	const entries = buildCohort(400, 11);
	const results = entries.map((entry) => ({ entry, result: normalizeSubmission(entry.raw, { today: COHORT_DATE }) }));

	it('accepts every entry expected to be accepted', () => {
		const failures = results.filter(({ entry, result }) => entry.expected.outcome === 'accepted' && !result.ok);
		expect(failures.map(({ entry, result }) => `${entry.index}: ${result.ok ? '' : describeProblems(result.problems)}`)).toEqual([]);
	});

	it('produces the expected candidate row', () => {
		for (const { entry, result } of results) {
			if (entry.expected.outcome === 'accepted' && result.ok) {
				expect(result.candidate).toEqual(entry.person);
			}
		}
	});

	it('rejects every defect on its field', () => {
		const rejected = results.filter(({ entry }) => entry.expected.outcome === 'rejected');
		expect(rejected.length).toBeGreaterThanOrEqual(SUBMISSION_DEFECTS.length);
		for (const { entry, result } of rejected) {
			const fields = result.ok ? [] : result.problems.map((problem) => problem.field);
			expect(fields).toEqual(entry.expected.outcome === 'rejected' ? entry.expected.problemFields : []);
		}
	});

	it('warns about the Latin look-alike name', () => {
		const lookalike = results.find(({ entry }) => entry.examples.includes('latinLookalikeName'));
		expect(lookalike?.result.ok).toBe(true);
		expect(lookalike?.result.ok ? lookalike.result.warnings.join('\n') : '').toContain('латинские буквы');
	});
});
