/**
 * Provider sets in a real n8n. Both example configs are assembled and imported with their credentials.
 * The NGO that starts with service 1 runs its tutor workflow on a local base and hands users to its
 * partners by e-mail. The full provider runs the recruiter questionnaire, the consultant's and the
 * trainer's forms on an Airtable base (the emulator on loopback) and hands users to its own specialists
 * by e-mail. The test then reads what landed in each base and in the SMTP sink, and submits the
 * questionnaire form while the sink rejects every recipient.
 */
import fs from 'node:fs';
import path from 'node:path';

import { dedupKey } from '../../core/intake';
import { stableId } from '../../core/ids';
import { candidateIdFor } from '../../core/operations/intake';
import { candidates, DIAGNOSIS_GROUPS, serviceName, type Scenario } from '../../schemas';
import { assembleProvider, type Assembly } from '../../scripts/provider/assemble';
import { validateProviderConfig, type ProviderConfig } from '../../scripts/provider/config';
import { providerWorkflowId } from '../../scripts/provider/ids';
import type { Workflow } from '../../scripts/workflows/builder';
import { INTAKE_WORKFLOW_ID } from '../../scripts/workflows/intake';
import { CAREER_GUIDANCE_WORKFLOW_ID } from '../../scripts/workflows/services/careerGuidance';
import { EXIT_WORKFLOW_ID } from '../../scripts/workflows/services/exit';
import { TRAINER_WORKFLOW_ID } from '../../scripts/workflows/services/trainer';
import { TUTOR_WORKFLOW_ID } from '../../scripts/workflows/services/tutor';
import { AirtableBase } from '../../storage/airtable/airtableBase';
import { fetchTransport } from '../../storage/airtable/fetchTransport';
import type { Runtime } from '../../storage/airtable/runtime';
import { createMissing } from '../../storage/airtable/setup';
import { LocalBase } from '../../storage/local/localBase';
import { DEFAULT_TOKEN, startAirtableEmulator, type AirtableEmulator } from '../emulators/airtable';
import { buildCohort, COHORT_DATE, type CohortEntry } from '../fixtures/cohort';
import { SmtpSink, type ReceivedMail } from '../support/smtpSink';
import { formItem } from './cohort-items';
import { RECRUITER_FORM_ANSWERS, submitForm, waitForForm, type FormField } from './formPage';
import { createN8nInstance, report, type N8nInstance, type WorkflowJson } from './harness';

const EXAMPLES = path.join(__dirname, '..', '..', 'docs', 'examples');

/** Real time: n8n runs in another process, so the emulator's rate limit must run on the system clock too. */
const realTime: Runtime = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** Values of the questionnaire that are health data; no letter may contain them. */
const HEALTH_VALUES = ['I группа', 'II группа', 'III группа', 'I степень', 'II степень', 'III степень', ...DIAGNOSIS_GROUPS];

