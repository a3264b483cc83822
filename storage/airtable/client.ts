import { AirtableApiError, AirtableUnavailableError, apiErrorOf } from './errors';
import { type AirtableLimits, type Runtime, type SharedBaseState } from './runtime';
import type { HttpMethod, HttpTransport } from './transport';

export interface ApiRequest {
	method: HttpMethod;
	/** Path under the endpoint, e.g. `/v0/appXXX/Кандидаты`; segments are encoded here. */
	path: string[];
	query?: Array<[string, string]>;
	body?: unknown;
}

/**
 * `retry`: the request is idempotent (reads, PATCH with full values), so a 5xx or a dropped connection
 * is retried here. `once`: a create, where a lost response may hide a write; the caller checks what
 * landed before it sends again. A 429 is always retried, because Airtable applies nothing it rejects.
 */
export type RetryPolicy = 'retry' | 'once';

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Sends Airtable API requests for one base. Requests are paced below the per-base rate limit together
 * with every other execution of this process. After a 429 the client waits out the 30-second penalty,
 * and it retries idempotent requests after server and network failures with exponential backoff.
 */
export class AirtableClient {
	constructor(
		private readonly transport: HttpTransport,
		readonly endpointUrl: string,
		readonly baseId: string,
		private readonly runtime: Runtime,
		private readonly shared: SharedBaseState,
		readonly limits: AirtableLimits,
	) {}

	/** Sends a request and returns the parsed body of a 2xx response; throws AirtableApiError or AirtableUnavailableError. */
	async send(request: ApiRequest, policy: RetryPolicy = 'retry'): Promise<unknown> {
		const url = `${this.endpointUrl}/${request.path.map(encodeURIComponent).join('/')}`;
		const label = `${request.method} ${request.path.slice(0, 3).join('/')}`;
		let rateLimitWaits = 0;
		let failures = 0;

		for (;;) {
			await this.shared.pacer.acquire(this.limits.minIntervalMs, this.limits.minGapMs);
			let status: number | undefined;
			let body: unknown;
			let failure: string | undefined;
			try {
				const response = await this.transport({ method: request.method, url, query: request.query, body: request.body });
				status = response.status;
				body = response.body;
			} catch (error) {
				failure = (error as Error)?.message ?? String(error);
			}

			if (status !== undefined && status >= 200 && status < 300) {
				return body;
			}
			if (status === 429) {
				rateLimitWaits += 1;
				if (rateLimitWaits > this.limits.maxRateLimitWaits) {
					throw apiErrorOf(429, body);
				}
				this.runtime.logger?.warn('Airtable rate limit reached; pausing requests to this base', {
					request: label,
					waitMs: this.limits.rateLimitPenaltyMs,
					attempt: rateLimitWaits,
				});
				this.shared.pacer.penalize(this.limits.rateLimitPenaltyMs);
				continue;
			}
			if (status !== undefined && !RETRYABLE_STATUSES.has(status)) {
				throw apiErrorOf(status, body);
			}

			// A 5xx or no response: the request may or may not have been applied.
			failures += 1;
			if (policy === 'once' || failures > this.limits.maxRetries) {
				throw new AirtableUnavailableError(status, failure ?? `HTTP ${status}`);
			}
			const delay = this.limits.retryBaseDelayMs * 2 ** (failures - 1);
			this.runtime.logger?.warn('Airtable request failed; retrying', { request: label, status: status ?? 'no response', attempt: failures, delayMs: delay });
			await this.runtime.sleep(delay);
		}
	}

	/** Length of the URL a request with this path and query gets, encoded as the transport encodes it. */
	urlLength(path: string[], query: ReadonlyArray<[string, string]> = []): number {
		const url = `${this.endpointUrl}/${path.map(encodeURIComponent).join('/')}`;
		const search = new URLSearchParams(query as Array<[string, string]>).toString();
		return url.length + (search ? search.length + 1 : 0);
	}

	/** Path of a table's records endpoint. */
	tablePath(tableName: string, ...rest: string[]): string[] {
		return ['v0', this.baseId, tableName, ...rest];
	}

	metaPath(...rest: string[]): string[] {
		return ['v0', 'meta', 'bases', this.baseId, ...rest];
	}
}

export function isApiError(error: unknown, type?: string): error is AirtableApiError {
	return error instanceof AirtableApiError && (type === undefined || error.type === type);
}
