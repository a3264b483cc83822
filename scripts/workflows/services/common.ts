/**
 * Building blocks shared by the service workflows: expressions over form fields, the form and batch
 * triggers, Switch and IF nodes, the handover steps to other services and the candidate lookup.
 */
import { candidates, SERVICE_NAMES, serviceName, type ServiceNumber } from '../../../schemas';
import { nodeId, PACKAGE, type Workflow, type WorkflowBuilder, type WorkflowNode } from '../builder';
import { formField, type FormQuestion } from '../forms';

/** Vertical distance between the tops of two ordinary nodes in one column. */
export const ROW = 180;
/** Horizontal distance between two columns of nodes. */
export const COLUMN = 280;

/** The specialist of each service in the dative case, as in «передать тьютору». */
const RECIPIENT: Record<ServiceNumber, string> = {
	1: 'тьютору',
	2: 'рекрутеру',
	3: 'консультанту',
	4: 'консультанту',
	5: 'тренеру',
	6: 'консультанту',
};

/** A node whose name starts like this hands a user over to service N; provider assembly replaces it. */
const HANDOVER_NAME = /^Услуга ([1-6]): /;

export const ALL_SERVICES: readonly ServiceNumber[] = [1, 2, 3, 4, 5, 6];

export const json = (field: string) => `$json[${JSON.stringify(field)}]`;

/** Expression for a text parameter read from an item field; a missing field gives an empty string. */
export const fieldText = (field: string) => `={{ ${json(field)} ?? "" }}`;

/** Expression for a boolean parameter: true when the form field is «Да». */
export const fieldYes = (field: string) => `={{ ${json(field)} === "Да" }}`;

/** Expression for a service parameter from a field holding a service name; 0 when the field names none. */
export const fieldService = (field: string) => `={{ ${JSON.stringify(SERVICE_NAMES)}.indexOf(${json(field)}) + 1 }}`;

/** Expression for a number parameter. The fallback replaces an empty or invalid value. */
export const fieldNumber = (field: string, fallback: number) => `={{ Number(${json(field)}) || ${fallback} }}`;

/** Expression for an options parameter whose Russian form choices map to internal values. */
export const fieldLookup = (field: string, values: Record<string, string>, fallback: string) => `={{ ${JSON.stringify(values)}[${json(field)}] ?? ${JSON.stringify(fallback)} }}`;

export function handoverName(service: ServiceNumber): string {
	return `Услуга ${service}: передать ${RECIPIENT[service]}`;
}

/** Returns the service a handover step passes the user to, or undefined for any other node. */
export function handoverServiceOf(node: Pick<WorkflowNode, 'name' | 'type'>): ServiceNumber | undefined {
	if (node.type !== 'n8n-nodes-base.noOp') {
		return undefined;
	}
	const match = HANDOVER_NAME.exec(node.name);
	return match ? (Number(match[1]) as ServiceNumber) : undefined;
}

/** Returns the questions that identify a candidate without a key: name, birth date and consent, labelled as the intake reads them. */
export function identityQuestions(): FormQuestion[] {
	const columns = candidates.columns;
	return [
		{ label: columns.lastName.label, kind: 'text' },
		{ label: columns.firstName.label, kind: 'text' },
		{ label: columns.middleName.label, kind: 'text' },
		{ label: columns.birthDate.label, kind: 'date' },
		{ label: columns.consent.label, kind: 'choice', options: ['Да', 'Нет'], hint: 'Нужно, только если человека еще нет в базе' },
	];
}

export interface FormSettings {
	title: string;
	description: string;
	path: string;
	button: string;
	submitted: string;
	questions: FormQuestion[];
}

/** Adds n8n's Form Trigger (version 2.3) with Russian texts; the webhook id derives from the workflow id. */
export function addForm(flow: WorkflowBuilder, workflowId: string, name: string, position: [number, number], form: FormSettings): string {
	return flow.add(
		name,
		'n8n-nodes-base.formTrigger',
		2.3,
		position,
		{
			formTitle: form.title,
			formDescription: form.description,
			formFields: { values: form.questions.map(formField) },
			options: {
				path: form.path,
				buttonLabel: form.button,
				appendAttribution: false,
				respondWithOptions: { values: { formSubmittedText: form.submitted } },
			},
		},
		{ webhookId: nodeId(workflowId, `${name}/webhook`) },
	);
}

/** Adds the entry for items from another workflow (a table import, a migration, a test) with the form's field names. */
export function addBatchTrigger(flow: WorkflowBuilder, position: [number, number], name = 'Из другого процесса'): string {
	return flow.add(name, 'n8n-nodes-base.executeWorkflowTrigger', 1.1, position, { inputSource: 'passthrough' });
}

function condition(id: string, field: string, operation: Record<string, unknown>, rightValue = '') {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
		conditions: [{ id, leftValue: `={{ ${json(field)} }}`, rightValue, operator: operation }],
		combinator: 'and',
	};
}

