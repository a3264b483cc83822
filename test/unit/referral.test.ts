import { checkPortrait, type PortraitFollowUp, type PortraitReason } from '../../core/portrait';
import { decideReferral, recruiterInterviewEvent, suggestScenario, type PortraitSummary } from '../../core/referral';
import { events, serviceName } from '../../schemas';

const MATCH: PortraitSummary = { verdict: 'Соответствует', failed: [], unknown: [], followUps: [] };
const NO_INN: PortraitFollowUp = { code: 'noInn', service: 1, message: 'Нет ИНН, а он нужен для трудоустройства: рекомендуйте «Социально-психологические услуги», чтобы оформить ИНН.' };
const AGE_FAIL: PortraitReason = { condition: 'age', fields: ['birthDate'], message: 'Возраст 45 лет вне портрета.' };
const EDUCATION_UNKNOWN: PortraitReason = { condition: 'education', fields: ['education'], message: 'Не заполнено поле «Образование».' };
const MISMATCH: PortraitSummary = { verdict: 'Не соответствует', failed: [AGE_FAIL], unknown: [], followUps: [] };
const INCOMPLETE: PortraitSummary = { verdict: 'Недостаточно данных', failed: [], unknown: [EDUCATION_UNKNOWN], followUps: [] };

describe('suggestScenario', () => {
	it('fits and interested is A', () => {
		expect(suggestScenario({ fitsVacancy: true, interested: true })).toBe('A');
	});

	it('unclear abilities is B', () => {
		expect(suggestScenario({ fitsVacancy: false, abilitiesUnclear: true })).toBe('B');
	});

	it('job-search support is C', () => {
		expect(suggestScenario({ fitsVacancy: true, interested: false, needsJobSearchSupport: true })).toBe('C');
	});

	it('refusal is D', () => {
		expect(suggestScenario({ refusesServices: true })).toBe('D');
	});

	it('refusal beats A', () => {
		expect(suggestScenario({ fitsVacancy: true, interested: true, refusesServices: true })).toBe('D');
	});

	it('A beats B and C', () => {
		expect(suggestScenario({ fitsVacancy: true, interested: true, abilitiesUnclear: true, needsJobSearchSupport: true })).toBe('A');
	});

	it('B beats C', () => {
		expect(suggestScenario({ abilitiesUnclear: true, needsJobSearchSupport: true })).toBe('B');
	});

	it('nothing marked is null', () => {
		expect(suggestScenario({})).toBeNull();
		expect(suggestScenario({ fitsVacancy: true, interested: null })).toBeNull();
	});
});

describe('decideReferral: scenarios', () => {
	it('A refers to supported employment', () => {
		const decision = decideReferral(MATCH, { fitsVacancy: true, interested: true, vacancyId: 'vac_1' });
		expect(decision.status).toBe('referred');
		expect(decision.scenario).toBe('A');
		expect(decision.primaryService).toBe(6);
		expect(decision.parallelServices).toEqual([]);
		expect(decision.vacancyId).toBe('vac_1');
		expect(decision.overridden).toBe(false);
		expect(decision.explanation[0]).toContain('консультанту по сопровождаемому трудоустройству');
		expect(decision.event.details.contactsHandedOver?.role).toBe('Консультант по сопровождаемому трудоустройству');
		expect(decision.event.details.informSpecialist).toBe(false);
	});

	it('A adds service 1 without ИНН', () => {
		const decision = decideReferral({ ...MATCH, followUps: [NO_INN] }, { fitsVacancy: true, interested: true, vacancyId: 'vac_1' });
		expect(decision.primaryService).toBe(6);
		expect(decision.parallelServices).toEqual([1]);
		expect(decision.explanation).toContain(NO_INN.message);
		expect(decision.event.details.parallelServices).toEqual([serviceName(1)]);
		expect(decision.event.resultForCandidate).toContain(serviceName(1));
	});

	it('A without vacancy asks for one', () => {
		const decision = decideReferral(MATCH, { fitsVacancy: true, interested: true, vacancyId: '  ' });
		expect(decision.vacancyId).toBeNull();
		expect(decision.explanation).toContain('Не указана вакансия: выберите вакансию, на которую рекомендуете пользователя.');
	});

	it('B refers to professional orientation', () => {
		const decision = decideReferral(MATCH, { abilitiesUnclear: true, vacancyId: 'vac_1' });
		expect(decision.scenario).toBe('B');
		expect(decision.primaryService).toBe(3);
		expect(decision.vacancyId).toBeNull();
		expect(decision.event.details.contactsHandedOver?.role).toBe('Консультант');
		expect(decision.event.details.informSpecialist).toBe(true);
	});

	it('C refers to social adaptation', () => {
		const decision = decideReferral(MATCH, { fitsVacancy: false, needsJobSearchSupport: true });
		expect(decision.scenario).toBe('C');
		expect(decision.primaryService).toBe(5);
		expect(decision.event.details.informSpecialist).toBe(true);
	});

	it('D on refusal refers to service 1', () => {
		const decision = decideReferral({ ...MATCH, followUps: [NO_INN] }, { refusesServices: true });
		expect(decision.scenario).toBe('D');
		expect(decision.primaryService).toBe(1);
		expect(decision.parallelServices).toEqual([]);
		expect(decision.explanation).toContain('Пользователь отказался от других предложенных услуг.');
		expect(decision.event.details.contactsHandedOver?.role).toBe('Тьютор');
	});

	it('undecided outcome needs a decision', () => {
		const decision = decideReferral(MATCH, { fitsVacancy: true, interested: false });
		expect(decision.status).toBe('needsDecision');
		expect(decision.scenario).toBeNull();
		expect(decision.primaryService).toBe(2);
		expect(decision.explanation[0]).toContain('Сценарий не определен');
		expect(decision.event.recommendedService).toBe(serviceName(2));
		expect(decision.event.details.contactsHandedOver).toBeNull();
	});

	it('match joins the candidate pool', () => {
		expect(decideReferral(MATCH, { abilitiesUnclear: true }).candidatePool).toBe(true);
		expect(decideReferral(MISMATCH, {}).candidatePool).toBe(false);
		expect(decideReferral(INCOMPLETE, {}).candidatePool).toBe(false);
	});
});

