/**
 * The vacancy bank on a base: creating and editing vacancies with their events, and the idempotent
 * import of «Работа России» records by external id.
 */
import { vacancies as vacanciesTable, type Employer, type Vacancy } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import type { IsoDate } from '../calendar';
import { employerId as employerIdFor } from '../employers';
import type { EventDraft } from '../events';
import { changedFields } from '../rowInput';
import { checkVacancy, vacancyCreatedEvent, vacancyEditedEvent, vacancyFieldLabels, vacancyId as vacancyIdFor, type VacancyFields } from '../vacancies';
import { vacancyFromTrudvsem, type EmployerDraft } from '../vacancyImport';
import { eachInTransaction, missingLinks, partnerEventWrite } from './partnerWrites';
import { failure, withoutMeta, type ItemResult } from './result';

export const MANUAL_ORIGIN = 'Вручную';
export const TRUDVSEM_ORIGIN = 'Работа России';

export interface VacancyInput {
	fields: Partial<VacancyFields>;
	/** Key of the vacancy to edit; without it the id is derived and an existing vacancy is edited. */
	vacancyId?: string;
	/** Makes the derived id unique when title, employer and place are not, e.g. two equal jobs. */
	idempotencyKey?: string;
	date: IsoDate;
	/** Where the data came from, recorded in the event: «Вручную», «Работа России», a form name. */
	origin?: string;
}

export interface SavedVacancy {
	vacancyId: string;
	status: 'created' | 'updated' | 'unchanged';
	/** Russian labels of the changed columns; every filled column on creation. */
	changedFields: string[];
	eventId: string | null;
}

async function linkProblems(tx: Base, vacancy: Partial<VacancyFields>): Promise<string[]> {
	const problems = await missingLinks(tx, [
		{ table: 'employers', id: vacancy.employer, label: vacanciesTable.columns.employer.label },
		{ table: 'mentors', id: vacancy.mentor, label: vacanciesTable.columns.mentor.label },
	]);
	if (problems.length === 0 && vacancy.mentor && vacancy.employer) {
		const mentor = await tx.get('mentors', vacancy.mentor);
		if (mentor?.employer && mentor.employer !== vacancy.employer) {
			problems.push(`Поле «${vacanciesTable.columns.mentor.label}»: наставник работает у другого работодателя. Выберите наставника этого работодателя.`);
		}
	}
	return problems;
}

/**
 * Plans the writes that create a vacancy or apply an edit, each with its event. Returns the problems
 * instead when the result would break a rule of the bank.
 */
async function planVacancyWrite(
	tx: Base,
	id: string,
	fields: Partial<VacancyFields>,
	date: IsoDate,
	origin: string,
): Promise<{ ok: true; saved: SavedVacancy; operations: WriteOperation[] } | { ok: false; problems: string[] }> {
	const stored = await tx.get('vacancies', id);
	let merged: Partial<VacancyFields>;
	let operation: WriteOperation;
	let event: EventDraft;
	let keys: string[];

	if (stored) {
		const current = withoutMeta(stored) as Vacancy;
		keys = changedFields<Record<string, unknown>>(current, fields);
		if (keys.length === 0) {
			return { ok: true, saved: { vacancyId: id, status: 'unchanged', changedFields: [], eventId: null }, operations: [] };
		}
		const patch = Object.fromEntries(keys.map((key) => [key, (fields as Record<string, unknown>)[key]])) as Partial<Vacancy>;
		merged = { ...current, ...patch };
		operation = { kind: 'update', table: 'vacancies', id, patch, expectVersion: stored._meta.version };
		event = vacancyEditedEvent(id, merged.employer, keys, date, stored._meta.version, origin);
	} else {
		merged = { status: 'Открыта', ...fields };
		keys = Object.keys(merged).filter((key) => merged[key as keyof VacancyFields] !== null && merged[key as keyof VacancyFields] !== undefined);
		operation = { kind: 'insert', table: 'vacancies', row: { ...(merged as VacancyFields), id }, onConflict: 'skip' };
		event = vacancyCreatedEvent(id, merged, date, origin);
	}

	const problems = [...checkVacancy(merged), ...(await linkProblems(tx, merged))];
	if (problems.length > 0) {
		return { ok: false, problems };
	}
	const eventWrite = await partnerEventWrite(tx, event, new Set([id]));
	if (!eventWrite.ok) {
		return eventWrite;
	}
	return {
		ok: true,
		saved: { vacancyId: id, status: stored ? 'updated' : 'created', changedFields: vacancyFieldLabels(keys), eventId: eventWrite.row.id },
		operations: [operation, eventWrite.operation],
	};
}

