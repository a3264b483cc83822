/**
 * Import of vacancies from the open data of the federal portal «Работа России» (trudvsem.ru, API v1
 * `vacancies`). One portal record becomes a vacancy row and the row of its employer; the caller stores the
 * employer first and links it. Records are validated leniently: a record is unusable only without an id
 * or a job title, and a malformed optional field is dropped with a warning.
 */
import { z } from 'zod/v4';

import { employers, vacancies, type Employer, type Vacancy } from '../schemas';
import { isIsoDate } from './calendar';
import { cleanLongText, cleanText, fixLookalikeText } from './normalize';

export type VacancyDraft = Omit<Vacancy, 'id'>;
export type EmployerDraft = Omit<Employer, 'id'>;

export interface VacancyImportProblem {
	/** Path of the field in the portal record, e.g. `job-name` or `company.inn`. */
	field: string;
	/** Russian: what is wrong and what happens to the record. */
	message: string;
}

export type VacancyImportResult =
	| { ok: true; vacancy: VacancyDraft; employer: EmployerDraft | null; warnings: string[] }
	| { ok: false; problems: VacancyImportProblem[] };

const optionalText = z.string().nullish();
const identifier = z.union([z.string(), z.number()]).nullish();
const amount = z.union([z.number(), z.string().regex(/^\s*\d+(?:[.,]\d+)?\s*$/)]).nullish();

const addressSchema = z.looseObject({ location: optionalText });

/** The part of a portal vacancy record this import reads; other fields pass through untouched. */
export const trudvsemVacancySchema = z.looseObject({
	id: identifier,
	'job-name': optionalText,
	company: z
		.looseObject({
			name: optionalText,
			inn: identifier,
			ogrn: identifier,
			companycode: identifier,
		})
		.nullish(),
	region: z.looseObject({ name: optionalText }).nullish(),
	'creation-date': optionalText,
	salary_min: amount,
	salary_max: amount,
	schedule: optionalText,
	employment: optionalText,
	requirement: z
		.looseObject({
			education: optionalText,
			experience: amount,
			qualification: optionalText,
		})
		.nullish(),
	duty: optionalText,
	requirements: optionalText,
	addresses: z.looseObject({ address: z.array(addressSchema).nullish() }).nullish(),
	social_protected: optionalText,
	workPlaceType: z
		.looseObject({
			workPlaceQuota: z.boolean().nullish(),
			workPlaceDisabilityGroup: optionalText,
			workPlaceSocialProtected: z.union([z.array(z.string()), z.string()]).nullish(),
		})
		.nullish(),
	vac_url: optionalText,
});

export type TrudvsemVacancy = z.infer<typeof trudvsemVacancySchema>;

/** Fields without which a record cannot be imported: re-imports match on the id, and a vacancy needs a title. */
const ESSENTIAL_FIELDS = new Set(['id', 'job-name']);
const MAX_REPAIRS = 50;

function pathText(path: ReadonlyArray<PropertyKey>): string {
	return path.map(String).join('.');
}

/** Removes the value at `path` from a JSON-like object: an array element is spliced out, a property deleted. */
function removeAt(root: unknown, path: ReadonlyArray<PropertyKey>): boolean {
	let parent: unknown = root;
	for (const key of path.slice(0, -1)) {
		if (parent === null || typeof parent !== 'object') {
			return false;
		}
		parent = (parent as Record<PropertyKey, unknown>)[key];
	}
	const last = path[path.length - 1];
	if (Array.isArray(parent) && typeof last === 'number') {
		parent.splice(last, 1);
		return true;
	}
	if (parent !== null && typeof parent === 'object' && last !== undefined) {
		return delete (parent as Record<PropertyKey, unknown>)[last];
	}
	return false;
}

/** Turns `addresses.address` given as one object into a list, so a bad address drops alone, not the record. */
function wrapSingleAddress(record: Record<string, unknown>): void {
	const addresses = record.addresses;
	if (addresses !== null && typeof addresses === 'object' && !Array.isArray(addresses)) {
		const holder = addresses as Record<string, unknown>;
		if (holder.address !== null && typeof holder.address === 'object' && !Array.isArray(holder.address)) {
			holder.address = [holder.address];
		}
	}
}

/**
 * Parses a record, dropping each malformed optional field with a warning. Returns problems when the record
 * is not an object or an essential field is malformed.
 */
