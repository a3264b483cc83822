/**
 * The page shown to the recruiter after a questionnaire form is submitted: n8n's Form node («Form
 * Ending») reports the real outcome of intake, portrait check and referral. The texts are n8n
 * expressions over the items of the workflow's own nodes. They show the decision (service, scenario,
 * verdict) and the names of fields to fix or fill, never a value stored for the candidate. Reasons of a
 * portrait mismatch are left out, because for a candidate already in the base they may quote stored
 * health data that the submitter did not type.
 */
import { INTERVIEW_FIELDS } from '../../core/interview';
import { serviceName } from '../../schemas';

/** Item field with the page title. */
export const OUTCOME_TITLE = 'Итог анкеты';
/** Item field with the page text, one statement a line. */
export const OUTCOME_TEXT = 'Пояснение к итогу';

/**
 * Item field that a provider's assembled set sets to true when the handover letter of the item failed
 * («Письмо не отправлено: передать вручную»). The shipped workflow never sets it.
 */
export const HANDOVER_FAILED = 'Письмо о передаче не отправлено';

const VACANCY_FIELD = INTERVIEW_FIELDS.find((field) => field.key === 'vacancyId')?.label ?? 'Ключ выбранной вакансии';

/** Builds `$('<node>').item.json["<field>"]`: a field of the item that `node` paired with the current item. */
function field(node: string, name: string): string {
	return `$(${JSON.stringify(node)}).item.json[${JSON.stringify(name)}]`;
}

function quoted(text: string): string {
	return JSON.stringify(text);
}

/** Builds the line that tells the recruiter to pass the user on by hand when the handover letter failed. */
function handoverFailedLine(): string {
	return `$json[${JSON.stringify(HANDOVER_FAILED)}] === true ? ${quoted('Письмо о передаче не отправлено: сообщите специалисту следующей услуги (или партнеру) о кандидате сами.')} : ""`;
}

/** Builds an expression that joins the parts (each yields a line, a list of lines, or "" to skip) with line breaks. */
function lines(parts: string[]): string {
	return `={{ [\n${parts.map((part) => `\t${part}`).join(',\n')}\n].flat().filter((line) => line).join("\\n") }}`;
}

/** Builds an expression that turns each string of a list field into "— line", and a missing field into no lines. */
function bulletList(list: string): string {
	return `(${list} ?? []).map((line) => "— " + line)`;
}

export interface OutcomeFields {
	name: string;
	value: string;
}

/** Returns the page of a questionnaire the intake rejected: each problem names the field and the fix. */
export function rejectedOutcome(): OutcomeFields[] {
	return [
		{ name: OUTCOME_TITLE, value: 'Анкета не принята: исправьте ошибки' },
		{
			name: OUTCOME_TEXT,
			value: lines([
				quoted('Кандидат не записан в базу. Анкета сохранена в таблице «Отклоненные анкеты», введенные ответы не потеряны.'),
				quoted('Что исправить:'),
				bulletList('$json["Что исправить"]'),
				quoted('Исправьте эти поля и отправьте анкету снова.'),
			]),
		},
	];
}

/**
 * Returns the page of a questionnaire whose candidate was recorded but whose interview the referral
 * rejected (an unknown vacancy key, an interview date after today): each problem with its fix.
 */
export function interviewRejectedOutcome(): OutcomeFields[] {
	return [
		{ name: OUTCOME_TITLE, value: 'Собеседование не записано: исправьте ошибки' },
		{
			name: OUTCOME_TEXT,
			value: lines([
				quoted('Кандидат записан в базу, но решение по собеседованию не записано и направления нет.'),
				quoted('Что исправить:'),
				// n8n 2.41 hands an error output only the message, as `error`, without the item's other fields.
				bulletList('($json["Что исправить"] ?? [$json.error])'),
				quoted('Исправьте эти поля и отправьте анкету снова: уже записанное не задвоится.'),
			]),
		},
	];
}

/** Returns the page of a referral to services 1, 3, 4, 5 or 6: the service and the scenario's next step. */
export function referredOutcome(referral: string): OutcomeFields[] {
	const service = field(referral, 'Направлен на услугу');
	const verdict = field(referral, 'Соответствие портрету');
	const parallel = field(referral, 'Параллельно рекомендованы');
	return [
		{ name: OUTCOME_TITLE, value: `={{ "Анкета принята: направление на услугу «" + ${service} + "»" }}` },
		{
			name: OUTCOME_TEXT,
			value: lines([
				`"Кандидат записан в базу. Проверка портрета: «" + ${verdict} + "»."`,
				`${verdict} === "Не соответствует" ? "Причины несоответствия записаны в таблице «Проверки портрета»." : ""`,
				// The first line of the decision is the scenario and its step, the same text for every user.
				`"Следующий шаг. " + ${field(referral, 'Решение рекрутера')}[0]`,
				`(${parallel} ?? []).length > 0 ? "Параллельно рекомендованы: " + ${parallel}.map((name) => "«" + name + "»").join(", ") + "." : ""`,
				`${field(referral, 'Сценарий')} === "A" && !${field(referral, VACANCY_FIELD)} ? ${quoted(`Не указана вакансия (поле «${VACANCY_FIELD}»): выберите вакансию из банка и сообщите ее ключ консультанту.`)} : ""`,
				quoted('Решение записано в событии «Собеседование кандидата с рекрутером».'),
				`${field(referral, 'Уже записано ранее')} === true ? ${quoted('Эта анкета уже была принята раньше: повторно ничего не записано.')} : ""`,
				handoverFailedLine(),
			]),
		},
	];
}

/**
 * Returns the page of a user who stays in service 2. Either the portrait lacks data (the missing fields
 * are listed), or the portrait matches but the interview outcome gives no scenario, so the recruiter decides.
 */
export function stayOutcome(referral: string): OutcomeFields[] {
	const lacksData = `${field(referral, 'Соответствие портрету')} === "Недостаточно данных"`;
	const stays = `Кандидат записан в базу и остается в услуге «${serviceName(2)}»`;
	const missingData = [quoted(`${stays}: данных для проверки портрета недостаточно.`), quoted('Не хватает данных:'), `...${bulletList(field(referral, 'Не хватает данных'))}`, quoted('Дополните эти поля и отправьте анкету снова.')];
	// Without a scenario the decision's first line states why and what the recruiter has to mark.
	const noScenario = [quoted(`${stays}, пока рекрутер не выберет сценарий.`), `"Почему: " + ${field(referral, 'Решение рекрутера')}[0]`];
	return [
		{
			name: OUTCOME_TITLE,
			value: `={{ ${lacksData} ? "Анкета принята: не хватает данных, кандидат остается в услуге 2" : "Анкета принята: нужно решение рекрутера" }}`,
		},
		{
			name: OUTCOME_TEXT,
			value: `={{ [\n\t...(${lacksData}\n\t\t? [${missingData.join(', ')}]\n\t\t: [${noScenario.join(', ')}]),\n\t${handoverFailedLine()},\n].filter((line) => line).join("\\n") }}`,
		},
	];
}
