import { canReachBase, requireScope } from './auth';
import type { HandlerContext } from './context';
import { errors } from './errors';
import type { BaseModel, TableModel } from './model';
import { fieldSchema, findField, findTable, tableSchema } from './model';
import { createField, createTable, updateField, updateTable } from './schema';

/** User id whoami reports for a token that does not set one. */
export const DEFAULT_USER_ID = 'usrEmulatorUser01';

export function handleWhoami(context: HandlerContext): unknown {
	const result: Record<string, unknown> = { id: context.grant.userId ?? DEFAULT_USER_ID, scopes: [...context.grant.scopes] };
	if (context.grant.scopes.includes('user.email:read')) result.email = context.grant.email ?? 'emulator@example.invalid';
	return result;
}

export function handleListBases(context: HandlerContext): unknown {
	requireScope(context.grant, 'schema.bases:read');
	const bases = context.state.bases.filter((base) => canReachBase(context.grant, base.id));
	return { bases: bases.map((base) => ({ id: base.id, name: base.name, permissionLevel: base.permissionLevel })) };
}

/** Returns the base a meta request names. An unknown base id is the recorded bare 404, a base outside the token's access is 403. */
function metaBase(context: HandlerContext, write: boolean): BaseModel {
	requireScope(context.grant, write ? 'schema.bases:write' : 'schema.bases:read');
	const base = context.state.getBase(context.params.baseId as string);
	if (base === undefined) throw errors.notFound();
	if (!canReachBase(context.grant, base.id)) throw errors.modelNotFound();
	if (write && base.permissionLevel !== 'create') throw errors.invalidPermissions();
	return base;
}

function metaTable(context: HandlerContext, base: BaseModel): TableModel {
	const table = findTable(base, context.params.table as string);
	if (table === undefined) throw errors.modelNotFound();
	return table;
}

export function handleGetBaseSchema(context: HandlerContext): unknown {
	const base = metaBase(context, false);
	return { tables: base.tables.map(tableSchema) };
}

export function handleCreateTable(context: HandlerContext): unknown {
	const base = metaBase(context, true);
	const table = createTable(base, context.body, { ids: context.state.ids, viaApi: true });
	return tableSchema(table);
}

export function handleUpdateTable(context: HandlerContext): unknown {
	const base = metaBase(context, true);
	const table = metaTable(context, base);
	updateTable(base, table, context.body);
	return tableSchema(table);
}

export function handleCreateField(context: HandlerContext): unknown {
	const base = metaBase(context, true);
	const table = metaTable(context, base);
	return fieldSchema(createField(base, table, context.body, { ids: context.state.ids, viaApi: true }));
}

export function handleUpdateField(context: HandlerContext): unknown {
	const base = metaBase(context, true);
	const table = metaTable(context, base);
	const field = findField(table, context.params.field as string);
	if (field === undefined) throw errors.modelNotFound();
	updateField(table, field, context.body);
	return fieldSchema(field);
}