/** Adds a Switch (version 3.2) with one output per value of `field`, each output named after its case. */
export function addSwitch(
	flow: WorkflowBuilder,
	workflowId: string,
	name: string,
	position: [number, number],
	field: string,
	cases: ReadonlyArray<{ value: string; output: string }>,
): string {
	return flow.add(name, 'n8n-nodes-base.switch', 3.2, position, {
		rules: {
			values: cases.map((entry) => ({
				conditions: condition(nodeId(workflowId, `${name}/${entry.value}`), field, { type: 'string', operation: 'equals' }, entry.value),
				renameOutput: true,
				outputKey: entry.output,
			})),
		},
		options: {},
	});
}

/** Adds an IF (version 2.2): the first output takes items whose `field` is not empty, the second the rest. */
export function addFilledCheck(flow: WorkflowBuilder, workflowId: string, name: string, position: [number, number], field: string): string {
	return flow.add(name, 'n8n-nodes-base.if', 2.2, position, {
		conditions: condition(nodeId(workflowId, `${name}/${field}`), field, { type: 'string', operation: 'notEmpty', singleValue: true }),
		options: {},
	});
}

/** Adds a Set (version 3.4) that writes the given fields as text and keeps the other fields of the item. */
export function addSetFields(flow: WorkflowBuilder, workflowId: string, name: string, position: [number, number], fields: ReadonlyArray<{ name: string; value: string; type?: string }>): string {
	return flow.add(name, 'n8n-nodes-base.set', 3.4, position, {
		mode: 'manual',
		assignments: {
			assignments: fields.map((field) => ({ id: nodeId(workflowId, `${name}/${field.name}`), name: field.name, value: field.value, type: field.type ?? 'string' })),
		},
		includeOtherFields: true,
		options: {},
	});
}

export function addNoOp(flow: WorkflowBuilder, name: string, position: [number, number]): string {
	return flow.add(name, 'n8n-nodes-base.noOp', 1, position, {});
}

/** One output of a node, to connect to the next step. */
export interface Exit {
	node: string;
	output: number;
}

export function connectExits(flow: WorkflowBuilder, exits: readonly Exit[], to: string): void {
	for (const exit of exits) {
		flow.connect(exit.node, to, exit.output);
	}
}

/**
 * Adds the candidate lookup. An item with «Ключ кандидата» goes on. An item without one goes through
 * «ТЖЦТ: прием анкеты», which finds the person by name and birth date or adds them (with consent).
 * Returns the outputs that carry an item with a candidate key and the name of the step for rejected lookups.
 */
export function addCandidateLookup(flow: WorkflowBuilder, workflowId: string, from: readonly Exit[], origin: [number, number]): { exits: Exit[]; rejected: string } {
	const [x, y] = origin;
	const check = addFilledCheck(flow, workflowId, 'Ключ кандидата указан?', [x, y], 'Ключ кандидата');
	connectExits(flow, from, check);

	const intake = flow.add('Найти или добавить кандидата', `${PACKAGE}.lifecycleIntake`, 1, [x + COLUMN, y + ROW], { backend: 'local' });
	flow.connect(check, intake, 1);
	const rejected = addNoOp(flow, 'Кандидат не найден: исправить', [x + 2 * COLUMN, y + 2 * ROW]);
	flow.connect(intake, rejected, 1);

	return { exits: [{ node: check, output: 0 }, { node: intake, output: 0 }], rejected };
}

/** Adds one handover step per service in `services`, one below the other from `origin`. */
export function addHandovers(flow: WorkflowBuilder, services: readonly ServiceNumber[], origin: [number, number]): Map<ServiceNumber, string> {
	const steps = new Map<ServiceNumber, string>();
	services.forEach((service, index) => {
		steps.set(service, addNoOp(flow, handoverName(service), [origin[0], origin[1] + index * ROW]));
	});
	return steps;
}

/**
 * Adds «Следующая услуга»: a Switch on «Следующая рекомендованная услуга» (a service name, as the episode
 * node and the forms write it) with one output per handover step.
 */
export function addNextServiceRouter(flow: WorkflowBuilder, workflowId: string, position: [number, number], handovers: Map<ServiceNumber, string>): string {
	const services = [...handovers.keys()];
	const router = addSwitch(
		flow,
		workflowId,
		'Следующая услуга',
		position,
		'Следующая рекомендованная услуга',
		services.map((service) => ({ value: serviceName(service), output: `${service}. ${serviceName(service)}` })),
	);
	services.forEach((service, index) => flow.connect(router, handovers.get(service) as string, index));
	return router;
}

/** Sets n8n node settings (error handling, retries) that live beside the parameters. */
export function setNodeSettings(workflow: Workflow, name: string, settings: Partial<WorkflowNode> & Record<string, unknown>): void {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) {
		throw new Error(`workflow ${workflow.id} has no node "${name}"`);
	}
	Object.assign(node, settings);
}

/** Choices of a yes/no form field. */
export const YES_NO = ['Да', 'Нет'] as const;
