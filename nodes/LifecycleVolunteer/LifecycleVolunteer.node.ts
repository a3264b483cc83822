import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { failure, type ItemResult } from '../../core/operations/result';
import { advanceVolunteerTasks, createVolunteerTasks, listBankTasks, saveVolunteers, type TaskOutcome, type TaskStepInput } from '../../core/operations/volunteers';
import type { TaskFields } from '../../core/volunteerTasks';
import { volunteers, volunteerTasks, type Volunteer } from '../../schemas';
import type { Base, WriteContext } from '../../storage/types';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { runForItems, savedStatus } from '../shared/batch';
import { optionalString } from '../shared/items';
import { readItemFields } from '../shared/tableFields';
import { volunteerProperties } from './description';

function requiredText(value: unknown, label: string, hint: string): ItemResult<string> {
	const text = optionalString(value);
	return text ? { ok: true, value: text } : failure(`Не заполнено поле «${label}»: ${hint}`);
}

function taskOutput(value: TaskOutcome): IDataObject {
	return {
		'Ключ задачи': value.taskId,
		'Статус задачи': value.status,
		Результат: value.changed ? 'Записано' : 'Уже было в базе',
		'Ключ события встречи': value.eventId,
	};
}

export class LifecycleVolunteer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: банк задач волонтеров',
		name: 'lifecycleVolunteer',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { saveVolunteer: "Волонтер", createTask: "Задача в банк", listBank: "Задачи в банке", respond: "Отклик волонтера", schedule: "Встреча назначена", complete: "Итоги встречи", return: "Вернуть в банк", cancel: "Отменить задачу" }[$parameter["operation"]] }}',
		description: 'Волонтеры и банк задач: запрос пользователя как задача на одну встречу, отклик волонтера, встреча и обратная связь',
		defaults: { name: 'Банк задач волонтеров' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: volunteerProperties,
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const today = todayForWorkflow(this);
		const context = writeContext(this, optionalString(options.actor));

		const base = await openBase(this);
		try {
			return [await runOperation(this, base, operation, context, today)];
		} finally {
			await base.close();
		}
	}
}

function dateOf(node: IExecuteFunctions, index: number, today: string): string {
	return calendarDate((node.getNodeParameter('options', index, {}) as IDataObject).date, today);
}

/** Reads one step of the task flow from the item's parameters. */
function taskStep(node: IExecuteFunctions, index: number, kind: TaskStepInput['kind'], today: string): ItemResult<TaskStepInput> {
	const taskId = requiredText(node.getNodeParameter('taskId', index, ''), 'Ключ задачи', 'укажите ключ записи в таблице «Задачи волонтеров».');
	if (!taskId.ok) {
		return taskId;
	}
	const date = dateOf(node, index, today);
	switch (kind) {
		case 'respond': {
			const volunteerId = requiredText(node.getNodeParameter('volunteerId', index, ''), 'Ключ волонтера', 'укажите волонтера, который откликнулся.');
			return volunteerId.ok ? { ok: true, value: { taskId: taskId.value, kind, volunteerId: volunteerId.value, date } } : volunteerId;
		}
		case 'schedule': {
			const meetingDate = requiredText(node.getNodeParameter('meetingDate', index, ''), 'Дата встречи', 'укажите дату в формате ГГГГ-ММ-ДД.');
			return meetingDate.ok ? { ok: true, value: { taskId: taskId.value, kind, meetingDate: calendarDate(meetingDate.value, date) } } : meetingDate;
		}
		case 'complete':
			// An empty feedback reaches the core, which names the field and the fix.
			return {
				ok: true,
				value: {
					taskId: taskId.value,
					kind,
					date,
					candidateFeedback: String(node.getNodeParameter('candidateFeedback', index, '')),
					volunteerFeedback: optionalString(node.getNodeParameter('volunteerFeedback', index, '')),
				},
			};
		case 'cancel':
			return { ok: true, value: { taskId: taskId.value, kind, date, reason: String(node.getNodeParameter('cancelReason', index, '')) } };
		default:
			return { ok: true, value: { taskId: taskId.value, kind: 'return' } };
	}
}

async function runOperation(node: IExecuteFunctions, base: Base, operation: string, context: WriteContext, today: string): Promise<INodeExecutionData[]> {
	switch (operation) {
		case 'saveVolunteer':
			return runForItems(
				node,
				(index) => {
					const fields = readItemFields(node, index, volunteers, 'volunteerFields');
					const options = node.getNodeParameter('options', index, {}) as IDataObject;
					return fields.ok
						? {
								ok: true,
								value: {
									fields: fields.fields as Partial<Volunteer>,
									id: optionalString(node.getNodeParameter('editVolunteerId', index, '')),
									idempotencyKey: optionalString(options.idempotencyKey),
								},
							}
						: failure(fields.problems.join(' '), fields.problems);
				},
				(inputs) => saveVolunteers(base, inputs, context),
				(value) => ({ 'Ключ волонтера': value.id, Результат: savedStatus(value.status), 'Изменены поля': value.changedFields }),
			);
		case 'createTask':
			return runForItems(
				node,
				(index) => {
					const fields = readItemFields(node, index, volunteerTasks, 'taskFields');
					const options = node.getNodeParameter('options', index, {}) as IDataObject;
					return fields.ok
						? { ok: true, value: { fields: fields.fields as Partial<TaskFields>, date: dateOf(node, index, today), idempotencyKey: optionalString(options.idempotencyKey) } }
						: failure(fields.problems.join(' '), fields.problems);
				},
				(inputs) => createVolunteerTasks(base, inputs, context),
				taskOutput,
			);
		case 'listBank': {
			const listed = await listBankTasks(base, optionalString(node.getNodeParameter('bankVolunteerId', 0, '')));
			if (!listed.ok) {
				throw new NodeOperationError(node.getNode(), listed.message);
			}
			return listed.value.map((task) => ({
				json: {
					'Ключ задачи': task.id,
					Задача: task.title,
					Направление: task.direction,
					'Критерии выполнения': task.criteria,
					'Тренировочное собеседование': task.mockInterview ?? false,
					'Целевая должность пользователя': task.targetPosition,
					'Уровень целевой должности': task.targetLevel,
					'Дата постановки задачи': task.createdDate,
				},
				pairedItem: { item: 0 },
			}));
		}
		case 'respond':
		case 'schedule':
		case 'complete':
		case 'return':
		case 'cancel':
			return runForItems(node, (index) => taskStep(node, index, operation, today), (steps) => advanceVolunteerTasks(base, steps, context), taskOutput);
		default:
			throw new NodeOperationError(node.getNode(), `Операция «${operation}» не поддерживается узлом «ТЖЦТ: банк задач волонтеров».`);
	}
}
