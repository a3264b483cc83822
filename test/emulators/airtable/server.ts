import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate } from './auth';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { HandlerContext } from './context';
import { ApiError, errors, rateLimited } from './errors';
import { FaultController } from './faults';
import type { FaultAction, RequestInfo } from './faults';
import { IdGenerator } from './ids';
import { IteratorStore } from './listing';
import type { AirtableEmulatorOptions, TokenGrant } from './options';
import { ALL_SCOPES } from './options';
import { RateLimiter } from './rateLimit';
import { matchRoute } from './routes';
import { EmulatorState } from './state';
import { EmulatorStats } from './stats';

/** Token accepted when no `tokens` option is given; it has every scope and reaches every base. */
export const DEFAULT_TOKEN = 'patEmulatorToken01.0000000000000000000000000000000000000000000000000000000000000001';

export interface AirtableEmulator {
	/** Base URL to give clients as `endpointUrl`, e.g. `http://127.0.0.1:41234`. */
	url: string;
	port: number;
	state: EmulatorState;
	stats: EmulatorStats;
	faults: FaultController;
	clock: Clock;
	stop(): Promise<void>;
}

const METHODS_WITH_BODY = new Set(['POST', 'PATCH', 'PUT']);

/**
 * Airtable rejects request URLs longer than 16,000 characters (announced by the Airtable API team in
 * December 2022; the support article "URL length limitations for web API requests"). The rejection is a
 * 414 whose body is not an API error object: airtable.js reports it as UNEXPECTED_ERROR with status 414.
 */
const MAX_URL_LENGTH = 16_000;
const PUBLIC_ORIGIN = 'https://api.airtable.com';

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function parseJson(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw errors.badJson();
	}
}

function faultError(action: FaultAction & { type: 'status' }): ApiError {
	if (action.status === 500) return errors.serverError();
	if (action.status === 502) return errors.badGateway();
	return errors.serviceUnavailable();
}

/**
 * Starts a local emulator of the Airtable Web API on 127.0.0.1. It serves the records API (pagination,
 * formulas, typecast, upsert, validation errors) and the Meta API (bases, tables, fields). It checks
 * token scopes and enforces the per-base rate limit with its 30-second penalty and a plan record limit.
 * Faults can be injected per request.
 */
export async function startAirtableEmulator(options: AirtableEmulatorOptions = {}): Promise<AirtableEmulator> {
	const clock = options.clock ?? systemClock;
	const ids = new IdGenerator(options.seed);
	const state = new EmulatorState(ids, clock, options.recordLimitPerBase ?? Number.POSITIVE_INFINITY);
	for (const seed of options.bases ?? []) state.createBase(seed);

	const grants = new Map<string, TokenGrant>();
	for (const grant of options.tokens ?? [{ token: DEFAULT_TOKEN, scopes: ALL_SCOPES, bases: '*' as const }]) grants.set(grant.token, grant);

	const rateLimit = options.rateLimit ?? {};
	const rateLimitEnabled = rateLimit.enabled ?? true;
	const penaltyMs = (rateLimit.penaltySeconds ?? 30) * 1000;
	const baseLimiter = new RateLimiter(clock, rateLimit.requestsPerSecond ?? 5, penaltyMs);
	const tokenLimiter = new RateLimiter(clock, rateLimit.requestsPerSecondPerToken ?? 50, penaltyMs);

	const iterators = new IteratorStore(ids, clock, (options.iteratorTtlSeconds ?? 300) * 1000);
	const faults = new FaultController(() => iterators.expireAll());
	for (const rule of options.faults ?? []) faults.add(rule);
	const stats = new EmulatorStats();
	let sequence = 0;

	function send(response: ServerResponse, status: number, body: unknown): void {
		const text = JSON.stringify(body);
		stats.countStatus(status);
		response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
		response.end(text);
	}

	function drop(request: IncomingMessage): void {
		stats.countStatus(0);
		request.socket.destroy();
	}

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const method = (request.method ?? 'GET').toUpperCase();
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const route = matchRoute(method, url.pathname);
		sequence += 1;
		stats.countRequest(method, route?.kind ?? 'unknown');
		const info: RequestInfo = { method, path: url.pathname, kind: route?.kind ?? 'unknown', baseId: route?.params.baseId, sequence };
		if (PUBLIC_ORIGIN.length + (request.url ?? '').length > MAX_URL_LENGTH) {
			stats.countStatus(414);
			response.writeHead(414, { 'Content-Type': 'text/plain; charset=utf-8' });
			response.end('URI Too Long');
			return;
		}
		const hookedFault = options.onRequest?.(info);
		const fault = faults.match(info) ?? hookedFault;
		if (fault !== undefined) stats.faultsInjected += 1;
		if (fault?.type === 'dropBeforeApply') return drop(request);
		if (fault?.type === 'status') return send(response, fault.status, faultError(fault).body);
		if (fault?.type === 'expireIterator') iterators.expireAll();

		const bodyText = METHODS_WITH_BODY.has(method) ? await readBody(request) : '';
		if (route === undefined) return send(response, 404, errors.notFound().body);
		const grant = authenticate(request.headers, grants);
		if (rateLimitEnabled) {
			const baseAllowed = route.params.baseId === undefined || baseLimiter.allow(route.params.baseId);
			if (!baseAllowed || !tokenLimiter.allow(grant.token)) throw rateLimited(rateLimit.bodyStyle ?? 'errorsArray');
		}
		const context: HandlerContext = {
			method,
			params: route.params,
			query: url.searchParams,
			body: parseJson(bodyText),
			grant,
			state,
			iterators,
			stats,
			unknownTable: options.unknownTable ?? 'tableNotFound',
		};
		const result = route.handler(context);
		if (fault?.type === 'dropAfterApply') return drop(request);
		send(response, 200, result);
	}

	// Node refuses request lines over 16 KiB with a 431 by default; a larger header limit lets the emulator return the 414 that Airtable returns.
	const server = createServer({ maxHeaderSize: 128 * 1024 }, (request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (error instanceof ApiError) return send(response, error.status, error.body);
			// Unexpected emulator failures surface as a 500 that names the cause, for debugging tests.
			send(response, 500, { error: { type: 'EMULATOR_FAILURE', message: error instanceof Error ? error.message : String(error) } });
		});
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		state,
		stats,
		faults,
		clock,
		stop: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error === undefined ? resolve() : reject(error)));
				server.closeAllConnections();
			}),
	};
}
