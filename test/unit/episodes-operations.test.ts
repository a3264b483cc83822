import { addDays, dateInTimeZone } from '../../core/calendar';
import { stableId } from '../../core/ids';
import { recordEvaluations } from '../../core/operations/evaluations';
import { runEpisodeOperations, type EpisodeOutcome, type EpisodeRequest } from '../../core/operations/episodes';
import { CONFIDENTIAL_PLACEHOLDER } from '../../core/operations/rejectedSteps';
import type { ItemResult } from '../../core/operations/result';
import { LifecycleEpisode } from '../../nodes/LifecycleEpisode/LifecycleEpisode.node';
import type { Base } from '../../storage/types';
import { nodeContext } from '../fixtures/nodeContext';
import { context, openTempBase, seedEmployer, seedEpisode, seedMentor, seedUser, seedVacancy, type TempBase } from '../fixtures/route';

const CANDIDATE = 'cand-1';

let temp: TempBase;

beforeEach(async () => {
	temp = openTempBase();
	await seedUser(temp.base, CANDIDATE, '2025-01-15');
});

afterEach(async () => {
	await temp.close();
});

async function run(request: EpisodeRequest, base: Base = temp.base): Promise<ItemResult<EpisodeOutcome>> {
	const [result] = await runEpisodeOperations(base, [request], context);
	return result;
}

async function ok(request: EpisodeRequest): Promise<EpisodeOutcome> {
	const result = await run(request);
	if (!result.ok) {
		throw new Error(`expected success, got: ${result.message}`);
	}
	return result.value;
}

async function rejected(request: EpisodeRequest): Promise<string> {
	const result = await run(request);
	if (result.ok) {
		throw new Error(`expected a rejection of ${request.operation}`);
	}
	return result.message;
}

async function episode(id: string) {
	return temp.base.get('episodes', id);
}

async function eventsOfType(type: string) {
	return (await temp.base.list('events', { where: { candidate: CANDIDATE } })).filter((event) => event.type === type);
}

describe('professional orientation (service 3)', () => {
	beforeEach(async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3', startDate: '2025-03-01' });
	});

	async function recordFinal(date: string): Promise<void> {
		const results = await recordEvaluations(
			temp.base,
			[
				{ candidateId: CANDIDATE, service: 3, form: 'exam', date, checkpointKey: 's3:s3:final', levels: { labourLaw: 4, businessEtiquette: 3, selfPresentation: 4 }, examPassed: true },
				{ candidateId: CANDIDATE, service: 3, form: 'characteristic', date, checkpointKey: 's3:s3:final', levels: { motivation: 5, adaptability: 4 }, recommendations: 'Временное трудоустройство' },
			],
			context,
		);
		expect(results.every((result) => result.ok)).toBe(true);
	}

	test('start plans one month', async () => {
		const outcome = await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03' });

		expect(outcome.status).toBe('Оказывается');
		expect(outcome.plannedEndDate).toBe('2025-04-03');
		expect(outcome.message).toContain('2025-03-17');
		expect((await episode('s3'))?.plannedEndDate).toBe('2025-04-03');
		expect(await eventsOfType('Собеседование кандидата с консультантом')).toHaveLength(1);
		expect((await temp.base.get('candidates', CANDIDATE))?.currentService).toBe('Профессиональная ориентация');
	});

	test('second start within a year rejected', async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3-old', status: 'Завершена', startDate: '2024-03-03', actualEndDate: '2024-04-03' });
		const eventsBefore = await temp.base.count('events');

		const message = await rejected({ operation: 'start', episodeId: 's3', date: '2025-03-02' });

		expect(message).toContain('не чаще одного раза в год');
		expect(message).toContain('2025-03-03');
		expect(message).toContain('Причина исключения из правила');
		expect((await episode('s3'))?.status).toBe('Направлен');
		expect(await temp.base.count('events')).toBe(eventsBefore);
	});

	test('start a year later allowed', async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3-old', status: 'Завершена', startDate: '2024-03-03', actualEndDate: '2024-04-03' });
		const outcome = await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03' });
		expect(outcome.override).toBeNull();
	});

	test('override reason stored on episode and event', async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3-old', status: 'Завершена', startDate: '2024-06-01', actualEndDate: '2024-07-01' });

		const outcome = await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03', overrideReason: 'Смена профессии по рекомендации врача' });

		expect(outcome.override?.reason).toBe('Смена профессии по рекомендации врача');
		expect((await episode('s3'))?.overrideReason).toBe('2025-03-03, «Начать оказание»: Смена профессии по рекомендации врача');
		const [event] = await eventsOfType('Собеседование кандидата с консультантом');
		expect((event.details as { override: { reason: string; rules: string[] } }).override.reason).toBe('Смена профессии по рекомендации врача');
		expect((event.details as { override: { rules: string[] } }).override.rules[0]).toContain('2025-06-01');
	});

	test('completion before two weeks rejected', async () => {
		await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03' });
		await recordFinal('2025-03-10');

		const message = await rejected({ operation: 'complete', episodeId: 's3', date: '2025-03-10' });

		expect(message).toContain('2025-03-17');
		expect((await episode('s3'))?.status).toBe('Оказывается');
	});

	test('completion needs exam and characteristic', async () => {
		await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03' });

		const message = await rejected({ operation: 'complete', episodeId: 's3', date: '2025-04-01' });

		expect(message).toContain('«Теоретический экзамен»');
		expect(message).toContain('«Характеристика кандидата»');
	});

	test('completion records the result', async () => {
		await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03' });
		await recordFinal('2025-04-01');

		const outcome = await ok({ operation: 'complete', episodeId: 's3', date: '2025-04-03', outcome: 'Склонность к ручному труду', nextService: 4 });

		expect(outcome.status).toBe('Завершена');
		expect(outcome.message).toContain('экзамен сдан');
		const stored = await episode('s3');
		expect(stored?.actualEndDate).toBe('2025-04-03');
		expect(stored?.nextService).toBe('Временное трудоустройство');
		const result = (await temp.base.get('events', outcome.eventIds[0]))!;
		expect(result.type).toBe('Собеседование кандидата с консультантом');
		expect(result.recommendations).toBe('Временное трудоустройство');
		expect((result.details as { result: { examPassed: boolean; skills: Record<string, number> } }).result.examPassed).toBe(true);
		expect((result.details as { result: { skills: Record<string, number> } }).result.skills.motivation).toBe(5);
	});

	test('completion message without exam', async () => {
		await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03' });

		const outcome = await ok({ operation: 'complete', episodeId: 's3', date: '2025-03-20', nextService: 4, overrideReason: 'Экзамен перенесен' });

		expect(outcome.message).toBe('Профессиональная ориентация завершена 2025-03-20. Следующая рекомендованная услуга — «Временное трудоустройство».');
	});

	test('completion after one month rejected', async () => {
		await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03' });
		await recordFinal('2025-04-03');

		const message = await rejected({ operation: 'complete', episodeId: 's3', date: '2025-04-04' });

		expect(message).toContain('не позже 2025-04-03');
	});

	test('violation recorded as other event', async () => {
		await ok({ operation: 'start', episodeId: 's3', date: '2025-03-03' });

		const outcome = await ok({ operation: 'violation', candidateId: CANDIDATE, service: 3, date: '2025-03-05', description: 'Опоздание на пробу' });

		expect(outcome.violations?.count).toBe(1);
		const [event] = await eventsOfType('Иное');
		expect(event.title).toBe('Нарушение регламента мероприятий');
	});
});

