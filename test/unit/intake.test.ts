import {
	AGE_FIELD,
	dedupKey,
	describeProblems,
	INTAKE_FIELDS,
	normalizeSubmission,
	submissionKey,
	type IntakeCandidate,
	type IntakeOptions,
	type IntakeProblem,
	type IntakeResult,
} from '../../core/intake';
import { candidates } from '../../schemas';

const TODAY = '2025-03-01';
const OPTIONS: IntakeOptions = { today: TODAY };

/** Returns a complete valid questionnaire keyed by Russian labels, as n8n's Form Trigger submits it. */
function submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		Фамилия: 'Смирнова',
		Имя: 'Анна',
		Отчество: 'Игоревна',
		'Дата рождения': '2002-05-14',
		Телефон: '+7 (900) 000-11-22',
		'Электронная почта': 'anna@example.ru',
		Город: 'Пермь',
		Категория: 'Выпускник сиротского учреждения',
		'Выпускник ПНИ': 'Нет',
		Образование: 'Среднее профессиональное',
		'Группа инвалидности': 'Нет',
		'Степень ограничения способности к трудовой деятельности': 'Нет',
		'Степень ограничения способности контролировать свое поведение (ИПРА)': 'Нет',
		'Ограниченные возможности здоровья': 'Нет',
		'Самый долгий стаж на одном месте по трудовому договору, мес.': '3',
		Дееспособность: 'Да',
		'Химическая зависимость': 'Нет',
		'Физический доступ к специалисту': 'Да',
		'Субъектная позиция': 'Да',
		Запрос: 'Формализованный',
		'Потребности, которые может обеспечить работа': ['Финансовая самостоятельность'],
		'Умение перемещаться по городу': 'Да',
		ИНН: 'Да',
		'Согласие на обработку персональных данных': 'Да',
		submittedAt: '2025-02-28T10:15:00.000+03:00',
		formMode: 'production',
		...overrides,
	};
}

function accepted(result: IntakeResult): IntakeCandidate {
	if (!result.ok) {
		throw new Error(`expected an accepted submission, got problems:\n${describeProblems(result.problems)}`);
	}
	return result.candidate;
}

function problemsOf(result: IntakeResult): IntakeProblem[] {
	if (result.ok) {
		throw new Error('expected a rejected submission');
	}
	return result.problems;
}

function warningsOf(result: IntakeResult): string[] {
	if (!result.ok) {
		throw new Error(`expected an accepted submission, got problems:\n${describeProblems(result.problems)}`);
	}
	return result.warnings;
}

function problemFields(result: IntakeResult): string[] {
	return problemsOf(result).map((problem) => problem.field);
}

describe('INTAKE_FIELDS', () => {
	const keys = INTAKE_FIELDS.map((field) => field.key);

	it('uses the candidate column labels', () => {
		const lastName = INTAKE_FIELDS.find((field) => field.key === 'lastName');
		expect(lastName?.label).toBe(candidates.columns.lastName.label);
	});

	it.each(['id', 'routeState', 'entryDate', 'exitDate', 'portraitVerdict', 'portraitReasons', 'portraitCheckedAt', 'currentService', 'recruiter', 'dedupKey', 'source', 'sourceContact', 'organisation'])(
		'excludes the system column %s',
		(key) => {
			expect(keys).not.toContain(key);
		},
	);

	it.each(['sourceName', 'sourceContactName', 'consent', 'consentDate', 'hasInn', 'skillMobility', 'chemicalDependency'])('includes %s', (key) => {
		expect(keys).toContain(key);
	});

	it('puts the age question after the birth date', () => {
		expect(keys.indexOf(AGE_FIELD)).toBe(keys.indexOf('birthDate') + 1);
	});

	it('does not store the age', () => {
		expect(INTAKE_FIELDS.find((field) => field.key === AGE_FIELD)?.stored).toBe(false);
	});

	it('marks the schema-required fields required', () => {
		expect(INTAKE_FIELDS.filter((field) => field.required).map((field) => field.key)).toEqual(['lastName', 'firstName', 'birthDate', 'consent']);
	});

	it('offers yes, no and unknown for a yes/no question', () => {
		expect(INTAKE_FIELDS.find((field) => field.key === 'hasInn')?.options).toEqual(['Да', 'Нет', 'Не известно']);
	});

	it('offers only yes and no for the consent', () => {
		expect(INTAKE_FIELDS.find((field) => field.key === 'consent')?.options).toEqual(['Да', 'Нет']);
	});

	it('carries the choice options', () => {
		expect(INTAKE_FIELDS.find((field) => field.key === 'education')?.options).toEqual(candidates.columns.education.options);
	});

	it('has unique labels', () => {
		expect(new Set(INTAKE_FIELDS.map((field) => field.label)).size).toBe(INTAKE_FIELDS.length);
	});
});

