/**
 * The volunteer task bank. A tutor, with the user's consent, rewords the user's request into a task that
 * one meeting can solve, that needs no special psychological or social-work knowledge, and that can be
 * judged by criteria. A volunteer responds, the tutor agrees a date, and after the meeting the user's
 * feedback goes into the base.
 */
import {
	POSITION_LEVELS,
	serviceName,
	VOLUNTEER_TASK_STATUSES,
	volunteerTasks as tasksTable,
	type Volunteer,
	type VolunteerTask,
} from '../schemas';
import type { IsoDate } from './calendar';
import type { EventDraft } from './events';

export type TaskStatus = (typeof VOLUNTEER_TASK_STATUSES)[number];
export type TaskFields = Omit<VolunteerTask, 'id'>;

/** The direction a mock interview belongs to. */
export const MOCK_INTERVIEW_DIRECTION = 'Наставничество в трудоустройстве';

/**
 * Allowed status changes. A task goes back to the bank when the volunteer withdraws; a scheduled meeting
 * may be moved to another date; «Выполнена» and «Отменена» are final.
 */
export const TASK_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
	'В банке задач': ['Волонтер откликнулся', 'Отменена'],
	'Волонтер откликнулся': ['Встреча назначена', 'В банке задач', 'Отменена'],
	'Встреча назначена': ['Встреча назначена', 'Выполнена', 'В банке задач', 'Отменена'],
	Выполнена: [],
	Отменена: [],
};

function label(key: keyof typeof tasksTable.columns): string {
	return `«${tasksTable.columns[key].label}»`;
}

function filled(value: string | null | undefined): boolean {
	return typeof value === 'string' && value.trim() !== '';
}

/** Checks a task before it enters the bank; returns Russian problems, empty when the task may enter. */
export function checkNewTask(task: Partial<TaskFields>): string[] {
	const problems: string[] = [];
	if (task.candidateConsent !== true) {
		problems.push(`Без согласия пользователя задачу нельзя поставить в банк: получите согласие и отметьте поле ${label('candidateConsent')}.`);
	}
	if (!task.candidate) {
		problems.push(`Не заполнено поле ${label('candidate')}: укажите ключ пользователя, чей запрос стал задачей.`);
	}
	if (!filled(task.title)) {
		problems.push(`Не заполнено поле ${label('title')}: сформулируйте запрос пользователя как задачу на одну встречу.`);
	}
	if (!filled(task.criteria)) {
		problems.push(`Не заполнено поле ${label('criteria')}: укажите, по каким признакам пользователь и волонтер поймут, что задача выполнена.`);
	}
	if (task.oneMeeting !== true) {
		problems.push(`Задача должна решаться за одну встречу: переформулируйте ее и отметьте поле ${label('oneMeeting')}.`);
	}
	if (task.noSpecialKnowledge !== true) {
		problems.push(
			`Задача не должна требовать специальных психологических и социальных знаний: такие запросы решает тьютор. Переформулируйте задачу и отметьте поле ${label('noSpecialKnowledge')}.`,
		);
	}
	if (!task.direction) {
		problems.push(`Не заполнено поле ${label('direction')}: выберите социальное наставничество или наставничество в трудоустройстве.`);
	}
	if (task.mockInterview) {
		if (task.direction && task.direction !== MOCK_INTERVIEW_DIRECTION) {
			problems.push(`Тренировочное собеседование относится к направлению «${MOCK_INTERVIEW_DIRECTION}»: исправьте поле ${label('direction')}.`);
		}
		if (!task.targetLevel) {
			problems.push(`Для тренировочного собеседования заполните поле ${label('targetLevel')}: волонтер должен проводить собеседования на должность не ниже этой.`);
		}
	}
	return problems;
}

function levelIndex(level: string | null | undefined): number {
	return level ? (POSITION_LEVELS as readonly string[]).indexOf(level) : -1;
}

/**
 * Checks that a volunteer may take the task: works in the task's direction, is active, has not refused
 * consent, and for a mock interview has interview experience at a position not lower than the user's target.
 */
export function checkVolunteerForTask(volunteer: Partial<Volunteer>, task: Partial<TaskFields>): string[] {
	const problems: string[] = [];
	if (volunteer.consent === false) {
		problems.push('Волонтер не дал согласие на обработку персональных данных: получите согласие, прежде чем назначать задачу.');
	}
	if (volunteer.active === false) {
		problems.push('Волонтер отмечен как не готовый брать задачи: выберите другого волонтера.');
	}
	if (task.direction && !(volunteer.direction ?? []).includes(task.direction)) {
		problems.push(`Волонтер не работает по направлению «${task.direction}»: выберите волонтера этого направления или добавьте направление в его карточку.`);
	}
	if (task.mockInterview) {
		const volunteerLevel = levelIndex(volunteer.interviewLevel);
		const targetLevel = levelIndex(task.targetLevel);
		if (volunteerLevel === -1) {
			problems.push('У волонтера не указан уровень должностей, на которые он проводил собеседования: тренировочное собеседование ему назначить нельзя.');
		} else if (targetLevel !== -1 && volunteerLevel < targetLevel) {
			problems.push(
				`Волонтер проводил собеседования на должности уровня «${volunteer.interviewLevel}», а пользователь претендует на уровень «${task.targetLevel}». Для тренировочного собеседования нужен опыт не ниже уровня целевой должности.`,
			);
		}
	}
	return problems;
}