describe('temporary employment (service 4)', () => {
	beforeEach(async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3', status: 'Завершена', startDate: '2025-03-03', actualEndDate: '2025-04-03' });
		await seedEpisode(temp.base, CANDIDATE, 4, { id: 's4', startDate: '2025-04-03' });
	});

	async function start(): Promise<EpisodeOutcome> {
		return ok({ operation: 'start', episodeId: 's4', date: '2025-05-05', highMotivation: true, skillsInsufficient: true, functions: 'Упаковка' });
	}

	function violation(date: string, extra: Partial<EpisodeRequest> = {}): EpisodeRequest {
		return { operation: 'violation', episodeId: 's4', date, description: `Опоздание ${date}`, ...extra };
	}

	async function seedSite(): Promise<void> {
		await seedEmployer(temp.base, 'emp-1');
		await seedVacancy(temp.base, 'site-1', { title: 'Склад «Север»', type: 'Внешняя площадка временного трудоустройства', employer: 'emp-1' });
		await seedMentor(temp.base, 'mentor-1', 'emp-1');
	}

	test('start plans nine months', async () => {
		const outcome = await start();

		expect(outcome.plannedEndDate).toBe('2026-02-05');
		expect(outcome.stage).toBe('Внутренняя площадка');
		const [event] = await eventsOfType('Начало работы');
		expect(event.episode).toBe('s4');
		expect(event.description).toBe('Упаковка');
	});

	test('start needs high motivation', async () => {
		const message = await rejected({ operation: 'start', episodeId: 's4', date: '2025-05-05', highMotivation: false, skillsInsufficient: true });
		expect(message).toContain('высокой мотивации');
	});

	test('planned ten months needs reason', async () => {
		const message = await rejected({ operation: 'start', episodeId: 's4', date: '2025-05-05', highMotivation: true, skillsInsufficient: true, plannedMonths: 10 });
		expect(message).toContain('не позже 2026-02-05');
	});

	test('violations warn then dismiss at third', async () => {
		await start();

		const first = await ok(violation('2025-05-20'));
		const second = await ok(violation('2025-06-03'));
		const third = await ok(violation('2025-06-17'));

		expect(first.violations).toEqual({ count: 1, remaining: 2, dismissed: false });
		expect(second.violations).toEqual({ count: 2, remaining: 1, dismissed: false });
		expect(second.branch).toBe('done');
		expect(third.violations).toEqual({ count: 3, remaining: 0, dismissed: true });
		expect(third.status).toBe('Прервана');
		expect(third.branch).toBe('decision');
		expect(third.offeredServices).toEqual([5, 2, 1]);
		expect(third.eventIds).toHaveLength(2);

		const stored = await episode('s4');
		expect(stored?.status).toBe('Прервана');
		expect(stored?.dismissalDate).toBe('2025-06-17');
		expect(stored?.dismissalReason).toBe('Три нарушения регламента');
		expect(stored?.violations).toBe(3);
		expect(await eventsOfType('Нарушение регламента')).toHaveLength(3);
		const [end] = await eventsOfType('Завершение работы');
		expect(end.title).toBe('Увольнение: три нарушения регламента');
		expect((await temp.base.get('candidates', CANDIDATE))?.currentService).toBe('Содействие в поиске подходящей работы');
	});

	test('fourth violation after dismissal rejected', async () => {
		await start();
		for (const date of ['2025-05-20', '2025-06-03', '2025-06-17']) {
			await ok(violation(date));
		}
		const eventsBefore = await temp.base.count('events');

		const later = await rejected({ operation: 'violation', candidateId: CANDIDATE, service: 4, date: '2025-06-18', description: 'Еще одно' });
		const backdated = await rejected(violation('2025-06-10'));

		expect(later).toContain('уже уволен (2025-06-17)');
		expect(backdated).toContain('нарушение № 4 нельзя зарегистрировать');
		expect(await temp.base.count('events')).toBe(eventsBefore);
	});

	test('third violation branches to chosen service', async () => {
		await start();
		await ok(violation('2025-05-20'));
		await ok(violation('2025-06-03'));

		const third = await ok(violation('2025-06-17', { nextService: 2 }));

		expect(third.branch).toBe('service2');
		expect((await episode('s4'))?.nextService).toBe('Содействие в поиске подходящей работы');
	});

	test('repeated violation request replays', async () => {
		await start();
		const first = await ok(violation('2025-05-20'));
		const count = await temp.base.count('events');

		const again = await ok(violation('2025-05-20'));

		expect(again.replayed).toBe(true);
		expect(again.eventIds).toEqual(first.eventIds);
		expect(await temp.base.count('events')).toBe(count);
		expect((await episode('s4'))?.violations).toBe(1);
	});

	test('external site and return linked', async () => {
		await seedSite();
		await start();

		const out = await ok({ operation: 'externalSiteStart', episodeId: 's4', date: '2025-06-02', vacancyId: 'site-1', mentorId: 'mentor-1', functions: 'Комплектация заказов' });
		const back = await ok({ operation: 'externalSiteReturn', episodeId: 's4', date: '2025-07-01', description: 'Не справился с темпом' });

		expect(out.stage).toBe('Сторонняя площадка');
		expect(out.message).toContain('1, 3 и 6 месяцев');
		expect(back.stage).toBe('Внутренняя площадка');
		const [exitEvent] = await eventsOfType('Выход на стороннюю площадку');
		expect(exitEvent.vacancy).toBe('site-1');
		expect(exitEvent.employer).toBe('emp-1');
		expect(exitEvent.mentor).toBe('mentor-1');
		const [returnEvent] = await eventsOfType('Возвращение на внутреннюю площадку');
		expect(returnEvent.vacancy).toBe('site-1');
		expect(returnEvent.employer).toBe('emp-1');
		expect(returnEvent.description).toBe('Не справился с темпом');
		const stored = await episode('s4');
		expect(stored?.stage).toBe('Внутренняя площадка');
		expect(stored?.externalSite).toBeNull();
	});

	test('return needs reason and site', async () => {
		await seedSite();
		await start();

		const notOnSite = await rejected({ operation: 'externalSiteReturn', episodeId: 's4', date: '2025-06-10', description: 'Сложности' });
		await ok({ operation: 'externalSiteStart', episodeId: 's4', date: '2025-06-02', vacancyId: 'site-1' });
		const noReason = await rejected({ operation: 'externalSiteReturn', episodeId: 's4', date: '2025-06-10' });

		expect(notOnSite).toContain('внутренней площадке');
		expect(noReason).toContain('Причина возвращения');
	});

	test('open vacancy as site needs reason', async () => {
		await seedEmployer(temp.base, 'emp-1');
		await seedVacancy(temp.base, 'vac-open', { employer: 'emp-1' });
		await start();

		const message = await rejected({ operation: 'externalSiteStart', episodeId: 's4', date: '2025-06-02', vacancyId: 'vac-open' });
		const outcome = await ok({ operation: 'externalSiteStart', episodeId: 's4', date: '2025-06-02', vacancyId: 'vac-open', overrideReason: 'Работодатель готов принять на стажировку' });

		expect(message).toContain('Внешняя площадка временного трудоустройства');
		expect(outcome.override?.reason).toBe('Работодатель готов принять на стажировку');
	});

	test('dismissal at own wish with end content', async () => {
		await seedSite();
		await start();
		await ok({ operation: 'externalSiteStart', episodeId: 's4', date: '2025-06-02', vacancyId: 'site-1' });

		const outcome = await ok({
			operation: 'dismissal',
			episodeId: 's4',
			date: '2025-07-15',
			dismissalReason: 'По собственному желанию',
			nextService: 5,
			functions: 'Упаковка, комплектация',
			recommendations: 'Тренинг по самопрезентации',
			outsideOrganisations: 'Мастерская «Ремесло»',
		});

		expect(outcome.branch).toBe('service5');
		const [end] = await eventsOfType('Завершение работы');
		expect(end.resultForCandidate).toContain('Склад «Север» (с 2025-06-02)');
		expect(end.outsideOrganisations).toBe('Мастерская «Ремесло»');
		expect(end.recommendedService).toBe('Социальная адаптация на рынке труда');
		const details = end.details as { endOfService: { sites: Array<{ vacancy: string }>; functions: string } };
		expect(details.endOfService.sites[0].vacancy).toBe('site-1');
		expect(details.endOfService.functions).toBe('Упаковка, комплектация');
	});

	test('dismissal for other reason needs reason', async () => {
		await start();

		const message = await rejected({ operation: 'dismissal', episodeId: 's4', date: '2025-07-15', dismissalReason: 'По инициативе работодателя' });
		const fewViolations = await rejected({ operation: 'dismissal', episodeId: 's4', date: '2025-07-15', dismissalReason: 'Три нарушения регламента', overrideReason: 'Решение руководителя' });

		expect(message).toContain('по собственному желанию');
		expect(fewViolations).toContain('Записано нарушений регламента: 0');
	});

	test('completion within one to nine months', async () => {
		await start();

		const early = await rejected({ operation: 'complete', episodeId: 's4', date: '2025-06-04' });
		const late = await rejected({ operation: 'complete', episodeId: 's4', date: '2026-02-06' });
		const outcome = await ok({ operation: 'complete', episodeId: 's4', date: '2026-02-05', acquiredSkills: 'Работа по инструкции', nextService: 6 });

		expect(early).toContain('не раньше 2025-06-05');
		expect(late).toContain('не позже 2026-02-05');
		expect(outcome.status).toBe('Завершена');
		const [end] = await eventsOfType('Завершение работы');
		expect(end.title).toBe('Завершение временного трудоустройства');
		expect(end.description).toContain('Работа по инструкции');
		expect((await episode('s4'))?.dismissalReason).toBe('Окончание срока трудового договора');
	});

	test('interrupt points to dismissal', async () => {
		await start();
		const message = await rejected({ operation: 'interrupt', episodeId: 's4', date: '2025-06-01' });
		expect(message).toContain('«Увольнение»');
	});
});

