import { candidateProfile, matchPair, poolMembership, rankCandidates, rankVacancies } from '../../core/matching';
import { requiredEducationLevel, vacancyInCity } from '../../core/matchingCriteria';
import type { Candidate, Episode, LifecycleEvent, Vacancy } from '../../schemas';

const asOf = '2026-12-04';

function candidate(overrides: Partial<Candidate> = {}): Candidate {
	return {
		id: 'cand_1',
		lastName: 'Тестова',
		firstName: 'Анна',
		birthDate: '2003-05-17',
		consent: true,
		routeState: 'Пользователь',
		city: 'Пермь',
		category: 'Выпускник сиротского учреждения',
		education: 'Среднее профессиональное',
		disabilityGroup: 'Нет',
		longestJobMonths: 2,
		portraitVerdict: 'Соответствует',
		currentService: 'Содействие в поиске подходящей работы',
		skillLearning: true,
		skillCommunication: true,
		skillMobility: true,
		skillCauseEffect: true,
		skillRules: true,
		skillSocialNorms: true,
		...overrides,
	};
}

function vacancy(overrides: Partial<Vacancy> = {}): Vacancy {
	return {
		id: 'vac_1',
		title: 'Курьер',
		type: 'Открытая вакансия',
		status: 'Открыта',
		city: 'Пермь',
		region: 'Пермский край',
		education: 'Среднее профессиональное',
		experienceYears: 0,
		...overrides,
	};
}

function episode(overrides: Partial<Episode>): Episode {
	return { id: 'ep_1', candidate: 'cand_1', service: 'Содействие в поиске подходящей работы', status: 'Оказывается', startDate: '2026-01-10', ...overrides };
}

function profileOf(row: Candidate, episodes: Episode[] = [], events: LifecycleEvent[] = []) {
	return candidateProfile(row, episodes, events, asOf);
}

function messages(match: { reasons: Array<{ message: string }> }): string {
	return match.reasons.map((reason) => reason.message).join(' | ');
}

