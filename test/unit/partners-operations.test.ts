import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { employerReadiness } from '../../core/employers';
import { checkPartnerEvent } from '../../core/partnerEvents';
import { intakeSubmissions } from '../../core/operations/intake';
import {
	assignConsultants,
	checkEmployersReadiness,
	listEmployersToContact,
	recordEmployerContacts,
	recordEmployerInterviews,
	recordEmployerNotes,
	recordEmployerRefusals,
	saveEmployers,
	saveMentors,
} from '../../core/operations/employers';
import { candidatesForVacancies, setCandidatePool, vacanciesForCandidates } from '../../core/operations/matching';
import { buildSourceFeedbacks, prepareVacancyMailing, recordSourceContacts, recordVacancyMailing, saveSourceContacts, saveSources } from '../../core/operations/sources';
import { importTrudvsemVacancies, saveVacancies } from '../../core/operations/vacancies';
import { advanceVolunteerTasks, createVolunteerTasks, listBankTasks, saveVolunteers } from '../../core/operations/volunteers';
import { readRowFields } from '../../core/rowInput';
import { applyTaskAction, checkNewTask } from '../../core/volunteerTasks';
import { vacancies as vacanciesTable, type Candidate, type Episode, type LifecycleEvent } from '../../schemas';
import type { ItemResult } from '../../core/operations/result';
import { LocalBase } from '../../storage/local/localBase';
import type { WriteContext } from '../../storage/types';
import { loadRealVacancyRecords, realVacanciesAvailable } from '../fixtures/vacancies';

const context: WriteContext = { actor: 'test', executionId: 'exec-1' };
const today = '2026-12-04';

function candidateRow(overrides: Partial<Candidate> = {}): Candidate {
	return {
		id: 'cand_anna',
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
		...overrides,
	};
}

/** Returns the value of a successful item, or fails the test with the item's message. */
function valueOf<T>(result: ItemResult<T>): T {
	if (!result.ok) {
		throw new Error(`expected success, got: ${result.message}`);
	}
	return result.value;
}

/** Returns the message of a failed item, or fails the test when the item succeeded. */
function messageOf(result: ItemResult<unknown>): string {
	if (result.ok) {
		throw new Error(`expected a failure, got: ${JSON.stringify(result.value)}`);
	}
	return result.message;
}

/** Builds a «Работа России» record in the API's shape, as the portal publishes it. */
function portalRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: 'a1b2c3d4-0000-11f1-0000-000000000001',
		'job-name': 'Уборщик производственных помещений',
		company: { name: 'ООО «Тестовый завод»', inn: '5900000001', ogrn: '1025900000001' },
		region: { name: 'Пермский край' },
		'creation-date': '2026-11-20',
		salary_min: 30000,
		salary_max: 35000,
		schedule: 'Полный рабочий день',
		employment: 'Полная занятость',
		requirement: { education: 'Требования не предъявляются', experience: 0 },
		addresses: { address: [{ location: 'Пермский край, г Пермь, ул. Тестовая, 1' }] },
		vac_url: 'https://trudvsem.ru/vacancy/card/1/1',
		...overrides,
	};
}