describe('supported employment (service 6)', () => {
	beforeEach(async () => {
		await seedEmployer(temp.base, 'emp-1');
		await seedVacancy(temp.base, 'vac-1', { employer: 'emp-1' });
		await seedEpisode(temp.base, CANDIDATE, 6, { id: 's6', startDate: '2025-02-01', vacancy: 'vac-1' });
	});

	async function prepare(): Promise<void> {
		await ok({ operation: 'start', episodeId: 's6', date: '2025-02-10', plan: 'Тренинг по составлению резюме' });
	}

	function contract(extra: Partial<EpisodeRequest> = {}): EpisodeRequest {
		return { operation: 'contractSigned', episodeId: 's6', date: '2025-03-03', service5Recommendations: 'confirmed', agreedStartDate: '2025-03-03', ...extra };
	}

	test('preparation starts at consultant interview', async () => {
		const outcome = await ok({ operation: 'start', episodeId: 's6', date: '2025-02-10', plan: 'Тренинг по составлению резюме' });

		expect(outcome.stage).toBe('Подготовка');
		const [event] = await eventsOfType('Собеседование с консультантом');
		expect(event.vacancy).toBe('vac-1');
		expect(event.employer).toBe('emp-1');
		expect((await episode('s6'))?.plannedEndDate).toBeNull();
	});

	test('preparation needs a vacancy', async () => {
		await seedEpisode(temp.base, CANDIDATE, 6, { id: 's6-no-vacancy', startDate: '2025-02-01' });
		const message = await rejected({ operation: 'start', episodeId: 's6-no-vacancy', date: '2025-02-10' });
		expect(message).toContain('Ключ вакансии');
		expect(message).toContain('из таблицы «Вакансии», поле «Ключ»');
	});

	test('internal training end before start', async () => {
		const message = await rejected({ operation: 'internalTrainingEnd', episodeId: 's6', date: '2025-02-10' });
		expect(message).toContain('— «Направлен»');
		expect(message).toContain('Сначала запишите операции «Начать оказание» и «Трудовой договор подписан»');
	});

	test('agreed start may be after today', async () => {
		await prepare();

		const [result] = await runEpisodeOperations(temp.base, [contract({ agreedStartDate: '2025-03-17' })], context, { today: '2025-03-03' });

		expect(result.ok).toBe(true);
	});

	test('contract starts six months of adaptation', async () => {
		await prepare();

		const outcome = await ok(contract());

		expect(outcome.stage).toBe('Предоставление');
		expect(outcome.adaptation).toEqual({ months: 6, end: '2025-09-03' });
		expect(outcome.message).toContain('2025-04-03, 2025-06-03, 2025-09-03');
		const stored = await episode('s6');
		expect(stored?.employmentStart).toBe('2025-03-03');
		expect(stored?.plannedEndDate).toBe('2025-09-03');
		expect(stored?.adaptationMonths).toBe(6);
		const [hired] = await eventsOfType('Кандидат устроился на работу');
		expect(hired.vacancy).toBe('vac-1');
		expect(hired.employer).toBe('emp-1');
		expect((hired.details as { adaptationMonths: number }).adaptationMonths).toBe(6);
	});

	test('contract needs an interview first', async () => {
		const message = await rejected(contract());
		expect(message).toContain('«Направлен»');
	});

	test('nine months need employer consent', async () => {
		await prepare();

		const missing = await rejected(contract({ adaptationMonths: 9, userConsent: true }));
		const withReason = await rejected(contract({ adaptationMonths: 9, userConsent: true, overrideReason: 'Работодатель согласен устно' }));

		expect(missing).toContain('не зафиксировано согласие: работодателя');
		expect(withReason).toContain('Не каждое из этих правил можно обойти');
		expect((await episode('s6'))?.stage).toBe('Подготовка');
	});

	test('three months with both consents', async () => {
		await prepare();

		const outcome = await ok(contract({ adaptationMonths: 3, userConsent: true, employerConsent: true }));

		expect(outcome.adaptation).toEqual({ months: 3, end: '2025-06-03' });
		expect(outcome.message).toContain('Оценки работодателя: 2025-04-03, 2025-06-03.');
		const stored = await episode('s6');
		expect(stored?.userConsent).toBe(true);
		expect(stored?.employerConsent).toBe(true);
	});

	test('ten months need reason besides consent', async () => {
		await prepare();

		const message = await rejected(contract({ adaptationMonths: 10, userConsent: true, employerConsent: true }));
		const outcome = await ok(contract({ adaptationMonths: 10, userConsent: true, employerConsent: true, overrideReason: 'Сложная адаптация, решение супервизии' }));

		expect(message).toContain('3–9 мес.');
		expect(outcome.adaptation?.end).toBe('2026-01-03');
	});

	test('unconfirmed service 5 recommendations', async () => {
		await prepare();

		const message = await rejected(contract({ service5Recommendations: 'completedNotConfirmed' }));
		const missing = await rejected(contract({ service5Recommendations: undefined }));
		const late = await rejected(contract({ agreedStartDate: '2025-03-01' }));

		expect(message).toContain('не подтверждено в базе');
		expect(missing).toContain('поле «Рекомендации по услуге 5» не заполнено');
		expect(late).toContain('позже согласованной с работодателем даты 2025-03-01');
	});

	test('adaptation extended with consents', async () => {
		await prepare();
		await ok(contract());

		const refused = await rejected({ operation: 'adaptationChange', episodeId: 's6', date: '2025-05-01', adaptationMonths: 9, userConsent: true });
		const outcome = await ok({ operation: 'adaptationChange', episodeId: 's6', date: '2025-05-01', adaptationMonths: 9, userConsent: true, employerConsent: true });

		expect(refused).toContain('работодателя');
		expect(outcome.adaptation).toEqual({ months: 9, end: '2025-12-03' });
		expect((await episode('s6'))?.plannedEndDate).toBe('2025-12-03');
		const [event] = await eventsOfType('Иное');
		expect(event.title).toBe('Срок адаптации увеличен: 6 → 9 мес.');
		expect(event.employer).toBe('emp-1');
	});

	test('shortening into the past rejected', async () => {
		await prepare();
		await ok(contract());

		const message = await rejected({ operation: 'adaptationChange', episodeId: 's6', date: '2025-07-01', adaptationMonths: 3, userConsent: true, employerConsent: true });

		expect(message).toContain('2025-06-03');
	});

	test('employer refusal offers services', async () => {
		await prepare();

		const outcome = await ok({ operation: 'refusalBeforeContract', episodeId: 's6', date: '2025-02-20', refusedBy: 'Работодатель', description: 'Не прошел второй этап', nextService: 5 });

		expect(outcome.branch).toBe('service5');
		expect(outcome.status).toBe('Отказ');
		const [event] = await eventsOfType('Кандидат получил отказ от работодателя');
		expect(event.employer).toBe('emp-1');
		expect(event.vacancy).toBe('vac-1');
		expect((event.details as { refusal: { stage: string } }).refusal.stage).toBe('Подготовка');
		expect((await episode('s6'))?.refusedBy).toBe('Работодатель');
	});

	test('refusal without next service needs decision', async () => {
		await prepare();

		const outcome = await ok({ operation: 'refusalBeforeContract', episodeId: 's6', date: '2025-02-20', refusedBy: 'Пользователь', description: 'Передумал' });

		expect(outcome.branch).toBe('decision');
		expect(await eventsOfType('Кандидат получил отказ от работодателя')).toHaveLength(0);
		expect((await eventsOfType('Иное'))[0].title).toBe('Отказ (пользователь) до подписания трудового договора');
	});

	test('refusal offers only services 5, 2, 1', async () => {
		await prepare();
		const message = await rejected({ operation: 'refusalBeforeContract', episodeId: 's6', date: '2025-02-20', refusedBy: 'Консультант', description: 'Не готов', nextService: 3 });
		expect(message).toContain('«Профессиональная ориентация»');
	});

	test('refusal after contract points to dismissal', async () => {
		await prepare();
		await ok(contract());
		const message = await rejected({ operation: 'refusalBeforeContract', episodeId: 's6', date: '2025-04-01', refusedBy: 'Работодатель', description: 'Сокращение' });
		expect(message).toContain('«Увольнение»');
	});

	test('dismissal ends the job', async () => {
		await prepare();
		await ok(contract());

		const outcome = await ok({ operation: 'dismissal', episodeId: 's6', date: '2025-05-20', dismissalReason: 'По собственному желанию', nextService: 2 });

		expect(outcome.branch).toBe('service2');
		expect(outcome.status).toBe('Прервана');
		const stored = await episode('s6');
		expect(stored?.dismissalDate).toBe('2025-05-20');
		expect(stored?.status).toBe('Прервана');
		const [event] = await eventsOfType('Завершение постоянной работы');
		expect(event.vacancy).toBe('vac-1');
		expect((event.details as { dismissal: { daysWorked: number } }).dismissal.daysWorked).toBe(78);
	});

	test('dismissal after support keeps completion', async () => {
		await prepare();
		await ok(contract());
		await ok({ operation: 'complete', episodeId: 's6', date: '2025-09-03' });

		const outcome = await ok({ operation: 'dismissal', candidateId: CANDIDATE, service: 6, date: '2025-11-01', dismissalReason: 'По инициативе работодателя' });

		expect(outcome.branch).toBe('decision');
		const stored = await episode('s6');
		expect(stored?.status).toBe('Завершена');
		expect(stored?.actualEndDate).toBe('2025-09-03');
		expect(stored?.dismissalDate).toBe('2025-11-01');
	});

	test('completion at adaptation end', async () => {
		await prepare();
		await ok(contract());

		const early = await rejected({ operation: 'complete', episodeId: 's6', date: '2025-08-01' });
		const outcome = await ok({ operation: 'complete', episodeId: 's6', date: '2025-09-03' });

		expect(early).toContain('до 2025-09-03');
		expect(outcome.message).toContain('2026-03-04');
		expect((await eventsOfType('Связь с кандидатом'))[0].title).toBe('Итоговая встреча: адаптация завершена');
	});

	test('interrupt points to refusal', async () => {
		await prepare();
		const message = await rejected({ operation: 'interrupt', episodeId: 's6', date: '2025-02-20' });
		expect(message).toContain('«Отказ до трудового договора»');
	});
});

