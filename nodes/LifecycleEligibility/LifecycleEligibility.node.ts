import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkEligibility } from '../../core/operations/eligibility';
import { resolvePortraitRules, type PortraitRules } from '../../core/portraitRules';
import { VERDICTS } from '../../schemas';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, baseProperties, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { failedItem, optionalString } from '../shared/items';

function parseRules(context: IExecuteFunctions): PortraitRules | undefined {
	const text = optionalString(context.getNodeParameter('rules', 0, ''));
	if (!text) {
		return undefined;
	}

	let config: unknown;
	try {
		config = JSON.parse(text);
	} catch {
		throw new NodeOperationError(context.getNode(), 'Параметр «Правила портрета организации» не является JSON.', {
			description: 'Проверьте скобки и кавычки или очистите поле, чтобы использовать правила методики.',
		});
	}

	const resolution = resolvePortraitRules(config);
	if (!resolution.ok) {
		throw new NodeOperationError(context.getNode(), `Правила портрета организации заданы неверно: ${resolution.problems.join(' ')}`);
	}
	return resolution.rules;
}

export class LifecycleEligibility implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: проверка портрета',
		name: 'lifecycleEligibility',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Портрет пользователя',
		description: 'Проверяет кандидата на соответствие портрету пользователя и объясняет каждое невыполненное условие',
		defaults: { name: 'Проверка портрета' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...VERDICTS],
		properties: [
			...baseProperties,
			{
				displayName: 'Ключ кандидата',
				name: 'candidateId',
				type: 'string',
				default: '={{ $json["Ключ кандидата"] }}',
				required: true,
				description: 'Ключ записи в таблице «Кандидаты»',
			},
			{
				displayName: 'Дата проверки',
				name: 'asOf',
				type: 'string',
				default: '',
				placeholder: '2026-12-04',
				description: 'На какую дату считать возраст, в формате ГГГГ-ММ-ДД. Пусто — сегодня по часовому поясу процесса.',
			},
			{
				displayName: 'Правила портрета организации',
				name: 'rules',
				type: 'json',
				default: '',
				description:
					'Расширения портрета в формате JSON: дополнительные категории, возрастные границы, обязательные навыки. Пусто — правила методики. Пример и описание полей — в README.ru.md.',
			},
		],
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const rules = parseRules(this);
		const today = todayForWorkflow(this);
		const requests = items.map((_item, index) => ({
			candidateId: String(this.getNodeParameter('candidateId', index, '') ?? '').trim(),
			asOf: calendarDate(this.getNodeParameter('asOf', index, ''), today),
		}));

		const base = await openBase(this);
		try {
			const results = await checkEligibility(base, requests, writeContext(this), rules);
			const outputs: INodeExecutionData[][] = [[], [], []];

			results.forEach((result, index) => {
				if (!result.ok) {
					outputs[0].push(failedItem(this, index, result, items[index]));
					return;
				}
				const outcome = result.value;
				outputs[VERDICTS.indexOf(outcome.verdict)].push({
					json: {
						...items[index].json,
						'Ключ кандидата': outcome.candidateId,
						'Соответствие портрету': outcome.verdict,
						'Не выполнено': outcome.failed,
						'Не хватает данных': outcome.unknown,
						'Рекомендации по итогам проверки': outcome.followUps.map((followUp) => followUp.message),
						'Возраст': outcome.age,
						'Ключ проверки': outcome.checkId,
					},
					pairedItem: { item: index },
				});
			});
			return outputs;
		} finally {
			await base.close();
		}
	}
}
