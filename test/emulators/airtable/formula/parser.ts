import type { BinaryOperator, FormulaNode } from './ast';
import { FUNCTIONS } from './functions';
import { FormulaSyntaxError, INVALID_FORMULA_DETAIL, tokenize } from './lexer';
import type { Token } from './lexer';

/** Binary operators from the loosest to the tightest binding level. */
const LEVELS: BinaryOperator[][] = [['=', '!=', '<', '>', '<=', '>='], ['&'], ['+', '-'], ['*', '/']];

/**
 * Parses filterByFormula text into a tree. Raises FormulaSyntaxError for bad syntax, unknown functions
 * and wrong argument counts; field names are checked against the table by the caller.
 */
export function parseFormula(text: string): FormulaNode {
	const parser = new Parser(tokenize(text));
	const node = parser.parseExpression(0);
	parser.expectEnd();
	return node;
}

class Parser {
	private position = 0;

	constructor(private readonly tokens: Token[]) {}

	parseExpression(level: number): FormulaNode {
		if (level >= LEVELS.length) return this.parseUnary();
		let left = this.parseExpression(level + 1);
		for (;;) {
			const token = this.peek();
			if (token.type !== 'operator' || !LEVELS[level].includes(token.value as BinaryOperator)) return left;
			this.position += 1;
			const right = this.parseExpression(level + 1);
			left = { kind: 'binary', operator: token.value as BinaryOperator, left, right };
		}
	}

	expectEnd(): void {
		if (this.peek().type !== 'end') throw new FormulaSyntaxError(INVALID_FORMULA_DETAIL);
	}

	private parseUnary(): FormulaNode {
		const token = this.peek();
		if (token.type === 'operator' && (token.value === '-' || token.value === '+')) {
			this.position += 1;
			const operand = this.parseUnary();
			return token.value === '-' ? { kind: 'negate', operand } : operand;
		}
		return this.parsePrimary();
	}

	private parsePrimary(): FormulaNode {
		const token = this.next();
		switch (token.type) {
			case 'number':
				return { kind: 'number', value: token.value };
			case 'string':
				return { kind: 'string', value: token.value };
			case 'field':
				return { kind: 'field', name: token.value };
			case 'identifier':
				return this.peek().type === '(' ? this.parseCall(token.value) : { kind: 'field', name: token.value };
			case '(': {
				const inner = this.parseExpression(0);
				this.expect(')');
				return inner;
			}
			default:
				throw new FormulaSyntaxError(INVALID_FORMULA_DETAIL);
		}
	}

	private parseCall(rawName: string): FormulaNode {
		const name = rawName.toUpperCase();
		const definition = FUNCTIONS[name];
		if (definition === undefined) throw new FormulaSyntaxError(INVALID_FORMULA_DETAIL);
		this.expect('(');
		const args: FormulaNode[] = [];
		if (this.peek().type !== ')') {
			args.push(this.parseExpression(0));
			while (this.peek().type === ',') {
				this.position += 1;
				args.push(this.parseExpression(0));
			}
		}
		this.expect(')');
		if (args.length < definition.minArgs || args.length > definition.maxArgs) {
			throw new FormulaSyntaxError(INVALID_FORMULA_DETAIL);
		}
		return { kind: 'call', name, args };
	}

	private expect(type: '(' | ')'): void {
		if (this.next().type !== type) throw new FormulaSyntaxError(INVALID_FORMULA_DETAIL);
	}

	private peek(): Token {
		return this.tokens[this.position];
	}

	private next(): Token {
		const token = this.tokens[this.position];
		if (token.type !== 'end') this.position += 1;
		return token;
	}
}