describe('decideReferral: portrait', () => {
	it('mismatch forces D', () => {
		const decision = decideReferral(MISMATCH, { fitsVacancy: true, interested: true, vacancyId: 'vac_1' });
		expect(decision.scenario).toBe('D');
		expect(decision.primaryService).toBe(1);
		expect(decision.vacancyId).toBeNull();
		expect(decision.explanation).toContain('Причины несоответствия портрету:');
		expect(decision.explanation).toContain(`— ${AGE_FAIL.message}`);
	});

	it('mismatch ignores override A', () => {
		const decision = decideReferral(MISMATCH, { scenarioOverride: 'A', overrideReason: 'очень хочет работать' });
		expect(decision.scenario).toBe('D');
		expect(decision.overridden).toBe(false);
		expect(decision.explanation.some((line) => line.startsWith('Выбранный сценарий A не применен'))).toBe(true);
	});

	it('incomplete data keeps service 2', () => {
		const decision = decideReferral(INCOMPLETE, { fitsVacancy: true, interested: true });
		expect(decision.status).toBe('needsData');
		expect(decision.scenario).toBeNull();
		expect(decision.primaryService).toBe(2);
		expect(decision.explanation).toContain('Не хватает данных:');
		expect(decision.explanation).toContain(`— ${EDUCATION_UNKNOWN.message}`);
		expect(decision.event.title).toContain('не хватает данных');
	});

	it('incomplete data ignores override B', () => {
		const decision = decideReferral(INCOMPLETE, { scenarioOverride: 'B' });
		expect(decision.status).toBe('needsData');
		expect(decision.explanation[0]).toBe('Выбранный сценарий B не применен: сначала дополните данные портрета.');
	});

	it('incomplete data allows D', () => {
		expect(decideReferral(INCOMPLETE, { refusesServices: true }).scenario).toBe('D');
		const chosen = decideReferral(INCOMPLETE, { scenarioOverride: 'D', overrideReason: 'нужна помощь с жильем' });
		expect(chosen.scenario).toBe('D');
		expect(chosen.overridden).toBe(true);
		expect(chosen.overrideReason).toBe('нужна помощь с жильем');
	});

	it('incomplete data still recommends service 1', () => {
		const decision = decideReferral({ ...INCOMPLETE, followUps: [NO_INN] }, {});
		expect(decision.primaryService).toBe(2);
		expect(decision.parallelServices).toEqual([1]);
	});

	it('works with a real portrait result', () => {
		const portrait = checkPortrait({ birthDate: '1980-01-01' }, '2024-01-10');
		const decision = decideReferral(portrait, { fitsVacancy: true, interested: true });
		expect(decision.scenario).toBe('D');
	});
});

