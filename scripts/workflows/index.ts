import { employerEvaluationWorkflow } from './employerEvaluation';
import { intakeWorkflow } from './intake';
import { remindersWorkflow } from './reminders';
import { vacancyMailingWorkflow } from './vacancyMailing';
import type { Workflow } from './builder';
import { careerGuidanceWorkflow } from './services/careerGuidance';
import { exitWorkflow } from './services/exit';
import { reentryWorkflow } from './services/reentry';
import { supportedEmploymentWorkflow } from './services/supportedEmployment';
import { temporaryEmploymentWorkflow } from './services/temporaryEmployment';
import { trainerWorkflow } from './services/trainer';
import { tutorWorkflow } from './services/tutor';

/** Every shipped workflow by its file name under workflows/. */
export function shippedWorkflows(): Record<string, Workflow> {
	return {
		'01-anketa-rekrutera.json': intakeWorkflow(),
		'07-otsenka-rabotodatelem.json': employerEvaluationWorkflow(),
		'08-napominaniya-o-kontrolnyh-tochkah.json': remindersWorkflow(),
		'09-rassylka-vakansiy-istochnikam.json': vacancyMailingWorkflow(),
		'02-tyutor-sotsialno-psihologicheskie-uslugi.json': tutorWorkflow(),
		'03-konsultant-proforientatsiya.json': careerGuidanceWorkflow(),
		'04-konsultant-vremennoe-trudoustroystvo.json': temporaryEmploymentWorkflow(),
		'05-trener-sotsialnaya-adaptatsiya.json': trainerWorkflow(),
		'06-konsultant-soprovozhdaemoe-trudoustroystvo.json': supportedEmploymentWorkflow(),
		'10-tochka-vyhoda.json': exitWorkflow(),
		'11-povtornoe-obrashchenie.json': reentryWorkflow(),
	};
}
