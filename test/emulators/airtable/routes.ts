import type { HandlerContext, RouteParams } from './context';
import type { RequestKind } from './faults';
import { handleCreateField, handleCreateTable, handleGetBaseSchema, handleListBases, handleUpdateField, handleUpdateTable, handleWhoami } from './metaApi';
import { handleCreate, handleDeleteMany, handleDeleteOne, handleGet, handleList, handleListPost, handleUpdateMany, handleUpdateOne } from './recordsApi';

export interface Route {
	kind: RequestKind;
	params: RouteParams;
	handler: (context: HandlerContext) => unknown;
}

type Handlers = Partial<Record<string, [RequestKind, (context: HandlerContext) => unknown]>>;

function pick(method: string, params: RouteParams, handlers: Handlers): Route | undefined {
	const entry = handlers[method];
	return entry === undefined ? undefined : { kind: entry[0], params, handler: entry[1] };
}

function decodeSegments(pathname: string): string[] | undefined {
	try {
		const segments = pathname.split('/').slice(1).map((segment) => decodeURIComponent(segment));
		if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
		return segments;
	} catch {
		return undefined;
	}
}

/** Matches a method and path to a handler; `undefined` becomes a 404 NOT_FOUND. */
export function matchRoute(method: string, pathname: string): Route | undefined {
	const segments = decodeSegments(pathname);
	if (segments === undefined || segments[0] !== 'v0' || segments.length < 2) return undefined;
	if (segments[1] === 'meta') return matchMetaRoute(method, segments.slice(2));
	const [, baseId, table, rest, ...extra] = segments;
	if (table === undefined || extra.length > 0) return undefined;
	if (rest === undefined) {
		return pick(method, { baseId, table }, {
			GET: ['listRecords', handleList],
			POST: ['createRecords', handleCreate],
			PATCH: ['updateRecords', handleUpdateMany],
			PUT: ['updateRecords', handleUpdateMany],
			DELETE: ['deleteRecords', handleDeleteMany],
		});
	}
	if (rest === 'listRecords') return pick(method, { baseId, table }, { POST: ['listRecords', handleListPost] });
	return pick(method, { baseId, table, recordId: rest }, {
		GET: ['getRecord', handleGet],
		PATCH: ['updateRecords', handleUpdateOne],
		PUT: ['updateRecords', handleUpdateOne],
		DELETE: ['deleteRecords', handleDeleteOne],
	});
}

function matchMetaRoute(method: string, segments: string[]): Route | undefined {
	if (segments.length === 1 && segments[0] === 'whoami') return pick(method, {}, { GET: ['whoami', handleWhoami] });
	if (segments[0] !== 'bases') return undefined;
	if (segments.length === 1) return pick(method, {}, { GET: ['listBases', handleListBases] });
	const [, baseId, tablesWord, table, fieldsWord, field, ...extra] = segments;
	if (tablesWord !== 'tables' || extra.length > 0) return undefined;
	if (table === undefined) {
		return pick(method, { baseId }, { GET: ['getBaseSchema', handleGetBaseSchema], POST: ['createTable', handleCreateTable] });
	}
	if (fieldsWord === undefined) return pick(method, { baseId, table }, { PATCH: ['updateTable', handleUpdateTable] });
	if (fieldsWord !== 'fields') return undefined;
	if (field === undefined) return pick(method, { baseId, table }, { POST: ['createField', handleCreateField] });
	return pick(method, { baseId, table, field }, { PATCH: ['updateField', handleUpdateField] });
}
