/**
 * The provider config and the assembly of a provider's workflows, plus the shipped service workflows the
 * assembly starts from: their parameters exist on the nodes, their canvas stays readable, and their
 * handover steps are where the assembly expects them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeHelpers, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { EPISODE_OPERATION_LABELS, type EpisodeOperation } from '../../core/operations/episodeRequest';
import { CONFIDENTIAL_ANSWER_LABELS } from '../../core/operations/rejectedSteps';
import { candidates, EVENT_TYPES, serviceName, type ServiceNumber } from '../../schemas';
import { LifecycleCheckpointTrigger } from '../../nodes/LifecycleCheckpointTrigger/LifecycleCheckpointTrigger.node';
import { LifecycleEligibility } from '../../nodes/LifecycleEligibility/LifecycleEligibility.node';
import { LifecycleEpisode } from '../../nodes/LifecycleEpisode/LifecycleEpisode.node';
import { LifecycleEvaluation } from '../../nodes/LifecycleEvaluation/LifecycleEvaluation.node';
import { LifecycleEvent } from '../../nodes/LifecycleEvent/LifecycleEvent.node';
import { LifecycleExit } from '../../nodes/LifecycleExit/LifecycleExit.node';
import { LifecycleIntake } from '../../nodes/LifecycleIntake/LifecycleIntake.node';
import { LifecycleReferral } from '../../nodes/LifecycleReferral/LifecycleReferral.node';
import { LifecycleSource } from '../../nodes/LifecycleSource/LifecycleSource.node';
import { assembleProvider, AIRTABLE_CREDENTIAL_TYPE, FAILED_LETTER, WORKFLOW_SERVICES, type Assembly } from '../../scripts/provider/assemble';
import { runAssembleCli } from '../../scripts/provider/cli';
import { parseProviderConfig, validateProviderConfig, type ProviderConfig } from '../../scripts/provider/config';
import { LETTER_FIELDS, letterFieldsExpression, partnerStepName } from '../../scripts/provider/handover';
import { defaultFormPrefix, providerWorkflowId } from '../../scripts/provider/ids';
import { PACKAGE, type Workflow, type WorkflowNode } from '../../scripts/workflows/builder';
import { shippedWorkflows } from '../../scripts/workflows/index';
import { INTAKE_WORKFLOW_ID } from '../../scripts/workflows/intake';
import { HANDOVER_FAILED, OUTCOME_TEXT } from '../../scripts/workflows/intakeOutcome';
import { REMINDERS_WORKFLOW_ID } from '../../scripts/workflows/reminders';
import { handoverName, handoverServiceOf } from '../../scripts/workflows/services/common';
import { EXIT_WORKFLOW_ID } from '../../scripts/workflows/services/exit';
import { TRAINER_WORKFLOW_ID } from '../../scripts/workflows/services/trainer';
import { TUTOR_WORKFLOW_ID } from '../../scripts/workflows/services/tutor';

const EXAMPLES = path.join(__dirname, '..', '..', 'docs', 'examples');

type Node = WorkflowNode & { credentials?: Record<string, { id: string; name: string }>; onError?: string };

function example(name: string): Record<string, unknown> {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;
}

function valid(input: unknown): ProviderConfig {
	const result = validateProviderConfig(input);
	if (!result.ok) {
		throw new Error(`expected a valid config, got:\n${result.problems.join('\n')}`);
	}
	return result.config;
}

function problemsOf(input: unknown): string[] {
	const result = validateProviderConfig(input);
	if (result.ok) {
		throw new Error('expected the config to be rejected');
	}
	return result.problems;
}

/** Returns a minimal valid config of an organisation that runs services 1 and 2 and hands the rest to partners. */
function mixedConfig(): Record<string, unknown> {
	return {
		organisation: 'АНО «Проба»',
		services: [1, 2],
		partners: {
			3: { name: 'Партнер Три', email: 'three@example.org' },
			4: { name: 'Партнер Четыре', email: 'four@example.org' },
			5: { name: 'Партнер Пять', email: 'five@example.org' },
			6: { name: 'Партнер Шесть', email: 'six@example.org' },
		},
		base: { backend: 'local' },
		specialists: { 1: 'tutor@example.org', 2: ['recruiter@example.org', 'recruiter2@example.org'] },
		mail: { sender: 'tzhct@example.org' },
	};
}

function withChange(change: (config: Record<string, unknown>) => void): Record<string, unknown> {
	const config = JSON.parse(JSON.stringify(mixedConfig())) as Record<string, unknown>;
	change(config);
	return config;
}

function nodesOf(workflow: Workflow): Node[] {
	return workflow.nodes as Node[];
}

function node(workflow: Workflow, name: string): Node {
	const found = nodesOf(workflow).find((candidate) => candidate.name === name);
	if (!found) {
		throw new Error(`workflow ${workflow.name} has no node "${name}"; nodes: ${workflow.nodes.map((entry) => entry.name).join(', ')}`);
	}
	return found;
}

/** Names of the nodes that output `index` of `from` leads to. */
function targets(workflow: Workflow, from: string, index = 0): string[] {
	return (workflow.connections[from]?.main[index] ?? []).map((target) => target.node);
}

/** Returns true when `to` is reached from output `index` of `from` without passing a node of type `avoid`. */
function reaches(workflow: Workflow, from: string, index: number, to: string, avoid?: string): boolean {
	const seen = new Set<string>();
	const queue = targets(workflow, from, index);
	while (queue.length > 0) {
		const name = queue.shift() as string;
		if (name === to) {
			return true;
		}
		if (seen.has(name) || node(workflow, name).type === avoid) {
			continue;
		}
		seen.add(name);
		queue.push(...(workflow.connections[name]?.main.flat().map((target) => target.node) ?? []));
	}
	return false;
}

