import { createHash } from 'node:crypto';
import { z } from 'zod/v4';

import { candidates, CATEGORIES, DISABILITY_GROUPS, EDUCATION_LEVELS, LIMITATION_DEGREES } from '../schemas';
import { canonicalJson } from './ids';

/**
 * The portrait of the user as data, so that an organisation can extend it (more categories, other age
 * bands, extra conditions) in a JSON config without changing code. `DEFAULT_PORTRAIT_RULES` contains the
 * methodology's values.
 */

/** Candidate columns holding the minimum skills, economic self-sufficiency aside. */
const SKILL_FIELDS = ['skillLearning', 'skillCommunication', 'skillMobility', 'skillCauseEffect', 'skillRules', 'skillSocialNorms'] as const;
type SkillField = (typeof SKILL_FIELDS)[number];

/** Inclusive range of full years of age. */
interface AgeBand {
	min: number;
	max: number;
}

/** A yes/no condition an organisation adds to the portrait, read from a candidate column. */
interface ExtraCondition {
	/** Candidate column key; it may be a column the organisation added to its own base. */
	field: string;
	/** Russian name shown in reasons; defaults to the column's label when the column is a standard one. */
	label?: string;
	/** The value the condition requires. */
	expected: boolean;
	/** Russian advice appended to the reason when the condition fails. */
	hint?: string;
}

interface PortraitRules {
	/** Stored with every portrait check so that checks made under different rules stay comparable. */
	rulesVersion: string;
	/**
	 * Every graduate fits the general band. A ПНИ leaver fits the general band or the ПНИ band, because the
	 * methodology adds 31–39 years for ПНИ leavers without taking 14–30 away from them.
	 */
	ageBands: { general: AgeBand; pniLeaver: AgeBand };
	/** Social categories that the organisation serves. */
	categories: string[];
	educationLevels: string[];
	allowedDisabilityGroups: string[];
	allowedWorkCapacityLimitations: string[];
	/** Degrees of limitation of control over one's behaviour (ИПРА); checked only for people with a disability. */
	allowedBehaviourControlLimitations: string[];
	/** More months than this under a labour contract at one workplace fail the portrait, unless an exception applies. */
	maxMonthsAtOneWorkplace: number;
	/** Exceptions to the work-experience limit that the organisation accepts. */
	workExperienceExceptions: { acquiredDisabilityWorkedBefore: boolean; workedAtSpecialisedEnterprise: boolean };
	requireLegalCapacity: boolean;
	rejectChemicalDependency: boolean;
	requireGeographicAccess: boolean;
	requireActivePosition: boolean;
	/** A formalised request, or a non-formalised one with at least one need that work can meet. */
	requireRequest: boolean;
	requiredSkills: Record<SkillField, boolean>;
	/** An idea of economic participation or financial decisions made at least sometimes. */
	requireEconomicSelfSufficiency: boolean;
	extraConditions: ExtraCondition[];
}

const DEFAULT_RULES_VERSION = 'ТЖЦТ-1';

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object') {
		for (const child of Object.values(value)) {
			deepFreeze(child);
		}
		Object.freeze(value);
	}
	return value;
}

/** Frozen, so that no caller can change the methodology's values for everyone else in the process. */
const DEFAULT_PORTRAIT_RULES: PortraitRules = deepFreeze({
	rulesVersion: DEFAULT_RULES_VERSION,
	ageBands: { general: { min: 14, max: 30 }, pniLeaver: { min: 31, max: 39 } },
	categories: [...CATEGORIES],
	educationLevels: ['Основное общее', 'Среднее общее', 'Среднее профессиональное', 'Высшее'],
	allowedDisabilityGroups: ['Нет', 'II группа', 'III группа'],
	allowedWorkCapacityLimitations: ['Нет', 'I степень', 'II степень'],
	allowedBehaviourControlLimitations: ['Нет', 'I степень', 'II степень'],
	maxMonthsAtOneWorkplace: 6,
	workExperienceExceptions: { acquiredDisabilityWorkedBefore: true, workedAtSpecialisedEnterprise: true },
	requireLegalCapacity: true,
	rejectChemicalDependency: true,
	requireGeographicAccess: true,
	requireActivePosition: true,
	requireRequest: true,
	requiredSkills: {
		skillLearning: true,
		skillCommunication: true,
		skillMobility: true,
		skillCauseEffect: true,
		skillRules: true,
		skillSocialNorms: true,
	},
	requireEconomicSelfSufficiency: true,
	extraConditions: [],
});

// Validation of an organisation's JSON config. Every custom message names what to write instead.

