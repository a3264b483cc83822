import type { Candidate } from '../../schemas';
import { checkPortrait, pluralRu, portraitCandidatePatch, portraitCheckRow, type PortraitResult } from '../../core/portrait';
import { DEFAULT_PORTRAIT_RULES, resolvePortraitRules, type PortraitRules } from '../../core/portraitRules';
import { candidates, portraitChecks } from '../../schemas';

const AS_OF = '2024-01-10';

/** Builds a candidate who matches every condition of the default portrait, aged 23 on AS_OF. */
function matching(overrides: Partial<Candidate> = {}): Partial<Candidate> {
	return {
		id: 'cand_1',
		birthDate: '2000-06-15',
		pniLeaver: false,
		category: 'Выпускник сиротского учреждения',
		education: 'Среднее профессиональное',
		disabilityGroup: 'Нет',
		workCapacityLimitation: null,
		behaviourControlLimitation: null,
		longestJobMonths: 0,
		acquiredDisabilityWorkedBefore: null,
		workedAtSpecialisedEnterprise: null,
		legalCapacity: true,
		chemicalDependency: false,
		geographicAccess: true,
		activePosition: true,
		requestType: 'Формализованный',
		requestNeeds: [],
		skillLearning: true,
		skillCommunication: true,
		skillMobility: true,
		skillCauseEffect: true,
		skillRules: true,
		skillSocialNorms: true,
		economicParticipationIdea: true,
		financialDecisions: true,
		hasPassport: true,
		hasInn: true,
		...overrides,
	};
}

function rules(config: unknown): PortraitRules {
	const resolution = resolvePortraitRules(config);
	if (!resolution.ok) {
		throw new Error(resolution.problems.join('\n'));
	}
	return resolution.rules;
}

function conditions(reasons: PortraitResult['failed']): string[] {
	return reasons.map((reason) => reason.condition);
}

describe('checkPortrait: whole verdict', () => {
	it('matching candidate fits', () => {
		const result = checkPortrait(matching(), AS_OF);
		expect(result.verdict).toBe('Соответствует');
		expect(result.failed).toEqual([]);
		expect(result.unknown).toEqual([]);
		expect(result.age).toBe(23);
		expect(result.rulesVersion).toBe(DEFAULT_PORTRAIT_RULES.rulesVersion);
		expect(result.checkedAt).toBe(AS_OF);
	});

	it('empty candidate lacks data, fails nothing', () => {
		const result = checkPortrait({}, AS_OF);
		expect(result.verdict).toBe('Недостаточно данных');
		expect(result.failed).toEqual([]);
		expect(result.age).toBeNull();
		expect(conditions(result.unknown)).toEqual([
			'age',
			'education',
			'disabilityGroup',
			'workCapacity',
			'workExperience',
			'category',
			'legalCapacity',
			'chemicalDependency',
			'behaviourControl',
			'geographicAccess',
			'activePosition',
			'request',
			'skillLearning',
			'skillCommunication',
			'skillMobility',
			'skillCauseEffect',
			'skillRules',
			'skillSocialNorms',
			'economicSelfSufficiency',
		]);
	});

	it('a failure wins over unknowns', () => {
		const result = checkPortrait(matching({ education: 'Нет основного общего', legalCapacity: null, skillRules: undefined }), AS_OF);
		expect(result.verdict).toBe('Не соответствует');
		expect(conditions(result.failed)).toEqual(['education']);
		expect(conditions(result.unknown)).toEqual(['legalCapacity', 'skillRules']);
	});

	it('unknowns alone give insufficient data', () => {
		const result = checkPortrait(matching({ geographicAccess: null }), AS_OF);
		expect(result.verdict).toBe('Недостаточно данных');
		expect(result.failed).toEqual([]);
		expect(conditions(result.unknown)).toEqual(['geographicAccess']);
	});

	it('every reason names the field label', () => {
		const result = checkPortrait({}, AS_OF);
		const byCondition = Object.fromEntries(result.unknown.map((reason) => [reason.condition, reason.message]));
		expect(byCondition.age).toContain(`«${candidates.columns.birthDate.label}»`);
		expect(byCondition.education).toContain(`«${candidates.columns.education.label}»`);
		expect(byCondition.workExperience).toContain(`«${candidates.columns.longestJobMonths.label}»`);
		expect(byCondition.skillMobility).toContain(`«${candidates.columns.skillMobility.label}»`);
		expect(byCondition.economicSelfSufficiency).toContain(`«${candidates.columns.economicParticipationIdea.label}»`);
		expect(byCondition.economicSelfSufficiency).toContain(`«${candidates.columns.financialDecisions.label}»`);
	});

	it('throws on an invalid check date', () => {
		expect(() => checkPortrait(matching(), '2024-13-01')).toThrow(RangeError);
	});

	it('leaves the candidate unchanged', () => {
		const candidate = Object.freeze(matching({ requestNeeds: Object.freeze(['Финансовая самостоятельность']) as never }));
		expect(() => checkPortrait(candidate, AS_OF)).not.toThrow();
	});
});

