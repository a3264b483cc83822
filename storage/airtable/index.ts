/** The Airtable backend of the storage interface; n8n-free, so it runs in nodes, tests and scripts alike. */
export { AirtableBase, type AirtableBaseOptions } from './airtableBase';
export { AirtableClient } from './client';
export { fetchTransport } from './fetchTransport';
export { DEFAULT_LIMITS, type AirtableLimits, type Logger, type Runtime } from './runtime';
export { checkBase, compareSchema, createMissing, type SchemaFinding } from './setup';
export { buildUrl, DEFAULT_ENDPOINT_URL, normalizeEndpoint, parseBody, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';
export { stringLiteral } from './formula';
