import { candidates, type Candidate, type PortraitCheck, type ServiceNumber, type Verdict } from '../schemas';
import { ageOn, compareDates, parseIsoDate, type IsoDate } from './calendar';
import { DEFAULT_PORTRAIT_RULES, SKILL_FIELDS, type AgeBand, type PortraitRules, type SkillField } from './portraitRules';

/**
 * The check of a graduate against the portrait of the user. Every condition yields pass, fail or unknown;
 * null or undefined in a candidate field means "not known yet", never "no". One failed condition makes
 * the verdict «Не соответствует», even when other fields are unknown, because more data cannot repair
 * a failure.
 */

type PortraitCondition =
	| 'age'
	| 'education'
	| 'disabilityGroup'
	| 'workCapacity'
	| 'workExperience'
	| 'category'
	| 'legalCapacity'
	| 'chemicalDependency'
	| 'behaviourControl'
	| 'geographicAccess'
	| 'activePosition'
	| 'request'
	| SkillField
	| 'economicSelfSufficiency'
	| `extra:${string}`;

/** A portrait condition that failed or could not be checked, with the reason. */
interface PortraitReason {
	condition: PortraitCondition;
	/** Candidate columns the condition reads. */
	fields: string[];
	/** One Russian sentence or two: the field by its label and what the recruiter should do. */
	message: string;
}

type FollowUpCode = 'noInn' | 'innUnknown' | 'noPassport' | 'noIpra' | 'chemicalDependency' | 'noMobility' | 'noActivePosition' | 'noRequest';

/** A recommendation that never changes the verdict, e.g. social-psychological services to get an ИНН. */
interface PortraitFollowUp {
	code: FollowUpCode;
	/** The service to recommend, or null when the recruiter only has to ask for a document. */
	service: ServiceNumber | null;
	message: string;
}

interface PortraitResult {
	verdict: Verdict;
	failed: PortraitReason[];
	unknown: PortraitReason[];
	/** Full years on `checkedAt`, or null when the birth date is missing or invalid. */
	age: number | null;
	followUps: PortraitFollowUp[];
	rulesVersion: string;
	checkedAt: IsoDate;
}

type Finding = { kind: 'fail' | 'unknown'; reason: PortraitReason } | null;

type CandidateInput = Partial<Candidate>;

const DISABILITY_CATEGORY = 'Молодой человек с инвалидностью';
const DISABILITY_PRESENT = ['I группа', 'II группа', 'III группа'];

function label(field: string): string {
	const column = (candidates.columns as Record<string, { label: string } | undefined>)[field];
	return column ? column.label : field;
}

function quoted(field: string): string {
	return `«${label(field)}»`;
}

function isUnset(value: unknown): value is null | undefined {
	return value === null || value === undefined || value === '';
}

/** Russian plural form: 1 год, 2 года, 5 лет; 21 месяц, 22 месяца, 11 месяцев. */
function pluralRu(count: number, one: string, few: string, many: string): string {
	const lastTwo = Math.abs(count) % 100;
	const last = lastTwo % 10;
	if (lastTwo >= 11 && lastTwo <= 14) {
		return many;
	}
	if (last === 1) {
		return one;
	}
	if (last >= 2 && last <= 4) {
		return few;
	}
	return many;
}

function years(count: number): string {
	return `${count} ${pluralRu(count, 'год', 'года', 'лет')}`;
}

function months(count: number): string {
	return `${count} ${pluralRu(count, 'месяц', 'месяца', 'месяцев')}`;
}

function fail(condition: PortraitCondition, fields: string[], message: string): Finding {
	return { kind: 'fail', reason: { condition, fields, message } };
}

function unknown(condition: PortraitCondition, fields: string[], message: string): Finding {
	return { kind: 'unknown', reason: { condition, fields, message } };
}

/** Returns true with a disability, false when «Нет» is recorded, and null when no field indicates either. */
function hasDisability(candidate: CandidateInput): boolean | null {
	if (candidate.disabilityGroup === 'Нет') {
		return false;
	}
	if (!isUnset(candidate.disabilityGroup) && DISABILITY_PRESENT.includes(candidate.disabilityGroup)) {
		return true;
	}
	if (candidate.category === DISABILITY_CATEGORY || candidate.hasIpra === true) {
		return true;
	}
	return null;
}

function within(age: number, band: AgeBand): boolean {
	return age >= band.min && age <= band.max;
}

function describeAgeBands(rules: PortraitRules): string {
	const { general, pniLeaver } = rules.ageBands;
	return `${general.min}–${general.max} лет, для выпускников ПНИ также ${pniLeaver.min}–${pniLeaver.max} лет`;
}