describe('decideReferral: recruiter override', () => {
	it('override replaces the suggestion', () => {
		const decision = decideReferral(MATCH, { fitsVacancy: true, interested: true, scenarioOverride: 'C', overrideReason: 'сначала тренинг по резюме' });
		expect(decision.scenario).toBe('C');
		expect(decision.suggestedScenario).toBe('A');
		expect(decision.overridden).toBe(true);
		expect(decision.overrideReason).toBe('сначала тренинг по резюме');
		expect(decision.explanation[1]).toBe('Сценарий выбран рекрутером (предложен сценарий A). Причина: сначала тренинг по резюме.');
		expect(decision.event.details.suggestedScenario).toBe('A');
	});

	it('choice without suggestion needs no reason', () => {
		const decision = decideReferral(MATCH, { scenarioOverride: 'B' });
		expect(decision.status).toBe('referred');
		expect(decision.overridden).toBe(true);
		expect(decision.overrideReason).toBeNull();
		expect(decision.explanation[1]).toContain('сценарий не определен по результатам собеседования');
	});

	it('override without reason needs decision', () => {
		const decision = decideReferral(MATCH, { fitsVacancy: true, interested: true, vacancyId: 'vac_1', scenarioOverride: 'B' });
		expect(decision.status).toBe('needsDecision');
		expect(decision.scenario).toBeNull();
		expect(decision.primaryService).toBe(2);
		expect(decision.explanation[0]).toContain('Выбран сценарий B, а по ответам собеседования подходит сценарий A');
		expect(decision.explanation[0]).toContain('«Почему выбран другой сценарий»');
	});

	it('blank reason counts as missing', () => {
		const decision = decideReferral(MATCH, { needsJobSearchSupport: true, scenarioOverride: 'A', overrideReason: '   ' });
		expect(decision.status).toBe('needsDecision');
	});

	it('same scenario is no override', () => {
		const decision = decideReferral(MATCH, { abilitiesUnclear: true, scenarioOverride: 'B', overrideReason: 'так решили' });
		expect(decision.overridden).toBe(false);
		expect(decision.overrideReason).toBeNull();
	});
});

describe('recruiter interview event', () => {
	it('content names result and next service', () => {
		const decision = decideReferral({ ...MATCH, followUps: [NO_INN] }, { fitsVacancy: true, interested: true, vacancyId: 'vac_7' }, { id: 'spec_3', name: 'Иванова А. А.' });
		expect(decision.event.type).toBe('Собеседование кандидата с рекрутером');
		expect(decision.event.service).toBe(serviceName(2));
		expect(decision.event.title).toBe('Собеседование с рекрутером: сценарий A');
		expect(decision.event.recommendedService).toBe(serviceName(6));
		expect(decision.event.resultForCandidate).toBe(`Маршрут: «${serviceName(6)}»; параллельно «${serviceName(1)}».`);
		expect(decision.event.recommendations).toContain('контакты переданы');
		expect(decision.event.vacancy).toBe('vac_7');
		expect(decision.event.details.contactsHandedOver).toEqual({ role: 'Консультант по сопровождаемому трудоустройству', specialistId: 'spec_3', specialistName: 'Иванова А. А.' });
		expect(decision.event.details.portraitVerdict).toBe('Соответствует');
		expect(decision.event.details.candidatePool).toBe(true);
	});

	it('row is a valid event', () => {
		const decision = decideReferral(MATCH, { fitsVacancy: true, interested: true, vacancyId: 'vac_7' });
		const row = recruiterInterviewEvent(decision, { id: 'evt_1', date: '2024-01-10', candidateId: 'cand_1', episodeId: 'ep_1', specialistId: 'spec_1' });
		const parsed = events.zod.safeParse(row);
		expect(parsed.success).toBe(true);
		expect(row).toMatchObject({ id: 'evt_1', date: '2024-01-10', candidate: 'cand_1', episode: 'ep_1', specialist: 'spec_1', vacancy: 'vac_7', recommendedService: serviceName(6) });
	});

	it('needs-data row is valid', () => {
		const row = recruiterInterviewEvent(decideReferral(INCOMPLETE, {}), { id: 'evt_2', date: '2024-01-10', candidateId: 'cand_1' });
		expect(events.zod.safeParse(row).success).toBe(true);
		expect(row.recommendedService).toBe(serviceName(2));
		expect(row.episode).toBeNull();
	});
});
