import type { Clock } from './clock';
import type { RateLimitBodyStyle } from './errors';
import type { FaultRule, RequestInfo, FaultAction } from './faults';

export type Scope = 'data.records:read' | 'data.records:write' | 'schema.bases:read' | 'schema.bases:write' | 'user.email:read';

export const ALL_SCOPES: Scope[] = ['data.records:read', 'data.records:write', 'schema.bases:read', 'schema.bases:write', 'user.email:read'];

/** A personal access token the emulator accepts, with its scopes and the bases it may reach. */
export interface TokenGrant {
	token: string;
	scopes: Scope[];
	/** Base ids the token may reach, or `'*'` for every base. */
	bases: string[] | '*';
	userId?: string;
	email?: string;
}

export interface FieldSeed {
	id?: string;
	name: string;
	type: string;
	description?: string;
	/** For `multipleRecordLinks`, `linkedTableId` may name a table of the same seed by its name. */
	options?: Record<string, unknown>;
}

export interface TableSeed {
	id?: string;
	name: string;
	description?: string;
	/** The first field is the primary field. */
	fields: FieldSeed[];
	/** Extra view names; every table has a grid view named "Grid view". */
	views?: string[];
	/** Rows keyed by field name or id, written with typecast. */
	records?: Array<Record<string, unknown>>;
}

export interface BaseSeed {
	id?: string;
	name: string;
	tables?: TableSeed[];
}

export interface RateLimitOptions {
	/** Default true. */
	enabled?: boolean;
	/** Requests per second allowed per base; Airtable documents 5. */
	requestsPerSecond?: number;
	/** Requests per second allowed per token across bases; Airtable documents 50. */
	requestsPerSecondPerToken?: number;
	/** How long every request to a base is rejected after it went over the limit; Airtable documents 30. */
	penaltySeconds?: number;
	bodyStyle?: RateLimitBodyStyle;
}

export interface AirtableEmulatorOptions {
	/** Default 0, an ephemeral port on 127.0.0.1. */
	port?: number;
	clock?: Clock;
	/** Seed of the id generator, so ids repeat across runs. */
	seed?: number;
	/** Defaults to one token, DEFAULT_TOKEN, with every scope and every base. */
	tokens?: TokenGrant[];
	bases?: BaseSeed[];
	rateLimit?: RateLimitOptions;
	/** Plan limit on records per base, as Airtable's plans set one; unlimited by default. */
	recordLimitPerBase?: number;
	/** Idle time after which a list offset stops working. NOTE: Airtable documents no figure; 5 minutes is an estimate. */
	iteratorTtlSeconds?: number;
	/**
	 * Response to an unknown table: `tableNotFound` is the 404 TABLE_NOT_FOUND of the recorded responses,
	 * `modelNotFound` the 403 that personal access tokens get today.
	 */
	unknownTable?: 'tableNotFound' | 'modelNotFound';
	faults?: FaultRule[];
	/** Called for every request; a returned action is injected unless a fault rule matched first. */
	onRequest?: (request: RequestInfo) => FaultAction | undefined;
}