describe('services without limits', () => {
	test('service 5 start and refusal', async () => {
		await seedEpisode(temp.base, CANDIDATE, 5, { id: 's5', startDate: '2025-02-01' });

		const started = await ok({ operation: 'start', candidateId: CANDIDATE, service: 5, date: '2025-02-03' });
		const refused = await ok({ operation: 'refuse', episodeId: 's5', date: '2025-02-10', outcome: 'Не может посещать тренинги', nextService: 1 });

		expect(started.plannedEndDate).toBeNull();
		expect(refused.status).toBe('Отказ');
		expect(refused.branch).toBe('service1');
	});

	test('unknown episode rejected', async () => {
		const message = await rejected({ operation: 'start', episodeId: 'missing', date: '2025-02-03' });
		expect(message).toContain('Ключ эпизода');
	});

	test('episode of other candidate rejected', async () => {
		await seedUser(temp.base, 'cand-2', '2025-01-15');
		const message = await rejected({ operation: 'start', episodeId: 'cand-2-s2', candidateId: CANDIDATE, date: '2025-02-03' });
		expect(message).toContain('другому кандидату');
	});

	test('date after today rejected', async () => {
		await seedEpisode(temp.base, CANDIDATE, 5, { id: 's5', startDate: '2025-02-01' });
		const request: EpisodeRequest = { operation: 'start', episodeId: 's5', date: '2025-02-04' };

		const [future] = await runEpisodeOperations(temp.base, [request], context, { today: '2025-02-03' });
		const [today] = await runEpisodeOperations(temp.base, [request], context, { today: '2025-02-04' });

		expect(future.ok ? '' : future.message).toContain('«Дата» (2025-02-04) позже сегодняшнего дня (2025-02-03)');
		expect(future.ok ? '' : future.message).toContain('не позже сегодняшней');
		expect(today.ok).toBe(true);
	});

	test('missing keys named by operation', async () => {
		const reentry = await rejected({ operation: 'reentry', date: '2025-02-03' });
		const complete = await rejected({ operation: 'complete', service: 5, date: '2025-02-03' });

		expect(reentry).toBe('Не указан «Ключ кандидата»: скопируйте его из таблицы «Кандидаты», поле «Ключ».');
		expect(complete).toContain('«Ключ кандидата» и «Ключ эпизода»');
	});

	test('invalid date rejected', async () => {
		const message = await rejected({ operation: 'start', episodeId: 'cand-1-s2', date: '03.02.2025' });
		expect(message).toContain('ГГГГ-ММ-ДД');
	});
});

