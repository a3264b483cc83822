import type { INodeProperties } from 'n8n-workflow';

import { EMPLOYER_CONTACT_CHANNELS } from '../../core/partnerEvents';
import { INTERVIEW_OUTCOMES, REFUSAL_STAGES } from '../../core/employers';
import { employers, mentors, SERVICE_NAMES } from '../../schemas';
import { baseProperties } from '../shared/base';
import { tableFieldProperties } from '../shared/tableFields';

const EMPLOYER_KEY_OPERATIONS = ['assignConsultant', 'readiness', 'contact', 'other', 'interview', 'refusal'];

function choices(values: readonly string[]) {
	return values.map((value) => ({ name: value, value }));
}

export const employerProperties: INodeProperties[] = [
	...baseProperties,
	{
		displayName: 'Операция',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Добавить или изменить наставника',
				value: 'saveMentor',
				description: 'Сотрудник работодателя, который добровольно сопровождает пользователя на рабочем месте',
				// The rule's sentence-case fix empties Cyrillic text; the action is already in sentence case.
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Добавить или изменить наставника',
			},
			{
				name: 'Закрепить консультанта',
				value: 'assignConsultant',
				description: 'Закрепляет за работодателем консультанта по сопровождаемому трудоустройству',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Закрепить консультанта',
			},
			{
				name: 'Записать иное событие',
				value: 'other',
				description: 'Событие «Иное» о работодателе: то, что не связь, не собеседование и не отказ',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Записать иное событие',
			},
			{
				name: 'Записать отказ работодателя',
				value: 'refusal',
				description: 'Событие «Кандидат получил отказ от работодателя» со стадией и причиной',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Записать отказ работодателя',
			},
			{
				name: 'Записать связь с работодателем',
				value: 'contact',
				description: 'Событие «Связь с работодателем»: звонок, письмо или встреча, в том числе без вакансий',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Записать связь с работодателем',
			},
			{
				name: 'Записать собеседование кандидата',
				value: 'interview',
				description: 'Событие «Собеседование кандидата с работодателем»; при отказе работодателя записывается и отказ',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Записать собеседование кандидата',
			},
			{
				name: 'Проверить готовность',
				value: 'readiness',
				description: 'Руководство принимает правила, есть наставник, коллектив готов обучаться',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Проверить готовность',
			},
			{
				name: 'Работодатели, с которыми пора связаться',
				value: 'toContact',
				description: 'Работодатели без связи дольше своего интервала, в том числе без открытых вакансий',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Работодатели, с которыми пора связаться',
			},
			{
				name: 'Создать или изменить работодателя',
				value: 'save',
				description: 'Записывает работодателя и показывает его готовность принимать пользователей',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Создать или изменить работодателя',
			},
		],
		default: 'save',
	},
	{
		displayName: 'Ключ работодателя',
		name: 'editEmployerId',
		type: 'string',
		default: '',
		description: 'Ключ работодателя, которого нужно изменить. Пусто — работодатель создается, а если такой уже есть (тот же ИНН или ОГРН), изменяется.',
		displayOptions: { show: { operation: ['save'] } },
	},
	...tableFieldProperties(employers, 'employerFields', { operation: ['save'] }),
	{
		displayName: 'Ключ наставника',
		name: 'mentorId',
		type: 'string',
		default: '',
		description: 'Ключ наставника, которого нужно изменить. Пусто — наставник создается или находится по ФИО у того же работодателя.',
		displayOptions: { show: { operation: ['saveMentor'] } },
	},
	...tableFieldProperties(mentors, 'mentorFields', { operation: ['saveMentor'] }),
	{
		displayName: 'Ключ работодателя',
		name: 'employerId',
		type: 'string',
		default: '={{ $json["Ключ работодателя"] }}',
		required: true,
		description: 'Ключ записи в таблице «Работодатели»',
		displayOptions: { show: { operation: EMPLOYER_KEY_OPERATIONS } },
	},
	{
		displayName: 'Ключ консультанта',
		name: 'specialistId',
		type: 'string',
		default: '',
		required: true,
		description: 'Ключ специалиста с ролью «Консультант по сопровождаемому трудоустройству» или «Консультант»',
		displayOptions: { show: { operation: ['assignConsultant'] } },
	},
	{
		displayName: 'Способ связи',
		name: 'channel',
		type: 'options',
		options: choices(EMPLOYER_CONTACT_CHANNELS),
		default: 'Звонок',
		displayOptions: { show: { operation: ['contact'] } },
	},
	{
		displayName: 'Инициатор',
		name: 'initiator',
		type: 'options',
		options: choices(['Специалист', 'Работодатель']),
		default: 'Специалист',
		displayOptions: { show: { operation: ['contact'] } },
	},
	{
		displayName: 'Инициатор',
		name: 'otherInitiator',
		type: 'options',
		options: choices(['Работодатель', 'Специалист', 'Третье лицо']),
		default: 'Специалист',
		displayOptions: { show: { operation: ['other'] } },
	},
	{
		displayName: 'Ключ кандидата',
		name: 'candidateId',
		type: 'string',
		default: '={{ $json["Ключ кандидата"] }}',
		required: true,
		displayOptions: { show: { operation: ['interview', 'refusal'] } },
	},
	{
		displayName: 'Результат собеседования',
		name: 'outcome',
		type: 'options',
		options: choices(INTERVIEW_OUTCOMES),
		default: 'Решение не принято',
		displayOptions: { show: { operation: ['interview'] } },
	},
	{
		displayName: 'Услуга',
		name: 'service',
		type: 'options',
		options: [{ name: 'Не указана', value: '' }, ...choices(SERVICE_NAMES)],
		default: '',
		description: 'Услуга, в рамках которой прошло собеседование',
		displayOptions: { show: { operation: ['interview'] } },
	},
	{
		displayName: 'Стадия отказа',
		name: 'stage',
		type: 'options',
		options: choices(REFUSAL_STAGES),
		default: 'Собеседование',
		displayOptions: { show: { operation: ['refusal'] } },
	},
	{
		displayName: 'Содержание',
		name: 'content',
		type: 'collection',
		placeholder: 'Добавить поле',
		default: {},
		displayOptions: { show: { operation: ['contact', 'other', 'interview', 'refusal'] } },
		options: [
			{ displayName: 'Ключ вакансии', name: 'vacancyId', type: 'string', default: '' },
			{ displayName: 'Ключ наставника', name: 'mentorId', type: 'string', default: '', description: 'Для связи с наставником работодателя' },
			{ displayName: 'Название', name: 'title', type: 'string', default: '' },
			{
				displayName: 'Описание или причина',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'Содержание связи, комментарий к собеседованию или причина отказа',
			},
			{ displayName: 'Специалист (имя)', name: 'specialistName', type: 'string', default: '' },
		],
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
				description: 'Дата события или проверки в формате ГГГГ-ММ-ДД. Пусто — сегодня по часовому поясу процесса.',
			},
			{
				displayName: 'Ключ идемпотентности',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description: 'Уникальный ключ записи, например номер ответа формы. Повторный запуск с тем же ключом не создаст вторую запись.',
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
