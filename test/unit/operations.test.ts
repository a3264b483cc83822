import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseInterviewAnswers } from '../../core/interview';
import { checkEligibility } from '../../core/operations/eligibility';
import { intakeSubmissions } from '../../core/operations/intake';
import { logEvents } from '../../core/operations/logEvents';
import { keepRejectedInterview, referAfterInterviews } from '../../core/operations/referral';
import { LocalBase } from '../../storage/local/localBase';
import type { WriteContext } from '../../storage/types';

const context: WriteContext = { actor: 'test', executionId: 'exec-1' };
const today = '2026-12-04';

/** A questionnaire of a graduate who fits the portrait, keyed by the form's Russian labels. */
function fittingSubmission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		Фамилия: 'Тестова',
		Имя: 'Анна',
		'Дата рождения': '17.05.2003',
		Телефон: '+7 (900) 000-00-01',
		Категория: 'Выпускник сиротского учреждения',
		'Выпускник ПНИ': 'Нет',
		Образование: 'Среднее профессиональное',
		'Группа инвалидности': 'Нет',
		'Степень ограничения способности к трудовой деятельности': 'Нет',
		'Степень ограничения способности контролировать свое поведение (ИПРА)': 'Нет',
		'Самый долгий стаж на одном месте по трудовому договору, мес.': '2',
		Дееспособность: 'Да',
		'Химическая зависимость': 'Нет',
		'Физический доступ к специалисту': 'Да',
		'Субъектная позиция': 'Да',
		Запрос: 'Формализованный',
		'Умение осваивать новую информацию и навыки': 'Да',
		'Умение выстраивать коммуникации': 'Да',
		'Умение перемещаться по городу': 'Да',
		'Умение видеть причинно-следственные связи': 'Да',
		'Умение следовать правилам и указаниям, соблюдать иерархию': 'Да',
		'Представление о нормах поведения в обществе': 'Да',
		'Представление об экономическом участии': 'Да',
		'Принимает финансовые решения хотя бы иногда': 'Нет',
		'Паспорт или заменяющий документ': 'Да',
		ИНН: 'Да',
		'Источник (как указан в анкете)': 'ЦССВ «Тестовый»',
		'КИ (как указан в анкете)': 'Социальный педагог',
		'Согласие на обработку персональных данных': 'Да',
		'Подходит на вакансию из банка': 'Да',
		'Заинтересован(а) в вакансии': 'Да',
		...overrides,
	};
}

