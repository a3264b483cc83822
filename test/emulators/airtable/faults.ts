/** Request kinds the emulator routes; faults, stats and rate limits refer to them. */
export type RequestKind =
	| 'listRecords'
	| 'getRecord'
	| 'createRecords'
	| 'updateRecords'
	| 'deleteRecords'
	| 'whoami'
	| 'listBases'
	| 'getBaseSchema'
	| 'createTable'
	| 'updateTable'
	| 'createField'
	| 'updateField'
	| 'unknown';

export interface RequestInfo {
	method: string;
	path: string;
	kind: RequestKind;
	baseId?: string;
	/** 1-based count of requests the emulator has received. */
	sequence: number;
}

/**
 * A failure to inject. `dropBeforeApply` closes the connection without touching state, `dropAfterApply`
 * applies the request and then closes the connection without a response (the client cannot tell whether
 * the write happened), `status` answers with a 5xx body, and `expireIterator` makes the request's list
 * offset unknown, as when Airtable's iterator times out.
 */
export type FaultAction =
	| { type: 'status'; status: 500 | 502 | 503 }
	| { type: 'dropBeforeApply' }
	| { type: 'dropAfterApply' }
	| { type: 'expireIterator' };

export interface FaultRule {
	action: FaultAction;
	method?: string;
	kind?: RequestKind | RequestKind[];
	baseId?: string;
	/** 1-based position among the requests this rule matches, counted from when it was added; default 1. */
	nth?: number;
	/** How many consecutive matching requests from `nth` on get the fault; default 1. */
	times?: number;
}

interface ActiveRule {
	rule: FaultRule;
	seen: number;
}

/** Holds fault rules and picks the action, if any, for each incoming request. */
export class FaultController {
	private rules: ActiveRule[] = [];
	private expireIteratorsNow: () => void;

	constructor(expireIterators: () => void) {
		this.expireIteratorsNow = expireIterators;
	}

	add(rule: FaultRule): void {
		this.rules.push({ rule, seen: 0 });
	}

	clear(): void {
		this.rules = [];
	}

	/** Number of rules that have not fired all their times yet. */
	get pending(): number {
		return this.rules.length;
	}

	/** Makes every list offset handed out so far stop working. */
	expireIterators(): void {
		this.expireIteratorsNow();
	}

	/** Returns the action for this request and retires rules that have fired all their times. */
	match(request: RequestInfo): FaultAction | undefined {
		let chosen: FaultAction | undefined;
		for (const active of this.rules) {
			if (!matches(active.rule, request)) continue;
			active.seen += 1;
			const first = active.rule.nth ?? 1;
			const last = first + (active.rule.times ?? 1) - 1;
			if (chosen === undefined && active.seen >= first && active.seen <= last) chosen = active.rule.action;
		}
		this.rules = this.rules.filter((active) => active.seen < (active.rule.nth ?? 1) + (active.rule.times ?? 1) - 1);
		return chosen;
	}
}

function matches(rule: FaultRule, request: RequestInfo): boolean {
	if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) return false;
	if (rule.baseId !== undefined && rule.baseId !== request.baseId) return false;
	if (rule.kind !== undefined) {
		const kinds = Array.isArray(rule.kind) ? rule.kind : [rule.kind];
		if (!kinds.includes(request.kind)) return false;
	}
	return true;
}