describe('checkPortrait: age', () => {
	it('day before 14th birthday fails', () => {
		const result = checkPortrait(matching({ birthDate: '2010-03-10' }), '2024-03-09');
		expect(result.age).toBe(13);
		expect(result.verdict).toBe('Не соответствует');
		expect(conditions(result.failed)).toEqual(['age']);
		expect(result.failed[0].message).toContain('13 лет');
	});

	it('14th birthday fits', () => {
		const result = checkPortrait(matching({ birthDate: '2010-03-10' }), '2024-03-10');
		expect(result.age).toBe(14);
		expect(result.verdict).toBe('Соответствует');
	});

	it('30 fits, 31 fails without ПНИ', () => {
		expect(checkPortrait(matching({ birthDate: '1993-01-10' }), '2024-01-09').verdict).toBe('Соответствует');
		const at31 = checkPortrait(matching({ birthDate: '1993-01-10' }), '2024-01-10');
		expect(at31.age).toBe(31);
		expect(conditions(at31.failed)).toEqual(['age']);
		expect(at31.failed[0].message).toContain(`«${candidates.columns.pniLeaver.label}»`);
	});

	it('31 fits a ПНИ leaver', () => {
		const result = checkPortrait(matching({ birthDate: '1993-01-10', pniLeaver: true }), '2024-01-10');
		expect(result.verdict).toBe('Соответствует');
	});

	it('31 with unknown ПНИ is unknown', () => {
		const result = checkPortrait(matching({ birthDate: '1993-01-10', pniLeaver: null }), '2024-01-10');
		expect(result.verdict).toBe('Недостаточно данных');
		expect(conditions(result.unknown)).toEqual(['age']);
		expect(result.unknown[0].message).toContain('31 год');
	});

	it('ПНИ leaver fits at 39, fails at 40', () => {
		const at39 = checkPortrait(matching({ birthDate: '1984-05-20', pniLeaver: true }), '2024-05-19');
		expect(at39.age).toBe(39);
		expect(at39.verdict).toBe('Соответствует');
		const at40 = checkPortrait(matching({ birthDate: '1984-05-20', pniLeaver: true }), '2024-05-20');
		expect(at40.age).toBe(40);
		expect(conditions(at40.failed)).toEqual(['age']);
		expect(at40.failed[0].message).toContain('40 лет');
	});

	it('ПНИ leaver aged 25 fits', () => {
		const result = checkPortrait(matching({ birthDate: '1998-06-01', pniLeaver: true }), '2024-01-10');
		expect(result.age).toBe(25);
		expect(result.verdict).toBe('Соответствует');
	});

	it('ПНИ leaver aged 13 fails', () => {
		const result = checkPortrait(matching({ birthDate: '2010-06-01', pniLeaver: true }), '2024-01-10');
		expect(conditions(result.failed)).toEqual(['age']);
	});

	it('age under 14 fails whatever ПНИ is', () => {
		const result = checkPortrait(matching({ birthDate: '2012-01-01', pniLeaver: null }), AS_OF);
		expect(conditions(result.failed)).toEqual(['age']);
		expect(result.unknown).toEqual([]);
	});

	it('29 February birthday turns 14 on 1 March', () => {
		const before = checkPortrait(matching({ birthDate: '2004-02-29' }), '2018-02-28');
		expect(before.age).toBe(13);
		expect(conditions(before.failed)).toEqual(['age']);
		const after = checkPortrait(matching({ birthDate: '2004-02-29' }), '2018-03-01');
		expect(after.age).toBe(14);
		expect(after.verdict).toBe('Соответствует');
	});

	it('29 February birthday turns 31 on 1 March', () => {
		expect(checkPortrait(matching({ birthDate: '1992-02-29' }), '2023-02-28').verdict).toBe('Соответствует');
		const result = checkPortrait(matching({ birthDate: '1992-02-29' }), '2023-03-01');
		expect(result.age).toBe(31);
		expect(conditions(result.failed)).toEqual(['age']);
	});

	it('29 February birthday in a leap year', () => {
		expect(checkPortrait(matching({ birthDate: '2008-02-29' }), '2022-02-28').age).toBe(13);
		expect(checkPortrait(matching({ birthDate: '2008-02-29' }), '2024-02-29').age).toBe(16);
	});

	it('missing birth date is unknown', () => {
		const result = checkPortrait(matching({ birthDate: undefined }), AS_OF);
		expect(result.age).toBeNull();
		expect(conditions(result.unknown)).toEqual(['age']);
	});

	it('impossible birth date is unknown', () => {
		const result = checkPortrait(matching({ birthDate: '2000-02-30' }), AS_OF);
		expect(result.age).toBeNull();
		expect(conditions(result.unknown)).toEqual(['age']);
		expect(result.unknown[0].message).toContain('ГГГГ-ММ-ДД');
	});

	it('birth date after check date is unknown', () => {
		const result = checkPortrait(matching({ birthDate: '2030-01-01' }), AS_OF);
		expect(conditions(result.unknown)).toEqual(['age']);
		expect(result.failed).toEqual([]);
	});

	it('organisation age band applies', () => {
		const wider = rules({ ageBands: { general: { max: 35 } } });
		expect(checkPortrait(matching({ birthDate: '1990-01-01' }), AS_OF, wider).verdict).toBe('Соответствует');
		expect(checkPortrait(matching({ birthDate: '1990-01-01' }), AS_OF).verdict).toBe('Не соответствует');
	});
});

