import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An Airtable personal access token for the ТЖЦТ nodes. The token needs the scopes data.records:read,
 * data.records:write, schema.bases:read and schema.bases:write and access to the organisation's base.
 */
export class LifecycleAirtableApi implements ICredentialType {
	name = 'lifecycleAirtableApi';

	displayName = 'Airtable (ТЖЦТ) API';

	icon = { light: 'file:lifecycleAirtable.svg', dark: 'file:lifecycleAirtable.dark.svg' } as const;

	documentationUrl = 'https://airtable.com/developers/web/guides/personal-access-tokens';

	properties: INodeProperties[] = [
		{
			displayName: 'Персональный токен доступа',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'patXXXXXXXXXXXXXX.XXXXXXXX',
			description:
				'Токен из https://airtable.com/create/tokens с правами data.records:read, data.records:write, schema.bases:read, schema.bases:write и доступом к базе организации',
		},
		{
			displayName: 'Адрес API',
			name: 'endpointUrl',
			type: 'string',
			default: 'https://api.airtable.com',
			description: 'Меняйте, только если запросы к Airtable идут через прокси организации или к тестовому серверу',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// axios joins baseURL and url without doubling the slash, so a trailing slash in the address is fine.
			baseURL: '={{$credentials.endpointUrl || "https://api.airtable.com"}}',
			url: '/v0/meta/whoami',
		},
	};
}
