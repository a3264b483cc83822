/**
 * The episode, evaluation and exit nodes in a real n8n: one supported-employment route from the consultant
 * interview to the exit point, run as a workflow, then read back from the local base the nodes wrote.
 * The shipped employer-evaluation form workflow is imported beside it.
 */
import { serviceName } from '../../schemas';
import { EMPLOYER_EVALUATION_FORM_PATH, EMPLOYER_EVALUATION_WORKFLOW_ID, EMPLOYER_EVALUATION_WORKFLOW_NAME, employerEvaluationWorkflow } from '../../scripts/workflows/employerEvaluation';
import { SUPPORTED_EMPLOYMENT_FORM_PATH, SUPPORTED_EMPLOYMENT_WORKFLOW_ID, supportedEmploymentWorkflow } from '../../scripts/workflows/services/supportedEmployment';
import { LocalBase } from '../../storage/local/localBase';
import type { WriteContext } from '../../storage/types';
import { createN8nInstance, report, type N8nInstance, type WorkflowJson } from './harness';

const PACKAGE = 'n8n-nodes-employment-lifecycle';
const CANDIDATE = 'cand-e2e-1';
const context: WriteContext = { actor: 'e2e: подготовка базы' };

function node(name: string, type: string, position: number, parameters: Record<string, unknown>, typeVersion = 1) {
	const suffix = String(position).padStart(12, '0');
	return { id: `b0000000-0000-4000-8000-${suffix}`, name, type, typeVersion, position: [position * 220, 0] as [number, number], parameters };
}

/** Builds a route of supported employment: interview, contract, employer evaluation, closing meeting, exit. */
function routeWorkflow(): WorkflowJson {
	const episode = `${PACKAGE}.lifecycleEpisode`;
	const answers = {
		'Ключ кандидата': CANDIDATE,
		'Ключ контрольной точки': 's6:s6:employer-evaluation:1m',
		'Дата оценки': '2024-02-15',
		'Трудовая дисциплина и пунктуальность': '3 — Проявляется с частичной помощью',
		'Качество выполнения работы': '4',
		'Отзыв работодателя': 'Старается',
	};
	const nodes = [
		node('Старт', 'n8n-nodes-base.manualTrigger', 0, {}),
		node('Собеседование с консультантом', episode, 1, { backend: 'local', operation: 'start', episodeId: 's6', date: '2024-01-10', plan: 'Тренинг по резюме' }),
		node('Трудовой договор', episode, 2, {
			backend: 'local',
			operation: 'contractSigned',
			episodeId: 's6',
			date: '2024-01-15',
			service5Recommendations: 'confirmed',
			agreedStartDate: '2024-01-15',
		}),
		node('Ответы работодателя', 'n8n-nodes-base.code', 3, { jsCode: `return [{ json: ${JSON.stringify(answers)} }];` }, 2),
		node('Оценка через месяц', `${PACKAGE}.lifecycleEvaluation`, 4, { backend: 'local', form: 'employer', service: 6 }),
		node('Итоговая встреча', episode, 5, { backend: 'local', operation: 'complete', episodeId: 's6', date: '2024-07-15' }),
		node('Точка выхода', `${PACKAGE}.lifecycleExit`, 6, { backend: 'local', operation: 'check', candidateId: CANDIDATE, date: '2025-01-16' }),
	];
	const chain = nodes.map((item) => item.name);
	const connections: WorkflowJson['connections'] = {};
	for (let index = 0; index < chain.length - 1; index++) {
		connections[chain[index]] = { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] };
	}
	return { id: 'tzhctE2eRoute001', name: 'Маршрут услуги 6 (e2e)', nodes, connections, settings: { executionOrder: 'v1', timezone: 'Europe/Moscow' } };
}

