import {
	acceptEvaluation,
	compareSkillLevels,
	EVALUATION_FORMS,
	evaluationEpisodes,
	evaluationEvent,
	evaluationFromEvent,
	evaluationKey,
	SKILL_SCALE,
	SKILLS,
	type Evaluation,
	type EvaluationContext,
	type EvaluationInput,
	type EvaluationResult,
} from '../../core/evaluations';
import type { Episode, LifecycleEvent } from '../../schemas';

const CANDIDATE = 'cand-1';

const episodeRows: Episode[] = [
	{ id: 'e3', candidate: CANDIDATE, service: 'Профессиональная ориентация', status: 'Завершена', startDate: '2024-01-08', actualEndDate: '2024-02-07' },
	{ id: 'e4', candidate: CANDIDATE, service: 'Временное трудоустройство', status: 'Оказывается', startDate: '2024-03-04' },
	{ id: 'e6', candidate: CANDIDATE, service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: '2024-06-03', actualEndDate: '2024-12-02' },
	{ id: 'e6-other', candidate: 'cand-2', service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: '2024-01-01' },
];

function context(recordedKeys: string[] = []): EvaluationContext {
	return { recordedKeys, episodes: evaluationEpisodes(episodeRows) };
}

function employerInput(overrides: Partial<EvaluationInput> = {}): EvaluationInput {
	return {
		checkpointKey: 'e6:s6:employer-evaluation:1m',
		candidateId: CANDIDATE,
		service: 6,
		form: 'employer',
		date: '2024-07-04',
		levels: { discipline: 4, workQuality: 3, independence: 3 },
		...overrides,
	};
}

function errorsOf(result: EvaluationResult): Array<{ code: string; field: string; message: string }> {
	if (result.ok) {
		throw new Error('expected a rejected evaluation');
	}
	return result.errors;
}

function accepted(result: EvaluationResult): Evaluation {
	if (!result.ok) {
		throw new Error(`expected an accepted evaluation: ${result.errors.map((error) => error.message).join('; ')}`);
	}
	return result.evaluation;
}

describe('scale and forms', () => {
	it('has five labelled levels', () => {
		expect(SKILL_SCALE.map((step) => step.level)).toEqual([1, 2, 3, 4, 5]);
		expect(SKILL_SCALE.every((step) => /[а-я]/i.test(step.label))).toBe(true);
	});

	it('uses only known skills', () => {
		for (const form of Object.values(EVALUATION_FORMS)) {
			for (const skill of form.criteria) {
				expect(SKILLS[skill]).toBeDefined();
			}
		}
	});

	it('keys evaluations by checkpoint and form', () => {
		expect(evaluationKey('e3:s3:final', 'exam')).toBe('e3:s3:final#exam');
	});
});

