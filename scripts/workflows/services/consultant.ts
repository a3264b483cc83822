/**
 * The consultant's workflow of services 3, 4 and 6: a form with an «Операция» choice, one episode node per
 * operation, and the handover to the next service. Each service file gives its operations, its form
 * fields and the texts of its sticky notes.
 */
import { EPISODE_OPERATION_LABELS, type EpisodeOperation } from '../../../core/operations/episodeRequest';
import { SERVICE_NAMES, serviceName, type ServiceNumber } from '../../../schemas';
import { PACKAGE, WorkflowBuilder, type Workflow } from '../builder';
import type { FormQuestion } from '../forms';
import { addBatchTrigger, addForm, addHandovers, addNextServiceRouter, addNoOp, ALL_SERVICES, COLUMN, fieldService, fieldText, ROW } from './common';
import { addEpisodeSteps, connectEpisodeOutputs, continueOnRuleErrors, EPISODE_DECISION_OUTPUT, EPISODE_ROW, operationsHint, type EpisodeField } from './episodeSteps';
import { addNoteRow } from './notes';

/** Operations that accept a recorded reason to set aside a limit of the methodology. */
const WITH_OVERRIDE: readonly EpisodeOperation[] = ['start', 'complete', 'externalSiteStart', 'dismissal', 'contractSigned', 'adaptationChange', 'agreedStartChange', 'internalTrainingEnd'];

/** Operations after which the user goes on to a service the specialist names. */
const WITH_NEXT_SERVICE: readonly EpisodeOperation[] = ['complete', 'interrupt', 'refuse', 'violation', 'dismissal', 'refusalBeforeContract'];

export interface ConsultantWorkflowSpec {
	id: string;
	name: string;
	service: ServiceNumber;
	formPath: string;
	formTitle: string;
	formDescription: string;
	/** Who fills the form, as the form's field label: «Консультант», «Тренер». */
	specialistLabel: string;
	operations: readonly EpisodeOperation[];
	/** Operations that read «Следующая рекомендованная услуга»; default: each of them that closes the episode or offers services. */
	nextServiceOperations?: readonly EpisodeOperation[];
	/** The service's own form fields, in form order, after the shared ones. */
	fields: readonly EpisodeField[];
	/**
	 * Services the workflow refers the user to when «Следующая услуга» hands over to them: a «Направить на
	 * услугу» node opens the episode beside the handover step, with the parameters given here (form fields as
	 * expressions).
	 */
	referrals?: ReadonlyArray<{ service: ServiceNumber; parameters: Record<string, unknown> }>;
	notes: {
		overview: string;
		form: string;
		operations: string;
		handovers: string;
	};
}

function only(operations: readonly EpisodeOperation[], among: readonly EpisodeOperation[]): EpisodeOperation[] {
	return operations.filter((operation) => among.includes(operation));
}

/** Says that the referral nodes read the reason too, e.g. to refer to service 4 when its conditions are not met. */
function referralOverrideHint(spec: ConsultantWorkflowSpec): string {
	const services = (spec.referrals ?? []).map((referral) => referral.service);
	if (services.length === 0) {
		return '';
	}
	const nodes = services.map((service) => `«${EPISODE_OPERATION_LABELS.refer} ${service}»`).join(', ');
	return `Действует и для направления на услугу ${services.join(', ')} (${services.length === 1 ? 'узел' : 'узлы'} ${nodes}), если ее условия не выполнены. `;
}

/** Returns the fields every consultant form starts with: the operation, the candidate and episode, the date and the specialist. */
function sharedFields(spec: ConsultantWorkflowSpec): EpisodeField[] {
	const all = spec.operations;
	const withOverride = only(all, WITH_OVERRIDE);
	const withNext = spec.nextServiceOperations ?? only(all, WITH_NEXT_SERVICE);
	return [
		{
			question: { label: 'Операция', kind: 'choice', options: all.map((operation) => EPISODE_OPERATION_LABELS[operation]), required: true },
			operations: [],
		},
		{ question: { label: 'Ключ кандидата', kind: 'text', required: true, hint: 'Из таблицы «Кандидаты», поле «Ключ»' }, operations: [] },
		{ question: { label: 'Ключ эпизода', kind: 'text', hint: 'Необязательно: пусто — открытый эпизод этой услуги у кандидата' }, operations: [] },
		{ question: { label: 'Дата', kind: 'date', hint: 'Дата события; пусто — сегодня' }, operations: [] },
		{ question: { label: spec.specialistLabel, kind: 'text', hint: 'ФИО того, кто записывает' }, operations: all, options: ['specialistName', 'actor'] },
		{ question: { label: 'Комментарий специалиста', kind: 'longText' }, operations: all, options: ['specialistComment'] },
		{
			question: {
				label: 'Следующая рекомендованная услуга',
				kind: 'choice',
				options: ['Не выбрана', ...SERVICE_NAMES],
				hint: operationsHint(withNext, 'После отказа, увольнения и нарушения предлагаются услуги 5, 2 или 1'),
			},
			operations: withNext,
			parameter: 'nextService',
			value: fieldService('Следующая рекомендованная услуга'),
		},
		{
			question: { label: 'Причина исключения из правила', kind: 'text', hint: operationsHint(withOverride, `${referralOverrideHint(spec)}Заполняйте, только если правило методики сознательно не соблюдается`) },
			operations: withOverride,
			parameter: 'overrideReason',
		},
	];
}