describe('checkPortrait: education', () => {
	it.each(['Основное общее', 'Среднее общее', 'Среднее профессиональное', 'Высшее'] as const)('%s fits', (education) => {
		expect(checkPortrait(matching({ education }), AS_OF).verdict).toBe('Соответствует');
	});

	it('below basic general fails', () => {
		const result = checkPortrait(matching({ education: 'Нет основного общего' }), AS_OF);
		expect(conditions(result.failed)).toEqual(['education']);
		expect(result.failed[0].message).toContain('Нет основного общего');
	});

	it('missing education is unknown', () => {
		expect(conditions(checkPortrait(matching({ education: null }), AS_OF).unknown)).toEqual(['education']);
	});
});

describe('checkPortrait: work capacity', () => {
	it('group I fails without echoing it', () => {
		const result = checkPortrait(matching({ disabilityGroup: 'I группа', workCapacityLimitation: 'I степень', behaviourControlLimitation: 'Нет' }), AS_OF);
		expect(conditions(result.failed)).toEqual(['disabilityGroup']);
		expect(result.failed[0].message).toContain('вне текущей технологии');
		expect(result.failed[0].message).not.toContain('«I группа»');
	});

	it.each(['II группа', 'III группа'] as const)('%s fits', (disabilityGroup) => {
		const result = checkPortrait(matching({ disabilityGroup, workCapacityLimitation: 'II степень', behaviourControlLimitation: 'I степень' }), AS_OF);
		expect(result.verdict).toBe('Соответствует');
	});

	it('missing group is unknown', () => {
		const result = checkPortrait(matching({ disabilityGroup: null }), AS_OF);
		expect(conditions(result.unknown)).toEqual(['disabilityGroup', 'workCapacity', 'behaviourControl']);
	});

	it('work capacity degree III fails', () => {
		const result = checkPortrait(matching({ disabilityGroup: 'II группа', workCapacityLimitation: 'III степень', behaviourControlLimitation: 'Нет' }), AS_OF);
		expect(conditions(result.failed)).toEqual(['workCapacity']);
		expect(result.failed[0].message).toContain(`«${candidates.columns.workCapacityLimitation.label}»`);
	});

	it('work capacity degree III fails without group', () => {
		const result = checkPortrait(matching({ disabilityGroup: null, workCapacityLimitation: 'III степень' }), AS_OF);
		expect(conditions(result.failed)).toEqual(['workCapacity']);
	});

	it('degrees unknown with a disability', () => {
		const result = checkPortrait(matching({ disabilityGroup: 'III группа' }), AS_OF);
		expect(conditions(result.unknown)).toEqual(['workCapacity', 'behaviourControl']);
	});

	it('degrees not needed without a disability', () => {
		const result = checkPortrait(matching({ disabilityGroup: 'Нет', workCapacityLimitation: null, behaviourControlLimitation: null }), AS_OF);
		expect(result.verdict).toBe('Соответствует');
	});

	it('disability category implies a disability', () => {
		const result = checkPortrait(matching({ category: 'Молодой человек с инвалидностью', disabilityGroup: null }), AS_OF);
		expect(conditions(result.unknown)).toEqual(['disabilityGroup', 'workCapacity', 'behaviourControl']);
	});

	it('organisation may allow group I', () => {
		const wider = rules({ allowedDisabilityGroups: ['Нет', 'I группа', 'II группа', 'III группа'] });
		const result = checkPortrait(matching({ disabilityGroup: 'I группа', workCapacityLimitation: 'II степень', behaviourControlLimitation: 'Нет' }), AS_OF, wider);
		expect(result.verdict).toBe('Соответствует');
	});
});

