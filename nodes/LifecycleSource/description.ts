import type { INodeProperties } from 'n8n-workflow';

import { SOURCE_CONTACT_CHANNELS } from '../../core/partnerEvents';
import { sourceContacts, sources } from '../../schemas';
import { baseProperties } from '../shared/base';
import { tableFieldProperties } from '../shared/tableFields';

function choices(values: readonly string[]) {
	return values.map((value) => ({ name: value, value }));
}

export const sourceProperties: INodeProperties[] = [
	...baseProperties,
	{
		displayName: 'Операция',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Добавить или изменить источник',
				value: 'saveSource',
				description: 'Организация, из которой приходят выпускники: ЦССВ, ПНИ, колледж, НКО…',
				// The rule's sentence-case fix empties Cyrillic text; the action is already in sentence case.
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Добавить или изменить источник',
			},
			{
				name: 'Добавить или изменить КИ',
				value: 'saveContact',
				description: 'Контакт источника: человек рядом с выпускником, который выявляет запрос и передает контакты рекрутера',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Добавить или изменить КИ',
			},
			{
				name: 'Записать новости о КИ',
				value: 'news',
				description: 'Событие «Иное»: например, новости о КИ от третьего лица',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Записать новости о КИ',
			},
			{
				name: 'Записать отправленную рассылку',
				value: 'recordMailing',
				description: 'Событие «Связь с контактом источника» по электронной почте, один раз на КИ и дату',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Записать отправленную рассылку',
			},
			{
				name: 'Записать связь с КИ',
				value: 'contact',
				description: 'Событие «Связь с контактом источника»: звонок, письмо, встреча, семинар или супервизия',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Записать связь с КИ',
			},
			{
				name: 'Подготовить рассылку вакансий',
				value: 'mailing',
				description: 'Письмо каждому КИ с рассылкой: открытые и срочные вакансии его города',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Подготовить рассылку вакансий',
			},
			{
				name: 'Сводка для КИ о его пользователях',
				value: 'feedback',
				description: 'Полученные услуги и текущий этап пользователей, которых направил КИ, без данных о здоровье и конфиденциальных записей',
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: 'Сводка для КИ о его пользователях',
			},
		],
		default: 'contact',
	},
	{
		displayName: 'Ключ источника',
		name: 'sourceId',
		type: 'string',
		default: '',
		description: 'Ключ источника, который нужно изменить. Пусто — источник создается или находится по названию.',
		displayOptions: { show: { operation: ['saveSource'] } },
	},
	...tableFieldProperties(sources, 'sourceFields', { operation: ['saveSource'] }),
	{
		displayName: 'Ключ КИ',
		name: 'editContactId',
		type: 'string',
		default: '',
		description: 'Ключ КИ, которого нужно изменить. Пусто — КИ создается или находится по ФИО и источнику.',
		displayOptions: { show: { operation: ['saveContact'] } },
	},
	...tableFieldProperties(sourceContacts, 'contactFields', { operation: ['saveContact'] }),
	{
		displayName: 'Ключ КИ',
		name: 'contactId',
		type: 'string',
		default: '={{ $json["Ключ КИ"] }}',
		required: true,
		description: 'Ключ записи в таблице «Контакты источников (КИ)»',
		displayOptions: { show: { operation: ['contact', 'news', 'feedback', 'recordMailing'] } },
	},
	{
		displayName: 'Способ связи',
		name: 'channel',
		type: 'options',
		options: choices(SOURCE_CONTACT_CHANNELS),
		default: 'Звонок',
		displayOptions: { show: { operation: ['contact'] } },
	},
	{
		displayName: 'Инициатор',
		name: 'initiator',
		type: 'options',
		options: choices(['Контакт источника', 'Специалист']),
		default: 'Специалист',
		displayOptions: { show: { operation: ['contact'] } },
	},
	{
		displayName: 'Инициатор',
		name: 'newsInitiator',
		type: 'options',
		options: choices(['Контакт источника', 'Специалист', 'Третье лицо']),
		default: 'Третье лицо',
		displayOptions: { show: { operation: ['news'] } },
	},
	{
		displayName: 'Содержание',
		name: 'content',
		type: 'collection',
		placeholder: 'Добавить поле',
		default: {},
		displayOptions: { show: { operation: ['contact', 'news'] } },
		options: [
			{
				displayName: 'Ключ кандидата',
				name: 'candidateId',
				type: 'string',
				default: '',
				description: 'Пользователь, о котором шла речь, если обсуждали одного пользователя',
			},
			{ displayName: 'Название', name: 'title', type: 'string', default: '' },
			{ displayName: 'Обратная связь о кандидате', name: 'feedback', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{ displayName: 'Описание', name: 'description', type: 'string', typeOptions: { rows: 4 }, default: '' },
			{ displayName: 'Специалист (имя)', name: 'specialistName', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Тема письма',
		name: 'subject',
		type: 'string',
		default: '={{ $json["Тема"] }}',
		description: 'Тема отправленного письма: записывается в событие',
		displayOptions: { show: { operation: ['recordMailing'] } },
	},
	{
		displayName: 'Число вакансий в письме',
		name: 'vacancyCount',
		type: 'number',
		default: 0,
		displayOptions: { show: { operation: ['recordMailing'] } },
	},
	{
		displayName: 'Контакты рекрутера',
		name: 'recruiterContact',
		type: 'string',
		default: '',
		placeholder: 'Анна, +7 900 000-00-00, recruiter@example.org',
		description: 'Кому выпускник может позвонить или написать: строка добавляется в письмо',
		displayOptions: { show: { operation: ['mailing'] } },
	},
	{
		displayName: 'Название организации',
		name: 'organisationName',
		type: 'string',
		default: '',
		description: 'Подпись в конце письма',
		displayOptions: { show: { operation: ['mailing'] } },
	},
	{
		displayName: 'Новые вакансии — за последние, дней',
		name: 'newWithinDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 7,
		description: 'Вакансия, опубликованная за это число дней, помечается в письме как новая',
		displayOptions: { show: { operation: ['mailing'] } },
	},
	{
		displayName: 'Показать пропущенных КИ',
		name: 'includeSkipped',
		type: 'boolean',
		default: false,
		description: 'Выдавать и подписанных КИ, которым письмо не уйдет (нет адреса или нет вакансий в их городе), с полем «Пропущен»',
		displayOptions: { show: { operation: ['mailing'] } },
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
				description: 'Дата события, рассылки или сводки в формате ГГГГ-ММ-ДД. Пусто — сегодня по часовому поясу процесса.',
			},
			{
				displayName: 'Ключ идемпотентности',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description: 'Уникальный ключ события, например номер ответа формы. Повторный запуск с тем же ключом не создаст второе событие.',
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
