/** Counters a benchmark reads after a run: requests by method and kind, statuses, 429s and records written. */
export class EmulatorStats {
	requests = 0;
	byMethod: Record<string, number> = {};
	byKind: Record<string, number> = {};
	byStatus: Record<string, number> = {};
	rateLimited = 0;
	faultsInjected = 0;
	recordsCreated = 0;
	recordsUpdated = 0;
	recordsDeleted = 0;
	/** Records returned by list and get requests. */
	recordsReturned = 0;

	/** Records created, updated or deleted through the API. */
	get recordsWritten(): number {
		return this.recordsCreated + this.recordsUpdated + this.recordsDeleted;
	}

	countRequest(method: string, kind: string): void {
		this.requests += 1;
		this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
		this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
	}

	countStatus(status: number): void {
		this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
		if (status === 429) this.rateLimited += 1;
	}

	reset(): void {
		this.requests = 0;
		this.byMethod = {};
		this.byKind = {};
		this.byStatus = {};
		this.rateLimited = 0;
		this.faultsInjected = 0;
		this.recordsCreated = 0;
		this.recordsUpdated = 0;
		this.recordsDeleted = 0;
		this.recordsReturned = 0;
	}

	/** Returns a plain copy for printing or comparing. */
	snapshot(): Record<string, unknown> {
		return {
			requests: this.requests,
			byMethod: { ...this.byMethod },
			byKind: { ...this.byKind },
			byStatus: { ...this.byStatus },
			rateLimited: this.rateLimited,
			faultsInjected: this.faultsInjected,
			recordsCreated: this.recordsCreated,
			recordsUpdated: this.recordsUpdated,
			recordsDeleted: this.recordsDeleted,
			recordsWritten: this.recordsWritten,
			recordsReturned: this.recordsReturned,
		};
	}
}