describe('checkPortrait: work experience', () => {
	it('exactly 6 months fits', () => {
		expect(checkPortrait(matching({ longestJobMonths: 6 }), AS_OF).verdict).toBe('Соответствует');
	});

	it('7 months fails without a disability', () => {
		const result = checkPortrait(matching({ longestJobMonths: 7 }), AS_OF);
		expect(conditions(result.failed)).toEqual(['workExperience']);
		expect(result.failed[0].message).toContain('7 месяцев');
		expect(result.failed[0].message).toContain('больше 6 месяцев');
	});

	it('acquired-disability exception fits', () => {
		const result = checkPortrait(
			matching({ disabilityGroup: 'II группа', workCapacityLimitation: 'I степень', behaviourControlLimitation: 'Нет', longestJobMonths: 30, acquiredDisabilityWorkedBefore: true }),
			AS_OF,
		);
		expect(result.verdict).toBe('Соответствует');
	});

	it('specialised-enterprise exception fits', () => {
		const result = checkPortrait(
			matching({ disabilityGroup: 'III группа', workCapacityLimitation: 'Нет', behaviourControlLimitation: 'Нет', longestJobMonths: 7, workedAtSpecialisedEnterprise: true }),
			AS_OF,
		);
		expect(result.verdict).toBe('Соответствует');
	});

	it('both exceptions false fails', () => {
		const result = checkPortrait(
			matching({
				disabilityGroup: 'II группа',
				workCapacityLimitation: 'Нет',
				behaviourControlLimitation: 'Нет',
				longestJobMonths: 7,
				acquiredDisabilityWorkedBefore: false,
				workedAtSpecialisedEnterprise: false,
			}),
			AS_OF,
		);
		expect(conditions(result.failed)).toEqual(['workExperience']);
	});

	it('open exception is unknown', () => {
		const result = checkPortrait(
			matching({ disabilityGroup: 'II группа', workCapacityLimitation: 'Нет', behaviourControlLimitation: 'Нет', longestJobMonths: 7, acquiredDisabilityWorkedBefore: false }),
			AS_OF,
		);
		expect(result.verdict).toBe('Недостаточно данных');
		expect(conditions(result.unknown)).toEqual(['workExperience']);
		expect(result.unknown[0].message).toContain(`«${candidates.columns.workedAtSpecialisedEnterprise.label}»`);
		expect(result.unknown[0].message).not.toContain(`«${candidates.columns.acquiredDisabilityWorkedBefore.label}»`);
	});

	it('exception ignored without a disability', () => {
		const result = checkPortrait(matching({ disabilityGroup: 'Нет', longestJobMonths: 12, workedAtSpecialisedEnterprise: true }), AS_OF);
		expect(conditions(result.failed)).toEqual(['workExperience']);
	});

	it('exception covers unknown months', () => {
		const result = checkPortrait(
			matching({ disabilityGroup: 'II группа', workCapacityLimitation: 'Нет', behaviourControlLimitation: 'Нет', longestJobMonths: null, acquiredDisabilityWorkedBefore: true }),
			AS_OF,
		);
		expect(result.verdict).toBe('Соответствует');
	});

	it('missing months is unknown', () => {
		expect(conditions(checkPortrait(matching({ longestJobMonths: null }), AS_OF).unknown)).toEqual(['workExperience']);
	});

	it('negative months is unknown', () => {
		const result = checkPortrait(matching({ longestJobMonths: -1 }), AS_OF);
		expect(conditions(result.unknown)).toEqual(['workExperience']);
		expect(result.unknown[0].message).toContain('заполнено неверно');
	});

	it('disabled exception no longer applies', () => {
		const strict = rules({ workExperienceExceptions: { acquiredDisabilityWorkedBefore: false } });
		const candidate = matching({
			disabilityGroup: 'II группа',
			workCapacityLimitation: 'Нет',
			behaviourControlLimitation: 'Нет',
			longestJobMonths: 7,
			acquiredDisabilityWorkedBefore: true,
			workedAtSpecialisedEnterprise: false,
		});
		expect(conditions(checkPortrait(candidate, AS_OF, strict).failed)).toEqual(['workExperience']);
		expect(checkPortrait(candidate, AS_OF).verdict).toBe('Соответствует');
	});

	it('organisation limit of 12 months', () => {
		const longer = rules({ maxMonthsAtOneWorkplace: 12 });
		expect(checkPortrait(matching({ longestJobMonths: 12 }), AS_OF, longer).verdict).toBe('Соответствует');
		expect(conditions(checkPortrait(matching({ longestJobMonths: 13 }), AS_OF, longer).failed)).toEqual(['workExperience']);
	});
});

