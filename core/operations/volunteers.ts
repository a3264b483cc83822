/**
 * The volunteer task bank on a base: volunteers, tasks set by a tutor with the user's consent, and the
 * steps of a task from the bank to the meeting and the user's feedback.
 */
import { volunteerTasks as tasksTable, volunteers as volunteersTable, type Volunteer, type VolunteerTask } from '../../schemas';
import type { Base, WriteContext, WriteOperation } from '../../storage/types';
import type { IsoDate } from '../calendar';
import { stableId } from '../ids';
import { cleanText } from '../normalize';
import { applyTaskAction, checkNewTask, checkVolunteerForTask, taskMeetingEvent, type TaskAction, type TaskFields, type TaskStatus } from '../volunteerTasks';
import { eachInTransaction, missingLinks, partnerEventWrite, upsertRecord, withoutMerged, type RecordInput, type SavedRecord } from './partnerWrites';
import { failure, withoutMeta, type ItemResult } from './result';

/** Id of a volunteer: the caller's key, else the e-mail, else the name. */
export function volunteerIdFor(fields: Partial<Volunteer>, idempotencyKey?: string): string {
	if (idempotencyKey) {
		return stableId('vol', 'key', idempotencyKey);
	}
	return fields.email ? stableId('vol', 'email', fields.email.toLowerCase()) : stableId('vol', 'name', cleanText(fields.name ?? '').toLowerCase());
}

export async function saveVolunteers(base: Base, inputs: ReadonlyArray<RecordInput<Omit<Volunteer, 'id'>>>, context: WriteContext): Promise<Array<ItemResult<SavedRecord>>> {
	return eachInTransaction(base, inputs, async (tx, input) => {
		if (input.id && !(await tx.get('volunteers', input.id))) {
			return failure('Волонтер с таким ключом не найден в базе. Проверьте поле «Ключ волонтера».');
		}
		const id = input.id ?? volunteerIdFor(input.fields, input.idempotencyKey);
		const saved = await upsertRecord(tx, 'volunteers', id, input.fields, context, async (merged) => {
			const problems: string[] = [];
			if (!merged.name) {
				problems.push(`Не заполнено поле «${volunteersTable.columns.name.label}»: укажите ФИО волонтера.`);
			}
			if (!merged.direction || merged.direction.length === 0) {
				problems.push(`Не заполнено поле «${volunteersTable.columns.direction.label}»: выберите социальное наставничество, наставничество в трудоустройстве или оба.`);
			}
			return [...problems, ...(await missingLinks(tx, [{ table: 'employers', id: merged.employer, label: volunteersTable.columns.employer.label }]))];
		});
		return saved.ok ? { ok: true, value: withoutMerged(saved.value) } : saved;
	});
}

export interface NewTaskInput {
	fields: Partial<TaskFields>;
	date: IsoDate;
	idempotencyKey?: string;
}

export interface TaskOutcome {
	taskId: string;
	status: TaskStatus;
	/** False when the same task or step was already stored (a retry). */
	changed: boolean;
	/** The meeting event recorded when the task is completed. */
	eventId: string | null;
}

async function tutorProblems(tx: Base, tutorId: string | null | undefined): Promise<string[]> {
	if (!tutorId) {
		return [`Не заполнено поле «${tasksTable.columns.tutor.label}»: задачу в банк ставит тьютор, укажите его ключ.`];
	}
	const tutor = await tx.get('specialists', tutorId);
	if (!tutor) {
		return [`Поле «${tasksTable.columns.tutor.label}»: специалист с таким ключом не найден в базе. Проверьте ключ.`];
	}
	return tutor.role && tutor.role !== 'Тьютор' ? [`Задачу в банк ставит тьютор, а у специалиста роль «${tutor.role}». Укажите тьютора пользователя.`] : [];
}

/**
 * Puts tasks into the bank with the status «В банке задач». A task needs the user's consent, criteria,
 * one meeting and no special knowledge; the same task set again is found, not duplicated.
 */
export async function createVolunteerTasks(base: Base, inputs: readonly NewTaskInput[], context: WriteContext): Promise<Array<ItemResult<TaskOutcome>>> {
	return eachInTransaction(base, inputs, async (tx, input) => {
		const fields: Partial<TaskFields> = { ...input.fields, status: 'В банке задач', createdDate: input.fields.createdDate ?? input.date };
		const problems = [
			...checkNewTask(fields),
			...(await tutorProblems(tx, fields.tutor)),
			...(await missingLinks(tx, [{ table: 'candidates', id: fields.candidate, label: tasksTable.columns.candidate.label }])),
		];
		if (problems.length > 0) {
			return failure(problems.join(' '), problems);
		}
		const id = input.idempotencyKey ? stableId('vtask', 'key', input.idempotencyKey) : stableId('vtask', fields.candidate, cleanText(fields.title ?? '').toLowerCase(), fields.createdDate);
		const [written] = await tx.write([{ kind: 'insert', table: 'volunteerTasks', row: { ...(fields as TaskFields), id }, onConflict: 'skip' }], context, { atomic: true });
		const stored = await tx.get('volunteerTasks', id);
		return { ok: true, value: { taskId: id, status: (stored?.status ?? 'В банке задач') as TaskStatus, changed: written.status === 'created', eventId: null } };
	});
}