const flag = () => z.boolean({ error: 'Ожидается true или false' });

const age = z
	.number({ error: 'Ожидается целое число лет' })
	.int({ error: 'Ожидается целое число лет' })
	.min(0, { error: 'Возраст не может быть меньше 0' })
	.max(120, { error: 'Возраст не может быть больше 120' });

const ageBandConfig = z
	.strictObject({ min: age.optional(), max: age.optional() })
	.refine((band) => band.min === undefined || band.max === undefined || band.min <= band.max, {
		error: 'Нижняя граница возраста (min) больше верхней (max): поменяйте их местами',
		path: ['max'],
	});

function subsetOf(values: readonly string[]) {
	return z
		.array(z.enum(values as unknown as [string, ...string[]], { error: `Допустимые значения: ${values.join(', ')}` }), { error: 'Ожидается список значений' })
		.min(1, { error: 'Список не может быть пустым' });
}

const categoryList = z
	.array(z.string({ error: 'Ожидается название категории' }).trim().min(1, { error: 'Категория не может быть пустой строкой' }), {
		error: 'Ожидается список названий категорий',
	});

const extraCondition = z.strictObject({
	field: z.string({ error: 'Ожидается ключ столбца кандидата' }).trim().min(1, { error: 'Укажите ключ столбца кандидата' }),
	label: z.string({ error: 'Ожидается русское название условия' }).trim().min(1, { error: 'Название не может быть пустым' }).optional(),
	expected: flag().default(true),
	hint: z.string({ error: 'Ожидается текст' }).optional(),
});

const requiredSkillsConfig = z.strictObject(Object.fromEntries(SKILL_FIELDS.map((field) => [field, flag().optional()])) as Record<SkillField, z.ZodOptional<z.ZodBoolean>>);

/**
 * Schema of an organisation's portrait config. Every key is optional and overrides the default. A list
 * replaces the default list, except `extraCategories`, which is added to the categories.
 */
const portraitRulesConfigSchema = z.strictObject({
	rulesVersion: z.string({ error: 'Ожидается текст' }).trim().min(1, { error: 'Версия не может быть пустой' }).optional(),
	ageBands: z.strictObject({ general: ageBandConfig.optional(), pniLeaver: ageBandConfig.optional() }).optional(),
	categories: categoryList.min(1, { error: 'Список категорий не может быть пустым' }).optional(),
	extraCategories: categoryList.optional(),
	educationLevels: subsetOf(EDUCATION_LEVELS).optional(),
	allowedDisabilityGroups: subsetOf(DISABILITY_GROUPS).optional(),
	allowedWorkCapacityLimitations: subsetOf(LIMITATION_DEGREES).optional(),
	allowedBehaviourControlLimitations: subsetOf(LIMITATION_DEGREES).optional(),
	maxMonthsAtOneWorkplace: z
		.number({ error: 'Ожидается целое число месяцев' })
		.int({ error: 'Ожидается целое число месяцев' })
		.min(0, { error: 'Число месяцев не может быть меньше 0' })
		.optional(),
	workExperienceExceptions: z
		.strictObject({
			acquiredDisabilityWorkedBefore: flag().optional(),
			workedAtSpecialisedEnterprise: flag().optional(),
		})
		.optional(),
	requireLegalCapacity: flag().optional(),
	rejectChemicalDependency: flag().optional(),
	requireGeographicAccess: flag().optional(),
	requireActivePosition: flag().optional(),
	requireRequest: flag().optional(),
	requiredSkills: requiredSkillsConfig.optional(),
	requireEconomicSelfSufficiency: flag().optional(),
	extraConditions: z.array(extraCondition, { error: 'Ожидается список условий' }).optional(),
});

type PortraitRulesConfig = z.input<typeof portraitRulesConfigSchema>;

type PortraitRulesResolution = { ok: true; rules: PortraitRules } | { ok: false; problems: string[] };

const RUSSIAN_ERRORS = z.locales.ru().localeError;

