import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EVALUATION_FORMS, SKILLS, type EvaluationFormId } from '../../core/evaluations';
import { readExamPassed, readSkillLevels, SCALE_OPTIONS } from '../../core/operations/evaluationInput';
import { recordEvaluations, type EvaluationOutcome, type EvaluationRequest } from '../../core/operations/evaluations';
import { failure, type ItemResult } from '../../core/operations/result';
import { serviceName, type ServiceNumber } from '../../schemas';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, baseProperties, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { failedItem, optionalString } from '../shared/items';
import { comparisonRows } from './skillTable';

const FORM_IDS = Object.keys(EVALUATION_FORMS) as EvaluationFormId[];

const FORM_DESCRIPTIONS: Record<EvaluationFormId, string> = {
	employer: 'Работодатель через 1, 3 и 6 месяцев: в услуге 6 после трудового договора, в услуге 4 на сторонней площадке',
	internalSite: 'Консультант раз в две недели на внутренней площадке (услуга 4)',
	exam: 'Теоретический экзамен в конце профориентации (услуга 3): сдан или нет',
	characteristic: 'Характеристика с рекомендациями в конце профориентации (услуга 3)',
};

/** Returns one notice per form that lists the input fields it reads. */
function criteriaNotices(): INodeProperties[] {
	return FORM_IDS.map((form) => ({
		displayName: `Уровни читаются из полей входных данных с названиями навыков: ${EVALUATION_FORMS[form].criteria.map((skill) => `«${SKILLS[skill]}»`).join(', ')}. Значение — число от 1 до 5 или вариант шкалы, например «${SCALE_OPTIONS[3]}».`,
		name: `criteriaNotice_${form}`,
		type: 'notice',
		default: '',
		displayOptions: { show: { form: [form] } },
	}));
}

function outcomeJson(outcome: EvaluationOutcome): IDataObject {
	return {
		'Ключ кандидата': outcome.candidateId,
		'Ключ эпизода': outcome.episodeId,
		'Ключ события': outcome.eventId,
		'Ключ оценки': outcome.evaluationKey,
		'Форма оценки': outcome.formLabel,
		Услуга: serviceName(outcome.service),
		'Дата оценки': outcome.date,
		Оценки: outcome.levels.map((level) => ({
			Навык: level.label,
			Уровень: level.level,
			'Уровень словами': level.levelLabel,
			'Предыдущий уровень': level.previousLevel,
			'Дата предыдущей оценки': level.previousDate,
			Изменение: level.change,
		})),
		'Не оценено': outcome.missingCriteria,
		'Экзамен сдан': outcome.examPassed,
		'Ключ работодателя': outcome.employerId,
		'Сравнение навыков': comparisonRows(outcome.comparison),
	};
}

