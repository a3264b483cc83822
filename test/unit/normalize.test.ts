import {
	answerKey,
	cleanLongText,
	cleanText,
	fixLookalikeLetters,
	isBlank,
	matchChoice,
	normalizeName,
	parseAge,
	parseBoolean,
	parseDate,
	parseInteger,
	parseMonths,
	parseMultiChoice,
	parsePhone,
	type Parsed,
} from '../../core/normalize';
import { CHOICE_ALIASES } from '../../core/intakeAliases';
import { DIAGNOSIS_GROUPS, DISABILITY_GROUPS, EDUCATION_LEVELS, LIMITATION_DEGREES, REQUEST_NEEDS } from '../../schemas';

function valueOf<T>(parsed: Parsed<T>): T {
	if (!parsed.ok) {
		throw new Error(`expected a value, got the reason: ${parsed.reason}`);
	}
	return parsed.value;
}

function reasonOf<T>(parsed: Parsed<T>): string {
	if (parsed.ok) {
		throw new Error(`expected a rejection, got ${JSON.stringify(parsed.value)}`);
	}
	return parsed.reason;
}

describe('cleanText', () => {
	it('collapses spaces, NBSP and tabs', () => {
		expect(cleanText('  Иван\u00A0\u00A0 Петров\t ')).toBe('Иван Петров');
	});

	it('removes zero-width characters', () => {
		expect(cleanText('Ив\u200Bан\uFEFF')).toBe('Иван');
	});

	it('keeps line breaks in long text', () => {
		expect(cleanLongText('  первая  строка \r\n\r\n\r\n вторая\u00A0строка ')).toBe('первая строка\n\nвторая строка');
	});
});

describe('isBlank', () => {
	it.each([[undefined], [null], [''], ['  \u00A0 '], [[]], [['', ' ']]])('treats %p as blank', (value) => {
		expect(isBlank(value)).toBe(true);
	});

	it.each([[0], [false], ['а'], [['Да']]])('treats %p as an answer', (value) => {
		expect(isBlank(value)).toBe(false);
	});
});

describe('answerKey', () => {
	it('ignores case, spaces and ё', () => {
		expect(answerKey('  Среднее   ПРОФЕССИОНАЛЬНОЕ ')).toBe(answerKey('среднее профессиональное'));
		expect(answerKey('Ёлка')).toBe(answerKey('елка'));
	});

	it('unifies dashes', () => {
		expect(answerKey('F — психические')).toBe(answerKey('F - психические'));
	});
});

