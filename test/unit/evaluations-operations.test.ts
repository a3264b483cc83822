import type { IDataObject } from 'n8n-workflow';

import { EVALUATION_FORMS } from '../../core/evaluations';
import { readExamPassed, readSkillLevels, SCALE_OPTIONS } from '../../core/operations/evaluationInput';
import { recordEvaluations, type EvaluationOutcome, type EvaluationRequest } from '../../core/operations/evaluations';
import { runEpisodeOperations } from '../../core/operations/episodes';
import type { ItemResult } from '../../core/operations/result';
import { LifecycleEvaluation } from '../../nodes/LifecycleEvaluation/LifecycleEvaluation.node';
import { employerEvaluationWorkflow } from '../../scripts/workflows/employerEvaluation';
import { nodeContext } from '../fixtures/nodeContext';
import { context, openTempBase, seedEmployer, seedEpisode, seedUser, seedVacancy, type TempBase } from '../fixtures/route';

const CANDIDATE = 'cand-1';

let temp: TempBase;

beforeEach(async () => {
	temp = openTempBase();
	await seedUser(temp.base, CANDIDATE, '2025-01-15');
	await seedEmployer(temp.base, 'emp-1');
	await seedVacancy(temp.base, 'vac-1', { employer: 'emp-1' });
});

afterEach(async () => {
	await temp.close();
});

async function record(request: EvaluationRequest): Promise<ItemResult<EvaluationOutcome>> {
	const [result] = await recordEvaluations(temp.base, [request], context);
	return result;
}

async function ok(request: EvaluationRequest): Promise<EvaluationOutcome> {
	const result = await record(request);
	if (!result.ok) {
		throw new Error(`expected success, got: ${result.message}`);
	}
	return result.value;
}

async function rejected(request: EvaluationRequest): Promise<string> {
	const result = await record(request);
	if (result.ok) {
		throw new Error('expected a rejection');
	}
	return result.message;
}

/** Inserts a supported-employment episode whose labour contract was signed on 2025-03-03 (six months of adaptation). */
async function seedSupportedJob(): Promise<void> {
	await seedEpisode(temp.base, CANDIDATE, 6, {
		id: 's6',
		status: 'Оказывается',
		startDate: '2025-02-10',
		stage: 'Предоставление',
		employmentStart: '2025-03-03',
		adaptationMonths: 6,
		plannedEndDate: '2025-09-03',
		vacancy: 'vac-1',
		employer: 'emp-1',
	});
}

function employerEvaluation(months: number, date: string, levels: Record<string, unknown>): EvaluationRequest {
	return { candidateId: CANDIDATE, service: 6, form: 'employer', date, checkpointKey: `s6:s6:employer-evaluation:${months}m`, levels, feedback: 'Старательный сотрудник' };
}

