import Airtable from 'airtable';
import type { BaseSeed } from './options';
import type { AirtableEmulator } from './server';
import { DEFAULT_TOKEN } from './server';

export const PEOPLE_BASE_ID = 'appEmulatorBase01';

/** Returns a base seed with most field types the emulator models, a link between two tables and a Cyrillic table. */
export function peopleBaseSeed(): BaseSeed {
	return {
		id: PEOPLE_BASE_ID,
		name: 'Emulator test base',
		tables: [
			{
				name: 'People',
				fields: [
					{ name: 'Name', type: 'singleLineText' },
					{ name: 'Age', type: 'number', options: { precision: 0 } },
					{ name: 'Score', type: 'number', options: { precision: 2 } },
					{ name: 'Active', type: 'checkbox' },
					{ name: 'Born', type: 'date' },
					{ name: 'Seen', type: 'dateTime' },
					{ name: 'Email', type: 'email' },
					{ name: 'Phone', type: 'phoneNumber' },
					{ name: 'Notes', type: 'multilineText' },
					{ name: 'Status', type: 'singleSelect', options: { choices: [{ name: 'Новый' }, { name: 'В работе' }] } },
					{ name: 'Tags', type: 'multipleSelects', options: { choices: [{ name: 'red' }, { name: 'blue' }] } },
					{ name: 'Team', type: 'multipleRecordLinks', options: { linkedTableId: 'Teams' } },
					{ name: 'Row', type: 'autoNumber' },
				],
			},
			{ name: 'Teams', fields: [{ name: 'Title', type: 'singleLineText' }], records: [{ Title: 'Alpha' }, { Title: 'Beta' }] },
			{ name: 'Кандидаты', fields: [{ name: 'ФИО', type: 'singleLineText' }, { name: 'Город', type: 'singleLineText' }] },
		],
	};
}

/** Creates the real airtable.js client for the emulator; it fails on a 429 instead of backing off unless `retryOn429`. */
export function clientFor(emulator: AirtableEmulator, apiKey = DEFAULT_TOKEN, retryOn429 = false): Airtable {
	return new Airtable({ apiKey, endpointUrl: emulator.url, noRetryIfRateLimited: !retryOn429, requestTimeout: 10_000 });
}

/** Sends a request with the default token and returns the status and parsed body. */
export async function call(
	emulator: AirtableEmulator,
	method: string,
	path: string,
	body?: unknown,
	token: string | null = DEFAULT_TOKEN,
): Promise<{ status: number; body: any }> {
	const headers: Record<string, string> = {};
	if (token !== null) headers.Authorization = `Bearer ${token}`;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await fetch(`${emulator.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await response.text();
	return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}
