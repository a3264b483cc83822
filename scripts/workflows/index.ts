import { employerEvaluationWorkflow } from './employerEvaluation';
import { intakeWorkflow } from './intake';
import { remindersWorkflow } from './reminders';
import { vacancyMailingWorkflow } from './vacancyMailing';
import type { Workflow } from './builder';

/** Every shipped workflow by its file name under workflows/. */
export function shippedWorkflows(): Record<string, Workflow> {
	return {
		'01-anketa-rekrutera.json': intakeWorkflow(),
		'07-otsenka-rabotodatelem.json': employerEvaluationWorkflow(),
		'08-napominaniya-o-kontrolnyh-tochkah.json': remindersWorkflow(),
		'09-rassylka-vakansiy-istochnikam.json': vacancyMailingWorkflow(),
	};
}