describe('checkPortrait: category', () => {
	// The category column is extensible, but its row type lists only the standard values.
	const refugee = 'Беженец' as unknown as Candidate['category'];

	it.each(['Выпускник сиротского учреждения', 'Выпускник коррекционной школы'] as const)('%s fits', (category) => {
		expect(checkPortrait(matching({ category }), AS_OF).verdict).toBe('Соответствует');
	});

	it('other category fails', () => {
		const result = checkPortrait(matching({ category: refugee }), AS_OF);
		expect(conditions(result.failed)).toEqual(['category']);
		expect(result.failed[0].message).toContain('Беженец');
	});

	it('extended category fits', () => {
		const extended = rules({ extraCategories: ['Беженец'] });
		expect(checkPortrait(matching({ category: refugee }), AS_OF, extended).verdict).toBe('Соответствует');
	});

	it('missing category is unknown', () => {
		expect(conditions(checkPortrait(matching({ category: null }), AS_OF).unknown)).toEqual(['category']);
	});
});

describe('checkPortrait: self-regulation and position', () => {
	it('legal incapacity fails', () => {
		expect(conditions(checkPortrait(matching({ legalCapacity: false }), AS_OF).failed)).toEqual(['legalCapacity']);
	});

	it('chemical dependency fails', () => {
		const result = checkPortrait(matching({ chemicalDependency: true }), AS_OF);
		expect(conditions(result.failed)).toEqual(['chemicalDependency']);
		expect(result.followUps).toContainEqual(expect.objectContaining({ code: 'chemicalDependency', service: 1 }));
	});

	it('unknown dependency is unknown', () => {
		expect(conditions(checkPortrait(matching({ chemicalDependency: null }), AS_OF).unknown)).toEqual(['chemicalDependency']);
	});

	it('behaviour degree III fails', () => {
		const result = checkPortrait(matching({ disabilityGroup: 'II группа', workCapacityLimitation: 'Нет', behaviourControlLimitation: 'III степень' }), AS_OF);
		expect(conditions(result.failed)).toEqual(['behaviourControl']);
		expect(result.failed[0].message).toContain('ИПРА');
	});

	it('behaviour degree II fits', () => {
		const result = checkPortrait(matching({ disabilityGroup: 'II группа', workCapacityLimitation: 'Нет', behaviourControlLimitation: 'II степень' }), AS_OF);
		expect(result.verdict).toBe('Соответствует');
	});

	it('no geographic access fails', () => {
		expect(conditions(checkPortrait(matching({ geographicAccess: false }), AS_OF).failed)).toEqual(['geographicAccess']);
	});

	it('no active position fails', () => {
		const result = checkPortrait(matching({ activePosition: false }), AS_OF);
		expect(conditions(result.failed)).toEqual(['activePosition']);
		expect(result.followUps).toContainEqual(expect.objectContaining({ code: 'noActivePosition', service: 1 }));
	});

	it('non-boolean flag is unknown', () => {
		const result = checkPortrait(matching({ legalCapacity: 'да' as unknown as boolean }), AS_OF);
		expect(conditions(result.unknown)).toEqual(['legalCapacity']);
		expect(result.unknown[0].message).toContain('заполнено неверно');
	});

	it('organisation may drop a condition', () => {
		const relaxed = rules({ requireGeographicAccess: false, rejectChemicalDependency: false });
		expect(checkPortrait(matching({ geographicAccess: false, chemicalDependency: true }), AS_OF, relaxed).verdict).toBe('Соответствует');
	});
});

