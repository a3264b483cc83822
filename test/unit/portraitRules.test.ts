import { DEFAULT_PORTRAIT_RULES, DEFAULT_RULES_VERSION, resolvePortraitRules, type PortraitRules } from '../../core/portraitRules';
import { CATEGORIES } from '../../schemas';

function resolved(config: unknown): PortraitRules {
	const resolution = resolvePortraitRules(config);
	if (!resolution.ok) {
		throw new Error(resolution.problems.join('\n'));
	}
	return resolution.rules;
}

function problems(config: unknown): string[] {
	const resolution = resolvePortraitRules(config);
	if (resolution.ok) {
		throw new Error('expected the config to be rejected');
	}
	return resolution.problems;
}

describe('DEFAULT_PORTRAIT_RULES', () => {
	it('holds the methodology values', () => {
		expect(DEFAULT_PORTRAIT_RULES.ageBands).toEqual({ general: { min: 14, max: 30 }, pniLeaver: { min: 31, max: 39 } });
		expect(DEFAULT_PORTRAIT_RULES.maxMonthsAtOneWorkplace).toBe(6);
		expect(DEFAULT_PORTRAIT_RULES.categories).toEqual([...CATEGORIES]);
		expect(DEFAULT_PORTRAIT_RULES.educationLevels).toEqual(['Основное общее', 'Среднее общее', 'Среднее профессиональное', 'Высшее']);
		expect(DEFAULT_PORTRAIT_RULES.allowedDisabilityGroups).toEqual(['Нет', 'II группа', 'III группа']);
		expect(DEFAULT_PORTRAIT_RULES.allowedWorkCapacityLimitations).toEqual(['Нет', 'I степень', 'II степень']);
		expect(DEFAULT_PORTRAIT_RULES.allowedBehaviourControlLimitations).toEqual(['Нет', 'I степень', 'II степень']);
		expect(DEFAULT_PORTRAIT_RULES.workExperienceExceptions).toEqual({ acquiredDisabilityWorkedBefore: true, workedAtSpecialisedEnterprise: true });
		expect(Object.values(DEFAULT_PORTRAIT_RULES.requiredSkills).every(Boolean)).toBe(true);
		expect(DEFAULT_PORTRAIT_RULES.rulesVersion).toBe(DEFAULT_RULES_VERSION);
	});

	it('is frozen', () => {
		expect(Object.isFrozen(DEFAULT_PORTRAIT_RULES)).toBe(true);
		expect(Object.isFrozen(DEFAULT_PORTRAIT_RULES.categories)).toBe(true);
		expect(Object.isFrozen(DEFAULT_PORTRAIT_RULES.ageBands.general)).toBe(true);
	});
});