export type TaskAction =
	| { kind: 'respond'; volunteerId: string; volunteer: Partial<Volunteer>; date: IsoDate }
	| { kind: 'schedule'; meetingDate: IsoDate }
	| { kind: 'complete'; date: IsoDate; candidateFeedback: string; volunteerFeedback?: string | null }
	| { kind: 'return' }
	| { kind: 'cancel'; date: IsoDate; reason: string };

const ACTION_TARGET: Record<TaskAction['kind'], TaskStatus> = {
	respond: 'Волонтер откликнулся',
	schedule: 'Встреча назначена',
	complete: 'Выполнена',
	return: 'В банке задач',
	cancel: 'Отменена',
};

export type TaskStep = { ok: true; patch: Partial<TaskFields>; status: TaskStatus } | { ok: false; problems: string[] };

/** Applies one step of the task's status flow and returns the patch to store, or Russian problems. */
export function applyTaskAction(task: Partial<VolunteerTask>, action: TaskAction): TaskStep {
	const current = (task.status ?? 'В банке задач') as TaskStatus;
	const target = ACTION_TARGET[action.kind];
	if (!TASK_TRANSITIONS[current]?.includes(target)) {
		const allowed = TASK_TRANSITIONS[current] ?? [];
		const next = allowed.length === 0 ? 'статус окончательный' : `возможны: ${allowed.map((status) => `«${status}»`).join(', ')}`;
		return { ok: false, problems: [`Задача в статусе «${current}» не может перейти в статус «${target}»: ${next}.`] };
	}

	switch (action.kind) {
		case 'respond': {
			const problems = checkVolunteerForTask(action.volunteer, task);
			return problems.length > 0 ? { ok: false, problems } : { ok: true, status: target, patch: { status: target, volunteer: action.volunteerId, respondedDate: action.date } };
		}
		case 'schedule':
			if (task.createdDate && action.meetingDate < task.createdDate) {
				return { ok: false, problems: [`Поле ${label('meetingDate')}: дата встречи раньше даты постановки задачи. Проверьте дату.`] };
			}
			return { ok: true, status: target, patch: { status: target, meetingDate: action.meetingDate } };
		case 'complete': {
			const problems: string[] = [];
			if (!filled(action.candidateFeedback)) {
				problems.push(`Не заполнено поле ${label('candidateFeedback')}: после встречи запишите обратную связь пользователя.`);
			}
			if (task.meetingDate && action.date < task.meetingDate) {
				problems.push(`Дата завершения раньше даты встречи (${task.meetingDate}): задачу можно закрыть после встречи.`);
			}
			return problems.length > 0
				? { ok: false, problems }
				: {
						ok: true,
						status: target,
						patch: { status: target, completedDate: action.date, candidateFeedback: action.candidateFeedback.trim(), volunteerFeedback: action.volunteerFeedback?.trim() || null },
					};
		}
		case 'return':
			return { ok: true, status: target, patch: { status: target, volunteer: null, meetingDate: null, respondedDate: null } };
		case 'cancel':
			if (!filled(action.reason)) {
				return { ok: false, problems: [`Не заполнено поле ${label('cancelReason')}: укажите, почему задача отменена.`] };
			}
			return { ok: true, status: target, patch: { status: target, completedDate: action.date, cancelReason: action.reason.trim() } };
	}
}

/**
 * Builds the event of a completed meeting in the user's profile: «Тренировочное собеседование» for a mock
 * interview, else «Иное» in the tutor's service, with the user's and the volunteer's feedback.
 */
export function taskMeetingEvent(taskId: string, task: Partial<TaskFields>): EventDraft {
	const mock = task.mockInterview === true;
	return {
		type: mock ? 'Тренировочное собеседование' : 'Иное',
		date: task.meetingDate ?? task.completedDate ?? '',
		service: mock ? serviceName(5) : serviceName(1),
		candidate: task.candidate ?? null,
		volunteer: task.volunteer ?? null,
		specialist: task.tutor ?? null,
		initiator: 'Волонтер',
		channel: 'Встреча',
		title: `Встреча с волонтером: ${task.title ?? ''}`.trim(),
		description: task.candidateFeedback ? `Обратная связь пользователя: ${task.candidateFeedback}` : null,
		feedback: task.volunteerFeedback ?? null,
		details: { 'Задача банка': taskId, Направление: task.direction ?? null },
		idempotencyKey: `volunteer-task-meeting:${taskId}`,
	};
}