function parseLeniently(record: unknown): { ok: true; record: TrudvsemVacancy; warnings: string[] } | { ok: false; problems: VacancyImportProblem[] } {
	if (record === null || typeof record !== 'object' || Array.isArray(record)) {
		return { ok: false, problems: [{ field: '', message: 'Запись не является объектом вакансии портала «Работа России». Запись пропущена.' }] };
	}

	const copy = structuredClone(record) as Record<string, unknown>;
	wrapSingleAddress(copy);
	const warnings: string[] = [];
	for (let attempt = 0; attempt < MAX_REPAIRS; attempt += 1) {
		const parsed = trudvsemVacancySchema.safeParse(copy);
		if (parsed.success) {
			return { ok: true, record: parsed.data, warnings };
		}
		const issue = parsed.error.issues[0];
		const field = pathText(issue.path);
		if (issue.path.length === 0 || ESSENTIAL_FIELDS.has(String(issue.path[0]))) {
			return { ok: false, problems: [{ field, message: `Поле «${field}» имеет неверный формат. Запись пропущена.` }] };
		}
		warnings.push(`Поле «${field}» имеет неверный формат и не импортировано.`);
		if (!removeAt(copy, issue.path)) {
			return { ok: false, problems: [{ field, message: `Поле «${field}» имеет неверный формат. Запись пропущена.` }] };
		}
	}
	return { ok: false, problems: [{ field: '', message: 'В записи слишком много полей неверного формата. Запись пропущена.' }] };
}

function textOrNull(value: string | null | undefined): string | null {
	if (value === null || value === undefined) {
		return null;
	}
	const text = cleanText(value);
	return text === '' ? null : text;
}

/** Replaces Latin look-alike letters inside Cyrillic words: the portal has «Tребования» with a Latin T. */
function fixedLookalikesOrNull(text: string | null): string | null {
	return text === null ? null : fixLookalikeText(text);
}

function longTextOrNull(value: string | null | undefined): string | null {
	if (value === null || value === undefined) {
		return null;
	}
	const text = cleanLongText(value);
	return text === '' ? null : text;
}

/** Rounds a portal amount to a whole number; zero and negative amounts mean "not stated". */
function positiveInteger(value: string | number | null | undefined): number | null {
	if (value === null || value === undefined) {
		return null;
	}
	const number = typeof value === 'number' ? value : Number(value.trim().replace(',', '.'));
	return Number.isFinite(number) && number > 0 ? Math.round(number) : null;
}

function digitsOrNull(value: string | number | null | undefined, lengths: number[], name: string, warnings: string[]): string | null {
	if (value === null || value === undefined || String(value).trim() === '') {
		return null;
	}
	const digits = String(value).trim();
	if (/^\d+$/.test(digits) && lengths.includes(digits.length)) {
		return digits;
	}
	warnings.push(`${name} работодателя имеет неверный формат (ожидается ${lengths.join(' или ')} цифр) и не импортирован.`);
	return null;
}

function employerFrom(record: TrudvsemVacancy, warnings: string[]): EmployerDraft | null {
	const company = record.company;
	const name = textOrNull(company?.name);
	if (name === null) {
		warnings.push('В записи нет названия работодателя: вакансия импортирована без работодателя.');
		return null;
	}
	const ogrn = company?.ogrn ?? company?.companycode;
	return {
		name,
		inn: digitsOrNull(company?.inn, [10, 12], 'ИНН', warnings),
		ogrn: digitsOrNull(ogrn, [13, 15], 'ОГРН', warnings),
		region: textOrNull(record.region?.name),
	};
}

function addressFrom(record: TrudvsemVacancy): string | null {
	const list = record.addresses?.address ?? [];
	const locations = [...new Set(list.map((item) => textOrNull(item.location)).filter((location): location is string => location !== null))];
	// Portal locations already use ";" inside one address, so several addresses are joined with " | ".
	return locations.length === 0 ? null : locations.join(' | ');
}

/**
 * Returns whether the workplace is a quota workplace for people with disabilities: `workPlaceType.workPlaceQuota`
 * when the record has it, else whether `social_protected` names a category.
 */
function quotaFrom(record: TrudvsemVacancy): boolean | null {
	const quota = record.workPlaceType?.workPlaceQuota;
	if (typeof quota === 'boolean') {
		return quota;
	}
	const socialProtected = record.social_protected;
	return socialProtected === null || socialProtected === undefined ? null : cleanText(socialProtected) !== '';
}

/** Lists the impairments and protected categories the workplace suits, e.g. «Нарушения слуха – слабослышащий; Инвалид». */
function suitableForFrom(record: TrudvsemVacancy): string | null {
	const place = record.workPlaceType;
	const categories = place?.workPlaceSocialProtected;
	const parts = [place?.workPlaceDisabilityGroup, ...(Array.isArray(categories) ? categories : [categories]), record.social_protected]
		.map((part) => textOrNull(part))
		.filter((part): part is string => part !== null);
	const unique = [...new Set(parts)];
	return unique.length === 0 ? null : unique.join('; ');
}

function requirementsFrom(record: TrudvsemVacancy): string | null {
	const requirements = longTextOrNull(record.requirements);
	const qualification = longTextOrNull(record.requirement?.qualification);
	if (qualification === null || requirements?.includes(qualification)) {
		return requirements;
	}
	return requirements === null ? qualification : `${requirements}\n${qualification}`;
}

