/**
 * Assembles one provider's set of workflows from the shipped ones. The set has only the workflows of the
 * services the organisation runs, with its base, time zone, portrait extensions, names, ids and form
 * addresses. Every handover step becomes a letter to its own specialist or to the partner that runs the
 * service.
 */
import { KIND_LABELS } from '../../core/checkpointRecords';
import type { CheckpointKind } from '../../core/checkpoints';
import { CATEGORIES, type ServiceNumber } from '../../schemas';
import { nodeId, PACKAGE, type Workflow, type WorkflowNode } from '../workflows/builder';
import { EMPLOYER_EVALUATION_WORKFLOW_ID } from '../workflows/employerEvaluation';
import { shippedWorkflows } from '../workflows/index';
import { INTAKE_WORKFLOW_ID } from '../workflows/intake';
import { HANDOVER_FAILED } from '../workflows/intakeOutcome';
import { REMINDERS_WORKFLOW_ID } from '../workflows/reminders';
import { CAREER_GUIDANCE_WORKFLOW_ID } from '../workflows/services/careerGuidance';
import { COLUMN, handoverServiceOf, ROW } from '../workflows/services/common';
import { EXIT_WORKFLOW_ID } from '../workflows/services/exit';
import { REENTRY_WORKFLOW_ID } from '../workflows/services/reentry';
import { SUPPORTED_EMPLOYMENT_WORKFLOW_ID } from '../workflows/services/supportedEmployment';
import { TEMPORARY_EMPLOYMENT_WORKFLOW_ID } from '../workflows/services/temporaryEmployment';
import { TRAINER_WORKFLOW_ID } from '../workflows/services/trainer';
import { TUTOR_WORKFLOW_ID } from '../workflows/services/tutor';
import { VACANCY_MAILING_WORKFLOW_ID } from '../workflows/vacancyMailing';
import type { ProviderConfig } from './config';
import { partnerLetter, specialistLetter, type LetterSettings } from './handover';
import { defaultFormPrefix, providerCredentialId, providerWorkflowId } from './ids';

/** The credential type of the package's Airtable nodes. */
export const AIRTABLE_CREDENTIAL_TYPE = 'lifecycleAirtableApi';

/**
 * The services that bring each shipped workflow into a provider's set: the workflow is included when the
 * organisation runs any of them. Data of a partner's service lives with the partner, so, for example, the
 * exit clock needs the provider's own supported employment.
 */
export const WORKFLOW_SERVICES: Readonly<Record<string, readonly ServiceNumber[]>> = {
	[INTAKE_WORKFLOW_ID]: [2],
	[TUTOR_WORKFLOW_ID]: [1],
	[CAREER_GUIDANCE_WORKFLOW_ID]: [3],
	[TEMPORARY_EMPLOYMENT_WORKFLOW_ID]: [4],
	[TRAINER_WORKFLOW_ID]: [5],
	[SUPPORTED_EMPLOYMENT_WORKFLOW_ID]: [6],
	[EMPLOYER_EVALUATION_WORKFLOW_ID]: [4, 6],
	[REMINDERS_WORKFLOW_ID]: [3, 4, 6],
	[VACANCY_MAILING_WORKFLOW_ID]: [2],
	[EXIT_WORKFLOW_ID]: [6],
	[REENTRY_WORKFLOW_ID]: [2],
};

/** A node of the assembled JSON: n8n's node settings beside the builder's fields. */
type AssembledNode = WorkflowNode & {
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
};

export interface Assembly {
	/** Workflows by file name, ready for `n8n import:workflow`. */
	workflows: Record<string, Workflow>;
	/** Shipped workflows left out, by file name, with the services that would bring them in. */
	skipped: Record<string, readonly ServiceNumber[]>;
	/** Handover steps by workflow file: service → «own» or the partner's name. */
	handovers: Record<string, Array<{ service: ServiceNumber; to: string }>>;
}

