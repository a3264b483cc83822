import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { EventDraft } from '../../core/events';
import { logEvents } from '../../core/operations/logEvents';
import type { EventTypeName, LifecycleEvent as EventRow } from '../../schemas';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, calendarDate, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { failedItem, optionalString } from '../shared/items';
import { eventProperties } from './description';

function compact<T extends Record<string, unknown>>(fields: T): Partial<T> {
	const result: Partial<T> = {};
	for (const [key, value] of Object.entries(fields)) {
		const cleaned = typeof value === 'string' ? optionalString(value) : value;
		if (cleaned !== undefined && cleaned !== null) {
			(result as Record<string, unknown>)[key] = cleaned;
		}
	}
	return result;
}

export class LifecycleEvent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: событие',
		name: 'lifecycleEvent',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["eventType"] }}',
		description: 'Записывает событие из каталога ТЖЦТ: контакт с кандидатом, работодателем, источником или волонтером',
		defaults: { name: 'Событие' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: eventProperties,
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const today = todayForWorkflow(this);
		const drafts: EventDraft[] = [];

		for (let index = 0; index < items.length; index++) {
			const links = this.getNodeParameter('links', index, {}) as IDataObject;
			const content = this.getNodeParameter('content', index, {}) as IDataObject;
			const options = this.getNodeParameter('options', index, {}) as IDataObject;
			const fields = compact({
				type: this.getNodeParameter('eventType', index) as EventTypeName,
				date: calendarDate(this.getNodeParameter('date', index, ''), today),
				service: this.getNodeParameter('service', index, '') as EventRow['service'],
				candidate: this.getNodeParameter('candidateId', index, '') as string,
				confidential: this.getNodeParameter('confidential', index, false) as boolean,
				...links,
				...content,
			});
			drafts.push({ ...(fields as EventDraft), idempotencyKey: optionalString(options.idempotencyKey) });
		}

		const base = await openBase(this);
		try {
			const actor = optionalString((this.getNodeParameter('options', 0, {}) as IDataObject).actor);
			const results = await logEvents(base, drafts, writeContext(this, actor));

			return [
				results.map((result, index) =>
					result.ok
						? {
								json: {
									...items[index].json,
									'Ключ события': result.value.eventId,
									'Тип события': drafts[index].type,
									'Событие записано': result.value.created ? 'Новое' : 'Уже было в базе',
								},
								pairedItem: { item: index },
							}
						: failedItem(this, index, result, items[index]),
				),
			];
		} finally {
			await base.close();
		}
	}
}
