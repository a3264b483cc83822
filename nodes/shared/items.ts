import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../../core/operations/result';

/**
 * Turns a failed item into n8n's behaviour: with "Continue On Fail" an error item on the first output,
 * paired with its input; otherwise the node stops with a Russian message that names the item.
 */
export function failedItem(context: IExecuteFunctions, itemIndex: number, result: Extract<ItemResult<unknown>, { ok: false }>, input: INodeExecutionData): INodeExecutionData {
	if (!context.continueOnFail()) {
		throw new NodeOperationError(context.getNode(), result.message, {
			itemIndex,
			description: `Элемент №${itemIndex + 1}. Исправьте данные и запустите снова: уже записанное не задвоится.`,
		});
	}
	return {
		json: { ...input.json, error: result.message, 'Что исправить': result.problems ?? [result.message] },
		pairedItem: { item: itemIndex },
	};
}

export function optionalString(value: unknown): string | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}
