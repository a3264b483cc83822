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
	if (isFlatObject(value)) {
		// Fast path for the common flat row: a copy with sorted keys keeps JSON.stringify on its fast path.
		const sorted: Record<string, unknown> = {};
		for (const key of Object.keys(value).sort()) {
			sorted[key] = value[key];
		}
		return JSON.stringify(sorted);
	}
	if (Array.isArray(value)) {
		return `[${value.map(canonicalJson).join(',')}]`;
	}
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as Record<string, unknown>)
			.sort()
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function isFlatObject(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return false;
	}
	for (const key in value as Record<string, unknown>) {
		const item = (value as Record<string, unknown>)[key];
		if (item !== null && typeof item === 'object') {
			return false;
		}
	}
	return true;
}