function checkAge(candidate: CandidateInput, asOf: IsoDate, rules: PortraitRules): { finding: Finding; age: number | null } {
	const fields = ['birthDate', 'pniLeaver'];
	const bands = describeAgeBands(rules);

	if (isUnset(candidate.birthDate)) {
		return { age: null, finding: unknown('age', fields, `Не заполнено поле ${quoted('birthDate')}: укажите дату рождения, чтобы проверить возраст (${bands}).`) };
	}
	if (!parseIsoDate(candidate.birthDate)) {
		return { age: null, finding: unknown('age', fields, `Поле ${quoted('birthDate')} заполнено неверно: укажите дату в формате ГГГГ-ММ-ДД.`) };
	}
	if (compareDates(candidate.birthDate, asOf) > 0) {
		return { age: null, finding: unknown('age', fields, `Поле ${quoted('birthDate')}: дата позже даты проверки. Исправьте дату рождения.`) };
	}

	const age = ageOn(candidate.birthDate, asOf);
	if (within(age, rules.ageBands.general)) {
		return { age, finding: null };
	}

	if (within(age, rules.ageBands.pniLeaver)) {
		if (candidate.pniLeaver === true) {
			return { age, finding: null };
		}
		if (isUnset(candidate.pniLeaver)) {
			return {
				age,
				finding: unknown('age', fields, `Возраст ${years(age)} подходит только выпускникам ПНИ, а поле ${quoted('pniLeaver')} не заполнено: уточните, выпускник ли кандидат ПНИ.`),
			};
		}
		return {
			age,
			finding: fail('age', fields, `Возраст ${years(age)} допускается только для выпускников ПНИ, а в поле ${quoted('pniLeaver')} указано «нет» (портрет: ${bands}). Проверьте ${quoted('birthDate')} и ${quoted('pniLeaver')}.`),
		};
	}

	return { age, finding: fail('age', fields, `Возраст ${years(age)} вне портрета (${bands}). Проверьте поле ${quoted('birthDate')}.`) };
}

function checkEducation(candidate: CandidateInput, rules: PortraitRules): Finding {
	const allowed = rules.educationLevels.join(', ');
	if (isUnset(candidate.education)) {
		return unknown('education', ['education'], `Не заполнено поле ${quoted('education')}: укажите уровень образования (${allowed}).`);
	}
	if (!rules.educationLevels.includes(candidate.education)) {
		return fail('education', ['education'], `Поле ${quoted('education')}: «${candidate.education}» вне портрета, нужно одно из: ${allowed}. Проверьте документ об образовании.`);
	}
	return null;
}

function checkDisabilityGroup(candidate: CandidateInput, rules: PortraitRules): Finding {
	const allowed = rules.allowedDisabilityGroups.join(', ');
	if (isUnset(candidate.disabilityGroup)) {
		return unknown('disabilityGroup', ['disabilityGroup'], `Не заполнено поле ${quoted('disabilityGroup')}: укажите группу инвалидности или «Нет».`);
	}
	// The recorded group is health data, so the message names only the allowed values, never the recorded one.
	if (!rules.allowedDisabilityGroups.includes(candidate.disabilityGroup)) {
		return fail('disabilityGroup', ['disabilityGroup'], `Поле ${quoted('disabilityGroup')}: указанная группа вне текущей технологии (допустимо: ${allowed}). Проверьте справку МСЭ.`);
	}
	return null;
}

/** Checks a degree of limitation from the ИПРА. The condition does not apply when the candidate has no disability. */
function checkLimitation(
	candidate: CandidateInput,
	condition: 'workCapacity' | 'behaviourControl',
	field: 'workCapacityLimitation' | 'behaviourControlLimitation',
	allowedValues: string[],
): Finding {
	const value = candidate[field];
	const allowed = allowedValues.join(', ');
	if (!isUnset(value) && !allowedValues.includes(value)) {
		return fail(condition, [field, 'disabilityGroup'], `Поле ${quoted(field)}: указанная степень вне текущей технологии (допустимо: ${allowed}). Проверьте ИПРА.`);
	}
	if (!isUnset(value) || hasDisability(candidate) === false) {
		return null;
	}
	return unknown(condition, [field, 'disabilityGroup'], `Не заполнено поле ${quoted(field)}: при инвалидности укажите степень по ИПРА или «Нет».`);
}

