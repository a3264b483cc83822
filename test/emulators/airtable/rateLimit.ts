import type { Clock } from './clock';

interface Bucket {
	/** Times of the requests accepted within the last window. */
	accepted: number[];
	lockedUntil: number;
}

/**
 * Sliding one-second window per key (a base or a token). The request that goes over the limit and every
 * request to the same key during the penalty are rejected. NOTE: requests during the penalty do not
 * extend it; Airtable's documentation only says to wait 30 seconds.
 */
export class RateLimiter {
	private buckets = new Map<string, Bucket>();

	constructor(
		private readonly clock: Clock,
		private readonly requestsPerWindow: number,
		private readonly penaltyMs: number,
		private readonly windowMs = 1000,
	) {}

	/** Records a request for the key and returns whether it may proceed. */
	allow(key: string): boolean {
		const now = this.clock.now();
		let bucket = this.buckets.get(key);
		if (bucket === undefined) {
			bucket = { accepted: [], lockedUntil: 0 };
			this.buckets.set(key, bucket);
		}
		if (now < bucket.lockedUntil) return false;
		while (bucket.accepted.length > 0 && bucket.accepted[0] <= now - this.windowMs) bucket.accepted.shift();
		if (bucket.accepted.length >= this.requestsPerWindow) {
			bucket.lockedUntil = now + this.penaltyMs;
			bucket.accepted = [];
			return false;
		}
		bucket.accepted.push(now);
		return true;
	}

	/** Milliseconds left of the key's penalty, 0 when it is not locked. */
	remainingPenalty(key: string): number {
		const bucket = this.buckets.get(key);
		if (bucket === undefined) return 0;
		return Math.max(0, bucket.lockedUntil - this.clock.now());
	}

	reset(): void {
		this.buckets.clear();
	}
}