describe('partner operations on the local base', () => {
	let folder: string;
	let base: LocalBase;

	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'partners-'));
		base = LocalBase.open(join(folder, 'base.sqlite'));
	});

	afterEach(async () => {
		await base.close();
		rmSync(folder, { recursive: true, force: true });
	});

	async function employer(name = 'ООО «Пекарня»', inn = '5900000002'): Promise<string> {
		const [saved] = await saveEmployers(base, [{ fields: { name, inn, region: 'Пермский край' } }], context);
		if (!saved.ok) {
			throw new Error(saved.message);
		}
		return saved.value.id;
	}

	async function eventsOfType(type: string): Promise<LifecycleEvent[]> {
		return (await base.list('events', { where: { type: type as LifecycleEvent['type'] } })) as LifecycleEvent[];
	}

	describe('vacancy bank', () => {
		test('create records creation event', async () => {
			const employerId = await employer();
			const [saved] = await saveVacancies(base, [{ fields: { title: 'Помощник пекаря', type: 'Открытая вакансия', employer: employerId, city: 'Пермь', salaryMin: 30000 }, date: today }], context);

			expect(valueOf(saved).status).toBe('created');
			const vacancyId = valueOf(saved).vacancyId;
			const stored = await base.get('vacancies', vacancyId);
			expect(stored?.status).toBe('Открыта');
			const [event] = await eventsOfType('Создание вакансии');
			expect(event.vacancy).toBe(vacancyId);
			expect(event.employer).toBe(employerId);
			expect(valueOf(saved).eventId).toBe(event.id);
		});

		test('same data twice changes nothing', async () => {
			const input = { fields: { title: 'Курьер', type: 'Открытая вакансия' as const, city: 'Пермь' }, date: today };
			await saveVacancies(base, [input], context);
			const [again] = await saveVacancies(base, [input], context);

			expect(valueOf(again).status).toBe('unchanged');
			expect(await base.count('vacancies')).toBe(1);
			expect(await base.count('events')).toBe(1);
		});

		test('edit records changed fields without values', async () => {
			const [created] = await saveVacancies(base, [{ fields: { title: 'Курьер', type: 'Открытая вакансия', salaryMin: 30000 }, date: today }], context);
			const vacancyId = valueOf(created).vacancyId;

			const [edited] = await saveVacancies(base, [{ vacancyId, fields: { salaryMin: 41234, urgent: true, title: 'Курьер' }, date: today }], context);
			expect(valueOf(edited).status).toBe('updated');
			expect(valueOf(edited).changedFields).toEqual(['Зарплата от, руб.', 'Срочная вакансия']);

			const [event] = await eventsOfType('Редактирование вакансии');
			expect(event.title).toBe('Изменены поля: Зарплата от, руб., Срочная вакансия');
			expect(JSON.stringify(event)).not.toContain('41234');
			expect((await base.get('vacancies', vacancyId))?.salaryMin).toBe(41234);

			const [retried] = await saveVacancies(base, [{ vacancyId, fields: { salaryMin: 41234, urgent: true }, date: today }], context);
			expect(valueOf(retried).status).toBe('unchanged');
			expect(await eventsOfType('Редактирование вакансии')).toHaveLength(1);
		});

		test('two edits make two events', async () => {
			const [created] = await saveVacancies(base, [{ fields: { title: 'Курьер', type: 'Открытая вакансия' }, date: today }], context);
			const vacancyId = valueOf(created).vacancyId;
			await saveVacancies(base, [{ vacancyId, fields: { salaryMin: 30000 }, date: today }], context);
			await saveVacancies(base, [{ vacancyId, fields: { salaryMin: 32000 }, date: today }], context);
			expect(await eventsOfType('Редактирование вакансии')).toHaveLength(2);
		});

		test('vacancy type rules enforced', async () => {
			const [dedicatedWithoutEmployer, dedicatedPublished, badSalary, noType, tooYoung] = await saveVacancies(
				base,
				[
					{ fields: { title: 'Сортировщик', type: 'Вакансия с выделенными функциями' }, date: today },
					{ fields: { title: 'Сортировщик', type: 'Вакансия с выделенными функциями', employer: await employer(), externalUrl: 'https://hh.ru/vacancy/1' }, date: today },
					{ fields: { title: 'Курьер', type: 'Открытая вакансия', salaryMin: 50000, salaryMax: 30000 }, date: today },
					{ fields: { title: 'Курьер' }, date: today },
					{ fields: { title: 'Курьер', type: 'Открытая вакансия', minAge: 12 }, date: today },
				],
				context,
			);
			expect(messageOf(dedicatedWithoutEmployer)).toContain('требует работодателя');
			expect(messageOf(dedicatedPublished)).toContain('не публикуется');
			expect(messageOf(badSalary)).toContain('«Зарплата от, руб.» больше');
			expect(messageOf(noType)).toContain('«Тип вакансии»');
			expect(messageOf(tooYoung)).toContain('с 14 лет');
			expect(await base.count('vacancies')).toBe(0);
			expect(await base.count('events')).toBe(0);
		});

		test('missing employer link fails item', async () => {
			const [result] = await saveVacancies(base, [{ fields: { title: 'Курьер', type: 'Открытая вакансия', employer: 'emp_missing' }, date: today }], context);
			expect(messageOf(result)).toContain('«Работодатель»: запись с таким ключом не найдена');
		});

		test('mentor of another employer rejected', async () => {
			const first = await employer('ООО «Первый»', '5900000011');
			const second = await employer('ООО «Второй»', '5900000012');
			const [mentor] = await saveMentors(base, [{ fields: { name: 'Иван Наставников', employer: first } }], context);
			const mentorId = valueOf(mentor).id;
			const [result] = await saveVacancies(base, [{ fields: { title: 'Курьер', type: 'Открытая вакансия', employer: second, mentor: mentorId }, date: today }], context);
			expect(messageOf(result)).toContain('наставник работает у другого работодателя');
		});

		test('unknown vacancy key fails edit', async () => {
			const [result] = await saveVacancies(base, [{ vacancyId: 'vac_missing', fields: { title: 'Курьер' }, date: today }], context);
			expect(messageOf(result)).toContain('Вакансия с таким ключом не найдена');
		});
	});

	describe('«Работа России» import', () => {
		test('envelope imported once', async () => {
			const body = { status: '200', results: { vacancies: [{ vacancy: portalRecord() }, { vacancy: portalRecord({ id: 'second-id', 'job-name': 'Грузчик' }) }] } };
			const records = [{ vacancy: portalRecord() }, { vacancy: portalRecord({ id: 'second-id', 'job-name': 'Грузчик' }) }];
			const first = await importTrudvsemVacancies(base, body.results.vacancies, context, today);
			const second = await importTrudvsemVacancies(base, records, context, today);

			expect(first.map((result) => result.ok && result.value.status)).toEqual(['created', 'created']);
			expect(valueOf(first[0]).employerCreated).toBe(true);
			expect(valueOf(first[1]).employerCreated).toBe(false);
			expect(second.map((result) => result.ok && result.value.status)).toEqual(['unchanged', 'unchanged']);
			expect(await base.count('vacancies')).toBe(2);
			expect(await base.count('employers')).toBe(1);
			expect(await eventsOfType('Создание вакансии')).toHaveLength(2);
		});

		test('reimport updates portal columns only', async () => {
			const [imported] = await importTrudvsemVacancies(base, [portalRecord()], context, today);
			const vacancyId = valueOf(imported).vacancyId;
			await saveVacancies(base, [{ vacancyId, fields: { supported: true, urgent: true }, date: today }], context);

			const [again] = await importTrudvsemVacancies(base, [portalRecord({ salary_max: 40000 })], context, today);
			expect(valueOf(again).status).toBe('updated');
			expect(valueOf(again).changedFields).toEqual(['Зарплата до, руб.']);
			const stored = await base.get('vacancies', vacancyId);
			expect(stored?.salaryMax).toBe(40000);
			expect(stored?.supported).toBe(true);
			expect(stored?.urgent).toBe(true);
			const edits = await eventsOfType('Редактирование вакансии');
			expect(edits.map((event) => event.title)).toContain('Изменены поля: Зарплата до, руб.');
		});

		test('employer found by INN', async () => {
			const [saved] = await saveEmployers(base, [{ fields: { name: 'Тестовый завод', inn: '5900000001' } }], context);
			const [imported] = await importTrudvsemVacancies(base, [portalRecord()], context, today);
			expect(valueOf(imported).employerId).toBe(valueOf(saved).id);
			expect(valueOf(imported).employerCreated).toBe(false);
		});

		test('bad record fails alone', async () => {
			const results = await importTrudvsemVacancies(base, [portalRecord({ id: null }), portalRecord(), 'не запись'], context, today);
			expect(results.map((result) => result.ok)).toEqual([false, true, false]);
			expect(messageOf(results[0])).toContain('«id»');
			expect(await base.count('employers')).toBe(1);
		});

		(realVacanciesAvailable() ? test : test.skip)('real portal records import', async () => {
			const records = loadRealVacancyRecords().map((entry) => entry.record);
			const first = await importTrudvsemVacancies(base, records, context, today);
			const again = await importTrudvsemVacancies(base, records, context, today);
			expect(first.every((result) => result.ok && result.value.status === 'created')).toBe(true);
			expect(again.every((result) => result.ok && result.value.status === 'unchanged')).toBe(true);
			expect(await base.count('vacancies')).toBe(records.length);
			const quota = await base.list('vacancies', { where: { quota: true } });
			expect(quota.length).toBeGreaterThanOrEqual(5);
		});
	});

	describe('employers', () => {
		test('readiness explains what is missing', async () => {
			const [saved] = await saveEmployers(base, [{ fields: { name: 'ООО «Кафе»', inn: '5900000003' } }], context);
			expect(valueOf(saved).readiness.ready).toBe(false);
			const reasons = valueOf(saved).readiness.reasons.join(' ');
			expect(reasons).toContain('принимает ли руководство правила');
			expect(reasons).toContain('Не назначен наставник');
			expect(reasons).toContain('готов ли коллектив обучаться');
			expect(valueOf(saved).readiness.notes.join(' ')).toContain('не закреплен консультант');
		});

		test('ready with rules, mentor, staff', async () => {
			const [saved] = await saveEmployers(base, [{ fields: { name: 'ООО «Кафе»', inn: '5900000003', managementAcceptsRules: true, staffReadyToLearn: true } }], context);
			const employerId = valueOf(saved).id;
			await saveMentors(base, [{ fields: { name: 'Мария Наставница', employer: employerId, position: 'Повар' } }], context);

			const [checked] = await checkEmployersReadiness(base, [employerId]);
			expect(valueOf(checked).readiness.ready).toBe(true);
			expect(valueOf(checked).readiness.reasons).toEqual([]);
		});

		test('management refusal is a reason', () => {
			const readiness = employerReadiness({ managementAcceptsRules: false, staffReadyToLearn: true }, [{ name: 'Мария', active: true }]);
			expect(readiness.ready).toBe(false);
			expect(readiness.reasons).toEqual(['Руководство не приняло правила работы с пользователями: обсудите правила с руководством.']);
		});

		test('inactive mentor does not count', () => {
			expect(employerReadiness({ managementAcceptsRules: true, staffReadyToLearn: true }, [{ name: 'Мария', active: false }]).ready).toBe(false);
		});

		test('same INN updates one record', async () => {
			const [first] = await saveEmployers(base, [{ fields: { name: 'Кафе', inn: '5900000003' } }], context);
			const [second] = await saveEmployers(base, [{ fields: { name: 'ООО «Кафе»', inn: '5900000003', corporateVolunteering: true } }], context);
			expect(valueOf(second).id).toBe(valueOf(first).id);
			expect(valueOf(second).status).toBe('updated');
			expect(valueOf(second).changedFields).toEqual(['Название', 'Корпоративное волонтерство']);
			expect(await base.count('employers')).toBe(1);
		});

		test('invalid INN rejected', async () => {
			const [result] = await saveEmployers(base, [{ fields: { name: 'Кафе', inn: '123' } }], context);
			expect(messageOf(result)).toContain('ИНН организации состоит из 10 цифр');
		});

		test('consultant assigned to employer', async () => {
			const employerId = await employer();
			await base.write(
				[
					{ kind: 'insert', table: 'specialists', row: { id: 'sp_recruiter', name: 'Рекрутер Р.', role: 'Рекрутер' } },
					{ kind: 'insert', table: 'specialists', row: { id: 'sp_consultant', name: 'Консультант К.', role: 'Консультант по сопровождаемому трудоустройству' } },
				],
				context,
			);
			const [recruiter, missing, consultant] = await assignConsultants(
				base,
				[
					{ employerId, specialistId: 'sp_recruiter' },
					{ employerId, specialistId: 'sp_missing' },
					{ employerId, specialistId: 'sp_consultant' },
				],
				context,
			);
			expect(messageOf(recruiter)).toContain('роль «Рекрутер»');
			expect(messageOf(missing)).toContain('не найден');
			expect(valueOf(consultant).readiness.notes).toEqual([]);
			expect((await base.get('employers', employerId))?.consultant).toBe('sp_consultant');
		});

		test('mentor needs employer', async () => {
			const [result] = await saveMentors(base, [{ fields: { name: 'Мария' } }], context);
			expect(messageOf(result)).toContain('«Работодатель»');
		});

		test('contact channels limited', async () => {
			const employerId = await employer();
			const [call, again, messenger] = await recordEmployerContacts(
				base,
				[
					{ employerId, date: today, channel: 'Звонок', title: 'Обсудили новые вакансии' },
					{ employerId, date: today, channel: 'Звонок', title: 'Обсудили новые вакансии' },
					{ employerId, date: today, channel: 'Мессенджер' as 'Звонок' },
				],
				context,
			);
			expect(valueOf(call).created).toBe(true);
			expect(valueOf(again).created).toBe(false);
			expect(messageOf(messenger)).toContain('«Звонок», «Электронное письмо», «Встреча»');
		});

		test('interview refusal records both events', async () => {
			const employerId = await employer();
			await base.write([{ kind: 'insert', table: 'candidates', row: candidateRow() }], context);
			const [result] = await recordEmployerInterviews(base, [{ employerId, candidateId: 'cand_anna', date: today, outcome: 'Отказ работодателя', comment: 'Нужен опыт' }], context);

			expect(valueOf(result).refusalEventId).not.toBeNull();
			const [interview] = await eventsOfType('Собеседование кандидата с работодателем');
			expect(interview.details).toEqual({ 'Результат собеседования': 'Отказ работодателя' });
			const [refusal] = await eventsOfType('Кандидат получил отказ от работодателя');
			expect(refusal.recommendedService).toBe('Социальная адаптация на рынке труда');
			expect(refusal.details).toEqual({ 'Стадия отказа': 'Собеседование' });
		});

		test('other employer event without candidate', async () => {
			const employerId = await employer();
			const [note] = await recordEmployerNotes(base, [{ employerId, date: today, initiator: 'Третье лицо', title: 'Работодатель сменил руководителя' }], context);
			expect(valueOf(note).created).toBe(true);
			const [event] = await eventsOfType('Иное');
			expect(event.employer).toBe(employerId);
			expect(event.candidate ?? null).toBeNull();
		});

		test('refusal needs existing candidate', async () => {
			const employerId = await employer();
			const [result] = await recordEmployerRefusals(base, [{ employerId, candidateId: 'cand_missing', date: today, stage: 'Рассмотрение резюме' }], context);
			expect(messageOf(result)).toContain('«Кандидат»');
		});

		test('employers to contact include those without vacancies', async () => {
			const quiet = await employer('ООО «Тихое»', '5900000021');
			const recent = await employer('ООО «Недавнее»', '5900000022');
			await saveEmployers(base, [{ id: quiet, fields: { corporateVolunteering: true } }], context);
			await recordEmployerContacts(base, [{ employerId: recent, date: '2026-11-30', channel: 'Встреча' }], context);

			const due = await listEmployersToContact(base, today);
			expect(due.map((entry) => entry.employerId)).toEqual([quiet]);
			expect(due[0].reason).toContain('Открытых вакансий нет');
			expect(due[0].reason).toContain('корпоративном волонтерстве');

			const later = await listEmployersToContact(base, '2027-03-15');
			expect(later.map((entry) => entry.employerId).sort()).toEqual([quiet, recent].sort());
		});
	});

	describe('sources and КИ', () => {
		async function sourceAndContact(overrides: Record<string, unknown> = {}): Promise<{ sourceId: string; contactId: string }> {
			const [source] = await saveSources(base, [{ fields: { name: 'ЦССВ «Тестовый»', kind: 'ЦССВ', city: 'Пермь' } }], context);
			const sourceId = valueOf(source).id;
			const [contact] = await saveSourceContacts(base, [{ fields: { name: 'Социальный педагог', source: sourceId, email: 'ki@example.org', subscribed: true, ...overrides } }], context);
			if (!contact.ok) {
				throw new Error(contact.message);
			}
			return { sourceId, contactId: contact.value.id };
		}

		test('ids agree with intake', async () => {
			const [accepted] = await intakeSubmissions(
				base,
				[
					{
						Фамилия: 'Тестова',
						Имя: 'Анна',
						'Дата рождения': '17.05.2003',
						Категория: 'Выпускник сиротского учреждения',
						'Источник (как указан в анкете)': 'ЦССВ «Тестовый»',
						'КИ (как указан в анкете)': 'Социальный педагог',
						'Согласие на обработку персональных данных': 'Да',
					},
				],
				context,
				{ today, formName: 'Тест' },
			);
			expect(valueOf(accepted).status).toBe('accepted');
			const { contactId } = await sourceAndContact();
			expect(await base.count('sources')).toBe(1);
			expect(await base.count('sourceContacts')).toBe(1);
			const candidateId = accepted.ok && accepted.value.status === 'accepted' ? accepted.value.candidateId : '';
			expect((await base.get('candidates', candidateId))?.sourceContact).toBe(contactId);
		});

		test('subscription needs e-mail', async () => {
			const [result] = await saveSourceContacts(base, [{ fields: { name: 'Воспитатель', subscribed: true } }], context);
			expect(messageOf(result)).toContain('«Электронная почта» пусто');
		});

		test('contact and news events', async () => {
			const { contactId } = await sourceAndContact();
			const [seminar, news, otherChannel] = await recordSourceContacts(
				base,
				[
					{ kind: 'contact', contactId, date: today, channel: 'Семинар или супервизия', title: 'Супервизия для педагогов' },
					{ kind: 'news', contactId, date: today, description: 'КИ перешел работать в другой центр' },
					{ kind: 'contact', contactId, date: today, channel: 'Социальная сеть' },
				],
				context,
			);
			expect(seminar.ok).toBe(true);
			expect(news.ok).toBe(true);
			expect(messageOf(otherChannel)).toContain('«Семинар или супервизия»');
			const [other] = await eventsOfType('Иное');
			expect(other.initiator).toBe('Третье лицо');
			expect(other.sourceContact).toBe(contactId);
			expect(other.candidate ?? null).toBeNull();
		});

		test('organisation-level «Иное» needs partner link', () => {
			expect(checkPartnerEvent({ type: 'Иное', date: today }).join(' ')).toContain('должно быть связано');
			expect(checkPartnerEvent({ type: 'Иное', date: today, employer: 'emp_1' })).toEqual([]);
		});

		test('feedback omits health and confidential notes', async () => {
			const { contactId } = await sourceAndContact();
			const shared = candidateRow({
				id: 'cand_shared',
				sourceContact: contactId,
				disabilityGroup: 'III группа',
				diagnosisGroups: ['F — психические расстройства и расстройства поведения'],
				chemicalDependency: false,
				comment: 'Личный комментарий рекрутера',
				portraitReasons: 'Причина портрета',
				currentService: 'Сопровождаемое трудоустройство',
			});
			const withheld = candidateRow({ id: 'cand_withheld', firstName: 'Борис', sourceContact: contactId, consent: false });
			const stranger = candidateRow({ id: 'cand_other', firstName: 'Вера' });
			const episodes: Episode[] = [
				{ id: 'ep_2', candidate: 'cand_shared', service: 'Содействие в поиске подходящей работы', status: 'Завершена', startDate: '2026-03-12', actualEndDate: '2026-03-20' },
				{ id: 'ep_1', candidate: 'cand_shared', service: 'Социально-психологические услуги', status: 'Оказывается', startDate: '2026-03-12', plan: 'Секретный план тьютора' },
				{ id: 'ep_6', candidate: 'cand_shared', service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: '2026-03-21', outcome: 'Секретный итог' },
			];
			await base.write(
				[
					...[shared, withheld, stranger].map((row) => ({ kind: 'insert' as const, table: 'candidates' as const, row })),
					...episodes.map((row) => ({ kind: 'insert' as const, table: 'episodes' as const, row })),
					{ kind: 'insert', table: 'events', row: { id: 'e1', type: 'Кандидат устроился на работу', date: '2026-04-15', candidate: 'cand_shared', service: 'Сопровождаемое трудоустройство', vacancy: null, description: 'Подробности договора' } },
					{ kind: 'insert', table: 'events', row: { id: 'e2', type: 'Собеседование кандидата с консультантом', date: '2026-04-20', candidate: 'cand_shared', confidential: true } },
					{ kind: 'insert', table: 'events', row: { id: 'e3', type: 'Точка выхода', date: '2026-05-01', candidate: 'cand_shared', confidential: true } },
				],
				context,
			);

			const [result] = await buildSourceFeedbacks(base, [{ contactId, asOf: today }]);
			expect(result.ok).toBe(true);
			const feedback = valueOf(result);
			expect(feedback.users.map((user) => user.name)).toEqual(['Анна Т.']);
			expect(feedback.withheld).toBe(1);
			const text = feedback.text;
			expect(text).toContain('Здравствуйте, Социальный педагог!');
			expect(text).toContain('сейчас — услуга «Сопровождаемое трудоустройство»');
			expect(text).toContain('«Содействие в поиске подходящей работы»: завершена (12.03.2026 — 20.03.2026)');
			expect(text).toContain('15.04.2026 — трудоустройство');
			for (const secret of ['III группа', 'F —', 'Личный комментарий', 'Причина портрета', 'Секретный', 'Подробности договора', 'точка выхода', 'Борис', 'Вера']) {
				expect(text).not.toContain(secret);
			}
			expect(JSON.stringify(feedback)).not.toContain('III группа');
		});

		test('feedback for unknown КИ fails', async () => {
			const [result] = await buildSourceFeedbacks(base, [{ contactId: 'ki_missing', asOf: today }]);
			expect(messageOf(result)).toContain('КИ с таким ключом не найден');
		});

		test('mailing groups vacancies per КИ city', async () => {
			const { contactId } = await sourceAndContact();
			const [noCity] = await saveSourceContacts(base, [{ fields: { name: 'Куратор НКО', email: 'ngo@example.org', subscribed: true } }], context);
			await saveSourceContacts(base, [{ fields: { name: 'Без почты', subscribed: false } }], context);
			const employerId = await employer('ООО «Пекарня»', '5900000002');
			await saveVacancies(
				base,
				[
					{ fields: { title: 'Пекарь', type: 'Открытая вакансия', employer: employerId, city: 'Пермь', salaryMin: 30000, salaryMax: 45000, publishedAt: '2026-12-01' }, date: today },
					{ fields: { title: 'Курьер', type: 'Открытая вакансия', city: 'Москва' }, date: today },
					{ fields: { title: 'Упаковщик', type: 'Вакансия с выделенными функциями', employer: employerId, city: 'Пермь', urgent: true }, date: today },
					{ fields: { title: 'Сортировщик', type: 'Вакансия с выделенными функциями', employer: employerId, city: 'Пермь' }, date: today },
					{ fields: { title: 'Площадка', type: 'Внутренняя площадка временного трудоустройства', city: 'Пермь', urgent: true }, date: today },
					{ fields: { title: 'Закрытая', type: 'Открытая вакансия', city: 'Пермь', status: 'Закрыта' }, date: today },
				],
				context,
			);

			const plan = await prepareVacancyMailing(base, { asOf: today, recruiterContact: '+7 900 000-00-00', organisationName: 'АНО «Тест»' });
			const perm = plan.messages.find((message) => message.contactId === contactId);
			const everywhere = plan.messages.find((message) => message.contactId === valueOf(noCity).id);
			expect(plan.messages).toHaveLength(2);
			expect(perm?.subject).toBe('Вакансии для выпускников на 04.12.2026: есть срочные');
			expect(perm?.vacancyIds).toHaveLength(2);
			expect(perm?.urgentCount).toBe(1);
			expect(perm?.text).toContain('Срочные вакансии:\n1. Упаковщик — работа с простыми операциями только для участников программы');
			expect(perm?.text).toContain('Пекарь (новая) — ООО «Пекарня», Пермь, зарплата от 30 000 до 45 000 руб.');
			expect(perm?.text).toContain('социально-психологические услуги');
			expect(perm?.text).toContain('+7 900 000-00-00');
			for (const absent of ['Курьер', 'Сортировщик', 'Площадка', 'Закрытая']) {
				expect(perm?.text).not.toContain(absent);
			}
			expect(everywhere?.text).toContain('Курьер');

			const recorded = await recordVacancyMailing(base, plan.messages.map((message) => ({ contactId: message.contactId, date: today, subject: message.subject, vacancyCount: message.vacancyIds.length })), context);
			const again = await recordVacancyMailing(base, [{ contactId, date: today, subject: perm?.subject ?? '' }], context);
			expect(recorded.every((result) => result.ok && result.value.created)).toBe(true);
			expect(valueOf(again[0]).created).toBe(false);
			const mailings = await eventsOfType('Связь с контактом источника');
			expect(mailings).toHaveLength(2);
			expect(mailings.every((event) => event.channel === 'Электронное письмо')).toBe(true);
		});

		test('mailing skips КИ without vacancies', async () => {
			const { contactId } = await sourceAndContact();
			await saveVacancies(base, [{ fields: { title: 'Курьер', type: 'Открытая вакансия', city: 'Москва' }, date: today }], context);
			const plan = await prepareVacancyMailing(base, { asOf: today });
			expect(plan.messages).toEqual([]);
			expect(plan.skipped).toEqual([{ contactId, contactName: 'Социальный педагог', reason: 'Нет открытых вакансий в городе источника.' }]);
		});
	});

	describe('volunteer task bank', () => {
		async function setUp(): Promise<{ tutor: string; social: string; recruiterVolunteer: string; juniorVolunteer: string }> {
			await base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidateRow() },
					{ kind: 'insert', table: 'specialists', row: { id: 'sp_tutor', name: 'Тьютор Т.', role: 'Тьютор' } },
					{ kind: 'insert', table: 'specialists', row: { id: 'sp_trainer', name: 'Тренер Т.', role: 'Тренер' } },
				],
				context,
			);
			const saved = await saveVolunteers(
				base,
				[
					{ fields: { name: 'Ольга Социальная', email: 'olga@example.org', direction: ['Социальное наставничество'] } },
					{ fields: { name: 'Петр Кадровик', email: 'petr@example.org', direction: ['Наставничество в трудоустройстве'], interviewLevel: 'Руководитель подразделения', interviewExperience: 'Руководитель отдела продаж' } },
					{ fields: { name: 'Семен Младший', email: 'semen@example.org', direction: ['Наставничество в трудоустройстве'], interviewLevel: 'Специалист' } },
				],
				context,
			);
			const ids = saved.map((result) => (valueOf(result).id));
			return { tutor: 'sp_tutor', social: ids[0], recruiterVolunteer: ids[1], juniorVolunteer: ids[2] };
		}

		const task = {
			title: 'Помочь составить резюме на должность продавца',
			candidate: 'cand_anna',
			tutor: 'sp_tutor',
			direction: 'Наставничество в трудоустройстве' as const,
			criteria: 'Резюме на одну страницу готово и отправлено на две вакансии',
			candidateConsent: true,
			oneMeeting: true,
			noSpecialKnowledge: true,
			request: 'Не знаю, как рассказать о себе работодателю',
		};

		test('consent and criteria required', async () => {
			await setUp();
			const [noConsent, noCriteria, notOneMeeting, trainer] = await createVolunteerTasks(
				base,
				[
					{ fields: { ...task, candidateConsent: false }, date: today },
					{ fields: { ...task, criteria: '  ' }, date: today },
					{ fields: { ...task, oneMeeting: false, noSpecialKnowledge: null }, date: today },
					{ fields: { ...task, tutor: 'sp_trainer' }, date: today },
				],
				context,
			);
			expect(messageOf(noConsent)).toContain('Без согласия пользователя задачу нельзя поставить в банк');
			expect(messageOf(noCriteria)).toContain('«Критерии выполнения»');
			expect(messageOf(notOneMeeting)).toContain('за одну встречу');
			expect(messageOf(notOneMeeting)).toContain('специальных психологических и социальных знаний');
			expect(messageOf(trainer)).toContain('роль «Тренер»');
			expect(await base.count('volunteerTasks')).toBe(0);
		});

		test('mock interview needs employment direction and level', () => {
			const problems = checkNewTask({ ...task, direction: 'Социальное наставничество', mockInterview: true, targetLevel: null });
			expect(problems.join(' ')).toContain('относится к направлению «Наставничество в трудоустройстве»');
			expect(problems.join(' ')).toContain('«Уровень целевой должности»');
		});

		test('full flow records feedback and meeting', async () => {
			const { recruiterVolunteer, social } = await setUp();
			const [created] = await createVolunteerTasks(base, [{ fields: task, date: today }], context);
			const [duplicate] = await createVolunteerTasks(base, [{ fields: task, date: today }], context);
			const taskId = valueOf(created).taskId;
			expect(valueOf(created).status).toBe('В банке задач');
			expect(valueOf(duplicate).changed).toBe(false);

			const [wrongDirection] = await advanceVolunteerTasks(base, [{ taskId, kind: 'respond', volunteerId: social, date: today }], context);
			expect(messageOf(wrongDirection)).toContain('не работает по направлению');

			const [tooEarly] = await advanceVolunteerTasks(base, [{ taskId, kind: 'complete', date: today, candidateFeedback: 'Все понравилось' }], context);
			expect(messageOf(tooEarly)).toContain('не может перейти в статус «Выполнена»');

			const steps = await advanceVolunteerTasks(
				base,
				[
					{ taskId, kind: 'respond', volunteerId: recruiterVolunteer, date: today },
					{ taskId, kind: 'schedule', meetingDate: '2026-12-10' },
					{ taskId, kind: 'complete', date: '2026-12-10', candidateFeedback: '' },
					{ taskId, kind: 'complete', date: '2026-12-10', candidateFeedback: 'Резюме готово, стало понятнее', volunteerFeedback: 'Анна хорошо подготовилась' },
				],
				context,
			);
			expect(steps.map((step) => step.ok)).toEqual([true, true, false, true]);
			expect(messageOf(steps[2])).toContain('обратную связь пользователя');

			const stored = await base.get('volunteerTasks', taskId);
			expect(stored?.status).toBe('Выполнена');
			expect(stored?.candidateFeedback).toBe('Резюме готово, стало понятнее');
			const [meeting] = await eventsOfType('Иное');
			expect(meeting.candidate).toBe('cand_anna');
			expect(meeting.volunteer).toBe(recruiterVolunteer);
			expect(meeting.date).toBe('2026-12-10');
			expect(meeting.feedback).toBe('Анна хорошо подготовилась');

			const [retry] = await advanceVolunteerTasks(base, [{ taskId, kind: 'complete', date: '2026-12-10', candidateFeedback: 'Еще раз' }], context);
			expect(valueOf(retry).changed).toBe(false);
			expect(await eventsOfType('Иное')).toHaveLength(1);
		});

		test('mock interview checks volunteer level', async () => {
			const { recruiterVolunteer, juniorVolunteer } = await setUp();
			const mock = { ...task, title: 'Тренировочное собеседование на администратора', mockInterview: true, targetPosition: 'Администратор', targetLevel: 'Старший специалист' as const };
			const [created] = await createVolunteerTasks(base, [{ fields: mock, date: today }], context);
			const taskId = valueOf(created).taskId;

			const [junior] = await advanceVolunteerTasks(base, [{ taskId, kind: 'respond', volunteerId: juniorVolunteer, date: today }], context);
			expect(messageOf(junior)).toContain('нужен опыт не ниже уровня целевой должности');

			const bankForJunior = await listBankTasks(base, juniorVolunteer);
			const bankForSenior = await listBankTasks(base, recruiterVolunteer);
			expect(valueOf(bankForJunior)).toEqual([]);
			expect(valueOf(bankForSenior).map((item) => item.id)).toEqual([taskId]);
			expect(JSON.stringify(valueOf(bankForSenior))).not.toContain('Не знаю, как рассказать');

			const steps = await advanceVolunteerTasks(
				base,
				[
					{ taskId, kind: 'respond', volunteerId: recruiterVolunteer, date: today },
					{ taskId, kind: 'schedule', meetingDate: '2026-12-11' },
					{ taskId, kind: 'complete', date: '2026-12-11', candidateFeedback: 'Волновалась меньше, чем думала' },
				],
				context,
			);
			expect(steps.every((step) => step.ok)).toBe(true);
			const [meeting] = await eventsOfType('Тренировочное собеседование');
			expect(meeting.service).toBe('Социальная адаптация на рынке труда');
		});

		test('withdrawal returns task to bank', async () => {
			const { recruiterVolunteer } = await setUp();
			const [created] = await createVolunteerTasks(base, [{ fields: task, date: today }], context);
			const taskId = valueOf(created).taskId;
			await advanceVolunteerTasks(base, [{ taskId, kind: 'respond', volunteerId: recruiterVolunteer, date: today }], context);
			const [returned] = await advanceVolunteerTasks(base, [{ taskId, kind: 'return' }], context);
			expect(valueOf(returned).status).toBe('В банке задач');
			expect((await base.get('volunteerTasks', taskId))?.volunteer ?? null).toBeNull();

			const [cancelWithoutReason, cancelled, afterCancel] = await advanceVolunteerTasks(
				base,
				[
					{ taskId, kind: 'cancel', date: today, reason: '' },
					{ taskId, kind: 'cancel', date: today, reason: 'Пользователь решил задачу сам' },
					{ taskId, kind: 'respond', volunteerId: recruiterVolunteer, date: today },
				],
				context,
			);
			expect(messageOf(cancelWithoutReason)).toContain('«Причина отмены»');
			expect(valueOf(cancelled).status).toBe('Отменена');
			expect(messageOf(afterCancel)).toContain('статус окончательный');
		});

		test('meeting date not before task', () => {
			const step = applyTaskAction({ status: 'Волонтер откликнулся', createdDate: today }, { kind: 'schedule', meetingDate: '2026-12-01' });
			expect(!step.ok && step.problems.join(' ')).toContain('раньше даты постановки задачи');
		});

		test('volunteer needs direction', async () => {
			const [result] = await saveVolunteers(base, [{ fields: { name: 'Без направления' } }], context);
			expect(messageOf(result)).toContain('«Направления»');
		});
	});

	describe('matching on the base', () => {
		test('vacancies for candidate without health data', async () => {
			await base.write([{ kind: 'insert', table: 'candidates', row: candidateRow({ disabilityGroup: 'III группа', category: 'Молодой человек с инвалидностью', diagnosisGroups: ['H — болезни глаза и уха'] }) }], context);
			await importTrudvsemVacancies(base, [portalRecord({ workPlaceType: { workPlaceQuota: true, workPlaceDisabilityGroup: 'Нарушения слуха – слабослышащий' } }), portalRecord({ id: 'msk', region: { name: 'Город Москва' }, addresses: { address: [{ location: 'г Москва, ул. Тестовая, 2' }] } })], context, today);

			const [result] = await vacanciesForCandidates(base, ['cand_anna'], { asOf: today, includeRejected: true });
			expect(result.ok).toBe(true);
			const value = valueOf(result);
			expect(value.matches.map((match) => match.title)).toEqual(['Уборщик производственных помещений']);
			expect(value.matches[0].employerName).toBe('ООО «Тестовый завод»');
			expect(value.matches[0].reasons).toContain('Рабочее место оборудовано с учетом особенностей кандидата.');
			expect(value.rejected).toHaveLength(1);
			expect(JSON.stringify(value)).not.toMatch(/III группа|H —|инвалидностью/);

			const [missing] = await vacanciesForCandidates(base, ['cand_missing'], { asOf: today });
			expect(messageOf(missing)).toContain('Кандидат с таким ключом не найден');
		});

		test('candidates for vacancy from pool', async () => {
			await base.write(
				[
					{ kind: 'insert', table: 'candidates', row: candidateRow({ id: 'c_fit', lastName: 'Подходящая' }) },
					{ kind: 'insert', table: 'candidates', row: candidateRow({ id: 'c_pool', lastName: 'Резервная', currentService: 'Профессиональная ориентация', city: null }) },
					{ kind: 'insert', table: 'candidates', row: candidateRow({ id: 'c_orient', lastName: 'Ориентация', currentService: 'Профессиональная ориентация' }) },
					{ kind: 'insert', table: 'candidates', row: candidateRow({ id: 'c_exit', lastName: 'Вышедшая', routeState: 'Точка выхода' }) },
					{ kind: 'insert', table: 'candidates', row: candidateRow({ id: 'c_nomatch', lastName: 'Несоответствие', portraitVerdict: 'Не соответствует' }) },
					{ kind: 'insert', table: 'candidates', row: candidateRow({ id: 'c_far', lastName: 'Дальняя', city: 'Москва' }) },
				],
				context,
			);
			const pool = await setCandidatePool(
				base,
				[
					{ candidateId: 'c_pool', inPool: true, date: today },
					{ candidateId: 'c_pool', inPool: true, date: today },
					{ candidateId: 'c_nomatch', inPool: true, date: today },
					{ candidateId: 'c_missing', inPool: true, date: today },
				],
				context,
			);
			expect(pool.map((result) => result.ok && result.value.changed)).toEqual([true, false, false, false]);
			expect(messageOf(pool[2])).toContain('Нет проверки портрета с вердиктом «Соответствует»');
			expect(messageOf(pool[3])).toContain('не найден');

			const [saved] = await saveVacancies(base, [{ fields: { title: 'Курьер', type: 'Открытая вакансия', city: 'Пермь' }, date: today }], context);
			const vacancyId = valueOf(saved).vacancyId;

			const [result] = await candidatesForVacancies(base, [vacancyId], { asOf: today, includeRejected: true });
			const value = valueOf(result);
			expect(value.poolSize).toBe(3);
			expect(value.matches.map((match) => match.candidateId)).toEqual(['c_fit', 'c_pool']);
			expect(value.matches[1].poolReason).toBe('Рекрутер включил пользователя в пул кандидатов.');
			expect(value.rejected.map((match) => match.candidateId)).toEqual(['c_far']);
			expect(Object.keys(value.matches[0]).sort()).toEqual(['candidateId', 'city', 'currentService', 'name', 'poolReason', 'reasons', 'score']);

			const [removed] = await setCandidatePool(base, [{ candidateId: 'c_pool', inPool: false, date: today, comment: 'Устроилась сама' }], context);
			expect(valueOf(removed).changed).toBe(true);
			const [after] = await candidatesForVacancies(base, [vacancyId], { asOf: today });
			expect(valueOf(after).matches.map((match) => match.candidateId)).toEqual(['c_fit']);
		});
	});
});

