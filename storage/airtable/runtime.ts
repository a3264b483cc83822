/** Time, logging and limits of the Airtable backend, injected so tests run on a virtual clock. */

export interface Runtime {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Waits the given milliseconds. Nodes pass n8n's `sleep`; tests pass one that moves a manual clock. */
	sleep(ms: number): Promise<void>;
	logger?: Logger;
}

/** The subset of n8n's logger the backend uses. Messages carry ids and statuses, never cell values. */
export interface Logger {
	warn(message: string, meta?: Record<string, unknown>): void;
	debug?(message: string, meta?: Record<string, unknown>): void;
}

export interface AirtableLimits {
	/**
	 * Step of the schedule of request slots to one base, shared by every execution of this process.
	 * Airtable allows 5 requests per second per base; the default 215 ms keeps this process at about 4.65.
	 */
	minIntervalMs: number;
	/**
	 * Shortest gap after the request actually sent last. A request that left late does not push the
	 * schedule back, so the next one may follow it closer than `minIntervalMs`, but never closer than this.
	 * With the defaults any six requests span at least 1,025 ms, so no second contains more than five.
	 */
	minGapMs: number;
	/** Pause after a 429: Airtable rejects every request to the base for 30 seconds after one. */
	rateLimitPenaltyMs: number;
	/** How many 429s in a row one request may meet before it fails. */
	maxRateLimitWaits: number;
	/** Retries of a request after a 5xx or a network failure. */
	maxRetries: number;
	/** First backoff after a 5xx or network failure; it doubles on each retry. */
	retryBaseDelayMs: number;
	/** Runs of a transaction's work after a version conflict. */
	maxTransactionAttempts: number;
	/**
	 * Longest URL of a GET listing. Airtable rejects URLs over 16,000 characters (414), so a longer
	 * listing is sent as POST .../listRecords with its parameters in the JSON body.
	 */
	maxUrlLength: number;
	/**
	 * Longest `filterByFormula` of one lookup by keys, in characters. NOTE: Airtable documents no limit
	 * for the formula in a POST listing's body; this cap is our estimate that keeps each request small.
	 */
	maxFormulaLength: number;
	/**
	 * Maximum number of keys in one lookup. A lookup pays one request per 100 records found, so bigger groups only
	 * save the requests of keys that do not exist yet (the check before a create).
	 */
	maxKeysPerLookup: number;
	/** Restarts of a listing whose `offset` expired (422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE). */
	maxListRestarts: number;
}

export const DEFAULT_LIMITS: AirtableLimits = {
	minIntervalMs: 215,
	minGapMs: 205,
	rateLimitPenaltyMs: 30_000,
	maxRateLimitWaits: 4,
	maxRetries: 4,
	retryBaseDelayMs: 1_000,
	maxTransactionAttempts: 4,
	maxUrlLength: 15_000,
	maxFormulaLength: 60_000,
	maxKeysPerLookup: 1_000,
	maxListRestarts: 3,
};

/** Serialises async work; used so that one process never runs two check-then-create sequences on one base at once. */
export class Mutex {
	private tail: Promise<void> = Promise.resolve();

	async run<T>(work: () => Promise<T>): Promise<T> {
		const previous = this.tail;
		let release!: () => void;
		this.tail = new Promise<void>((resolve) => (release = resolve));
		await previous;
		try {
			return await work();
		} finally {
			release();
		}
	}
}

/**
 * Hands out request slots on a schedule `intervalMs` apart. A slot that passed unused is not made up
 * later, and no request leaves within `minGapMs` of the previous one, so a busy event loop can delay
 * requests but never bunch them. A 429 pushes the next slot past the penalty, so every caller waiting
 * on this base pauses, not only the one that met the 429.
 */
export class Pacer {
	private nextSlot = 0;
	private lastSent = Number.NEGATIVE_INFINITY;

	constructor(private readonly runtime: Runtime) {}

	async acquire(intervalMs: number, minGapMs = intervalMs): Promise<void> {
		const gap = Math.min(minGapMs, intervalMs);
		const now = this.runtime.now();
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + intervalMs;
		if (slot > now) {
			await this.runtime.sleep(slot - now);
		}

		// Timers fire late on a busy event loop; the schedule absorbs that, and this floor keeps two late
		// requests from leaving back to back.
		for (let wait = this.lastSent + gap - this.runtime.now(); wait > 0; wait = this.lastSent + gap - this.runtime.now()) {
			await this.runtime.sleep(wait);
		}
		this.lastSent = this.runtime.now();
	}

	penalize(ms: number): void {
		this.nextSlot = Math.max(this.nextSlot, this.runtime.now() + ms);
	}
}

/** State that all executions of one process share for one Airtable base. */
export interface SharedBaseState {
	pacer: Pacer;
	/** Held by transactions and by writes, so check-then-create never interleaves within this process. */
	mutex: Mutex;
}

/**
 * One entry per endpoint and base, on globalThis because each node of the package is bundled on its own:
 * module-level state would not be shared between nodes, but the Airtable rate limit is.
 */
const REGISTRY_KEY = Symbol.for('n8n-nodes-employment-lifecycle.airtableBases');
type Registry = Map<string, SharedBaseState>;

function registry(): Registry {
	const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
	holder[REGISTRY_KEY] ??= new Map();
	return holder[REGISTRY_KEY];
}

export function sharedStateFor(endpointUrl: string, baseId: string, runtime: Runtime): SharedBaseState {
	const key = `${endpointUrl}/${baseId}`;
	let state = registry().get(key);
	if (!state) {
		state = { pacer: new Pacer(runtime), mutex: new Mutex() };
		registry().set(key, state);
	}
	return state;
}
