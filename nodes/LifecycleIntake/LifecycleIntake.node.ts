import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { intakeSubmissions } from '../../core/operations/intake';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, baseProperties, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { failedItem, optionalString } from '../shared/items';

export class LifecycleIntake implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: прием анкеты',
		name: 'lifecycleIntake',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Анкета кандидата',
		description: 'Принимает анкету кандидата: находит или создает профиль и записывает событие «Добавление кандидата»',
		defaults: { name: 'Прием анкеты' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Принята', 'Отклонена'],
		properties: [
			...baseProperties,
			{
				displayName:
					'Поля анкеты называются так же, как столбцы таблицы «Кандидаты» (например, «Фамилия», «Дата рождения»). Отклоненная анкета сохраняется в таблице «Отклоненные анкеты» со списком того, что исправить.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Дополнительные категории',
				name: 'extraCategories',
				type: 'string',
				default: '',
				placeholder: 'Выпускник центра временного содержания, Молодая мама',
				description: 'Категории, которые организация добавила к трем категориям методики, через запятую',
			},
			{
				displayName: 'Кто записывает',
				name: 'actor',
				type: 'string',
				default: '',
				description: 'Имя специалиста для журнала изменений. Пусто — название процесса n8n.',
			},
		],
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const extraCategories = (this.getNodeParameter('extraCategories', 0, '') as string)
			.split(',')
			.map((category) => category.trim())
			.filter(Boolean);

		const base = await openBase(this);
		try {
			const results = await intakeSubmissions(
				base,
				items.map((item) => item.json),
				writeContext(this, optionalString(this.getNodeParameter('actor', 0, ''))),
				{ today: todayForWorkflow(this), categories: extraCategories, formName: this.getNode().name },
			);

			const accepted: INodeExecutionData[] = [];
			const rejected: INodeExecutionData[] = [];
			results.forEach((result, index) => {
				if (!result.ok) {
					accepted.push(failedItem(this, index, result, items[index]));
					return;
				}
				const outcome = result.value;
				if (outcome.status === 'accepted') {
					accepted.push({
						json: {
							...items[index].json,
							'Ключ кандидата': outcome.candidateId,
							'Новый кандидат': outcome.created,
							Предупреждения: outcome.warnings,
						},
						pairedItem: { item: index },
					});
				} else {
					rejected.push({
						json: { 'Ключ отклоненной анкеты': outcome.rejectionId, 'Что исправить': outcome.problems },
						pairedItem: { item: index },
					});
				}
			});
			return [accepted, rejected];
		} finally {
			await base.close();
		}
	}
}
