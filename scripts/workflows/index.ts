import { intakeWorkflow } from './intake';
import type { Workflow } from './builder';

/** Every shipped workflow by its file name under workflows/. */
export function shippedWorkflows(): Record<string, Workflow> {
	return {
		'01-anketa-rekrutera.json': intakeWorkflow(),
	};
}