describe('normalizeName', () => {
	it('fixes an all-capitals surname', () => {
		expect(valueOf(normalizeName('ИВАНОВ'))).toBe('Иванов');
	});

	it('fixes a lower-case double surname', () => {
		expect(valueOf(normalizeName('хасанова-петрова'))).toBe('Хасанова-Петрова');
	});

	it('joins a hyphen typed with spaces', () => {
		expect(valueOf(normalizeName('Хасанова - Петрова'))).toBe('Хасанова-Петрова');
	});

	it('trims and collapses stray spaces and NBSP', () => {
		expect(valueOf(normalizeName('  Анна\u00A0 Мария '))).toBe('Анна Мария');
	});

	it('keeps a deliberately mixed-case apostrophe name', () => {
		expect(valueOf(normalizeName("д'Артаньян"))).toBe("д'Артаньян");
	});

	it('capitalises after a one-letter apostrophe prefix', () => {
		expect(valueOf(normalizeName("о'нил"))).toBe("О'Нил");
	});

	it('unifies the typographic apostrophe', () => {
		expect(valueOf(normalizeName('О’Нил'))).toBe("О'Нил");
	});

	it('fixes a Latin O before an apostrophe', () => {
		expect(normalizeName("O'Нил")).toEqual({ ok: true, value: "О'Нил", fixed: true });
	});

	it('keeps the apostrophe inside a name', () => {
		expect(valueOf(normalizeName("Мар'яна"))).toBe("Мар'яна");
	});

	it('fixes a Caps Lock name', () => {
		expect(valueOf(normalizeName('иВАНОВА'))).toBe('Иванова');
	});

	it('keeps a deliberate inner capital', () => {
		expect(valueOf(normalizeName('МакДональд'))).toBe('МакДональд');
	});

	it('keeps the Turkic patronymic particle in lower case', () => {
		expect(valueOf(normalizeName('АЛИ ОГЛЫ'))).toBe('Али оглы');
	});

	it('replaces Latin look-alikes in a Cyrillic word', () => {
		const parsed = normalizeName('Ивaнoвa');
		expect(parsed).toEqual({ ok: true, value: 'Иванова', fixed: true });
		expect(valueOf(parsed)).toMatch(/^[\u0400-\u04FF]+$/);
	});

	it.each([['a', 'а'], ['o', 'о'], ['e', 'е'], ['c', 'с'], ['p', 'р'], ['x', 'х']])('replaces Latin %s with Cyrillic', (latin, cyrillic) => {
		expect(valueOf(normalizeName(`Бо${latin}ов`))).toBe(`Бо${cyrillic}ов`);
	});

	it('leaves a Latin-only name Latin', () => {
		expect(valueOf(normalizeName('SMITH'))).toBe('Smith');
	});

	it('does not flag an unchanged name as fixed', () => {
		expect(normalizeName('Петров')).toEqual({ ok: true, value: 'Петров' });
	});

	it('rejects digits', () => {
		expect(reasonOf(normalizeName('Иван0в'))).toContain('цифры');
	});

	it('rejects symbols', () => {
		expect(reasonOf(normalizeName('Иванов@'))).toContain('недопустимые символы');
	});

	it('rejects a lone hyphen', () => {
		expect(normalizeName('-').ok).toBe(false);
	});

	it('rejects a Latin letter without a Cyrillic twin', () => {
		expect(reasonOf(normalizeName('Иваnов'))).toContain('смешаны');
	});

	it('rejects a number', () => {
		expect(normalizeName(42).ok).toBe(false);
	});

	it('returns null for an empty answer', () => {
		expect(valueOf(normalizeName('   '))).toBeNull();
	});

	it('never repeats the typed value in a reason', () => {
		expect(reasonOf(normalizeName('Секретов7'))).not.toContain('Секретов');
	});
});

describe('fixLookalikeLetters', () => {
	it('leaves a pure Cyrillic word alone', () => {
		expect(fixLookalikeLetters('Иванов')).toEqual({ text: 'Иванов', fixed: false });
	});

	it('leaves a pure Latin word alone', () => {
		expect(fixLookalikeLetters('Ivanov')).toEqual({ text: 'Ivanov', fixed: false });
	});
});

