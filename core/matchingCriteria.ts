/**
 * The criteria that decide whether a vacancy fits a candidate. Each criterion returns reasons in Russian
 * for the recruiter. Health data (disability group, diagnosis groups, ИПРА) is read only inside these
 * functions: no reason names it, so a list of matches can be shown or sent without disclosing it.
 */
import { candidates as candidatesTable, EDUCATION_LEVELS, type Candidate, type Vacancy } from '../schemas';
import { ageOn, isIsoDate, type IsoDate } from './calendar';
import { SKILL_FIELDS } from './portraitRules';
import { vacancyTypeRule } from './vacancies';

export type CriterionCode = 'status' | 'type' | 'location' | 'education' | 'experience' | 'age' | 'category' | 'quota' | 'workplace' | 'support' | 'skills' | 'urgency';

/** `plus` raises the rank, `fit` is neutral, `unknown` lowers the rank, `misfit` excludes the pair. */
export type CriterionOutcome = 'plus' | 'fit' | 'unknown' | 'misfit';

export interface MatchReason {
	criterion: CriterionCode;
	outcome: CriterionOutcome;
	message: string;
}

/** Facts about a candidate beyond the profile row, derived from the route history. */
export interface CandidateProfile {
	candidate: Candidate;
	/** Known months of work: the longest job in the profile or the months of work in the route, whichever is longer; null when unknown. */
	workMonths: number | null;
	/** True while the user is in supported employment and needs a vacancy with it; null when not known. */
	needsSupport: boolean | null;
	/** True while the user is in temporary employment, where temporary-employment sites are offered. */
	inTemporaryEmployment: boolean;
}

const DISABILITY_CATEGORY = 'Молодой человек с инвалидностью';
const ORPHAN_CATEGORY = 'Выпускник сиротского учреждения';
const DISABILITY_GROUPS_PRESENT = ['I группа', 'II группа', 'III группа'];

function reason(criterion: CriterionCode, outcome: CriterionOutcome, message: string): MatchReason {
	return { criterion, outcome, message };
}

/** Lower case, `ё` as `е`, punctuation as spaces: the form in which place names and requirements are compared. */
function normalised(text: string): string {
	return ` ${text.toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/[^a-zа-я0-9]+/g, ' ').trim()} `;
}

export function checkStatus(vacancy: Vacancy): MatchReason[] {
	if (vacancy.status && vacancy.status !== 'Открыта') {
		return [reason('status', 'misfit', `Вакансия в статусе «${vacancy.status}».`)];
	}
	return [];
}

/**
 * Open-market and dedicated-function vacancies are offered to users; temporary-employment sites only to
 * users of the service «Временное трудоустройство».
 */
export function checkType(vacancy: Vacancy, profile: CandidateProfile): MatchReason[] {
	const rule = vacancyTypeRule(vacancy.type);
	if (!rule) {
		return [reason('type', 'unknown', 'У вакансии не указан тип: уточните, открытая ли это вакансия или вакансия с выделенными функциями.')];
	}
	if (rule.temporaryEmployment) {
		return profile.inTemporaryEmployment
			? [reason('type', 'fit', `«${vacancy.type}»: пользователь получает услугу «Временное трудоустройство».`)]
			: [reason('type', 'misfit', `«${vacancy.type}» подбирается только пользователям услуги «Временное трудоустройство».`)];
	}
	if (!rule.published) {
		return [reason('type', 'plus', 'Вакансия с выделенными простыми функциями, только для пользователей.')];
	}
	return [reason('type', 'fit', 'Открытая вакансия: пользователь получит дополнительную поддержку.')];
}

function isRemote(vacancy: Vacancy): boolean {
	return /удален|дистанц/.test(normalised(`${vacancy.schedule ?? ''} ${vacancy.employment ?? ''}`));
}

function cityKey(city: string): string {
	return normalised(city)
		.replace(/ (г|гор|город) /g, ' ')
		.trim();
}

/**
 * Compares a vacancy's place of work with a city: 'remote' for remote work, 'unknown' when the vacancy
 * names no place, else whether the city's name appears as a word in the vacancy's city, address or region.
 */
export function vacancyInCity(vacancy: Vacancy, city: string): 'remote' | 'unknown' | 'yes' | 'no' {
	if (isRemote(vacancy)) {
		return 'remote';
	}
	const place = [vacancy.city, vacancy.address, vacancy.region].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
	if (place.length === 0) {
		return 'unknown';
	}
	const key = cityKey(city);
	return key !== '' && normalised(place.join(' ')).includes(` ${key} `) ? 'yes' : 'no';
}

export function checkLocation(vacancy: Vacancy, candidate: Candidate): MatchReason[] {
	if (isRemote(vacancy)) {
		return [reason('location', 'fit', 'Удаленная работа: место жительства не важно.')];
	}
	if (!candidate.city) {
		return [reason('location', 'unknown', 'У кандидата не указан город: уточните, где он живет.')];
	}
	switch (vacancyInCity(vacancy, candidate.city)) {
		case 'unknown':
			return [reason('location', 'unknown', 'В вакансии не указаны город и адрес: уточните место работы.')];
		case 'no':
			return [reason('location', 'misfit', `Вакансия в другом месте: ${vacancy.city ?? vacancy.region ?? vacancy.address}.`)];
		default:
			return [reason('location', 'fit', `Вакансия в городе кандидата (${candidate.city}).`)];
	}
}