/** Evaluates the page text of an outcome Set for the item `$json` and the referral's item `referral`. */
function outcomeText(workflow: Workflow, outcome: string, $json: Record<string, unknown>, referral: Record<string, unknown>): string {
	const assignments = (node(workflow, outcome).parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
	const text = assignments.find((entry) => entry.name === OUTCOME_TEXT)?.value ?? '';
	const expression = text.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	const $ = (name: string) => {
		expect(name).toBe('Направление на услугу');
		return { item: { json: referral } };
	};
	return (new Function('$json', '$', `return ${expression};`) as (json: unknown, select: unknown) => string)($json, $);
}

function byId(assembly: Assembly, shippedId: string, organisation: string): Workflow {
	const id = providerWorkflowId(organisation, shippedId);
	const found = Object.values(assembly.workflows).find((workflow) => workflow.id === id);
	if (!found) {
		throw new Error(`the assembly has no workflow for ${shippedId}`);
	}
	return found;
}

describe('provider config validation', () => {
	test('both examples are valid', () => {
		const start = valid(example('provider-start-service1.json'));
		expect(start.services).toEqual([1]);
		expect([...start.partners.keys()]).toEqual([2, 3, 4, 5, 6]);
		expect(start.base).toEqual({ backend: 'local', path: '/home/node/.n8n/tzhct/shag-navstrechu.sqlite' });

		const full = valid(example('provider-full.json'));
		expect(full.services).toEqual([1, 2, 3, 4, 5, 6]);
		expect(full.partners.size).toBe(0);
		expect(full.base).toEqual({ backend: 'airtable', baseId: 'appVsePoluchitsya', credential: 'Airtable ТЖЦТ' });
		expect(full.timeZone).toBe('Asia/Yekaterinburg');
	});

	test('defaults fill time zone and mail', () => {
		const config = valid(mixedConfig());
		expect(config.timeZone).toBe('Europe/Moscow');
		expect(config.mail).toEqual({ sender: 'tzhct@example.org', manager: 'tzhct@example.org', credential: 'SMTP ТЖЦТ' });
		expect(config.specialists.get(1)).toEqual(['tutor@example.org']);
		expect(config.specialists.get(2)).toEqual(['recruiter@example.org', 'recruiter2@example.org']);
	});

	test('services are sorted', () => {
		const config = valid(withChange((input) => (input.services = [2, 1])));
		expect(config.services).toEqual([1, 2]);
	});

	const BAD_INPUTS: Array<[string, (config: Record<string, unknown>) => void, string]> = [
		['organisation missing', (config) => delete config.organisation, 'Поле «organisation»: обязательное поле не заполнено'],
		['organisation empty', (config) => (config.organisation = '  '), 'Поле «organisation»: укажите название организации'],
		['organisation too long', (config) => (config.organisation = 'А'.repeat(81)), 'Поле «organisation»: название длиннее 80 символов'],
		['services empty', (config) => (config.services = []), 'Поле «services»: список пуст'],
		['services not a list', (config) => (config.services = 1), 'Поле «services»: ожидается список номеров услуг'],
		['service out of range', (config) => (config.services = [1, 7]), 'Поле «services[2]»: ожидается номер услуги от 1 до 6'],
		['service as text', (config) => (config.services = ['1', 2]), 'Поле «services[1]»: ожидается номер услуги от 1 до 6 без кавычек'],
		['service twice', (config) => (config.services = [1, 2, 1]), 'Поле «services[3]»: услуга 1 указана дважды'],
		['partner missing', (config) => delete (config.partners as Record<string, unknown>)['3'], 'Поле «partners»: услугу 3 «Профессиональная ориентация» организация сама не оказывает'],
		[
			'partner of own service',
			(config) => ((config.partners as Record<string, unknown>)['1'] = { name: 'Лишний', email: 'extra@example.org' }),
			'Поле «partners.1»: услугу 1 «Социально-психологические услуги» организация оказывает сама',
		],
		['partner email invalid', (config) => ((config.partners as Record<string, Record<string, unknown>>)['3'].email = 'three-at-example.org'), 'Поле «partners.3.email»: адрес электронной почты записан неверно'],
		['partner name missing', (config) => delete (config.partners as Record<string, Record<string, unknown>>)['4'].name, 'Поле «partners.4.name»: обязательное поле не заполнено'],
		['partner key not a service', (config) => ((config.partners as Record<string, unknown>)['7'] = { name: 'Семь', email: 'seven@example.org' }), 'ключ должен быть номером услуги от "1" до "6"'],
		['specialists missing', (config) => delete (config.specialists as Record<string, unknown>)['1'], 'Поле «specialists»: укажите адрес ответственного специалиста услуги 1 «Социально-психологические услуги»'],
		['specialists of partner service', (config) => ((config.specialists as Record<string, unknown>)['3'] = 'x@example.org'), 'Поле «specialists.3»: услугу 3 «Профессиональная ориентация» оказывает партнер'],
		['specialist email invalid', (config) => ((config.specialists as Record<string, unknown>)['2'] = ['recruiter.example.org']), 'Поле «specialists.2»'],
		['specialists list empty', (config) => ((config.specialists as Record<string, unknown>)['2'] = []), 'Поле «specialists.2»'],
		['time zone unknown', (config) => (config.timeZone = 'Moscow'), 'Поле «timeZone»: часовой пояс «Moscow» не найден. Укажите его в формате IANA'],
		['calendar date invalid', (config) => (config.calendar = { nonWorkingDays: ['31.12.2026'] }), 'Поле «calendar.nonWorkingDays»: «31.12.2026» не дата.'],
		['calendar working holiday', (config) => (config.calendar = { workingDays: ['2027-05-01'] }), 'Поле «calendar.workingDays»: 2027-05-01 — нерабочий праздничный день'],
		['calendar not a list', (config) => (config.calendar = { nonWorkingDays: '2026-12-31' }), 'Поле «calendar.nonWorkingDays»: ожидается список дат'],
		['portrait invalid', (config) => (config.portrait = { ageBands: { general: { min: '14' } } }), 'Поле «portrait»: Правила портрета, «ageBands.general.min»'],
		['portrait unknown key', (config) => (config.portrait = { ages: {} }), 'Поле «portrait»: Правила портрета: неизвестный ключ «ages»'],
		['portrait not an object', (config) => (config.portrait = 'нет'), 'Поле «portrait»: ожидается объект с расширениями портрета'],
		['base missing', (config) => delete config.base, 'Поле «base»'],
		['base backend unknown', (config) => (config.base = { backend: 'sheets' }), 'укажите "backend": "local" (локальная база SQLite) или "airtable"'],
		['local path relative', (config) => (config.base = { backend: 'local', path: 'base.sqlite' }), 'Поле «base.path»: укажите полный путь к файлу на сервере n8n'],
		['airtable base id invalid', (config) => (config.base = { backend: 'airtable', baseId: 'tblAbc', credential: 'Airtable' }), 'Поле «base.baseId»: идентификатор базы Airtable начинается с «app»'],
		['airtable credential missing', (config) => (config.base = { backend: 'airtable', baseId: 'appAbcdefghijklmn' }), 'Поле «base.credential»: обязательное поле не заполнено'],
		['airtable key on local base', (config) => (config.base = { backend: 'local', baseId: 'appAbcdefghijklmn' }), 'неизвестный ключ «baseId»'],
		['mail missing', (config) => delete config.mail, 'Поле «mail»'],
		['mail sender invalid', (config) => (config.mail = { sender: 'nobody' }), 'Поле «mail.sender»: адрес электронной почты записан неверно'],
		['form prefix invalid', (config) => (config.formPrefix = 'Шаг навстречу'), 'Поле «formPrefix»: только строчные латинские буквы'],
		['unknown key', (config) => (config.servces = [1]), 'Настройки провайдера: неизвестный ключ «servces». Удалите его или исправьте название.'],
	];

	test.each(BAD_INPUTS)('rejects %s', (_case, change, message) => {
		const problems = problemsOf(withChange(change));
		expect(problems.join('\n')).toContain(message);
	});

	test('every problem names a field', () => {
		for (const [, change] of BAD_INPUTS) {
			for (const problem of problemsOf(withChange(change))) {
				expect(problem).toMatch(/^(Поле «[^»]+»|Настройки провайдера)/);
			}
		}
	});

	test('invalid JSON is reported', () => {
		const result = parseProviderConfig('{ "organisation": "АНО", }');
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.problems[0]).toContain('Файл настроек не является JSON');
	});

	test('several problems reported at once', () => {
		const problems = problemsOf(
			withChange((config) => {
				delete (config.partners as Record<string, unknown>)['3'];
				delete (config.specialists as Record<string, unknown>)['2'];
				config.timeZone = 'Луна/Море';
			}),
		);
		expect(problems).toHaveLength(3);
	});

	test('warns when 3, 4, 6 run without 2', () => {
		const result = validateProviderConfig({
			organisation: 'АНО «Сопровождение»',
			services: [6],
			partners: Object.fromEntries([1, 2, 3, 4, 5].map((service) => [service, { name: 'Партнер', email: 'partner@example.org' }])),
			base: { backend: 'local' },
			specialists: { 6: 'consultant@example.org' },
			mail: { sender: 'tzhct@example.org' },
		});
		expect(result.ok).toBe(true);
		const warnings = result.ok ? result.warnings : [];
		expect(warnings.join('\n')).toContain('начинаются с направления рекрутера (услуга 2)');
		expect(warnings.join('\n')).toContain('рекомендаций услуги 5');
	});

	test('full provider has no warnings', () => {
		const result = validateProviderConfig(example('provider-full.json'));
		expect(result.ok).toBe(true);
		expect(result.ok ? result.warnings : undefined).toEqual([]);
	});
});