describe('service episodes in real n8n', () => {
	let instance: N8nInstance;

	beforeAll(async () => {
		instance = await createN8nInstance();
		const base = LocalBase.open(instance.basePath);
		await base.write(
			[
				{ kind: 'insert', table: 'employers', row: { id: 'emp-e2e', name: 'ООО «Пекарня»' } },
				{ kind: 'insert', table: 'vacancies', row: { id: 'vac-e2e', title: 'Помощник пекаря', status: 'Открыта', employer: 'emp-e2e' } },
				{
					kind: 'insert',
					table: 'candidates',
					row: {
						id: CANDIDATE,
						lastName: 'Тестова',
						firstName: 'Анна',
						birthDate: '2003-05-17',
						consent: true,
						routeState: 'Пользователь',
						entryDate: '2023-12-01',
						portraitVerdict: 'Соответствует',
						requestType: 'Формализованный',
					},
				},
				{ kind: 'insert', table: 'episodes', row: { id: 's2', candidate: CANDIDATE, service: serviceName(2), status: 'Оказывается', startDate: '2023-12-01' } },
				{ kind: 'insert', table: 'episodes', row: { id: 's6', candidate: CANDIDATE, service: serviceName(6), status: 'Направлен', startDate: '2023-12-01', vacancy: 'vac-e2e' } },
			],
			context,
		);
		await base.close();
		await instance.importShippedWorkflows();
		await instance.importWorkflows([routeWorkflow()]);
	});

	afterAll(async () => {
		await instance?.dispose();
	});

	test('route runs to the exit point', async () => {
		const result = await instance.execute('tzhctE2eRoute001');
		expect(result.error).toBeUndefined();
		expect(result.succeeded).toBe(true);

		expect(result.items('Трудовой договор')[0]).toMatchObject({ 'Этап услуги': 'Предоставление', 'Окончание адаптации': '2024-07-15' });
		const evaluation = result.items('Оценка через месяц')[0];
		expect(evaluation['Ключ оценки']).toBe('s6:s6:employer-evaluation:1m#employer');
		expect((evaluation['Оценки'] as unknown[]).length).toBe(2);
		expect(result.items('Точка выхода', 0)[0]).toMatchObject({ 'Дата выхода': '2025-01-16', 'Записано сейчас': true });

		const base = LocalBase.open(instance.basePath);
		try {
			expect((await base.get('candidates', CANDIDATE))?.routeState).toBe('Точка выхода');
			expect(await base.count('skillLevels')).toBe(2);
			const types = (await base.list('events', { where: { candidate: CANDIDATE } })).map((event) => event.type).sort();
			expect(types).toEqual(['Кандидат устроился на работу', 'Оценка работодателем работы кандидата', 'Связь с кандидатом', 'Собеседование с консультантом', 'Точка выхода']);
		} finally {
			await base.close();
		}
	});

	test('employer form records once', async () => {
		const published = await instance.n8n(['publish:workflow', `--id=${EMPLOYER_EVALUATION_WORKFLOW_ID}`]);
		expect(published.exitCode).toBe(0);
		const trigger = employerEvaluationWorkflow().nodes.find((item) => item.type === 'n8n-nodes-base.formTrigger');
		const fields = (trigger?.parameters.formFields as { values: Array<{ fieldLabel?: string; fieldName?: string; fieldType?: string; fieldOptions?: { values: Array<{ option: string }> } }> }).values;
		expect(fields.filter((field) => field.fieldType === 'hiddenField').map((field) => field.fieldName)).toEqual(['Ключ кандидата', 'Ключ контрольной точки']);
		const answers: Record<string, string> = {
			'Ключ кандидата': CANDIDATE,
			'Ключ контрольной точки': 's6:s6:employer-evaluation:3m',
			Услуга: serviceName(6),
			'Дата оценки': '2024-04-15',
			'Отзыв работодателя': 'Стал увереннее',
		};

		const server = await instance.start();
		try {
			// The form is served once n8n has activated the published workflow.
			const deadline = Date.now() + 120_000;
			while ((await fetch(`${server.baseUrl}/form/${EMPLOYER_EVALUATION_FORM_PATH}`)).status !== 200) {
				if (Date.now() > deadline) {
					throw new Error(`the form «${EMPLOYER_EVALUATION_WORKFLOW_NAME}» is not served:\n${server.output().split('\n').slice(-40).join('\n')}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			const submit = async () => {
				const body = new FormData();
				fields.forEach((field, index) => {
					const scale = field.fieldOptions?.values.map((option) => option.option);
					body.append(`field-${index}`, answers[field.fieldLabel ?? field.fieldName ?? ''] ?? (scale && scale.length === 5 ? scale[3] : ''));
				});
				const response = await fetch(`${server.baseUrl}/form/${EMPLOYER_EVALUATION_FORM_PATH}`, { method: 'POST', body });
				expect(response.status).toBe(200);
			};

			await submit();
			const base = LocalBase.open(instance.basePath);
			try {
				const until = Date.now() + 60_000;
				while ((await base.count('skillLevels')) < 2 + fields.filter((field) => field.fieldOptions?.values.length === 5).length) {
					if (Date.now() > until) {
						throw new Error(`the evaluation was not recorded:\n${server.output().split('\n').slice(-40).join('\n')}`);
					}
					await new Promise((resolve) => setTimeout(resolve, 250));
				}
				await submit();
				while ((await base.count('rejectedSubmissions')) < 1) {
					if (Date.now() > until) {
						throw new Error(`the repeated evaluation was not kept as rejected:\n${server.output().split('\n').slice(-40).join('\n')}`);
					}
					await new Promise((resolve) => setTimeout(resolve, 250));
				}

				const discipline = await base.list('skillLevels', { where: { candidate: CANDIDATE, skillKey: 'discipline', date: '2024-04-15' } });
				expect(discipline[0]).toMatchObject({ level: 4, previousLevel: 3, change: 1, employer: 'emp-e2e' });
				const [rejected] = await base.list('rejectedSubmissions');
				expect(rejected.problems).toContain('уже загружена');
				report('employer form: one evaluation recorded, the repeated one kept as rejected');
			} finally {
				await base.close();
			}
		} finally {
			await instance.stop();
		}
	});
	test('consultant form keeps a rejected step', async () => {
		const published = await instance.n8n(['publish:workflow', `--id=${SUPPORTED_EMPLOYMENT_WORKFLOW_ID}`]);
		expect(published.exitCode).toBe(0);
		const trigger = supportedEmploymentWorkflow().nodes.find((item) => item.type === 'n8n-nodes-base.formTrigger');
		const fields = (trigger?.parameters.formFields as { values: Array<{ fieldLabel: string }> }).values;
		// The episode is closed by the route above, so the step is rejected.
		const answers: Record<string, string> = {
			Операция: 'Окончание внутреннего обучения',
			'Ключ кандидата': CANDIDATE,
			'Ключ эпизода': 's6',
			Дата: '2024-08-01',
			Консультант: 'Иванова И. И.',
			'Комментарий специалиста': 'Конфиденциальная заметка',
		};

		const server = await instance.start();
		const base = LocalBase.open(instance.basePath);
		try {
			const deadline = Date.now() + 120_000;
			while ((await fetch(`${server.baseUrl}/form/${SUPPORTED_EMPLOYMENT_FORM_PATH}`)).status !== 200) {
				if (Date.now() > deadline) {
					throw new Error(`the consultant form is not served:\n${server.output().split('\n').slice(-40).join('\n')}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			const keptBefore = await base.count('rejectedSubmissions');
			const body = new FormData();
			fields.forEach((field, index) => body.append(`field-${index}`, answers[field.fieldLabel] ?? ''));
			const response = await fetch(`${server.baseUrl}/form/${SUPPORTED_EMPLOYMENT_FORM_PATH}`, { method: 'POST', body });
			expect(response.status).toBe(200);

			while ((await base.count('rejectedSubmissions')) < keptBefore + 1) {
				if (Date.now() > deadline) {
					throw new Error(`the rejected step was not kept:\n${server.output().split('\n').slice(-40).join('\n')}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			const kept = (await base.list('rejectedSubmissions')).find((row) => String(row.form).includes('Окончание внутреннего обучения'));
			expect(kept?.problems).toContain('Эпизод закрыт');
			expect(kept?.raw).toMatchObject({ Операция: 'Окончание внутреннего обучения', 'Ключ эпизода': 's6' });
			expect(JSON.stringify(kept?.raw)).not.toContain('Конфиденциальная заметка');
			report('consultant form: the rejected step kept in «Отклоненные анкеты» without the confidential comment');
		} finally {
			await base.close();
			await instance.stop();
		}
	});
});
