import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { EmployerFields, EmployerReadiness, InterviewOutcome } from '../../core/employers';
import {
	assignConsultants,
	checkEmployersReadiness,
	listEmployersToContact,
	recordEmployerContacts,
	recordEmployerInterviews,
	recordEmployerNotes,
	recordEmployerRefusals,
	saveEmployers,
	saveMentors,
	type EmployerContact,
	type EmployerNote,
} from '../../core/operations/employers';
import { failure, type ItemResult } from '../../core/operations/result';
import { employers, mentors, type LifecycleEvent, type Mentor } from '../../schemas';
import type { Base, WriteContext } from '../../storage/types';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { runForItems, savedStatus } from '../shared/batch';
import { optionalString } from '../shared/items';
import { readItemFields } from '../shared/tableFields';
import { employerProperties } from './description';

function readinessOutput(readiness: EmployerReadiness): IDataObject {
	return {
		'Готов принимать пользователей': readiness.ready,
		'Что не выполнено': readiness.reasons,
		Выполнено: readiness.conditions.filter((condition) => condition.met === true).map((condition) => condition.message),
		Рекомендации: readiness.notes,
	};
}

function requiredKey(value: unknown, label: string): ItemResult<string> {
	const key = optionalString(value);
	return key ? { ok: true, value: key } : failure(`Не заполнено поле «${label}»: укажите ключ записи.`);
}

interface EventParameters {
	employerId: string;
	date: string;
	content: IDataObject;
	idempotencyKey?: string;
}