describe('provider ids', () => {
	test('workflow ids are 16 letters and digits', () => {
		expect(providerWorkflowId('АНО «Старт»', INTAKE_WORKFLOW_ID)).toMatch(/^[A-Za-z0-9]{16}$/);
	});

	test('quotes and case do not change ids', () => {
		expect(providerWorkflowId('АНО «Старт»', INTAKE_WORKFLOW_ID)).toBe(providerWorkflowId('ано "старт"', INTAKE_WORKFLOW_ID));
	});

	test('form prefix is transliterated', () => {
		expect(defaultFormPrefix('АНО «Шаг навстречу»')).toBe('ano-shag-navstrechu');
		expect(defaultFormPrefix('«»')).toMatch(/^org-[0-9a-f]{8}$/);
	});
});

describe('provider assembly', () => {
	const start = valid(example('provider-start-service1.json'));
	const full = valid(example('provider-full.json'));
	const mixed = valid(mixedConfig());
	const startSet = assembleProvider(start);
	const fullSet = assembleProvider(full);
	const mixedSet = assembleProvider(mixed);

	test('service 1 provider gets only the tutor', () => {
		expect(Object.keys(startSet.workflows)).toEqual(['02-tyutor-sotsialno-psihologicheskie-uslugi.json']);
		expect(Object.keys(startSet.skipped)).toContain('01-anketa-rekrutera.json');
	});

	test('full provider gets every workflow', () => {
		expect(Object.keys(fullSet.workflows).sort()).toEqual(Object.keys(shippedWorkflows()).sort());
		expect(fullSet.skipped).toEqual({});
	});

	test('workflows follow the services run', () => {
		expect(Object.keys(mixedSet.workflows)).toEqual([
			'01-anketa-rekrutera.json',
			'02-tyutor-sotsialno-psihologicheskie-uslugi.json',
			'09-rassylka-vakansiy-istochnikam.json',
			'11-povtornoe-obrashchenie.json',
		]);
	});

	test('every shipped workflow has services listed', () => {
		for (const workflow of Object.values(shippedWorkflows())) {
			expect({ id: workflow.id, listed: Boolean(WORKFLOW_SERVICES[workflow.id]) }).toEqual({ id: workflow.id, listed: true });
		}
	});

	test('partner services go to the partner step', () => {
		const tutor = startSet.workflows['02-tyutor-sotsialno-psihologicheskie-uslugi.json'];
		for (const service of [2, 3, 4, 5, 6] as ServiceNumber[]) {
			const step = node(tutor, partnerStepName(service));
			expect(step.type).toBe('n8n-nodes-base.emailSend');
			expect(step.parameters.toEmail).toBe(start.partners.get(service)?.email);
			expect(step.parameters.subject).toBe(`Направление на услугу «${serviceName(service)}» от АНО «Шаг навстречу»`);
			expect(String(step.parameters.text)).toContain(`которую оказывает ${start.partners.get(service)?.name}`);
			expect(step.credentials?.smtp).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9]{16}$/), name: 'SMTP ТЖЦТ' });
		}
		const router = 'Следующая услуга';
		expect([0, 1, 2, 3, 4].map((index) => targets(tutor, router, index))).toEqual([2, 3, 4, 5, 6].map((service) => [partnerStepName(service as ServiceNumber)]));
		expect(startSet.handovers['02-tyutor-sotsialno-psihologicheskie-uslugi.json']).toEqual([2, 3, 4, 5, 6].map((service) => ({ service, to: start.partners.get(service as ServiceNumber)?.name })));
	});

	test('no handover step stays a placeholder', () => {
		for (const set of [startSet, fullSet, mixedSet]) {
			for (const workflow of Object.values(set.workflows)) {
				expect(workflow.nodes.filter((entry) => handoverServiceOf(entry) !== undefined).map((entry) => entry.name)).toEqual([]);
			}
		}
	});

	test('intake referral outputs follow providers', () => {
		const intake = byId(mixedSet, INTAKE_WORKFLOW_ID, mixed.organisation);
		const referral = 'Направление на услугу';
		const steps = [handoverName(1), 'Услуга 2: рекрутер дополняет данные', partnerStepName(3), partnerStepName(4), partnerStepName(5), partnerStepName(6)];
		steps.forEach((step, index) => {
			expect(targets(intake, referral, index)).toEqual([`Анкета новая? Услуга ${index + 1}`]);
			expect(targets(intake, `Анкета новая? Услуга ${index + 1}`, 0)).toEqual([step]);
		});

		const tutorLetter = node(intake, handoverName(1));
		expect(tutorLetter.type).toBe('n8n-nodes-base.emailSend');
		expect(tutorLetter.parameters.toEmail).toBe('tutor@example.org');
		expect(node(intake, 'Услуга 2: рекрутер дополняет данные').parameters.toEmail).toBe('recruiter@example.org, recruiter2@example.org');
		expect(node(intake, partnerStepName(3)).parameters.toEmail).toBe('three@example.org');
	});

	test('failed letters reach the outcome page', () => {
		const intake = byId(mixedSet, INTAKE_WORKFLOW_ID, mixed.organisation);
		const letters = nodesOf(intake).filter((entry) => entry.type === 'n8n-nodes-base.emailSend');
		expect(letters).toHaveLength(6);
		const referred = `${FAILED_LETTER} (услуги 1, 3, 4, 5, 6)`;
		const stays = `${FAILED_LETTER} (услуга 2)`;
		for (const letter of letters) {
			expect(letter.onError).toBe('continueErrorOutput');
			expect(targets(intake, letter.name, 1)).toEqual([letter.name.startsWith('Услуга 2:') ? stays : referred]);
			expect(reaches(intake, letter.name, 1, 'Страница с итогом анкеты')).toBe(true);
		}
		expect(targets(intake, referred)).toEqual(['Итог: направлен на услугу']);
		expect(targets(intake, stays)).toEqual(['Итог: остается в услуге 2']);
		for (const name of [referred, stays]) {
			const step = node(intake, name);
			expect(step.type).toBe('n8n-nodes-base.set');
			expect(step.parameters.includeOtherFields).toBe(true);
			expect((step.parameters.assignments as { assignments: unknown[] }).assignments).toEqual([expect.objectContaining({ name: HANDOVER_FAILED, value: true, type: 'boolean' })]);
		}

		// A workflow whose letters end the run keeps one step, without outputs.
		const tutor = byId(startSet, TUTOR_WORKFLOW_ID, start.organisation);
		for (const letter of nodesOf(tutor).filter((entry) => entry.type === 'n8n-nodes-base.emailSend')) {
			expect(targets(tutor, letter.name, 1)).toEqual([FAILED_LETTER]);
		}
		expect(tutor.connections[FAILED_LETTER]).toBeUndefined();
	});

	test('outcome page notes a failed letter', () => {
		const intake = byId(fullSet, INTAKE_WORKFLOW_ID, full.organisation);
		const referral = { Сценарий: 'C', 'Направлен на услугу': serviceName(5), 'Соответствие портрету': 'Соответствует', 'Решение рекрутера': ['Сценарий C: следующий шаг'], 'Уже записано ранее': false };
		const line = 'Письмо о передаче не отправлено: сообщите специалисту следующей услуги (или партнеру) о кандидате сами.';
		const failed = { error: 'Can\'t send mail - all recipients were rejected', [HANDOVER_FAILED]: true };
		for (const [name, item] of [
			['Итог: направлен на услугу', referral],
			['Итог: остается в услуге 2', { ...referral, 'Соответствие портрету': 'Недостаточно данных', 'Не хватает данных': ['«Субъектная позиция»'] }],
		] as const) {
			const sent = outcomeText(intake, name, { accepted: ['trainer@example.org'] }, item);
			const notSent = outcomeText(intake, name, failed, item);
			expect(sent).not.toContain(line);
			expect(notSent).toBe(`${sent}\n${line}`);
			expect(notSent).not.toContain('recipients');
		}
	});

	test('re-sent questionnaire skips the letter', () => {
		for (const intake of [shippedWorkflows()['01-anketa-rekrutera.json'], byId(fullSet, INTAKE_WORKFLOW_ID, full.organisation), byId(mixedSet, INTAKE_WORKFLOW_ID, mixed.organisation)]) {
			for (const service of [1, 2, 3, 4, 5, 6]) {
				const gate = node(intake, `Анкета новая? Услуга ${service}`);
				const condition = (gate.parameters.conditions as { conditions: Array<{ leftValue: string; operator: { operation: string } }> }).conditions;
				expect(condition.map((entry) => [entry.leftValue, entry.operator.operation])).toEqual([['={{ $json["Уже записано ранее"] === true }}', 'false']]);
				expect(targets(intake, 'Направление на услугу', service - 1)).toEqual([gate.name]);
				// The false output goes straight to the outcome that the handover step leads to.
				const [step] = targets(intake, gate.name, 0);
				expect(targets(intake, gate.name, 1)).toEqual(targets(intake, step, 0));
				expect(targets(intake, gate.name, 1)).toEqual([service === 2 ? 'Итог: остается в услуге 2' : 'Итог: направлен на услугу']);
				expect(reaches(intake, gate.name, 1, 'Страница с итогом анкеты', 'n8n-nodes-base.emailSend')).toBe(true);
			}
		}
	});

	test('letters carry no health data', () => {
		const forbidden = [
			...Object.values(candidates.columns)
				.filter((column) => column.privacy === 'sensitive' || column.privacy === 'confidential')
				.map((column) => column.label),
			'Решение рекрутера',
			'Причины (портрет)',
			'Не выполнено',
			'Рекомендации по итогам проверки',
			'Комментарий специалиста',
			'Результат для кандидата',
			'Описание',
			'Сообщение',
		];
		for (const set of [startSet, fullSet, mixedSet]) {
			for (const workflow of Object.values(set.workflows)) {
				for (const letter of nodesOf(workflow).filter((entry) => entry.type === 'n8n-nodes-base.emailSend' && String(entry.parameters.text).includes('Данные о здоровье'))) {
					const text = `${String(letter.parameters.subject)}\n${String(letter.parameters.text)}`;
					for (const label of forbidden) {
						expect({ letter: letter.name, mentions: text.includes(`"${label}"`) }).toEqual({ letter: letter.name, mentions: false });
					}
				}
			}
		}
	});

	test('letter fields skip empty and unknown', () => {
		const expression = letterFieldsExpression().replace(/^\{\{/, '').replace(/\}\}$/, '');
		const render = new Function('$json', `return ${expression};`) as (item: Record<string, unknown>) => string;
		const text = render({
			Фамилия: 'Иванова',
			Имя: 'Анна',
			Отчество: '',
			Телефон: '+7 900 000-00-01',
			'Группа инвалидности': 'III группа',
			'Химическая зависимость': 'Нет',
			'Ключ кандидата': 'cand_1',
			Сценарий: 'A',
			'Направлен на услугу': serviceName(6),
			'Параллельно рекомендованы': [serviceName(1)],
			'Предложенные услуги': [],
			'Повторное обращение': false,
			'Решение рекрутера': ['Причины несоответствия портрету: химическая зависимость'],
		});
		expect(text.split('\n')).toEqual([
			'Кандидат: Иванова Анна',
			'Телефон: +7 900 000-00-01',
			'Ключ кандидата: cand_1',
			'Сценарий: A',
			`Направлен на услугу: ${serviceName(6)}`,
			`Параллельно рекомендованы: ${serviceName(1)}`,
		]);
		expect(LETTER_FIELDS.map((field) => field.label)).not.toContain('Группа инвалидности');
	});

	test('base settings reach every package node', () => {
		for (const [set, config] of [
			[startSet, start],
			[fullSet, full],
		] as const) {
			for (const workflow of Object.values(set.workflows)) {
				for (const entry of nodesOf(workflow).filter((candidate) => candidate.type.startsWith(`${PACKAGE}.`))) {
					const where = `${workflow.name} / ${entry.name}`;
					expect({ where, backend: entry.parameters.backend }).toEqual({ where, backend: config.base.backend });
					expect(Object.keys(entry.parameters)[0]).toBe('backend');
					if (config.base.backend === 'local') {
						expect({ where, path: entry.parameters.localPath }).toEqual({ where, path: config.base.path });
						expect(entry.parameters.airtableBase).toBeUndefined();
						expect(entry.credentials?.[AIRTABLE_CREDENTIAL_TYPE]).toBeUndefined();
					} else {
						expect({ where, base: entry.parameters.airtableBase }).toEqual({ where, base: { __rl: true, mode: 'id', value: config.base.baseId } });
						expect(entry.parameters.localPath).toBeUndefined();
						expect({ where, credential: entry.credentials?.[AIRTABLE_CREDENTIAL_TYPE]?.name }).toEqual({ where, credential: config.base.credential });
					}
				}
			}
		}
	});

	test('one Airtable credential id per provider', () => {
		const ids = new Set<string>();
		for (const workflow of Object.values(fullSet.workflows)) {
			for (const entry of nodesOf(workflow)) {
				const credential = entry.credentials?.[AIRTABLE_CREDENTIAL_TYPE];
				if (credential) {
					ids.add(credential.id);
				}
			}
		}
		expect(ids.size).toBe(1);
		const given = assembleProvider({ ...full, base: { backend: 'airtable', baseId: 'appVsePoluchitsya', credential: 'Airtable ТЖЦТ', credentialId: 'abcdEFGH12345678' } });
		const intake = byId(given, INTAKE_WORKFLOW_ID, full.organisation);
		expect(node(intake, 'Прием анкеты').credentials?.[AIRTABLE_CREDENTIAL_TYPE]).toEqual({ id: 'abcdEFGH12345678', name: 'Airtable ТЖЦТ' });
	});

	test('local base without a path', () => {
		const intake = byId(mixedSet, INTAKE_WORKFLOW_ID, mixed.organisation);
		expect(node(intake, 'Прием анкеты').parameters).toEqual({ backend: 'local' });
	});

	test('portrait extensions reach eligibility and intake', () => {
		const intake = byId(fullSet, INTAKE_WORKFLOW_ID, full.organisation);
		expect(JSON.parse(String(node(intake, 'Проверка портрета').parameters.rules))).toEqual(full.portrait);
		expect(node(intake, 'Прием анкеты').parameters.extraCategories).toBe('Выпускник центра временного содержания');
		const form = node(intake, 'Анкета рекрутера');
		const category = (form.parameters.formFields as { values: Array<{ fieldLabel: string; fieldOptions?: { values: Array<{ option: string }> } }> }).values.find((field) => field.fieldLabel === 'Категория');
		expect(category?.fieldOptions?.values.map((value) => value.option)).toContain('Выпускник центра временного содержания');
		// The tutor's lookup also takes the organisation's categories.
		const tutor = byId(fullSet, TUTOR_WORKFLOW_ID, full.organisation);
		expect(node(tutor, 'Найти или добавить кандидата').parameters.extraCategories).toBe('Выпускник центра временного содержания');
	});

	test('no portrait leaves rules empty', () => {
		const intake = byId(mixedSet, INTAKE_WORKFLOW_ID, mixed.organisation);
		expect(node(intake, 'Проверка портрета').parameters.rules).toBeUndefined();
		expect(node(intake, 'Прием анкеты').parameters.extraCategories).toBeUndefined();
	});

	test('time zone reaches settings and triggers', () => {
		for (const workflow of Object.values(fullSet.workflows)) {
			expect({ workflow: workflow.name, timezone: workflow.settings.timezone }).toEqual({ workflow: workflow.name, timezone: 'Asia/Yekaterinburg' });
			for (const entry of nodesOf(workflow).filter((candidate) => candidate.type === `${PACKAGE}.lifecycleCheckpointTrigger`)) {
				expect(entry.parameters.timeZone).toBe('Asia/Yekaterinburg');
			}
		}
	});

	test('exit checks go only to exit workflow', () => {
		const reminders = byId(fullSet, REMINDERS_WORKFLOW_ID, full.organisation);
		const kinds = node(reminders, 'Контрольные точки').parameters.kinds as string[];
		expect(kinds).not.toContain('exitCheck');
		expect(kinds).toEqual(expect.arrayContaining(['feedback', 'contact', 'evaluation', 'employerEvaluation', 'finalAssessment', 'closingMeeting', 'followUp']));
		const exit = byId(fullSet, EXIT_WORKFLOW_ID, full.organisation);
		expect(node(exit, 'Ежедневная проверка точки выхода').parameters.kinds).toEqual(['exitCheck']);

		// Without the exit workflow the reminders keep every kind.
		const noExit = assembleProvider(valid({ ...example('provider-full.json'), services: [1, 2, 3, 4, 5], specialists: { 1: 'a@example.org', 2: 'b@example.org', 3: 'c@example.org', 4: 'd@example.org', 5: 'e@example.org' }, partners: { 6: { name: 'П', email: 'p@example.org' } } }));
		expect(node(byId(noExit, REMINDERS_WORKFLOW_ID, full.organisation), 'Контрольные точки').parameters.kinds ?? []).toEqual([]);
	});

	test('settings nodes get the addresses', () => {
		const reminders = byId(fullSet, REMINDERS_WORKFLOW_ID, full.organisation);
		const assignments = (node(reminders, 'Настройки организации').parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
		expect(Object.fromEntries(assignments.map((entry) => [entry.name, entry.value]))).toEqual({
			'Адрес руководителя': 'rukovoditel@vse-poluchitsya.example.org',
			'Адрес отправителя': 'tzhct@vse-poluchitsya.example.org',
		});
		for (const letter of nodesOf(reminders).filter((entry) => entry.type === 'n8n-nodes-base.emailSend')) {
			expect(letter.credentials?.smtp.name).toBe('SMTP ТЖЦТ');
		}
	});

	test('names carry the organisation', () => {
		for (const workflow of Object.values(fullSet.workflows)) {
			expect(workflow.name.startsWith('АНО «Все получится»: ТЖЦТ ')).toBe(true);
		}
	});

	test('ids unique within and across providers', () => {
		const all = [...Object.values(startSet.workflows), ...Object.values(fullSet.workflows), ...Object.values(mixedSet.workflows)];
		const ids = all.map((workflow) => workflow.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) {
			expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
		}
		const shippedIds = new Set(Object.values(shippedWorkflows()).map((workflow) => workflow.id));
		expect(ids.filter((id) => shippedIds.has(id))).toEqual([]);
	});

	test('form addresses unique across providers', () => {
		const paths: string[] = [];
		const webhooks: string[] = [];
		for (const set of [startSet, fullSet, mixedSet]) {
			for (const workflow of Object.values(set.workflows)) {
				for (const form of nodesOf(workflow).filter((entry) => entry.type === 'n8n-nodes-base.formTrigger')) {
					paths.push(String((form.parameters.options as { path: string }).path));
					webhooks.push(String(form.webhookId));
				}
			}
		}
		expect(new Set(paths).size).toBe(paths.length);
		expect(new Set(webhooks).size).toBe(webhooks.length);
		expect(paths).toContain('vse-poluchitsya-anketa-rekrutera');
		expect(paths).toContain('ano-shag-navstrechu-tyutor');
	});

	test('notes quote the new form address', () => {
		const evaluation = Object.values(fullSet.workflows).find((workflow) => workflow.name.includes('Оценка работодателем')) as Workflow;
		const notes = nodesOf(evaluation)
			.filter((entry) => entry.type === 'n8n-nodes-base.stickyNote')
			.map((entry) => String(entry.parameters.content))
			.join('\n');
		expect(notes).toContain('/form/vse-poluchitsya-otsenka-rabotodatelem');
		expect(notes).not.toContain('/form/otsenka-rabotodatelem');
	});

	test('node ids unique across providers', () => {
		const ids = [...Object.values(startSet.workflows), ...Object.values(fullSet.workflows)].flatMap((workflow) => workflow.nodes.map((entry) => entry.id));
		expect(new Set(ids).size).toBe(ids.length);
	});

	test('assembly leaves shipped workflows unchanged', () => {
		const shipped = shippedWorkflows();
		const before = JSON.stringify(shipped);
		assembleProvider(full, shipped);
		expect(JSON.stringify(shipped)).toBe(before);
	});

	test('connections point to existing nodes', () => {
		for (const set of [startSet, fullSet, mixedSet]) {
			for (const workflow of Object.values(set.workflows)) {
				expectConnectionsValid(workflow);
			}
		}
	});
});