function describePath(path: ReadonlyArray<PropertyKey>): string {
	if (path.length === 0) {
		return 'Правила портрета';
	}
	// Positions in lists are counted from 1, as a person reading the config counts them.
	const text = path.map((part, index) => (typeof part === 'number' ? `[${part + 1}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('');
	return `Правила портрета, «${text}»`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
	if (issue.code === 'unrecognized_keys') {
		const keys = issue.keys.map((key) => `«${key}»`).join(', ');
		return `${describePath(issue.path)}: неизвестный ключ ${keys}. Удалите его или исправьте название.`;
	}
	return `${describePath(issue.path)}: ${issue.message}`;
}

function checkExtraLabels(conditions: ReadonlyArray<{ field: string; label?: string }>): string[] {
	const standard = candidates.columns as Record<string, { label: string } | undefined>;
	const problems: string[] = [];
	conditions.forEach((condition, index) => {
		if (!condition.label && !standard[condition.field]) {
			problems.push(
				`${describePath(['extraConditions', index, 'label'])}: столбец «${condition.field}» не из стандартной анкеты, поэтому укажите русское название условия (label).`,
			);
		}
	});
	return problems;
}

/** Derives a version from the config's content when the organisation did not name one. */
function derivedVersion(config: object): string {
	const digest = createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 8);
	return `${DEFAULT_RULES_VERSION}+${digest}`;
}

/**
 * Validates an organisation's portrait config and merges it over the defaults. Returns Russian problems,
 * one per invalid value, naming the key and the fix. A config that changes any rule but names no
 * `rulesVersion` gets a version derived from its content, so two different configs never share a version.
 */
function resolvePortraitRules(config: unknown, base: PortraitRules = DEFAULT_PORTRAIT_RULES): PortraitRulesResolution {
	if (config === undefined || config === null) {
		return { ok: true, rules: base };
	}

	const parsed = portraitRulesConfigSchema.safeParse(config, { error: RUSSIAN_ERRORS });
	if (!parsed.success) {
		return { ok: false, problems: parsed.error.issues.map(describeIssue) };
	}

	const value = parsed.data;
	const labelProblems = checkExtraLabels(value.extraConditions ?? []);
	if (labelProblems.length > 0) {
		return { ok: false, problems: labelProblems };
	}

	const general = { ...base.ageBands.general, ...value.ageBands?.general };
	const pniLeaver = { ...base.ageBands.pniLeaver, ...value.ageBands?.pniLeaver };
	const bandProblems: string[] = [];
	for (const [name, band] of [['general', general], ['pniLeaver', pniLeaver]] as const) {
		if (band.min > band.max) {
			bandProblems.push(`${describePath(['ageBands', name])}: нижняя граница возраста ${band.min} больше верхней ${band.max}: исправьте min или max.`);
		}
	}
	if (bandProblems.length > 0) {
		return { ok: false, problems: bandProblems };
	}

	const categories = [...(value.categories ?? base.categories)];
	for (const extra of value.extraCategories ?? []) {
		if (!categories.includes(extra)) {
			categories.push(extra);
		}
	}

	const changesRules = Object.keys(value).some((key) => key !== 'rulesVersion');
	const rulesVersion = value.rulesVersion ?? (changesRules ? derivedVersion(value) : base.rulesVersion);

	const rules: PortraitRules = {
		rulesVersion,
		ageBands: { general, pniLeaver },
		categories,
		educationLevels: [...(value.educationLevels ?? base.educationLevels)],
		allowedDisabilityGroups: [...(value.allowedDisabilityGroups ?? base.allowedDisabilityGroups)],
		allowedWorkCapacityLimitations: [...(value.allowedWorkCapacityLimitations ?? base.allowedWorkCapacityLimitations)],
		allowedBehaviourControlLimitations: [...(value.allowedBehaviourControlLimitations ?? base.allowedBehaviourControlLimitations)],
		maxMonthsAtOneWorkplace: value.maxMonthsAtOneWorkplace ?? base.maxMonthsAtOneWorkplace,
		workExperienceExceptions: { ...base.workExperienceExceptions, ...value.workExperienceExceptions },
		requireLegalCapacity: value.requireLegalCapacity ?? base.requireLegalCapacity,
		rejectChemicalDependency: value.rejectChemicalDependency ?? base.rejectChemicalDependency,
		requireGeographicAccess: value.requireGeographicAccess ?? base.requireGeographicAccess,
		requireActivePosition: value.requireActivePosition ?? base.requireActivePosition,
		requireRequest: value.requireRequest ?? base.requireRequest,
		requiredSkills: { ...base.requiredSkills, ...value.requiredSkills },
		requireEconomicSelfSufficiency: value.requireEconomicSelfSufficiency ?? base.requireEconomicSelfSufficiency,
		extraConditions: (value.extraConditions ?? base.extraConditions).map((condition) => ({ ...condition })),
	};
	return { ok: true, rules };
}

export { DEFAULT_PORTRAIT_RULES, DEFAULT_RULES_VERSION, SKILL_FIELDS, portraitRulesConfigSchema, resolvePortraitRules };
export type { AgeBand, ExtraCondition, PortraitRules, PortraitRulesConfig, PortraitRulesResolution, SkillField };