describe('re-entry at service 2', () => {
	test('withdrawn user re-enters with history', async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3', status: 'Завершена', startDate: '2025-03-03', actualEndDate: '2025-04-03', outcome: 'Интерес к складской работе' });
		await temp.base.write([{ kind: 'update', table: 'episodes', id: `${CANDIDATE}-s2`, patch: { status: 'Прервана', actualEndDate: '2025-05-01' } }], context);
		await temp.base.write([{ kind: 'update', table: 'candidates', id: CANDIDATE, patch: { routeState: 'Выбыл', currentService: null } }], context);

		const outcome = await ok({ operation: 'reentry', candidateId: CANDIDATE, date: '2026-01-12' });

		const openedId = stableId('ep', CANDIDATE, 2, '2026-01-12');
		expect(outcome.openedEpisodeId).toBe(openedId);
		expect((await episode(openedId))?.reentry).toBe(true);
		const candidate = await temp.base.get('candidates', CANDIDATE);
		expect(candidate?.routeState).toBe('Пользователь');
		expect(candidate?.entryDate).toBe('2025-01-15');
		expect(outcome.history?.appeals).toBe(1);
		expect(outcome.history?.episodes.map((item) => item.id)).toEqual([`${CANDIDATE}-s2`, 's3']);
		expect(outcome.history?.text).toContain('Интерес к складской работе');
		expect((await episode('s3'))?.status).toBe('Завершена');
		const [event] = await eventsOfType('Связь с кандидатом');
		expect(event.episode).toBe(openedId);
	});

	test('re-entry retry replays with history', async () => {
		await temp.base.write([{ kind: 'update', table: 'candidates', id: CANDIDATE, patch: { routeState: 'Выбыл' } }], context);
		await temp.base.write([{ kind: 'update', table: 'episodes', id: `${CANDIDATE}-s2`, patch: { status: 'Прервана', actualEndDate: '2025-05-01' } }], context);
		await ok({ operation: 'reentry', candidateId: CANDIDATE, date: '2026-01-12' });

		const again = await ok({ operation: 'reentry', candidateId: CANDIDATE, date: '2026-01-12' });

		expect(again.replayed).toBe(true);
		expect(again.history?.appeals).toBe(2);
		expect((await temp.base.list('episodes', { where: { candidate: CANDIDATE } })).length).toBe(2);
	});

	test('after exit service 5 opens directly', async () => {
		await temp.base.write([{ kind: 'update', table: 'candidates', id: CANDIDATE, patch: { routeState: 'Точка выхода', exitDate: '2025-12-01' } }], context);
		await temp.base.write([{ kind: 'update', table: 'episodes', id: `${CANDIDATE}-s2`, patch: { status: 'Завершена', actualEndDate: '2025-12-01' } }], context);

		const outcome = await ok({ operation: 'reentry', candidateId: CANDIDATE, date: '2026-01-12', requestedService: 5 });

		expect(outcome.service).toBe(5);
		expect(outcome.status).toBe('Направлен');
		expect((await temp.base.get('candidates', CANDIDATE))?.routeState).toBe('Точка выхода');
	});

	test('after exit other service re-enters at 2', async () => {
		await temp.base.write([{ kind: 'update', table: 'candidates', id: CANDIDATE, patch: { routeState: 'Точка выхода', exitDate: '2025-12-01' } }], context);
		await temp.base.write([{ kind: 'update', table: 'episodes', id: `${CANDIDATE}-s2`, patch: { status: 'Завершена', actualEndDate: '2025-12-01' } }], context);

		const outcome = await ok({ operation: 'reentry', candidateId: CANDIDATE, date: '2026-01-12', requestedService: 6 });

		expect(outcome.service).toBe(2);
		expect(outcome.message).toContain('«Сопровождаемое трудоустройство» назначается после нового собеседования');
		expect((await temp.base.get('candidates', CANDIDATE))?.routeState).toBe('Пользователь');
	});

	test('user on route needs no re-entry', async () => {
		const outcome = await ok({ operation: 'reentry', candidateId: CANDIDATE, date: '2026-01-12' });
		expect(outcome.eventIds).toEqual([]);
		expect(outcome.message).toContain('повторный вход не нужен');
	});

	test('graduate cannot re-enter', async () => {
		await temp.base.write([{ kind: 'update', table: 'candidates', id: CANDIDATE, patch: { routeState: 'Выпускник' } }], context);
		const message = await rejected({ operation: 'reentry', candidateId: CANDIDATE, date: '2026-01-12' });
		expect(message).toContain('анкетой рекрутера');
	});
});

