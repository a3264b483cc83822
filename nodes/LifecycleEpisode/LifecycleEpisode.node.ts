import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EPISODE_OPERATION_LABELS, type DismissalReason, type EpisodeBranch, type EpisodeOperation, type RefusalParty, type Service5RecommendationsState } from '../../core/operations/episodeRequest';
import { runEpisodeOperations, type EpisodeOutcome, type EpisodeRequest } from '../../core/operations/episodes';
import type { HistorySummary } from '../../core/operations/history';
import type { ItemResult } from '../../core/operations/result';
import { serviceName, type ServiceNumber } from '../../schemas';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { failedItem, optionalString } from '../shared/items';
import { comparisonRows } from '../LifecycleEvaluation/skillTable';
import { EPISODE_SUBTITLE, episodeProperties } from './description';

/** Output of each branch; refusals and dismissals go to the service the user chose, or to «Нужно решение». */
const BRANCH_OUTPUTS: Record<EpisodeBranch, number> = { done: 0, service5: 1, service2: 2, service1: 3, decision: 4 };

function serviceParameter(value: unknown): ServiceNumber | undefined {
	const number = Number(value);
	return Number.isInteger(number) && number >= 1 && number <= 6 ? (number as ServiceNumber) : undefined;
}

function historyJson(history: HistorySummary): IDataObject {
	return {
		'Статус маршрута': history.routeState,
		'Дата входа': history.entryDate,
		'Дата выхода': history.exitDate,
		'Дата выбытия': history.withdrawalDate,
		'Обращений в услугу 2': history.appeals,
		Эпизоды: history.episodes.map((episode) => ({
			'Ключ эпизода': episode.id,
			Услуга: episode.service,
			Статус: episode.status,
			Начало: episode.startDate,
			Окончание: episode.endDate,
			Результат: episode.outcome,
			'Следующая услуга': episode.nextService,
			'Повторное обращение': episode.reentry,
			'Причина увольнения': episode.dismissalReason,
			'Кто отказал': episode.refusedBy,
			'Исключения из правил': episode.overrideReason,
		})),
		'Получено услуг': history.servicesReceived.map((entry) => ({ Услуга: entry.service, Эпизодов: entry.episodes, Завершено: entry.completed })),
		'Нарушений регламента': history.violations,
		Работа: history.jobs.map((job) => ({
			'Ключ эпизода': job.episodeId,
			Вакансия: job.title ?? job.vacancy,
			'Дата трудового договора': job.employmentStart,
			'Окончание сопровождения': job.supportEnd,
			'Дата увольнения': job.dismissalDate,
			'Причина увольнения': job.dismissalReason,
		})),
		Навыки: comparisonRows(history.skills),
		Сводка: history.text,
	};
}

function outcomeJson(outcome: EpisodeOutcome): IDataObject {
	const json: IDataObject = {
		Операция: EPISODE_OPERATION_LABELS[outcome.operation],
		'Ключ кандидата': outcome.candidateId,
		'Ключ эпизода': outcome.episodeId,
		Услуга: outcome.service ? serviceName(outcome.service) : null,
		'Статус эпизода': outcome.status,
		'Этап услуги': outcome.stage,
		Сообщение: outcome.message,
		'Ключи событий': outcome.eventIds,
		'Предложенные услуги': outcome.offeredServices.map(serviceName),
		'Следующая рекомендованная услуга': outcome.nextService ? serviceName(outcome.nextService) : null,
		'Исключение из правила': outcome.override ? { Причина: outcome.override.reason, 'Нарушенные правила': outcome.override.problems } : null,
		'Уже было выполнено': outcome.replayed,
	};
	if (outcome.violations) {
		json['Нарушений регламента'] = outcome.violations.count;
		json['Осталось нарушений до увольнения'] = outcome.violations.remaining;
		json['Уволен'] = outcome.violations.dismissed;
	}
	if (outcome.adaptation) {
		json['Срок адаптации, мес.'] = outcome.adaptation.months;
		json['Окончание адаптации'] = outcome.adaptation.end;
	}
	if (outcome.plannedEndDate !== undefined) {
		json['Плановая дата окончания'] = outcome.plannedEndDate;
	}
	if (outcome.openedEpisodeId) {
		json['Ключ открытого эпизода'] = outcome.openedEpisodeId;
	}
	if (outcome.history) {
		json['История'] = historyJson(outcome.history);
	}
	return json;
}

/**
 * Output fields of an earlier episode step that no form field shares. They are removed from the input, so
 * an item carries only this step's message and error, and a stored rejection contains the submitted fields.
 */
const STEP_OUTPUT_FIELDS = [
	'Статус эпизода',
	'Этап услуги',
	'Сообщение',
	'Ключи событий',
	'Предложенные услуги',
	'Исключение из правила',
	'Уже было выполнено',
	'Нарушений регламента',
	'Осталось нарушений до увольнения',
	'Уволен',
	'Окончание адаптации',
	'Плановая дата окончания',
	'Ключ открытого эпизода',
	'История',
	'error',
	'Что исправить',
];