export type TaskStepInput =
	| { taskId: string; kind: 'respond'; volunteerId: string; date: IsoDate }
	| { taskId: string; kind: 'schedule'; meetingDate: IsoDate }
	| { taskId: string; kind: 'complete'; date: IsoDate; candidateFeedback: string; volunteerFeedback?: string | null }
	| { taskId: string; kind: 'return' }
	| { taskId: string; kind: 'cancel'; date: IsoDate; reason: string };

/** Returns true when the stored task already shows the result of this step, so a retry changes nothing. */
function alreadyApplied(task: VolunteerTask, step: TaskStepInput): boolean {
	switch (step.kind) {
		case 'respond':
			return task.status === 'Волонтер откликнулся' && task.volunteer === step.volunteerId;
		case 'schedule':
			return task.status === 'Встреча назначена' && task.meetingDate === step.meetingDate;
		case 'complete':
			return task.status === 'Выполнена';
		case 'return':
			return task.status === 'В банке задач';
		case 'cancel':
			return task.status === 'Отменена';
	}
}

async function actionOf(tx: Base, step: TaskStepInput): Promise<ItemResult<TaskAction>> {
	if (step.kind !== 'respond') {
		return { ok: true, value: step };
	}
	const volunteer = await tx.get('volunteers', step.volunteerId);
	if (!volunteer) {
		return failure('Волонтер с таким ключом не найден в базе. Проверьте поле «Ключ волонтера».');
	}
	return { ok: true, value: { ...step, volunteer } };
}

/**
 * Moves tasks along В банке задач → Волонтер откликнулся → Встреча назначена → Выполнена, or to
 * «Отменена», or back to the bank when the volunteer withdraws. Completing a task stores the user's
 * feedback and records the meeting in the user's profile. Each step is atomic and a retry is harmless.
 */
export async function advanceVolunteerTasks(base: Base, steps: readonly TaskStepInput[], context: WriteContext): Promise<Array<ItemResult<TaskOutcome>>> {
	return eachInTransaction<TaskStepInput, TaskOutcome>(base, steps, async (tx, step) => {
		const stored = await tx.get('volunteerTasks', step.taskId);
		if (!stored) {
			return failure('Задача с таким ключом не найдена в банке. Проверьте поле «Ключ задачи».');
		}
		const task = withoutMeta(stored) as VolunteerTask;
		if (alreadyApplied(task, step)) {
			return { ok: true, value: { taskId: task.id, status: task.status as TaskStatus, changed: false, eventId: null } };
		}

		const action = await actionOf(tx, step);
		if (!action.ok) {
			return action;
		}
		const next = applyTaskAction(task, action.value);
		if (!next.ok) {
			return failure(next.problems.join(' '), next.problems);
		}

		const operations: WriteOperation[] = [{ kind: 'update', table: 'volunteerTasks', id: task.id, patch: next.patch, expectVersion: stored._meta.version }];
		let eventId: string | null = null;
		if (step.kind === 'complete') {
			const event = await partnerEventWrite(tx, taskMeetingEvent(task.id, { ...task, ...next.patch }));
			if (!event.ok) {
				return failure(event.problems.join(' '), event.problems);
			}
			operations.push(event.operation);
			eventId = event.row.id;
		}
		await tx.write(operations, context, { atomic: true });
		return { ok: true, value: { taskId: task.id, status: next.status, changed: true, eventId } };
	});
}

/** A task as shown to the volunteer coordinator: without the user's own wording of the request. */
export type BankTask = Omit<VolunteerTask, 'request'>;

/**
 * Lists the tasks waiting in the bank, oldest first. With a volunteer, only the tasks that volunteer may
 * take (direction, interview experience for mock interviews).
 */
export async function listBankTasks(base: Base, volunteerId?: string): Promise<ItemResult<BankTask[]>> {
	let volunteer: Volunteer | undefined;
	if (volunteerId) {
		const stored = await base.get('volunteers', volunteerId);
		if (!stored) {
			return failure('Волонтер с таким ключом не найден в базе. Проверьте поле «Ключ волонтера».');
		}
		volunteer = withoutMeta(stored) as Volunteer;
	}
	const waiting = await base.list('volunteerTasks', { where: { status: 'В банке задач' }, orderBy: [{ column: 'createdDate' }] });
	const tasks = waiting
		.map((row) => withoutMeta(row) as VolunteerTask)
		.filter((task) => !volunteer || checkVolunteerForTask(volunteer, task).length === 0)
		.map((task) => {
			const visible: Partial<VolunteerTask> = { ...task };
			delete visible.request;
			return visible as BankTask;
		});
	return { ok: true, value: tasks };
}
