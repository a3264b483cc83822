/**
 * The product's main job in a real n8n: the shipped recruiter-questionnaire workflow takes a cohort of
 * questionnaires, checks the portrait and refers each graduate to a service; the test then reads the
 * local base the nodes wrote. The form itself is submitted over HTTP, and its outcome page is read back.
 */
import { stableId } from '../../core/ids';
import { dedupKey } from '../../core/intake';
import { candidateIdFor } from '../../core/operations/intake';
import { serviceName } from '../../schemas';
import { LocalBase } from '../../storage/local/localBase';
import { INTAKE_WORKFLOW_ID, intakeWorkflow } from '../../scripts/workflows/intake';
import { buildCohort, COHORT_DATE, type CohortEntry } from '../fixtures/cohort';
import { loadRealVacancies } from '../fixtures/vacancies';
import { formItem } from './cohort-items';
import { RECRUITER_FORM_ANSWERS, submitForm, waitForForm, type FormField } from './formPage';
import { createN8nInstance, report, type N8nInstance, type N8nServer, type WorkflowJson } from './harness';

const COHORT_SIZE = 200;

/** A workflow that hands the given items to the shipped workflow, as a batch import would. */
function batchWorkflow(id: string, items: Array<Record<string, unknown>>): WorkflowJson {
	const jsCode = `return ${JSON.stringify(items)}.map((json) => ({ json }));`;
	return {
		id,
		name: `Пакетная загрузка ${id}`,
		nodes: [
			{ id: 'a0000000-0000-4000-8000-000000000001', name: 'Старт', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'a0000000-0000-4000-8000-000000000002', name: 'Анкеты', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode } },
			{
				id: 'a0000000-0000-4000-8000-000000000003',
				name: 'Анкета рекрутера',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [400, 0],
				parameters: {
					source: 'database',
					workflowId: { __rl: true, value: INTAKE_WORKFLOW_ID, mode: 'id' },
					mode: 'once',
					options: { waitForSubWorkflow: true },
				},
			},
		],
		connections: {
			Старт: { main: [[{ node: 'Анкеты', type: 'main', index: 0 }]] },
			Анкеты: { main: [[{ node: 'Анкета рекрутера', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', timezone: 'Europe/Moscow' },
	};
}

/** The candidate id the intake gives a cohort entry: derived from name and birth date. */
function candidateIdOf(entry: CohortEntry): string {
	return candidateIdFor(dedupKey(entry.person));
}

/** Entries whose portrait cannot be decided: one required answer is «Не известно». */
function withUnknownAnswer(entry: CohortEntry, index: number): Record<string, unknown> {
	const item = formItem(entry, COHORT_DATE);
	item['Субъектная позиция'] = 'Не известно';
	item['Фамилия'] = `Неизвестнова${'а'.repeat(index + 1)}`;
	return item;
}

describe('recruiter questionnaire in real n8n', () => {
	let instance: N8nInstance;
	const cohort = buildCohort(COHORT_SIZE);
	const accepted = cohort.filter((entry) => entry.expected.outcome === 'accepted');
	const rejected = cohort.filter((entry) => entry.expected.outcome === 'rejected');
	const vacancyIds: string[] = [];
	const undecided = accepted.slice(0, 5).map(withUnknownAnswer);

	beforeAll(async () => {
		// Headless runs have no server to process n8n's publication outbox, so sub-workflow calls read the
		// version that `publish:workflow` marks as active instead.
		instance = await createN8nInstance({ env: { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } });

		// The vacancy bank of the run comes from real «Работа России» records, so scenario A refers to them.
		const base = LocalBase.open(instance.basePath);
		for (const record of loadRealVacancies()) {
			if (!record.result.ok) {
				continue;
			}
			const employer = record.result.employer;
			const employerId = employer ? stableId('emp', employer.inn ?? employer.name) : null;
			const vacancyId = stableId('vac', record.result.vacancy.externalId ?? record.result.vacancy.title);
			const operations = [];
			if (employer && employerId) {
				operations.push({ kind: 'insert' as const, table: 'employers' as const, row: { id: employerId, ...employer }, onConflict: 'skip' as const });
			}
			operations.push({ kind: 'insert' as const, table: 'vacancies' as const, row: { id: vacancyId, ...record.result.vacancy, employer: employerId }, onConflict: 'skip' as const });
			await base.write(operations, { actor: 'e2e: банк вакансий' });
			vacancyIds.push(vacancyId);
		}
		if (vacancyIds.length === 0) {
			// Without the real samples beside the repository the bank gets one invented vacancy, so scenario A
			// still has a vacancy to refer to.
			const vacancyId = stableId('vac', 'e2e');
			await base.write([{ kind: 'insert', table: 'vacancies', row: { id: vacancyId, title: 'Помощник кладовщика', type: 'Открытая вакансия', status: 'Открыта' }, onConflict: 'skip' }], { actor: 'e2e: банк вакансий' });
			vacancyIds.push(vacancyId);
		}
		await base.close();

		await instance.importShippedWorkflows();
		// n8n 2.x runs a sub-workflow only in its published version, as a coordinator would publish it.
		const published = await instance.n8n(['publish:workflow', `--id=${INTAKE_WORKFLOW_ID}`]);
		expect(published.exitCode).toBe(0);
	}, 300_000);

	afterAll(async () => {
		await instance?.dispose();
	});

	function items(): Array<Record<string, unknown>> {
		const fromCohort = cohort.map((entry, index) => {
			const scenarioA = entry.expected.outcome === 'accepted' && entry.expected.scenario === 'A';
			return formItem(entry, COHORT_DATE, scenarioA && vacancyIds.length > 0 ? vacancyIds[index % vacancyIds.length] : undefined);
		});
		return [...fromCohort, ...undecided];
	}

	test('cohort runs through the shipped workflow', async () => {
		expect(vacancyIds.length).toBeGreaterThan(0);
		const [id] = await instance.importWorkflows([batchWorkflow('e2eIntakeBatch01', items())]);
		const result = await instance.execute(id, 600_000);

		expect(result.error).toBeUndefined();
		expect(result.succeeded).toBe(true);
		expect(result.executedNodes).toContain('Анкета рекрутера');
	}, 900_000);

	test('base holds candidates, verdicts, episodes, events', async () => {
		const base = LocalBase.open(instance.basePath);
		try {
			expect(await base.count('candidates')).toBe(accepted.length + undecided.length);
			expect(await base.count('rejectedSubmissions')).toBe(rejected.length);
			expect(await base.count('portraitChecks')).toBe(accepted.length + undecided.length);

			const additions = await base.list('events', { where: { type: 'Добавление кандидата' } });
			expect(additions).toHaveLength(accepted.length + undecided.length);

			for (const entry of accepted) {
				if (entry.expected.outcome !== 'accepted') {
					continue;
				}
				const candidateId = candidateIdOf(entry);
				const candidate = await base.get('candidates', candidateId);
				expect({ entry: entry.index, verdict: candidate?.portraitVerdict }).toEqual({ entry: entry.index, verdict: entry.expected.verdict });
				expect(candidate?.routeState).toBe('Пользователь');
				expect(candidate?.entryDate).toBe(COHORT_DATE);

				const interviews = await base.list('events', { where: { candidate: candidateId, type: 'Собеседование кандидата с рекрутером' } });
				expect(interviews).toHaveLength(1);
				const details = interviews[0].details as { scenario: string | null };
				expect({ entry: entry.index, scenario: details.scenario }).toEqual({ entry: entry.index, scenario: entry.expected.scenario });

				const episodes = await base.list('episodes', { where: { candidate: candidateId } });
				const services = episodes.map((episode) => episode.service);
				expect(services).toContain(serviceName(2));
				expect(services).toContain(entry.expected.nextService);
				if (entry.expected.verdict !== 'Соответствует') {
					const [check] = await base.list('portraitChecks', { where: { candidate: candidateId } });
					expect(check.failed ?? '').not.toBe('');
				}
				if (entry.expected.scenario === 'A') {
					const referral = episodes.find((episode) => episode.service === serviceName(6));
					expect(vacancyIds).toContain(referral?.vacancy);
				}
			}
		} finally {
			await base.close();
		}
	});

	test('undecided portraits stay with the recruiter', async () => {
		const base = LocalBase.open(instance.basePath);
		try {
			const checks = await base.list('candidates', { where: { portraitVerdict: 'Недостаточно данных' } });
			expect(checks).toHaveLength(undecided.length);
			for (const candidate of checks) {
				expect(candidate.portraitReasons).toContain('«Субъектная позиция»');
				expect(candidate.currentService).toBe(serviceName(2));
			}
		} finally {
			await base.close();
		}
	});

	test('rejected questionnaires are kept with fixes', async () => {
		const base = LocalBase.open(instance.basePath);
		try {
			const stored = await base.list('rejectedSubmissions');
			for (const entry of rejected) {
				if (entry.expected.outcome !== 'rejected') {
					continue;
				}
				const match = stored.find((row) => JSON.stringify(row.raw).includes(String(entry.raw['Фамилия'])));
				expect(match).toBeDefined();
				expect(match?.problems).toBeTruthy();
			}
		} finally {
			await base.close();
		}
	});

	test('re-running the batch writes nothing twice', async () => {
		const base = LocalBase.open(instance.basePath);
		const before = {
			candidates: await base.count('candidates'),
			events: await base.count('events'),
			episodes: await base.count('episodes'),
			checks: await base.count('portraitChecks'),
			rejected: await base.count('rejectedSubmissions'),
		};
		await base.close();

		const result = await instance.execute('e2eIntakeBatch01', 600_000);
		expect(result.succeeded).toBe(true);

		const after = LocalBase.open(instance.basePath);
		try {
			expect(await after.count('candidates')).toBe(before.candidates);
			expect(await after.count('events')).toBe(before.events);
			expect(await after.count('episodes')).toBe(before.episodes);
			expect(await after.count('portraitChecks')).toBe(before.checks);
			expect(await after.count('rejectedSubmissions')).toBe(before.rejected);
		} finally {
			await after.close();
		}
	}, 900_000);
});

describe('recruiter form shows the outcome', () => {
	let instance: N8nInstance;
	let server: N8nServer;
	const trigger = intakeWorkflow().nodes.find((node) => node.type === 'n8n-nodes-base.formTrigger');
	const path = String((trigger?.parameters.options as { path: string }).path);
	const fields = (trigger?.parameters.formFields as { values: FormField[] }).values;

	beforeAll(async () => {
		instance = await createN8nInstance();
		await instance.importShippedWorkflows();
		const published = await instance.n8n(['publish:workflow', `--id=${INTAKE_WORKFLOW_ID}`]);
		expect(published.exitCode).toBe(0);

		server = await instance.start();
		await waitForForm(server, path);
	}, 300_000);

	afterAll(async () => {
		await instance?.dispose();
	});

	function submit(answers: Record<string, string>): Promise<string> {
		return submitForm(server, path, fields, answers);
	}

	test('valid questionnaire shows the referral', async () => {
		const text = await submit(RECRUITER_FORM_ANSWERS);

		expect(text).toContain('Анкета принята: направление на услугу «Социальная адаптация на рынке труда»');
		expect(text).toContain('Проверка портрета: «Соответствует»');
		expect(text).toContain('Следующий шаг. Сценарий C');
		expect(text).not.toContain('Формова');
		expect(text).not.toContain('000-00-42');
		report('form: the accepted questionnaire shows its referral');
	});

	// The same answers again: the check «Анкета новая?» takes the run past the handover step to the page.
	test('re-sent questionnaire is noted', async () => {
		const text = await submit(RECRUITER_FORM_ANSWERS);

		expect(text).toContain('Анкета принята: направление на услугу «Социальная адаптация на рынке труда»');
		expect(text).toContain('Эта анкета уже была принята раньше: повторно ничего не записано.');
	});

	test('invalid questionnaire lists fixes', async () => {
		const answers = { ...RECRUITER_FORM_ANSWERS, Фамилия: 'Ошибкина', 'Дата рождения': '09/25/2003', 'Согласие на обработку персональных данных': '' };
		const text = await submit(answers);

		expect(text).toContain('Анкета не принята: исправьте ошибки');
		expect(text).toContain('«Отклоненные анкеты»');
		expect(text).toMatch(/— В поле «Дата рождения» месяц не может быть 25/);
		expect(text).toMatch(/— В поле «Согласие на обработку персональных данных» нет согласия/);
		expect(text).not.toContain('Ошибкина');

		const base = LocalBase.open(instance.basePath);
		try {
			const stored = await base.list('rejectedSubmissions');
			expect(stored.filter((row) => JSON.stringify(row.raw).includes('Ошибкина'))).toHaveLength(1);
		} finally {
			await base.close();
		}
	});

	test('missing portrait data is named', async () => {
		const text = await submit({ ...RECRUITER_FORM_ANSWERS, Фамилия: 'Неполнова', 'Субъектная позиция': 'Не известно' });

		expect(text).toContain('Анкета принята: не хватает данных, кандидат остается в услуге 2');
		expect(text).toContain(`остается в услуге «${serviceName(2)}»`);
		expect(text).toMatch(/— .*«Субъектная позиция»/);
	});

	test('unknown vacancy keeps interview', async () => {
		const answers = { ...RECRUITER_FORM_ANSWERS, Фамилия: 'Вакансиева', 'Подходит на вакансию из банка': 'Да', 'Заинтересован(а) в вакансии': 'Да', 'Ключ выбранной вакансии': 'vac_нет_такой' };
		const text = await submit(answers);

		expect(text).toContain('Собеседование не записано: исправьте ошибки');
		expect(text).toContain('«Ключ выбранной вакансии»');
		expect(text).not.toContain('Вакансиева');

		const base = LocalBase.open(instance.basePath);
		try {
			const stored = await base.list('rejectedSubmissions');
			expect(stored.filter((row) => JSON.stringify(row.raw).includes('Вакансиева'))).toHaveLength(1);
		} finally {
			await base.close();
		}
	});

	test('missing scenario asks recruiter', async () => {
		const text = await submit({ ...RECRUITER_FORM_ANSWERS, Фамилия: 'Нерешенова', 'Нужна поддержка в поиске работы': 'Нет' });

		expect(text).toContain('Анкета принята: нужно решение рекрутера');
		expect(text).toContain('Почему: Сценарий не определен');
	});
});