function ownFields(json: IDataObject): IDataObject {
	const own: IDataObject = { ...json };
	for (const field of STEP_OUTPUT_FIELDS) {
		delete own[field];
	}
	return own;
}

/** Reads one item's request from the node parameters; parameters of other operations fall back to their defaults. */
function readRequest(context: IExecuteFunctions, index: number, today: string): EpisodeRequest {
	const text = (name: string) => optionalString(context.getNodeParameter(name, index, ''));
	const options = context.getNodeParameter('options', index, {}) as IDataObject;
	const date = (name: string) => {
		const value = text(name);
		return value ? calendarDate(value, value) : undefined;
	};
	const number = (name: string, fallback: number) => {
		const value = Number(context.getNodeParameter(name, index, fallback));
		return Number.isFinite(value) ? value : fallback;
	};

	const operation = context.getNodeParameter('operation', index) as EpisodeOperation;
	return {
		operation,
		episodeId: text('episodeId'),
		candidateId: text('candidateId'),
		service: serviceParameter(context.getNodeParameter('service', index, 0)),
		date: calendarDate(context.getNodeParameter('date', index, ''), today),
		overrideReason: text('overrideReason'),
		specialistId: optionalString(options.specialistId),
		specialistName: optionalString(options.specialistName),
		specialistComment: optionalString(options.specialistComment),
		outcome: text('outcome'),
		nextService: serviceParameter(context.getNodeParameter('nextService', index, 0)) ?? null,
		recommendations: text('recommendations'),
		plan: text('plan'),
		plannedMonths: operation === 'start' ? number('plannedMonths', 9) : undefined,
		highMotivation: context.getNodeParameter('highMotivation', index, false) as boolean,
		skillsInsufficient: context.getNodeParameter('skillsInsufficient', index, false) as boolean,
		functions: text('functions'),
		acquiredSkills: text('acquiredSkills'),
		outsideOrganisations: text('outsideOrganisations'),
		vacancyId: text('vacancyId'),
		employerId: text('employerId'),
		mentorId: text('mentorId'),
		description: text('description'),
		dismissalReason: text('dismissalReason') as DismissalReason | undefined,
		adaptationMonths: operation === 'contractSigned' || operation === 'adaptationChange' ? number('adaptationMonths', 6) : undefined,
		userConsent: context.getNodeParameter('userConsent', index, false) as boolean,
		employerConsent: context.getNodeParameter('employerConsent', index, false) as boolean,
		agreedStartDate: date('agreedStartDate'),
		service5Recommendations: text('service5Recommendations') as Service5RecommendationsState | undefined,
		position: text('position'),
		refusedBy: text('refusedBy') as RefusalParty | undefined,
		requestedService: serviceParameter(context.getNodeParameter('requestedService', index, 2)),
		referredBy: text('referredBy'),
		employerOffer: context.getNodeParameter('employerOffer', index, false) as boolean,
	};
}

export class LifecycleEpisode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: эпизод услуги',
		name: 'lifecycleEpisode',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: EPISODE_SUBTITLE,
		description:
			'Ведет эпизод услуги по правилам методики: направление, начало, завершение, нарушения, сторонние площадки, трудовой договор и адаптация, отказы, увольнение, повторное обращение',
		defaults: { name: 'Эпизод услуги' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Выполнено', `5. ${serviceName(5)}`, `2. ${serviceName(2)}`, `1. ${serviceName(1)}`, 'Нужно решение'],
		properties: episodeProperties,
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const today = todayForWorkflow(this);
		const requests = items.map((_item, index) => readRequest(this, index, today));

		const inputs = items.map((item) => ownFields(item.json));
		const keepRejected = this.getNodeParameter('keepRejected', 0, true) as boolean;
		const workflowName = this.getWorkflow().name;
		const nodeName = this.getNode().name;

		const base = await openBase(this);
		let results: Array<ItemResult<EpisodeOutcome>>;
		try {
			const actor = optionalString((this.getNodeParameter('options', 0, {}) as IDataObject).actor);
			results = await runEpisodeOperations(base, requests, writeContext(this, actor), {
				today,
				...(keepRejected ? { keepRejectedAs: workflowName ? `${workflowName}: ${nodeName}` : nodeName, submissions: inputs } : {}),
			});
		} finally {
			await base.close();
		}

		const outputs: INodeExecutionData[][] = [[], [], [], [], []];
		results.forEach((result, index) => {
			if (!result.ok) {
				// A rejected request needs a specialist's decision, so its error item goes to «Нужно решение».
				outputs[BRANCH_OUTPUTS.decision].push(failedItem(this, index, result, { json: inputs[index], pairedItem: { item: index } }));
				return;
			}
			outputs[BRANCH_OUTPUTS[result.value.branch]].push({ json: { ...inputs[index], ...outcomeJson(result.value) }, pairedItem: { item: index } });
		});
		return outputs;
	}
}