/**
 * Creates or edits vacancies. Creation records «Создание вакансии». An edit records «Редактирование
 * вакансии» with the labels of the changed columns, never their values. Saving the same values again
 * changes nothing and records nothing. Each vacancy is written with its event atomically.
 */
export async function saveVacancies(base: Base, inputs: readonly VacancyInput[], context: WriteContext): Promise<Array<ItemResult<SavedVacancy>>> {
	return eachInTransaction(base, inputs, async (tx, input) => {
		if (input.vacancyId && !(await tx.get('vacancies', input.vacancyId))) {
			return failure('Вакансия с таким ключом не найдена в базе. Проверьте поле «Ключ вакансии» или оставьте его пустым, чтобы создать вакансию.');
		}
		const id = input.vacancyId ?? vacancyIdFor(input.fields, input.idempotencyKey);
		const plan = await planVacancyWrite(tx, id, input.fields, input.date, input.origin ?? MANUAL_ORIGIN);
		if (!plan.ok) {
			return failure(plan.problems.join(' '), plan.problems);
		}
		if (plan.operations.length > 0) {
			await tx.write(plan.operations, context, { atomic: true });
		}
		return { ok: true, value: plan.saved };
	});
}

/** Columns the portal owns: a re-import updates them, and leaves the organisation's own columns alone. */
const PORTAL_COLUMNS = [
	'title',
	'quota',
	'suitableFor',
	'region',
	'address',
	'salaryMin',
	'salaryMax',
	'schedule',
	'employment',
	'education',
	'experienceYears',
	'duties',
	'requirements',
	'externalId',
	'externalUrl',
	'publishedAt',
] as const satisfies ReadonlyArray<keyof VacancyFields>;

export interface ImportedVacancy extends SavedVacancy {
	externalId: string;
	employerId: string | null;
	employerCreated: boolean;
	warnings: string[];
}

/** Finds the stored employer of an imported record by ИНН, then ОГРН, then the derived id; creates it otherwise. */
async function resolveEmployer(tx: Base, draft: EmployerDraft, context: WriteContext): Promise<{ id: string; created: boolean }> {
	for (const [column, value] of [
		['inn', draft.inn],
		['ogrn', draft.ogrn],
	] as const) {
		if (value) {
			const [found] = await tx.list('employers', { where: { [column]: value }, fields: ['id'], limit: 1 });
			if (found) {
				return { id: found.id, created: false };
			}
		}
	}
	const id = employerIdFor(draft);
	if (await tx.get('employers', id)) {
		return { id, created: false };
	}
	await tx.write([{ kind: 'insert', table: 'employers', row: { ...(draft as Employer), id }, onConflict: 'skip' }], context, { atomic: true });
	return { id, created: true };
}

/**
 * Imports «Работа России» vacancy records, item by item. The vacancy id comes from the portal's id, so a
 * repeated import updates the stored vacancy (recording the changed columns) instead of adding a copy.
 * Type, status, support and the other columns an organisation fills itself are never overwritten.
 */
export async function importTrudvsemVacancies(base: Base, records: readonly unknown[], context: WriteContext, date: IsoDate): Promise<Array<ItemResult<ImportedVacancy>>> {
	return eachInTransaction(base, records, async (tx, record) => {
		const mapped = vacancyFromTrudvsem(record);
		if (!mapped.ok) {
			const problems = mapped.problems.map((problem) => problem.message);
			return failure(problems.join(' '), problems);
		}

		const employer = mapped.employer ? await resolveEmployer(tx, mapped.employer, context) : null;
		const externalId = mapped.vacancy.externalId as string;
		const id = vacancyIdFor({ externalId });
		const stored = await tx.get('vacancies', id);

		let fields: Partial<VacancyFields>;
		if (stored) {
			fields = Object.fromEntries(PORTAL_COLUMNS.map((column) => [column, mapped.vacancy[column] ?? null]));
			if (!stored.employer && employer) {
				fields.employer = employer.id;
			}
		} else {
			fields = { ...mapped.vacancy, employer: employer?.id ?? null };
		}

		const plan = await planVacancyWrite(tx, id, fields, date, TRUDVSEM_ORIGIN);
		if (!plan.ok) {
			return failure(plan.problems.join(' '), plan.problems);
		}
		if (plan.operations.length > 0) {
			await tx.write(plan.operations, context, { atomic: true });
		}
		return { ok: true, value: { ...plan.saved, externalId, employerId: employer?.id ?? null, employerCreated: employer?.created ?? false, warnings: mapped.warnings } };
	});
}
