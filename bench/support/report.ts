/** Prints the benchmark's table, ratios and targets. */
import type { Phase } from './measure';

/** Airtable's documented limit: 5 requests per second per base, at most 10 records per write request. */
export const LIMIT_RECORDS_PER_SECOND = 50;

function pad(text: string, width: number, right = false): string {
	return right ? text.padStart(width) : text.padEnd(width);
}

function fixed(value: number | undefined, digits = 1): string {
	return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** Prints one row per step: records, requests (writes and reads), 429s, wall time and records per second. */
export function printTable(phases: readonly Phase[]): void {
	const header = ['step', 'records', 'written', 'requests', 'writes', 'reads', '429s', 'wall s', 'rec/s', 'steady rec/s'];
	const rows = phases.map((phase) => [
		phase.label,
		String(phase.records),
		String(phase.written),
		String(phase.requests),
		String(phase.writeRequests),
		String(phase.readRequests),
		String(phase.rateLimited),
		fixed(phase.seconds),
		fixed(phase.written / phase.seconds),
		fixed(phase.steadyRate),
	]);
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column], column > 0)).join('  ');
	console.log(line(header));
	console.log(widths.map((width) => '-'.repeat(width)).join('  '));
	for (const row of rows) {
		console.log(line(row));
	}
	for (const phase of phases.filter((candidate) => candidate.error)) {
		console.log(`  ${phase.label} stopped: ${phase.error}`);
	}
}

/** Lists each step's requests by kind, e.g. `listRecords 20, createRecords 200`. */
export function printRequestKinds(phases: readonly Phase[]): void {
	for (const phase of phases) {
		const kinds = Object.entries(phase.byKind).map(([kind, count]) => `${kind} ${count}`);
		console.log(`  ${phase.label}: ${kinds.join(', ')}`);
	}
}

export interface TargetCheck {
	name: string;
	measured: string;
	target: string;
	met: boolean;
}

export function printTargets(checks: readonly TargetCheck[]): void {
	const width = Math.max(...checks.map((check) => check.name.length));
	for (const check of checks) {
		console.log(`${check.met ? 'met   ' : 'MISSED'}  ${pad(check.name, width)}  ${check.measured} (target ${check.target})`);
	}
}