describe('checkPortrait: request', () => {
	it('formalised request fits', () => {
		expect(checkPortrait(matching({ requestType: 'Формализованный', requestNeeds: null }), AS_OF).verdict).toBe('Соответствует');
	});

	it('non-formalised with a need fits', () => {
		expect(checkPortrait(matching({ requestType: 'Неформализованный', requestNeeds: ['Закрытие долгов'] }), AS_OF).verdict).toBe('Соответствует');
	});

	it('non-formalised without needs is unknown', () => {
		const empty = checkPortrait(matching({ requestType: 'Неформализованный', requestNeeds: [] }), AS_OF);
		expect(conditions(empty.unknown)).toEqual(['request']);
		expect(empty.unknown[0].message).toContain(`«${candidates.columns.requestNeeds.label}»`);
		expect(conditions(checkPortrait(matching({ requestType: 'Неформализованный', requestNeeds: null }), AS_OF).unknown)).toEqual(['request']);
	});

	it('no request fails', () => {
		const result = checkPortrait(matching({ requestType: 'Нет запроса' }), AS_OF);
		expect(conditions(result.failed)).toEqual(['request']);
		expect(result.followUps).toContainEqual(expect.objectContaining({ code: 'noRequest', service: 1 }));
	});

	it('missing request is unknown', () => {
		expect(conditions(checkPortrait(matching({ requestType: null }), AS_OF).unknown)).toEqual(['request']);
	});
});