/** Builds the workflow; see ConsultantWorkflowSpec. */
export function consultantWorkflow(spec: ConsultantWorkflowSpec): Workflow {
	const flow = new WorkflowBuilder(spec.id, spec.name);
	const fields = [...sharedFields(spec), ...spec.fields];
	const questions: FormQuestion[] = fields.map((field) => field.question);

	const formX = -400;
	const switchX = formX + COLUMN;
	const episodeX = switchX + COLUMN;
	const routerX = episodeX + COLUMN;
	const handoverX = routerX + COLUMN;

	const form = addForm(flow, spec.id, 'Форма консультанта', [formX, 0], {
		title: spec.formTitle,
		description: spec.formDescription,
		path: spec.formPath,
		button: 'Записать',
		submitted:
			'Записано. Если операция нарушает правило методики, запись не делается: ответ сохраняется в таблице «Отклоненные анкеты» с тем, что исправить, и попадает ответственному специалисту на решение.',
		questions,
	});
	const batch = addBatchTrigger(flow, [formX, ROW]);

	const { episodeNodes } = addEpisodeSteps(flow, spec.id, {
		service: spec.service,
		operations: spec.operations,
		fields,
		operationField: 'Операция',
		dateField: 'Дата',
		from: [
			{ node: form, output: 0 },
			{ node: batch, output: 0 },
		],
		origin: [switchX, 0],
	});

	const targets = ALL_SERVICES.filter((service) => service !== spec.service);
	const handovers = addHandovers(flow, targets, [handoverX, 0]);
	const router = addNextServiceRouter(flow, spec.id, [routerX, 0], handovers);
	const decision = addNoOp(flow, 'Нужно решение специалиста', [routerX, Math.max(targets.length * ROW, 2 * EPISODE_ROW)]);
	connectEpisodeOutputs(flow, spec.service, episodeNodes, { done: router, handovers, decision });
	const referralNodes = addReferrals(flow, spec, fields, { router, targets, decision, x: handoverX + COLUMN });

	addNoteRow(flow, formX - 60, [
		{ content: spec.notes.overview, width: 560, height: 460, color: 4 },
		{ content: spec.notes.form, width: 420, height: 460 },
		{ content: spec.notes.operations, width: 480, height: 460 },
		{ content: spec.notes.handovers, width: 440, height: 460 },
	]);

	const workflow = flow.build();
	continueOnRuleErrors(workflow, [...episodeNodes, ...referralNodes]);
	return workflow;
}

/**
 * Adds a «Направить на услугу» node for each referral of the spec. It takes the items of the router's output
 * for that service, beside the handover step, so the handover runs even when the referral is rejected, and a
 * rejected referral goes to «Нужно решение специалиста». Returns the names of the added nodes.
 */
function addReferrals(
	flow: WorkflowBuilder,
	spec: ConsultantWorkflowSpec,
	fields: readonly EpisodeField[],
	layout: { router: string; targets: readonly ServiceNumber[]; decision: string; x: number },
): string[] {
	const specialistField = fields.find((field) => field.options?.includes('specialistName'));
	return (spec.referrals ?? []).map(({ service, parameters }) => {
		const name = `${EPISODE_OPERATION_LABELS.refer} ${service}`;
		const specialist = specialistField ? fieldText(specialistField.question.label) : '';
		flow.add(name, `${PACKAGE}.lifecycleEpisode`, 1, [layout.x, layout.targets.indexOf(service) * ROW], {
			backend: 'local',
			operation: 'refer',
			candidateId: fieldText('Ключ кандидата'),
			service,
			date: fieldText('Дата'),
			// The item comes from the episode node, whose «Ключ эпизода» is the episode just closed.
			referredBy: fieldText('Ключ эпизода'),
			overrideReason: fieldText('Причина исключения из правила'),
			keepRejected: true,
			...parameters,
			options: { specialistName: specialist, actor: specialist },
		});
		flow.connect(layout.router, name, layout.targets.indexOf(service));
		flow.connect(name, layout.decision, EPISODE_DECISION_OUTPUT);
		return name;
	});
}

/** Returns the Russian name of a service with its number, as sticky notes write it. */
export function numbered(service: ServiceNumber): string {
	return `${service}. «${serviceName(service)}»`;
}