interface Context {
	config: ProviderConfig;
	formPrefix: string;
	smtp: { id: string; name: string };
	airtable?: { id: string; name: string };
	/** Shipped workflow id → provider workflow id. */
	ids: Map<string, string>;
	/** True when the set has the exit workflow, which takes every exit-check checkpoint. */
	exitClaimsExitChecks: boolean;
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function isPackageNode(node: WorkflowNode): boolean {
	return node.type.startsWith(`${PACKAGE}.`);
}

/** Categories the organisation added to the portrait: «extraCategories» and any category beyond the methodology's three. */
export function extraCategories(portrait: Record<string, unknown> | undefined): string[] {
	const listed = [...((portrait?.categories as string[] | undefined) ?? []), ...((portrait?.extraCategories as string[] | undefined) ?? [])];
	return [...new Set(listed.filter((category) => !(CATEGORIES as readonly string[]).includes(category)))];
}

/** Points a package node at the provider's base: backend first, then the local file or the Airtable base and credential. */
function applyBase(node: AssembledNode, context: Context): void {
	const { backend: _backend, localPath: _localPath, airtableBase: _airtableBase, ...rest } = node.parameters;
	const base = context.config.base;
	const credentials = { ...(node.credentials ?? {}) };
	delete credentials[AIRTABLE_CREDENTIAL_TYPE];

	if (base.backend === 'local') {
		node.parameters = { backend: 'local', ...(base.path ? { localPath: base.path } : {}), ...rest };
	} else {
		node.parameters = { backend: 'airtable', airtableBase: { __rl: true, mode: 'id', value: base.baseId }, ...rest };
		credentials[AIRTABLE_CREDENTIAL_TYPE] = context.airtable as { id: string; name: string };
	}

	if (Object.keys(credentials).length > 0) {
		node.credentials = credentials;
	} else {
		delete node.credentials;
	}
}

/** Applies the provider's settings to a package node: base, time zone, work calendar, portrait extensions, checkpoint kinds. */
function applyPackageSettings(node: AssembledNode, context: Context): void {
	applyBase(node, context);
	const { config } = context;
	const type = node.type.slice(PACKAGE.length + 1);

	if ('timeZone' in node.parameters) {
		node.parameters.timeZone = config.timeZone;
	}
	if (type === 'lifecycleCheckpointTrigger' && config.workCalendar.nonWorkingDays.length > 0) {
		node.parameters.nonWorkingDays = config.workCalendar.nonWorkingDays.join(', ');
	}
	if (type === 'lifecycleCheckpointTrigger' && config.workCalendar.workingDays.length > 0) {
		node.parameters.workingDays = config.workCalendar.workingDays.join(', ');
	}
	if (type === 'lifecycleEligibility' && config.portrait) {
		node.parameters.rules = JSON.stringify(config.portrait, null, 2);
	}
	if (type === 'lifecycleIntake') {
		const extra = extraCategories(config.portrait);
		if (extra.length > 0) {
			node.parameters.extraCategories = extra.join(', ');
		}
	}
	if (type === 'lifecycleCheckpointTrigger' && node.name === 'Контрольные точки' && !context.exitClaimsExitChecks) {
		// The shipped reminders leave exit checks to the exit workflow; a set without that workflow lets the
		// reminders take every kind, so exit checks still reach a person.
		node.parameters.kinds = [];
	}
	if (type === 'lifecycleCheckpointTrigger' && context.exitClaimsExitChecks) {
		const kinds = (node.parameters.kinds as CheckpointKind[] | undefined) ?? [];
		// Each checkpoint is claimed by the first workflow that polls it, so only the exit workflow takes exit checks.
		if (kinds.length === 0) {
			node.parameters.kinds = (Object.keys(KIND_LABELS) as CheckpointKind[]).filter((kind) => kind !== 'exitCheck');
		}
	}
}

/** Form addresses get the provider's prefix, so two providers' forms never share an address. */
function applyFormAddress(node: AssembledNode, workflowId: string, context: Context, renamedPaths: Map<string, string>): void {
	const options = (node.parameters.options ?? {}) as Record<string, unknown>;
	const path = typeof options.path === 'string' && options.path !== '' ? options.path : node.name;
	const prefixed = `${context.formPrefix}-${path}`;
	renamedPaths.set(path, prefixed);
	node.parameters.options = { ...options, path: prefixed };
	node.webhookId = nodeId(workflowId, `${node.name}/webhook`);
}

/** Sets the values of the shipped settings nodes («Настройки организации», «Настройки рассылки») that the config provides. */
function applySettingsNode(node: AssembledNode, context: Context): void {
	const { config } = context;
	const known: Record<string, string> = {
		'Адрес отправителя': config.mail.sender,
		'Адрес руководителя': config.mail.manager,
		'Название организации': config.organisation,
	};
	const recruiters = config.specialists.get(2);
	if (recruiters) {
		known['Контакты рекрутера'] = recruiters.join(', ');
	}
	const assignments = ((node.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments ?? []) as Array<{ name: string; value: unknown }>;
	for (const assignment of assignments) {
		if (assignment.name in known) {
			assignment.value = known[assignment.name];
		}
	}
}

/** Replaces a node, keeping its place in the connections under the new node's name. */
function replaceNode(workflow: Workflow, old: WorkflowNode, replacement: WorkflowNode): void {
	workflow.nodes[workflow.nodes.indexOf(old)] = replacement;
	if (old.name === replacement.name) {
		return;
	}
	for (const outputs of Object.values(workflow.connections)) {
		for (const targets of outputs.main) {
			for (const target of targets) {
				if (target.node === old.name) {
					target.node = replacement.name;
				}
			}
		}
	}
	if (workflow.connections[old.name]) {
		workflow.connections[replacement.name] = workflow.connections[old.name];
		delete workflow.connections[old.name];
	}
}

/**
 * Turns each handover step into a letter: to the partner of a partner's service («Передать партнеру»),
 * otherwise to the organisation's specialists of the service. Letters that fail go to the step
 * «Письмо не отправлено: передать вручную», which marks the item and continues where a sent letter
 * goes, so a form run still ends on its outcome page. Letters with different next nodes get one such
 * step each, named with their services.
 */
function applyHandovers(workflow: Workflow, context: Context): Array<{ service: ServiceNumber; to: string }> {
	const { config } = context;
	const letters: LetterSettings = { organisation: config.organisation, sender: config.mail.sender, workflowName: workflow.name, smtp: context.smtp };
	const done: Array<{ service: ServiceNumber; to: string }> = [];
	const mails: Array<{ node: WorkflowNode; service: ServiceNumber }> = [];

	for (const node of [...workflow.nodes]) {
		const service = handoverServiceOf(node);
		if (!service) {
			continue;
		}
		const partner = config.partners.get(service);
		const letter = partner ? partnerLetter(service, partner, node.position, letters) : specialistLetter(node.name, service, config.specialists.get(service) ?? [], node.position, letters);
		replaceNode(workflow, node, letter);
		mails.push({ node: letter, service });
		done.push({ service, to: partner ? partner.name : 'own' });
	}

	const groups = new Map<string, Array<{ node: WorkflowNode; service: ServiceNumber }>>();
	for (const mail of mails) {
		const next = JSON.stringify(workflow.connections[mail.node.name]?.main[0] ?? []);
		groups.set(next, [...(groups.get(next) ?? []), mail]);
	}
	const right = Math.max(...mails.map((mail) => mail.node.position[0])) + COLUMN;
	const top = Math.min(...mails.map((mail) => mail.node.position[1]));
	for (const [index, [next, group]] of [...groups].entries()) {
		const services = [...new Set(group.map((mail) => mail.service))].sort((left, right) => left - right);
		const name = groups.size === 1 ? FAILED_LETTER : `${FAILED_LETTER} (${services.length === 1 ? 'услуга' : 'услуги'} ${services.join(', ')})`;
		workflow.nodes.push(failedLetterStep(name, [right, top + index * ROW], workflow.id));
		for (const mail of group) {
			const outputs = (workflow.connections[mail.node.name] ??= { main: [] }).main;
			while (outputs.length < 2) {
				outputs.push([]);
			}
			outputs[1].push({ node: name, type: 'main', index: 0 });
		}
		const targets = JSON.parse(next) as Workflow['connections'][string]['main'][number];
		if (targets.length > 0) {
			workflow.connections[name] = { main: [targets] };
		}
	}
	return done;
}

/** Name of the step that takes the items whose handover letter failed. */
export const FAILED_LETTER = 'Письмо не отправлено: передать вручную';

/** Builds a failed-letter step: a Set that keeps the item and marks it with «Письмо о передаче не отправлено». */
function failedLetterStep(name: string, position: [number, number], workflowId: string): WorkflowNode {
	return {
		id: '',
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			mode: 'manual',
			assignments: { assignments: [{ id: nodeId(workflowId, `${name}/${HANDOVER_FAILED}`), name: HANDOVER_FAILED, value: true, type: 'boolean' }] },
			includeOtherFields: true,
			options: {},
		},
	};
}

/** Adds the organisation's extra categories to the choices of the intake form's «Категория» question. */
function applyCategoryChoices(node: AssembledNode, context: Context): void {
	const extra = extraCategories(context.config.portrait);
	const fields = (node.parameters.formFields as { values?: Array<Record<string, unknown>> } | undefined)?.values ?? [];
	const category = fields.find((field) => field.fieldLabel === 'Категория');
	const choices = (category?.fieldOptions as { values?: Array<{ option: string }> } | undefined)?.values;
	if (!choices || extra.length === 0) {
		return;
	}
	for (const option of extra) {
		if (!choices.some((choice) => choice.option === option)) {
			choices.push({ option });
		}
	}
}

function assembleWorkflow(shipped: Workflow, context: Context): { workflow: Workflow; handovers: Array<{ service: ServiceNumber; to: string }> } {
	const workflow = clone(shipped);
	const { config } = context;
	workflow.id = context.ids.get(shipped.id) as string;
	workflow.name = `${config.organisation}: ${shipped.name}`;
	workflow.settings = { ...workflow.settings, timezone: config.timeZone };

	const handovers = applyHandovers(workflow, context);
	const renamedPaths = new Map<string, string>();
	for (const node of workflow.nodes as AssembledNode[]) {
		if (isPackageNode(node)) {
			applyPackageSettings(node, context);
		}
		if (node.type === 'n8n-nodes-base.formTrigger') {
			applyFormAddress(node, workflow.id, context, renamedPaths);
			applyCategoryChoices(node, context);
		}
		if (node.type === 'n8n-nodes-base.set') {
			applySettingsNode(node, context);
		}
		if (node.type === 'n8n-nodes-base.emailSend') {
			node.credentials = { ...(node.credentials ?? {}), smtp: context.smtp };
		}
		if (node.type === 'n8n-nodes-base.executeWorkflow') {
			const target = node.parameters.workflowId as { value?: string } | undefined;
			if (target?.value && context.ids.has(target.value)) {
				target.value = context.ids.get(target.value);
			}
		}
		node.id = nodeId(workflow.id, node.name);
	}

	// Sticky notes quote form addresses, e.g. the employer's evaluation link.
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.stickyNote' && typeof node.parameters.content === 'string') {
			let content = node.parameters.content;
			for (const [from, to] of renamedPaths) {
				content = content.split(`/form/${from}`).join(`/form/${to}`);
			}
			node.parameters.content = content;
		}
	}
	return { workflow, handovers };
}