function checkWorkExperience(candidate: CandidateInput, rules: PortraitRules): Finding {
	const max = rules.maxMonthsAtOneWorkplace;
	const exceptionFields = (['acquiredDisabilityWorkedBefore', 'workedAtSpecialisedEnterprise'] as const).filter((field) => rules.workExperienceExceptions[field]);
	const fields = ['longestJobMonths', ...exceptionFields];
	const disability = hasDisability(candidate);

	// Both exceptions describe people with a disability, so they never apply when «Нет» is recorded.
	const exceptionApplies = disability !== false && exceptionFields.some((field) => candidate[field] === true);
	if (exceptionApplies) {
		return null;
	}

	const value = candidate.longestJobMonths;
	if (isUnset(value)) {
		return unknown('workExperience', fields, `Не заполнено поле ${quoted('longestJobMonths')}: укажите число месяцев (0, если кандидат не работал по трудовому договору).`);
	}
	if (!Number.isInteger(value) || value < 0) {
		return unknown('workExperience', fields, `Поле ${quoted('longestJobMonths')} заполнено неверно: укажите целое число месяцев, 0 или больше.`);
	}
	if (value <= max) {
		return null;
	}

	const limit = `больше ${months(max)} на одном рабочем месте по трудовому договору`;
	const exceptionsText = exceptionFields.map(quoted).join(' или ');
	const unsetExceptions = exceptionFields.filter((field) => isUnset(candidate[field]));
	if (disability !== false && unsetExceptions.length > 0) {
		const toFill = unsetExceptions.map(quoted).join(' и ');
		return unknown('workExperience', fields, `Поле ${quoted('longestJobMonths')}: ${months(value)}, это ${limit}. Заполните ${toFill}: при ответе «да» стаж не мешает.`);
	}

	const exceptionAdvice = exceptionFields.length > 0 ? ` Исключения (только для людей с инвалидностью): ${exceptionsText}.` : '';
	return fail('workExperience', fields, `Поле ${quoted('longestJobMonths')}: ${months(value)}, это ${limit}.${exceptionAdvice} Проверьте трудовую книжку.`);
}

function checkCategory(candidate: CandidateInput, rules: PortraitRules): Finding {
	const allowed = rules.categories.join('; ');
	if (isUnset(candidate.category)) {
		return unknown('category', ['category'], `Не заполнено поле ${quoted('category')}: выберите одну из категорий: ${allowed}.`);
	}
	if (!rules.categories.includes(candidate.category)) {
		return fail(
			'category',
			['category'],
			`Поле ${quoted('category')}: «${candidate.category}» не входит в категории организации (${allowed}). Выберите категорию из списка или добавьте ее в правила портрета организации.`,
		);
	}
	return null;
}

/** Checks a yes/no field that must equal `expected`. */
function checkFlag(
	candidate: CandidateInput,
	condition: PortraitCondition,
	field: keyof CandidateInput & string,
	expected: boolean,
	texts: { unknown: string; fail: string },
): Finding {
	const value = candidate[field];
	if (value === expected) {
		return null;
	}
	if (isUnset(value)) {
		return unknown(condition, [field], `Не заполнено поле ${quoted(field)}: ${texts.unknown}`);
	}
	if (typeof value !== 'boolean') {
		return unknown(condition, [field], `Поле ${quoted(field)} заполнено неверно: укажите «да» или «нет».`);
	}
	return fail(condition, [field], `Поле ${quoted(field)}: ${texts.fail}`);
}

function checkBehaviourControl(candidate: CandidateInput, rules: PortraitRules): Finding {
	return checkLimitation(candidate, 'behaviourControl', 'behaviourControlLimitation', rules.allowedBehaviourControlLimitations);
}

function checkRequest(candidate: CandidateInput): Finding {
	const fields = ['requestType', 'requestNeeds'];
	const type = candidate.requestType;
	if (isUnset(type)) {
		return unknown('request', fields, `Не заполнено поле ${quoted('requestType')}: укажите, формализованный запрос (на трудоустройство) или неформализованный (потребности, которые может обеспечить работа).`);
	}
	if (type === 'Формализованный') {
		return null;
	}
	if (type === 'Неформализованный') {
		if (Array.isArray(candidate.requestNeeds) && candidate.requestNeeds.length > 0) {
			return null;
		}
		return unknown('request', fields, `Запрос неформализованный, но поле ${quoted('requestNeeds')} пустое: отметьте хотя бы одну потребность.`);
	}
	if (type === 'Нет запроса') {
		return fail(
			'request',
			fields,
			`Поле ${quoted('requestType')}: запроса нет. Нужен формализованный запрос (на трудоустройство) или неформализованный (потребности, которые может обеспечить работа).`,
		);
	}
	return unknown('request', fields, `Поле ${quoted('requestType')} заполнено неверно: выберите «Формализованный», «Неформализованный» или «Нет запроса».`);
}

