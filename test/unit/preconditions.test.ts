import { checkPreconditions, nextCareerGuidanceDate, type PreconditionContext } from '../../core/preconditions';
import { serviceName, type Candidate, type Episode, type EpisodeStatus, type ServiceNumber } from '../../schemas';

const USER: Partial<Candidate> = { id: 'cand_1', routeState: 'Пользователь', portraitVerdict: 'Соответствует', requestType: 'Формализованный' };
const OPEN_VACANCIES = [{ status: 'Закрыта' as const }, { status: 'Открыта' as const }];
const INTERVIEW = { type: 'Собеседование кандидата с рекрутером' as const, date: '2024-01-10' };

let counter = 0;
function episode(service: ServiceNumber, status: EpisodeStatus, fields: Partial<Episode> = {}): Episode {
	counter += 1;
	return { id: `ep_${counter}`, candidate: 'cand_1', service: serviceName(service), status, ...fields };
}

function context(fields: Partial<PreconditionContext> = {}): PreconditionContext {
	return { asOf: '2024-03-01', candidate: USER, episodes: [], events: [INTERVIEW], vacancies: OPEN_VACANCIES, ...fields };
}

describe('services 1 and 5', () => {
	const states = ['Выпускник', 'Пользователь', 'Точка выхода', 'Выбыл'] as const;

	it.each(states)('service 1 allowed when %s', (routeState) => {
		const result = checkPreconditions(1, { asOf: '2024-03-01', candidate: { routeState, portraitVerdict: 'Не соответствует' } });
		expect(result).toEqual({ service: 1, allowed: true, problems: [], availableFrom: null, override: null });
	});

	it.each(states)('service 5 allowed when %s', (routeState) => {
		const result = checkPreconditions(5, { asOf: '2024-03-01', candidate: { routeState } });
		expect(result.allowed).toBe(true);
		expect(result.problems).toEqual([]);
	});
});

describe('service 2', () => {
	it('allowed with interview, match, vacancies', () => {
		expect(checkPreconditions(2, context())).toMatchObject({ allowed: true, problems: [] });
	});

	it('needs a recruiter interview', () => {
		const result = checkPreconditions(2, context({ events: [] }));
		expect(result.allowed).toBe(false);
		expect(result.problems).toEqual(['Нет собеседования с рекрутером: услуга оказывается после собеседования с запросом на трудоустройство.']);
	});

	it('interview after the check date does not count', () => {
		expect(checkPreconditions(2, context({ events: [{ ...INTERVIEW, date: '2024-03-02' }] })).allowed).toBe(false);
	});

	it('explicit interview flag wins', () => {
		expect(checkPreconditions(2, context({ events: [], interviewHeld: true })).allowed).toBe(true);
		expect(checkPreconditions(2, context({ interviewHeld: false })).allowed).toBe(false);
	});

	it('other candidate interview ignored', () => {
		expect(checkPreconditions(2, context({ events: [{ ...INTERVIEW, candidate: 'cand_2' }] })).allowed).toBe(false);
	});

	it('needs a request', () => {
		const none = checkPreconditions(2, context({ candidate: { ...USER, requestType: 'Нет запроса' } }));
		expect(none.problems).toHaveLength(1);
		expect(none.problems[0]).toContain('нет запроса');
		const missing = checkPreconditions(2, context({ candidate: { ...USER, requestType: null } }));
		expect(missing.problems[0]).toContain('Не заполнен запрос');
	});

	it('non-formalised request is enough', () => {
		expect(checkPreconditions(2, context({ candidate: { ...USER, requestType: 'Неформализованный' } })).allowed).toBe(true);
	});

	it('needs a portrait match', () => {
		expect(checkPreconditions(2, context({ candidate: { ...USER, portraitVerdict: 'Не соответствует' } })).problems[0]).toContain('не соответствует портрету');
		expect(checkPreconditions(2, context({ candidate: { ...USER, portraitVerdict: 'Недостаточно данных' } })).problems[0]).toContain('не хватает данных');
		expect(checkPreconditions(2, context({ candidate: { ...USER, portraitVerdict: null } })).problems[0]).toContain('не проверен');
	});

	it('fresh verdict overrides stored one', () => {
		expect(checkPreconditions(2, context({ candidate: { ...USER, portraitVerdict: null }, portraitVerdict: 'Соответствует' })).allowed).toBe(true);
		expect(checkPreconditions(2, context({ portraitVerdict: 'Не соответствует' })).allowed).toBe(false);
	});

	it('needs open vacancies', () => {
		const closed = checkPreconditions(2, context({ vacancies: [{ status: 'Закрыта' }, { status: 'Приостановлена' }] }));
		expect(closed.problems).toEqual(['В банке нет открытых вакансий: добавьте вакансии работодателей, иначе маршрут может оказаться нежизнеспособным.']);
		expect(checkPreconditions(2, context({ vacancies: [] })).allowed).toBe(false);
		expect(checkPreconditions(2, context({ vacancies: undefined })).problems[0]).toContain('Не переданы вакансии');
	});

	it('re-entry after exit allowed', () => {
		expect(checkPreconditions(2, context({ candidate: { ...USER, routeState: 'Точка выхода' } })).allowed).toBe(true);
		expect(checkPreconditions(2, context({ candidate: { ...USER, routeState: 'Выбыл' } })).allowed).toBe(true);
	});

	it('lists every problem', () => {
		const result = checkPreconditions(2, context({ events: [], vacancies: [], candidate: { id: 'cand_1', requestType: 'Нет запроса', portraitVerdict: 'Не соответствует' } }));
		expect(result.problems).toHaveLength(4);
	});
});

