import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../../core/operations/result';

/**
 * Turns a failed item into n8n's behaviour: with "Continue On Fail" an error item paired with its input,
 * otherwise the node stops with a Russian message that names the item. The error item carries the error
 * itself too, so a node set to "Continue (using error output)" sends it to its error output. There n8n
 * 2.41 keeps only the message, as `error`; the regular output keeps every field.
 */
export function failedItem(context: IExecuteFunctions, itemIndex: number, result: Extract<ItemResult<unknown>, { ok: false }>, input: INodeExecutionData): INodeExecutionData {
	const description = `Элемент №${itemIndex + 1}. Исправьте данные и запустите снова: уже записанное не задвоится.`;
	if (!context.continueOnFail()) {
		throw new NodeOperationError(context.getNode(), result.message, { itemIndex, description });
	}
	return {
		json: { ...input.json, error: result.message, 'Что исправить': result.problems ?? [result.message] },
		error: new NodeOperationError(context.getNode(), result.message, { itemIndex, description }),
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
