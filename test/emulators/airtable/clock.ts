/** Source of the current time in milliseconds since the epoch; tests inject a manual one. */
export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to, so tests can skip the 30-second rate-limit penalty. */
export class ManualClock implements Clock {
	private current: number;

	constructor(start: number | string = '2024-01-15T09:00:00.000Z') {
		this.current = typeof start === 'number' ? start : Date.parse(start);
	}

	now(): number {
		return this.current;
	}

	advance(ms: number): void {
		this.current += ms;
	}

	set(time: number | string): void {
		this.current = typeof time === 'number' ? time : Date.parse(time);
	}
}
