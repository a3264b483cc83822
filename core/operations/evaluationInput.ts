import { EVALUATION_FORMS, SKILL_SCALE, SKILLS, type EvaluationFormId, type SkillKey } from '../evaluations';

/**
 * Reads skill levels from what a form or a node item sends. Each criterion is keyed by the skill key
 * («discipline») or by its Russian name («Трудовая дисциплина и пунктуальность»). Its level is a number,
 * a string such as "4", or a scale option such as "4 — Проявляется самостоятельно, с отдельными ошибками".
 */

/** Scale options as a form shows them: "level — label". */
export const SCALE_OPTIONS: readonly string[] = SKILL_SCALE.map((step) => `${step.level} — ${step.label}`);

/** Field name of a nested object of levels in an item, used when the levels do not come as separate fields. */
export const LEVELS_FIELD = 'Уровни навыков';

function parseLevel(value: unknown): unknown {
	if (typeof value === 'number') {
		return value;
	}
	if (typeof value !== 'string') {
		return value;
	}
	const text = value.trim();
	const byLabel = SKILL_SCALE.find((step) => step.label.toLowerCase() === text.toLowerCase());
	if (byLabel) {
		return byLabel.level;
	}
	const leading = /^(\d+)(\s*[—–-].*)?$/.exec(text);
	return leading ? Number(leading[1]) : value;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Returns the levels of a form's criteria found in `source`, by skill key. Fields that are not criteria of
 * the form are ignored, except inside a nested «Уровни навыков» object, where an unknown skill is passed on
 * so that validation names it.
 */
export function readSkillLevels(source: Record<string, unknown>, form: EvaluationFormId): Record<string, unknown> {
	const levels: Record<string, unknown> = {};
	const criteria = EVALUATION_FORMS[form]?.criteria ?? [];
	for (const skill of criteria) {
		const value = source[skill] ?? source[SKILLS[skill]];
		if (!isEmpty(value)) {
			levels[skill] = parseLevel(value);
		}
	}

	const nested = source[LEVELS_FIELD];
	if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
		for (const [name, value] of Object.entries(nested as Record<string, unknown>)) {
			if (isEmpty(value)) {
				continue;
			}
			const key = (Object.keys(SKILLS) as SkillKey[]).find((skill) => skill === name || SKILLS[skill] === name) ?? name;
			levels[key] = parseLevel(value);
		}
	}
	return levels;
}

/** Reads «Да»/«Нет» (or a boolean) as the exam result; anything else is "not given". */
export function readExamPassed(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') {
		return value;
	}
	if (typeof value !== 'string') {
		return undefined;
	}
	const text = value.trim().toLowerCase();
	if (['да', 'сдан', 'true'].includes(text)) {
		return true;
	}
	if (['нет', 'не сдан', 'false'].includes(text)) {
		return false;
	}
	return undefined;
}
