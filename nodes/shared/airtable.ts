import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { AirtableBase } from '../../storage/airtable/airtableBase';
import type { Runtime } from '../../storage/airtable/runtime';
import { buildUrl, type HttpTransport, normalizeEndpoint, parseBody } from '../../storage/airtable/transport';
import { StorageError } from '../../storage/types';

/** Name of the credential type that stores the Airtable personal access token. */
export const AIRTABLE_CREDENTIAL = 'lifecycleAirtableApi';

/** The base picker: from the token's bases, by a link to the base, or by its id. */
export const airtableBaseLocator: INodeProperties = {
	displayName: 'База Airtable',
	name: 'airtableBase',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'База Airtable организации, в которой созданы таблицы ТЖЦТ',
	modes: [
		{
			displayName: 'Из списка',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAirtableBases', searchable: true },
		},
		{
			displayName: 'По ссылке',
			name: 'url',
			type: 'string',
			placeholder: 'https://airtable.com/appXXXXXXXXXXXXXX/tblXXXXXXXXXXXXXX',
			validation: [
				{
					type: 'regex',
					properties: { regex: 'https://airtable\\.com/(app[A-Za-z0-9]{3,}).*', errorMessage: 'Ссылка не похожа на ссылку на базу Airtable: она должна начинаться с https://airtable.com/app' },
				},
			],
			extractValue: { type: 'regex', regex: 'https://airtable\\.com/(app[A-Za-z0-9]{3,})' },
		},
		{
			displayName: 'По идентификатору',
			name: 'id',
			type: 'string',
			placeholder: 'appXXXXXXXXXXXXXX',
			validation: [
				{
					type: 'regex',
					properties: { regex: 'app[A-Za-z0-9]{3,}', errorMessage: 'Идентификатор базы Airtable начинается с «app»' },
				},
			],
		},
	],
};

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * The HTTP transport of the Airtable backend over n8n's `httpRequestWithAuthentication`: n8n adds the
 * token from the credential, applies its proxy settings, and returns every status instead of throwing,
 * so the backend itself handles 429, 5xx and Airtable's error bodies.
 */
export function n8nTransport(context: Context): HttpTransport {
	return async (request) => {
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, AIRTABLE_CREDENTIAL, {
			method: request.method as IHttpRequestMethods,
			url: buildUrl(request.url, request.query),
			body: request.body as IDataObject | undefined,
			headers: request.headers,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		const body = typeof response.body === 'string' ? parseBody(response.body) : response.body;
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(response.headers ?? {})) {
			headers[key.toLowerCase()] = String(value);
		}
		return { status: response.statusCode, headers, body };
	};
}

/** Time and logging through n8n: its `sleep` and the node's logger. */
export function n8nRuntime(context: Context): Runtime {
	return {
		now: () => Date.now(),
		sleep: (ms) => sleep(ms),
		logger: { warn: (message, meta) => context.logger.warn(message, meta), debug: (message, meta) => context.logger.debug(message, meta) },
	};
}

async function endpointOf(context: Context): Promise<string> {
	const credentials = await context.getCredentials<{ endpointUrl?: string }>(AIRTABLE_CREDENTIAL);
	return normalizeEndpoint(credentials.endpointUrl);
}

/** Opens the Airtable base the node's «База Airtable» parameter points to. */
export async function openAirtableBase(context: IExecuteFunctions): Promise<AirtableBase> {
	const baseId = String(context.getNodeParameter('airtableBase', 0, '', { extractValue: true }) ?? '').trim();
	try {
		return AirtableBase.open({ transport: n8nTransport(context), baseId, endpointUrl: await endpointOf(context), runtime: n8nRuntime(context) });
	} catch (error) {
		if (error instanceof StorageError) {
			throw new NodeOperationError(context.getNode(), error.message);
		}
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

/** Lists the bases the token reaches, for the «Из списка» mode of the base picker. */
export async function searchAirtableBases(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const endpoint = await endpointOf(this);
	const response = await n8nTransport(this)({ method: 'GET', url: `${endpoint}/v0/meta/bases`, query: paginationToken ? [['offset', paginationToken]] : [] });
	if (response.status !== 200) {
		throw new NodeOperationError(
			this.getNode(),
			response.status === 401
				? 'Airtable не принял токен доступа: проверьте учетные данные «Airtable (ТЖЦТ)».'
				: 'Не удалось получить список баз Airtable: выдайте токену право schema.bases:read или укажите базу ссылкой или идентификатором.',
		);
	}
	const body = response.body as { bases?: Array<{ id: string; name: string }>; offset?: string };
	const needle = (filter ?? '').trim().toLowerCase();
	const results = (body.bases ?? [])
		.filter((base) => needle === '' || base.name.toLowerCase().includes(needle) || base.id.toLowerCase().includes(needle))
		.map((base) => ({ name: base.name, value: base.id, url: `https://airtable.com/${base.id}` }));
	return { results, paginationToken: body.offset };
}

/** listSearch methods every node that shows the base picker must register under `methods.listSearch`. */
export const airtableListSearch = { searchAirtableBases };