describe('parseDate', () => {
	it('reads ISO', () => {
		expect(valueOf(parseDate('2003-03-12'))).toBe('2003-03-12');
	});

	it('reads the date part of an ISO timestamp', () => {
		expect(valueOf(parseDate('2003-03-12T00:00:00.000Z'))).toBe('2003-03-12');
	});

	it('reads dd.mm.yyyy', () => {
		expect(valueOf(parseDate('12.03.2003'))).toBe('2003-03-12');
	});

	it('reads d.m.yyyy', () => {
		expect(valueOf(parseDate('5.9.2003'))).toBe('2003-09-05');
	});

	it('reads dd/mm/yyyy', () => {
		expect(valueOf(parseDate('12/03/2003'))).toBe('2003-03-12');
	});

	it('reads dd-mm-yyyy', () => {
		expect(valueOf(parseDate('12-03-2003'))).toBe('2003-03-12');
	});

	it('reads a trailing г.', () => {
		expect(valueOf(parseDate('12.03.2003 г.'))).toBe('2003-03-12');
	});

	it('reads a genitive month name', () => {
		expect(valueOf(parseDate('12 марта 2003'))).toBe('2003-03-12');
	});

	it.each([
		['1 января 2000', '2000-01-01'],
		['29 февраля 2004', '2004-02-29'],
		['3 мая 2001 года', '2001-05-03'],
		['7 Сентября 1999 г.', '1999-09-07'],
		['15 дек. 2002', '2002-12-15'],
		['30 ноября 2005', '2005-11-30'],
	])('reads %s', (text, iso) => {
		expect(valueOf(parseDate(text))).toBe(iso);
	});

	it('reads a Date object by its UTC day', () => {
		expect(valueOf(parseDate(new Date(Date.UTC(2003, 2, 12))))).toBe('2003-03-12');
	});

	it('rejects 31 February', () => {
		expect(reasonOf(parseDate('31.02.2001'))).toContain('нет в календаре');
	});

	it('rejects 29 February of a common year', () => {
		expect(reasonOf(parseDate('2001-02-29'))).toContain('нет в календаре');
	});

	it('rejects month 13', () => {
		expect(reasonOf(parseDate('12.13.2001'))).toContain('день и месяц переставлены');
	});

	it('names month-first order', () => {
		const reason = reasonOf(parseDate('09/25/2003'));
		expect(reason).toContain('месяц не может быть 25');
		expect(reason).toContain('ДД.ММ.ГГГГ');
	});

	it('rejects month 25 with day 30', () => {
		const reason = reasonOf(parseDate('30.25.2003'));
		expect(reason).toContain('месяц не может быть 25');
		expect(reason).not.toContain('переставлены');
	});

	it('rejects an unknown month name', () => {
		expect(reasonOf(parseDate('12 мартобря 2003'))).toContain('не распознана');
	});

	it('rejects a two-digit year', () => {
		expect(reasonOf(parseDate('12.03.03'))).toContain('двумя цифрами');
	});

	it('rejects mixed separators', () => {
		expect(parseDate('12.03/2003').ok).toBe(false);
	});

	it('rejects a date in the future', () => {
		expect(reasonOf(parseDate('2030-01-01', { max: '2025-03-01' }))).toContain('в будущем');
	});

	it('accepts the bound itself', () => {
		expect(valueOf(parseDate('2025-03-01', { max: '2025-03-01' }))).toBe('2025-03-01');
	});

	it('rejects a date before 1900', () => {
		expect(reasonOf(parseDate('31.12.1899', { min: '1900-01-01' }))).toContain('раньше 1900 года');
	});

	it('rejects words', () => {
		expect(reasonOf(parseDate('вчера'))).toContain('ДД.ММ.ГГГГ');
	});

	it('returns null for an empty answer', () => {
		expect(valueOf(parseDate(''))).toBeNull();
	});
});

describe('parsePhone', () => {
	it.each([
		['+7 (912) 000-12-34'],
		['8 912 000 12 34'],
		['89120001234'],
		['9120001234'],
		['+7-912-000-12-34'],
		['7 912 000 12 34'],
		['  +7\u00A0912\u00A0000-12-34 '],
	])('reads %s', (text) => {
		expect(valueOf(parsePhone(text))).toBe('+79120001234');
	});

	it('reads a number typed into a number field', () => {
		expect(valueOf(parsePhone(89120001234))).toBe('+79120001234');
	});

	it('reads a landline number', () => {
		expect(valueOf(parsePhone('8 (342) 200-00-00'))).toBe('+73422000000');
	});

	it('keeps a foreign number', () => {
		expect(valueOf(parsePhone('+375 29 000-00-00'))).toBe('+375290000000');
	});

	it('rejects too few digits', () => {
		expect(reasonOf(parsePhone('+7 900 000-12'))).toContain('количество цифр');
	});

	it('rejects too many digits', () => {
		expect(parsePhone('8 912 000 12 345').ok).toBe(false);
	});

	it('rejects letters', () => {
		expect(reasonOf(parsePhone('8 912 000 12 34 доб. 5'))).toContain('недопустимые символы');
	});

	it('rejects a national number starting with 0', () => {
		expect(parsePhone('0120001234').ok).toBe(false);
	});

	it('never repeats the typed number in a reason', () => {
		expect(reasonOf(parsePhone('+7 912 555'))).not.toContain('555');
	});
});

