import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkBase, createMissing, type SchemaFinding } from '../../storage/airtable/setup';
import { StorageError } from '../../storage/types';
import { AIRTABLE_CREDENTIAL, airtableBaseLocator, airtableListSearch, openAirtableBase } from '../shared/airtable';

const KIND_NAMES: Record<SchemaFinding['kind'], string> = {
	missingTable: 'Нет таблицы',
	missingField: 'Нет поля',
	wrongType: 'Другой тип поля',
	wrongPrimaryField: 'Другое первичное поле',
	missingOption: 'Нет варианта выбора',
	createdTable: 'Создана таблица',
	createdField: 'Создано поле',
};

function summaryOf(finding: SchemaFinding): string {
	if (finding.kind.startsWith('created')) {
		return 'Исправлено';
	}
	return finding.fixable ? 'Можно создать' : 'Исправьте вручную';
}

export class LifecycleBaseSetup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: настройка базы',
		name: 'lifecycleBaseSetup',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "create" ? "Создать недостающее" : "Проверить базу" }}',
		description: 'Проверяет базу Airtable по схеме ТЖЦТ и создает недостающие таблицы и поля',
		defaults: { name: 'Настройка базы' },
		usableAsTool: true,
		credentials: [{ name: AIRTABLE_CREDENTIAL, required: true }],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			airtableBaseLocator,
			{
				displayName: 'Действие',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Проверить базу',
						value: 'check',
						description: 'Перечисляет недостающие таблицы, поля и варианты выбора и поля другого типа; ничего не меняет',
						// The rule's sentence-case fix empties Cyrillic text; the action is already in sentence case.
						// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
						action: 'Проверить базу',
					},
					{
						name: 'Создать недостающее',
						value: 'create',
						description: 'Создает недостающие таблицы и поля (со связями между таблицами), затем перечисляет, что осталось исправить вручную',
						// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
						action: 'Создать недостающее',
					},
				],
				default: 'check',
			},
			{
				displayName:
					'Токену нужны права schema.bases:read и schema.bases:write. Представления (отборы для координатора) API Airtable не создает: как их добавить, описано в документации пакета (docs/ru/airtable.md).',
				name: 'viewsNotice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as 'check' | 'create';
		const base = await openAirtableBase(this);
		let findings: SchemaFinding[];
		try {
			findings = operation === 'create' ? await createMissing(base.client) : await checkBase(base.client);
		} catch (error) {
			if (error instanceof StorageError) {
				throw new NodeOperationError(this.getNode(), error.message);
			}
			throw new NodeOperationError(this.getNode(), error as Error);
		} finally {
			await base.close();
		}

		// Every output item is paired with the first input item: the node runs once for the whole input.
		if (findings.length === 0) {
			return [[{ json: { Итог: 'База соответствует схеме ТЖЦТ', Таблица: '', Поле: '', Проблема: '', 'Что сделать': '' }, pairedItem: { item: 0 } }]];
		}
		return [
			findings.map((finding) => ({
				json: {
					Итог: summaryOf(finding),
					Таблица: finding.table,
					Поле: finding.field ?? '',
					Проблема: KIND_NAMES[finding.kind],
					Описание: finding.message,
					'Что сделать': finding.fix,
				},
				pairedItem: { item: 0 },
			})),
		];
	}
}
