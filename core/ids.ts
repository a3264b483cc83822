import * as crypto from 'node:crypto';

/**
 * A stable record id derived from what makes the record unique. Writing the same thing twice (a retried
 * execution, a re-submitted form) yields the same id, so the base stores it once.
 */
export function stableId(prefix: string, ...parts: Array<string | number | boolean | null | undefined>): string {
	// Each part is followed by a separator, so ("ab", "c") and ("a", "bc") hash differently.
	const text = parts.map((part) => `${part === null || part === undefined ? '\u0000' : String(part)}\u0001`).join('');
	return `${prefix}_${sha256Hex(text).slice(0, 20)}`;
}

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;

/** SHA-256 in hex; Node.js 21.7 and later have a one-shot `crypto.hash` that avoids a Hash object per call. */
function sha256Hex(text: string): string {
	const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
	if (oneShot) {
		return oneShot('sha256', text, 'hex');
	}
	return crypto.createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so equal objects hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		return `[${value.map(canonicalJson).join(',')}]`;
	}
	if (value !== null && typeof value === 'object') {
		return flatObjectJson(value as Record<string, unknown>) ?? nestedObjectJson(value as Record<string, unknown>);
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * Serialises the common flat row: a copy with sorted keys keeps JSON.stringify on its fast path. Returns
 * undefined when a value is an object or an array, which the nested path must sort in turn.
 */
function flatObjectJson(value: Record<string, unknown>): string | undefined {
	const sorted: Record<string, unknown> = {};
	for (const key of Object.keys(value).sort()) {
		const item = value[key];
		if (item !== null && typeof item === 'object') {
			return undefined;
		}
		sorted[key] = item;
	}
	return JSON.stringify(sorted);
}

function nestedObjectJson(value: Record<string, unknown>): string {
	const entries = Object.keys(value)
		.sort()
		.filter((key) => value[key] !== undefined)
		.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
	return `{${entries.join(',')}}`;
}
