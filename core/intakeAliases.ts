/**
 * Everyday answers that mean one of a questionnaire option: «СПО» for «Среднее профессиональное», «2» or
 * «II гр.» for «II группа», an ICD-10 code for its diagnosis group. Each resolver receives the answer's
 * comparison key (lower case, no spaces, `ё` as `е`, see `answerKey`) and returns the option or undefined.
 */
import { CATEGORIES, DIAGNOSIS_GROUPS, DISABILITY_GROUPS, EDUCATION_LEVELS, LIMITATION_DEGREES, REQUEST_TYPES } from '../schemas';
import type { ChoiceAliases } from './normalize';

function fromTable(table: Record<string, string>): ChoiceAliases {
	return (key) => table[key];
}

const [BASIC, SECONDARY, VOCATIONAL, HIGHER, BELOW_BASIC] = EDUCATION_LEVELS;

const educationAliases = fromTable({
	основное: BASIC,
	'9классов': BASIC,
	неполноесреднее: BASIC,
	среднее: SECONDARY,
	'11классов': SECONDARY,
	полноесреднее: SECONDARY,
	спо: VOCATIONAL,
	'средне-профессиональное': VOCATIONAL,
	среднеепрофессиональное: VOCATIONAL,
	среднееспециальное: VOCATIONAL,
	колледж: VOCATIONAL,
	техникум: VOCATIONAL,
	вуз: HIGHER,
	бакалавриат: HIGHER,
	специалитет: HIGHER,
	магистратура: HIGHER,
	нет: BELOW_BASIC,
	начальное: BELOW_BASIC,
	безобразования: BELOW_BASIC,
});

const ORDINALS: Array<[RegExp, number]> = [
	[/^(1|i|перв[а-я]*)$/, 1],
	[/^(2|ii|втор[а-я]*)$/, 2],
	[/^(3|iii|трет[а-я]*)$/, 3],
];

const NONE_ANSWERS = new Set(['нет', 'отсутствует', 'неимеет', 'безгруппы', 'безограничений', 'неустановлена', 'ограниченийнет']);

/** Resolves «2», «II», «2 гр.», «вторая группа» and «нет» against options «Нет», «I …», «II …», «III …». */
function ordinalAliases(options: readonly string[], suffix: RegExp): ChoiceAliases {
	return (key) => {
		if (NONE_ANSWERS.has(key)) {
			return options[0];
		}
		const bare = key.replace(suffix, '');
		for (const [pattern, number] of ORDINALS) {
			if (pattern.test(bare)) {
				return options[number];
			}
		}
		return undefined;
	};
}

const disabilityGroupAliases = ordinalAliases(DISABILITY_GROUPS, /(группы|группа|гр\.?)$/);
const limitationAliases = ordinalAliases(LIMITATION_DEGREES, /(степени|степень|ст\.?)$/);

/** Maps a chapter letter (F) or an ICD-10 code (F70, G40.1) to its diagnosis group; other letters to «Другое». */
const diagnosisAliases: ChoiceAliases = (key) => {
	const match = /^([a-z])(\d{2}(\.\d{1,2})?)?$/.exec(key);
	if (match === null) {
		return DIAGNOSIS_GROUPS.find((group) => key === group.split('—')[1]?.replace(/\s+/g, '').toLowerCase());
	}
	const letter = match[1].toUpperCase();
	const group = DIAGNOSIS_GROUPS.find((option) => option.startsWith(`${letter} —`));
	if (group !== undefined) {
		return group;
	}
	return match[2] === undefined ? undefined : DIAGNOSIS_GROUPS[DIAGNOSIS_GROUPS.length - 1];
};

const [ORPHAN, CORRECTIONAL, DISABLED] = CATEGORIES;

const categoryAliases = fromTable({
	сирота: ORPHAN,
	выпускникдетскогодома: ORPHAN,
	детскийдом: ORPHAN,
	выпускникцссв: ORPHAN,
	коррекционнаяшкола: CORRECTIONAL,
	выпускниккоррекционнойшколы: CORRECTIONAL,
	инвалидность: DISABLED,
	синвалидностью: DISABLED,
	человексинвалидностью: DISABLED,
});

const requestAliases = fromTable({ нет: REQUEST_TYPES[2], отсутствует: REQUEST_TYPES[2] });

/** Alias resolvers by candidate column key. */
export const CHOICE_ALIASES: Partial<Record<string, ChoiceAliases>> = {
	education: educationAliases,
	disabilityGroup: disabilityGroupAliases,
	workCapacityLimitation: limitationAliases,
	behaviourControlLimitation: limitationAliases,
	diagnosisGroups: diagnosisAliases,
	category: categoryAliases,
	requestType: requestAliases,
};