describe('matching criteria', () => {
	test('same city fits with reason', () => {
		const match = matchPair(profileOf(candidate()), vacancy(), asOf);
		expect(match.fits).toBe(true);
		expect(messages(match)).toContain('Вакансия в городе кандидата (Пермь)');
	});

	test('city found in portal address', () => {
		const portal = vacancy({ city: null, region: 'Пермский край', address: 'Пермский край, г Пермь, Космонавтов шоссе, дом: 111;' });
		expect(vacancyInCity(portal, 'Пермь')).toBe('yes');
		expect(vacancyInCity(portal, 'г. Пермь')).toBe('yes');
		expect(vacancyInCity(vacancy({ city: null, region: 'Город Москва', address: null }), 'Москва')).toBe('yes');
		expect(vacancyInCity(portal, 'Пермь-2')).toBe('no');
		expect(vacancyInCity(vacancy({ city: null, region: null, address: null }), 'Пермь')).toBe('unknown');
	});

	test('other city is a misfit', () => {
		const match = matchPair(profileOf(candidate()), vacancy({ city: 'Москва', region: 'Город Москва' }), asOf);
		expect(match.fits).toBe(false);
		expect(messages(match)).toContain('Вакансия в другом месте: Москва');
	});

	test('remote work fits any city', () => {
		const match = matchPair(profileOf(candidate()), vacancy({ city: 'Москва', schedule: 'Удаленная работа' }), asOf);
		expect(match.fits).toBe(true);
		expect(messages(match)).toContain('Удаленная работа');
	});

	test('unknown candidate city lowers score', () => {
		const known = matchPair(profileOf(candidate()), vacancy(), asOf);
		const unknown = matchPair(profileOf(candidate({ city: null })), vacancy(), asOf);
		expect(unknown.fits).toBe(true);
		expect(unknown.score).toBeLessThan(known.score);
		expect(messages(unknown)).toContain('У кандидата не указан город');
	});

	test('closed vacancy is a misfit', () => {
		const match = matchPair(profileOf(candidate()), vacancy({ status: 'Закрыта' }), asOf);
		expect(match.fits).toBe(false);
		expect(messages(match)).toContain('«Закрыта»');
	});

	test('temporary sites only in service 4', () => {
		const site = vacancy({ type: 'Внутренняя площадка временного трудоустройства' });
		expect(matchPair(profileOf(candidate()), site, asOf).fits).toBe(false);

		const inService4 = profileOf(candidate(), [episode({ service: 'Временное трудоустройство', status: 'Оказывается', startDate: '2026-11-01' })]);
		expect(inService4.inTemporaryEmployment).toBe(true);
		expect(matchPair(inService4, site, asOf).fits).toBe(true);
	});

	test('dedicated-function vacancy ranks as plus', () => {
		const match = matchPair(profileOf(candidate()), vacancy({ type: 'Вакансия с выделенными функциями' }), asOf);
		expect(match.fits).toBe(true);
		expect(match.reasons.find((reason) => reason.criterion === 'type')?.outcome).toBe('plus');
	});

	test.each([
		['Высшее образование — бакалавриат', 'Высшее'],
		['Высшее образование — специалитет, магистратура', 'Высшее'],
		['Tребования не предъявляются', 'none'],
		['Требования не предъявляются', 'none'],
		['Среднее профессиональное', 'Среднее профессиональное'],
		['Начальное профессиональное', 'Среднее профессиональное'],
		['Среднее', 'Среднее общее'],
		['Основное общее', 'Основное общее'],
		['', 'none'],
		[null, 'none'],
		['Знание 1С', undefined],
	])('education text %p reads as %p', (text, level) => {
		expect(requiredEducationLevel(text)).toBe(level);
	});

	test('education below requirement is a misfit', () => {
		const match = matchPair(profileOf(candidate()), vacancy({ education: 'Высшее образование — бакалавриат' }), asOf);
		expect(match.fits).toBe(false);
		expect(messages(match)).toContain('Требуется образование не ниже уровня «Высшее», у кандидата — «Среднее профессиональное»');
	});

	test('education above requirement fits', () => {
		const match = matchPair(profileOf(candidate({ education: 'Высшее' })), vacancy({ education: 'Среднее' }), asOf);
		expect(match.fits).toBe(true);
	});

	test('experience requirement against work history', () => {
		const needsYear = vacancy({ experienceYears: 1 });
		const short = matchPair(profileOf(candidate({ longestJobMonths: 2 })), needsYear, asOf);
		expect(short.fits).toBe(false);
		expect(messages(short)).toContain('Требуется опыт от 1 г., у кандидата известно 2 мес.');

		const unknown = matchPair(profileOf(candidate({ longestJobMonths: null })), needsYear, asOf);
		expect(unknown.fits).toBe(true);
		expect(unknown.reasons.find((reason) => reason.criterion === 'experience')?.outcome).toBe('unknown');

		const site = episode({ service: 'Временное трудоустройство', status: 'Завершена', startDate: '2025-01-01', actualEndDate: '2025-10-01' });
		const hired: LifecycleEvent[] = [
			{ id: 'e1', type: 'Кандидат устроился на работу', date: '2025-11-01', candidate: 'cand_1' },
			{ id: 'e2', type: 'Завершение постоянной работы', date: '2026-03-01', candidate: 'cand_1' },
		];
		const worked = profileOf(candidate({ longestJobMonths: 2 }), [site], hired);
		expect(worked.workMonths).toBe(8 + 3);
		expect(matchPair(worked, vacancy({ experienceYears: 1 }), asOf).fits).toBe(false);
		expect(matchPair(profileOf(candidate({ longestJobMonths: 2 }), [site], [hired[0]]), needsYear, asOf).fits).toBe(true);
	});

	test('minimum age checked', () => {
		const adultsOnly = vacancy({ minAge: 18 });
		expect(matchPair(profileOf(candidate({ birthDate: '2010-01-01' })), adultsOnly, asOf).fits).toBe(false);
		expect(matchPair(profileOf(candidate()), adultsOnly, asOf).fits).toBe(true);
	});

	test('suitable categories checked', () => {
		const forOrphans = vacancy({ suitableCategories: ['Выпускник сиротского учреждения'] });
		expect(matchPair(profileOf(candidate()), forOrphans, asOf).reasons.find((reason) => reason.criterion === 'category')?.outcome).toBe('plus');
		const other = matchPair(profileOf(candidate({ category: 'Выпускник коррекционной школы' })), forOrphans, asOf);
		expect(other.fits).toBe(false);
		expect(messages(other)).toContain('Вакансия предназначена для других категорий');
	});

	test('quota workplace needs disability', () => {
		const quota = vacancy({ quota: true, suitableFor: 'Нарушения функций опорно-двигательного аппарата; Инвалид' });
		expect(matchPair(profileOf(candidate({ disabilityGroup: 'III группа' })), quota, asOf).reasons.find((reason) => reason.criterion === 'quota')?.outcome).toBe('plus');
		const withoutDisability = matchPair(profileOf(candidate({ disabilityGroup: 'Нет' })), quota, asOf);
		expect(withoutDisability.fits).toBe(false);
		expect(messages(withoutDisability)).toContain('Квотируемое рабочее место для другой категории граждан');
		const unknown = matchPair(profileOf(candidate({ disabilityGroup: null, category: null })), quota, asOf);
		expect(unknown.reasons.find((reason) => reason.criterion === 'quota')?.outcome).toBe('unknown');
	});

	test('orphan quota accepts orphan leavers', () => {
		const quota = vacancy({ quota: true, suitableFor: 'Лица из числа детей-сирот' });
		expect(matchPair(profileOf(candidate()), quota, asOf).fits).toBe(true);
		expect(matchPair(profileOf(candidate({ category: 'Выпускник коррекционной школы' })), quota, asOf).fits).toBe(false);
	});

	test('reasons never disclose health data', () => {
		const row = candidate({
			category: 'Молодой человек с инвалидностью',
			disabilityGroup: 'III группа',
			workCapacityLimitation: 'I степень',
			diagnosisGroups: ['H — болезни глаза и уха'],
			hasIpra: true,
		});
		const vacancies = [
			vacancy({ id: 'v1', quota: true, suitableFor: 'Нарушения слуха – слабослышащий; Инвалид' }),
			vacancy({ id: 'v2', quota: true, suitableFor: 'Нарушения функций опорно-двигательного аппарата; Инвалид' }),
			vacancy({ id: 'v3', suitableCategories: ['Выпускник сиротского учреждения'] }),
		];
		const ranking = rankVacancies(profileOf(row), vacancies, asOf);
		const text = [...ranking.matches, ...ranking.rejected].map(messages).join(' ');
		expect(ranking.matches.map((match) => match.vacancy.id)).toEqual(['v1', 'v2']);
		expect(text).toContain('Рабочее место оборудовано с учетом особенностей кандидата');
		for (const secret of ['III группа', 'группа', 'H —', 'глаза', 'ИПРА', 'I степень', 'Молодой человек с инвалидностью']) {
			expect(text).not.toContain(secret);
		}
	});

	test('supported employment need', () => {
		const inService6 = profileOf(candidate({ currentService: 'Сопровождаемое трудоустройство' }));
		expect(inService6.needsSupport).toBe(true);
		const without = matchPair(inService6, vacancy({ supported: false }), asOf);
		expect(without.fits).toBe(false);
		expect(messages(without)).toContain('нужно сопровождаемое трудоустройство');
		expect(matchPair(inService6, vacancy({ supported: null }), asOf).reasons.find((reason) => reason.criterion === 'support')?.outcome).toBe('unknown');
		expect(matchPair(inService6, vacancy({ supported: true }), asOf).reasons.find((reason) => reason.criterion === 'support')?.outcome).toBe('plus');
		expect(matchPair(profileOf(candidate()), vacancy({ supported: false }), asOf).fits).toBe(true);
	});

	test('required skills checked', () => {
		const needsMobility = vacancy({ requiredSkills: ['Умение перемещаться по городу'] });
		const missing = matchPair(profileOf(candidate({ skillMobility: false })), needsMobility, asOf);
		expect(missing.fits).toBe(false);
		expect(messages(missing)).toContain('Нужен навык «Умение перемещаться по городу»');
		expect(matchPair(profileOf(candidate({ skillMobility: null })), needsMobility, asOf).reasons.find((reason) => reason.criterion === 'skills')?.outcome).toBe('unknown');
		expect(matchPair(profileOf(candidate()), needsMobility, asOf).fits).toBe(true);
	});
});

