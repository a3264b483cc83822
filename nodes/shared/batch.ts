import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemResult } from '../../core/operations/result';
import { failedItem } from './items';

/**
 * Runs one batch operation for the node's input items. `parse` reads one item's request (or fails it
 * with a Russian message); `run` executes the valid requests at once; `map` turns a result into the
 * item's Russian output fields. Items keep their order and `pairedItem`; a failed item goes through
 * `failedItem`, so Continue On Fail decides between an error item and a stopped node.
 */
export async function runForItems<R, T>(
	context: IExecuteFunctions,
	parse: (itemIndex: number) => ItemResult<R>,
	run: (requests: R[]) => Promise<Array<ItemResult<T>>>,
	map: (value: T, itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const results: Array<ItemResult<T> | undefined> = items.map(() => undefined);
	const requests: R[] = [];
	const owners: number[] = [];

	items.forEach((_item, index) => {
		const parsed = parse(index);
		if (parsed.ok) {
			requests.push(parsed.value);
			owners.push(index);
		} else {
			results[index] = parsed;
		}
	});
	const outcomes = requests.length === 0 ? [] : await run(requests);
	outcomes.forEach((outcome, position) => {
		results[owners[position]] = outcome;
	});

	return results.map((result, index) => {
		if (!result || !result.ok) {
			return failedItem(context, index, result ?? { ok: false, message: 'Элемент не обработан.' }, items[index]);
		}
		return { json: { ...items[index].json, ...map(result.value, index) }, pairedItem: { item: index } };
	});
}

/** Russian word for the outcome of a save. */
export function savedStatus(status: 'created' | 'updated' | 'unchanged', gender: 'f' | 'm' = 'm'): string {
	if (status === 'created') {
		return gender === 'f' ? 'Создана' : 'Создан';
	}
	return status === 'updated' ? (gender === 'f' ? 'Изменена' : 'Изменен') : 'Без изменений';
}