/** Assembles the provider's set; `shipped` defaults to the shipped workflows by file name. */
export function assembleProvider(config: ProviderConfig, shipped: Record<string, Workflow> = shippedWorkflows()): Assembly {
	const own = new Set<number>(config.services);
	const included: Array<[string, Workflow]> = [];
	const skipped: Record<string, readonly ServiceNumber[]> = {};
	for (const [file, workflow] of Object.entries(shipped)) {
		const services = WORKFLOW_SERVICES[workflow.id];
		if (!services) {
			throw new Error(`shipped workflow ${file} (${workflow.id}) has no entry in WORKFLOW_SERVICES: say which services bring it into a provider's set`);
		}
		if (services.some((service) => own.has(service))) {
			included.push([file, workflow]);
		} else {
			skipped[file] = services;
		}
	}

	const smtpName = config.mail.credential;
	const context: Context = {
		config,
		formPrefix: config.formPrefix ?? defaultFormPrefix(config.organisation),
		smtp: { id: providerCredentialId(config.organisation, 'smtp', smtpName), name: smtpName },
		airtable:
			config.base.backend === 'airtable'
				? { id: config.base.credentialId ?? providerCredentialId(config.organisation, AIRTABLE_CREDENTIAL_TYPE, config.base.credential), name: config.base.credential }
				: undefined,
		ids: new Map(Object.values(shipped).map((workflow) => [workflow.id, providerWorkflowId(config.organisation, workflow.id)])),
		exitClaimsExitChecks: included.some(([, workflow]) => workflow.id === EXIT_WORKFLOW_ID),
	};

	const workflows: Record<string, Workflow> = {};
	const handovers: Assembly['handovers'] = {};
	for (const [file, workflow] of included.sort(([left], [right]) => left.localeCompare(right))) {
		const assembled = assembleWorkflow(workflow, context);
		workflows[file] = assembled.workflow;
		handovers[file] = assembled.handovers;
	}
	return { workflows, skipped, handovers };
}