describe('resolvePortraitRules', () => {
	it('no config gives defaults', () => {
		expect(resolved(undefined)).toBe(DEFAULT_PORTRAIT_RULES);
		expect(resolved(null)).toBe(DEFAULT_PORTRAIT_RULES);
	});

	it('empty config keeps version', () => {
		const rules = resolved({});
		expect(rules).toEqual(DEFAULT_PORTRAIT_RULES);
		expect(rules.rulesVersion).toBe(DEFAULT_RULES_VERSION);
	});

	it('merges one age bound', () => {
		const rules = resolved({ ageBands: { general: { max: 35 } } });
		expect(rules.ageBands.general).toEqual({ min: 14, max: 35 });
		expect(rules.ageBands.pniLeaver).toEqual({ min: 31, max: 39 });
	});

	it('extra categories are appended once', () => {
		const rules = resolved({ extraCategories: ['Беженец', 'Выпускник коррекционной школы', 'Беженец'] });
		expect(rules.categories).toEqual([...CATEGORIES, 'Беженец']);
	});

	it('categories replace the list', () => {
		expect(resolved({ categories: ['Беженец'] }).categories).toEqual(['Беженец']);
	});

	it('merges skills and exceptions by key', () => {
		const rules = resolved({ requiredSkills: { skillMobility: false }, workExperienceExceptions: { workedAtSpecialisedEnterprise: false } });
		expect(rules.requiredSkills.skillMobility).toBe(false);
		expect(rules.requiredSkills.skillLearning).toBe(true);
		expect(rules.workExperienceExceptions).toEqual({ acquiredDisabilityWorkedBefore: true, workedAtSpecialisedEnterprise: false });
	});

	it('extra condition defaults to true', () => {
		expect(resolved({ extraConditions: [{ field: 'hasPassport' }] }).extraConditions).toEqual([{ field: 'hasPassport', expected: true }]);
	});

	it('explicit version is kept', () => {
		expect(resolved({ rulesVersion: 'Центр-2024', maxMonthsAtOneWorkplace: 12 }).rulesVersion).toBe('Центр-2024');
	});

	it('derived version follows content', () => {
		const first = resolved({ maxMonthsAtOneWorkplace: 12, extraCategories: ['Беженец'] }).rulesVersion;
		const reordered = resolved({ extraCategories: ['Беженец'], maxMonthsAtOneWorkplace: 12 }).rulesVersion;
		const other = resolved({ maxMonthsAtOneWorkplace: 9 }).rulesVersion;
		expect(first).toMatch(/^ТЖЦТ-1\+[0-9a-f]{8}$/);
		expect(reordered).toBe(first);
		expect(other).not.toBe(first);
	});

	it('resolved rules do not share arrays with defaults', () => {
		const rules = resolved({ maxMonthsAtOneWorkplace: 12 });
		rules.educationLevels.push('Нет основного общего');
		rules.categories.push('Беженец');
		expect(DEFAULT_PORTRAIT_RULES.educationLevels).toHaveLength(4);
		expect(DEFAULT_PORTRAIT_RULES.categories).toHaveLength(3);
	});
});

describe('resolvePortraitRules: Russian problems', () => {
	it('rejects min above max', () => {
		const list = problems({ ageBands: { general: { min: 31, max: 30 } } });
		expect(list).toHaveLength(1);
		expect(list[0]).toContain('ageBands.general.max');
		expect(list[0]).toContain('поменяйте их местами');
	});

	it('rejects min above merged max', () => {
		const list = problems({ ageBands: { pniLeaver: { min: 45 } } });
		expect(list[0]).toContain('ageBands.pniLeaver');
		expect(list[0]).toContain('45 больше верхней 39');
	});

	it('rejects a fractional age', () => {
		expect(problems({ ageBands: { general: { max: 30.5 } } })[0]).toContain('Ожидается целое число лет');
	});

	it('rejects text for a number', () => {
		expect(problems({ maxMonthsAtOneWorkplace: 'шесть' })).toEqual(['Правила портрета, «maxMonthsAtOneWorkplace»: Ожидается целое число месяцев']);
	});

	it('rejects an unknown education level', () => {
		const list = problems({ educationLevels: ['Высшее', 'Аспирантура'] });
		expect(list).toHaveLength(1);
		expect(list[0]).toContain('educationLevels[2]');
		expect(list[0]).toContain('Основное общее');
	});

	it('rejects an empty list', () => {
		expect(problems({ allowedDisabilityGroups: [] })[0]).toContain('Список не может быть пустым');
	});

	it('rejects an unknown key in Russian', () => {
		const list = problems({ maxMonths: 6 });
		expect(list[0]).toContain('maxMonths');
		expect(list[0]).toBe('Правила портрета: неизвестный ключ «maxMonths». Удалите его или исправьте название.');
	});

	it('rejects a non-boolean flag', () => {
		expect(problems({ requireRequest: 'да' })[0]).toContain('«requireRequest»: Ожидается true или false');
	});

	it('rejects a custom field without label', () => {
		const list = problems({ extraConditions: [{ field: 'livesInRegion' }] });
		expect(list[0]).toContain('extraConditions[1].label');
		expect(list[0]).toContain('livesInRegion');
	});

	it('rejects a non-object config', () => {
		expect(problems('14-30')).toHaveLength(1);
	});

	it('reports every problem', () => {
		expect(problems({ maxMonthsAtOneWorkplace: -1, requireRequest: 1, categories: [] })).toHaveLength(3);
	});
});
