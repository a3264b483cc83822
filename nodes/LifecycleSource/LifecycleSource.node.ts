import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { failure, type ItemResult } from '../../core/operations/result';
import { buildSourceFeedbacks, prepareVacancyMailing, recordSourceContacts, recordVacancyMailing, saveSourceContacts, saveSources, type SourceContactRecord } from '../../core/operations/sources';
import type { SourceContactFields, SourceFields } from '../../core/sources';
import { sourceContacts, sources, type LifecycleEvent } from '../../schemas';
import type { Base, WriteContext } from '../../storage/types';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { runForItems, savedStatus } from '../shared/batch';
import { optionalString } from '../shared/items';
import { readItemFields } from '../shared/tableFields';
import { sourceProperties } from './description';

function requiredKey(value: unknown, label: string): ItemResult<string> {
	const key = optionalString(value);
	return key ? { ok: true, value: key } : failure(`Не заполнено поле «${label}»: укажите ключ записи.`);
}

export class LifecycleSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: источники и КИ',
		name: 'lifecycleSource',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { saveSource: "Источник", saveContact: "КИ", contact: "Связь с КИ", news: "Новости о КИ", feedback: "Сводка для КИ", mailing: "Рассылка вакансий", recordMailing: "Записать рассылку" }[$parameter["operation"]] }}',
		description: 'Источники и их контакты (КИ): связь с КИ, новости о КИ, сводка для КИ о его пользователях, рассылка вакансий',
		defaults: { name: 'Источники и КИ' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: sourceProperties,
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

function contactRecord(node: IExecuteFunctions, index: number, today: string, kind: SourceContactRecord['kind']): ItemResult<SourceContactRecord> {
	const contactId = requiredKey(node.getNodeParameter('contactId', index, ''), 'Ключ КИ');
	if (!contactId.ok) {
		return contactId;
	}
	const content = node.getNodeParameter('content', index, {}) as IDataObject;
	const options = node.getNodeParameter('options', index, {}) as IDataObject;
	return {
		ok: true,
		value: {
			kind,
			contactId: contactId.value,
			date: dateOf(node, index, today),
			channel: kind === 'contact' ? (node.getNodeParameter('channel', index) as LifecycleEvent['channel']) : null,
			initiator: node.getNodeParameter(kind === 'contact' ? 'initiator' : 'newsInitiator', index) as LifecycleEvent['initiator'],
			title: optionalString(content.title),
			description: optionalString(content.description),
			candidateId: optionalString(content.candidateId),
			feedback: optionalString(content.feedback),
			specialistName: optionalString(content.specialistName),
			idempotencyKey: optionalString(options.idempotencyKey),
		},
	};
}

async function mailingItems(node: IExecuteFunctions, base: Base, today: string): Promise<INodeExecutionData[]> {
	const plan = await prepareVacancyMailing(base, {
		asOf: dateOf(node, 0, today),
		newWithinDays: node.getNodeParameter('newWithinDays', 0, 7) as number,
		recruiterContact: optionalString(node.getNodeParameter('recruiterContact', 0, '')),
		organisationName: optionalString(node.getNodeParameter('organisationName', 0, '')),
	});
	const items: INodeExecutionData[] = plan.messages.map((message) => ({
		json: {
			'Ключ КИ': message.contactId,
			КИ: message.contactName,
			'Электронная почта': message.email,
			Тема: message.subject,
			Текст: message.text,
			'Ключи вакансий': message.vacancyIds,
			'Число вакансий': message.vacancyIds.length,
			'Срочных вакансий': message.urgentCount,
		},
		pairedItem: { item: 0 },
	}));
	if (node.getNodeParameter('includeSkipped', 0, false) as boolean) {
		items.push(...plan.skipped.map((skip) => ({ json: { 'Ключ КИ': skip.contactId, КИ: skip.contactName, Пропущен: skip.reason }, pairedItem: { item: 0 } })));
	}
	return items;
}

async function runOperation(node: IExecuteFunctions, base: Base, operation: string, context: WriteContext, today: string): Promise<INodeExecutionData[]> {
	const eventOutput = (value: { eventId: string; created: boolean }) => ({ 'Ключ события': value.eventId, 'Событие записано': value.created ? 'Новое' : 'Уже было в базе' });

	switch (operation) {
		case 'saveSource':
			return runForItems(
				node,
				(index) => {
					const fields = readItemFields(node, index, sources, 'sourceFields');
					return fields.ok
						? { ok: true, value: { fields: fields.fields as Partial<SourceFields>, id: optionalString(node.getNodeParameter('sourceId', index, '')) } }
						: failure(fields.problems.join(' '), fields.problems);
				},
				(inputs) => saveSources(base, inputs, context),
				(value) => ({ 'Ключ источника': value.id, Результат: savedStatus(value.status), 'Изменены поля': value.changedFields }),
			);
		case 'saveContact':
			return runForItems(
				node,
				(index) => {
					const fields = readItemFields(node, index, sourceContacts, 'contactFields');
					return fields.ok
						? { ok: true, value: { fields: fields.fields as Partial<SourceContactFields>, id: optionalString(node.getNodeParameter('editContactId', index, '')) } }
						: failure(fields.problems.join(' '), fields.problems);
				},
				(inputs) => saveSourceContacts(base, inputs, context),
				(value) => ({ 'Ключ КИ': value.id, Результат: savedStatus(value.status), 'Изменены поля': value.changedFields }),
			);
		case 'news':
			return runForItems(node, (index) => contactRecord(node, index, today, 'news'), (records) => recordSourceContacts(base, records, context), eventOutput);
		case 'feedback':
			return runForItems(
				node,
				(index) => {
					const contactId = requiredKey(node.getNodeParameter('contactId', index, ''), 'Ключ КИ');
					return contactId.ok ? { ok: true, value: { contactId: contactId.value, asOf: dateOf(node, index, today) } } : contactId;
				},
				(requests) => buildSourceFeedbacks(base, requests),
				(value) => ({
					'Ключ КИ': value.contactId,
					КИ: value.contactName,
					'Электронная почта': value.email,
					'Получает обратную связь': value.feedbackSubscribed,
					Пользователи: value.users.map((user) => ({ Имя: user.name, Этап: user.stage, Услуги: user.services, 'Важные события': user.milestones })),
					'Не показаны (нет согласия)': value.withheld,
					'Текст сводки': value.text,
				}),
			);
		case 'mailing':
			return mailingItems(node, base, today);
		case 'recordMailing':
			return runForItems(
				node,
				(index) => {
					const contactId = requiredKey(node.getNodeParameter('contactId', index, ''), 'Ключ КИ');
					if (!contactId.ok) {
						return contactId;
					}
					const count = node.getNodeParameter('vacancyCount', index, 0) as number;
					return {
						ok: true,
						value: {
							contactId: contactId.value,
							date: dateOf(node, index, today),
							subject: optionalString(node.getNodeParameter('subject', index, '')) ?? 'Рассылка вакансий',
							vacancyCount: count > 0 ? count : undefined,
						},
					};
				},
				(sent) => recordVacancyMailing(base, sent, context),
				eventOutput,
			);
		default:
			return runForItems(node, (index) => contactRecord(node, index, today, 'contact'), (records) => recordSourceContacts(base, records, context), eventOutput);
	}
}