describe('lifecycle operations on the local base', () => {
	let folder: string;
	let base: LocalBase;

	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'operations-'));
		base = LocalBase.open(join(folder, 'base.sqlite'));
	});

	afterEach(async () => {
		await base.close();
		rmSync(folder, { recursive: true, force: true });
	});

	test('intake creates candidate once', async () => {
		const submission = fittingSubmission();
		const [first] = await intakeSubmissions(base, [submission], context, { today, formName: 'Тест' });
		const [second] = await intakeSubmissions(base, [submission], context, { today, formName: 'Тест' });

		expect(first.ok && first.value.status === 'accepted' && first.value.created).toBe(true);
		expect(second.ok && second.value.status === 'accepted' && second.value.created).toBe(false);
		expect(await base.count('candidates')).toBe(1);
		expect(await base.count('events')).toBe(1);
		expect(await base.count('sources')).toBe(1);
		expect(await base.count('sourceContacts')).toBe(1);
	});

	test('repeat intake keeps identity and consent date', async () => {
		await intakeSubmissions(base, [fittingSubmission({ Имя: 'Пётр', 'Дата согласия': '01.12.2026', Город: 'Пермь' })], context, { today, formName: 'Тест' });
		const [repeat] = await intakeSubmissions(base, [fittingSubmission({ Имя: 'Петр', Город: 'Кунгур' })], context, { today, formName: 'Тест' });
		const candidateId = repeat.ok && repeat.value.status === 'accepted' ? repeat.value.candidateId : '';

		const stored = await base.get('candidates', candidateId);
		expect(repeat.ok && repeat.value.status === 'accepted' && repeat.value.created).toBe(false);
		expect(stored?.firstName).toBe('Пётр');
		expect(stored?.consentDate).toBe('2026-12-01');
		expect(stored?.city).toBe('Кунгур');
	});

	test('intake keeps rejected submission once', async () => {
		const bad = fittingSubmission({ 'Дата рождения': '31.02.2001', Телефон: '12' });
		const [first] = await intakeSubmissions(base, [bad], context, { today, formName: 'Тест' });
		await intakeSubmissions(base, [bad], context, { today, formName: 'Тест' });

		expect(first.ok && first.value.status).toBe('rejected');
		const rejected = await base.list('rejectedSubmissions');
		expect(rejected).toHaveLength(1);
		expect(rejected[0].problems).toContain('Дата рождения');
		expect(rejected[0].problems).toContain('Телефон');
		expect(rejected[0].raw).toEqual(bad);
		expect(await base.count('candidates')).toBe(0);
	});

	test('eligibility stores verdict and history', async () => {
		const [accepted] = await intakeSubmissions(base, [fittingSubmission({ ИНН: 'Нет' })], context, { today, formName: 'Тест' });
		const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';

		const [checked] = await checkEligibility(base, [{ candidateId, asOf: today }], context);
		await checkEligibility(base, [{ candidateId, asOf: today }], context);

		expect(checked.ok && checked.value.verdict).toBe('Соответствует');
		expect(checked.ok && checked.value.followUps.map((followUp) => followUp.service)).toContain(1);
		expect(await base.count('portraitChecks')).toBe(1);
		const stored = await base.get('candidates', candidateId);
		expect(stored?.portraitVerdict).toBe('Соответствует');
		const [check] = await base.list('portraitChecks');
		const snapshot = check.snapshot as Record<string, unknown>;
		expect(snapshot['Дата рождения']).toBe('2003-05-17');
		expect(snapshot['ИНН']).toBe('Нет');
		expect(snapshot).not.toHaveProperty('Фамилия');
	});

	test('eligibility ignores a changed comment', async () => {
		const [accepted] = await intakeSubmissions(base, [fittingSubmission()], context, { today, formName: 'Тест' });
		const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';
		const [first] = await checkEligibility(base, [{ candidateId, asOf: today }], context);
		await base.write([{ kind: 'update', table: 'candidates', id: candidateId, patch: { comment: 'Позвонить после обеда', phone: '+79000000099' } }], context);
		const [second] = await checkEligibility(base, [{ candidateId, asOf: today }], context);
		expect(first.ok && second.ok && first.value.checkId === second.value.checkId).toBe(true);
		const checks = await base.list('portraitChecks', { where: { candidate: candidateId } });
		expect(checks).toHaveLength(1);
		const snapshot = checks[0].snapshot as Record<string, unknown>;
		expect(snapshot).toHaveProperty('Образование');
		expect(snapshot).not.toHaveProperty('Комментарий');
		expect(snapshot).not.toHaveProperty('Телефон');

		await base.write([{ kind: 'update', table: 'candidates', id: candidateId, patch: { chemicalDependency: true } }], context);
		const [third] = await checkEligibility(base, [{ candidateId, asOf: today }], context);
		expect(third.ok && third.value.verdict).toBe('Не соответствует');
		expect(await base.list('portraitChecks', { where: { candidate: candidateId } })).toHaveLength(2);
	});

	test('eligibility of unknown candidate fails item', async () => {
		const [result] = await checkEligibility(base, [{ candidateId: 'cand_missing', asOf: today }], context);
		expect(result.ok).toBe(false);
	});

	test('referral enters route and opens episodes once', async () => {
		const submission = fittingSubmission({ ИНН: 'Нет' });
		const [accepted] = await intakeSubmissions(base, [submission], context, { today, formName: 'Тест' });
		const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';
		await checkEligibility(base, [{ candidateId, asOf: today }], context);

		const parsed = parseInterviewAnswers(submission, today);
		if (!parsed.ok) {
			throw new Error(parsed.problems.join(' '));
		}
		const [referral] = await referAfterInterviews(base, [{ candidateId, answers: parsed.answers, today }], context);
		const [again] = await referAfterInterviews(base, [{ candidateId, answers: parsed.answers, today }], context);
		expect(referral.ok && referral.value.alreadyRecorded).toBe(false);
		expect(again.ok && again.value.alreadyRecorded).toBe(true);
		expect(again.ok && again.value.repeatedAppeal).toBe(false);

		expect(referral.ok && referral.value.decision.scenario).toBe('A');
		expect(referral.ok && referral.value.decision.primaryService).toBe(6);
		const candidate = await base.get('candidates', candidateId);
		expect(candidate?.routeState).toBe('Пользователь');
		expect(candidate?.entryDate).toBe(today);
		const episodes = await base.list('episodes', { where: { candidate: candidateId } });
		expect(episodes.map((episode) => episode.service).sort()).toEqual(['Сопровождаемое трудоустройство', 'Содействие в поиске подходящей работы', 'Социально-психологические услуги'].sort());
		const events = await base.list('events', { where: { candidate: candidateId } });
		expect(events.map((event) => event.type).sort()).toEqual(['Добавление кандидата', 'Собеседование кандидата с рекрутером'].sort());
	});

	test('rejected interview kept once, redacted', async () => {
		const submission = { Фамилия: 'Тестова', 'Впечатления и комментарий рекрутера': 'Тайное впечатление', 'Ключ выбранной вакансии': 'vac_x' };
		const rejection = { ok: false as const, message: 'Поле «Ключ выбранной вакансии»: вакансии нет.' };
		const first = await keepRejectedInterview(base, submission, rejection, 'ТЖЦТ 1: Направление', context);
		await keepRejectedInterview(base, submission, rejection, 'ТЖЦТ 1: Направление', context);

		const kept = await base.list('rejectedSubmissions');
		expect(kept).toHaveLength(1);
		expect(kept[0].raw).toMatchObject({ Фамилия: 'Тестова', 'Ключ выбранной вакансии': 'vac_x' });
		expect(JSON.stringify(kept[0])).not.toContain('Тайное');
		expect(first.message).toContain('сохранена в таблице «Отклоненные анкеты»');
	});

	test('referral links the named recruiter', async () => {
		await base.write(
			[
				{ kind: 'insert', table: 'specialists', row: { id: 'spec_r1', name: 'Петрова Анна', role: 'Рекрутер', active: true } },
				{ kind: 'insert', table: 'specialists', row: { id: 'spec_t1', name: 'Сидоров Олег', role: 'Тьютор', active: true } },
			],
			context,
		);
		const refer = async (recruiter: string, overrides: Record<string, string>) => {
			const submission = fittingSubmission({ Рекрутер: recruiter, ...overrides });
			const [accepted] = await intakeSubmissions(base, [submission], context, { today, formName: 'Тест' });
			const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';
			const parsed = parseInterviewAnswers(submission, today);
			const [referral] = parsed.ok ? await referAfterInterviews(base, [{ candidateId, answers: parsed.answers, today }], context) : [];
			const candidate = await base.get('candidates', candidateId);
			const event = referral.ok ? await base.get('events', referral.value.eventId) : undefined;
			return { candidate, event };
		};

		const named = await refer('Петрова Анна', {});
		expect(named.candidate?.recruiter).toBe('spec_r1');
		expect(named.event?.specialist).toBe('spec_r1');
		const byKey = await refer('spec_r1', { Фамилия: 'Ключева' });
		expect(byKey.candidate?.recruiter).toBe('spec_r1');
		const tutor = await refer('Сидоров Олег', { Фамилия: 'Тьюторова' });
		expect(tutor.candidate?.recruiter).toBeNull();
		expect(tutor.event?.specialistName).toBe('Сидоров Олег');
	});

	test('completed data continues the first interview', async () => {
		const incomplete = fittingSubmission({ Фамилия: 'Неполнова', Образование: '', 'Подходит на вакансию из банка': 'Нет', 'Нужна поддержка в поиске работы': 'Да' });
		const [accepted] = await intakeSubmissions(base, [incomplete], context, { today, formName: 'Тест' });
		const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';
		const interview = async (submission: Record<string, unknown>, date: string) => {
			await intakeSubmissions(base, [submission], context, { today: date, formName: 'Тест' });
			await checkEligibility(base, [{ candidateId, asOf: date }], context);
			const parsed = parseInterviewAnswers({ ...submission, 'Дата собеседования': date }, date);
			const [referral] = parsed.ok ? await referAfterInterviews(base, [{ candidateId, answers: parsed.answers, today: date }], context) : [];
			return referral;
		};

		const first = await interview(incomplete, today);
		expect(first.ok && first.value.decision.status).toBe('needsData');
		const later = '2026-12-10';
		const second = await interview({ ...incomplete, Образование: 'Среднее профессиональное' }, later);
		expect(second.ok && second.value.repeatedAppeal).toBe(false);
		expect(second.ok && second.value.decision.primaryService).toBe(5);
		const events = await base.list('events', { where: { candidate: candidateId } });
		expect(events.filter((event) => event.type === 'Собеседование кандидата с рекрутером')).toHaveLength(2);
		expect((await base.get('candidates', candidateId))?.currentService).toBe('Социальная адаптация на рынке труда');
	});

	test('referral rejects unknown vacancy key', async () => {
		const submission = fittingSubmission({ 'Ключ выбранной вакансии': 'vac_нет_такой' });
		const [accepted] = await intakeSubmissions(base, [submission], context, { today, formName: 'Тест' });
		const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';
		await checkEligibility(base, [{ candidateId, asOf: today }], context);

		const parsed = parseInterviewAnswers(submission, today);
		const [referral] = parsed.ok ? await referAfterInterviews(base, [{ candidateId, answers: parsed.answers, today }], context) : [];
		expect(referral.ok).toBe(false);
		expect(!referral.ok && referral.message).toContain('«Ключ выбранной вакансии»');
		expect(!referral.ok && referral.message).toContain('«vac_нет_такой»');
		expect(await base.list('episodes', { where: { candidate: candidateId } })).toHaveLength(0);
	});

	test('portrait mismatch refers to service 1', async () => {
		const submission = fittingSubmission({ 'Химическая зависимость': 'Да' });
		const [accepted] = await intakeSubmissions(base, [submission], context, { today, formName: 'Тест' });
		const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';
		const [checked] = await checkEligibility(base, [{ candidateId, asOf: today }], context);
		expect(checked.ok && checked.value.verdict).toBe('Не соответствует');

		const parsed = parseInterviewAnswers(submission, today);
		const [referral] = parsed.ok ? await referAfterInterviews(base, [{ candidateId, answers: parsed.answers, today }], context) : [];
		expect(referral.ok && referral.value.decision.scenario).toBe('D');
		expect(referral.ok && referral.value.decision.primaryService).toBe(1);
	});

	test('event logging reports unknown links per item', async () => {
		const [accepted] = await intakeSubmissions(base, [fittingSubmission()], context, { today, formName: 'Тест' });
		const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';
		const contact = { type: 'Связь с кандидатом' as const, date: today, service: 'Содействие в поиске подходящей работы' as const, channel: 'Звонок' as const };

		const [known, unknown, unknownEpisode] = await logEvents(
			base,
			[
				{ ...contact, candidate: candidateId, title: 'Звонок 1' },
				{ ...contact, candidate: 'cand_missing', title: 'Звонок 2' },
				{ ...contact, candidate: candidateId, episode: 'ep_missing', title: 'Звонок 3' },
			],
			context,
		);
		expect(known.ok).toBe(true);
		expect(known.ok && known.value.created).toBe(true);
		expect(unknown.ok).toBe(false);
		expect(!unknown.ok && unknown.problems).toEqual(['Поле «Кандидат»: запись с таким ключом не найдена в базе. Проверьте ключ или сначала создайте запись.']);
		expect(unknownEpisode.ok).toBe(false);
		expect(!unknownEpisode.ok && unknownEpisode.message).toContain('Поле «Эпизод услуги»: запись с таким ключом не найдена');
		expect(await base.list('events', { where: { title: ['Звонок 2', 'Звонок 3'] } })).toEqual([]);
	});

	test('event logging checks catalogue and dedups', async () => {
		const [accepted] = await intakeSubmissions(base, [fittingSubmission()], context, { today, formName: 'Тест' });
		const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';

		const draft = { type: 'Тренинг для кандидата(ов)' as const, date: today, service: 'Социальная адаптация на рынке труда' as const, candidate: candidateId, title: 'Резюме' };
		const [first, again, missingVacancy, confidential] = await logEvents(
			base,
			[
				draft,
				draft,
				{ type: 'Собеседование с консультантом', date: today, service: 'Сопровождаемое трудоустройство', candidate: candidateId },
				{ type: 'Собеседование кандидата с консультантом', date: today, service: 'Социально-психологические услуги', candidate: candidateId, confidential: true, description: 'подробности' },
			],
			context,
		);
		expect(first.ok && first.value.created).toBe(true);
		expect(again.ok && again.value.created).toBe(false);
		expect(missingVacancy.ok).toBe(false);
		expect(!missingVacancy.ok && missingVacancy.message).toContain('«Вакансия»');
		expect(confidential.ok).toBe(false);
		expect(!confidential.ok && confidential.message).toContain('«Описание»');
		expect(!confidential.ok && confidential.message).not.toContain('подробности');
	});
});