describe('normalizeSubmission', () => {
	it('accepts a complete questionnaire', () => {
		const candidate = accepted(normalizeSubmission(submission(), OPTIONS));
		expect(candidate.lastName).toBe('Смирнова');
		expect(candidate.birthDate).toBe('2002-05-14');
		expect(candidate.phone).toBe('+79000001122');
		expect(candidate.legalCapacity).toBe(true);
		expect(candidate.chemicalDependency).toBe(false);
		expect(candidate.longestJobMonths).toBe(3);
		expect(candidate.requestNeeds).toEqual(['Финансовая самостоятельность']);
	});

	it('returns a row the candidate schema accepts', () => {
		const candidate = accepted(normalizeSubmission(submission(), OPTIONS));
		const row = { ...candidate, id: 'rec1', routeState: 'Выпускник' };
		expect(candidates.zod.safeParse(row).success).toBe(true);
	});

	it('fills every intake column, null when unanswered', () => {
		const candidate = accepted(normalizeSubmission(submission(), OPTIONS)) as Record<string, unknown>;
		expect(candidate.hasIpra).toBeNull();
		expect(Object.keys(candidate)).toHaveLength(INTAKE_FIELDS.filter((field) => field.stored).length);
	});

	it('ignores form metadata and unknown questions', () => {
		const candidate = accepted(normalizeSubmission(submission({ 'Подходит на вакансию': 'Да' }), OPTIONS)) as Record<string, unknown>;
		expect(candidate).not.toHaveProperty('submittedAt');
		expect(candidate).not.toHaveProperty('Подходит на вакансию');
	});

	it('accepts labels typed with other case and spaces', () => {
		const raw = submission();
		delete raw['Фамилия'];
		raw[' фамилия '] = 'Орлова';
		expect(accepted(normalizeSubmission(raw, OPTIONS)).lastName).toBe('Орлова');
	});

	it('accepts column keys', () => {
		const raw = submission();
		delete raw['Фамилия'];
		raw.lastName = 'Орлова';
		expect(accepted(normalizeSubmission(raw, OPTIONS)).lastName).toBe('Орлова');
	});

	it('prefers the label over the column key', () => {
		expect(accepted(normalizeSubmission(submission({ lastName: 'Орлова' }), OPTIONS)).lastName).toBe('Смирнова');
	});

	describe('birth date', () => {
		it.each([
			['2003-03-12'],
			['12.03.2003'],
			['12/03/2003'],
			['12-03-2003'],
			['12 марта 2003'],
		])('reads %s', (text) => {
			expect(accepted(normalizeSubmission(submission({ 'Дата рождения': text }), OPTIONS)).birthDate).toBe('2003-03-12');
		});

		it('reads d.m.yyyy', () => {
			expect(accepted(normalizeSubmission(submission({ 'Дата рождения': '5.9.2003' }), OPTIONS)).birthDate).toBe('2003-09-05');
		});

		it('rejects a missing birth date', () => {
			const raw = submission();
			delete raw['Дата рождения'];
			expect(problemFields(normalizeSubmission(raw, OPTIONS))).toEqual(['birthDate']);
		});

		it('explains the format of a missing birth date', () => {
			const problems = problemsOf(normalizeSubmission(submission({ 'Дата рождения': '' }), OPTIONS));
			expect(problems[0].message).toContain('ДД.ММ.ГГГГ');
		});

		it('rejects 31 February', () => {
			const problems = problemsOf(normalizeSubmission(submission({ 'Дата рождения': '31.02.2001' }), OPTIONS));
			expect(problems[0].field).toBe('birthDate');
			expect(problems[0].message).toContain('нет в календаре');
		});

		it('rejects a birth date in the future', () => {
			const problems = problemsOf(normalizeSubmission(submission({ 'Дата рождения': '02.03.2025' }), OPTIONS));
			expect(problems[0].message).toContain('в будущем');
		});

		it('rejects a birth date before 1900', () => {
			const problems = problemsOf(normalizeSubmission(submission({ 'Дата рождения': '01.01.1899' }), OPTIONS));
			expect(problems[0].message).toContain('1900');
		});

		it('names the field and the label', () => {
			const problems = problemsOf(normalizeSubmission(submission({ 'Дата рождения': 'вчера' }), OPTIONS));
			expect(problems[0]).toMatchObject({ field: 'birthDate', label: 'Дата рождения' });
			expect(problems[0].message).toMatch(/^В поле «Дата рождения» /);
		});
	});

	describe('age cross-check', () => {
		// Born 2002-05-14: 22 full years on the submission date 2025-02-28.
		it('accepts a matching age', () => {
			expect(warningsOf(normalizeSubmission(submission({ Возраст: '22' }), OPTIONS))).toEqual([]);
		});

		it('reads «23 года» and warns at one year of difference', () => {
			const warnings = warningsOf(normalizeSubmission(submission({ Возраст: '23 года' }), OPTIONS));
			expect(warnings).toHaveLength(1);
			expect(warnings[0]).toContain('«Возраст»');
		});

		it('rejects a difference of more than a year', () => {
			expect(problemFields(normalizeSubmission(submission({ Возраст: '25' }), OPTIONS))).toEqual([AGE_FIELD]);
		});

		it('rejects an age in words', () => {
			const problems = problemsOf(normalizeSubmission(submission({ Возраст: 'двадцать три' }), OPTIONS));
			expect(problems[0].field).toBe(AGE_FIELD);
			expect(problems[0].message).toContain('цифрами');
		});

		it('does not store the age', () => {
			expect(accepted(normalizeSubmission(submission({ Возраст: '22' }), OPTIONS))).not.toHaveProperty(AGE_FIELD);
		});

		it('counts the age on the submission date', () => {
			// Turns 23 on 2025-05-14; a submission on that day with today later must accept 23.
			const raw = submission({ Возраст: '23', submittedAt: '2025-05-14T12:00:00.000+03:00' });
			expect(warningsOf(normalizeSubmission(raw, { today: '2025-06-01' }))).toEqual([]);
		});
	});

	describe('phone', () => {
		it.each([['+7 (912) 000-12-34'], ['8 912 000 12 34'], ['89120001234'], ['9120001234']])('normalises %s', (text) => {
			expect(accepted(normalizeSubmission(submission({ Телефон: text }), OPTIONS)).phone).toBe('+79120001234');
		});

		it('rejects a malformed phone', () => {
			expect(problemFields(normalizeSubmission(submission({ Телефон: '+7 900 000-12' }), OPTIONS))).toEqual(['phone']);
		});

		it('accepts no phone', () => {
			expect(accepted(normalizeSubmission(submission({ Телефон: '' }), OPTIONS)).phone).toBeNull();
		});
	});

	describe('names', () => {
		it('fixes the case of capitals', () => {
			expect(accepted(normalizeSubmission(submission({ Фамилия: 'ИВАНОВ' }), OPTIONS)).lastName).toBe('Иванов');
		});

		it('fixes a lower-case double surname', () => {
			expect(accepted(normalizeSubmission(submission({ Фамилия: 'хасанова-петрова' }), OPTIONS)).lastName).toBe('Хасанова-Петрова');
		});

		it('collapses stray spaces and NBSP', () => {
			expect(accepted(normalizeSubmission(submission({ Имя: '\u00A0 Анна  ' }), OPTIONS)).firstName).toBe('Анна');
		});

		it("keeps the apostrophe in д'Артаньян", () => {
			expect(accepted(normalizeSubmission(submission({ Фамилия: "д'Артаньян" }), OPTIONS)).lastName).toBe("д'Артаньян");
		});

		it("fixes the Latin O in O'Нил", () => {
			expect(accepted(normalizeSubmission(submission({ Фамилия: "O'Нил" }), OPTIONS)).lastName).toBe("О'Нил");
		});

		it('replaces Latin look-alikes and warns', () => {
			const result = normalizeSubmission(submission({ Фамилия: 'Cмирнoвa' }), OPTIONS);
			expect(accepted(result).lastName).toBe('Смирнова');
			expect(warningsOf(result)[0]).toContain('латинские буквы');
		});

		it('rejects digits', () => {
			expect(problemFields(normalizeSubmission(submission({ Имя: 'Анна2' }), OPTIONS))).toEqual(['firstName']);
		});

		it('rejects a missing surname', () => {
			const problems = problemsOf(normalizeSubmission(submission({ Фамилия: '  ' }), OPTIONS));
			expect(problems[0].field).toBe('lastName');
			expect(problems[0].message).toContain('обязательное поле');
		});

		it('accepts no patronymic', () => {
			expect(accepted(normalizeSubmission(submission({ Отчество: '' }), OPTIONS)).middleName).toBeNull();
		});
	});

	describe('yes/no answers', () => {
		it.each([
			['Да', true],
			['да', true],
			['Нет', false],
			[true, true],
			[false, false],
			['Не известно', null],
			['Не знаю', null],
			['', null],
		])('reads %p as %p', (answer, expected) => {
			expect(accepted(normalizeSubmission(submission({ ИНН: answer }), OPTIONS)).hasInn).toBe(expected);
		});

		it('rejects an unknown answer', () => {
			expect(problemFields(normalizeSubmission(submission({ ИНН: 'наверное' }), OPTIONS))).toEqual(['hasInn']);
		});
	});

	describe('choices', () => {
		it('matches ignoring case, spaces and ё', () => {
			const raw = submission({ Образование: '  СРЕДНЕЕ   профессиональное ', 'Группы диагнозов': 'Q — врождённые аномалии' });
			const candidate = accepted(normalizeSubmission(raw, OPTIONS));
			expect(candidate.education).toBe('Среднее профессиональное');
			expect(candidate.diagnosisGroups).toEqual(['Q — врожденные аномалии']);
		});

		it('rejects an unknown education and names the allowed values', () => {
			const problems = problemsOf(normalizeSubmission(submission({ Образование: 'аспирантура' }), OPTIONS));
			expect(problems[0].field).toBe('education');
			expect(problems[0].message).toContain('«Высшее»');
		});

		it('rejects an unknown category', () => {
			const problems = problemsOf(normalizeSubmission(submission({ Категория: 'Многодетная семья' }), OPTIONS));
			expect(problems[0].field).toBe('category');
			expect(problems[0].message).toContain('«Молодой человек с инвалидностью»');
		});

		it('accepts a category the organisation added', () => {
			const options = { ...OPTIONS, categories: ['Выпускник замещающей семьи'] };
			expect(accepted(normalizeSubmission(submission({ Категория: 'выпускник замещающей семьи' }), options)).category).toBe('Выпускник замещающей семьи');
		});

		it('lists the added category among allowed values', () => {
			const options = { ...OPTIONS, categories: ['Выпускник замещающей семьи'] };
			const problems = problemsOf(normalizeSubmission(submission({ Категория: 'Другая' }), options));
			expect(problems[0].message).toContain('«Выпускник замещающей семьи»');
		});

		it('reads multiple choices from a semicolon string', () => {
			const raw = submission({ 'Потребности, которые может обеспечить работа': 'Закрытие долгов; Безопасность, стабильность' });
			expect(accepted(normalizeSubmission(raw, OPTIONS)).requestNeeds).toEqual(['Закрытие долгов', 'Безопасность, стабильность']);
		});

		it('reads multiple choices from a comma string', () => {
			const raw = submission({ 'Группы диагнозов': 'F — психические расстройства и расстройства поведения, M — болезни костно-мышечной системы' });
			expect(accepted(normalizeSubmission(raw, OPTIONS)).diagnosisGroups).toEqual(['F — психические расстройства и расстройства поведения', 'M — болезни костно-мышечной системы']);
		});

		it('reads multiple choices from an array', () => {
			const raw = submission({ 'Группы диагнозов': ['F', 'M'] });
			expect(accepted(normalizeSubmission(raw, OPTIONS)).diagnosisGroups).toHaveLength(2);
		});
	});

	describe('longest job', () => {
		const label = 'Самый долгий стаж на одном месте по трудовому договору, мес.';

		it.each([['7', 7], ['7 мес.', 7], ['1,5 года', 18], [12, 12]])('reads %p as %d months', (text, months) => {
			expect(accepted(normalizeSubmission(submission({ [label]: text }), OPTIONS)).longestJobMonths).toBe(months);
		});

		it('rejects words', () => {
			expect(problemFields(normalizeSubmission(submission({ [label]: 'много' }), OPTIONS))).toEqual(['longestJobMonths']);
		});
	});

	describe('consent', () => {
		it('rejects a missing consent', () => {
			const raw = submission();
			delete raw['Согласие на обработку персональных данных'];
			expect(problemFields(normalizeSubmission(raw, OPTIONS))).toEqual(['consent']);
		});

		it('rejects «Нет»', () => {
			const problems = problemsOf(normalizeSubmission(submission({ 'Согласие на обработку персональных данных': 'Нет' }), OPTIONS));
			expect(problems[0].message).toContain('Без согласия');
		});

		it('defaults the consent date to the submission date', () => {
			expect(accepted(normalizeSubmission(submission(), OPTIONS)).consentDate).toBe('2025-02-28');
		});

		it('takes the submission date in Moscow time', () => {
			const raw = submission({ submittedAt: '2025-02-27T22:30:00.000Z' });
			expect(accepted(normalizeSubmission(raw, OPTIONS)).consentDate).toBe('2025-02-28');
		});

		it('defaults the consent date to today without submittedAt', () => {
			const raw = submission();
			delete raw.submittedAt;
			expect(accepted(normalizeSubmission(raw, OPTIONS)).consentDate).toBe(TODAY);
		});

		it('keeps a typed consent date', () => {
			expect(accepted(normalizeSubmission(submission({ 'Дата согласия': '20.02.2025' }), OPTIONS)).consentDate).toBe('2025-02-20');
		});
	});

	describe('other fields', () => {
		it('lower-cases the e-mail', () => {
			expect(accepted(normalizeSubmission(submission({ 'Электронная почта': ' Anna@Example.RU ' }), OPTIONS)).email).toBe('anna@example.ru');
		});

		it('rejects a malformed e-mail', () => {
			expect(problemFields(normalizeSubmission(submission({ 'Электронная почта': 'anna@' }), OPTIONS))).toEqual(['email']);
		});

		it('keeps the source names as typed, cleaned', () => {
			const candidate = accepted(normalizeSubmission(submission({ 'Источник (как указан в анкете)': ' ЦССВ  «Радуга» ' }), OPTIONS));
			expect(candidate.sourceName).toBe('ЦССВ «Радуга»');
		});

		it('keeps line breaks in the comment', () => {
			expect(accepted(normalizeSubmission(submission({ Комментарий: 'первое\nвторое' }), OPTIONS)).comment).toBe('первое\nвторое');
		});

		it('rejects an object where text is expected', () => {
			expect(problemFields(normalizeSubmission(submission({ Город: { name: 'Пермь' } }), OPTIONS))).toEqual(['city']);
		});
	});

	describe('problems', () => {
		const bad = submission({
			Фамилия: 'Секретова1',
			'Дата рождения': '31.02.2001',
			Телефон: '+7 912 555',
			Категория: 'Тайная категория',
			Возраст: 'двадцать три',
		});

		it('reports every bad field at once', () => {
			expect(problemFields(normalizeSubmission(bad, OPTIONS)).sort()).toEqual(['age', 'birthDate', 'category', 'lastName', 'phone']);
		});

		it('never puts a typed value into a message', () => {
			const text = describeProblems(problemsOf(normalizeSubmission(bad, OPTIONS)));
			for (const typed of ['Секретова', '31.02.2001', '555', 'Тайная', 'двадцать']) {
				expect(text).not.toContain(typed);
			}
		});

		it('writes messages in Russian', () => {
			for (const problem of problemsOf(normalizeSubmission(bad, OPTIONS))) {
				expect(problem.message).toMatch(/^В поле «[^»]+» [а-яё]/);
			}
		});
	});
});

