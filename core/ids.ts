import { createHash } from 'node:crypto';

/**
 * A stable record id derived from what makes the record unique. Writing the same thing twice (a retried
 * execution, a re-submitted form) yields the same id, so the base stores it once.
 */
export function stableId(prefix: string, ...parts: Array<string | number | boolean | null | undefined>): string {
	const hash = createHash('sha256');
	for (const part of parts) {
		hash.update(part === null || part === undefined ? '\u0000' : String(part));
		hash.update('\u0001');
	}
	return `${prefix}_${hash.digest('hex').slice(0, 20)}`;
}

/** JSON with object keys sorted, so equal objects hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
	if (isFlatObject(value)) {
		// Fast path for the common flat row: the replacer array both sorts and selects the keys.
		return JSON.stringify(value, Object.keys(value).sort());
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