function checkSkill(candidate: CandidateInput, field: SkillField): Finding {
	return checkFlag(candidate, field, field, true, {
		unknown: 'оцените этот навык на собеседовании.',
		fail: 'навыка нет, а он входит в минимально необходимые навыки.',
	});
}

/** Minimal economic self-sufficiency: an idea of economic participation and/or financial decisions. */
function checkEconomicSelfSufficiency(candidate: CandidateInput): Finding {
	const fields = ['economicParticipationIdea', 'financialDecisions'];
	const idea = candidate.economicParticipationIdea;
	const decisions = candidate.financialDecisions;
	if (idea === true || decisions === true) {
		return null;
	}
	if (idea === false && decisions === false) {
		return fail(
			'economicSelfSufficiency',
			fields,
			`Нет минимальной экономической самостоятельности: в полях ${quoted('economicParticipationIdea')} и ${quoted('financialDecisions')} указано «нет», а нужно «да» хотя бы в одном.`,
		);
	}
	return unknown(
		'economicSelfSufficiency',
		fields,
		`Не хватает данных об экономической самостоятельности: заполните ${quoted('economicParticipationIdea')} и ${quoted('financialDecisions')} (достаточно «да» в одном из них).`,
	);
}

function checkExtraConditions(candidate: CandidateInput, rules: PortraitRules): Finding[] {
	const values = candidate as Record<string, unknown>;
	return rules.extraConditions.map((condition) => {
		const name = `«${condition.label ?? label(condition.field)}»`;
		const key: PortraitCondition = `extra:${condition.field}`;
		const value = values[condition.field];
		if (value === condition.expected) {
			return null;
		}
		if (isUnset(value)) {
			return unknown(key, [condition.field], `Не заполнено поле ${name}: это условие портрета организации.`);
		}
		if (typeof value !== 'boolean') {
			return unknown(key, [condition.field], `Поле ${name} заполнено неверно: укажите «да» или «нет».`);
		}
		const hint = condition.hint ? ` ${condition.hint}` : '';
		return fail(key, [condition.field], `Поле ${name}: условие портрета организации не выполнено (нужно «${condition.expected ? 'да' : 'нет'}»).${hint}`);
	});
}

function collectFindings(candidate: CandidateInput, rules: PortraitRules): Finding[] {
	const findings: Finding[] = [
		checkEducation(candidate, rules),
		checkDisabilityGroup(candidate, rules),
		checkLimitation(candidate, 'workCapacity', 'workCapacityLimitation', rules.allowedWorkCapacityLimitations),
		checkWorkExperience(candidate, rules),
		checkCategory(candidate, rules),
	];

	if (rules.requireLegalCapacity) {
		findings.push(
			checkFlag(candidate, 'legalCapacity', 'legalCapacity', true, {
				unknown: 'уточните дееспособность по документам.',
				fail: 'кандидат недееспособен, а технология рассчитана на дееспособных. Проверьте документы.',
			}),
		);
	}
	if (rules.rejectChemicalDependency) {
		findings.push(
			checkFlag(candidate, 'chemicalDependency', 'chemicalDependency', false, {
				unknown: 'уточните на собеседовании, есть ли химическая зависимость.',
				fail: 'есть химическая зависимость, это вне портрета.',
			}),
		);
	}
	findings.push(checkBehaviourControl(candidate, rules));
	if (rules.requireGeographicAccess) {
		findings.push(
			checkFlag(candidate, 'geographicAccess', 'geographicAccess', true, {
				unknown: 'уточните, может ли кандидат добираться до специалиста.',
				fail: 'у кандидата нет доступа к специалисту, работающему по технологии.',
			}),
		);
	}
	if (rules.requireActivePosition) {
		findings.push(
			checkFlag(candidate, 'activePosition', 'activePosition', true, {
				unknown: 'оцените на собеседовании собственную активную позицию кандидата.',
				fail: 'собственная активная позиция не сформирована.',
			}),
		);
	}
	if (rules.requireRequest) {
		findings.push(checkRequest(candidate));
	}
	for (const field of SKILL_FIELDS) {
		if (rules.requiredSkills[field]) {
			findings.push(checkSkill(candidate, field));
		}
	}
	if (rules.requireEconomicSelfSufficiency) {
		findings.push(checkEconomicSelfSufficiency(candidate));
	}
	findings.push(...checkExtraConditions(candidate, rules));
	return findings;
}

