/**
 * The partner nodes in a real n8n: parameters from the generated «Поля» collections and from input items
 * keyed by Russian labels, chained the way an operations person would chain them.
 */
import { LocalBase } from '../../storage/local/localBase';
import type { WriteContext } from '../../storage/types';
import { createN8nInstance, type N8nInstance, type WorkflowJson } from './harness';

const PACKAGE = 'n8n-nodes-employment-lifecycle';
const context: WriteContext = { actor: 'e2e: подготовка базы' };

function node(name: string, type: string, position: number, parameters: Record<string, unknown>, typeVersion = 1) {
	const suffix = String(position).padStart(12, '0');
	return { id: `a7d0c9a6-0000-4000-8000-${suffix}`, name, type, typeVersion, position: [position * 220, 0], parameters };
}

function chain(id: string, nodes: Array<ReturnType<typeof node>>): WorkflowJson {
	const connections: Record<string, unknown> = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name: `Партнеры ${id}`, nodes, connections, settings: { executionOrder: 'v1', timezone: 'Europe/Moscow' } };
}

const start = node('Старт', 'n8n-nodes-base.manualTrigger', 0, {});

describe('partner nodes in real n8n', () => {
	let instance: N8nInstance;

	beforeAll(async () => {
		instance = await createN8nInstance();
		const base = LocalBase.open(instance.basePath);
		try {
			await base.write(
				[
					{
						kind: 'insert',
						table: 'candidates',
						row: {
							id: 'cand-e2e',
							lastName: 'Тестова',
							firstName: 'Анна',
							birthDate: '2003-05-17',
							consent: true,
							routeState: 'Пользователь',
							city: 'Пермь',
							education: 'Среднее профессиональное',
							portraitVerdict: 'Соответствует',
							currentService: 'Содействие в поиске подходящей работы',
							disabilityGroup: 'III группа',
						},
					},
					{ kind: 'insert', table: 'specialists', row: { id: 'sp-tutor', name: 'Тьютор Т.', role: 'Тьютор' } },
				],
				context,
			);
		} finally {
			await base.close();
		}
	}, 300_000);

	afterAll(async () => {
		await instance?.dispose();
	});

	test('vacancy from input then candidates', async () => {
		const workflow = chain('partnersVacancy01', [
			start,
			node(
				'Данные вакансии',
				'n8n-nodes-base.code',
				1,
				{ jsCode: "return [{ json: { 'Должность': 'Повар', 'Тип вакансии': 'открытая вакансия', 'Город': 'Пермь', 'Срочная вакансия': 'Да', 'Зарплата от, руб.': '35 000' } }];" },
				2,
			),
			node(`Вакансия`, `${PACKAGE}.lifecycleVacancy`, 2, { backend: 'local', operation: 'save', fieldsFrom: 'input' }),
			node('Кандидаты', `${PACKAGE}.lifecycleVacancy`, 3, { backend: 'local', operation: 'matchCandidates' }),
		]);
		const [id] = await instance.importWorkflows([workflow]);
		const result = await instance.execute(id);

		expect(result.succeeded).toBe(true);
		const [saved] = result.items('Вакансия');
		expect(saved['Результат']).toBe('Создана');
		const [matched] = result.items('Кандидаты');
		expect(matched['Ключ вакансии']).toBe(saved['Ключ вакансии']);
		expect(matched['Найдено кандидатов']).toBe(1);
		const [candidate] = matched['Подходящие кандидаты'] as Array<Record<string, unknown>>;
		expect(candidate['ФИО']).toBe('Тестова Анна');
		expect(JSON.stringify(matched)).not.toContain('III группа');
	});

	test('employer and task from parameters', async () => {
		const workflow = chain('partnersEmploy01', [
			start,
			node('Работодатель', `${PACKAGE}.lifecycleEmployer`, 1, {
				backend: 'local',
				operation: 'save',
				employerFields: { name: 'ООО «Кафе»', inn: '5900000003', managementAcceptsRules: true, staffReadyToLearn: true, contactIntervalDays: 30 },
			}),
			node('Задача', `${PACKAGE}.lifecycleVolunteer`, 2, {
				backend: 'local',
				operation: 'createTask',
				taskFields: {
					title: 'Помочь составить резюме',
					candidate: 'cand-e2e',
					tutor: 'sp-tutor',
					direction: 'Наставничество в трудоустройстве',
					criteria: 'Резюме готово',
					candidateConsent: true,
					oneMeeting: true,
					noSpecialKnowledge: true,
				},
			}),
		]);
		const [id] = await instance.importWorkflows([workflow]);
		const result = await instance.execute(id);

		expect(result.succeeded).toBe(true);
		const [employer] = result.items('Работодатель');
		expect(employer['Результат']).toBe('Создан');
		expect(employer['Готов принимать пользователей']).toBe(false);
		expect(employer['Что не выполнено']).toEqual(['Не назначен наставник: добавьте сотрудника работодателя, который добровольно будет сопровождать пользователя на рабочем месте.']);
		const [task] = result.items('Задача');
		expect(task['Статус задачи']).toBe('В банке задач');
	});

	test('task without consent stops with Russian error', async () => {
		const workflow = chain('partnersConsent1', [
			start,
			node('Задача', `${PACKAGE}.lifecycleVolunteer`, 1, {
				backend: 'local',
				operation: 'createTask',
				taskFields: { title: 'Сходить на собеседование вместе', candidate: 'cand-e2e', tutor: 'sp-tutor', direction: 'Социальное наставничество', criteria: 'Сходили', oneMeeting: true, noSpecialKnowledge: true },
			}),
		]);
		const [id] = await instance.importWorkflows([workflow]);
		const result = await instance.execute(id);

		expect(result.succeeded).toBe(false);
		expect(result.error?.message).toContain('Без согласия пользователя задачу нельзя поставить в банк');
	});
});
