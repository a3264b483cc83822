export type BinaryOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | '&' | '+' | '-' | '*' | '/';

export type FormulaNode =
	| { kind: 'number'; value: number }
	| { kind: 'string'; value: string }
	| { kind: 'field'; name: string }
	| { kind: 'call'; name: string; args: FormulaNode[] }
	| { kind: 'binary'; operator: BinaryOperator; left: FormulaNode; right: FormulaNode }
	| { kind: 'negate'; operand: FormulaNode };

/** Returns the distinct field names or ids a formula refers to. */
export function collectFieldNames(node: FormulaNode, names = new Set<string>()): Set<string> {
	switch (node.kind) {
		case 'field':
			names.add(node.name);
			break;
		case 'call':
			for (const arg of node.args) collectFieldNames(arg, names);
			break;
		case 'binary':
			collectFieldNames(node.left, names);
			collectFieldNames(node.right, names);
			break;
		case 'negate':
			collectFieldNames(node.operand, names);
			break;
		default:
			break;
	}
	return names;
}
