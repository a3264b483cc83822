import { ALL_TABLES, type Column, type Table } from '../../schemas';
import { AirtableClient } from './client';
import { toStorageError } from './errors';
import { acceptedTypes, auditAcceptedTypes, auditFieldSpecs, type FieldSpec, fieldSpec, keyField, requiredOptions } from './mapping';
import { choiceNames, fetchSchema, type MetaField, type MetaTable } from './meta';

/**
 * Base setup: compares the base with the declared tables and creates what is missing through the Meta
 * API. Views cannot be created through the API; docs/ru/airtable.md lists the ones to add by hand.
 */

export type FindingKind = 'missingTable' | 'missingField' | 'wrongType' | 'wrongPrimaryField' | 'missingOption' | 'createdTable' | 'createdField';

export interface SchemaFinding {
	kind: FindingKind;
	/** Russian table name. */
	table: string;
	/** Russian field name, when the finding is about a field. */
	field?: string;
	/** One Russian line for the coordinator: what is wrong or what was done. */
	message: string;
	/** What to do, in Russian; empty for a change made by «Создать недостающее». */
	fix: string;
	/** Whether «Создать недостающее» can fix it (the API can add tables and fields, not change types or options). */
	fixable: boolean;
}

/** Russian names of Airtable field types, for findings. */
const TYPE_NAMES: Record<string, string> = {
	singleLineText: 'Однострочный текст',
	multilineText: 'Длинный текст',
	richText: 'Форматированный текст',
	phoneNumber: 'Телефон',
	email: 'Электронная почта',
	url: 'Ссылка',
	number: 'Число',
	date: 'Дата',
	dateTime: 'Дата и время',
	singleSelect: 'Один из списка',
	multipleSelects: 'Несколько из списка',
	multipleRecordLinks: 'Связь с другой таблицей',
	checkbox: 'Флажок',
};

function typeName(type: string): string {
	return TYPE_NAMES[type] ?? type;
}

const RUN_CREATE = 'Запустите «Создать недостающее».';

interface ExpectedField {
	spec: FieldSpec;
	accepted: string[];
	options: readonly string[];
	column?: Column;
}

function expectedFields(table: Table): ExpectedField[] {
	const fields: ExpectedField[] = Object.values(table.columns).map((column) => ({
		spec: fieldSpec(column),
		accepted: acceptedTypes(column),
		options: requiredOptions(column),
		column,
	}));
	for (const spec of auditFieldSpecs()) {
		fields.push({ spec, accepted: auditAcceptedTypes(spec), options: [] });
	}
	return fields;
}

/** Lists what the base lacks or has differently from the declared tables; an empty list means it matches. */
export function compareSchema(tables: readonly MetaTable[]): SchemaFinding[] {
	const findings: SchemaFinding[] = [];
	const byName = new Map(tables.map((table) => [table.name, table]));

	for (const table of ALL_TABLES) {
		const existing = byName.get(table.label);
		if (!existing) {
			findings.push({ kind: 'missingTable', table: table.label, message: `Нет таблицы «${table.label}».`, fix: RUN_CREATE, fixable: true });
			continue;
		}
		const primary = existing.fields.find((field) => field.id === existing.primaryFieldId);
		const keyName = keyField(table);
		if (primary && primary.name !== keyName) {
			findings.push({
				kind: 'wrongPrimaryField',
				table: table.label,
				field: primary.name,
				message: `Таблица «${table.label}»: первичное поле называется «${primary.name}», а должно быть «${keyName}».`,
				fix: `Переименуйте первичное поле в «${keyName}» (если такого поля нет) или сделайте поле «${keyName}» первичным.`,
				fixable: false,
			});
		}
		const fields = new Map(existing.fields.map((field) => [field.name, field]));
		for (const expected of expectedFields(table)) {
			findings.push(...compareField(table, fields.get(expected.spec.name), expected, byName));
		}
	}
	return findings;
}