describe('service 3: at most once a year', () => {
	it('first time allowed', () => {
		const result = checkPreconditions(3, context());
		expect(result.allowed).toBe(true);
		expect(result.availableFrom).toBeNull();
	});

	it('blocked until a year after start', () => {
		const previous = episode(3, 'Завершена', { startDate: '2023-03-02', actualEndDate: '2023-04-01' });
		const result = checkPreconditions(3, context({ episodes: [previous] }));
		expect(result.allowed).toBe(false);
		expect(result.availableFrom).toBe('2024-03-02');
		expect(result.problems).toEqual([`Услуга «${serviceName(3)}» оказывается не чаще одного раза в год: следующая возможна с 2024-03-02.`]);
	});

	it('allowed on the anniversary', () => {
		const previous = episode(3, 'Завершена', { startDate: '2023-03-01' });
		const result = checkPreconditions(3, context({ episodes: [previous] }));
		expect(result.allowed).toBe(true);
		expect(result.availableFrom).toBeNull();
	});

	it('leap day start clamps to 28 February', () => {
		const previous = episode(3, 'Прервана', { startDate: '2024-02-29', actualEndDate: '2024-03-10' });
		expect(checkPreconditions(3, context({ asOf: '2025-02-27', episodes: [previous] })).availableFrom).toBe('2025-02-28');
		expect(checkPreconditions(3, context({ asOf: '2025-02-28', episodes: [previous] })).allowed).toBe(true);
	});

	it('latest of several episodes counts', () => {
		const older = episode(3, 'Завершена', { startDate: '2021-05-01' });
		const newer = episode(3, 'Завершена', { startDate: '2023-06-15' });
		expect(nextCareerGuidanceDate([newer, older])).toBe('2024-06-15');
		expect(nextCareerGuidanceDate([older, newer])).toBe('2024-06-15');
	});

	it('refusal does not count', () => {
		const refused = episode(3, 'Отказ', { startDate: '2024-01-15' });
		expect(checkPreconditions(3, context({ episodes: [refused] })).allowed).toBe(true);
		expect(nextCareerGuidanceDate([refused])).toBeNull();
	});

	it('end date stands in for start', () => {
		expect(nextCareerGuidanceDate([episode(3, 'Завершена', { actualEndDate: '2023-09-30' })])).toBe('2024-09-30');
	});

	it('open episode blocks a second one', () => {
		const open = episode(3, 'Оказывается', { startDate: '2024-02-20' });
		const result = checkPreconditions(3, context({ episodes: [open] }));
		expect(result.problems).toHaveLength(2);
		expect(result.problems[0]).toContain('уже есть открытый эпизод');
	});

	it('other candidate episode ignored', () => {
		const other = { ...episode(3, 'Завершена', { startDate: '2024-01-01' }), candidate: 'cand_2' };
		expect(checkPreconditions(3, context({ episodes: [other] })).allowed).toBe(true);
	});

	it('needs the route and the portrait', () => {
		expect(checkPreconditions(3, context({ candidate: { ...USER, routeState: 'Выпускник' } })).problems[0]).toContain('еще не вошел в технологию');
		expect(checkPreconditions(3, context({ candidate: { ...USER, routeState: 'Точка выхода' } })).problems[0]).toContain('достиг точки выхода');
		expect(checkPreconditions(3, context({ candidate: { ...USER, routeState: 'Выбыл' } })).problems[0]).toContain('выбыл');
		expect(checkPreconditions(3, context({ candidate: { ...USER, portraitVerdict: 'Не соответствует' } })).allowed).toBe(false);
	});
});