describe('assemble-provider command', () => {
	let folder: string;
	let errors: jest.SpyInstance;
	let logs: jest.SpyInstance;

	beforeEach(() => {
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'provider-cli-'));
		errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
		logs = jest.spyOn(console, 'log').mockImplementation(() => undefined);
		jest.spyOn(console, 'warn').mockImplementation(() => undefined);
	});

	afterEach(() => {
		jest.restoreAllMocks();
		fs.rmSync(folder, { recursive: true, force: true });
	});

	test('writes the set', () => {
		const out = path.join(folder, 'out');
		fs.writeFileSync(path.join(out + '-stale.txt'), '');
		fs.mkdirSync(out);
		fs.writeFileSync(path.join(out, '07-otsenka-rabotodatelem.json'), '{}');
		fs.writeFileSync(path.join(out, 'notes.md'), 'keep');

		const code = runAssembleCli([path.join(EXAMPLES, 'provider-start-service1.json'), '--out', out]);
		expect(code).toBe(0);
		expect(fs.readdirSync(out).sort()).toEqual(['02-tyutor-sotsialno-psihologicheskie-uslugi.json', 'notes.md']);
		const written = JSON.parse(fs.readFileSync(path.join(out, '02-tyutor-sotsialno-psihologicheskie-uslugi.json'), 'utf8')) as Workflow;
		expect(written.name).toBe('АНО «Шаг навстречу»: ТЖЦТ 2. Тьютор: социально-психологические услуги');
		expect(logs.mock.calls.flat().join('\n')).toContain('услуга 2 «Содействие в поиске подходящей работы» → партнеру АНО «Все получится»');
	});

	test('rejects a bad config', () => {
		const file = path.join(folder, 'bad.json');
		fs.writeFileSync(file, JSON.stringify(withChange((config) => (config.timeZone = 'Moscow'))));
		expect(runAssembleCli([file, '--out', path.join(folder, 'out')])).toBe(1);
		expect(errors.mock.calls.flat().join('\n')).toContain('Поле «timeZone»: часовой пояс «Moscow» не найден');
		expect(fs.existsSync(path.join(folder, 'out'))).toBe(false);
	});

	test('missing file and bad arguments', () => {
		expect(runAssembleCli([path.join(folder, 'none.json')])).toBe(2);
		expect(errors.mock.calls.flat().join('\n')).toContain('Не удалось прочитать файл настроек');
		expect(runAssembleCli([])).toBe(2);
		expect(runAssembleCli(['a.json', '--out'])).toBe(2);
		expect(runAssembleCli(['a.json', '--force'])).toBe(2);
	});
});

