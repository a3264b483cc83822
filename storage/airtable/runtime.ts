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
	 * Minimum gap between two requests to one base, shared by every execution of this process. Airtable
	 * allows 5 requests per second per base; the default 220 ms keeps this process at about 4.5.
	 */
	minIntervalMs: number;
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
	minIntervalMs: 220,
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
 * Hands out request slots at least `minIntervalMs` apart. A 429 pushes the next slot past the penalty,
 * so every caller waiting on this base pauses, not only the one that met the 429.
 */
export class Pacer {
	private nextSlot = 0;
	private lastSent = Number.NEGATIVE_INFINITY;

	constructor(private readonly runtime: Runtime) {}

	async acquire(minIntervalMs: number): Promise<void> {
		const now = this.runtime.now();
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + minIntervalMs;
		if (slot > now) {
			await this.runtime.sleep(slot - now);
		}

		// A late wake-up on a busy event loop must not shorten the gap after the request actually sent last,
		// or six requests can land within one second and meet the 30-second lock-out.
		for (let wait = this.lastSent + minIntervalMs - this.runtime.now(); wait > 0; wait = this.lastSent + minIntervalMs - this.runtime.now()) {
			await this.runtime.sleep(wait);
		}
		this.lastSent = this.runtime.now();
		this.nextSlot = Math.max(this.nextSlot, this.lastSent + minIntervalMs);
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