describe('checkPortrait: minimum skills', () => {
	const skills = ['skillLearning', 'skillCommunication', 'skillMobility', 'skillCauseEffect', 'skillRules', 'skillSocialNorms'] as const;

	it.each(skills)('%s false fails', (skill) => {
		const result = checkPortrait(matching({ [skill]: false }), AS_OF);
		expect(conditions(result.failed)).toEqual([skill]);
		expect(result.failed[0].message).toContain(`«${candidates.columns[skill].label}»`);
	});

	it.each(skills)('%s missing is unknown', (skill) => {
		expect(conditions(checkPortrait(matching({ [skill]: null }), AS_OF).unknown)).toEqual([skill]);
	});

	it('no mobility recommends service 1', () => {
		const result = checkPortrait(matching({ skillMobility: false }), AS_OF);
		expect(result.followUps).toContainEqual(expect.objectContaining({ code: 'noMobility', service: 1 }));
	});

	it('skill not required is skipped', () => {
		const relaxed = rules({ requiredSkills: { skillCauseEffect: false } });
		expect(checkPortrait(matching({ skillCauseEffect: false }), AS_OF, relaxed).verdict).toBe('Соответствует');
		expect(checkPortrait(matching({ skillRules: false }), AS_OF, relaxed).verdict).toBe('Не соответствует');
	});
});

describe('checkPortrait: economic self-sufficiency', () => {
	const cases: Array<[boolean | null, boolean | null, 'pass' | 'fail' | 'unknown']> = [
		[true, true, 'pass'],
		[true, false, 'pass'],
		[false, true, 'pass'],
		[true, null, 'pass'],
		[null, true, 'pass'],
		[false, false, 'fail'],
		[false, null, 'unknown'],
		[null, false, 'unknown'],
		[null, null, 'unknown'],
	];

	it.each(cases)('idea %p, decisions %p: %s', (economicParticipationIdea, financialDecisions, expected) => {
		const result = checkPortrait(matching({ economicParticipationIdea, financialDecisions }), AS_OF);
		expect(conditions(result.failed)).toEqual(expected === 'fail' ? ['economicSelfSufficiency'] : []);
		expect(conditions(result.unknown)).toEqual(expected === 'unknown' ? ['economicSelfSufficiency'] : []);
	});
});

describe('checkPortrait: extra conditions', () => {
	it('standard column uses its label', () => {
		const extra = rules({ extraConditions: [{ field: 'hasPassport', expected: true }] });
		const result = checkPortrait(matching({ hasPassport: false }), AS_OF, extra);
		expect(result.failed.map((reason) => reason.condition)).toEqual(['extra:hasPassport']);
		expect(result.failed[0].message).toContain(`«${candidates.columns.hasPassport.label}»`);
	});

	it('custom column uses the given label', () => {
		const extra = rules({ extraConditions: [{ field: 'livesInRegion', label: 'Проживает в регионе', hint: 'Предложите партнера в регионе кандидата.' }] });
		const candidate = { ...matching(), livesInRegion: false } as Partial<Candidate>;
		const result = checkPortrait(candidate, AS_OF, extra);
		expect(result.failed[0].message).toContain('«Проживает в регионе»');
		expect(result.failed[0].message).toContain('Предложите партнера');
		expect(checkPortrait({ ...matching(), livesInRegion: true } as Partial<Candidate>, AS_OF, extra).verdict).toBe('Соответствует');
	});

	it('missing custom value is unknown', () => {
		const extra = rules({ extraConditions: [{ field: 'livesInRegion', label: 'Проживает в регионе' }] });
		const result = checkPortrait(matching(), AS_OF, extra);
		expect(conditions(result.unknown)).toEqual(['extra:livesInRegion']);
	});

	it('expected false condition', () => {
		const extra = rules({ extraConditions: [{ field: 'onProbation', label: 'Условный срок', expected: false }] });
		expect(checkPortrait({ ...matching(), onProbation: false } as Partial<Candidate>, AS_OF, extra).verdict).toBe('Соответствует');
		expect(checkPortrait({ ...matching(), onProbation: true } as Partial<Candidate>, AS_OF, extra).verdict).toBe('Не соответствует');
	});
});

