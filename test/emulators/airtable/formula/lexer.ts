/** Raised for formula text Airtable would reject; `detail` completes INVALID_FILTER_BY_FORMULA's message. */
export class FormulaSyntaxError extends Error {
	constructor(readonly detail: string) {
		super(detail);
	}
}

export const INVALID_FORMULA_DETAIL = 'Invalid formula. Please check your formula text.';

export type Token =
	| { type: 'number'; value: number }
	| { type: 'string'; value: string }
	/** `{Field name}` */
	| { type: 'field'; value: string }
	/** A function name or a bare one-word field name. */
	| { type: 'identifier'; value: string }
	| { type: 'operator'; value: string }
	| { type: '(' | ')' | ',' | 'end' };

const OPERATORS = ['!=', '<=', '>=', '=', '<', '>', '&', '+', '-', '*', '/'];

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

/**
 * Splits formula text into tokens. Strings take single or double quotes with backslash escapes
 * (`\"`, `\'`, `\\`, `\n`, `\t`). Inside `{...}` a backslash escapes the next character, so `\}` is a
 * literal brace.
 */
export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const char = text[i];
		if (/\s/.test(char)) {
			i += 1;
			continue;
		}
		if (char === '"' || char === "'") {
			const [value, next] = readQuoted(text, i + 1, char);
			tokens.push({ type: 'string', value });
			i = next;
			continue;
		}
		if (char === '{') {
			const [value, next] = readQuoted(text, i + 1, '}', false);
			tokens.push({ type: 'field', value });
			i = next;
			continue;
		}
		if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
			const match = /^[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|^[0-9]+\.?/.exec(text.slice(i));
			if (match === null) throw new FormulaSyntaxError(INVALID_FORMULA_DETAIL);
			tokens.push({ type: 'number', value: Number(match[0]) });
			i += match[0].length;
			continue;
		}
		if (/[\p{L}_]/u.test(char)) {
			const match = /^[\p{L}\p{N}_]+/u.exec(text.slice(i));
			const word = match === null ? char : match[0];
			tokens.push({ type: 'identifier', value: word });
			i += word.length;
			continue;
		}
		if (char === '(' || char === ')' || char === ',') {
			tokens.push({ type: char });
			i += 1;
			continue;
		}
		const operator = OPERATORS.find((candidate) => text.startsWith(candidate, i));
		if (operator === undefined) throw new FormulaSyntaxError(INVALID_FORMULA_DETAIL);
		tokens.push({ type: 'operator', value: operator });
		i += operator.length;
	}
	tokens.push({ type: 'end' });
	return tokens;
}

/** Reads up to the closing character; returns the unescaped text and the index after the closer. */
function readQuoted(text: string, start: number, closer: string, namedEscapes = true): [string, number] {
	let value = '';
	let i = start;
	while (i < text.length) {
		const char = text[i];
		if (char === '\\') {
			const escaped = text[i + 1];
			if (escaped === undefined) break;
			value += namedEscapes ? (ESCAPES[escaped] ?? escaped) : escaped;
			i += 2;
			continue;
		}
		if (char === closer) return [value, i + 1];
		value += char;
		i += 1;
	}
	throw new FormulaSyntaxError(INVALID_FORMULA_DETAIL);
}