/** Education levels from lowest to highest. */
const EDUCATION_ORDER: readonly string[] = ['Нет основного общего', 'Основное общее', 'Среднее общее', 'Среднее профессиональное', 'Высшее'];

/**
 * Reads the required level from a vacancy's education text as job portals write it («Высшее образование —
 * бакалавриат», «Среднее профессиональное», «Требования не предъявляются»). Returns 'none' when no
 * education is required and undefined when the text is not recognised.
 */
export function requiredEducationLevel(text: string | null | undefined): (typeof EDUCATION_LEVELS)[number] | 'none' | undefined {
	if (!text || text.trim() === '') {
		return 'none';
	}
	const value = normalised(text);
	if (/ не (предъявля|требует|обязател)| без требовани| любое | не имеет значения /.test(value)) {
		return 'none';
	}
	if (/ высш/.test(value)) {
		return 'Высшее';
	}
	if (/ средн\S* проф| спо | начальн\S* проф/.test(value)) {
		return 'Среднее профессиональное';
	}
	if (/ средн/.test(value)) {
		return 'Среднее общее';
	}
	if (/ основн/.test(value)) {
		return 'Основное общее';
	}
	return undefined;
}

export function checkEducation(vacancy: Vacancy, candidate: Candidate): MatchReason[] {
	const required = requiredEducationLevel(vacancy.education);
	if (required === 'none') {
		return [];
	}
	if (required === undefined) {
		return [reason('education', 'unknown', `Требование к образованию не распознано («${vacancy.education}»): сверьте его с образованием кандидата.`)];
	}
	if (!candidate.education) {
		return [reason('education', 'unknown', `Требуется образование не ниже уровня «${required}», а у кандидата образование не указано.`)];
	}
	if (EDUCATION_ORDER.indexOf(candidate.education) < EDUCATION_ORDER.indexOf(required)) {
		return [reason('education', 'misfit', `Требуется образование не ниже уровня «${required}», у кандидата — «${candidate.education}».`)];
	}
	return [reason('education', 'fit', `Образование кандидата соответствует требованию («${required}»).`)];
}

export function checkExperience(vacancy: Vacancy, profile: CandidateProfile): MatchReason[] {
	const years = vacancy.experienceYears ?? 0;
	if (years <= 0) {
		return [reason('experience', 'fit', 'Опыт работы не требуется.')];
	}
	if (profile.workMonths === null) {
		return [reason('experience', 'unknown', `Требуется опыт от ${years} г., а опыт кандидата не указан.`)];
	}
	if (profile.workMonths < years * 12) {
		return [reason('experience', 'misfit', `Требуется опыт от ${years} г., у кандидата известно ${profile.workMonths} мес.`)];
	}
	return [reason('experience', 'fit', `Опыт кандидата (${profile.workMonths} мес.) не меньше требуемого (${years} г.).`)];
}

export function checkAge(vacancy: Vacancy, candidate: Candidate, asOf: IsoDate): MatchReason[] {
	if (typeof vacancy.minAge !== 'number') {
		return [];
	}
	if (!isIsoDate(candidate.birthDate)) {
		return [reason('age', 'unknown', `Вакансия с ${vacancy.minAge} лет, а дата рождения кандидата не указана.`)];
	}
	const age = ageOn(candidate.birthDate, asOf);
	return age < vacancy.minAge ? [reason('age', 'misfit', `Вакансия с ${vacancy.minAge} лет, кандидату ${age}.`)] : [reason('age', 'fit', `Возраст подходит (с ${vacancy.minAge} лет).`)];
}

/** Categories are named only from the vacancy's side: the category of a disability is itself health data. */
export function checkCategory(vacancy: Vacancy, candidate: Candidate): MatchReason[] {
	const categories: readonly string[] = vacancy.suitableCategories ?? [];
	if (categories.length === 0) {
		return [];
	}
	if (!candidate.category) {
		return [reason('category', 'unknown', `Вакансия для категорий: ${categories.join('; ')}. Категория кандидата не указана.`)];
	}
	return categories.includes(candidate.category)
		? [reason('category', 'plus', 'Вакансия предназначена для категории кандидата.')]
		: [reason('category', 'misfit', `Вакансия предназначена для других категорий: ${categories.join('; ')}.`)];
}

/** True with a disability, false when «Нет» is recorded, null when nothing indicates either. */
function hasDisability(candidate: Candidate): boolean | null {
	if (candidate.disabilityGroup === 'Нет') {
		return false;
	}
	if ((candidate.disabilityGroup && DISABILITY_GROUPS_PRESENT.includes(candidate.disabilityGroup)) || candidate.category === DISABILITY_CATEGORY || candidate.hasIpra === true) {
		return true;
	}
	return null;
}