describe('employer evaluation in supported employment', () => {
	beforeEach(seedSupportedJob);

	test('one month evaluation stored per skill', async () => {
		const outcome = await ok(employerEvaluation(1, '2025-04-03', { discipline: 3, workQuality: 2, independence: 2 }));

		expect(outcome.evaluationKey).toBe('s6:s6:employer-evaluation:1m#employer');
		expect(outcome.employerId).toBe('emp-1');
		expect(outcome.levels.map((level) => level.previousLevel)).toEqual([null, null, null]);
		expect(outcome.missingCriteria).toContain('Инициативность');

		const event = await temp.base.get('events', outcome.eventId);
		expect(event?.type).toBe('Оценка работодателем работы кандидата');
		expect(event?.employer).toBe('emp-1');
		expect(event?.vacancy).toBe('vac-1');
		expect(event?.feedback).toBe('Старательный сотрудник');
		const rows = await temp.base.list('skillLevels', { where: { candidate: CANDIDATE } });
		expect(rows).toHaveLength(3);
		expect(rows.find((row) => row.skillKey === 'discipline')?.skill).toBe('Трудовая дисциплина и пунктуальность');
		expect(rows.find((row) => row.skillKey === 'discipline')?.levelLabel).toBe('Проявляется с частичной помощью');
	});

	test('three months beside one month', async () => {
		await ok(employerEvaluation(1, '2025-04-03', { discipline: 3, workQuality: 2 }));

		const outcome = await ok(employerEvaluation(3, '2025-06-03', { discipline: 4, workQuality: 2, initiative: 3 }));

		const discipline = outcome.levels.find((level) => level.skill === 'discipline');
		expect(discipline).toMatchObject({ level: 4, previousLevel: 3, previousDate: '2025-04-03', change: 1 });
		const row = (await temp.base.list('skillLevels', { where: { candidate: CANDIDATE, skillKey: 'discipline', date: '2025-06-03' } }))[0];
		expect(row).toMatchObject({ level: 4, previousLevel: 3, change: 1, firstLevel: 3 });

		const comparison = outcome.comparison.find((item) => item.skill === 'discipline');
		expect(comparison?.first.level).toBe(3);
		expect(comparison?.current.level).toBe(4);
		expect(comparison?.trendLabel).toBe('Рост');
		expect(outcome.comparison.find((item) => item.skill === 'workQuality')?.trend).toBe('same');
		expect(outcome.comparison.find((item) => item.skill === 'initiative')?.trend).toBe('single');
	});

	test('second upload for checkpoint rejected', async () => {
		await ok(employerEvaluation(1, '2025-04-03', { discipline: 3 }));
		const events = await temp.base.count('events');

		const message = await rejected(employerEvaluation(1, '2025-04-05', { discipline: 4 }));

		expect(message).toContain('уже загружена');
		expect(await temp.base.count('events')).toBe(events);
		expect(await temp.base.count('skillLevels')).toBe(1);
	});

	test('rejected submission kept once', async () => {
		await ok(employerEvaluation(1, '2025-04-03', { discipline: 3 }));
		const raw = { 'Ключ кандидата': CANDIDATE, 'Трудовая дисциплина и пунктуальность': '4' };
		const request = { ...employerEvaluation(1, '2025-04-05', { discipline: 4 }), raw };

		const [first] = await recordEvaluations(temp.base, [request], context, { keepRejectedAs: 'Форма оценки работодателем' });
		await recordEvaluations(temp.base, [request], context, { keepRejectedAs: 'Форма оценки работодателем' });

		expect(first.ok).toBe(false);
		expect(!first.ok && first.message).toContain('сохранена в таблице «Отклоненные анкеты»');
		const kept = await temp.base.list('rejectedSubmissions');
		expect(kept).toHaveLength(1);
		expect(kept[0].form).toBe('Форма оценки работодателем');
		expect(kept[0].problems).toContain('уже загружена');
		expect(kept[0].raw).toEqual(raw);
	});

	test('evaluation before contract rejected', async () => {
		const message = await rejected(employerEvaluation(1, '2025-02-20', { discipline: 3 }));
		expect(message).toContain('после подписания трудового договора');
	});

	test('invalid level names the skill', async () => {
		const message = await rejected(employerEvaluation(1, '2025-04-03', { discipline: 7 }));
		expect(message).toContain('«Трудовая дисциплина и пунктуальность»');
		expect(message).toContain('от 1 до 5');
	});
});

