import type { EmulatorState } from './state';
import type { IteratorStore } from './listing';
import type { EmulatorStats } from './stats';
import type { TokenGrant } from './options';
import { errors } from './errors';
import type { BaseModel, TableModel } from './model';
import { findTable } from './model';

/** Path parts a route captured, already URL-decoded. */
export interface RouteParams {
	baseId?: string;
	table?: string;
	recordId?: string;
	field?: string;
}

/** Everything a route handler gets for one authenticated request. */
export interface HandlerContext {
	method: string;
	params: RouteParams;
	query: URLSearchParams;
	body: unknown;
	grant: TokenGrant;
	state: EmulatorState;
	iterators: IteratorStore;
	stats: EmulatorStats;
	unknownTable: 'tableNotFound' | 'modelNotFound';
}

/** Finds the table a data-API path names; an unknown table raises the error the `unknownTable` option selects. */
export function requireTable(context: HandlerContext, base: BaseModel): TableModel {
	const name = context.params.table as string;
	const table = findTable(base, name);
	if (table !== undefined) return table;
	if (context.unknownTable === 'modelNotFound') throw errors.modelNotFound();
	throw errors.tableNotFound(name, base.id);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