describe('checkPortrait: follow-ups', () => {
	it('no ИНН recommends service 1 without failing', () => {
		const result = checkPortrait(matching({ hasInn: false }), AS_OF);
		expect(result.verdict).toBe('Соответствует');
		expect(result.followUps).toEqual([expect.objectContaining({ code: 'noInn', service: 1 })]);
		expect(result.followUps[0].message).toContain('ИНН');
	});

	it('unknown ИНН asks to check it', () => {
		const result = checkPortrait(matching({ hasInn: null }), AS_OF);
		expect(result.verdict).toBe('Соответствует');
		expect(result.followUps).toEqual([expect.objectContaining({ code: 'innUnknown', service: null })]);
	});

	it('no passport recommends service 1', () => {
		expect(checkPortrait(matching({ hasPassport: false }), AS_OF).followUps).toContainEqual(expect.objectContaining({ code: 'noPassport', service: 1 }));
	});

	it('missing ИПРА with a disability', () => {
		const result = checkPortrait(matching({ disabilityGroup: 'II группа', workCapacityLimitation: 'Нет', behaviourControlLimitation: 'Нет', hasIpra: false }), AS_OF);
		expect(result.followUps).toContainEqual(expect.objectContaining({ code: 'noIpra', service: null }));
		expect(checkPortrait(matching({ hasIpra: false }), AS_OF).followUps).toEqual([]);
	});

	it('matching candidate has none', () => {
		expect(checkPortrait(matching(), AS_OF).followUps).toEqual([]);
	});
});

describe('portrait storage rows', () => {
	it('candidate patch joins reasons', () => {
		const result = checkPortrait(matching({ education: 'Нет основного общего', legalCapacity: null }), AS_OF);
		const patch = portraitCandidatePatch(result);
		expect(patch.portraitVerdict).toBe('Не соответствует');
		expect(patch.portraitCheckedAt).toBe(AS_OF);
		expect(patch.portraitReasons?.split('\n')).toEqual([result.failed[0].message, result.unknown[0].message]);
	});

	it('matching patch has no reasons', () => {
		expect(portraitCandidatePatch(checkPortrait(matching(), AS_OF)).portraitReasons).toBeNull();
	});

	it('check row is valid', () => {
		const result = checkPortrait(matching({ category: null }), AS_OF);
		const row = portraitCheckRow(result, { id: 'pc_1', candidateId: 'cand_1' });
		expect(portraitChecks.zod.safeParse(row).success).toBe(true);
		expect(row).toMatchObject({ id: 'pc_1', candidate: 'cand_1', verdict: 'Недостаточно данных', failed: null, age: 23, rulesVersion: 'ТЖЦТ-1' });
		expect(row.unknown).toContain('«Категория»');
	});
});

describe('pluralRu', () => {
	it.each([
		[1, 'год'],
		[2, 'года'],
		[4, 'года'],
		[5, 'лет'],
		[11, 'лет'],
		[14, 'лет'],
		[21, 'год'],
		[22, 'года'],
		[111, 'лет'],
		[0, 'лет'],
	])('%i → %s', (count, form) => {
		expect(pluralRu(count, 'год', 'года', 'лет')).toBe(form);
	});
});
