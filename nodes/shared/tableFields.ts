import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { readRowFields, type RowInputResult, type TableDeclaration } from '../../core/rowInput';
import type { Column } from '../../schemas';

/** Where a save operation takes the record's fields from. */
export const FIELDS_FROM_PARAMETER = 'fieldsFrom';

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

function optionList(values: readonly string[]): INodePropertyOptions[] {
	return values.map((value) => ({ name: value, value }));
}

/** One column of a table as an option of a node's «Поля» collection, typed by the column kind. */
function columnProperty(key: string, column: Column): INodeProperties {
	const base = { displayName: column.label, name: key, description: column.hint };
	switch (column.kind) {
		case 'integer':
		case 'number':
			return { ...base, type: 'number', default: 0 };
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		case 'choice':
			return { ...base, type: 'options', options: optionList(column.options ?? []), default: column.options?.[0] ?? '' };
		case 'choices':
			return { ...base, type: 'multiOptions', options: optionList(column.options ?? []), default: [] };
		case 'longText':
			return { ...base, type: 'string', typeOptions: { rows: 3 }, default: '' };
		case 'date':
			return { ...base, type: 'string', default: '', placeholder: 'ГГГГ-ММ-ДД' };
		case 'json':
			return { ...base, type: 'json', default: '{}' };
		default:
			return { ...base, type: 'string', default: '' };
	}
}

/**
 * The parameters of a save operation, derived from the table declaration: a choice between the input
 * item's fields (named as the table's Russian columns) and a «Поля» collection with one option per column.
 */
export function tableFieldProperties(table: TableDeclaration, collectionName: string, show: Show, exclude: readonly string[] = []): INodeProperties[] {
	const excluded = new Set([table.idColumn, ...exclude]);
	const options = Object.entries(table.columns as Record<string, Column>)
		.filter(([key]) => !excluded.has(key))
		.map(([key, column]) => columnProperty(key, column))
		.sort((left, right) => left.displayName.localeCompare(right.displayName, 'ru'));
	return [
		{
			displayName: 'Откуда взять поля',
			name: FIELDS_FROM_PARAMETER,
			type: 'options',
			options: [
				{ name: 'Задать в узле', value: 'parameters', description: 'Выбрать поля ниже и заполнить их значениями или выражениями' },
				{
					name: 'Из входных данных',
					value: 'input',
					description: `Поля входного элемента с названиями столбцов таблицы «${table.label}», например из формы или таблицы`,
				},
			],
			default: 'parameters',
			displayOptions: { show },
		},
		{
			displayName: 'Поля',
			name: collectionName,
			type: 'collection',
			placeholder: 'Добавить поле',
			default: {},
			options,
			displayOptions: { show: { ...show, [FIELDS_FROM_PARAMETER]: ['parameters'] } },
		},
	];
}

/**
 * Reads the record's fields for one item from the input item or the «Поля» collection. Values are parsed
 * by column kind either way, so «Да» and «01.12.2026» are accepted in both.
 */
export function readItemFields(context: IExecuteFunctions, itemIndex: number, table: TableDeclaration, collectionName: string, maxDate?: string): RowInputResult {
	const from = context.getNodeParameter(FIELDS_FROM_PARAMETER, itemIndex, 'parameters') as string;
	const raw = from === 'input' ? context.getInputData()[itemIndex].json : (context.getNodeParameter(collectionName, itemIndex, {}) as IDataObject);
	return readRowFields(table, raw as Record<string, unknown>, { maxDate });
}
