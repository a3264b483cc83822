import { AirtableClient } from './client';

/** A field of an Airtable table as the Meta API describes it. */
export interface MetaField {
	id: string;
	name: string;
	type: string;
	options?: { choices?: Array<{ id?: string; name: string }>; linkedTableId?: string; [key: string]: unknown };
}

export interface MetaTable {
	id: string;
	name: string;
	primaryFieldId: string;
	fields: MetaField[];
}

/** Tables and fields of the base (GET /v0/meta/bases/{baseId}/tables; needs the schema.bases:read scope). */
export async function fetchSchema(client: AirtableClient): Promise<MetaTable[]> {
	const response = (await client.send({ method: 'GET', path: client.metaPath('tables') })) as { tables?: MetaTable[] };
	return response.tables ?? [];
}

/** Names of a select field's options. */
export function choiceNames(field: MetaField): string[] {
	return (field.options?.choices ?? []).map((choice) => choice.name);
}
