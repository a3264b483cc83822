/**
 * Parsers that turn what a person typed into a form into stored values. Each parser returns the value or
 * a Russian reason: a lower-case clause naming what is wrong, then a sentence on how to fix it, so that
 * "В поле «Телефон» " + reason reads as a message. A reason never repeats the typed value,
 * because form input is personal data.
 */
import { formatIsoDate, parseIsoDate, type IsoDate } from './calendar';

export type Parsed<T> = { ok: true; value: T; fixed?: boolean } | { ok: false; reason: string };

function accept<T>(value: T, fixed = false): Parsed<T> {
	return fixed ? { ok: true, value, fixed } : { ok: true, value };
}

function reject<T>(reason: string): Parsed<T> {
	return { ok: false, reason };
}

// Invisible characters that copy-paste brings along: zero-width ones and the soft hyphen.
const ZERO_WIDTH = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const ODD_SPACES = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;

/** True for undefined, null, a string of spaces, and an empty array: the person left the field empty. */
export function isBlank(value: unknown): boolean {
	if (value === undefined || value === null) {
		return true;
	}
	if (typeof value === 'string') {
		return cleanText(value) === '';
	}
	return Array.isArray(value) && value.every(isBlank);
}

/** Trims, removes zero-width characters and soft hyphens, and collapses every run of spaces (NBSP included) to one space. */
export function cleanText(value: string): string {
	return value.normalize('NFC').replace(ZERO_WIDTH, '').replace(ODD_SPACES, ' ').trim();
}