describe('reading row fields', () => {
	test('labels and keys parsed by kind', () => {
		const result = readRowFields(vacanciesTable, {
			Должность: '  Курьер ',
			'Тип вакансии': 'открытая вакансия',
			'Срочная вакансия': 'Да',
			'Зарплата от, руб.': '30 000',
			'Дата публикации': '01.12.2026',
			'Необходимые навыки': 'Умение перемещаться по городу; Умение выстраивать коммуникации',
			'Подходит для категорий': 'Выпускник сиротского учреждения; Выпускник ПНИ',
			city: 'Пермь',
			'Лишнее поле': 'игнорируется',
			Статус: '',
		});
		expect(result).toEqual({
			ok: true,
			fields: {
				title: 'Курьер',
				type: 'Открытая вакансия',
				urgent: true,
				salaryMin: 30000,
				publishedAt: '2026-12-01',
				requiredSkills: ['Умение перемещаться по городу', 'Умение выстраивать коммуникации'],
				suitableCategories: ['Выпускник сиротского учреждения', 'Выпускник ПНИ'],
				city: 'Пермь',
			},
		});
	});

	test('bad values named by label', () => {
		const result = readRowFields(vacanciesTable, { 'Тип вакансии': 'Стажировка', 'Зарплата от, руб.': 'много', 'Срочная вакансия': 'возможно' });
		expect(result.ok).toBe(false);
		const problems = result.ok ? [] : result.problems;
		expect(problems).toHaveLength(3);
		expect(problems[0]).toContain('В поле «Тип вакансии» значение не из списка');
		expect(problems.join(' ')).not.toContain('много');
	});

	test('id column excluded', () => {
		const result = readRowFields(vacanciesTable, { id: 'vac_x', Ключ: 'vac_y', Должность: 'Курьер' });
		expect(result).toEqual({ ok: true, fields: { title: 'Курьер' } });
	});
});