describe('atomic writes', () => {
	test('failed write leaves nothing', async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3', status: 'Завершена', startDate: '2025-03-03', actualEndDate: '2025-04-03' });
		await seedEpisode(temp.base, CANDIDATE, 4, { id: 's4', startDate: '2025-04-03' });
		await ok({ operation: 'start', episodeId: 's4', date: '2025-05-05', highMotivation: true, skillsInsufficient: true });
		await ok({ operation: 'violation', episodeId: 's4', date: '2025-05-20', description: 'Опоздание' });
		await ok({ operation: 'violation', episodeId: 's4', date: '2025-06-03', description: 'Опоздание' });
		const eventsBefore = await temp.base.count('events');

		// A base whose writes land and then fail: the transaction must undo all of them.
		const failing: Base = {
			...temp.base,
			kind: 'local',
			get: temp.base.get.bind(temp.base),
			getMany: temp.base.getMany.bind(temp.base),
			list: temp.base.list.bind(temp.base),
			scan: temp.base.scan.bind(temp.base),
			close: temp.base.close.bind(temp.base),
			write: temp.base.write.bind(temp.base),
			transaction: (work) =>
				temp.base.transaction((tx) =>
					work({
						...tx,
						kind: 'local',
						get: tx.get.bind(tx),
						getMany: tx.getMany.bind(tx),
						list: tx.list.bind(tx),
						scan: tx.scan.bind(tx),
						close: tx.close.bind(tx),
						transaction: tx.transaction.bind(tx),
						write: async (operations, writeContext, options) => {
							await tx.write(operations, writeContext, options);
							throw new Error('Сбой записи');
						},
					}),
				),
		};

		const result = await run({ operation: 'violation', episodeId: 's4', date: '2025-06-17', description: 'Опоздание' }, failing);

		expect(result.ok).toBe(false);
		expect(await temp.base.count('events')).toBe(eventsBefore);
		expect((await episode('s4'))?.status).toBe('Оказывается');
		expect((await episode('s4'))?.violations).toBe(2);
	});
});