describe('service 4', () => {
	const orientation = () => episode(3, 'Завершена', { startDate: '2024-01-15', actualEndDate: '2024-02-14' });

	it('allowed after orientation', () => {
		const result = checkPreconditions(4, context({ episodes: [orientation()], highMotivation: true, skillsInsufficientForVacancies: true }));
		expect(result).toMatchObject({ allowed: true, problems: [] });
	});

	it('needs high motivation', () => {
		const low = checkPreconditions(4, context({ episodes: [orientation()], highMotivation: false, skillsInsufficientForVacancies: true }));
		expect(low.problems).toEqual([`Услуга «${serviceName(4)}» предлагается только при высокой мотивации к трудовой деятельности.`]);
		const unknown = checkPreconditions(4, context({ episodes: [orientation()], skillsInsufficientForVacancies: true }));
		expect(unknown.problems[0]).toContain('Не отмечено, высока ли мотивация');
	});

	it('interrupted orientation is not enough', () => {
		const interrupted = episode(3, 'Прервана', { startDate: '2024-01-15' });
		const result = checkPreconditions(4, context({ episodes: [interrupted], highMotivation: true, skillsInsufficientForVacancies: true }));
		expect(result.allowed).toBe(false);
		expect(result.problems[0]).toContain('нет завершенной услуги');
	});

	it('allowed on a repeated appeal', () => {
		const history = [
			episode(2, 'Завершена', { startDate: '2022-01-10', actualEndDate: '2022-09-01' }),
			episode(5, 'Завершена', { startDate: '2022-02-01' }),
			episode(6, 'Прервана', { startDate: '2022-04-01' }),
			episode(2, 'Оказывается', { startDate: '2024-02-20', reentry: true }),
		];
		const result = checkPreconditions(4, context({ episodes: history, highMotivation: true }));
		expect(result).toMatchObject({ allowed: true, problems: [] });
	});

	it('repeated appeal needs many services', () => {
		const history = [episode(5, 'Завершена', { startDate: '2022-02-01' }), episode(1, 'Отказ', { startDate: '2022-03-01' }), episode(2, 'Оказывается', { startDate: '2024-02-20', reentry: true })];
		const result = checkPreconditions(4, context({ episodes: history, highMotivation: true }));
		expect(result.allowed).toBe(false);
		expect(result.problems[1]).toContain('меньше 2 раз');
	});

	it('repeated appeal rejects a held job', () => {
		const history = [episode(5, 'Завершена', { startDate: '2022-02-01' }), episode(6, 'Завершена', { startDate: '2022-03-01' }), episode(2, 'Оказывается', { startDate: '2024-02-20', reentry: true })];
		const exited = checkPreconditions(4, context({ candidate: { ...USER, exitDate: '2023-06-01' }, episodes: history, highMotivation: true }));
		expect(exited.allowed).toBe(false);
		expect(exited.problems[1]).toContain('уже закреплялся');
		const byEvent = checkPreconditions(4, context({ episodes: history, highMotivation: true, events: [INTERVIEW, { type: 'Точка выхода', date: '2023-06-01' }] }));
		expect(byEvent.allowed).toBe(false);
	});

	it('first appeal is not repeated', () => {
		const history = [episode(5, 'Завершена'), episode(1, 'Завершена'), episode(2, 'Оказывается', { startDate: '2024-02-20', reentry: false })];
		const result = checkPreconditions(4, context({ episodes: history, highMotivation: true }));
		expect(result.problems).toEqual([
			`Не выполнено условие «после профориентации»: нет завершенной услуги «${serviceName(3)}»; не отмечено, что навыков недостаточно для имеющихся вакансий.`,
			'Не выполнено условие «повторное обращение»: это не повторное обращение.',
		]);
	});

	it('open episode blocks a second one', () => {
		const result = checkPreconditions(4, context({ episodes: [orientation(), episode(4, 'Направлен')], highMotivation: true, skillsInsufficientForVacancies: true }));
		expect(result.problems).toEqual([`У пользователя уже есть открытый эпизод услуги «${serviceName(4)}»: завершите его или продолжайте в нем.`]);
	});
});