describe('parseBoolean', () => {
	it.each([['Да', true], ['да', true], ['ДА', true], [' да. ', true], ['Есть', true], [true, true], ['Нет', false], ['нет', false], [false, false], ['0', false]])(
		'reads %p as %p',
		(answer, expected) => {
			expect(valueOf(parseBoolean(answer))).toBe(expected);
		},
	);

	it.each([['Не известно'], ['неизвестно'], ['Не знаю'], ['не знаю'], [''], [null], [undefined]])('reads %p as unknown', (answer) => {
		expect(valueOf(parseBoolean(answer))).toBeNull();
	});

	it('reads a checkbox list with one answer', () => {
		expect(valueOf(parseBoolean(['Да']))).toBe(true);
	});

	it('rejects two ticked answers', () => {
		expect(reasonOf(parseBoolean(['Да', 'Нет']))).toContain('несколько');
	});

	it('rejects an unknown answer', () => {
		expect(reasonOf(parseBoolean('может быть'))).toContain('«Да», «Нет» или «Не известно»');
	});
});

describe('matchChoice', () => {
	it('matches ignoring case and spaces', () => {
		expect(valueOf(matchChoice('  среднее   ПРОФЕССИОНАЛЬНОЕ ', EDUCATION_LEVELS))).toBe('Среднее профессиональное');
	});

	it('matches ё against е', () => {
		expect(valueOf(matchChoice('ВРОЖДЁННЫЕ аномалии', ['Врожденные аномалии']))).toBe('Врожденные аномалии');
	});

	it('names the allowed values for an unknown answer', () => {
		const reason = reasonOf(matchChoice('кандидат наук', EDUCATION_LEVELS));
		expect(reason).toContain('«Основное общее»');
		expect(reason).toContain('«Высшее»');
	});

	it('resolves an education alias', () => {
		expect(valueOf(matchChoice('СПО', EDUCATION_LEVELS, CHOICE_ALIASES.education))).toBe('Среднее профессиональное');
	});

	it.each([['2', 'II группа'], ['II', 'II группа'], ['2 гр.', 'II группа'], ['вторая группа', 'II группа'], ['3 группа', 'III группа'], ['нет', 'Нет']])(
		'resolves disability group %s',
		(answer, group) => {
			expect(valueOf(matchChoice(answer, DISABILITY_GROUPS, CHOICE_ALIASES.disabilityGroup))).toBe(group);
		},
	);

	it('resolves a limitation degree', () => {
		expect(valueOf(matchChoice('1 степень', LIMITATION_DEGREES, CHOICE_ALIASES.workCapacityLimitation))).toBe('I степень');
	});

	it('rejects a fourth disability group', () => {
		expect(matchChoice('4 группа', DISABILITY_GROUPS, CHOICE_ALIASES.disabilityGroup).ok).toBe(false);
	});

	it('reads a one-item list', () => {
		expect(valueOf(matchChoice(['Высшее'], EDUCATION_LEVELS))).toBe('Высшее');
	});
});