describe('ranking', () => {
	test('vacancies ranked best first', () => {
		const vacancies = [
			vacancy({ id: 'plain', title: 'Грузчик' }),
			vacancy({ id: 'urgent', title: 'Уборщик', urgent: true }),
			vacancy({ id: 'supported', title: 'Помощник повара', supported: true, urgent: true }),
			vacancy({ id: 'vague', title: 'Кладовщик', education: 'Знание 1С' }),
			vacancy({ id: 'far', title: 'Курьер', city: 'Москва' }),
		];
		const ranking = rankVacancies(profileOf(candidate()), vacancies, asOf);
		expect(ranking.matches.map((match) => match.vacancy.id)).toEqual(['supported', 'urgent', 'plain', 'vague']);
		expect(ranking.rejected.map((match) => match.vacancy.id)).toEqual(['far']);
		expect(ranking.matches[0].reasons[0].outcome).toBe('plus');
	});

	test('equal scores put newer first', () => {
		const ranking = rankVacancies(profileOf(candidate()), [vacancy({ id: 'old', publishedAt: '2026-10-01' }), vacancy({ id: 'new', publishedAt: '2026-12-01' })], asOf);
		expect(ranking.matches.map((match) => match.vacancy.id)).toEqual(['new', 'old']);
	});

	test('candidates ranked for vacancy', () => {
		const pool = [
			{ profile: profileOf(candidate({ id: 'c_far', lastName: 'Дальняя', city: 'Москва' })), poolReason: 'x' },
			{ profile: profileOf(candidate({ id: 'c_vague', lastName: 'Неизвестная', city: null })), poolReason: 'x' },
			{ profile: profileOf(candidate({ id: 'c_fit', lastName: 'Подходящая' })), poolReason: 'x' },
		];
		const ranking = rankCandidates(vacancy(), pool, asOf);
		expect(ranking.matches.map((match) => match.candidate.id)).toEqual(['c_fit', 'c_vague']);
		expect(ranking.rejected.map((match) => match.candidate.id)).toEqual(['c_far']);
	});
});