/** Recommendations that do not change the verdict; a mismatch leads to service 1, never to a dead end. */
function collectFollowUps(candidate: CandidateInput): PortraitFollowUp[] {
	const followUps: PortraitFollowUp[] = [];
	if (candidate.hasInn === false) {
		followUps.push({ code: 'noInn', service: 1, message: 'Нет ИНН, а он нужен для трудоустройства: рекомендуйте «Социально-психологические услуги», чтобы оформить ИНН.' });
	} else if (isUnset(candidate.hasInn)) {
		followUps.push({ code: 'innUnknown', service: null, message: `Не заполнено поле ${quoted('hasInn')}: уточните, есть ли ИНН, потому что он нужен для трудоустройства.` });
	}
	if (candidate.hasPassport === false) {
		followUps.push({ code: 'noPassport', service: 1, message: 'Нет паспорта или заменяющего документа: рекомендуйте «Социально-психологические услуги», чтобы восстановить документы.' });
	}
	if (hasDisability(candidate) === true && candidate.hasIpra === false) {
		followUps.push({ code: 'noIpra', service: null, message: 'При инвалидности нужна ИПРА: попросите принести ее, по ней проверяются степени ограничений.' });
	}
	if (candidate.chemicalDependency === true) {
		followUps.push({ code: 'chemicalDependency', service: 1, message: 'Химическая зависимость: рекомендуйте «Социально-психологические услуги».' });
	}
	if (candidate.skillMobility === false) {
		followUps.push({ code: 'noMobility', service: 1, message: 'Нет умения перемещаться по городу: рекомендуйте «Социально-психологические услуги».' });
	}
	if (candidate.activePosition === false) {
		followUps.push({ code: 'noActivePosition', service: 1, message: 'Субъектная позиция не сформирована: «Социально-психологические услуги» помогают ее сформировать.' });
	}
	if (candidate.requestType === 'Нет запроса') {
		followUps.push({ code: 'noRequest', service: 1, message: 'Нет запроса: на «Социально-психологических услугах» тьютор помогает сформулировать запрос.' });
	}
	return followUps;
}

/**
 * Checks a candidate against the portrait of the user on the date `asOf`. Throws a RangeError when `asOf`
 * is not a valid `YYYY-MM-DD` date; every problem in the candidate's data becomes a reason instead.
 */
function checkPortrait(candidate: CandidateInput, asOf: IsoDate, rules: PortraitRules = DEFAULT_PORTRAIT_RULES): PortraitResult {
	if (!parseIsoDate(asOf)) {
		throw new RangeError(`Invalid check date: expected YYYY-MM-DD, got "${asOf}"`);
	}

	const ageCheck = checkAge(candidate, asOf, rules);
	const findings = [ageCheck.finding, ...collectFindings(candidate, rules)];
	const failed: PortraitReason[] = [];
	const unknownReasons: PortraitReason[] = [];
	for (const finding of findings) {
		if (finding?.kind === 'fail') {
			failed.push(finding.reason);
		} else if (finding?.kind === 'unknown') {
			unknownReasons.push(finding.reason);
		}
	}

	let verdict: Verdict = 'Соответствует';
	if (failed.length > 0) {
		verdict = 'Не соответствует';
	} else if (unknownReasons.length > 0) {
		verdict = 'Недостаточно данных';
	}

	return {
		verdict,
		failed,
		unknown: unknownReasons,
		age: ageCheck.age,
		followUps: collectFollowUps(candidate),
		rulesVersion: rules.rulesVersion,
		checkedAt: asOf,
	};
}

function joinMessages(reasons: readonly PortraitReason[]): string | null {
	return reasons.length === 0 ? null : reasons.map((reason) => reason.message).join('\n');
}

/** Builds the patch of the candidate columns that keep the latest portrait check. */
function portraitCandidatePatch(result: PortraitResult): Pick<Candidate, 'portraitVerdict' | 'portraitReasons' | 'portraitCheckedAt'> {
	return {
		portraitVerdict: result.verdict,
		portraitReasons: joinMessages([...result.failed, ...result.unknown]),
		portraitCheckedAt: result.checkedAt,
	};
}

/** Builds the history row of one portrait check with the stable id that the caller supplies. */
function portraitCheckRow(result: PortraitResult, ids: { id: string; candidateId: string }): PortraitCheck {
	return {
		id: ids.id,
		candidate: ids.candidateId,
		checkedAt: result.checkedAt,
		verdict: result.verdict,
		failed: joinMessages(result.failed),
		unknown: joinMessages(result.unknown),
		rulesVersion: result.rulesVersion,
		age: result.age,
	};
}

export { checkPortrait, hasDisability, pluralRu, portraitCandidatePatch, portraitCheckRow };
export type { FollowUpCode, PortraitCondition, PortraitFollowUp, PortraitReason, PortraitResult };