// Shipped service workflows

const NODE_TYPES: Record<string, INodeTypeDescription> = Object.fromEntries(
	[LifecycleIntake, LifecycleEligibility, LifecycleReferral, LifecycleEvent, LifecycleEpisode, LifecycleExit, LifecycleCheckpointTrigger, LifecycleEvaluation, LifecycleSource].map((NodeClass) => {
		const description = new NodeClass().description;
		return [`${PACKAGE}.${description.name}`, description];
	}),
);

const SERVICE_FILES = [
	'02-tyutor-sotsialno-psihologicheskie-uslugi.json',
	'03-konsultant-proforientatsiya.json',
	'04-konsultant-vremennoe-trudoustroystvo.json',
	'05-trener-sotsialnaya-adaptatsiya.json',
	'06-konsultant-soprovozhdaemoe-trudoustroystvo.json',
	'10-tochka-vyhoda.json',
	'11-povtornoe-obrashchenie.json',
];

const SERVICE_OF_FILE: Record<string, ServiceNumber> = {
	'02-tyutor-sotsialno-psihologicheskie-uslugi.json': 1,
	'03-konsultant-proforientatsiya.json': 3,
	'04-konsultant-vremennoe-trudoustroystvo.json': 4,
	'05-trener-sotsialnaya-adaptatsiya.json': 5,
	'06-konsultant-soprovozhdaemoe-trudoustroystvo.json': 6,
};

