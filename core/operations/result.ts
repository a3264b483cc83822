/** Outcome of one input item of a batch operation: a batch never fails as a whole for one bad item. */
export type ItemResult<T> = { ok: true; value: T } | { ok: false; message: string; problems?: string[] };

export function failure(message: string, problems?: string[]): { ok: false; message: string; problems?: string[] } {
	return problems ? { ok: false, message, problems } : { ok: false, message };
}

/** A stored row without the audit metadata, as the domain rules read it. */
export function withoutMeta<T extends { _meta?: unknown }>(stored: T): Omit<T, '_meta'> {
	const row: Record<string, unknown> = { ...stored };
	delete row._meta;
	return row as Omit<T, '_meta'>;
}