function compareField(table: Table, field: MetaField | undefined, expected: ExpectedField, tablesByName: Map<string, MetaTable>): SchemaFinding[] {
	const name = expected.spec.name;
	if (!field) {
		return [
			{
				kind: 'missingField',
				table: table.label,
				field: name,
				message: `Таблица «${table.label}»: нет поля «${name}» (${typeName(expected.spec.type)}).`,
				fix: `Если поле переименовали, верните ему название «${name}». Иначе ${RUN_CREATE[0].toLowerCase()}${RUN_CREATE.slice(1)}`,
				fixable: true,
			},
		];
	}
	if (!expected.accepted.includes(field.type)) {
		return [
			{
				kind: 'wrongType',
				table: table.label,
				field: name,
				message: `Таблица «${table.label}»: поле «${name}» имеет тип «${typeName(field.type)}», а нужен «${typeName(expected.spec.type)}».`,
				fix: `Смените тип поля «${name}» в Airtable на «${typeName(expected.spec.type)}» (API Airtable не меняет типы полей).`,
				fixable: false,
			},
		];
	}
	const column = expected.column;
	if (column?.kind === 'link' && column.linkTo) {
		const linked = ALL_TABLES.find((candidate) => candidate.key === column.linkTo) as Table;
		const target = tablesByName.get(linked.label);
		if (target && field.options?.linkedTableId !== target.id) {
			return [
				{
					kind: 'wrongType',
					table: table.label,
					field: name,
					message: `Таблица «${table.label}»: поле «${name}» связано не с таблицей «${linked.label}».`,
					fix: `Настройте поле «${name}» как связь с таблицей «${linked.label}».`,
					fixable: false,
				},
			];
		}
	}
	const present = new Set(choiceNames(field));
	return expected.options
		.filter((option) => !present.has(option))
		.map((option) => ({
			kind: 'missingOption' as const,
			table: table.label,
			field: name,
			message: `Таблица «${table.label}»: в поле «${name}» нет варианта «${option}».`,
			fix: `Добавьте вариант «${option}» в настройках поля «${name}» (точно так же написанный).`,
			fixable: false,
		}));
}

/** Reads the base schema and compares it with the declared tables. */
export async function checkBase(client: AirtableClient): Promise<SchemaFinding[]> {
	try {
		return compareSchema(await fetchSchema(client));
	} catch (error) {
		throw toStorageError(error, { access: 'schema' });
	}
}

/**
 * Creates the missing tables and fields: tables first, in the declared order, with every field that is
 * not a link, and then the link fields, once every table they point to exists. Returns what it created
 * followed by what is still different (findings it cannot fix).
 */
export async function createMissing(client: AirtableClient): Promise<SchemaFinding[]> {
	const done: SchemaFinding[] = [];
	let tables: MetaTable[];
	try {
		tables = await fetchSchema(client);
	} catch (error) {
		throw toStorageError(error, { access: 'schema' });
	}
	const byName = new Map(tables.map((table) => [table.name, table]));

	for (const table of ALL_TABLES) {
		if (byName.has(table.label)) {
			continue;
		}
		const fields = expectedFields(table).filter((expected) => expected.column?.kind !== 'link');
		// The id column comes first, so it becomes the primary field.
		fields.sort((left, right) => Number(right.column?.kind === 'id') - Number(left.column?.kind === 'id'));
		const body = { name: table.label, description: table.description, fields: fields.map((expected) => expected.spec) };
		const created = (await send(client, { method: 'POST', path: client.metaPath('tables'), body }, table.label)) as MetaTable;
		byName.set(table.label, created);
		done.push({ kind: 'createdTable', table: table.label, message: `Создана таблица «${table.label}».`, fix: '', fixable: false });
	}

	for (const table of ALL_TABLES) {
		const existing = byName.get(table.label) as MetaTable;
		const present = new Set(existing.fields.map((field) => field.name));
		for (const expected of expectedFields(table)) {
			if (present.has(expected.spec.name)) {
				continue;
			}
			let spec = expected.spec;
			if (expected.column?.kind === 'link' && expected.column.linkTo) {
				const linked = ALL_TABLES.find((candidate) => candidate.key === expected.column?.linkTo) as Table;
				spec = fieldSpec(expected.column, byName.get(linked.label)?.id);
			}
			await send(client, { method: 'POST', path: client.metaPath('tables', existing.id, 'fields'), body: spec }, table.label, spec.name);
			present.add(spec.name);
			done.push({ kind: 'createdField', table: table.label, field: spec.name, message: `Таблица «${table.label}»: создано поле «${spec.name}» (${typeName(spec.type)}).`, fix: '', fixable: false });
		}
	}

	return [...done, ...(await checkBase(client))];
}

async function send(client: AirtableClient, request: Parameters<AirtableClient['send']>[0], table: string, field?: string): Promise<unknown> {
	try {
		// Schema writes are not repeated blindly: a lost response may hide a created table.
		return await client.send(request, 'once');
	} catch (error) {
		throw toStorageError(error, { table, field, access: 'schema' });
	}
}