export class LifecycleEmployer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: работодатели',
		name: 'lifecycleEmployer',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { save: "Работодатель", saveMentor: "Наставник", assignConsultant: "Закрепить консультанта", readiness: "Готовность", contact: "Связь с работодателем", other: "Иное", interview: "Собеседование кандидата", refusal: "Отказ работодателя", toContact: "Пора связаться" }[$parameter["operation"]] }}',
		description: 'Работодатели, наставники и закрепленный консультант; связь с работодателем, собеседования и отказы; проверка готовности',
		defaults: { name: 'Работодатели' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: employerProperties,
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

function eventParameters(context: IExecuteFunctions, index: number, today: string): ItemResult<EventParameters> {
	const employerId = requiredKey(context.getNodeParameter('employerId', index, ''), 'Ключ работодателя');
	if (!employerId.ok) {
		return employerId;
	}
	const options = context.getNodeParameter('options', index, {}) as IDataObject;
	return {
		ok: true,
		value: {
			employerId: employerId.value,
			date: calendarDate(options.date, today),
			content: context.getNodeParameter('content', index, {}) as IDataObject,
			idempotencyKey: optionalString(options.idempotencyKey),
		},
	};
}

async function runOperation(node: IExecuteFunctions, base: Base, operation: string, context: WriteContext, today: string): Promise<INodeExecutionData[]> {
	switch (operation) {
		case 'saveMentor':
			return runForItems(
				node,
				(index) => {
					const fields = readItemFields(node, index, mentors, 'mentorFields');
					return fields.ok
						? { ok: true, value: { fields: fields.fields as Partial<Mentor>, id: optionalString(node.getNodeParameter('mentorId', index, '')) } }
						: failure(fields.problems.join(' '), fields.problems);
				},
				(inputs) => saveMentors(base, inputs, context),
				(value) => ({ 'Ключ наставника': value.id, Результат: savedStatus(value.status), 'Изменены поля': value.changedFields }),
			);
		case 'assignConsultant':
			return runForItems(
				node,
				(index) => {
					const employerId = requiredKey(node.getNodeParameter('employerId', index, ''), 'Ключ работодателя');
					const specialistId = requiredKey(node.getNodeParameter('specialistId', index, ''), 'Ключ консультанта');
					if (!employerId.ok) {
						return employerId;
					}
					return specialistId.ok ? { ok: true, value: { employerId: employerId.value, specialistId: specialistId.value } } : specialistId;
				},
				(inputs) => assignConsultants(base, inputs, context),
				(value) => ({ 'Ключ работодателя': value.id, Результат: savedStatus(value.status), ...readinessOutput(value.readiness) }),
			);
		case 'readiness':
			return runForItems(
				node,
				(index) => requiredKey(node.getNodeParameter('employerId', index, ''), 'Ключ работодателя'),
				(ids) => checkEmployersReadiness(base, ids),
				(value) => ({ 'Ключ работодателя': value.employerId, Работодатель: value.name, ...readinessOutput(value.readiness) }),
			);
		case 'contact':
			return runForItems(
				node,
				(index) => {
					const parameters = eventParameters(node, index, today);
					if (!parameters.ok) {
						return parameters;
					}
					const { content } = parameters.value;
					const contact: EmployerContact = {
						employerId: parameters.value.employerId,
						date: parameters.value.date,
						channel: node.getNodeParameter('channel', index) as EmployerContact['channel'],
						initiator: node.getNodeParameter('initiator', index, 'Специалист') as EmployerContact['initiator'],
						title: optionalString(content.title),
						description: optionalString(content.description),
						vacancyId: optionalString(content.vacancyId),
						mentorId: optionalString(content.mentorId),
						specialistName: optionalString(content.specialistName),
						idempotencyKey: parameters.value.idempotencyKey,
					};
					return { ok: true, value: contact };
				},
				(contacts) => recordEmployerContacts(base, contacts, context),
				(value) => ({ 'Ключ события': value.eventId, 'Событие записано': value.created ? 'Новое' : 'Уже было в базе' }),
			);
		case 'other':
			return runForItems(
				node,
				(index) => {
					const parameters = eventParameters(node, index, today);
					if (!parameters.ok) {
						return parameters;
					}
					const { content } = parameters.value;
					const note: EmployerNote = {
						employerId: parameters.value.employerId,
						date: parameters.value.date,
						initiator: node.getNodeParameter('otherInitiator', index, 'Специалист') as EmployerNote['initiator'],
						title: optionalString(content.title),
						description: optionalString(content.description),
						vacancyId: optionalString(content.vacancyId),
						mentorId: optionalString(content.mentorId),
						specialistName: optionalString(content.specialistName),
						idempotencyKey: parameters.value.idempotencyKey,
					};
					return { ok: true, value: note };
				},
				(notes) => recordEmployerNotes(base, notes, context),
				(value) => ({ 'Ключ события': value.eventId, 'Событие записано': value.created ? 'Новое' : 'Уже было в базе' }),
			);
		case 'interview':
			return runForItems(
				node,
				(index) => {
					const parameters = eventParameters(node, index, today);
					const candidateId = requiredKey(node.getNodeParameter('candidateId', index, ''), 'Ключ кандидата');
					if (!parameters.ok) {
						return parameters;
					}
					if (!candidateId.ok) {
						return candidateId;
					}
					const { content } = parameters.value;
					return {
						ok: true,
						value: {
							employerId: parameters.value.employerId,
							candidateId: candidateId.value,
							vacancyId: optionalString(content.vacancyId),
							date: parameters.value.date,
							outcome: node.getNodeParameter('outcome', index) as InterviewOutcome,
							comment: optionalString(content.description),
							service: (optionalString(node.getNodeParameter('service', index, '')) ?? null) as LifecycleEvent['service'],
							specialistName: optionalString(content.specialistName),
						},
					};
				},
				(interviews) => recordEmployerInterviews(base, interviews, context),
				(value) => ({ 'Ключ события': value.interviewEventId, 'Ключ события отказа': value.refusalEventId }),
			);
		case 'refusal':
			return runForItems(
				node,
				(index) => {
					const parameters = eventParameters(node, index, today);
					const candidateId = requiredKey(node.getNodeParameter('candidateId', index, ''), 'Ключ кандидата');
					if (!parameters.ok) {
						return parameters;
					}
					if (!candidateId.ok) {
						return candidateId;
					}
					const { content } = parameters.value;
					return {
						ok: true,
						value: {
							employerId: parameters.value.employerId,
							candidateId: candidateId.value,
							vacancyId: optionalString(content.vacancyId),
							date: parameters.value.date,
							stage: node.getNodeParameter('stage', index) as 'Собеседование',
							reason: optionalString(content.description),
							specialistName: optionalString(content.specialistName),
						},
					};
				},
				(refusals) => recordEmployerRefusals(base, refusals, context),
				(value) => ({ 'Ключ события': value.eventId, 'Событие записано': value.created ? 'Новое' : 'Уже было в базе' }),
			);
		case 'toContact': {
			const options = node.getNodeParameter('options', 0, {}) as IDataObject;
			const due = await listEmployersToContact(base, calendarDate(options.date, today));
			return due.map((entry) => ({
				json: {
					'Ключ работодателя': entry.employerId,
					Работодатель: entry.name,
					'Последняя связь': entry.lastContactDate,
					'Дней без связи': entry.daysSinceContact,
					'Интервал связи, дней': entry.intervalDays,
					'Открытых вакансий': entry.openVacancies,
					'Корпоративное волонтерство': entry.corporateVolunteering,
					Причина: entry.reason,
				},
				pairedItem: { item: 0 },
			}));
		}
		default:
			return runForItems(
				node,
				(index) => {
					const fields = readItemFields(node, index, employers, 'employerFields');
					const options = node.getNodeParameter('options', index, {}) as IDataObject;
					return fields.ok
						? {
								ok: true,
								value: {
									fields: fields.fields as Partial<EmployerFields>,
									id: optionalString(node.getNodeParameter('editEmployerId', index, '')),
									idempotencyKey: optionalString(options.idempotencyKey),
								},
							}
						: failure(fields.problems.join(' '), fields.problems);
				},
				(inputs) => saveEmployers(base, inputs, context),
				(value) => ({ 'Ключ работодателя': value.id, Результат: savedStatus(value.status), 'Изменены поля': value.changedFields, ...readinessOutput(value.readiness) }),
			);
	}
}
