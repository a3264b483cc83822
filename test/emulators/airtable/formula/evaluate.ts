import type { FormulaNode } from './ast';
import type { CallContext } from './functions';
import { FUNCTIONS } from './functions';
import type { FormulaValue } from './values';
import { FORMULA_ERROR, formulaCompare, formulaEquals, fromBoolean, toNumber, toText } from './values';

export interface EvaluationContext extends CallContext {
	/** Value of a field (by the name or id used in the formula) as formulas see it. */
	fieldValue(nameOrId: string): FormulaValue;
}

export function evaluateFormula(node: FormulaNode, context: EvaluationContext): FormulaValue {
	switch (node.kind) {
		case 'number':
			return node.value;
		case 'string':
			return node.value;
		case 'field':
			return context.fieldValue(node.name);
		case 'negate': {
			const operand = evaluateFormula(node.operand, context);
			return operand === FORMULA_ERROR ? FORMULA_ERROR : -toNumber(operand);
		}
		case 'call': {
			const args = node.args.map((arg) => evaluateFormula(arg, context));
			return FUNCTIONS[node.name].apply(args, context);
		}
		case 'binary': {
			const left = evaluateFormula(node.left, context);
			const right = evaluateFormula(node.right, context);
			if (left === FORMULA_ERROR || right === FORMULA_ERROR) return FORMULA_ERROR;
			switch (node.operator) {
				case '=':
					return fromBoolean(formulaEquals(left, right));
				case '!=':
					return fromBoolean(!formulaEquals(left, right));
				case '<':
					return fromBoolean(formulaCompare(left, right) < 0);
				case '>':
					return fromBoolean(formulaCompare(left, right) > 0);
				case '<=':
					return fromBoolean(formulaCompare(left, right) <= 0);
				case '>=':
					return fromBoolean(formulaCompare(left, right) >= 0);
				case '&':
					return toText(left) + toText(right);
				case '+':
					return toNumber(left) + toNumber(right);
				case '-':
					return toNumber(left) - toNumber(right);
				case '*':
					return toNumber(left) * toNumber(right);
				case '/':
					return toNumber(left) / toNumber(right);
				default:
					return FORMULA_ERROR;
			}
		}
		default:
			return FORMULA_ERROR;
	}
}
