const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Id prefixes Airtable uses; every id is the prefix followed by 14 base-62 characters. */
export type IdPrefix = 'app' | 'tbl' | 'fld' | 'rec' | 'viw' | 'sel' | 'itr' | 'usr';

/**
 * Generates Airtable-shaped ids from a seeded PRNG (mulberry32), so two runs with the same seed and the
 * same requests produce the same ids.
 */
export class IdGenerator {
	private state: number;

	constructor(seed = 20240115) {
		this.state = seed >>> 0;
	}

	next(prefix: IdPrefix): string {
		let id = prefix;
		for (let i = 0; i < 14; i++) {
			id += ALPHABET[Math.floor(this.random() * ALPHABET.length)];
		}
		return id;
	}

	private random(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
}

/** Whether a string has the shape of an Airtable record id. */
export function isRecordId(value: string): boolean {
	return /^rec[A-Za-z0-9]{14}$/.test(value);
}