describe('evaluations in temporary employment', () => {
	beforeEach(async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3', status: 'Завершена', startDate: '2025-03-03', actualEndDate: '2025-04-03' });
		await seedEpisode(temp.base, CANDIDATE, 4, { id: 's4', startDate: '2025-04-03' });
		await seedVacancy(temp.base, 'site-1', { title: 'Склад «Север»', type: 'Внешняя площадка временного трудоустройства', employer: 'emp-1' });
		const [started] = await runEpisodeOperations(temp.base, [{ operation: 'start', episodeId: 's4', date: '2025-05-05', highMotivation: true, skillsInsufficient: true }], context);
		expect(started.ok).toBe(true);
	});

	function internal(index: number, date: string, levels: Record<string, unknown>): EvaluationRequest {
		return { candidateId: CANDIDATE, service: 4, form: 'internalSite', date, checkpointKey: `s4:s4:internal-evaluation:${index}`, levels };
	}

	test('fortnightly internal evaluations compare', async () => {
		await ok(internal(1, '2025-05-19', { discipline: 2, communication: 2 }));
		const outcome = await ok(internal(2, '2025-06-02', { discipline: 3, communication: 2 }));

		const event = await temp.base.get('events', outcome.eventId);
		expect(event?.type).toBe('Оценка работы на внутренней площадке');
		expect(event?.episode).toBe('s4');
		expect(outcome.levels.find((level) => level.skill === 'discipline')?.change).toBe(1);
	});

	test('employer evaluation only on external site', async () => {
		const offSite = await rejected({ candidateId: CANDIDATE, service: 4, form: 'employer', date: '2025-06-20', checkpointKey: 's4:site:x:employer-evaluation:1m', levels: { discipline: 4 } });

		const [site] = await runEpisodeOperations(temp.base, [{ operation: 'externalSiteStart', episodeId: 's4', date: '2025-06-02', vacancyId: 'site-1' }], context);
		expect(site.ok).toBe(true);
		const onSite = await ok({ candidateId: CANDIDATE, service: 4, form: 'employer', date: '2025-07-02', checkpointKey: 's4:site:x:employer-evaluation:1m', levels: { discipline: 4 } });
		const internalOnSite = await rejected(internal(3, '2025-06-16', { discipline: 3 }));

		expect(offSite).toContain('не работает на сторонней площадке');
		expect(internalOnSite).toContain('сторонней площадке');
		const event = await temp.base.get('events', onSite.eventId);
		expect(event?.type).toBe('Оценка работодателем на сторонней площадке');
		expect(event?.employer).toBe('emp-1');
		expect(event?.vacancy).toBe('site-1');
	});

	test('levels compare across services', async () => {
		await ok(internal(1, '2025-05-19', { discipline: 2 }));
		await seedSupportedJob();

		const outcome = await ok(employerEvaluation(1, '2025-04-03', { discipline: 4 }));

		const discipline = outcome.comparison.find((item) => item.skill === 'discipline');
		expect(discipline?.first).toMatchObject({ level: 4, service: 6 });
		expect(discipline?.current).toMatchObject({ level: 2, service: 4, form: 'internalSite' });
		expect(discipline?.observations).toBe(2);
	});
});

describe('professional orientation exam and characteristic', () => {
	beforeEach(async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3', status: 'Оказывается', startDate: '2025-03-03', plannedEndDate: '2025-04-03' });
	});

	test('exam needs result', async () => {
		const message = await rejected({ candidateId: CANDIDATE, service: 3, form: 'exam', date: '2025-04-01', checkpointKey: 's3:s3:final', levels: { labourLaw: 4 } });
		expect(message).toContain('результат теоретического экзамена');
	});

	test('characteristic needs recommendations', async () => {
		const message = await rejected({ candidateId: CANDIDATE, service: 3, form: 'characteristic', date: '2025-04-01', checkpointKey: 's3:s3:final', levels: { motivation: 4 } });
		expect(message).toContain('рекомендаций');
	});

	test('exam and characteristic share checkpoint', async () => {
		const exam = await ok({ candidateId: CANDIDATE, service: 3, form: 'exam', date: '2025-04-01', checkpointKey: 's3:s3:final', levels: { labourLaw: 4 }, examPassed: false });
		const characteristic = await ok({
			candidateId: CANDIDATE,
			service: 3,
			form: 'characteristic',
			date: '2025-04-01',
			checkpointKey: 's3:s3:final',
			levels: { motivation: 4 },
			recommendations: 'Временное трудоустройство',
		});

		expect(exam.examPassed).toBe(false);
		expect(exam.evaluationKey).not.toBe(characteristic.evaluationKey);
		const event = await temp.base.get('events', characteristic.eventId);
		expect(event?.type).toBe('Собеседование кандидата с консультантом');
		expect(event?.recommendations).toBe('Временное трудоустройство');
	});

	test('user outside service rejected', async () => {
		const message = await rejected({ candidateId: CANDIDATE, service: 4, form: 'internalSite', date: '2025-04-01', checkpointKey: 'x', levels: { discipline: 3 } });
		expect(message).toContain('не получает услугу «Временное трудоустройство»');
	});

	test('unknown candidate rejected', async () => {
		const message = await rejected({ candidateId: 'missing', service: 3, form: 'exam', date: '2025-04-01', checkpointKey: 'x', levels: { labourLaw: 3 }, examPassed: true });
		expect(message).toContain('Ключ кандидата');
	});
});