function expectConnectionsValid(workflow: Workflow): void {
	const names = new Set(workflow.nodes.map((entry) => entry.name));
	expect(names.size).toBe(workflow.nodes.length);
	for (const [from, outputs] of Object.entries(workflow.connections)) {
		expect({ workflow: workflow.name, from, exists: names.has(from) }).toEqual({ workflow: workflow.name, from, exists: true });
		for (const target of outputs.main.flat()) {
			expect({ workflow: workflow.name, to: target.node, exists: names.has(target.node) }).toEqual({ workflow: workflow.name, to: target.node, exists: true });
		}
	}
}

/** Number of main outputs a node shows on the canvas. */
function outputCount(entry: Node): number {
	const description = NODE_TYPES[entry.type];
	if (description) {
		return Array.isArray(description.outputs) ? description.outputs.length : 1;
	}
	if (entry.type === 'n8n-nodes-base.switch') {
		return ((entry.parameters.rules as { values: unknown[] }).values ?? []).length;
	}
	if (entry.type === 'n8n-nodes-base.if' || entry.onError === 'continueErrorOutput') {
		return 2;
	}
	return 1;
}

/**
 * Returns the box a node takes on n8n's canvas: 100 × 100 px from its position, 40 px taller for each
 * output beyond two, and 40 px below for its name. The sizes are an estimate of n8n 2.41's editor.
 */
function box(entry: Node): { left: number; top: number; right: number; bottom: number } {
	const [left, top] = entry.position;
	const height = 100 + Math.max(0, outputCount(entry) - 2) * 40 + 40;
	return { left, top, right: left + 100, bottom: top + height };
}

function overlaps(first: ReturnType<typeof box>, second: ReturnType<typeof box>): boolean {
	return first.left < second.right && second.left < first.right && first.top < second.bottom && second.top < first.bottom;
}

/** Checks every parameter set on a package node against the node's description: it exists and is shown for these values. */
function undeclaredParameters(entry: Node): string[] {
	const description = NODE_TYPES[entry.type];
	if (!description) {
		return [`unknown package node type ${entry.type}`];
	}
	const problems: string[] = [];
	for (const [name, value] of Object.entries(entry.parameters)) {
		if (name === 'pollTimes' && description.polling) {
			// n8n adds the poll schedule to every polling node itself.
			continue;
		}
		const declared = description.properties.filter((property) => property.name === name);
		const shown = declared.filter((property) => NodeHelpers.displayParameter(entry.parameters as INodeParameters, property, { typeVersion: 1 }, description));
		if (shown.length === 0) {
			problems.push(`${entry.name}: parameter "${name}" is ${declared.length === 0 ? 'not declared' : 'not shown for these values'}`);
			continue;
		}
		problems.push(...valueProblems(entry.name, shown[0], value));
	}
	return problems;
}

