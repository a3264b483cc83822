/**
 * Employers on a base: records, mentors, the assigned consultant, the readiness check, and the events of
 * work with employers.
 */
import { employers as employersTable, mentors as mentorsTable, type Employer, type Mentor } from '../../schemas';
import type { Base, WriteContext } from '../../storage/types';
import type { IsoDate } from '../calendar';
import {
	checkConsultant,
	checkEmployer,
	employerId as employerIdFor,
	employerInterviewEvent,
	employerReadiness,
	employerRefusalEvent,
	employersToContact,
	type EmployerFields,
	type EmployerInterview,
	type EmployerReadiness,
	type EmployerRefusal,
	type EmployerToContact,
} from '../employers';
import { stableId } from '../ids';
import { cleanText } from '../normalize';
import { eachInTransaction, missingLinks, partnerEventWrite, recordPartnerEvents, upsertRecord, withoutMerged, type RecordedEvent, type RecordInput, type SavedRecord } from './partnerWrites';
import { failure, withoutMeta, type ItemResult } from './result';

export interface SavedEmployer extends SavedRecord {
	readiness: EmployerReadiness;
}

async function consultantProblems(tx: Base, specialistId: string | null | undefined): Promise<string[]> {
	if (!specialistId) {
		return [];
	}
	const specialist = await tx.get('specialists', specialistId);
	if (!specialist) {
		return [`Поле «${employersTable.columns.consultant.label}»: специалист с таким ключом не найден в базе. Проверьте ключ.`];
	}
	return checkConsultant(specialist);
}

async function readinessOf(tx: Base, employer: Partial<Employer>, id: string): Promise<EmployerReadiness> {
	const mentors = await tx.list('mentors', { where: { employer: id } });
	return employerReadiness(employer, mentors);
}

/**
 * Creates or updates employers and returns each one's readiness to receive users with Russian reasons.
 * The id comes from the ИНН when given, so the same organisation entered twice is one record.
 */
export async function saveEmployers(base: Base, inputs: ReadonlyArray<RecordInput<EmployerFields>>, context: WriteContext): Promise<Array<ItemResult<SavedEmployer>>> {
	return eachInTransaction(base, inputs, async (tx, input) => {
		if (input.id && !(await tx.get('employers', input.id))) {
			return failure('Работодатель с таким ключом не найден в базе. Проверьте поле «Ключ работодателя» или оставьте его пустым, чтобы создать работодателя.');
		}
		const id = input.id ?? employerIdFor(input.fields, input.idempotencyKey);
		const saved = await upsertRecord(tx, 'employers', id, input.fields, context, async (merged) => [
			...checkEmployer(merged),
			...(input.fields.consultant ? await consultantProblems(tx, merged.consultant) : []),
		]);
		if (!saved.ok) {
			return saved;
		}
		const { merged, ...outcome } = saved.value;
		return { ok: true, value: { ...outcome, readiness: await readinessOf(tx, merged, id) } };
	});
}

/** Id of a mentor: one person's name at one employer. */
export function mentorIdFor(fields: Partial<Mentor>, idempotencyKey?: string): string {
	return idempotencyKey ? stableId('mnt', 'key', idempotencyKey) : stableId('mnt', fields.employer, cleanText(fields.name ?? '').toLowerCase());
}

/** Creates or updates mentors, the employer's employees who support users at the workplace. */
export async function saveMentors(base: Base, inputs: ReadonlyArray<RecordInput<Omit<Mentor, 'id'>>>, context: WriteContext): Promise<Array<ItemResult<SavedRecord>>> {
	return eachInTransaction(base, inputs, async (tx, input) => {
		if (input.id && !(await tx.get('mentors', input.id))) {
			return failure('Наставник с таким ключом не найден в базе. Проверьте поле «Ключ наставника».');
		}
		const id = input.id ?? mentorIdFor(input.fields, input.idempotencyKey);
		const saved = await upsertRecord(tx, 'mentors', id, input.fields, context, async (merged) => {
			const problems: string[] = [];
			if (!merged.name) {
				problems.push(`Не заполнено поле «${mentorsTable.columns.name.label}»: укажите ФИО наставника.`);
			}
			if (!merged.employer) {
				problems.push(`Не заполнено поле «${mentorsTable.columns.employer.label}»: наставник — сотрудник работодателя, укажите ключ работодателя.`);
			}
			return [...problems, ...(await missingLinks(tx, [{ table: 'employers', id: merged.employer, label: mentorsTable.columns.employer.label }]))];
		});
		return saved.ok ? { ok: true, value: withoutMerged(saved.value) } : saved;
	});
}

/** Assigns the consultant to an employer; the consultant is assigned to the employer, not to a user. */
export async function assignConsultants(base: Base, inputs: ReadonlyArray<{ employerId: string; specialistId: string }>, context: WriteContext): Promise<Array<ItemResult<SavedEmployer>>> {
	return saveEmployers(
		base,
		inputs.map((input) => ({ id: input.employerId, fields: { consultant: input.specialistId } })),
		context,
	);
}