describe('parseMultiChoice', () => {
	it('reads an array', () => {
		expect(valueOf(parseMultiChoice(['Закрытие долгов', 'личная независимость'], REQUEST_NEEDS))).toEqual(['Закрытие долгов', 'Личная независимость']);
	});

	it('reads a semicolon list', () => {
		expect(valueOf(parseMultiChoice('Закрытие долгов; Личная независимость', REQUEST_NEEDS))).toEqual(['Закрытие долгов', 'Личная независимость']);
	});

	it('reads a comma list', () => {
		expect(valueOf(parseMultiChoice('Закрытие долгов, Личная независимость', REQUEST_NEEDS))).toEqual(['Закрытие долгов', 'Личная независимость']);
	});

	it('keeps an option that contains a comma', () => {
		expect(valueOf(parseMultiChoice('Закрытие долгов, Безопасность, стабильность', REQUEST_NEEDS))).toEqual(['Закрытие долгов', 'Безопасность, стабильность']);
	});

	it('drops duplicates', () => {
		expect(valueOf(parseMultiChoice('Закрытие долгов; закрытие долгов', REQUEST_NEEDS))).toEqual(['Закрытие долгов']);
	});

	it('resolves ICD codes to diagnosis groups', () => {
		expect(valueOf(parseMultiChoice('F70; G40.1; M', DIAGNOSIS_GROUPS, CHOICE_ALIASES.diagnosisGroups))).toEqual([DIAGNOSIS_GROUPS[0], DIAGNOSIS_GROUPS[1], DIAGNOSIS_GROUPS[3]]);
	});

	it('puts codes of other chapters into Другое', () => {
		expect(valueOf(parseMultiChoice('J45', DIAGNOSIS_GROUPS, CHOICE_ALIASES.diagnosisGroups))).toEqual(['Другое']);
	});

	it('rejects an unknown item', () => {
		expect(reasonOf(parseMultiChoice('Закрытие долгов; купить яхту', REQUEST_NEEDS))).toContain('не из списка');
	});

	it('returns null for an empty list', () => {
		expect(valueOf(parseMultiChoice([], REQUEST_NEEDS))).toBeNull();
	});
});

describe('parseMonths', () => {
	it.each([
		['7', 7],
		['7 мес.', 7],
		['7 месяцев', 7],
		['1,5 года', 18],
		['1.5 года', 18],
		['2 года', 24],
		['2 года 3 мес.', 27],
		['1 год', 12],
		['год', 12],
		['полгода', 6],
		['полтора года', 18],
		['3 недели', 1],
		['0', 0],
		['Нет', 0],
		['не работал', 0],
		['6,2', 7],
		['1,1 года', 14],
	])('reads %s as %d months', (text, months) => {
		expect(valueOf(parseMonths(text))).toBe(months);
	});

	it('reads a number field', () => {
		expect(valueOf(parseMonths(6))).toBe(6);
	});

	it('rounds a fraction up', () => {
		expect(valueOf(parseMonths(6.5))).toBe(7);
	});

	it('rejects a negative number', () => {
		expect(parseMonths(-1).ok).toBe(false);
	});

	it('rejects words', () => {
		expect(reasonOf(parseMonths('долго'))).toContain('срок не распознан');
	});

	it('rejects an unknown unit', () => {
		expect(parseMonths('7 дней').ok).toBe(false);
	});

	it('rejects more than 60 years', () => {
		expect(parseMonths('70 лет').ok).toBe(false);
	});
});

describe('parseInteger', () => {
	it('reads digits', () => {
		expect(valueOf(parseInteger(' 12 '))).toBe(12);
	});

	it('rejects a fraction', () => {
		expect(parseInteger('1,5').ok).toBe(false);
	});
});

describe('parseAge', () => {
	it.each([['23', 23], ['23 года', 23], ['25 лет', 25], ['21 год', 21], [23, 23]])('reads %p', (text, age) => {
		expect(valueOf(parseAge(text))).toBe(age);
	});

	it('rejects words', () => {
		expect(reasonOf(parseAge('двадцать три'))).toContain('цифрами');
	});

	it('rejects a fraction', () => {
		expect(parseAge(23.5).ok).toBe(false);
	});

	it('rejects an impossible age', () => {
		expect(parseAge('230').ok).toBe(false);
	});
});