function valueProblems(nodeName: string, property: INodeProperties, value: unknown): string[] {
	const isExpression = typeof value === 'string' && value.startsWith('=');
	if (isExpression) {
		return property.noDataExpression ? [`${nodeName}: "${property.name}" does not accept expressions`] : [];
	}
	if (property.type === 'options') {
		const allowed = (property.options ?? []).map((option) => (option as { value: unknown }).value);
		return allowed.includes(value) ? [] : [`${nodeName}: "${property.name}" has no option ${JSON.stringify(value)}`];
	}
	if (property.type === 'multiOptions') {
		const allowed = (property.options ?? []).map((option) => (option as { value: unknown }).value);
		return (value as unknown[]).filter((item) => !allowed.includes(item)).map((item) => `${nodeName}: "${property.name}" has no option ${JSON.stringify(item)}`);
	}
	if (property.type === 'collection') {
		const names = new Set((property.options ?? []).map((option) => (option as { name: string }).name));
		return Object.keys(value as object)
			.filter((key) => !names.has(key))
			.map((key) => `${nodeName}: "${property.name}" has no field "${key}"`);
	}
	return [];
}

describe('shipped service workflows', () => {
	const shipped = shippedWorkflows();

	test.each(SERVICE_FILES)('%s: parameters exist on nodes', (file) => {
		const problems = nodesOf(shipped[file])
			.filter((entry) => entry.type.startsWith(`${PACKAGE}.`))
			.flatMap(undeclaredParameters);
		expect(problems).toEqual([]);
	});

	test.each(SERVICE_FILES)('%s: connections and ids', (file) => {
		const workflow = shipped[file];
		expectConnectionsValid(workflow);
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(file.slice(0, 2)).toBe(workflow.name.match(/^ТЖЦТ (\d+)\./)?.[1].padStart(2, '0'));
	});

	test.each(SERVICE_FILES)('%s: every node is reached', (file) => {
		const workflow = shipped[file];
		const reached = new Set<string>();
		const queue = nodesOf(workflow)
			.filter((entry) => /Trigger$/i.test(entry.type) || entry.type.endsWith('formTrigger'))
			.map((entry) => entry.name);
		while (queue.length > 0) {
			const name = queue.shift() as string;
			if (reached.has(name)) {
				continue;
			}
			reached.add(name);
			queue.push(...(workflow.connections[name]?.main.flat().map((target) => target.node) ?? []));
		}
		const unreached = workflow.nodes.filter((entry) => entry.type !== 'n8n-nodes-base.stickyNote' && !reached.has(entry.name)).map((entry) => entry.name);
		expect(unreached).toEqual([]);
	});

	test.each(SERVICE_FILES)('%s: canvas stays readable', (file) => {
		const workflow = shipped[file];
		const notes = nodesOf(workflow).filter((entry) => entry.type === 'n8n-nodes-base.stickyNote');
		const nodes = nodesOf(workflow).filter((entry) => entry.type !== 'n8n-nodes-base.stickyNote');
		const problems: string[] = [];

		for (const note of notes) {
			const area = { left: note.position[0], top: note.position[1], right: note.position[0] + Number(note.parameters.width), bottom: note.position[1] + Number(note.parameters.height) };
			for (const entry of nodes) {
				if (overlaps(area, box(entry))) {
					problems.push(`${note.name} covers ${entry.name}`);
				}
			}
			for (const other of notes) {
				const otherArea = { left: other.position[0], top: other.position[1], right: other.position[0] + Number(other.parameters.width), bottom: other.position[1] + Number(other.parameters.height) };
				if (other !== note && overlaps(area, otherArea)) {
					problems.push(`${note.name} overlaps ${other.name}`);
				}
			}
		}
		nodes.forEach((entry, index) => {
			for (const other of nodes.slice(index + 1)) {
				if (overlaps(box(entry), box(other))) {
					problems.push(`${entry.name} overlaps ${other.name}`);
				}
				const sameColumn = Math.abs(entry.position[0] - other.position[0]) < 100;
				if (sameColumn && Math.abs(entry.position[1] - other.position[1]) < 180) {
					problems.push(`${entry.name} and ${other.name} are closer than 180 px`);
				}
			}
		});
		expect(problems).toEqual([]);
	});

	test.each(SERVICE_FILES)('%s: notes are Russian', (file) => {
		const notes = nodesOf(shipped[file]).filter((entry) => entry.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(2);
		for (const note of notes) {
			const cyrillic = String(note.parameters.content).match(/[А-Яа-яЁё]/g) ?? [];
			expect(cyrillic.length).toBeGreaterThan(100);
		}
	});

	test.each(SERVICE_FILES)('%s: form labels are unique', (file) => {
		for (const form of nodesOf(shipped[file]).filter((entry) => entry.type === 'n8n-nodes-base.formTrigger')) {
			const labels = (form.parameters.formFields as { values: Array<{ fieldLabel: string }> }).values.map((field) => field.fieldLabel);
			expect(new Set(labels).size).toBe(labels.length);
		}
	});

	test.each(Object.entries(SERVICE_OF_FILE))('%s: hands over to others', (file, service) => {
		const workflow = shipped[file];
		const handovers = workflow.nodes.map(handoverServiceOf).filter((entry): entry is ServiceNumber => entry !== undefined);
		expect(handovers.sort()).toEqual(([1, 2, 3, 4, 5, 6] as ServiceNumber[]).filter((other) => other !== service));
	});

	test.each(['03-konsultant-proforientatsiya.json', '04-konsultant-vremennoe-trudoustroystvo.json', '06-konsultant-soprovozhdaemoe-trudoustroystvo.json'])('%s: operation choice maps to nodes', (file) => {
		const workflow = shipped[file];
		const form = node(workflow, 'Форма консультанта');
		const choice = (form.parameters.formFields as { values: Array<{ fieldLabel: string; fieldOptions?: { values: Array<{ option: string }> } }> }).values.find((field) => field.fieldLabel === 'Операция');
		const labels = choice?.fieldOptions?.values.map((value) => value.option) ?? [];
		expect(labels.length).toBeGreaterThanOrEqual(5);
		labels.forEach((label, index) => {
			const [target] = targets(workflow, 'Операция', index);
			const episode = node(workflow, target);
			expect(episode.type).toBe(`${PACKAGE}.lifecycleEpisode`);
			expect(EPISODE_OPERATION_LABELS[episode.parameters.operation as EpisodeOperation]).toBe(label);
			expect(episode.onError).toBe('continueRegularOutput');
		});
	});

	test.each(SERVICE_FILES)('%s: rejected episode steps are kept', (file) => {
		const workflow = shipped[file];
		const episodes = nodesOf(workflow).filter((entry) => entry.type === `${PACKAGE}.lifecycleEpisode`);
		const notes = nodesOf(workflow)
			.filter((entry) => entry.type === 'n8n-nodes-base.stickyNote')
			.map((entry) => String(entry.parameters.content))
			.join('\n');
		for (const episode of episodes) {
			expect([episode.name, episode.parameters.keepRejected, episode.onError]).toEqual([episode.name, true, 'continueRegularOutput']);
			// Texts that go to confidential columns come from fields that a stored rejection replaces by a placeholder.
			const options = (episode.parameters.options ?? {}) as Record<string, unknown>;
			for (const value of [episode.parameters.outcome, episode.parameters.description, options.specialistComment]) {
				const label = /^=\{\{ \$json\["([^"]+)"\] \?\? "" \}\}$/.exec(String(value ?? ''))?.[1];
				if (label) {
					expect([episode.name, label, CONFIDENTIAL_ANSWER_LABELS.has(label)]).toEqual([episode.name, label, true]);
				}
			}
		}
		if (episodes.length > 0) {
			expect(notes).toContain('«Отклоненные анкеты»');
		}
	});

	test('referral to service 4 reads the override reason', () => {
		const workflow = shipped['03-konsultant-proforientatsiya.json'];
		const form = node(workflow, 'Форма консультанта');
		const field = (form.parameters.formFields as { values: Array<{ fieldLabel: string; placeholder?: string }> }).values.find((entry) => entry.fieldLabel === 'Причина исключения из правила');

		expect(node(workflow, 'Направить на услугу 4').parameters.overrideReason).toBe('={{ $json["Причина исключения из правила"] ?? "" }}');
		expect(field?.placeholder).toContain('«Направить на услугу 4»');
		expect(JSON.stringify(form.parameters.options)).toContain('Отклоненные анкеты');
	});

	test('tutor clears confidential details first', () => {
		const workflow = shipped['02-tyutor-sotsialno-psihologicheskie-uslugi.json'];
		expect(targets(workflow, 'Форма тьютора')).toEqual(['Правило конфиденциальности']);
		expect(targets(workflow, 'Из другого процесса')).toEqual(['Правило конфиденциальности']);
		expect(targets(workflow, 'Правило конфиденциальности')).toEqual(['Ключ кандидата указан?']);
		const assignments = (node(workflow, 'Правило конфиденциальности').parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
		for (const field of ['Тема встречи', 'Результат для кандидата', 'Комментарий специалиста']) {
			const assignment = assignments.find((entry) => entry.name === field);
			expect(assignment?.value).toContain('$json["Конфиденциально"] === "Да" ? ""');
		}
		expect(node(workflow, 'Встреча с тьютором').parameters.confidential).toBe('={{ $json["Конфиденциально"] === "Да" }}');
		expect(workflow.settings).toMatchObject({ saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none', saveManualExecutions: false });
		const form = node(workflow, 'Форма тьютора');
		expect(String(form.parameters.formDescription)).toContain('Правило конфиденциальности');
		const notes = nodesOf(workflow)
			.filter((entry) => entry.type === 'n8n-nodes-base.stickyNote')
			.map((entry) => String(entry.parameters.content))
			.join('\n');
		expect(notes).toContain('Правило конфиденциальности');
		expect(notes).toContain('потребность в дальнейшем сопровождении');
	});

	test('trainer records the four activities', () => {
		const workflow = shipped['05-trener-sotsialnaya-adaptatsiya.json'];
		const form = node(workflow, 'Форма тренера');
		const choice = (form.parameters.formFields as { values: Array<{ fieldLabel: string; fieldOptions?: { values: Array<{ option: string }> } }> }).values.find((field) => field.fieldLabel === 'Вид мероприятия');
		expect(choice?.fieldOptions?.values.map((value) => value.option)).toEqual([
			'Тренинг для кандидата(ов)',
			'Тренировочное собеседование',
			'Кратковременная стажировка',
			'Производственная экскурсия кандидата(ов) у работодателя',
		]);
		for (const option of choice?.fieldOptions?.values ?? []) {
			expect(EVENT_TYPES.find((type) => type.name === option.option)?.services).toEqual([5]);
		}
		expect(node(workflow, 'Мероприятие').parameters.eventType).toBe('={{ $json["Вид мероприятия"] ?? "" }}');
		expect(shipped['05-trener-sotsialnaya-adaptatsiya.json'].id).toBe(TRAINER_WORKFLOW_ID);
	});

	test('trainer splits participant keys', () => {
		const workflow = shipped['05-trener-sotsialnaya-adaptatsiya.json'];
		const assignments = (node(workflow, 'Участники').parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
		const participants = assignments.find((entry) => entry.name === 'Ключ кандидата')?.value ?? '';
		const split = new Function('$json', `return ${participants.replace(/^=\{\{/, '').replace(/\}\}$/, '')};`) as (item: Record<string, unknown>) => string[];
		expect(split({ 'Ключи кандидатов': 'cand_1, cand_2;cand_3\ncand_4' })).toEqual(['cand_1', 'cand_2', 'cand_3', 'cand_4']);
		expect(split({ 'Ключи кандидатов': '' })).toEqual(['']);
		expect(split({ 'Ключ кандидата': 'cand_9' })).toEqual(['cand_9']);
		expect(split({})).toEqual(['']);
	});

	test('exit workflow has all entries', () => {
		const workflow = shipped['10-tochka-vyhoda.json'];
		expect(node(workflow, 'Ежедневная проверка точки выхода').parameters).toMatchObject({ kinds: ['exitCheck'], services: [6], pollTimes: { item: [{ mode: 'custom', cronExpression: '0 7 * * *' }] } });
		expect(node(workflow, 'Проверить вручную').type).toBe('n8n-nodes-base.manualTrigger');
		expect(targets(workflow, 'Ежедневная проверка точки выхода')).toEqual(['Проверить точку выхода']);
		expect(targets(workflow, 'По одному кандидату')).toEqual(['Проверить точку выхода']);
		expect(targets(workflow, 'Операция', 1)).toEqual(['Выбытие']);
	});
});

describe('provider work calendar', () => {
	test('calendar reaches the checkpoint triggers', () => {
		const config = valid({ ...example('provider-full.json'), calendar: { nonWorkingDays: ['2026-12-31', '2027-01-08'], workingDays: ['2027-11-06'] } });
		expect(config.workCalendar).toEqual({ nonWorkingDays: ['2026-12-31', '2027-01-08'], workingDays: ['2027-11-06'] });

		const triggers = Object.values(assembleProvider(config).workflows).flatMap((workflow) => nodesOf(workflow).filter((entry) => entry.type === `${PACKAGE}.lifecycleCheckpointTrigger`));
		expect(triggers.length).toBeGreaterThan(0);
		for (const trigger of triggers) {
			expect(trigger.parameters).toMatchObject({ nonWorkingDays: '2026-12-31, 2027-01-08', workingDays: '2027-11-06' });
		}
	});

	test('no calendar leaves triggers alone', () => {
		const config = valid(example('provider-full.json'));
		expect(config.workCalendar).toEqual({ nonWorkingDays: [], workingDays: [] });
		const triggers = Object.values(assembleProvider(config).workflows).flatMap((workflow) => nodesOf(workflow).filter((entry) => entry.type === `${PACKAGE}.lifecycleCheckpointTrigger`));
		expect(triggers.length).toBeGreaterThan(0);
		expect(triggers.every((trigger) => !('nonWorkingDays' in trigger.parameters) && !('workingDays' in trigger.parameters))).toBe(true);
	});
});
