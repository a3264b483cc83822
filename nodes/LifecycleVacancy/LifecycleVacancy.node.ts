import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { candidatesForVacancies, setCandidatePool, vacanciesForCandidates, type MatchedCandidate, type MatchedVacancy } from '../../core/operations/matching';
import { failure, type ItemResult } from '../../core/operations/result';
import { importTrudvsemVacancies, saveVacancies, type ImportedVacancy, type VacancyInput } from '../../core/operations/vacancies';
import type { VacancyFields } from '../../core/vacancies';
import { trudvsemRecords } from '../../core/vacancyImport';
import { vacancies } from '../../schemas';
import type { Base } from '../../storage/types';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { runForItems, savedStatus } from '../shared/batch';
import { failedItem, optionalString } from '../shared/items';
import { readItemFields } from '../shared/tableFields';
import { vacancyProperties } from './description';

function vacancyOutput(match: MatchedVacancy): IDataObject {
	return {
		'Ключ вакансии': match.vacancyId,
		Должность: match.title,
		'Тип вакансии': match.type,
		Работодатель: match.employerName,
		'Ключ работодателя': match.employerId,
		Город: match.city,
		Оценка: match.score,
		Причины: match.reasons,
	};
}

function candidateOutput(match: MatchedCandidate): IDataObject {
	return {
		'Ключ кандидата': match.candidateId,
		ФИО: match.name,
		Город: match.city,
		'Текущая услуга': match.currentService,
		'Почему в пуле': match.poolReason,
		Оценка: match.score,
		Причины: match.reasons,
	};
}

function importOutput(imported: ImportedVacancy): IDataObject {
	return {
		'Ключ вакансии': imported.vacancyId,
		'Внешний идентификатор': imported.externalId,
		Результат: savedStatus(imported.status, 'f'),
		'Изменены поля': imported.changedFields,
		'Ключ события': imported.eventId,
		'Ключ работодателя': imported.employerId,
		'Работодатель создан': imported.employerCreated,
		Предупреждения: imported.warnings,
	};
}

export class LifecycleVacancy implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: вакансии',
		name: 'lifecycleVacancy',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { save: "Создать или изменить", import: "Импорт из «Работа России»", matchVacancies: "Вакансии кандидату", matchCandidates: "Кандидаты на вакансию", poolAdd: "Включить в пул", poolRemove: "Исключить из пула" }[$parameter["operation"]] }}',
		description: 'Банк вакансий: создание и изменение с событиями, импорт из «Работа России», подбор вакансий и кандидатов, пул кандидатов',
		defaults: { name: 'Вакансии' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: vacancyProperties,
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const date = calendarDate(options.date, todayForWorkflow(this));
		const context = writeContext(this, optionalString(options.actor));

		const base = await openBase(this);
		try {
			switch (operation) {
				case 'import':
					return [await importItems(this, base, date)];
				case 'matchVacancies':
					return [
						await runForItems(
							this,
							(index) => requiredKey(this.getNodeParameter('candidateId', index, ''), 'Ключ кандидата'),
							(ids) => vacanciesForCandidates(base, ids, matchingOptions(this, date)),
							(value) => ({
								'Ключ кандидата': value.candidateId,
								'Найдено вакансий': value.matches.length,
								'Подходящие вакансии': value.matches.map(vacancyOutput),
								'Не подходят': value.rejected.map(vacancyOutput),
							}),
						),
					];
				case 'poolAdd':
				case 'poolRemove':
					return [
						await runForItems(
							this,
							(index) => {
								const candidateId = requiredKey(this.getNodeParameter('candidateId', index, ''), 'Ключ кандидата');
								if (!candidateId.ok) {
									return candidateId;
								}
								return {
									ok: true,
									value: {
										candidateId: candidateId.value,
										inPool: operation === 'poolAdd',
										date,
										specialistId: operation === 'poolAdd' ? optionalString(this.getNodeParameter('poolSpecialistId', index, '')) : undefined,
										comment: optionalString(this.getNodeParameter('poolComment', index, '')),
									},
								};
							},
							(changes) => setCandidatePool(base, changes, context),
							(value) => ({ 'Ключ кандидата': value.candidateId, 'В пуле кандидатов': value.inPool, Результат: value.changed ? 'Записано' : 'Уже было в базе' }),
						),
					];
				case 'matchCandidates':
					return [
						await runForItems(
							this,
							(index) => requiredKey(this.getNodeParameter('matchVacancyId', index, ''), 'Ключ вакансии'),
							(ids) => candidatesForVacancies(base, ids, matchingOptions(this, date)),
							(value) => ({
								'Ключ вакансии': value.vacancyId,
								Должность: value.title,
								'Кандидатов в пуле': value.poolSize,
								'Найдено кандидатов': value.matches.length,
								'Подходящие кандидаты': value.matches.map(candidateOutput),
								'Не подходят': value.rejected.map(candidateOutput),
							}),
						),
					];
				default:
					return [
						await runForItems(
							this,
							(index) => vacancyInput(this, index, date),
							(inputs) => saveVacancies(base, inputs, context),
							(value) => ({
								'Ключ вакансии': value.vacancyId,
								Результат: savedStatus(value.status, 'f'),
								'Изменены поля': value.changedFields,
								'Ключ события': value.eventId,
							}),
						),
					];
			}
		} finally {
			await base.close();
		}
	}
}

function requiredKey(value: unknown, label: string): ItemResult<string> {
	const key = optionalString(value);
	return key ? { ok: true, value: key } : failure(`Не заполнено поле «${label}»: укажите ключ записи.`);
}

function matchingOptions(context: IExecuteFunctions, date: string) {
	return {
		asOf: date,
		limit: context.getNodeParameter('maxMatches', 0, 50) as number,
		includeRejected: context.getNodeParameter('includeRejected', 0, false) as boolean,
	};
}

function vacancyInput(context: IExecuteFunctions, index: number, date: string): ItemResult<VacancyInput> {
	const fields = readItemFields(context, index, vacancies, 'vacancyFields');
	if (!fields.ok) {
		return failure(fields.problems.join(' '), fields.problems);
	}
	const options = context.getNodeParameter('options', index, {}) as IDataObject;
	return {
		ok: true,
		value: {
			fields: fields.fields as Partial<VacancyFields>,
			vacancyId: optionalString(context.getNodeParameter('vacancyId', index, '')),
			idempotencyKey: optionalString(options.idempotencyKey),
			date,
			origin: context.getNode().name,
		},
	};
}

/** Imports every record of every input item; each record becomes one output item paired with its input. */
async function importItems(context: IExecuteFunctions, base: Base, date: string): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const records: unknown[] = [];
	const owners: number[] = [];
	items.forEach((item, index) => {
		const field = optionalString(context.getNodeParameter('responseField', index, ''));
		const body = field ? item.json[field] : item.json;
		for (const record of trudvsemRecords(body)) {
			records.push(record);
			owners.push(index);
		}
	});

	const results = await importTrudvsemVacancies(base, records, writeContext(context, optionalString((context.getNodeParameter('options', 0, {}) as IDataObject).actor)), date);
	return results.map((result, position) => {
		const index = owners[position];
		return result.ok ? { json: importOutput(result.value), pairedItem: { item: index } } : failedItem(context, index, result, items[index]);
	});
}
