/**
 * Sends requests addressed to https://api.airtable.com to the local emulator instead. The address is
 * hard-coded in n8n's built-in Airtable node, so nock 14 intercepts those requests in this process. Each
 * one is forwarded to the emulator with its method, path, query, headers and body, and the emulator's
 * status, body and content type go back to the node.
 *
 * nock comes from the repository's node_modules: the benchmark bundle runs from a temporary folder, and
 * scripts/bench.mjs starts it with the repository as its working directory.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const AIRTABLE_ORIGIN = 'https://api.airtable.com';
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;

type ReplyCallback = (error: Error | null, reply?: [number, string, Record<string, string>]) => void;

interface NockInterceptor {
	reply(handler: (this: { req: { headers: Record<string, string | string[] | undefined> } }, uri: string, body: unknown, callback: ReplyCallback) => void): NockScope;
}

interface NockScope {
	persist(): NockScope;
	intercept(path: RegExp, method: string): NockInterceptor;
}

interface Nock {
	(origin: string): NockScope;
	cleanAll(): void;
	restore(): void;
	activate(): void;
	isActive(): boolean;
}

/** Headers forwarded from the intercepted request. The others (host, content length) describe the original connection. */
const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept', 'user-agent'];

function loadNock(): Nock {
	const requireFromRepository = createRequire(join(process.cwd(), 'package.json'));
	try {
		return requireFromRepository('nock') as Nock;
	} catch (error) {
		throw new Error(`nock was not found from ${process.cwd()}: run the benchmark from the repository root (${(error as Error).message})`);
	}
}

/** Starts forwarding; the returned function stops it and lets requests reach the network again. */
export function forwardAirtableTo(emulatorUrl: string): () => void {
	const nock = loadNock();
	if (!nock.isActive()) {
		nock.activate();
	}
	const scope = nock(AIRTABLE_ORIGIN).persist();
	for (const method of METHODS) {
		scope.intercept(/.*/, method).reply(function (uri, body, callback) {
			const headers: Record<string, string> = {};
			for (const name of FORWARDED_HEADERS) {
				const value = this.req.headers[name];
				if (value !== undefined) {
					headers[name] = Array.isArray(value) ? value.join(', ') : value;
				}
			}
			let text: string | undefined;
			if (typeof body === 'string') {
				text = body === '' ? undefined : body;
			} else if (body !== undefined) {
				text = JSON.stringify(body);
			}
			fetch(`${emulatorUrl}${uri}`, { method, headers, body: text })
				.then(async (response) => {
					const responseHeaders: Record<string, string> = {};
					response.headers.forEach((value, key) => {
						if (key === 'content-type') {
							responseHeaders[key] = value;
						}
					});
					callback(null, [response.status, await response.text(), responseHeaders]);
				})
				.catch((error: Error) => callback(error));
		});
	}
	return () => {
		nock.cleanAll();
		nock.restore();
	};
}