function exampleConfig(name: string, change: (config: Record<string, unknown>) => void = () => undefined): ProviderConfig {
	const input = JSON.parse(fs.readFileSync(path.join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;
	change(input);
	const result = validateProviderConfig(input);
	if (!result.ok) {
		throw new Error(`example ${name} is invalid: ${result.problems.join(' ')}`);
	}
	return result.config;
}

/** Builds a workflow that hands the given items to another workflow, as a table import would. */
function batchWorkflow(id: string, targetId: string, items: Array<Record<string, unknown>>): WorkflowJson {
	const jsCode = `return ${JSON.stringify(items)}.map((json) => ({ json }));`;
	return {
		id,
		name: `Пакетная загрузка ${id}`,
		nodes: [
			{ id: 'c0000000-0000-4000-8000-000000000001', name: 'Старт', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'c0000000-0000-4000-8000-000000000002', name: 'Записи', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode } },
			{
				id: 'c0000000-0000-4000-8000-000000000003',
				name: 'Процесс провайдера',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [400, 0],
				parameters: { source: 'database', workflowId: { __rl: true, value: targetId, mode: 'id' }, mode: 'once', options: { waitForSubWorkflow: true } },
			},
		],
		connections: {
			Старт: { main: [[{ node: 'Записи', type: 'main', index: 0 }]] },
			Записи: { main: [[{ node: 'Процесс провайдера', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Writes a credentials file for `n8n import:credentials`: n8n 2.41.1 encrypts a plain `data` object with
 * the instance's key on import. The ids differ from the ones the assembly derives, so the import of the
 * workflows must find the credentials by name, as it does for credentials an organisation creates by hand.
 */
function credentialsFile(folder: string, sink: SmtpSink, config: ProviderConfig, emulator?: AirtableEmulator): string {
	const credentials: Array<Record<string, unknown>> = [
		{ id: 'smtpByHand000001', name: config.mail.credential, type: 'smtp', data: { host: sink.host, port: sink.port, secure: false, disableStartTls: true, user: 'tzhct', password: 'loopback-only' } },
	];
	if (emulator && config.base.backend === 'airtable') {
		credentials.push({ id: 'airtableByHand01', name: config.base.credential, type: 'lifecycleAirtableApi', data: { accessToken: DEFAULT_TOKEN, endpointUrl: emulator.url } });
	}
	const file = path.join(folder, 'credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials));
	return file;
}

async function importSet(instance: N8nInstance, assembly: Assembly, credentials: string): Promise<void> {
	const imported = await instance.n8n(['import:credentials', `--input=${credentials}`]);
	if (imported.exitCode !== 0) {
		throw new Error(`import:credentials failed:\n${imported.stdout}\n${imported.stderr}`);
	}
	await instance.importWorkflows(Object.values(assembly.workflows) as unknown as WorkflowJson[]);
}

async function publish(instance: N8nInstance, workflowId: string): Promise<void> {
	const published = await instance.n8n(['publish:workflow', `--id=${workflowId}`]);
	if (published.exitCode !== 0) {
		throw new Error(`publish:workflow failed:\n${published.stdout}\n${published.stderr}`);
	}
}

function candidateIdOf(entry: CohortEntry): string {
	return candidateIdFor(dedupKey(entry.person));
}

function expectNoHealthData(mails: readonly ReceivedMail[], entries: readonly CohortEntry[]): void {
	for (const mail of mails) {
		for (const value of HEALTH_VALUES) {
			expect({ subject: mail.subject, leaks: mail.text.includes(value) }).toEqual({ subject: mail.subject, leaks: false });
		}
		expect(mail.text).not.toContain(candidates.columns.disabilityGroup.label);
		expect(mail.text).not.toContain(candidates.columns.chemicalDependency.label);
		expect(mail.text).not.toContain('Причины несоответствия');
		for (const entry of entries) {
			const groups = entry.person.diagnosisGroups ?? [];
			for (const group of groups) {
				expect(mail.text).not.toContain(group);
			}
		}
	}
}

function letterFor(mails: readonly ReceivedMail[], entry: CohortEntry): ReceivedMail[] {
	return mails.filter((mail) => mail.text.includes(`Ключ кандидата: ${candidateIdOf(entry)}`));
}

describe('provider sets in real n8n', () => {
	const cohort = buildCohort(60);
	const accepted = cohort.filter((entry) => entry.expected.outcome === 'accepted');
	let sink: SmtpSink;

	beforeAll(async () => {
		sink = await SmtpSink.start();
	});

	afterAll(async () => {
		await sink?.close();
	});

	describe('NGO starting with service 1, local base', () => {
		let instance: N8nInstance;
		let config: ProviderConfig;
		let assembly: Assembly;
		let basePath: string;
		const people = accepted.slice(0, 4);
		const TOPIC = 'Тревога перед собеседованием';

		/** Builds the tutor's form values for each person: a confidential consultation, an open one, a group session, an episode start. */
		function meetings(): Array<Record<string, unknown>> {
			const answers: Array<Record<string, unknown>> = [
				{ 'Формат встречи': 'Индивидуальная консультация', Конфиденциально: 'Да', 'Нужно дальнейшее сопровождение': 'Да', 'Следующая рекомендованная услуга': serviceName(2) },
				{ 'Формат встречи': 'Индивидуальная консультация', Конфиденциально: 'Нет', 'Следующая рекомендованная услуга': serviceName(5) },
				{ 'Формат встречи': 'Групповое занятие', Конфиденциально: 'Нет', 'Следующая рекомендованная услуга': 'Не выбрана' },
				{ 'Формат встречи': 'Индивидуальная консультация', Конфиденциально: 'Нет', 'Эпизод услуги': 'Начать оказание' },
			];
			return people.map((entry, index) => ({
				...entry.raw,
				'Дата встречи': COHORT_DATE,
				Тьютор: 'Тьютор Тестовая',
				'Тема встречи': TOPIC,
				'Результат для кандидата': `Результат встречи ${index + 1}`,
				'Комментарий специалиста': `Комментарий ${index + 1}`,
				'Общие рекомендации для других специалистов': 'Поддерживать контакт раз в неделю',
				...answers[index],
			}));
		}

		beforeAll(async () => {
			instance = await createN8nInstance({ env: { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } });
			basePath = path.join(instance.root, 'shag-navstrechu.sqlite');
			config = exampleConfig('provider-start-service1.json', (input) => {
				(input.base as Record<string, unknown>).path = basePath;
			});
			assembly = assembleProvider(config);
			await importSet(instance, assembly, credentialsFile(instance.root, sink, config));
			await publish(instance, providerWorkflowId(config.organisation, TUTOR_WORKFLOW_ID));
		}, 300_000);

		afterAll(async () => {
			await instance?.dispose();
		});

		test('tutor meetings run through the set', async () => {
			const before = sink.messages.length;
			const [id] = await instance.importWorkflows([batchWorkflow('e2eProviderTut01', providerWorkflowId(config.organisation, TUTOR_WORKFLOW_ID), meetings())]);
			const result = await instance.execute(id, 300_000);
			expect(result.error).toBeUndefined();
			expect(result.succeeded).toBe(true);
			await sink.waitForCount(before + 2, 30_000);
			report(`tutor set: ${sink.messages.length - before} letter(s)`);
		}, 600_000);

		test('rows land in the configured base', async () => {
			expect(fs.existsSync(basePath)).toBe(true);
			const base = LocalBase.open(basePath);
			try {
				expect(await base.count('candidates')).toBe(people.length);
				const events = await base.list('events', { where: { service: serviceName(1) } });
				expect(events).toHaveLength(people.length);

				const [confidential] = events.filter((event) => event.candidate === candidateIdOf(people[0]));
				expect(confidential.type).toBe('Собеседование кандидата с консультантом');
				expect(confidential.confidential).toBe(true);
				expect(confidential.title).toBe('Конфиденциальное обращение к тьютору. Дальнейшее сопровождение: Да');
				expect(confidential.resultForCandidate ?? null).toBeNull();
				expect(confidential.specialistComment ?? null).toBeNull();
				expect(confidential.recommendations).toBe('Поддерживать контакт раз в неделю');
				expect(JSON.stringify(confidential)).not.toContain(TOPIC);

				const [open] = events.filter((event) => event.candidate === candidateIdOf(people[1]));
				expect(open.confidential ?? false).toBe(false);
				expect(open.title).toBe(TOPIC);
				expect(open.resultForCandidate).toBe('Результат встречи 2');
				expect(open.recommendedService).toBe(serviceName(5));

				const [group] = events.filter((event) => event.candidate === candidateIdOf(people[2]));
				expect(group.type).toBe('Иное');

				// Without a referral there is no episode of service 1 to start: the event stays, the episode is not invented.
				expect(await base.count('episodes')).toBe(0);
				const rejected = await base.list('rejectedSubmissions');
				expect(JSON.stringify(rejected)).not.toContain(TOPIC);
			} finally {
				await base.close();
			}
			// The instance's default base file was never opened: every node used the configured path.
			if (fs.existsSync(instance.basePath)) {
				const fallback = LocalBase.open(instance.basePath);
				try {
					expect(await fallback.count('candidates')).toBe(0);
				} finally {
					await fallback.close();
				}
			}
		});

		test('partners get letters without health data', () => {
			const letters = sink.messages.filter((mail) => mail.from === config.mail.sender);
			const toRecruiter = letterFor(letters, people[0]);
			expect(toRecruiter).toHaveLength(1);
			expect(toRecruiter[0].to).toEqual([config.partners.get(2)?.email]);
			expect(toRecruiter[0].subject).toBe(`Направление на услугу «${serviceName(2)}» от ${config.organisation}`);
			expect(toRecruiter[0].text).toContain(`Кандидат: ${String(people[0].raw['Фамилия'])} ${String(people[0].raw['Имя'])}`);
			expect(toRecruiter[0].text).toContain(`Следующая рекомендованная услуга: ${serviceName(2)}`);
			expect(toRecruiter[0].text).not.toContain(TOPIC);
			expect(toRecruiter[0].text).not.toContain('Результат встречи');

			const toTrainer = letterFor(letters, people[1]);
			expect(toTrainer.map((mail) => mail.to)).toEqual([[config.partners.get(5)?.email]]);
			expect(letterFor(letters, people[2])).toEqual([]);
			expectNoHealthData(letters, people);
		});

		test('re-running writes nothing twice', async () => {
			const base = LocalBase.open(basePath);
			const before = { candidates: await base.count('candidates'), events: await base.count('events') };
			await base.close();

			const result = await instance.execute('e2eProviderTut01', 300_000);
			expect(result.succeeded).toBe(true);

			const after = LocalBase.open(basePath);
			try {
				expect(await after.count('candidates')).toBe(before.candidates);
				expect(await after.count('events')).toBe(before.events);
			} finally {
				await after.close();
			}
		}, 600_000);
	});

	describe('full provider on Airtable', () => {
		let instance: N8nInstance;
		let emulator: AirtableEmulator;
		let config: ProviderConfig;
		let assembly: Assembly;
		const vacancyId = stableId('vac', 'e2e-provider');
		const scenarios: Scenario[] = ['A', 'B', 'C', 'D'];
		const people = scenarios.map((scenario) => accepted.find((entry) => entry.expected.outcome === 'accepted' && entry.expected.scenario === scenario) as CohortEntry);
		const rejected = cohort.find((entry) => entry.expected.outcome === 'rejected') as CohortEntry;

		function openAirtable(): AirtableBase {
			const base = config.base as { baseId: string };
			return AirtableBase.open({ transport: fetchTransport({ token: DEFAULT_TOKEN }), baseId: base.baseId, endpointUrl: emulator.url, runtime: realTime });
		}

		beforeAll(async () => {
			config = exampleConfig('provider-full.json');
			const baseId = (config.base as { baseId: string }).baseId;
			emulator = await startAirtableEmulator({ bases: [{ id: baseId, name: 'ТЖЦТ Все получится' }] });
			const base = openAirtable();
			try {
				const findings = await createMissing(base.client);
				const unfixed = findings.filter((finding) => finding.kind !== 'createdTable' && finding.kind !== 'createdField');
				expect(unfixed).toEqual([]);
				await base.write([{ kind: 'insert', table: 'vacancies', row: { id: vacancyId, title: 'Помощник кладовщика', type: 'Открытая вакансия', status: 'Открыта' }, onConflict: 'skip' }], { actor: 'e2e: банк вакансий' });
			} finally {
				await base.close();
			}
			report(`Airtable emulator ready at ${emulator.url} after ${emulator.stats.requests} request(s)`);

			instance = await createN8nInstance({ env: { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } });
			assembly = assembleProvider(config);
			await importSet(instance, assembly, credentialsFile(instance.root, sink, config, emulator));
			for (const shippedId of [INTAKE_WORKFLOW_ID, CAREER_GUIDANCE_WORKFLOW_ID, TRAINER_WORKFLOW_ID]) {
				await publish(instance, providerWorkflowId(config.organisation, shippedId));
			}
		}, 600_000);

		afterAll(async () => {
			await instance?.dispose();
			await emulator?.stop();
		});

		test('every workflow of the set is imported', async () => {
			const listed = await instance.n8n(['list:workflow']);
			expect(listed.exitCode).toBe(0);
			for (const workflow of Object.values(assembly.workflows) as Workflow[]) {
				expect(listed.stdout).toContain(workflow.id);
			}
		});

		test('questionnaires run through the intake', async () => {
			const before = sink.messages.length;
			const items = [...people.map((entry, index) => formItem(entry, COHORT_DATE, index === 0 ? vacancyId : undefined)), formItem(rejected, COHORT_DATE)];
			const [id] = await instance.importWorkflows([batchWorkflow('e2eProviderAir01', providerWorkflowId(config.organisation, INTAKE_WORKFLOW_ID), items)]);
			const result = await instance.execute(id, 600_000);
			expect(result.error).toBeUndefined();
			expect(result.succeeded).toBe(true);
			// One letter per referral: each item goes to the handover step of its primary service.
			await sink.waitForCount(before + people.length, 30_000);
			report(`Airtable set: ${sink.messages.length - before} letter(s), ${emulator.stats.requests} emulator request(s)`);
		}, 900_000);

		test('rows land in the Airtable base', async () => {
			const base = openAirtable();
			try {
				const stored = await base.list('candidates');
				expect(stored.map((row) => row.id).sort()).toEqual(people.map(candidateIdOf).sort());
				expect(await base.list('rejectedSubmissions')).toHaveLength(1);
				const additions = await base.list('events', { where: { type: 'Добавление кандидата' } });
				expect(additions).toHaveLength(people.length);

				const checks = await base.list('portraitChecks');
				expect(checks).toHaveLength(people.length);
				expect(new Set(checks.map((check) => check.rulesVersion))).toEqual(new Set(['ТЖЦТ-1 + центры временного содержания']));

				for (const entry of people) {
					if (entry.expected.outcome !== 'accepted') {
						continue;
					}
					const candidateId = candidateIdOf(entry);
					const candidate = stored.find((row) => row.id === candidateId);
					expect({ entry: entry.index, verdict: candidate?.portraitVerdict }).toEqual({ entry: entry.index, verdict: entry.expected.verdict });
					const episodes = await base.list('episodes', { where: { candidate: candidateId } });
					expect(episodes.map((episode) => episode.service)).toEqual(expect.arrayContaining([serviceName(2), entry.expected.nextService]));
				}
			} finally {
				await base.close();
			}
		});

		test('specialists get the handover letters', () => {
			const letters = sink.messages.filter((mail) => mail.from === config.mail.sender);
			for (const entry of people) {
				if (entry.expected.outcome !== 'accepted') {
					continue;
				}
				const service = entry.expected.nextService;
				const number = [1, 2, 3, 4, 5, 6].find((candidate) => serviceName(candidate as 1) === service) as 1;
				const mine = letterFor(letters, entry).filter((mail) => mail.text.includes(`Пользователь передан в услугу «${service}»`));
				expect({ entry: entry.index, letters: mine.length }).toEqual({ entry: entry.index, letters: 1 });
				expect(mine[0].to.sort()).toEqual([...(config.specialists.get(number) ?? [])].sort());
				expect(mine[0].subject.startsWith(`${config.organisation}: Услуга ${number}: `)).toBe(true);
				expect(mine[0].text).toContain(`Сценарий: ${entry.expected.scenario}`);
			}
			expectNoHealthData(letters, people);
		});

		test('re-sent questionnaires send no letters', async () => {
			const before = sink.messages.length;
			const result = await instance.execute('e2eProviderAir01', 600_000);
			expect(result.error).toBeUndefined();
			expect(result.succeeded).toBe(true);
			// A letter that should not exist would arrive within the same execution.
			expect(sink.messages.slice(before).map((mail) => mail.subject)).toEqual([]);
		}, 900_000);

		/** Runs items through one workflow of the set from a batch workflow; returns the letters it sent. */
		async function runBatch(batchId: string, shippedId: string, items: Array<Record<string, unknown>>, expectedLetters: number): Promise<ReceivedMail[]> {
			const before = sink.messages.length;
			const [id] = await instance.importWorkflows([batchWorkflow(batchId, providerWorkflowId(config.organisation, shippedId), items)]);
			const result = await instance.execute(id, 600_000);
			expect(result.error).toBeUndefined();
			expect(result.succeeded).toBe(true);
			if (expectedLetters > 0) {
				await sink.waitForCount(before + expectedLetters, 30_000);
			}
			// A letter that should not exist would arrive within the same execution.
			return sink.messages.slice(before);
		}

		test('consultant form runs service 3', async () => {
			const [, guided] = people;
			const key = candidateIdOf(guided);
			const start = await runBatch('e2eProviderPro01', CAREER_GUIDANCE_WORKFLOW_ID, [{ Операция: 'Начать оказание', 'Ключ кандидата': key, Дата: '2025-03-04', Консультант: 'Консультант Тестовый', 'План профессиональных проб': 'Пробы в пекарне и на складе' }], 0);
			expect(start).toEqual([]);

			const complete = { Операция: 'Завершить', 'Ключ кандидата': key, Дата: '2025-04-03', Результат: 'Интерес к складской работе', 'Следующая рекомендованная услуга': serviceName(4) };
			const letters = await runBatch('e2eProviderPro02', CAREER_GUIDANCE_WORKFLOW_ID, [complete, { ...complete, 'Причина исключения из правила': 'Экзамен перенесен по болезни консультанта' }], 1);
			expect(letters).toHaveLength(1);
			expect(letters[0].to).toEqual(config.specialists.get(4));
			expect(letters[0].subject).toBe(`${config.organisation}: Услуга 4: передать консультанту`);
			expect(letters[0].text).toContain(`Ключ кандидата: ${key}`);
			expect(letters[0].text).toContain(`Следующая рекомендованная услуга: ${serviceName(4)}`);

			const base = openAirtable();
			try {
				const [episode] = await base.list('episodes', { where: { candidate: key, service: serviceName(3) } });
				expect(episode.status).toBe('Завершена');
				expect(episode.startDate).toBe('2025-03-04');
				expect(episode.actualEndDate).toBe('2025-04-03');
				expect(episode.nextService).toBe(serviceName(4));
				expect(episode.overrideReason).toContain('Экзамен перенесен');
			} finally {
				await base.close();
			}
		}, 900_000);

		test('trainer form records a training', async () => {
			const [, , supported, outside] = people;
			const keys = [candidateIdOf(supported), candidateIdOf(outside)];
			const letters = await runBatch(
				'e2eProviderTrn01',
				TRAINER_WORKFLOW_ID,
				[{ 'Вид мероприятия': 'Тренинг для кандидата(ов)', 'Название мероприятия': 'Как пройти собеседование', Дата: '2025-03-05', Тренер: 'Тренер Тестовый', 'Ключи кандидатов': keys.join(', '), 'Эпизод услуги': 'Начать оказание' }],
				0,
			);
			expect(letters).toEqual([]);

			const base = openAirtable();
			try {
				const trainings = await base.list('events', { where: { type: 'Тренинг для кандидата(ов)' } });
				expect(trainings.map((event) => event.candidate).sort()).toEqual([...keys].sort());
				expect(new Set(trainings.map((event) => event.title))).toEqual(new Set(['Как пройти собеседование']));
				// Scenario C was referred to service 5, so its episode starts; the other user has no episode of service 5 to start.
				const [episode] = await base.list('episodes', { where: { candidate: keys[0], service: serviceName(5) } });
				expect(episode.status).toBe('Оказывается');
				expect(await base.list('episodes', { where: { candidate: keys[1], service: serviceName(5) } })).toEqual([]);
			} finally {
				await base.close();
			}
		}, 900_000);

		test('manual exit check runs', async () => {
			// The organisation's administrator types the keys into «Кого проверить» and runs the workflow by hand.
			const exit = JSON.parse(JSON.stringify(Object.values(assembly.workflows).find((workflow) => workflow.id === providerWorkflowId(config.organisation, EXIT_WORKFLOW_ID)))) as Workflow;
			const listToCheck = exit.nodes.find((node) => node.name === 'Кого проверить');
			const assignments = (listToCheck?.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
			const keys = people.slice(0, 2).map(candidateIdOf);
			assignments[0].value = keys.join(', ');
			await instance.importWorkflows([exit as unknown as WorkflowJson]);

			const result = await instance.execute(exit.id, 300_000);
			expect(result.error).toBeUndefined();
			expect(result.succeeded).toBe(true);
			const checked = result.items('Еще не наступила или ошибка');
			expect(checked.map((item) => item['Ключ кандидата']).sort()).toEqual([...keys].sort());
			for (const item of checked) {
				expect(item.error).toBeUndefined();
				expect(item['Статус маршрута']).toBe('Пользователь');
				expect(item['Статус отсчета']).toBe('Не работает по трудовому договору');
			}
			expect(result.executedNodes).not.toContain('Ежедневная проверка точки выхода');
			expect(result.executedNodes).not.toContain('Точка выхода записана');
		}, 600_000);

		// Runs last: the server shares n8n's database with the command-line runs above.
		test('failed letter still shows the outcome', async () => {
			const intake = Object.values(assembly.workflows).find((workflow) => workflow.id === providerWorkflowId(config.organisation, INTAKE_WORKFLOW_ID)) as Workflow;
			const trigger = intake.nodes.find((entry) => entry.type === 'n8n-nodes-base.formTrigger');
			const formPath = String((trigger?.parameters.options as { path: string }).path);
			const fields = (trigger?.parameters.formFields as { values: FormField[] }).values;
			const server = await instance.start();
			await waitForForm(server, formPath);

			const before = sink.messages.length;
			sink.rejectRecipients = true;
			let text: string;
			try {
				text = await submitForm(server, formPath, fields, { ...RECRUITER_FORM_ANSWERS, Фамилия: 'Письмова' });
			} finally {
				sink.rejectRecipients = false;
			}
			expect(sink.messages.length).toBe(before);
			expect(text).toContain('Анкета принята: направление на услугу «Социальная адаптация на рынке труда»');
			expect(text).toContain('Следующий шаг. Сценарий C');
			expect(text).toContain('Письмо о передаче не отправлено: сообщите специалисту следующей услуги (или партнеру) о кандидате сами.');
			expect(text).not.toContain('Письмова');
			expect(text).not.toContain('000-00-42');
		}, 600_000);
	});
});
