import { z } from 'zod/v4';

/**
 * Column kinds of the base. Every backend maps each kind once: SQLite column affinity, Airtable field
 * type, Google Sheets cell format, n8n form field type.
 */
export type ColumnKind =
	| 'id'
	| 'text'
	| 'longText'
	| 'integer'
	| 'number'
	| 'date'
	| 'dateTime'
	| 'boolean'
	| 'choice'
	| 'choices'
	| 'link'
	| 'email'
	| 'phone'
	| 'json';

/** Privacy class of a column: what may never leave the base in logs, errors or reports. */
export type Privacy = 'none' | 'personal' | 'sensitive' | 'confidential';

export interface ColumnOptions {
	/** A value is expected on every write; the schema rejects a missing one. */
	required?: boolean;
	/** Russian help text shown in forms and node parameters. */
	hint?: string;
	/** Personal data (152-ФЗ): never logged; `sensitive` is health data, `confidential` is a psychologist's note. */
	privacy?: Privacy;
	/** Values other than `options` are accepted (an organisation may extend the list). */
	extensible?: boolean;
}

export interface Column<T = unknown> {
	kind: ColumnKind;
	/** Russian column name that users see in every base and form. */
	label: string;
	/** Allowed values of a choice column, in Russian, in display order. */
	options?: readonly string[];
	/** Table key of the linked table for a link column. */
	linkTo?: string;
	required: boolean;
	hint?: string;
	privacy: Privacy;
	extensible: boolean;
	/** Validator of one stored value; optional columns also accept null. */
	schema: z.ZodType<T>;
}

function makeColumn<T>(kind: ColumnKind, label: string, schema: z.ZodType<T>, options: ColumnOptions = {}, extra: Pick<Column, 'options' | 'linkTo'> = {}): Column<T> {
	return {
		kind,
		label,
		required: options.required ?? false,
		hint: options.hint,
		privacy: options.privacy ?? 'none',
		extensible: options.extensible ?? false,
		schema,
		...extra,
	};
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Calendar date as `YYYY-MM-DD`, the only date form stored in any base. */
export const isoDate = z.string().regex(ISO_DATE, 'Ожидается дата в формате ГГГГ-ММ-ДД');

/** A column whose `required` flag is known to the type system, so row types mark it non-optional. */
export type TypedColumn<T, O extends ColumnOptions | undefined> = Column<T> & {
	required: O extends { required: true } ? true : false;
};

function typed<T, O extends ColumnOptions | undefined>(col: Column<T>): TypedColumn<T, O> {
	return col as TypedColumn<T, O>;
}

export const column = {
	id: (label: string) => typed<string, { required: true }>(makeColumn('id', label, z.string().min(1), { required: true })),
	text: <const O extends ColumnOptions>(label: string, options?: O) => typed<string, O>(makeColumn('text', label, z.string(), options)),
	longText: <const O extends ColumnOptions>(label: string, options?: O) => typed<string, O>(makeColumn('longText', label, z.string(), options)),
	integer: <const O extends ColumnOptions>(label: string, options?: O) => typed<number, O>(makeColumn('integer', label, z.number().int(), options)),
	number: <const O extends ColumnOptions>(label: string, options?: O) => typed<number, O>(makeColumn('number', label, z.number(), options)),
	date: <const O extends ColumnOptions>(label: string, options?: O) => typed<string, O>(makeColumn('date', label, isoDate, options)),
	dateTime: <const O extends ColumnOptions>(label: string, options?: O) =>
		typed<string, O>(makeColumn('dateTime', label, z.string().datetime({ offset: true }), options)),
	boolean: <const O extends ColumnOptions>(label: string, options?: O) => typed<boolean, O>(makeColumn('boolean', label, z.boolean(), options)),
	email: <const O extends ColumnOptions>(label: string, options?: O) =>
		typed<string, O>(makeColumn('email', label, z.string().email('Неверный адрес электронной почты'), options)),
	phone: <const O extends ColumnOptions>(label: string, options?: O) =>
		typed<string, O>(makeColumn('phone', label, z.string().regex(/^\+\d{10,15}$/, 'Ожидается телефон в формате +79991234567'), options)),
	json: <const O extends ColumnOptions>(label: string, options?: O) => typed<unknown, O>(makeColumn('json', label, z.unknown(), options)),
	link: <const O extends ColumnOptions>(label: string, linkTo: string, options?: O) =>
		typed<string, O>(makeColumn('link', label, z.string().min(1), options, { linkTo })),
	choice: <const V extends readonly [string, ...string[]], const O extends ColumnOptions>(label: string, values: V, options?: O) => {
		type Value = O extends { extensible: true } ? string : V[number];
		const schema = options?.extensible ? z.string().min(1) : z.enum(values);
		return typed<Value, O>(makeColumn('choice', label, schema as unknown as z.ZodType<Value>, options, { options: values }));
	},
	choices: <const V extends readonly [string, ...string[]], const O extends ColumnOptions>(label: string, values: V, options?: O) => {
		const item = options?.extensible ? z.string().min(1) : z.enum(values);
		return typed<Array<V[number]>, O>(makeColumn('choices', label, z.array(item) as unknown as z.ZodType<Array<V[number]>>, options, { options: values }));
	},
};

export type Columns = Record<string, Column>;

/** Value type of one column as stored: optional columns may hold null. */
type ValueOf<C> = C extends Column<infer T> ? T : never;
type RequiredKeys<C extends Columns> = { [K in keyof C]: C[K]['required'] extends true ? K : never }[keyof C];

/** The record type derived from a table's columns (audit columns are added by the storage layer). */
export type RowOf<C extends Columns> = { [K in RequiredKeys<C>]: ValueOf<C[K]> } & {
	[K in Exclude<keyof C, RequiredKeys<C>>]?: ValueOf<C[K]> | null;
};

export interface Table<C extends Columns = Columns> {
	/** Stable English key used in code and as the SQLite table name. */
	key: string;
	/** Russian table name that users see. */
	label: string;
	/** Column whose value is the record's stable id. */
	idColumn: keyof C & string;
	/** Short Russian description for base setup and docs. */
	description: string;
	columns: C;
	/** Columns looked up by equality often enough to deserve an index. */
	indexes: Array<Array<keyof C & string>>;
	/** Validator of a whole record, derived from the columns. */
	zod: z.ZodObject;
}

export function defineTable<const C extends Columns>(definition: {
	key: string;
	label: string;
	idColumn: keyof C & string;
	description: string;
	columns: C;
	indexes?: Array<Array<keyof C & string>>;
}): Table<C> {
	const shape: Record<string, z.ZodType> = {};
	for (const [name, col] of Object.entries(definition.columns)) {
		shape[name] = col.required ? col.schema : col.schema.nullable().optional();
	}
	return {
		...definition,
		indexes: definition.indexes ?? [],
		zod: z.object(shape),
	};
}