/** Like `cleanText`, but keeps line breaks of a multi-line answer and drops empty lines at the ends. */
export function cleanLongText(value: string): string {
	return value
		.normalize('NFC')
		.replace(ZERO_WIDTH, '')
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.replace(/[^\S\n]+/g, ' ').replace(/[\u00A0\u202F]/g, ' ').trim())
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** Comparison key for a typed answer: lower case, `ё` as `е`, one kind of dash, no spaces, no final dot. */
export function answerKey(value: string): string {
	return cleanText(value)
		.toLowerCase()
		.replace(/ё/g, 'е')
		.replace(/[\u2010-\u2015\u2212]/g, '-')
		.replace(/[«»"“”„]/g, '')
		.replace(/\s+/g, '')
		.replace(/\.$/, '');
}

function textOf(value: unknown): string | undefined {
	if (typeof value === 'string') {
		return cleanText(value);
	}
	if (typeof value === 'number' && Number.isFinite(value)) {
		return String(value);
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Names

/** Latin letters that look like Cyrillic ones, as typed with the wrong keyboard layout. */
const LATIN_LOOKALIKES: Record<string, string> = {
	A: 'А', a: 'а', B: 'В', C: 'С', c: 'с', E: 'Е', e: 'е', H: 'Н', K: 'К', k: 'к', M: 'М',
	O: 'О', o: 'о', P: 'Р', p: 'р', T: 'Т', X: 'Х', x: 'х', Y: 'У', y: 'у',
};

const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[A-Za-z]/;

/**
 * Replaces Latin look-alike letters inside a word that also has Cyrillic letters. Returns undefined when
 * such a word has a Latin letter with no Cyrillic twin, because then the intended spelling is unknown.
 * Words without Cyrillic letters are left as they are.
 */
export function fixLookalikeLetters(word: string): { text: string; fixed: boolean } | undefined {
	if (!CYRILLIC.test(word) || !LATIN.test(word)) {
		return { text: word, fixed: false };
	}
	let text = '';
	for (const char of word) {
		if (LATIN.test(char)) {
			const twin = LATIN_LOOKALIKES[char];
			if (twin === undefined) {
				return undefined;
			}
			text += twin;
		} else {
			text += char;
		}
	}
	return { text, fixed: true };
}

/** Replaces look-alike Latin letters in every mixed word of a text; other words stay unchanged. */
export function fixLookalikeText(text: string): string {
	return text.replace(/[\p{L}]+/gu, (word) => fixLookalikeLetters(word)?.text ?? word);
}

/** Parts of Turkic patronymics that are written in lower case after the father's name (Али оглы). */
const LOWER_CASE_PARTICLES = new Set(['оглы', 'кызы', 'улы', 'уулу']);

function capitalise(part: string): string {
	const lower = part.toLocaleLowerCase('ru');
	let result = lower.charAt(0).toLocaleUpperCase('ru') + lower.slice(1);

	// A one-letter prefix before an apostrophe is a particle of its own: О'Нил, Д'Артаньян.
	const apostrophe = result.indexOf("'");
	if (apostrophe === 1 && result.length > 2) {
		result = result.slice(0, 2) + result.charAt(2).toLocaleUpperCase('ru') + result.slice(3);
	}
	return result;
}

/**
 * Normalises the case of one name part. A part typed all in capitals or all in lower case, or with Caps
 * Lock on (иВАНОВ), gets a capital first letter. A part with deliberate mixed case (МакДональд,
 * д'Артаньян) is kept as typed.
 */
function normaliseCase(part: string, isFirstWord: boolean): string {
	const letters = part.replace(/[^\p{L}]/gu, '');
	if (letters === '') {
		return part;
	}
	const lower = letters.toLocaleLowerCase('ru');
	if (!isFirstWord && LOWER_CASE_PARTICLES.has(lower.replace(/ё/g, 'е'))) {
		return part.toLocaleLowerCase('ru');
	}

	const upper = letters.toLocaleUpperCase('ru');
	const capsLockTyped = letters.length > 1 && letters.charAt(0) === lower.charAt(0) && letters.slice(1) === upper.slice(1);
	if (letters === lower || letters === upper || capsLockTyped) {
		return capitalise(part);
	}
	return part;
}

const MAX_NAME_LENGTH = 60;

/**
 * Normalises a surname, first name or patronymic: collapses spaces, unifies apostrophes and hyphens,
 * replaces Latin look-alike letters in Cyrillic words, and fixes the case (ИВАНОВ → Иванов,
 * хасанова-петрова → Хасанова-Петрова). Digits and symbols other than a hyphen or an apostrophe are
 * rejected. Returns null for an empty value; `fixed` is set when look-alike letters were replaced.
 */
export function normalizeName(value: unknown): Parsed<string | null> {
	if (isBlank(value)) {
		return accept(null);
	}
	if (typeof value !== 'string') {
		return reject('ожидается текст. Укажите только буквы.');
	}

	const text = cleanText(value)
		.replace(/[’‘ʼ`´′]/g, "'")
		.replace(/[\u2010-\u2015\u2212]/g, '-')
		.replace(/\s*-\s*/g, '-')
		.replace(/\s*'\s*/g, "'");

	if (/\d/.test(text)) {
		return reject('есть цифры. Укажите только буквы.');
	}
	if (!/^[\p{L}' -]+$/u.test(text) || !/\p{L}/u.test(text) || /^[-']|[-']$|--|''/.test(text)) {
		return reject('есть недопустимые символы. Допустимы только буквы, пробел, дефис и апостроф.');
	}
	if (text.length > MAX_NAME_LENGTH) {
		return reject(`слишком длинное значение. Сократите его до ${MAX_NAME_LENGTH} символов.`);
	}

	let fixed = false;
	const words = text.split(' ').map((word, wordIndex) =>
		word.split('-').map((part) => {
			const repaired = fixLookalikeLetters(part);
			if (repaired === undefined) {
				return undefined;
			}
			fixed ||= repaired.fixed;
			return normaliseCase(repaired.text, wordIndex === 0);
		}),
	);
	if (words.some((parts) => parts.includes(undefined))) {
		return reject('в одном слове смешаны русские и латинские буквы. Наберите слово в одной раскладке.');
	}
	return accept(words.map((parts) => parts.join('-')).join(' '), fixed);
}

// ---------------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {};
const MONTH_FORMS: Array<[number, string[]]> = [
	[1, ['января', 'январь', 'янв']],
	[2, ['февраля', 'февраль', 'фев', 'февр']],
	[3, ['марта', 'март', 'мар']],
	[4, ['апреля', 'апрель', 'апр']],
	[5, ['мая', 'май']],
	[6, ['июня', 'июнь', 'июн']],
	[7, ['июля', 'июль', 'июл']],
	[8, ['августа', 'август', 'авг']],
	[9, ['сентября', 'сентябрь', 'сен', 'сент']],
	[10, ['октября', 'октябрь', 'окт']],
	[11, ['ноября', 'ноябрь', 'ноя', 'нояб']],
	[12, ['декабря', 'декабрь', 'дек']],
];
for (const [month, forms] of MONTH_FORMS) {
	for (const form of forms) {
		MONTHS[form] = month;
	}
}

const DATE_UNRECOGNISED = 'дата не распознана. Укажите ее в формате ДД.ММ.ГГГГ (например, 05.09.2003), ГГГГ-ММ-ДД или «5 сентября 2003».';

export interface DateBounds {
	/** Earliest accepted date; earlier dates are rejected with a reason about the year. */
	min?: IsoDate;
	/** Latest accepted date, usually today; later dates are rejected as being in the future. */
	max?: IsoDate;
}

function splitDate(text: string): { year: string; month: number; day: string; numeric?: boolean } | 'shortYear' | undefined {
	const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
	if (iso) {
		return { year: iso[1], month: Number(iso[2]), day: iso[3] };
	}

	const numeric = /^(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})(?:\s*г\.?|\s*года)?$/.exec(text);
	if (numeric) {
		if (numeric[4].length === 2) {
			return 'shortYear';
		}
		return { year: numeric[4], month: Number(numeric[3]), day: numeric[1], numeric: true };
	}

	const words = /^(\d{1,2})\s+([а-яё]+)\.?\s+(\d{2}|\d{4})(?:\s*г\.?|\s*года)?$/i.exec(text);
	if (words) {
		const month = MONTHS[words[2].toLocaleLowerCase('ru').replace(/ё/g, 'е')];
		if (month === undefined) {
			return undefined;
		}
		if (words[3].length === 2) {
			return 'shortYear';
		}
		return { year: words[3], month, day: words[1] };
	}
	return undefined;
}

/**
 * Parses a calendar date typed as `YYYY-MM-DD`, `dd.mm.yyyy`, `d.m.yyyy`, `dd/mm/yyyy`, `dd-mm-yyyy` or
 * `12 марта 2003` (Russian month names in the genitive, nominative or short form). A date that does not
 * exist (31.02) and a date outside `bounds` are rejected. Returns null for an empty value.
 */
export function parseDate(value: unknown, bounds: DateBounds = {}): Parsed<IsoDate | null> {
	if (isBlank(value)) {
		return accept(null);
	}

	let date: IsoDate;
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) {
			return reject(DATE_UNRECOGNISED);
		}
		date = formatIsoDate({ year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() });
	} else {
		if (typeof value !== 'string') {
			return reject(DATE_UNRECOGNISED);
		}
		const parts = splitDate(cleanText(value));
		if (parts === 'shortYear') {
			return reject('год указан двумя цифрами. Укажите год полностью, четырьмя цифрами.');
		}
		if (parts === undefined) {
			return reject(DATE_UNRECOGNISED);
		}
		date = `${parts.year}-${String(parts.month).padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
		if (parts.numeric && parts.month > 12) {
			// 09/25/2003 is the American month-first order; the day comes first in Russian dates.
			return reject(
				Number(parts.day) <= 12
					? `месяц не может быть ${parts.month}: похоже, день и месяц переставлены. Укажите дату в формате ДД.ММ.ГГГГ, сначала день, потом месяц.`
					: `месяц не может быть ${parts.month}. Укажите дату в формате ДД.ММ.ГГГГ, например 05.09.2003.`,
			);
		}
		if (parseIsoDate(date) === undefined) {
			return reject('указана дата, которой нет в календаре (например, 31 февраля). Проверьте день и месяц.');
		}
	}

	if (bounds.min !== undefined && date < bounds.min) {
		return reject(`указана дата раньше ${bounds.min.slice(0, 4)} года. Проверьте год.`);
	}
	if (bounds.max !== undefined && date > bounds.max) {
		return reject('указана дата в будущем. Проверьте год.');
	}
	return accept(date);
}

// ---------------------------------------------------------------------------------------------------
// Phones

const PHONE_HINT = 'Укажите российский номер из 10 цифр после +7 или 8, например +7 (900) 000-00-00.';

/**
 * Normalises a phone number to `+7XXXXXXXXXX`. Accepts `+7 (9xx) xxx-xx-xx`, `8 9xx xxx xx xx`,
 * `89xxxxxxxxx`, `9xxxxxxxxx` and Russian landline numbers (national numbers start with 3–9). A number
 * that starts with another country code is kept as `+` and 10–15 digits. Returns null for an empty value.
 */
export function parsePhone(value: unknown): Parsed<string | null> {
	if (isBlank(value)) {
		return accept(null);
	}
	const text = textOf(value);
	if (text === undefined) {
		return reject(`номер не распознан. ${PHONE_HINT}`);
	}
	if (!/^\+?[\d\s().-]+$/.test(text)) {
		return reject(`есть недопустимые символы. ${PHONE_HINT}`);
	}

	const plus = text.startsWith('+');
	const digits = text.replace(/\D/g, '');
	let national: string | undefined;
	if (plus && digits.startsWith('7') && digits.length === 11) {
		national = digits.slice(1);
	} else if (!plus && digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) {
		national = digits.slice(1);
	} else if (!plus && digits.length === 10) {
		national = digits;
	} else if (plus && !digits.startsWith('7') && digits.length >= 10 && digits.length <= 15) {
		return accept(`+${digits}`);
	}

	if (national === undefined || !/^[3-9]/.test(national)) {
		return reject(`неверное количество цифр или код. ${PHONE_HINT}`);
	}
	return accept(`+7${national}`);
}

// ---------------------------------------------------------------------------------------------------
// Yes/no answers

/** Answers a form offers for a yes/no question; an unknown answer is stored as an empty value. */
export const BOOLEAN_ANSWERS = ['Да', 'Нет', 'Не известно'] as const;

const TRUE_ANSWERS = new Set(['да', 'д', 'yes', 'y', 'true', '1', 'есть', 'имеется', '+']);
const FALSE_ANSWERS = new Set(['нет', 'н', 'no', 'n', 'false', '0', 'отсутствует', 'неимеется']);
const UNKNOWN_ANSWERS = new Set(['неизвестно', 'незнаю', 'нетданных', 'неуказано', '-', '?']);

/**
 * Parses a yes/no answer: «Да», «Нет» in any case, true/false, 1/0, «Есть»/«Отсутствует». «Не известно»,
 * «Не знаю» and an empty answer become null. A checkbox list with one ticked answer is read as that answer.
 */
export function parseBoolean(value: unknown): Parsed<boolean | null> {
	if (isBlank(value)) {
		return accept(null);
	}
	if (typeof value === 'boolean') {
		return accept(value);
	}
	if (Array.isArray(value)) {
		const ticked = value.filter((item) => !isBlank(item));
		return ticked.length === 1 ? parseBoolean(ticked[0]) : reject('выбрано несколько ответов. Выберите один: «Да», «Нет» или «Не известно».');
	}

	const text = textOf(value);
	const key = text === undefined ? undefined : answerKey(text).replace(/[!.]+$/, '');
	if (key !== undefined) {
		if (TRUE_ANSWERS.has(key)) {
			return accept(true);
		}
		if (FALSE_ANSWERS.has(key)) {
			return accept(false);
		}
		if (UNKNOWN_ANSWERS.has(key)) {
			return accept(null);
		}
	}
	return reject('ответ не распознан. Выберите «Да», «Нет» или «Не известно».');
}

// ---------------------------------------------------------------------------------------------------
// Choices

/** Maps a comparison key (see `answerKey`) to an option for answers that differ from the option text. */
export type ChoiceAliases = (key: string) => string | undefined;

function listOptions(options: readonly string[]): string {
	return options.map((option) => `«${option}»`).join(', ');
}

function findOption(text: string, options: readonly string[], aliases?: ChoiceAliases): string | undefined {
	const key = answerKey(text);
	return options.find((option) => answerKey(option) === key) ?? aliases?.(key);
}

/**
 * Matches one typed answer against the options, ignoring case, spaces, `ё`/`е` and the kind of dash.
 * Returns null for an empty value and a reason listing the allowed values for an unknown one.
 */
export function matchChoice(value: unknown, options: readonly string[], aliases?: ChoiceAliases): Parsed<string | null> {
	if (isBlank(value)) {
		return accept(null);
	}
	if (Array.isArray(value)) {
		const chosen = value.filter((item) => !isBlank(item));
		return chosen.length === 1 ? matchChoice(chosen[0], options, aliases) : reject(`выбрано несколько значений. Выберите одно из значений: ${listOptions(options)}.`);
	}
	const text = textOf(value);
	const option = text === undefined ? undefined : findOption(text, options, aliases);
	return option === undefined ? reject(`значение не из списка. Выберите одно из значений: ${listOptions(options)}.`) : accept(option);
}

/**
 * Splits a typed list on `;` and line breaks, then on commas. Comma-separated pieces are joined back
 * greedily while they form an option, because some options contain a comma («Безопасность, стабильность»).
 */
function splitAnswers(text: string, options: readonly string[], aliases?: ChoiceAliases): Array<string | undefined> {
	const found: Array<string | undefined> = [];
	for (const chunk of text.split(/[;\n]/)) {
		if (cleanText(chunk) === '') {
			continue;
		}
		const whole = findOption(chunk, options, aliases);
		if (whole !== undefined) {
			found.push(whole);
			continue;
		}

		const pieces = chunk.split(',').filter((piece) => cleanText(piece) !== '');
		let start = 0;
		while (start < pieces.length) {
			let matched: { option: string; end: number } | undefined;
			for (let end = pieces.length; end > start; end -= 1) {
				const option = findOption(pieces.slice(start, end).join(','), options, aliases);
				if (option !== undefined) {
					matched = { option, end };
					break;
				}
			}
			if (matched === undefined) {
				found.push(undefined);
				start += 1;
			} else {
				found.push(matched.option);
				start = matched.end;
			}
		}
	}
	return found;
}

/**
 * Parses a multiple choice given as an array (a form's multi-select) or as text separated by `;` or `,`.
 * Every answer must match an option as in `matchChoice`; duplicates are dropped, the typed order is kept.
 * Returns null for an empty value.
 */
export function parseMultiChoice(value: unknown, options: readonly string[], aliases?: ChoiceAliases): Parsed<string[] | null> {
	if (isBlank(value)) {
		return accept(null);
	}

	let answers: Array<string | undefined>;
	if (Array.isArray(value)) {
		answers = value.filter((item) => !isBlank(item)).map((item) => {
			const text = textOf(item);
			return text === undefined ? undefined : findOption(text, options, aliases);
		});
	} else {
		const text = textOf(value);
		if (text === undefined) {
			return reject(`значения не распознаны. Выберите значения из списка: ${listOptions(options)}.`);
		}
		answers = splitAnswers(text, options, aliases);
	}

	if (answers.includes(undefined)) {
		return reject(`есть значения не из списка. Выберите значения из списка, разделяя их точкой с запятой: ${listOptions(options)}.`);
	}
	return accept([...new Set(answers as string[])]);
}

// ---------------------------------------------------------------------------------------------------
// Numbers

const MONTHS_HINT = 'Укажите число месяцев (например, 7) или срок с единицами: «7 мес.», «1,5 года», «2 года 3 мес.».';
const MAX_MONTHS = 12 * 60;

const NO_WORK_ANSWERS = new Set(['нет', 'неработал', 'неработала', 'неработал(а)', 'небыло', 'ниразу']);

/** Months in one unit of a typed duration; the unit is matched by the start of the word. */
function monthsPerUnit(unit: string): number | undefined {
	if (unit === '' || unit.startsWith('мес') || unit === 'м') {
		return 1;
	}
	if (unit.startsWith('год') || unit.startsWith('лет') || unit === 'г') {
		return 12;
	}
	if (unit.startsWith('нед')) {
		return 7 / 30.4375;
	}
	return undefined;
}

/**
 * Parses a duration into whole months: "7", "7 мес.", "1,5 года" (18), "2 года 3 мес." (27), "полгода"
 * (6), «Нет» (0). Fractions round up, so "more than 6 months" holds for the stored value exactly when it
 * holds for the typed one: 6,2 months is stored as 7. Returns null for an empty value.
 */
export function parseMonths(value: unknown): Parsed<number | null> {
	if (isBlank(value)) {
		return accept(null);
	}
	if (typeof value === 'number') {
		return Number.isFinite(value) && value >= 0 && value <= MAX_MONTHS ? accept(Math.ceil(value)) : reject(`срок вне допустимых пределов. ${MONTHS_HINT}`);
	}
	const text = textOf(value);
	if (text === undefined) {
		return reject(`срок не распознан. ${MONTHS_HINT}`);
	}

	const lower = text.toLocaleLowerCase('ru').replace(/ё/g, 'е');
	if (NO_WORK_ANSWERS.has(lower.replace(/\s+/g, ''))) {
		return accept(0);
	}
	const spelled = lower.replace(/^полгода$/, '0,5 года').replace(/^полтора года$/, '1,5 года').replace(/^(год|месяц)$/, '1 $1');

	const token = /(\d+(?:[.,]\d+)?)\s*([а-я]*)\.?\s*/gy;
	let total = 0;
	let consumed = 0;
	let match: RegExpExecArray | null;
	while ((match = token.exec(spelled)) !== null) {
		const perUnit = monthsPerUnit(match[2]);
		if (perUnit === undefined) {
			return reject(`срок не распознан. ${MONTHS_HINT}`);
		}
		total += Number(match[1].replace(',', '.')) * perUnit;
		consumed = token.lastIndex;
	}
	if (consumed === 0 || consumed !== spelled.length) {
		return reject(`срок не распознан. ${MONTHS_HINT}`);
	}
	if (total > MAX_MONTHS) {
		return reject(`срок больше ${MAX_MONTHS / 12} лет. ${MONTHS_HINT}`);
	}
	// Round before ceil so that 1,1 года (13.2 months in floating point) is not pushed past 14.
	return accept(Math.ceil(Math.round(total * 1000) / 1000));
}

/** Parses a whole non-negative number typed as digits; returns null for an empty value. */
export function parseInteger(value: unknown): Parsed<number | null> {
	if (isBlank(value)) {
		return accept(null);
	}
	const text = textOf(value);
	if (text === undefined || !/^\d{1,9}$/.test(text.replace(/\s/g, ''))) {
		return reject('ожидается целое число. Укажите его цифрами, например 7.');
	}
	return accept(Number(text.replace(/\s/g, '')));
}

const MAX_AGE = 120;

/** Parses an age in full years typed as "23", "23 года" or "23 лет"; words such as "двадцать три" are rejected. */
export function parseAge(value: unknown): Parsed<number | null> {
	if (isBlank(value)) {
		return accept(null);
	}
	if (typeof value === 'number') {
		return Number.isInteger(value) && value >= 0 && value <= MAX_AGE ? accept(value) : reject('возраст вне пределов от 0 до 120 лет. Укажите число полных лет цифрами, например 23.');
	}
	const text = textOf(value);
	const match = text === undefined ? null : /^(\d{1,3})\s*(?:(?:год|года|лет)\.?)?$/i.exec(text);
	if (match === null) {
		return reject('не распознано число лет. Укажите число полных лет цифрами, например 23.');
	}
	const age = Number(match[1]);
	return age <= MAX_AGE ? accept(age) : reject('возраст вне пределов от 0 до 120 лет. Укажите число полных лет цифрами, например 23.');
}