describe('candidate pool', () => {
	test('user in pool services', () => {
		for (const service of ['Содействие в поиске подходящей работы', 'Социальная адаптация на рынке труда', 'Сопровождаемое трудоустройство'] as const) {
			const row = candidate({ currentService: null });
			const membership = poolMembership(row, [episode({ service, status: 'Направлен' })]);
			expect(membership.inPool).toBe(true);
			expect(membership.reason).toContain(service);
		}
	});

	test('other service needs pool mark', () => {
		const row = candidate({ currentService: 'Профессиональная ориентация' });
		expect(poolMembership(row, []).inPool).toBe(false);
		expect(poolMembership(row, [], true).inPool).toBe(true);
	});

	test('finished episode does not count', () => {
		const row = candidate({ currentService: null });
		expect(poolMembership(row, [episode({ status: 'Завершена' })]).inPool).toBe(false);
	});

	test('portrait mismatch excluded', () => {
		expect(poolMembership(candidate({ portraitVerdict: 'Не соответствует' }), [], true).inPool).toBe(false);
		expect(poolMembership(candidate({ portraitVerdict: null }), []).inPool).toBe(false);
	});

	test('exited users excluded', () => {
		expect(poolMembership(candidate({ routeState: 'Точка выхода' }), [], true).inPool).toBe(false);
		expect(poolMembership(candidate({ routeState: 'Выбыл' }), []).inPool).toBe(false);
		expect(poolMembership(candidate({ exitDate: '2026-11-01' }), []).inPool).toBe(false);
	});
});