describe('form input', () => {
	test('reads Russian labels and scale options', () => {
		const levels = readSkillLevels(
			{
				'Трудовая дисциплина и пунктуальность': SCALE_OPTIONS[3],
				'Качество выполнения работы': '2',
				Самостоятельность: 'Проявляется самостоятельно и устойчиво',
				Инициативность: '',
				'Ключ кандидата': 'cand-1',
			},
			'employer',
		);
		expect(levels).toEqual({ discipline: 4, workQuality: 2, independence: 5 });
	});

	test('passes unknown nested skill on', () => {
		const levels = readSkillLevels({ 'Уровни навыков': { discipline: 3, Пение: 5 } }, 'internalSite');
		expect(levels).toEqual({ discipline: 3, Пение: 5 });
	});

	test('keeps unreadable level for validation', () => {
		expect(readSkillLevels({ discipline: 'хорошо' }, 'employer')).toEqual({ discipline: 'хорошо' });
	});

	test('reads exam result', () => {
		expect(readExamPassed('Да')).toBe(true);
		expect(readExamPassed('не сдан')).toBe(false);
		expect(readExamPassed('')).toBeUndefined();
	});
});

describe('evaluation node and employer form', () => {
	beforeEach(seedSupportedJob);

	/** Builds a submission as the shipped employer form sends it, with one scale option chosen in every dropdown. */
	function formSubmission(level: number, checkpoint: string, date: string): IDataObject {
		const workflow = employerEvaluationWorkflow();
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.formTrigger');
		const fields = (trigger?.parameters.formFields as { values: Array<{ fieldLabel: string; fieldType?: string; fieldOptions?: { values: Array<{ option: string }> } }> }).values;
		const answers: IDataObject = {};
		for (const field of fields) {
			const options = field.fieldOptions?.values.map((value) => value.option) ?? [];
			if (options.includes(SCALE_OPTIONS[level - 1])) {
				answers[field.fieldLabel] = SCALE_OPTIONS[level - 1];
			}
		}
		return { ...answers, 'Ключ кандидата': CANDIDATE, 'Ключ контрольной точки': checkpoint, Услуга: 'Сопровождаемое трудоустройство', 'Дата оценки': date, 'Отзыв работодателя': 'Справляется' };
	}

	function parameters(item: IDataObject) {
		return {
			backend: 'local',
			localPath: temp.path,
			form: 'employer',
			service: item['Услуга'] === 'Временное трудоустройство' ? 4 : 6,
			candidateId: item['Ключ кандидата'],
			checkpointKey: item['Ключ контрольной точки'],
			date: item['Дата оценки'],
			recommendations: '',
			feedback: item['Отзыв работодателя'],
			keepRejected: true,
			options: {},
		};
	}

	test('form answers every criterion', async () => {
		const items = [formSubmission(3, 's6:s6:employer-evaluation:1m', '2025-04-03'), formSubmission(4, 's6:s6:employer-evaluation:3m', '2025-06-03')];
		const node = new LifecycleEvaluation();

		const [output] = await node.execute.call(nodeContext(items, (index) => parameters(items[index])));

		expect(output).toHaveLength(2);
		expect((output[0].json['Оценки'] as unknown[]).length).toBe(EVALUATION_FORMS.employer.criteria.length);
		expect(output[0].json['Не оценено']).toEqual([]);
		const comparison = output[1].json['Сравнение навыков'] as Array<Record<string, unknown>>;
		expect(comparison).toHaveLength(EVALUATION_FORMS.employer.criteria.length);
		expect(comparison[0]).toMatchObject({ Навык: 'Трудовая дисциплина и пунктуальность', Динамика: 'Рост', 'Изменение с первой оценки': 1, 'Число оценок': 2 });
		expect((comparison[0]['Предыдущая оценка'] as Record<string, unknown>)['Уровень']).toBe(3);
		expect(await temp.base.count('skillLevels')).toBe(14);
	});

	test('repeated form answer kept as rejected', async () => {
		const item = formSubmission(3, 's6:s6:employer-evaluation:1m', '2025-04-03');
		const node = new LifecycleEvaluation();
		await node.execute.call(nodeContext([item], () => parameters(item)));

		const [output] = await node.execute.call(nodeContext([item], () => parameters(item), { continueOnFail: true }));

		expect(String(output[0].json.error)).toContain('уже загружена');
		expect(await temp.base.count('rejectedSubmissions')).toBe(1);
	});
});