export class LifecycleEvaluation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: оценка',
		name: 'lifecycleEvaluation',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(Object.fromEntries(FORM_IDS.map((form) => [form, EVALUATION_FORMS[form].label])))}[$parameter["form"]] }}`,
		description: 'Записывает оценку навыков по форме и показывает текущие уровни рядом с прошлыми',
		defaults: { name: 'Оценка' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		outputNames: ['Оценка записана'],
		properties: [
			...baseProperties,
			{
				displayName: 'Форма оценки',
				name: 'form',
				type: 'options',
				noDataExpression: true,
				options: FORM_IDS.map((form) => ({ name: EVALUATION_FORMS[form].label, value: form, description: FORM_DESCRIPTIONS[form] })).sort((left, right) => left.name.localeCompare(right.name, 'ru')),
				default: 'employer',
			},
			...criteriaNotices(),
			{
				displayName: 'Услуга',
				name: 'service',
				type: 'options',
				options: ([3, 4, 6] as const).map((number) => ({ name: `${number}. ${serviceName(number)}`, value: number })),
				default: 6,
				description: 'Услуга, в которой пользователь оценивается',
			},
			{
				displayName: 'Ключ кандидата',
				name: 'candidateId',
				type: 'string',
				default: '={{ $json["Ключ кандидата"] }}',
				required: true,
				description: 'Ключ записи в таблице «Кандидаты»',
			},
			{
				displayName: 'Ключ контрольной точки',
				name: 'checkpointKey',
				type: 'string',
				default: '={{ $json["Ключ контрольной точки"] ?? "" }}',
				description: 'Контрольная точка из напоминания, например «…:s6:employer-evaluation:1m». Одна оценка по каждой форме на точку: повторная загрузка отклоняется.',
			},
			{
				displayName: 'Дата оценки',
				name: 'date',
				type: 'string',
				default: '={{ $json["Дата оценки"] ?? "" }}',
				placeholder: '2026-12-04',
				description: 'Дата в формате ГГГГ-ММ-ДД. Пусто — сегодня по часовому поясу процесса.',
			},
			{
				displayName: 'Экзамен сдан',
				name: 'examPassed',
				type: 'string',
				default: '={{ $json["Экзамен сдан"] ?? "" }}',
				description: '«Да» или «Нет»',
				displayOptions: { show: { form: ['exam'] } },
			},
			{
				displayName: 'Рекомендации',
				name: 'recommendations',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '={{ $json["Рекомендации"] ?? "" }}',
				description: 'Рекомендации о дальнейшем пути и услугах; обязательны в характеристике',
			},
			{
				displayName: 'Отзыв работодателя',
				name: 'feedback',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '={{ $json["Отзыв работодателя"] ?? "" }}',
				displayOptions: { show: { form: ['employer'] } },
			},
			{
				displayName: 'Сохранять отклоненные оценки',
				name: 'keepRejected',
				type: 'boolean',
				default: true,
				description: 'Сохранять отклоненную оценку (повторная загрузка, пользователь не в услуге, неверный уровень) в таблицу «Отклоненные анкеты» с тем, что исправить',
			},
			{
				displayName: 'Дополнительно',
				name: 'options',
				type: 'collection',
				placeholder: 'Добавить параметр',
				default: {},
				options: [
					{ displayName: 'Ключ идемпотентности', name: 'idempotencyKey', type: 'string', default: '', description: 'Для оценки вне расписания: уникальный ключ вместо контрольной точки' },
					{ displayName: 'Ключ работодателя', name: 'employerId', type: 'string', default: '', description: 'Пусто — работодатель вакансии или сторонней площадки' },
					{ displayName: 'Ключ специалиста', name: 'specialistId', type: 'string', default: '' },
					{ displayName: 'Ключ эпизода', name: 'episodeId', type: 'string', default: '', description: 'Пусто — эпизод услуги, который идет на дату оценки' },
					{ displayName: 'Комментарий специалиста', name: 'specialistComment', type: 'string', typeOptions: { rows: 2 }, default: '' },
					{ displayName: 'Кто записывает', name: 'actor', type: 'string', default: '', description: 'Имя специалиста для журнала изменений. Пусто — название процесса n8n.' },
					{ displayName: 'Специалист (имя)', name: 'specialistName', type: 'string', default: '' },
				],
			},
		],
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const today = todayForWorkflow(this);
		const results: Array<ItemResult<EvaluationOutcome> | undefined> = items.map(() => undefined);
		const requests: EvaluationRequest[] = [];
		const owners: number[] = [];

		items.forEach((item, index) => {
			const form = this.getNodeParameter('form', index) as EvaluationFormId;
			const options = this.getNodeParameter('options', index, {}) as IDataObject;
			const candidateId = optionalString(this.getNodeParameter('candidateId', index, ''));
			if (!candidateId) {
				results[index] = failure('Не указан «Ключ кандидата».');
				return;
			}
			requests.push({
				candidateId,
				service: Number(this.getNodeParameter('service', index, 6)) as ServiceNumber,
				form,
				date: calendarDate(this.getNodeParameter('date', index, ''), today),
				checkpointKey: optionalString(this.getNodeParameter('checkpointKey', index, '')),
				idempotencyKey: optionalString(options.idempotencyKey),
				episodeId: optionalString(options.episodeId),
				levels: readSkillLevels(item.json, form),
				examPassed: form === 'exam' ? readExamPassed(this.getNodeParameter('examPassed', index, '')) : undefined,
				recommendations: optionalString(this.getNodeParameter('recommendations', index, '')),
				feedback: form === 'employer' ? optionalString(this.getNodeParameter('feedback', index, '')) : undefined,
				specialistComment: optionalString(options.specialistComment),
				employerId: optionalString(options.employerId),
				specialistId: optionalString(options.specialistId),
				specialistName: optionalString(options.specialistName),
				raw: item.json,
			});
			owners.push(index);
		});

		const base = await openBase(this);
		try {
			const actor = optionalString((this.getNodeParameter('options', 0, {}) as IDataObject).actor);
			const keepRejected = this.getNodeParameter('keepRejected', 0, true) as boolean;
			const recorded = await recordEvaluations(base, requests, writeContext(this, actor), keepRejected ? { keepRejectedAs: this.getNode().name } : {});
			recorded.forEach((result, position) => {
				results[owners[position]] = result;
			});
		} finally {
			await base.close();
		}

		return [
			results.map((result, index) => {
				if (!result || !result.ok) {
					return failedItem(this, index, result ?? failure('Элемент не обработан.'), items[index]);
				}
				return { json: { ...items[index].json, ...outcomeJson(result.value) }, pairedItem: { item: index } };
			}),
		];
	}
}