describe('service 6', () => {
	const ready = { employerOffer: true, service5Recommendations: { completed: true, confirmed: true } };

	it('allowed with offer and confirmed recommendations', () => {
		expect(checkPreconditions(6, context(ready))).toMatchObject({ allowed: true, problems: [] });
	});

	it('needs an employer offer', () => {
		const result = checkPreconditions(6, context({ ...ready, employerOffer: false }));
		expect(result.problems).toEqual([
			'Нет предложения работодателя: услуга оказывается после получения предложения от работодателя. Когда оно получено, отметьте «Есть предложение работодателя».',
		]);
	});

	it('needs completed recommendations', () => {
		const result = checkPreconditions(6, context({ ...ready, service5Recommendations: { completed: false, confirmed: false } }));
		expect(result.problems[0]).toContain('не выполнены');
		expect(checkPreconditions(6, context({ ...ready, service5Recommendations: null })).allowed).toBe(false);
	});

	it('needs confirmation in the base', () => {
		const result = checkPreconditions(6, context({ ...ready, service5Recommendations: { completed: true, confirmed: null } }));
		expect(result.problems).toEqual([`Выполнение рекомендаций по услуге «${serviceName(5)}» не подтверждено в базе: специалисту нужно подтвердить его.`]);
	});

	it('no recommendations given is fine', () => {
		expect(checkPreconditions(6, context({ employerOffer: true, service5Recommendations: { given: false } })).allowed).toBe(true);
	});

	it('late start is a problem', () => {
		const late = checkPreconditions(6, context({ ...ready, agreedStartDate: '2024-02-26', workStartDate: '2024-02-28' }));
		expect(late.problems[0]).toContain('позже согласованной');
		expect(checkPreconditions(6, context({ ...ready, agreedStartDate: '2024-02-26', workStartDate: '2024-02-26' })).allowed).toBe(true);
	});

	it('not after the exit', () => {
		expect(checkPreconditions(6, context({ ...ready, candidate: { ...USER, routeState: 'Точка выхода' } })).allowed).toBe(false);
	});
});

describe('override', () => {
	it('reasoned override allows and keeps problems', () => {
		const result = checkPreconditions(6, context({ employerOffer: false, service5Recommendations: { completed: true, confirmed: true }, override: { reason: 'работодатель подтвердил устно', specialistId: 'spec_1' } }));
		expect(result.allowed).toBe(true);
		expect(result.problems).toHaveLength(1);
		expect(result.override).toEqual({ applied: true, reason: 'работодатель подтвердил устно', specialistId: 'spec_1' });
	});

	it('override for the yearly limit keeps the date', () => {
		const previous = episode(3, 'Завершена', { startDate: '2023-06-01' });
		const result = checkPreconditions(3, context({ episodes: [previous], override: { reason: 'смена профиля после травмы' } }));
		expect(result.allowed).toBe(true);
		expect(result.availableFrom).toBe('2024-06-01');
		expect(result.override?.applied).toBe(true);
	});

	it('blank reason is not applied', () => {
		const result = checkPreconditions(6, context({ employerOffer: false, override: { reason: '   ' } }));
		expect(result.allowed).toBe(false);
		expect(result.override?.applied).toBe(false);
		expect(result.problems[result.problems.length - 1]).toContain('укажите причину');
	});

	it('unneeded override is not applied', () => {
		const result = checkPreconditions(1, context({ override: { reason: 'на всякий случай' } }));
		expect(result.allowed).toBe(true);
		expect(result.override).toEqual({ applied: false, reason: 'на всякий случай', specialistId: null });
	});
});

describe('checkPreconditions input', () => {
	it('throws on an invalid date', () => {
		expect(() => checkPreconditions(2, context({ asOf: '01.03.2024' }))).toThrow(RangeError);
	});
});
