/**
 * The intake questionnaire and its conversion into candidate rows. The fields are derived from the
 * candidate table. A form submission arrives keyed by the Russian column labels, as n8n's Form Trigger
 * outputs it, and becomes a valid candidate row or a list of problems that name the field and the fix.
 */
import { createHash } from 'node:crypto';

import { candidates, CATEGORIES, type Candidate, type ColumnKind, type Privacy } from '../schemas';
import { ageOn, dateInTimeZone, DEFAULT_TIME_ZONE, isIsoDate, type IsoDate } from './calendar';
import { canonicalJson } from './ids';
import { CHOICE_ALIASES } from './intakeAliases';
import {
	answerKey,
	BOOLEAN_ANSWERS,
	cleanLongText,
	cleanText,
	fixLookalikeText,
	isBlank,
	matchChoice,
	normalizeName,
	parseAge,
	parseBoolean,
	parseDate,
	parseInteger,
	parseMonths,
	parseMultiChoice,
	parsePhone,
	type Parsed,
} from './normalize';

/** Candidate columns that the system fills (route, portrait check, links to other tables), never the form. */
const SYSTEM_COLUMNS = [
	'id',
	'routeState',
	'entryDate',
	'exitDate',
	'portraitVerdict',
	'portraitReasons',
	'portraitCheckedAt',
	'currentService',
	'recruiter',
	'dedupKey',
	'source',
	'sourceContact',
	'organisation',
] as const satisfies ReadonlyArray<keyof typeof candidates.columns>;

type SystemColumnKey = (typeof SYSTEM_COLUMNS)[number];
export type IntakeColumnKey = Exclude<keyof typeof candidates.columns, SystemColumnKey>;

/** A candidate as the questionnaire fills it: every intake column, with null for an unanswered one. */
export type IntakeCandidate = Omit<Candidate, SystemColumnKey>;

/** Key of the «Возраст» question, which only checks the birth date and is not stored. */
export const AGE_FIELD = 'age';
export type IntakeFieldKey = IntakeColumnKey | typeof AGE_FIELD;

export interface IntakeField {
	key: IntakeFieldKey;
	/** Russian question text: the column label, which is also the key of the answer in a submission. */
	label: string;
	kind: ColumnKind;
	/** Allowed answers: the choice options, or «Да»/«Нет»/«Не известно» for a yes/no question. */
	options?: readonly string[];
	required: boolean;
	/** Russian help text under the question. */
	hint?: string;
	privacy: Privacy;
	/** False for a question that only checks another answer; its answer is not stored. */
	stored: boolean;
}

const NAME_FIELDS = new Set<IntakeFieldKey>(['lastName', 'firstName', 'middleName']);

const INTAKE_HINTS: Partial<Record<IntakeFieldKey, string>> = {
	birthDate: 'ДД.ММ.ГГГГ, например 05.09.2003',
	age: 'Полных лет, цифрами. Нужен только для сверки с датой рождения',
	phone: 'Например, +7 (900) 000-00-00',
	category: 'Можно указать категорию, добавленную организацией',
	diagnosisGroups: 'Можно выбрать несколько; в тексте разделяйте точкой с запятой',
	requestNeeds: 'Можно выбрать несколько; в тексте разделяйте точкой с запятой',
	longestJobMonths: 'Число месяцев или срок с единицами: «7 мес.», «1,5 года». 0, если не работал(а)',
	consent: 'Без согласия анкету принять нельзя',
	consentDate: 'Если не указана, записывается дата заполнения анкеты',
};

/** Returns the answers to a yes/no question; a required one (the consent) has no «Не известно». */
function booleanAnswers(required: boolean): readonly string[] {
	return required ? BOOLEAN_ANSWERS.slice(0, 2) : BOOLEAN_ANSWERS;
}

function deriveIntakeFields(): IntakeField[] {
	const fields: IntakeField[] = [];
	for (const [key, column] of Object.entries(candidates.columns)) {
		if ((SYSTEM_COLUMNS as readonly string[]).includes(key) || column.kind === 'link' || column.kind === 'id') {
			continue;
		}
		const fieldKey = key as IntakeColumnKey;
		fields.push({
			key: fieldKey,
			label: column.label,
			kind: column.kind,
			options: column.kind === 'boolean' ? booleanAnswers(column.required) : column.options,
			required: column.required,
			hint: column.hint ?? INTAKE_HINTS[fieldKey],
			privacy: column.privacy,
			stored: true,
		});
		if (fieldKey === 'birthDate') {
			fields.push({ key: AGE_FIELD, label: 'Возраст', kind: 'text', required: false, hint: INTAKE_HINTS.age, privacy: 'personal', stored: false });
		}
	}
	return fields;
}

/** The questionnaire, in the column order of the candidate table, with «Возраст» after the birth date. */
export const INTAKE_FIELDS: readonly IntakeField[] = deriveIntakeFields();

export interface IntakeOptions {
	/** Processing date in the organisation's time zone: no date in the form may be later. */
	today: IsoDate;
	/** Categories the organisation adds to the default three. */
	categories?: readonly string[];
	/** Time zone that turns the form's `submittedAt` into the submission date; Europe/Moscow by default. */
	timeZone?: string;
}