/**
 * Returns who a quota workplace is reserved for, read from the vacancy's «Подходит при нарушениях» text.
 * The groups are people with disabilities (the usual case, and the reading when the text names no
 * category) and orphan-institution leavers.
 */
function quotaGroups(suitableFor: string | null | undefined): { disability: boolean; orphans: boolean } {
	const text = normalised(suitableFor ?? '');
	const orphans = /сирот|детск\S* дом|без попечения/.test(text);
	const disability = /инвалид|нарушен|функци|ограничен/.test(text) || !orphans;
	return { disability, orphans };
}

export function checkQuota(vacancy: Vacancy, candidate: Candidate): MatchReason[] {
	if (vacancy.quota !== true) {
		return [];
	}
	const groups = quotaGroups(vacancy.suitableFor);
	const disability = hasDisability(candidate);
	const orphan = candidate.category ? candidate.category === ORPHAN_CATEGORY : null;
	if ((groups.disability && disability === true) || (groups.orphans && orphan === true)) {
		return [reason('quota', 'plus', 'Квотируемое рабочее место, кандидат может его занять.')];
	}
	const unknown = (groups.disability && disability === null) || (groups.orphans && orphan === null);
	return unknown
		? [reason('quota', 'unknown', 'Квотируемое рабочее место: уточните в профиле кандидата, относится ли он к категории, для которой квотируется место.')]
		: [reason('quota', 'misfit', 'Квотируемое рабочее место для другой категории граждан.')];
}

/** Diagnosis groups (by ICD-10 chapter) that a kind of workplace adaptation serves, by keyword of the portal's wording. */
const ADAPTATION_GROUPS: ReadonlyArray<{ pattern: RegExp; groups: readonly string[] }> = [
	{ pattern: /слух|глух|зрени|слеп|незряч/, groups: ['H — болезни глаза и уха'] },
	{ pattern: /опорно двигат|передвиж|колясоч/, groups: ['M — болезни костно-мышечной системы', 'G — болезни нервной системы', 'Q — врожденные аномалии'] },
	{ pattern: /ментальн|умствен|интеллект|психич/, groups: ['F — психические расстройства и расстройства поведения'] },
	{ pattern: /нервн/, groups: ['G — болезни нервной системы'] },
];

/** Compares the impairments a workplace is adapted to with the candidate's diagnosis groups, without naming either of the candidate's. */
export function checkWorkplace(vacancy: Vacancy, candidate: Candidate): MatchReason[] {
	const text = normalised(vacancy.suitableFor ?? '');
	const served = ADAPTATION_GROUPS.filter((entry) => entry.pattern.test(text)).flatMap((entry) => entry.groups);
	const diagnoses = candidate.diagnosisGroups ?? [];
	if (served.length === 0 || hasDisability(candidate) !== true || diagnoses.length === 0) {
		return [];
	}
	return diagnoses.some((group) => served.includes(group))
		? [reason('workplace', 'plus', 'Рабочее место оборудовано с учетом особенностей кандидата.')]
		: [reason('workplace', 'unknown', `Рабочее место оборудовано для определенных нарушений («${vacancy.suitableFor}»): уточните у работодателя, подходят ли кандидату условия труда.`)];
}

export function checkSupport(vacancy: Vacancy, profile: CandidateProfile): MatchReason[] {
	if (vacancy.supported === true) {
		return [reason('support', 'plus', 'С сопровождаемым трудоустройством.')];
	}
	if (profile.needsSupport !== true) {
		return [];
	}
	return vacancy.supported === false
		? [reason('support', 'misfit', 'Пользователю нужно сопровождаемое трудоустройство, а вакансия без сопровождения.')]
		: [reason('support', 'unknown', 'Пользователю нужно сопровождаемое трудоустройство: уточните у работодателя, возможно ли оно.')];
}

const SKILL_BY_LABEL = new Map<string, (typeof SKILL_FIELDS)[number]>(SKILL_FIELDS.map((field) => [candidatesTable.columns[field].label, field]));

export function checkSkills(vacancy: Vacancy, candidate: Candidate): MatchReason[] {
	const reasons: MatchReason[] = [];
	for (const skill of vacancy.requiredSkills ?? []) {
		const field = SKILL_BY_LABEL.get(skill);
		const value = field ? candidate[field] : undefined;
		if (value === true) {
			reasons.push(reason('skills', 'fit', `Есть необходимый навык: «${skill}».`));
		} else if (value === false) {
			reasons.push(reason('skills', 'misfit', `Нужен навык «${skill}», у кандидата он пока не сформирован.`));
		} else {
			reasons.push(reason('skills', 'unknown', `Нужен навык «${skill}»: в профиле кандидата он не отмечен.`));
		}
	}
	return reasons;
}

export function checkUrgency(vacancy: Vacancy): MatchReason[] {
	return vacancy.urgent === true ? [reason('urgency', 'plus', 'Срочная вакансия.')] : [];
}