describe('dedupKey', () => {
	const person = { lastName: 'Хасанова-Петрова', firstName: 'Алёна', middleName: 'Игоревна', birthDate: '2002-05-14' };

	it('is a SHA-256 hex digest', () => {
		expect(dedupKey(person)).toMatch(/^[0-9a-f]{64}$/);
	});

	it('is stable', () => {
		expect(dedupKey(person)).toBe(dedupKey({ ...person }));
	});

	it('ignores case', () => {
		expect(dedupKey({ ...person, lastName: 'ХАСАНОВА-ПЕТРОВА' })).toBe(dedupKey(person));
	});

	it('ignores spaces and hyphens', () => {
		expect(dedupKey({ ...person, lastName: ' Хасанова Петрова ' })).toBe(dedupKey(person));
	});

	it('ignores ё', () => {
		expect(dedupKey({ ...person, firstName: 'Алена' })).toBe(dedupKey(person));
	});

	it('ignores Latin look-alikes', () => {
		expect(dedupKey({ ...person, firstName: 'Aлёнa' })).toBe(dedupKey(person));
	});

	it('treats a missing patronymic as empty', () => {
		expect(dedupKey({ ...person, middleName: null })).toBe(dedupKey({ ...person, middleName: '' }));
	});

	it('differs by birth date', () => {
		expect(dedupKey({ ...person, birthDate: '2002-05-15' })).not.toBe(dedupKey(person));
	});

	it('differs by patronymic', () => {
		expect(dedupKey({ ...person, middleName: null })).not.toBe(dedupKey(person));
	});

	it('keeps the name parts apart', () => {
		expect(dedupKey({ ...person, lastName: 'Анна', firstName: 'Мария' })).not.toBe(dedupKey({ ...person, lastName: 'Аннам', firstName: 'Ария' }));
	});

	it('rejects a malformed birth date', () => {
		expect(() => dedupKey({ ...person, birthDate: '14.05.2002' })).toThrow(RangeError);
	});

	it('matches the key of a normalised submission', () => {
		const candidate = accepted(normalizeSubmission(submission({ Фамилия: 'СМИРНОВА', Имя: 'анна' }), OPTIONS));
		expect(dedupKey(candidate)).toBe(dedupKey({ lastName: 'Смирнова', firstName: 'Анна', middleName: 'Игоревна', birthDate: '2002-05-14' }));
	});
});

describe('submissionKey', () => {
	it('is a SHA-256 hex digest', () => {
		expect(submissionKey(submission())).toMatch(/^[0-9a-f]{64}$/);
	});

	it('ignores key order', () => {
		const raw = submission();
		const reversed = Object.fromEntries(Object.entries(raw).reverse());
		expect(submissionKey(reversed)).toBe(submissionKey(raw));
	});

	it('ignores key order inside nested objects', () => {
		expect(submissionKey({ a: { x: 1, y: 2 } })).toBe(submissionKey({ a: { y: 2, x: 1 } }));
	});

	it('keeps array order', () => {
		expect(submissionKey({ a: [1, 2] })).not.toBe(submissionKey({ a: [2, 1] }));
	});

	it('changes with any value', () => {
		expect(submissionKey(submission({ Город: 'Пермь ' }))).not.toBe(submissionKey(submission()));
	});

	it('changes with the submission time', () => {
		expect(submissionKey(submission({ submittedAt: '2025-02-28T10:16:00.000+03:00' }))).not.toBe(submissionKey(submission()));
	});

	it('skips undefined values', () => {
		expect(submissionKey({ a: 1, b: undefined })).toBe(submissionKey({ a: 1 }));
	});
});
