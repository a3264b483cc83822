import type { INodeProperties } from 'n8n-workflow';

import { volunteers, volunteerTasks } from '../../schemas';
import { baseProperties } from '../shared/base';
import { tableFieldProperties } from '../shared/tableFields';

/** Task columns that the status flow fills, not the tutor who sets the task. */
export const FLOW_COLUMNS = ['status', 'volunteer', 'meetingDate', 'respondedDate', 'completedDate', 'candidateFeedback', 'volunteerFeedback', 'cancelReason'];

const TASK_STEPS = ['respond', 'schedule', 'complete', 'return', 'cancel'];

export const volunteerProperties: INodeProperties[] = [
	...baseProperties,
	{
		displayName: 'Операция',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Вернуть задачу в банк',
				value: 'return',
				description: 'Волонтер отказался: задача снова ждет отклика',
				// The rule's sentence-case fix empties Cyrillic text; the action is already in sentence case.
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Вернуть задачу в банк',
			},
			{
				name: 'Волонтер откликнулся',
				value: 'respond',
				description: 'Проверяет направление волонтера и, для тренировочного собеседования, его опыт собеседований',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Волонтер откликнулся',
			},
			{
				name: 'Добавить или изменить волонтера',
				value: 'saveVolunteer',
				description: 'Волонтер, обычно корпоративный, с направлениями и опытом проведения собеседований',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Добавить или изменить волонтера',
			},
			{
				name: 'Задачи в банке',
				value: 'listBank',
				description: 'Задачи, ждущие отклика; с ключом волонтера — только те, что ему подходят',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Задачи в банке',
			},
			{
				name: 'Записать итоги встречи',
				value: 'complete',
				description: 'Обратная связь пользователя после встречи; встреча записывается в профиль пользователя',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Записать итоги встречи',
			},
			{
				name: 'Назначить встречу',
				value: 'schedule',
				description: 'Тьютор согласовал дату встречи пользователя и волонтера',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Назначить встречу',
			},
			{
				name: 'Отменить задачу',
				value: 'cancel',
				description: 'Задача больше не нужна; укажите причину',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Отменить задачу',
			},
			{
				name: 'Поставить задачу в банк',
				value: 'createTask',
				description: 'Тьютор с согласия пользователя формулирует запрос как задачу на одну встречу с критериями выполнения',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Поставить задачу в банк',
			},
		],
		default: 'createTask',
	},
	{
		displayName: 'Ключ волонтера',
		name: 'editVolunteerId',
		type: 'string',
		default: '',
		description: 'Ключ волонтера, которого нужно изменить. Пусто — волонтер создается или находится по электронной почте.',
		displayOptions: { show: { operation: ['saveVolunteer'] } },
	},
	...tableFieldProperties(volunteers, 'volunteerFields', { operation: ['saveVolunteer'] }),
	{
		displayName:
			'Задача попадает в банк, только если: есть согласие пользователя; задачу можно решить за одну встречу; она не требует специальных психологических и социальных знаний; указаны критерии выполнения. Для тренировочного собеседования укажите уровень целевой должности: волонтер должен проводить собеседования на должности не ниже.',
		name: 'taskNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['createTask'] } },
	},
	...tableFieldProperties(volunteerTasks, 'taskFields', { operation: ['createTask'] }, FLOW_COLUMNS),
	{
		displayName: 'Ключ задачи',
		name: 'taskId',
		type: 'string',
		default: '={{ $json["Ключ задачи"] }}',
		required: true,
		description: 'Ключ записи в таблице «Задачи волонтеров»',
		displayOptions: { show: { operation: TASK_STEPS } },
	},
	{
		displayName: 'Ключ волонтера',
		name: 'volunteerId',
		type: 'string',
		default: '={{ $json["Ключ волонтера"] }}',
		required: true,
		displayOptions: { show: { operation: ['respond'] } },
	},
	{
		displayName: 'Ключ волонтера',
		name: 'bankVolunteerId',
		type: 'string',
		default: '',
		description: 'Показать только задачи, которые подходят этому волонтеру. Пусто — все задачи в банке.',
		displayOptions: { show: { operation: ['listBank'] } },
	},
	{
		displayName: 'Дата встречи',
		name: 'meetingDate',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2026-12-10',
		description: 'Дата в формате ГГГГ-ММ-ДД',
		displayOptions: { show: { operation: ['schedule'] } },
	},
	{
		displayName: 'Обратная связь пользователя',
		name: 'candidateFeedback',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'Что пользователь говорит о встрече и результате: записывается в базу',
		displayOptions: { show: { operation: ['complete'] } },
	},
	{
		displayName: 'Обратная связь волонтера',
		name: 'volunteerFeedback',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: { show: { operation: ['complete'] } },
	},
	{
		displayName: 'Причина отмены',
		name: 'cancelReason',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { operation: ['cancel'] } },
	},
	{
		displayName: 'Дополнительно',
		name: 'options',
		type: 'collection',
		placeholder: 'Добавить параметр',
		default: {},
		options: [
			{
				displayName: 'Дата',
				name: 'date',
				type: 'string',
				default: '',
				placeholder: '2026-12-04',
				description: 'Дата постановки задачи, отклика, завершения или отмены в формате ГГГГ-ММ-ДД. Пусто — сегодня по часовому поясу процесса.',
			},
			{
				displayName: 'Ключ идемпотентности',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description: 'Уникальный ключ новой записи, например номер ответа формы. Повторный запуск с тем же ключом не создаст копию.',
			},
			{
				displayName: 'Кто записывает',
				name: 'actor',
				type: 'string',
				default: '',
				description: 'Имя специалиста для журнала изменений. Пусто — название процесса n8n.',
			},
		],
	},
];
