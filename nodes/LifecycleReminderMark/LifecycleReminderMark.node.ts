import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { failure, type ItemResult } from '../../core/operations/result';
import { releaseReminderMarks, reminderStateOf, takeOverReminderMarks, type ReminderMarkOutcome, type ReminderMarkRequest } from '../../core/operations/reminderMarks';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, baseProperties, openBase, writeContext } from '../shared/base';
import { failedItem, optionalString } from '../shared/items';

/** The node's operations, in alphabetical order of their Russian names. */
const MARK_OPERATIONS = [
	{
		name: 'Отметить перед отправкой',
		value: 'takeOver',
		description: 'Записывает отметку об отправке. Письмо, которое уже отправлено или отправляется, уходит на выход «Пропущено».',
	},
	{ name: 'Снять отметку', value: 'release', description: 'Для писем, которые почтовый сервер не принял: следующая проверка отправит их снова' },
];

export class LifecycleReminderMark implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: отметка письма',
		name: 'lifecycleReminderMark',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "release" ? "Снять отметку" : "Отметить перед отправкой" }}',
		description: 'Отмечает напоминание о контрольной точке как отправленное прямо перед письмом, чтобы повторный запуск не отправил его второй раз',
		defaults: { name: 'Отметка перед отправкой' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Готово', 'Пропущено'],
		properties: [
			...baseProperties,
			{
				displayName: 'Операция',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: MARK_OPERATIONS.map((operation) => ({ ...operation, action: operation.name })),
				default: 'takeOver',
			},
			{
				displayName:
					'Ставьте «Отметить перед отправкой» прямо перед узлом письма, а «Снять отметку» — на выход ошибок узла письма. Тогда повторный запуск процесса или повтор выполнения из списка выполнений не отправит письмо второй раз, а письмо, которое не ушло, отправит следующая проверка.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Ключ контрольной точки',
				name: 'checkpointId',
				type: 'string',
				default: '={{ $json["Ключ контрольной точки"] }}',
				required: true,
				description: 'Ключ записи в таблице «Контрольные точки»',
			},
			{
				displayName: 'Состояние',
				name: 'state',
				type: 'string',
				default: '={{ $json["Состояние"] }}',
				required: true,
				description: 'Какое письмо: «Наступила», «Просрочена» или «Эскалация». У каждого своя отметка.',
			},
			{
				displayName: 'Отметка отправки',
				name: 'mark',
				type: 'string',
				default: '={{ $json["Отметка отправки"] }}',
				description:
					'Отметка, которую принес элемент: от узла «ТЖЦТ: контрольные точки» для «Отметить перед отправкой», от этого узла для «Снять отметку». Пусто — точка еще не отмечена.',
			},
		],
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const results: Array<ItemResult<ReminderMarkOutcome> | undefined> = items.map(() => undefined);
		const requests: ReminderMarkRequest[] = [];
		const owners: number[] = [];

		items.forEach((_item, index) => {
			const checkpointId = optionalString(this.getNodeParameter('checkpointId', index, ''));
			const stateText = String(this.getNodeParameter('state', index, '') ?? '');
			const state = reminderStateOf(stateText);
			if (!checkpointId) {
				results[index] = failure('Не указан «Ключ контрольной точки». Передайте элементы узла «ТЖЦТ: контрольные точки» или укажите ключ в параметре.');
				return;
			}
			if (!state) {
				results[index] = failure(`Состояние «${stateText}» не распознано. Укажите «Наступила», «Просрочена» или «Эскалация».`);
				return;
			}
			requests.push({ checkpointId, state, mark: optionalString(this.getNodeParameter('mark', index, '')) });
			owners.push(index);
		});

		if (requests.length > 0) {
			const base = await openBase(this);
			try {
				const run = operation === 'release' ? releaseReminderMarks : takeOverReminderMarks;
				(await run(base, requests, writeContext(this))).forEach((result, position) => {
					results[owners[position]] = result;
				});
			} finally {
				await base.close();
			}
		}

		const outputs: INodeExecutionData[][] = [[], []];
		results.forEach((result, index) => {
			if ((!result || !result.ok) && operation === 'takeOver') {
				// Stopping here would strand the letters already marked in this run, so the failed item is held
				// back with its error and the others go out.
				const message = result?.ok === false ? result.message : 'Элемент не обработан.';
				outputs[1].push({ json: { ...items[index].json, error: message, Причина: message }, pairedItem: { item: index } });
				return;
			}
			if (!result || !result.ok) {
				outputs[1].push(failedItem(this, index, result ?? failure('Элемент не обработан.'), items[index]));
				return;
			}
			const json = { ...items[index].json, 'Отметка отправки': result.value.mark, ...(result.value.done ? {} : { Причина: result.value.reason }) };
			outputs[result.value.done ? 0 : 1].push({ json, pairedItem: { item: index } });
		});
		const released = requests.filter((_request, position) => {
			const result = results[owners[position]];
			return result?.ok === true && result.value.done;
		});
		if (operation === 'release' && released.length > 0) {
			// Checkpoint keys are opaque ids, not personal data.
			this.logger.warn(`ТЖЦТ: почтовый сервер не принял писем: ${released.length}. Отметки сняты, следующая проверка отправит их снова.`, {
				checkpoints: released.slice(0, 20).map((request) => request.checkpointId),
			});
		}
		return outputs;
	}
}
