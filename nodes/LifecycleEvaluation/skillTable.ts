import type { IDataObject } from 'n8n-workflow';

import { EVALUATION_FORMS, type SkillComparison, type SkillObservation } from '../../core/evaluations';
import { serviceName } from '../../schemas';

/** Russian rows of the skill comparison that the evaluation and episode nodes output. */

function observation(item: SkillObservation | undefined): IDataObject | null {
	if (!item) {
		return null;
	}
	return { Уровень: item.level, Дата: item.date, Форма: EVALUATION_FORMS[item.form].label, Услуга: serviceName(item.service) };
}

/** Returns one row per skill: the first, previous and current level side by side, with the trend. */
export function comparisonRows(comparison: readonly SkillComparison[]): IDataObject[] {
	return comparison.map((item) => ({
		Навык: item.label,
		'Первая оценка': observation(item.first),
		'Предыдущая оценка': observation(item.previous),
		'Текущая оценка': observation(item.current),
		Динамика: item.trendLabel,
		'Изменение с первой оценки': item.changeSinceFirst,
		'Число оценок': item.observations,
	}));
}
