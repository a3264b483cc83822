import type { INodeProperties } from 'n8n-workflow';

import { CHANNELS, EVENT_TYPES, INITIATORS, SERVICE_NAMES } from '../../schemas';
import { baseProperties } from '../shared/base';

const serviceOptions = [{ name: 'Не указана', value: '' }, ...SERVICE_NAMES.map((name) => ({ name, value: name }))];

export const eventProperties: INodeProperties[] = [
	...baseProperties,
	{
		displayName: 'Тип события',
		name: 'eventType',
		type: 'options',
		options: EVENT_TYPES.map((type) => ({
			name: type.name,
			value: type.name,
			description: `Что записать: ${type.content.join('; ')}`,
		})),
		default: 'Связь с кандидатом',
		description: 'Тип из каталога событий технологии',
	},
	{
		displayName: 'Ключ кандидата',
		name: 'candidateId',
		type: 'string',
		default: '={{ $json["Ключ кандидата"] }}',
		description: 'Ключ записи в таблице «Кандидаты». Для событий работодателей, источников и вакансий оставьте пустым.',
	},
	{
		displayName: 'Дата',
		name: 'date',
		type: 'string',
		default: '',
		placeholder: '2026-12-04',
		description: 'Дата события в формате ГГГГ-ММ-ДД. Пусто — сегодня по часовому поясу процесса.',
	},
	{
		displayName: 'Услуга',
		name: 'service',
		type: 'options',
		options: serviceOptions,
		default: '',
		description: 'Услуга, в рамках которой произошло событие',
	},
	{
		displayName: 'Конфиденциально',
		name: 'confidential',
		type: 'boolean',
		default: false,
		description:
			'Whether the event concerns psychological problems: then only the fact of the appeal, the need for further support and general recommendations are recorded',
	},
	{
		displayName: 'Связи',
		name: 'links',
		type: 'collection',
		placeholder: 'Добавить связь',
		default: {},
		options: [
			{ displayName: 'Ключ вакансии', name: 'vacancy', type: 'string', default: '' },
			{ displayName: 'Ключ волонтера', name: 'volunteer', type: 'string', default: '' },
			{ displayName: 'Ключ КИ', name: 'sourceContact', type: 'string', default: '' },
			{ displayName: 'Ключ наставника', name: 'mentor', type: 'string', default: '' },
			{ displayName: 'Ключ работодателя', name: 'employer', type: 'string', default: '' },
			{ displayName: 'Ключ специалиста', name: 'specialist', type: 'string', default: '' },
			{ displayName: 'Ключ эпизода услуги', name: 'episode', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Содержание',
		name: 'content',
		type: 'collection',
		placeholder: 'Добавить поле',
		default: {},
		options: [
			{ displayName: 'Инициатор', name: 'initiator', type: 'options', options: INITIATORS.map((name) => ({ name, value: name })), default: 'Специалист' },
			{ displayName: 'Комментарий специалиста', name: 'specialistComment', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{ displayName: 'Название', name: 'title', type: 'string', default: '' },
			{ displayName: 'Обратная связь волонтера или работодателя', name: 'feedback', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{ displayName: 'Описание', name: 'description', type: 'string', typeOptions: { rows: 4 }, default: '' },
			{ displayName: 'Результат для кандидата', name: 'resultForCandidate', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{ displayName: 'Рекомендации кандидату', name: 'recommendations', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{
				displayName: 'Рекомендованная услуга',
				name: 'recommendedService',
				type: 'options',
				options: serviceOptions,
				default: '',
			},
			{ displayName: 'Рекомендованные сторонние организации', name: 'outsideOrganisations', type: 'string', default: '' },
			{ displayName: 'Специалист (имя)', name: 'specialistName', type: 'string', default: '' },
			{ displayName: 'Способ связи', name: 'channel', type: 'options', options: CHANNELS.map((name) => ({ name, value: name })), default: 'Звонок' },
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
				displayName: 'Ключ идемпотентности',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Уникальный ключ события, например номер ответа формы. Повторный запуск с тем же ключом не создаст второе событие. Пусто — ключ вычисляется из содержания.',
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