export interface IntakeProblem {
	field: IntakeFieldKey;
	label: string;
	/** Russian: what is wrong and how to fix it. Never contains the typed value. */
	message: string;
}

export type IntakeResult = { ok: true; candidate: IntakeCandidate; warnings: string[] } | { ok: false; problems: IntakeProblem[] };

const EARLIEST_DATE = '1900-01-01';

/** Keys n8n's Form Trigger adds to every submission. */
const FORM_METADATA_KEYS = new Set(['submittedAt', 'formMode']);

function fieldMessage(field: IntakeField, reason: string): string {
	return `В поле «${field.label}» ${reason}`;
}

/**
 * Finds the answer to every questionnaire field. A submission is keyed by Russian labels (compared
 * without case, spaces and `ё`); column keys such as `lastName` are accepted too, but a label wins.
 */
function collectAnswers(raw: Record<string, unknown>): Map<IntakeFieldKey, unknown> {
	const byLabel = new Map(INTAKE_FIELDS.map((field) => [answerKey(field.label), field.key]));
	const byKey = new Set<string>(INTAKE_FIELDS.map((field) => field.key));
	const fromLabels = new Map<IntakeFieldKey, unknown>();
	const fromKeys = new Map<IntakeFieldKey, unknown>();

	for (const [name, value] of Object.entries(raw)) {
		if (FORM_METADATA_KEYS.has(name)) {
			continue;
		}
		const labelled = byLabel.get(answerKey(name));
		if (labelled !== undefined) {
			fromLabels.set(labelled, value);
		} else if (byKey.has(name)) {
			fromKeys.set(name as IntakeFieldKey, value);
		}
	}
	return new Map([...fromKeys, ...fromLabels]);
}

function parsePlainText(value: unknown, long: boolean): Parsed<string | null> {
	if (isBlank(value)) {
		return { ok: true, value: null };
	}
	if (typeof value === 'string' || typeof value === 'number') {
		return { ok: true, value: long ? cleanLongText(String(value)) : cleanText(String(value)) };
	}
	return { ok: false, reason: 'ожидается текст. Введите ответ текстом.' };
}

function parseEmail(value: unknown): Parsed<string | null> {
	const text = parsePlainText(value, false);
	if (!text.ok || text.value === null) {
		return text;
	}
	const email = text.value.toLowerCase();
	if (!candidates.columns.email.schema.safeParse(email).success) {
		return { ok: false, reason: 'адрес не распознан. Укажите адрес вида name@example.ru.' };
	}
	return { ok: true, value: email };
}

function parseAnswer(field: IntakeField, value: unknown, options: IntakeOptions): Parsed<unknown> {
	if (field.key === AGE_FIELD) {
		return parseAge(value);
	}
	if (NAME_FIELDS.has(field.key)) {
		return normalizeName(value);
	}

	const choices = field.key === 'category' ? [...new Set([...CATEGORIES, ...(options.categories ?? []).map(cleanText)])] : (field.options ?? []);
	const aliases = CHOICE_ALIASES[field.key];
	switch (field.kind) {
		case 'longText':
			return parsePlainText(value, true);
		case 'date':
			return parseDate(value, { min: EARLIEST_DATE, max: options.today });
		case 'phone':
			return parsePhone(value);
		case 'email':
			return parseEmail(value);
		case 'boolean':
			return parseBoolean(value);
		case 'choice':
			return matchChoice(value, choices, aliases);
		case 'choices':
			return parseMultiChoice(value, choices, aliases);
		case 'integer':
			return field.key === 'longestJobMonths' ? parseMonths(value) : parseInteger(value);
		default:
			return parsePlainText(value, false);
	}
}

/** Returns the submission's calendar date: `submittedAt` in the organisation's time zone, else `today`. */
function submissionDate(raw: Record<string, unknown>, options: IntakeOptions): IsoDate {
	const submittedAt = raw.submittedAt;
	if (typeof submittedAt === 'string' && submittedAt !== '') {
		const instant = new Date(submittedAt);
		if (!Number.isNaN(instant.getTime())) {
			const date = dateInTimeZone(instant, options.timeZone ?? DEFAULT_TIME_ZONE);
			return date > options.today ? options.today : date;
		}
	}
	return options.today;
}

function missingAnswerMessage(field: IntakeField): string {
	if (field.key === 'birthDate') {
		return fieldMessage(field, 'нет ответа. Укажите дату рождения в формате ДД.ММ.ГГГГ, например 05.09.2003.');
	}
	if (field.key === 'consent') {
		return fieldMessage(field, 'нет согласия. Без согласия на обработку персональных данных анкету принять нельзя: получите согласие и отметьте «Да».');
	}
	return fieldMessage(field, 'нет ответа. Это обязательное поле, заполните его.');
}

/**
 * Compares the stated age with the age computed from the birth date on the submission date. A difference
 * of one year is a warning, because people often count the coming birthday or fill the form near it. A
 * larger difference is a problem, because the birth date decides the portrait's age rule and is the
 * likelier typo.
 */
