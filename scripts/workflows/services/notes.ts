import type { WorkflowBuilder } from '../builder';

/** Gap between two sticky notes of a row, and between the notes and the first row of nodes. */
const GAP = 40;

export interface NoteSpec {
	content: string;
	width: number;
	height: number;
	color?: number;
}

/**
 * Places sticky notes side by side above the nodes, from `x` to the right, with their bottoms aligned
 * just above y = 0. Nodes placed at y ≥ 0 therefore never sit under one of these notes.
 */
export function addNoteRow(flow: WorkflowBuilder, x: number, notes: readonly NoteSpec[]): void {
	let left = x;
	for (const note of notes) {
		flow.note(note.content, [left, -GAP - note.height], [note.width, note.height], note.color ?? 7);
		left += note.width + GAP;
	}
}

/** Places sticky notes side by side below the nodes, from `top` down. */
export function addNoteRowBelow(flow: WorkflowBuilder, x: number, top: number, notes: readonly NoteSpec[]): void {
	let left = x;
	for (const note of notes) {
		flow.note(note.content, [left, top], [note.width, note.height], note.color ?? 7);
		left += note.width + GAP;
	}
}
