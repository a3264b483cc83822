import type { Table } from '../../schemas';
import { AirtableClient } from './client';
import { choiceNames, fetchSchema } from './meta';

/**
 * Finds which select field of a rejected record lacks the option the record uses, by reading the base
 * schema. Returns undefined when the schema cannot be read (the token may lack schema.bases:read).
 */
export async function diagnoseChoiceError(client: AirtableClient, table: Table, fields: Record<string, unknown>): Promise<string | undefined> {
	try {
		const schema = await fetchSchema(client);
		const airtableTable = schema.find((candidate) => candidate.name === table.label);
		for (const field of airtableTable?.fields ?? []) {
			if (field.type !== 'singleSelect' && field.type !== 'multipleSelects') {
				continue;
			}
			const value = fields[field.name];
			let used: unknown[] = [];
			if (Array.isArray(value)) {
				used = value;
			} else if (value !== null && value !== undefined) {
				used = [value];
			}
			const options = new Set(choiceNames(field));
			if (used.some((option) => !options.has(String(option)))) {
				return field.name;
			}
		}
	} catch {
		// The field stays unnamed, and the message still names what to check.
	}
	return undefined;
}
