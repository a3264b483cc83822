/**
 * The HTTP seam of the Airtable backend. The backend never imports an HTTP client: nodes pass an adapter
 * over n8n's `httpRequestWithAuthentication`, tests and scripts pass one over global `fetch`.
 *
 * Why not bundle the `airtable` npm client: n8n's community-node rules forbid runtime dependencies, so it
 * would have to be bundled into every node file. Through n8n's helpers the request also uses n8n's proxy
 * settings, its credential store (the token never reaches this code) and its request logging. The
 * `airtable` client stays a dev dependency that checks the emulator against a real client.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
	method: HttpMethod;
	/** Absolute URL without the query string. */
	url: string;
	/** Query parameters in order; a key may repeat, as `fields[]` does. */
	query?: Array<[string, string]>;
	/** Sent as JSON. */
	body?: unknown;
	headers?: Record<string, string>;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string>;
	/** Parsed JSON, or the raw text when the body is not JSON. */
	body: unknown;
}

/**
 * Sends one request and resolves with any HTTP status, including 4xx and 5xx. It rejects only when no
 * response arrived (connection refused or dropped, timeout); the caller cannot tell then whether the
 * request was applied.
 */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** Joins a URL and its query; repeated keys stay repeated (`fields[]=A&fields[]=B`). */
export function buildUrl(url: string, query: Array<[string, string]> = []): string {
	if (query.length === 0) {
		return url;
	}
	return `${url}?${new URLSearchParams(query).toString()}`;
}

/** Parses a response body that should be JSON; an empty body is undefined and other text stays text. */
export function parseBody(text: string): unknown {
	if (text.trim() === '') {
		return undefined;
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Default address of the Airtable Web API. Credentials may point elsewhere (a proxy, the test emulator). */
export const DEFAULT_ENDPOINT_URL = 'https://api.airtable.com';

/** Removes trailing slashes and a trailing `/v0`, so both `https://api.airtable.com` and `…/v0` work. */
export function normalizeEndpoint(endpointUrl: string | undefined): string {
	const trimmed = (endpointUrl ?? '').trim();
	if (trimmed === '') {
		return DEFAULT_ENDPOINT_URL;
	}
	return trimmed.replace(/\/+$/, '').replace(/\/v0$/, '');
}