describe('episode node', () => {
	function parameters(operation: string, extra: Record<string, unknown> = {}) {
		return () => ({ backend: 'local', localPath: temp.path, operation, episodeId: 's4', candidateId: '', date: '', ...extra });
	}

	beforeEach(async () => {
		await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3', status: 'Завершена', startDate: '2025-03-03', actualEndDate: '2025-04-03' });
		await seedEpisode(temp.base, CANDIDATE, 4, { id: 's4', startDate: '2025-04-03' });
		await ok({ operation: 'start', episodeId: 's4', date: '2025-05-05', highMotivation: true, skillsInsufficient: true });
	});

	test('violations branch to outputs', async () => {
		const node = new LifecycleEpisode();
		const items = [{ n: 1 }, { n: 2 }, { n: 3 }];
		const dates = ['2025-05-20', '2025-06-03', '2025-06-17'];

		const outputs = await node.execute.call(nodeContext(items, (index) => parameters('violation', { date: dates[index], description: `Опоздание ${index + 1}` })()));

		expect(node.description.outputNames).toEqual(['Выполнено', '5. Социальная адаптация на рынке труда', '2. Содействие в поиске подходящей работы', '1. Социально-психологические услуги', 'Нужно решение']);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(outputs[4]).toHaveLength(1);
		expect(outputs[4][0].pairedItem).toEqual({ item: 2 });
		expect(outputs[4][0].json).toMatchObject({ n: 3, Операция: 'Нарушение регламента', 'Статус эпизода': 'Прервана', 'Нарушений регламента': 3, Уволен: true });
		expect(outputs[0][1].json['Осталось нарушений до увольнения']).toBe(1);
	});

	test('rejection names item or continues', async () => {
		const node = new LifecycleEpisode();
		const bad = parameters('complete', { date: '2025-05-10' });

		await expect(node.execute.call(nodeContext([{}], bad))).rejects.toThrow('не раньше 2025-06-05');
		const outputs = await node.execute.call(nodeContext([{ n: 1 }], bad, { continueOnFail: true }));

		expect(outputs[4][0].json.error).toContain('не раньше 2025-06-05');
		expect(outputs[4][0].pairedItem).toEqual({ item: 0 });
	});

	test('rejected step stored once, redacted', async () => {
		const node = new LifecycleEpisode();
		const answers = { 'Ключ эпизода': 's4', Операция: 'Завершить', Результат: 'Тайный результат', 'Комментарий специалиста': 'Тайный комментарий', Заметка: 'Тайный итог', submittedAt: '2025-05-10T10:00:00+03:00' };
		const bad = parameters('complete', { date: '2025-05-10', outcome: 'Тайный итог', options: { specialistComment: 'Тайный комментарий' } });

		const first = await node.execute.call(nodeContext([answers], bad, { continueOnFail: true }));
		await node.execute.call(nodeContext([answers], bad, { continueOnFail: true }));

		const kept = await temp.base.list('rejectedSubmissions');
		expect(kept).toHaveLength(1);
		expect(kept[0]).toMatchObject({ form: 'Тестовый процесс: Узел в тесте', resolved: false });
		expect(kept[0].problems).toContain('не раньше 2025-06-05');
		expect(kept[0].raw).toMatchObject({ 'Ключ эпизода': 's4', Операция: 'Завершить', Результат: CONFIDENTIAL_PLACEHOLDER, 'Комментарий специалиста': CONFIDENTIAL_PLACEHOLDER, Заметка: CONFIDENTIAL_PLACEHOLDER });
		expect(JSON.stringify(kept[0])).not.toContain('Тайный');
		expect(first[4][0].json.error).toContain('сохранен в таблице «Отклоненные анкеты»');
	});

	test('service 1 topic never stored', async () => {
		const node = new LifecycleEpisode();
		const answers = { 'Ключ кандидата': 'нет-такого', 'Тема встречи': 'Тревожная тема', 'Название события': 'Тревожная тема', Конфиденциально: 'Нет', submittedAt: '2025-05-10T10:00:00+03:00' };
		const start = parameters('start', { service: 1, episodeId: '', candidateId: 'нет-такого', date: '2025-05-10' });

		await node.execute.call(nodeContext([answers], start, { continueOnFail: true }));

		const kept = await temp.base.list('rejectedSubmissions');
		expect(kept).toHaveLength(1);
		expect(kept[0].raw).toMatchObject({ 'Тема встречи': CONFIDENTIAL_PLACEHOLDER, 'Название события': CONFIDENTIAL_PLACEHOLDER, Конфиденциально: 'Нет' });
		expect(JSON.stringify(kept[0])).not.toContain('Тревожная');
	});

	test('keeping rejected steps can be off', async () => {
		const node = new LifecycleEpisode();

		await node.execute.call(nodeContext([{ n: 1 }], parameters('complete', { date: '2025-05-10', keepRejected: false }), { continueOnFail: true }));

		expect(await temp.base.count('rejectedSubmissions')).toBe(0);
	});

	test('node rejects a date after today', async () => {
		const node = new LifecycleEpisode();
		const tomorrow = addDays(dateInTimeZone(new Date(), 'Europe/Moscow'), 1);

		const outputs = await node.execute.call(nodeContext([{ n: 1 }], parameters('violation', { date: tomorrow, description: 'Опоздание' }), { continueOnFail: true }));

		expect(outputs[4][0].json.error).toContain(`«Дата» (${tomorrow}) позже сегодняшнего дня`);
		expect((await episode('s4'))?.violations ?? 0).toBe(0);
	});

	test('each item carries its own error', async () => {
		const node = new LifecycleEpisode();
		const earlier = { Сообщение: 'Услуга завершена', error: 'Ошибка прошлого шага', 'Что исправить': ['Прошлое'], 'Уже было выполнено': false };
		const items = [{ n: 1, ...earlier }, { n: 2, ...earlier }];
		const dates = ['2025-05-20', '2025-05-01'];

		const outputs = await node.execute.call(nodeContext(items, (index) => parameters('violation', { date: dates[index], description: 'Опоздание' })(), { continueOnFail: true }));

		expect(outputs[0][0].json.error).toBeUndefined();
		expect(outputs[0][0].json['Сообщение']).not.toBe('Услуга завершена');
		expect(outputs[4][0].json).toMatchObject({ n: 2 });
		expect(outputs[4][0].json['Сообщение']).toBeUndefined();
		expect(outputs[4][0].json.error).not.toBe('Ошибка прошлого шага');
		expect(outputs[4][0].json['Что исправить']).not.toEqual(['Прошлое']);
	});

	test('re-entry outputs history', async () => {
		await temp.base.write([{ kind: 'update', table: 'candidates', id: CANDIDATE, patch: { routeState: 'Выбыл' } }], context);
		await temp.base.write([{ kind: 'update', table: 'episodes', id: `${CANDIDATE}-s2`, patch: { status: 'Прервана', actualEndDate: '2025-05-01' } }], context);
		const node = new LifecycleEpisode();

		const outputs = await node.execute.call(nodeContext([{}], () => ({ backend: 'local', localPath: temp.path, operation: 'reentry', candidateId: CANDIDATE, date: '2026-01-12', requestedService: 2 })));

		const history = outputs[0][0].json['История'] as Record<string, unknown>;
		expect(history['Статус маршрута']).toBe('Выбыл');
		expect((history['Эпизоды'] as unknown[]).length).toBe(3);
		expect(String(history['Сводка'])).toContain('Временное трудоустройство');
	});
});
