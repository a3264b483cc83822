import type { INodeProperties } from 'n8n-workflow';

import { VACANCY_TYPE_RULES } from '../../core/vacancies';
import { vacancies } from '../../schemas';
import { baseProperties } from '../shared/base';
import { tableFieldProperties } from '../shared/tableFields';

const typeHelp = Object.entries(VACANCY_TYPE_RULES)
	.map(([type, rule]) => `«${type}» — ${rule.description}`)
	.join('; ');

export const vacancyProperties: INodeProperties[] = [
	...baseProperties,
	{
		displayName: 'Операция',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Включить в пул кандидатов',
				value: 'poolAdd',
				description: 'Пользователь с вердиктом портрета «Соответствует» попадает в подбор на будущие вакансии, даже если не получает услуги 2, 5 или 6',
				// The rule's sentence-case fix empties Cyrillic text; the action is already in sentence case.
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Включить в пул кандидатов',
			},
			{
				name: 'Импорт из «Работа России»',
				value: 'import',
				description: 'Загружает вакансии из ответа API портала trudvsem.ru; повторная загрузка обновляет вакансию, а не создает копию',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Импорт из «Работа России»',
			},
			{
				name: 'Исключить из пула кандидатов',
				value: 'poolRemove',
				description: 'Пользователь больше не попадает в подбор, если не получает услуги 2, 5 или 6',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Исключить из пула кандидатов',
			},
			{
				name: 'Подобрать вакансии кандидату',
				value: 'matchVacancies',
				description: 'Открытые вакансии, которые подходят профилю кандидата, с причинами',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Подобрать вакансии кандидату',
			},
			{
				name: 'Подобрать кандидатов на вакансию',
				value: 'matchCandidates',
				description: 'Кандидаты из пула, которые подходят вакансии, с причинами',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Подобрать кандидатов на вакансию',
			},
			{
				name: 'Создать или изменить вакансию',
				value: 'save',
				description: 'Записывает вакансию в банк и событие «Создание вакансии» или «Редактирование вакансии»',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Создать или изменить вакансию',
			},
		],
		default: 'save',
	},
	{
		displayName: `Типы вакансий: ${typeHelp}.`,
		name: 'typesNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['save'] } },
	},
	{
		displayName: 'Ключ вакансии',
		name: 'vacancyId',
		type: 'string',
		default: '',
		description: 'Ключ вакансии, которую нужно изменить. Пусто — вакансия создается, а если такая уже есть (та же должность, работодатель и адрес или тот же внешний идентификатор), изменяется.',
		displayOptions: { show: { operation: ['save'] } },
	},
	...tableFieldProperties(vacancies, 'vacancyFields', { operation: ['save'] }),
	{
		displayName:
			'Каждый входной элемент — ответ API портала «Работа России» (целиком, с results.vacancies) или одна запись вакансии. Вакансии импортируются с типом «Открытая вакансия»; тип, статус, сопровождение и другие поля, которые заполняет организация, при повторном импорте не меняются.',
		name: 'importNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['import'] } },
	},
	{
		displayName: 'Поле с ответом портала',
		name: 'responseField',
		type: 'string',
		default: '',
		placeholder: 'body',
		description: 'Имя поля входного элемента, где лежит ответ портала. Пусто — весь элемент.',
		displayOptions: { show: { operation: ['import'] } },
	},
	{
		displayName: 'Ключ кандидата',
		name: 'candidateId',
		type: 'string',
		default: '={{ $json["Ключ кандидата"] }}',
		required: true,
		description: 'Ключ записи в таблице «Кандидаты»',
		displayOptions: { show: { operation: ['matchVacancies', 'poolAdd', 'poolRemove'] } },
	},
	{
		displayName: 'Комментарий',
		name: 'poolComment',
		type: 'string',
		default: '',
		description: 'Почему пользователь включен в пул или исключен из него',
		displayOptions: { show: { operation: ['poolAdd', 'poolRemove'] } },
	},
	{
		displayName: 'Ключ специалиста',
		name: 'poolSpecialistId',
		type: 'string',
		default: '',
		description: 'Рекрутер, который включил пользователя в пул',
		displayOptions: { show: { operation: ['poolAdd'] } },
	},
	{
		displayName: 'Ключ вакансии',
		name: 'matchVacancyId',
		type: 'string',
		default: '={{ $json["Ключ вакансии"] }}',
		required: true,
		description: 'Ключ записи в таблице «Вакансии»',
		displayOptions: { show: { operation: ['matchCandidates'] } },
	},
	{
		displayName: 'Сколько показать',
		name: 'maxMatches',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Наибольшее число подходящих вакансий или кандидатов в ответе, лучшие первыми',
		displayOptions: { show: { operation: ['matchVacancies', 'matchCandidates'] } },
	},
	{
		displayName: 'Показать неподходящие',
		name: 'includeRejected',
		type: 'boolean',
		default: false,
		description: 'Показать и неподходящие пары с причинами',
		displayOptions: { show: { operation: ['matchVacancies', 'matchCandidates'] } },
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
				description: 'Дата события или подбора в формате ГГГГ-ММ-ДД. Пусто — сегодня по часовому поясу процесса.',
			},
			{
				displayName: 'Ключ идемпотентности',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description: 'Уникальный ключ новой вакансии, если у двух вакансий совпадают должность, работодатель и адрес. Повторный запуск с тем же ключом не создаст копию.',
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
