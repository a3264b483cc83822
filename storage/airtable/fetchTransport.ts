import { buildUrl, type HttpTransport, parseBody } from './transport';

/**
 * Creates a transport over Node's global `fetch`, for tests, benchmarks and scripts outside n8n. It adds
 * the personal access token as a Bearer header, as the n8n credential does inside n8n.
 */
export function fetchTransport(options: { token: string; timeoutMs?: number }): HttpTransport {
	return async (request) => {
		const headers: Record<string, string> = { Authorization: `Bearer ${options.token}`, ...request.headers };
		if (request.body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		const response = await fetch(buildUrl(request.url, request.query), {
			method: request.method,
			headers,
			body: request.body === undefined ? undefined : JSON.stringify(request.body),
			signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
		});
		const responseHeaders: Record<string, string> = {};
		response.headers.forEach((value, key) => {
			responseHeaders[key] = value;
		});
		return { status: response.status, headers: responseHeaders, body: parseBody(await response.text()) };
	};
}
