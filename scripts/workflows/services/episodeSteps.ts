/**
 * The episode part of a specialist's workflow: a Switch on the form's «Операция» field and one
 * «ТЖЦТ: эпизод услуги» node per operation, because the node's operation cannot come from an expression.
 * Form values reach the node's parameters through expressions, and each value is read only by the
 * operations that use it.
 */
import { EPISODE_OPERATION_LABELS, type EpisodeOperation } from '../../../core/operations/episodeRequest';
import type { ServiceNumber } from '../../../schemas';
import { PACKAGE, type Workflow, type WorkflowBuilder } from '../builder';
import type { FormQuestion } from '../forms';
import { addSwitch, COLUMN, connectExits, fieldText, type Exit, setNodeSettings } from './common';

/** Operations whose node shows the «Услуга» parameter that finds the open episode of the candidate. */
const WITH_SERVICE: readonly EpisodeOperation[] = ['start', 'complete', 'interrupt', 'refuse', 'violation', 'dismissal'];

/** Vertical distance between episode nodes: each has five outputs, so it is taller than an ordinary node. */
export const EPISODE_ROW = 300;

/** Outputs of the episode node, in its order. */
const OUTPUT = { done: 0, service5: 1, service2: 2, service1: 3, decision: 4 } as const;

/** The episode node's output «Нужно решение». */
export const EPISODE_DECISION_OUTPUT = OUTPUT.decision;

/** A form field and the episode parameter it fills for the listed operations. */
export interface EpisodeField {
	question: FormQuestion;
	operations: readonly EpisodeOperation[];
	/** Parameter of the episode node. Fields without one only appear in the form, like the operation itself. */
	parameter?: string;
	/** Parameters of the «Дополнительно» collection that the field fills as well. */
	options?: readonly string[];
	/** Expression for the parameter. By default the field value as text. */
	value?: string;
}

/** Sticky-note text on where a rejected step goes and where its answers are kept. */
export const REJECTED_STEP_NOTE =
	'Запись, которую правило не разрешает, не делается: ответ уходит в «Нужно решение специалиста» с объяснением в поле «error» и сохраняется в таблице «Отклоненные анкеты» с тем, что исправить. Конфиденциальные тексты (результат, описание, комментарий специалиста) туда не попадают: при исправлении их вводят заново.';

/** Returns «Для операций …» help text naming the operations that read a field. */
export function operationsHint(operations: readonly EpisodeOperation[], hint?: string): string {
	const names = operations.map((operation) => `«${EPISODE_OPERATION_LABELS[operation]}»`).join(', ');
	const prefix = operations.length === 1 ? `Для операции ${names}` : `Для операций ${names}`;
	return hint ? `${prefix}. ${hint}` : prefix;
}

/** Builds the parameters of the episode node for one operation from the fields that operation reads. */
function episodeParameters(service: ServiceNumber, operation: EpisodeOperation, fields: readonly EpisodeField[], dateField: string): Record<string, unknown> {
	const parameters: Record<string, unknown> = {
		backend: 'local',
		operation,
		keepRejected: true,
		episodeId: fieldText('Ключ эпизода'),
		candidateId: fieldText('Ключ кандидата'),
		date: fieldText(dateField),
	};
	if (WITH_SERVICE.includes(operation)) {
		parameters.service = service;
	}
	const options: Record<string, unknown> = {};
	for (const field of fields) {
		if (!field.operations.includes(operation)) {
			continue;
		}
		const value = field.value ?? fieldText(field.question.label);
		if (field.parameter) {
			parameters[field.parameter] = value;
		}
		for (const option of field.options ?? []) {
			options[option] = value;
		}
	}
	parameters.options = options;
	return parameters;
}

export interface EpisodeStepsSettings {
	service: ServiceNumber;
	operations: readonly EpisodeOperation[];
	fields: readonly EpisodeField[];
	/** Label of the form field that contains the operation. */
	operationField: string;
	/** Name of the Switch on the operation; default «Операция». */
	switchName?: string;
	/** Label of the form field that contains the date of the fact. */
	dateField: string;
	from: readonly Exit[];
	/** Position of the Switch; the episode nodes stand in the next column. */
	origin: [number, number];
	/** Extra cases of the Switch that skip the episode, each to its own step. */
	passThrough?: ReadonlyArray<{ value: string; to: string }>;
}

export interface EpisodeStepTargets {
	/** Where «Выполнено» goes: normally the «Следующая услуга» router. */
	done: string;
	/** Handover steps of services 5, 2 and 1, offered after a refusal or a dismissal. */
	handovers: Map<ServiceNumber, string>;
	decision: string;
}

/** Returns the names of the added episode nodes, to set their error handling after the build. */
export function addEpisodeSteps(flow: WorkflowBuilder, workflowId: string, settings: EpisodeStepsSettings): { switchName: string; episodeNodes: string[] } {
	const [x, y] = settings.origin;
	const cases = [
		...settings.operations.map((operation) => ({ value: EPISODE_OPERATION_LABELS[operation], output: EPISODE_OPERATION_LABELS[operation] })),
		...(settings.passThrough ?? []).map((entry) => ({ value: entry.value, output: entry.value })),
	];
	const switchName = addSwitch(flow, workflowId, settings.switchName ?? 'Операция', [x, y], settings.operationField, cases);
	connectExits(flow, settings.from, switchName);

	const episodeNodes = settings.operations.map((operation, index) => {
		const name = EPISODE_OPERATION_LABELS[operation];
		flow.add(name, `${PACKAGE}.lifecycleEpisode`, 1, [x + COLUMN, y + index * EPISODE_ROW], episodeParameters(settings.service, operation, settings.fields, settings.dateField));
		flow.connect(switchName, name, index);
		return name;
	});
	(settings.passThrough ?? []).forEach((entry, index) => flow.connect(switchName, entry.to, settings.operations.length + index));
	return { switchName, episodeNodes };
}

/** Connects the outputs of each episode node: done, the offered services 5, 2 and 1 (other than the workflow's own), and «Нужно решение». */
export function connectEpisodeOutputs(flow: WorkflowBuilder, service: ServiceNumber, episodeNodes: readonly string[], targets: EpisodeStepTargets): void {
	for (const node of episodeNodes) {
		flow.connect(node, targets.done, OUTPUT.done);
		for (const [offered, output] of [
			[5, OUTPUT.service5],
			[2, OUTPUT.service2],
			[1, OUTPUT.service1],
		] as const) {
			const handover = targets.handovers.get(offered);
			if (offered !== service && handover) {
				flow.connect(node, handover, output);
			}
		}
		flow.connect(node, targets.decision, OUTPUT.decision);
	}
}

/** Sends a request that the episode node rejects by a rule to «Нужно решение» instead of stopping the run. */
export function continueOnRuleErrors(workflow: Workflow, episodeNodes: readonly string[]): void {
	for (const name of episodeNodes) {
		setNodeSettings(workflow, name, { onError: 'continueRegularOutput' });
	}
}
