import type { Column } from '../../schemas';
import { NO, YES } from './mapping';

/**
 * Builders of `filterByFormula` text. Every value goes in as a double-quoted string literal with its
 * backslashes, double quotes and line breaks escaped, so no input can end the literal and change the
 * formula. A value with other control characters is not put into a formula at all; the caller filters
 * such rows itself.
 *
 * The formula only narrows what Airtable returns: the backend compares every returned row with the
 * filter again, so formula semantics (Airtable's `=` treats blank as 0 and "") cannot add wrong rows.
 */

// Control characters are what this pattern looks for, so the lint rule against them does not apply.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/;

/** Returns a string literal for a formula, or undefined when the text contains characters that cannot be escaped. */
export function stringLiteral(text: string): string | undefined {
	if (UNSAFE_CHARACTERS.test(text)) {
		return undefined;
	}
	const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
	return `"${escaped}"`;
}

/** Returns the field reference `{Name}`. Declared labels contain no braces, so a label with one is a schema bug. */
export function fieldReference(name: string): string {
	if (/[{}]/.test(name)) {
		throw new Error(`Field name with a brace cannot be referenced in a formula: ${name}`);
	}
	return `{${name}}`;
}

/**
 * Returns the formula for `column = value`, or undefined when the column is filtered only after reading.
 * Those columns are dates (Airtable compares dates by its own time zone rules), multiple selects and JSON.
 */
export function equalsFormula(column: Column, value: unknown): string | undefined {
	const field = fieldReference(column.label);
	if (value === null || value === undefined) {
		return `${field}=BLANK()`;
	}
	switch (column.kind) {
		case 'integer':
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? `${field}=${String(value)}` : undefined;
		case 'boolean':
			return `${field}=${stringLiteral(value ? YES : NO)}`;
		case 'link': {
			// A link reads as the linked records' primary values joined by ", ", so FIND keeps the row
			// even when a coordinator linked a second record by hand.
			const literal = stringLiteral(String(value));
			return literal === undefined ? undefined : `FIND(${literal},${field}&"")`;
		}
		case 'id':
		case 'text':
		case 'longText':
		case 'email':
		case 'phone':
		case 'choice': {
			const literal = stringLiteral(String(value));
			return literal === undefined ? undefined : `${field}=${literal}`;
		}
		default:
			return undefined;
	}
}

/** OR of the alternatives, or undefined when one of them cannot be expressed (then the filter is left to the reader). */
export function anyOf(parts: Array<string | undefined>): string | undefined {
	if (parts.some((part) => part === undefined)) {
		return undefined;
	}
	return parts.length === 1 ? parts[0] : `OR(${parts.join(',')})`;
}

export function allOf(parts: string[]): string | undefined {
	if (parts.length === 0) {
		return undefined;
	}
	return parts.length === 1 ? parts[0] : `AND(${parts.join(',')})`;
}

/**
 * Splits values into groups whose OR formula stays under `maxLength` characters, each of at most
 * `maxPerGroup` values. Long groups go out as POST listings, where the formula is not in the URL.
 */
export function chunkByFormulaLength(values: readonly string[], term: (value: string) => string, maxLength: number, maxPerGroup: number): string[][] {
	const groups: string[][] = [];
	let current: string[] = [];
	let length = 0;
	for (const value of values) {
		const size = term(value).length + 1;
		if (current.length > 0 && (length + size > maxLength || current.length >= maxPerGroup)) {
			groups.push(current);
			current = [];
			length = 0;
		}
		current.push(value);
		length += size;
	}
	if (current.length > 0) {
		groups.push(current);
	}
	return groups;
}
