import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ExitClockStatus } from '../../core/exit';
import { checkExitPoints, withdrawUsers, type ExitCheckRequest, type ExitOutcome, type ExitStatus, type WithdrawalRequest } from '../../core/operations/exit';
import { failure, type ItemResult } from '../../core/operations/result';
import { serviceName } from '../../schemas';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, baseProperties, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { failedItem, optionalString } from '../shared/items';

/** The node's operations, in alphabetical order of their Russian names. */
const EXIT_OPERATIONS = [
	{ name: 'Выбытие', value: 'withdraw', description: 'Пользователь уходит до точки выхода: причина обязательна, открытые услуги закрываются' },
	{ name: 'Проверить точку выхода', value: 'check', description: 'Более 6 месяцев работы по трудовому договору без сопровождения — точка выхода' },
];

const STATUS_OUTPUTS: Record<ExitStatus, number> = { exit: 0, notYet: 1, withdrawn: 2 };

const CLOCK_LABELS: Record<ExitClockStatus, string> = {
	notEmployed: 'Не работает по трудовому договору',
	supported: 'Идет сопровождение',
	counting: 'Идет отсчет самостоятельной работы',
	exitDue: 'Точка выхода наступила',
};

function outcomeJson(outcome: ExitOutcome): IDataObject {
	const clock = outcome.clock;
	return {
		'Ключ кандидата': outcome.candidateId,
		'Статус маршрута': outcome.routeState,
		'Дата выхода': outcome.exitDate,
		'Записано сейчас': outcome.recorded,
		'Ключ события': outcome.eventId,
		'Статус отсчета': clock ? CLOCK_LABELS[clock.status] : null,
		'Самостоятельная работа с': clock?.unsupportedSince ?? null,
		'Дней без сопровождения': clock?.daysWithoutSupport ?? null,
		'Дней до точки выхода': clock ? clock.daysRemaining : null,
		Перерывы: (clock?.interruptions ?? []).map((interruption) => ({
			'Ключ эпизода': interruption.employmentId,
			'Дата увольнения': interruption.end,
			'Дней без сопровождения': interruption.daysWithoutSupport,
		})),
		'Доступные услуги': outcome.servicesStillAvailable.map(serviceName),
		Сообщение: outcome.message,
	};
}

export class LifecycleExit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: выход',
		name: 'lifecycleExit',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "withdraw" ? "Выбытие" : "Точка выхода" }}',
		description: 'Считает шесть месяцев самостоятельной работы по трудовому договору и фиксирует точку выхода; записывает выбытие до нее',
		defaults: { name: 'Выход из технологии' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Точка выхода', 'Еще не наступила', 'Выбыл'],
		properties: [
			...baseProperties,
			{
				displayName: 'Операция',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: EXIT_OPERATIONS.map((operation) => ({ ...operation, action: operation.name })),
				default: 'check',
			},
			{
				displayName:
					'Вернувшийся пользователь начинает с услуги «Содействие в поиске подходящей работы»: операция «Повторное обращение» узла «ТЖЦТ: эпизод услуги». После точки выхода услуга «Социальная адаптация на рынке труда» остается доступной.',
				name: 'notice',
				type: 'notice',
				default: '',
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
				displayName: 'Дата',
				name: 'date',
				type: 'string',
				default: '',
				placeholder: '2026-12-04',
				description: 'Дата проверки или выбытия в формате ГГГГ-ММ-ДД. Пусто — сегодня по часовому поясу процесса.',
			},
			{
				displayName: 'Записывать точку выхода',
				name: 'record',
				type: 'boolean',
				default: true,
				description: 'Записывать точку выхода (статус маршрута, дату выхода и событие), когда она наступила; если выключено — только отчет',
				displayOptions: { show: { operation: ['check'] } },
			},
			{
				displayName: 'Причина выбытия',
				name: 'reason',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				required: true,
				description: 'Почему пользователь уходит до точки выхода',
				displayOptions: { show: { operation: ['withdraw'] } },
			},
			{
				displayName: 'Дополнительно',
				name: 'options',
				type: 'collection',
				placeholder: 'Добавить параметр',
				default: {},
				options: [
					{ displayName: 'Ключ специалиста', name: 'specialistId', type: 'string', default: '' },
					{ displayName: 'Кто записывает', name: 'actor', type: 'string', default: '', description: 'Имя специалиста для журнала изменений. Пусто — название процесса n8n.' },
				],
			},
		],
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const today = todayForWorkflow(this);
		const results: Array<ItemResult<ExitOutcome> | undefined> = items.map(() => undefined);
		const checks: ExitCheckRequest[] = [];
		const checkOwners: number[] = [];
		const withdrawals: WithdrawalRequest[] = [];
		const withdrawalOwners: number[] = [];

		items.forEach((_item, index) => {
			const candidateId = optionalString(this.getNodeParameter('candidateId', index, ''));
			if (!candidateId) {
				results[index] = failure('Не указан «Ключ кандидата».');
				return;
			}
			const date = calendarDate(this.getNodeParameter('date', index, ''), today);
			const specialistId = optionalString((this.getNodeParameter('options', index, {}) as IDataObject).specialistId);
			if (this.getNodeParameter('operation', index) === 'withdraw') {
				withdrawals.push({ candidateId, date, reason: String(this.getNodeParameter('reason', index, '')), specialistId });
				withdrawalOwners.push(index);
			} else {
				checks.push({ candidateId, today: date, record: this.getNodeParameter('record', index, true) as boolean, specialistId });
				checkOwners.push(index);
			}
		});

		const base = await openBase(this);
		try {
			const context = writeContext(this, optionalString((this.getNodeParameter('options', 0, {}) as IDataObject).actor));
			(await checkExitPoints(base, checks, context)).forEach((result, position) => {
				results[checkOwners[position]] = result;
			});
			(await withdrawUsers(base, withdrawals, context)).forEach((result, position) => {
				results[withdrawalOwners[position]] = result;
			});
		} finally {
			await base.close();
		}

		const outputs: INodeExecutionData[][] = [[], [], []];
		results.forEach((result, index) => {
			if (!result || !result.ok) {
				// An error item never goes to «Точка выхода», where a workflow may act on a reached exit.
				outputs[STATUS_OUTPUTS.notYet].push(failedItem(this, index, result ?? failure('Элемент не обработан.'), items[index]));
				return;
			}
			outputs[STATUS_OUTPUTS[result.value.status]].push({ json: { ...items[index].json, ...outcomeJson(result.value) }, pairedItem: { item: index } });
		});
		return outputs;
	}
}
