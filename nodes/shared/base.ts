import type { IExecuteFunctions, INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dateInTimeZone } from '../../core/calendar';
import { LocalBase, resolveBasePath } from '../../storage/local/localBase';
import { StorageError, type Base, type WriteContext } from '../../storage/types';
import { AIRTABLE_CREDENTIAL, airtableBaseLocator, openAirtableBase } from './airtable';

/** Parameters every node of the package shows first: which base it reads and writes. */
export const baseProperties: INodeProperties[] = [
	{
		displayName: 'База',
		name: 'backend',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Локальная база (SQLite)',
				value: 'local',
				description: 'Файл на сервере n8n: не нужны ни учетная запись, ни настройка',
			},
			{
				name: 'Airtable',
				value: 'airtable',
				description: 'База Airtable организации: таблицы создает узел «ТЖЦТ: настройка базы»',
			},
		],
		default: 'local',
		description: 'Где хранятся кандидаты, эпизоды услуг и события',
	},
	{
		displayName: 'Файл локальной базы',
		name: 'localPath',
		type: 'string',
		default: '',
		placeholder: 'base.sqlite',
		description:
			'Путь к файлу базы на сервере n8n. Пусто — файл по умолчанию в папке n8n (или путь из переменной окружения EMPLOYMENT_LIFECYCLE_BASE). Относительный путь считается от папки файла по умолчанию.',
		displayOptions: { show: { backend: ['local'] } },
	},
	{ ...airtableBaseLocator, displayOptions: { show: { backend: ['airtable'] } } },
];

/** Credentials a node needs for the cloud bases, each shown only when that base is chosen. */
export const baseCredentials: INodeCredentialDescription[] = [
	{ name: AIRTABLE_CREDENTIAL, required: true, displayOptions: { show: { backend: ['airtable'] } } },
];

/** Opens the base the node's parameters point to; the caller closes it when the node finishes. */
export async function openBase(context: IExecuteFunctions): Promise<Base> {
	const backend = context.getNodeParameter('backend', 0, 'local') as string;
	if (backend === 'airtable') {
		return openAirtableBase(context);
	}
	if (backend !== 'local') {
		throw new NodeOperationError(context.getNode(), `База «${backend}» пока не поддерживается. Выберите «Локальная база (SQLite)» или «Airtable».`);
	}

	const path = resolveBasePath(context.getNodeParameter('localPath', 0, '') as string);
	try {
		return LocalBase.open(path);
	} catch (error) {
		if (error instanceof StorageError) {
			throw new NodeOperationError(context.getNode(), error.message);
		}
		throw new NodeOperationError(context.getNode(), 'Не удалось открыть локальную базу: файл недоступен для записи или не является базой SQLite.', {
			description: `Проверьте путь к файлу базы и права на запись в эту папку. Ответ SQLite: ${(error as Error).message}`,
		});
	}
}

/** Who writes and from where: the workflow, its execution and this node. */
export function writeContext(context: IExecuteFunctions, actor?: string): WriteContext {
	const workflow = context.getWorkflow();
	return {
		actor: actor && actor.trim() !== '' ? actor.trim() : `n8n: ${workflow.name ?? workflow.id ?? 'процесс'}`,
		executionId: context.getExecutionId(),
		workflowId: workflow.id,
		node: context.getNode().name,
	};
}

/** Today's calendar date in the workflow's time zone (n8n's workflow setting, Europe/Moscow by default). */
export function todayForWorkflow(context: IExecuteFunctions): string {
	return dateInTimeZone(new Date(), context.getTimezone());
}

/** Accepts `YYYY-MM-DD` or an ISO date-time as n8n's date pickers produce, and returns the calendar date. */
export function calendarDate(value: unknown, fallback: string): string {
	if (typeof value !== 'string' || value.trim() === '') {
		return fallback;
	}
	return value.trim().slice(0, 10);
}