describe('acceptEvaluation', () => {
	it('accepts an employer evaluation', () => {
		const evaluation = accepted(acceptEvaluation(employerInput(), context()));
		expect(evaluation.idempotencyKey).toBe('e6:s6:employer-evaluation:1m#employer');
		expect(evaluation.episodeId).toBe('e6');
		expect(evaluation.levels).toEqual({ discipline: 4, workQuality: 3, independence: 3 });
		expect(evaluation.missingCriteria).toEqual(['initiative', 'communication', 'followingInstructions', 'teamAdaptation']);
	});

	it('rejects a repeated upload', () => {
		const errors = errorsOf(acceptEvaluation(employerInput(), context(['e6:s6:employer-evaluation:1m#employer'])));
		expect(errors).toHaveLength(1);
		expect(errors[0].code).toBe('duplicate');
		expect(errors[0].message).toContain('уже загружена');
	});

	it('honours an explicit idempotency key', () => {
		const errors = errorsOf(acceptEvaluation(employerInput({ idempotencyKey: 'upload-77' }), context(['upload-77'])));
		expect(errors.map((error) => error.code)).toEqual(['duplicate']);
	});

	it('requires a key', () => {
		const errors = errorsOf(acceptEvaluation(employerInput({ checkpointKey: undefined }), context()));
		expect(errors.map((error) => error.code)).toEqual(['missingKey']);
	});

	it('rejects a user outside the service', () => {
		const errors = errorsOf(acceptEvaluation(employerInput({ candidateId: 'cand-3' }), context()));
		expect(errors.map((error) => error.code)).toEqual(['notInService']);
		expect(errors[0].message).toContain('не получает услугу «Сопровождаемое трудоустройство»');
	});

	it('rejects a date before the start', () => {
		expect(errorsOf(acceptEvaluation(employerInput({ date: '2024-05-31' }), context()))[0].code).toBe('notInService');
	});

	it('allows two weeks after the end', () => {
		expect(acceptEvaluation(employerInput({ date: '2024-12-16' }), context()).ok).toBe(true);
		expect(errorsOf(acceptEvaluation(employerInput({ date: '2024-12-17' }), context()))[0].code).toBe('notInService');
	});

	it('rejects a referred but unstarted episode', () => {
		const referred: EvaluationContext = { recordedKeys: [], episodes: [{ id: 'e6', candidateId: CANDIDATE, service: 6, status: 'Направлен', start: '2024-06-03' }] };
		expect(errorsOf(acceptEvaluation(employerInput(), referred))[0].code).toBe('notInService');
	});

	it('checks a given episode', () => {
		expect(errorsOf(acceptEvaluation(employerInput({ episodeId: 'e4' }), context()))[0].code).toBe('notInService');
	});

	it('rejects a form of another service', () => {
		const errors = errorsOf(acceptEvaluation(employerInput({ form: 'internalSite', levels: { discipline: 3 } }), context()));
		expect(errors.map((error) => error.code)).toEqual(['formNotForService']);
		expect(errors[0].message).toContain('Оценка работы на внутренней площадке');
	});

	it('rejects an unknown form', () => {
		const errors = errorsOf(acceptEvaluation(employerInput({ form: 'survey' as never }), context()));
		expect(errors[0].code).toBe('unknownForm');
		expect(errors[0].message).toContain('internalSite');
	});

	it('rejects bad levels', () => {
		const errors = errorsOf(acceptEvaluation(employerInput({ levels: { discipline: 6, workQuality: 2.5, labourLaw: 3 } }), context()));
		expect(errors.map((error) => error.code)).toEqual(['invalidLevel', 'invalidLevel', 'unknownSkill']);
		expect(errors[0].field).toBe('Трудовая дисциплина и пунктуальность');
		expect(errors[0].message).toContain('от 1 до 5');
	});

	it('rejects an empty form', () => {
		expect(errorsOf(acceptEvaluation(employerInput({ levels: {} }), context())).map((error) => error.code)).toEqual(['noLevels']);
	});

	it('rejects an invalid date', () => {
		const errors = errorsOf(acceptEvaluation(employerInput({ date: '04.07.2024' }), context()));
		expect(errors.map((error) => error.code)).toEqual(['invalidDate']);
		expect(errors[0].field).toBe('Дата оценки');
	});

	it('needs the exam result', () => {
		const input: EvaluationInput = { checkpointKey: 'e3:s3:final', candidateId: CANDIDATE, service: 3, form: 'exam', date: '2024-02-07', levels: { labourLaw: 3 } };
		expect(errorsOf(acceptEvaluation(input, context())).map((error) => error.code)).toEqual(['missingExamResult']);
		const evaluation = accepted(acceptEvaluation({ ...input, examPassed: true }, context()));
		expect(evaluation.examPassed).toBe(true);
		expect(evaluation.idempotencyKey).toBe('e3:s3:final#exam');
	});

	it('needs recommendations in a characteristic', () => {
		const input: EvaluationInput = { checkpointKey: 'e3:s3:final', candidateId: CANDIDATE, service: 3, form: 'characteristic', date: '2024-02-07', levels: { learningSpeed: 2 } };
		expect(errorsOf(acceptEvaluation(input, context())).map((error) => error.code)).toEqual(['missingRecommendations']);
		const evaluation = accepted(acceptEvaluation({ ...input, recommendations: 'Временное трудоустройство' }, context()));
		expect(evaluation.recommendations).toBe('Временное трудоустройство');
		// The exam and the characteristic close the same checkpoint without colliding.
		expect(evaluation.idempotencyKey).toBe('e3:s3:final#characteristic');
	});

	it('reports every error at once', () => {
		const errors = errorsOf(acceptEvaluation(employerInput({ candidateId: 'cand-3', levels: { discipline: 9 } }), context(['e6:s6:employer-evaluation:1m#employer'])));
		expect(errors.map((error) => error.code)).toEqual(['duplicate', 'notInService', 'invalidLevel']);
	});
});