function checkStatedAge(statedAge: number, birthDate: IsoDate, onDate: IsoDate, ageField: IntakeField): { problem?: string; warning?: string } {
	const difference = Math.abs(ageOn(birthDate, onDate) - statedAge);
	if (difference > 1) {
		return { problem: fieldMessage(ageField, 'указан возраст, который расходится с датой рождения больше чем на год. Проверьте дату рождения и возраст.') };
	}
	if (difference === 1) {
		return { warning: fieldMessage(ageField, 'указан возраст, который расходится с датой рождения на год. Проверьте дату рождения.') };
	}
	return {};
}

/**
 * Converts one questionnaire submission into a candidate row. Unknown keys (e.g. the interview-outcome
 * questions of the same form) are ignored. On success every intake column is present, with null for an
 * unanswered question; `consentDate` defaults to the submission date when consent is given. Problems and
 * warnings name the field and never contain the typed value.
 */
export function normalizeSubmission(raw: Record<string, unknown>, options: IntakeOptions): IntakeResult {
	const answers = collectAnswers(raw);
	const values = new Map<IntakeFieldKey, unknown>();
	const problems: IntakeProblem[] = [];
	const warnings: string[] = [];
	const report = (field: IntakeField, message: string) => problems.push({ field: field.key, label: field.label, message });

	for (const field of INTAKE_FIELDS) {
		const parsed = parseAnswer(field, answers.get(field.key), options);
		if (!parsed.ok) {
			report(field, fieldMessage(field, parsed.reason));
			continue;
		}
		if (parsed.fixed) {
			warnings.push(fieldMessage(field, 'латинские буквы, похожие на русские, заменены на русские. Проверьте написание.'));
		}
		const missing = parsed.value === null || (field.key === 'consent' && parsed.value !== true);
		if (field.required && missing) {
			report(field, missingAnswerMessage(field));
			continue;
		}
		values.set(field.key, parsed.value);
	}

	const ageField = INTAKE_FIELDS.find((field) => field.key === AGE_FIELD) as IntakeField;
	const statedAge = values.get(AGE_FIELD);
	const birthDate = values.get('birthDate');
	const onDate = submissionDate(raw, options);
	if (typeof statedAge === 'number' && typeof birthDate === 'string') {
		const check = checkStatedAge(statedAge, birthDate, onDate, ageField);
		if (check.problem !== undefined) {
			report(ageField, check.problem);
		}
		if (check.warning !== undefined) {
			warnings.push(check.warning);
		}
	}

	if (values.get('consent') === true && values.get('consentDate') == null) {
		values.set('consentDate', onDate);
	}

	const candidate: Record<string, unknown> = {};
	for (const field of INTAKE_FIELDS) {
		if (!field.stored) {
			continue;
		}
		const value = values.get(field.key) ?? null;
		const column = candidates.columns[field.key as IntakeColumnKey];
		const checked = value === null ? undefined : column.schema.safeParse(value);
		if (checked !== undefined && !checked.success && !problems.some((problem) => problem.field === field.key)) {
			report(field, fieldMessage(field, `значение не прошло проверку: ${checked.error.issues[0]?.message ?? 'неверный формат'}. Исправьте ответ.`));
		}
		candidate[field.key] = value;
	}

	if (problems.length > 0) {
		return { ok: false, problems };
	}
	return { ok: true, candidate: candidate as IntakeCandidate, warnings };
}

/** Joins problems into the text stored with a rejected submission, one problem per line. */
export function describeProblems(problems: readonly IntakeProblem[]): string {
	return problems.map((problem) => problem.message).join('\n');
}

function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Letters only, lower case, `ё` as `е`, Latin look-alikes as Cyrillic: ИВАНОВ, Ивaнов and иванов match. */
function nameKey(value: string | null | undefined): string {
	if (value === null || value === undefined) {
		return '';
	}
	return fixLookalikeText(cleanText(value)).toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/[^\p{L}]/gu, '');
}

/**
 * Returns the duplicate-search key: the SHA-256 hex of surname, first name, patronymic and birth date.
 * Names are compared by letters only, ignoring case, spaces, hyphens, apostrophes and `ё`/`е`.
 */
export function dedupKey(candidate: Pick<Candidate, 'lastName' | 'firstName' | 'birthDate'> & { middleName?: string | null }): string {
	if (!isIsoDate(candidate.birthDate)) {
		throw new RangeError('dedupKey needs a birth date as YYYY-MM-DD');
	}
	const parts = [nameKey(candidate.lastName), nameKey(candidate.firstName), nameKey(candidate.middleName), candidate.birthDate];
	return sha256(parts.join('|'));
}

/**
 * Returns the idempotency key of a raw submission: the SHA-256 hex of its canonical JSON, all keys
 * (including `submittedAt` and `formMode`) sorted. A retried delivery of the same submission gets the
 * same key. The same person submitting again later gets a new key, and `dedupKey` finds that person.
 */
export function submissionKey(raw: Record<string, unknown>): string {
	return sha256(canonicalJson(raw));
}