function publishedAtFrom(record: TrudvsemVacancy, warnings: string[]): string | null {
	const value = textOrNull(record['creation-date']);
	if (value === null) {
		return null;
	}
	const date = value.slice(0, 10);
	if (isIsoDate(date)) {
		return date;
	}
	warnings.push('Поле «creation-date» не является датой ГГГГ-ММ-ДД: дата публикации не импортирована.');
	return null;
}

function urlFrom(record: TrudvsemVacancy, warnings: string[]): string | null {
	const url = textOrNull(record.vac_url);
	if (url === null || /^https?:\/\/\S+$/.test(url)) {
		return url;
	}
	warnings.push('Поле «vac_url» не является ссылкой http(s): ссылка на вакансию не импортирована.');
	return null;
}

/**
 * Maps one «Работа России» vacancy record (the inner `vacancy` object, or its `{ vacancy }` wrapper) to a
 * vacancy row without id and the employer row. The vacancy's `employer` link is left empty for the caller
 * to set after storing the employer. Type «Открытая вакансия», status «Открыта».
 */
export function vacancyFromTrudvsem(input: unknown): VacancyImportResult {
	const unwrapped = input !== null && typeof input === 'object' && 'vacancy' in input ? (input as { vacancy: unknown }).vacancy : input;
	const parsed = parseLeniently(unwrapped);
	if (!parsed.ok) {
		return parsed;
	}
	const { record } = parsed;
	const warnings = [...parsed.warnings];

	const problems: VacancyImportProblem[] = [];
	const externalId = record.id === null || record.id === undefined ? '' : String(record.id).trim();
	if (externalId === '') {
		problems.push({ field: 'id', message: 'В записи нет идентификатора вакансии (поле «id»): повторный импорт создал бы дубликат. Запись пропущена.' });
	}
	const title = textOrNull(record['job-name']);
	if (title === null) {
		problems.push({ field: 'job-name', message: 'В записи нет названия должности (поле «job-name»). Запись пропущена.' });
	}
	if (problems.length > 0 || title === null) {
		return { ok: false, problems };
	}

	let salaryMin = positiveInteger(record.salary_min);
	let salaryMax = positiveInteger(record.salary_max);
	if (salaryMin !== null && salaryMax !== null && salaryMin > salaryMax) {
		[salaryMin, salaryMax] = [salaryMax, salaryMin];
		warnings.push('Зарплата «от» больше зарплаты «до»: значения переставлены.');
	}
	const experience = record.requirement?.experience;

	const vacancy: VacancyDraft = {
		title: fixLookalikeText(title),
		type: 'Открытая вакансия',
		status: 'Открыта',
		employer: null,
		supported: null,
		quota: quotaFrom(record),
		suitableFor: suitableForFrom(record),
		region: textOrNull(record.region?.name),
		address: addressFrom(record),
		salaryMin,
		salaryMax,
		schedule: textOrNull(record.schedule),
		employment: textOrNull(record.employment),
		education: fixedLookalikesOrNull(textOrNull(record.requirement?.education)),
		experienceYears: experience === null || experience === undefined ? null : Math.max(0, Math.round(Number(String(experience).replace(',', '.')))),
		duties: longTextOrNull(record.duty),
		requirements: requirementsFrom(record),
		externalId,
		externalUrl: urlFrom(record, warnings),
		publishedAt: publishedAtFrom(record, warnings),
	};
	const employer = employerFrom(record, warnings);

	// A last guard against a mapping that the table would reject; it names the column, not the value.
	const vacancyCheck = vacancies.zod.safeParse({ ...vacancy, id: 'import' });
	const employerCheck = employer === null ? undefined : employers.zod.safeParse({ ...employer, id: 'import' });
	for (const check of [vacancyCheck, employerCheck]) {
		if (check !== undefined && !check.success) {
			return { ok: false, problems: check.error.issues.map((issue) => ({ field: pathText(issue.path), message: `Поле «${pathText(issue.path)}» не прошло проверку таблицы. Запись пропущена.` })) };
		}
	}
	return { ok: true, vacancy, employer, warnings };
}

/**
 * Returns the vacancy records of a portal response: the API envelope
 * `{ results: { vacancies: [{ vacancy }] } }`, an array of records or wrappers, or a single record.
 * Returns an empty list for a response without vacancies.
 */
export function trudvsemRecords(body: unknown): unknown[] {
	if (Array.isArray(body)) {
		return body;
	}
	if (body === null || typeof body !== 'object') {
		return [];
	}
	const results = (body as { results?: { vacancies?: unknown } }).results;
	if (results !== undefined) {
		return Array.isArray(results?.vacancies) ? results.vacancies : [];
	}
	return [body];
}

/** Maps every record of a portal response, item by item, so one unusable record does not stop the rest. */
export function vacanciesFromTrudvsem(body: unknown): VacancyImportResult[] {
	return trudvsemRecords(body).map(vacancyFromTrudvsem);
}