describe('evaluation events', () => {
	it('round-trips through an event row', () => {
		const evaluation = accepted(acceptEvaluation(employerInput(), context()));
		const fields = evaluationEvent(evaluation);
		expect(fields.type).toBe('Оценка работодателем работы кандидата');
		expect(fields.service).toBe('Сопровождаемое трудоустройство');
		const row: LifecycleEvent = { id: 'ev-1', ...fields, details: JSON.parse(JSON.stringify(fields.details)) };
		expect(evaluationFromEvent(row)).toEqual({ ...evaluation, checkpointKey: 'e6:s6:employer-evaluation:1m' });
	});

	it('stores a site evaluation as its event', () => {
		const evaluation = accepted(
			acceptEvaluation({ checkpointKey: 'e4:s4:site:ev3:employer-evaluation:1m', candidateId: CANDIDATE, service: 4, form: 'employer', date: '2024-05-02', levels: { discipline: 3 } }, context()),
		);
		expect(evaluationEvent(evaluation).type).toBe('Оценка работодателем на сторонней площадке');
	});

	it('ignores an event without an evaluation', () => {
		expect(evaluationFromEvent({ id: 'ev-2', type: 'Связь с кандидатом', date: '2024-07-01', candidate: CANDIDATE, episode: 'e6', service: 'Сопровождаемое трудоустройство' })).toBeUndefined();
	});
});

describe('compareSkillLevels', () => {
	function evaluation(date: string, form: Evaluation['form'], service: Evaluation['service'], levels: Evaluation['levels']): Evaluation {
		return { idempotencyKey: `${date}#${form}`, candidateId: CANDIDATE, episodeId: `e${service}`, service, form, date, levels, missingCriteria: [] };
	}

	const history = [
		evaluation('2024-07-04', 'employer', 6, { discipline: 4, initiative: 2 }),
		evaluation('2024-03-18', 'internalSite', 4, { discipline: 2, communication: 3 }),
		evaluation('2024-04-01', 'internalSite', 4, { discipline: 3, communication: 4 }),
		evaluation('2024-10-03', 'employer', 6, { communication: 3, initiative: 2 }),
	];

	it('sets first, previous and current side by side', () => {
		const discipline = compareSkillLevels(history).find((comparison) => comparison.skill === 'discipline');
		expect(discipline).toEqual({
			skill: 'discipline',
			label: 'Трудовая дисциплина и пунктуальность',
			first: { level: 2, date: '2024-03-18', form: 'internalSite', service: 4 },
			previous: { level: 3, date: '2024-04-01', form: 'internalSite', service: 4 },
			current: { level: 4, date: '2024-07-04', form: 'employer', service: 6 },
			trend: 'up',
			trendLabel: 'Рост',
			changeSinceFirst: 2,
			observations: 3,
		});
	});

	it('shows a decline and a flat trend', () => {
		const comparisons = compareSkillLevels(history);
		const communication = comparisons.find((comparison) => comparison.skill === 'communication');
		expect(communication?.trend).toBe('down');
		expect(communication?.trendLabel).toBe('Снижение');
		expect(communication?.changeSinceFirst).toBe(0);
		const initiative = comparisons.find((comparison) => comparison.skill === 'initiative');
		expect(initiative?.trend).toBe('same');
	});

	it('marks a single evaluation', () => {
		const [only] = compareSkillLevels([evaluation('2024-02-07', 'characteristic', 3, { learningSpeed: 2 })]);
		expect(only.trend).toBe('single');
		expect(only.previous).toBeUndefined();
		expect(only.first).toEqual(only.current);
	});

	it('lists skills in catalogue order', () => {
		expect(compareSkillLevels(history).map((comparison) => comparison.skill)).toEqual(['discipline', 'initiative', 'communication']);
	});

	it('returns nothing without history', () => {
		expect(compareSkillLevels([])).toEqual([]);
	});
});