/** Checks employers' readiness to receive users, read-only. */
export async function checkEmployersReadiness(base: Base, employerIds: readonly string[]): Promise<Array<ItemResult<{ employerId: string; name: string; readiness: EmployerReadiness }>>> {
	const found = await base.getMany('employers', employerIds);
	const results: Array<ItemResult<{ employerId: string; name: string; readiness: EmployerReadiness }>> = [];
	for (const id of employerIds) {
		const employer = found.get(id);
		if (!employer) {
			results.push(failure('Работодатель с таким ключом не найден в базе. Проверьте поле «Ключ работодателя».'));
			continue;
		}
		results.push({ ok: true, value: { employerId: id, name: employer.name, readiness: await readinessOf(base, employer, id) } });
	}
	return results;
}

export interface EmployerContact {
	employerId: string;
	date: IsoDate;
	channel: 'Звонок' | 'Электронное письмо' | 'Встреча';
	initiator?: 'Специалист' | 'Работодатель';
	title?: string | null;
	description?: string | null;
	vacancyId?: string | null;
	mentorId?: string | null;
	specialistName?: string | null;
	idempotencyKey?: string;
}

/** Records «Связь с работодателем» (a call, an e-mail or a meeting), with or without open vacancies. */
export async function recordEmployerContacts(base: Base, contacts: readonly EmployerContact[], context: WriteContext): Promise<Array<ItemResult<RecordedEvent>>> {
	return recordPartnerEvents(
		base,
		contacts.map((contact) => ({
			type: 'Связь с работодателем',
			date: contact.date,
			employer: contact.employerId,
			vacancy: contact.vacancyId ?? null,
			mentor: contact.mentorId ?? null,
			channel: contact.channel,
			initiator: contact.initiator ?? 'Специалист',
			title: contact.title ?? null,
			description: contact.description ?? null,
			specialistName: contact.specialistName ?? null,
			idempotencyKey: contact.idempotencyKey,
		})),
		context,
	);
}

export interface EmployerNote {
	employerId: string;
	date: IsoDate;
	initiator?: 'Специалист' | 'Работодатель' | 'Третье лицо';
	title?: string | null;
	description?: string | null;
	vacancyId?: string | null;
	mentorId?: string | null;
	specialistName?: string | null;
	idempotencyKey?: string;
}

/** Records «Иное» about an employer: what is neither a contact, an interview nor a refusal. */
export async function recordEmployerNotes(base: Base, notes: readonly EmployerNote[], context: WriteContext): Promise<Array<ItemResult<RecordedEvent>>> {
	return recordPartnerEvents(
		base,
		notes.map((note) => ({
			type: 'Иное',
			date: note.date,
			employer: note.employerId,
			vacancy: note.vacancyId ?? null,
			mentor: note.mentorId ?? null,
			initiator: note.initiator ?? 'Специалист',
			title: note.title ?? null,
			description: note.description ?? null,
			specialistName: note.specialistName ?? null,
			idempotencyKey: note.idempotencyKey,
		})),
		context,
	);
}

export interface RecordedInterview {
	interviewEventId: string;
	/** The refusal recorded with the interview when the employer refused. */
	refusalEventId: string | null;
}

/**
 * Records «Собеседование кандидата с работодателем». When the employer refused, «Кандидат получил отказ
 * от работодателя» is recorded with it at the stage «Собеседование».
 */
export async function recordEmployerInterviews(base: Base, interviews: readonly EmployerInterview[], context: WriteContext): Promise<Array<ItemResult<RecordedInterview>>> {
	return eachInTransaction(base, interviews, async (tx, interview) => {
		const drafts = [employerInterviewEvent(interview)];
		if (interview.outcome === 'Отказ работодателя') {
			drafts.push(employerRefusalEvent({ ...interview, stage: 'Собеседование', reason: interview.comment }));
		}
		const writes = [];
		for (const draft of drafts) {
			const write = await partnerEventWrite(tx, draft);
			if (!write.ok) {
				return failure(write.problems.join(' '), write.problems);
			}
			writes.push(write);
		}
		await tx.write(
			writes.map((write) => write.operation),
			context,
			{ atomic: true },
		);
		return { ok: true, value: { interviewEventId: writes[0].row.id, refusalEventId: writes[1]?.row.id ?? null } };
	});
}

/** Records «Кандидат получил отказ от работодателя» with the stage and reason. */
export async function recordEmployerRefusals(base: Base, refusals: readonly EmployerRefusal[], context: WriteContext): Promise<Array<ItemResult<RecordedEvent>>> {
	return recordPartnerEvents(base, refusals.map(employerRefusalEvent), context);
}

/** Lists employers due for contact, including those without vacancies. */
export async function listEmployersToContact(base: Base, today: IsoDate): Promise<EmployerToContact[]> {
	const employers = (await base.list('employers')).map((row) => withoutMeta(row) as Employer);
	const vacancies = await base.list('vacancies', { where: { status: 'Открыта' }, fields: ['employer', 'status'] });
	const contacts = await base.list('events', { where: { type: 'Связь с работодателем' }, fields: ['type', 'date', 'employer'] });
	return employersToContact(employers, vacancies, contacts, today);
}
