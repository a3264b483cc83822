/**
 * The walk of six graduates through the service map, from the first interview on 3 March 2025 to an exit
 * in July 2026, as phases of node steps between checks of the checkpoint trigger on simulated dates. The
 * trigger runs as in the shipped reminder workflow, which leaves exit checks to the shipped exit workflow.
 * From the end of support on, the exit workflow runs at each check too, and it records the exit.
 *
 * Each check comes first on its date, so a checkpoint fires while it is open. The specialist's event that
 * completes it is recorded after the check, inside the window. Two exceptions show the other reminders.
 * The fourth internal evaluation of u3 is recorded late (escalation). The adaptation of u1 is extended
 * from 6 to 9 months, which moves the closing meeting, the follow-up and the exit check.
 */
import type { IDataObject } from 'n8n-workflow';

import { EVALUATION_FORMS, SKILLS, type EvaluationFormId } from '../../../core/evaluations';
import { SCENARIO_FROM_ANSWERS } from '../../../core/interview';
import { serviceName } from '../../../schemas';
import type { WriteOperation } from '../../../storage/types';
import type { UserKey, WalkUser } from './cohort';
import type { Step } from './workflows';

/** Episodes the steps refer to, by user and service. `u2s2again` is the service-2 episode of the repeated appeal. */
export type EpisodeKey = 'u1s6' | 'u2s6' | 'u3s3' | 'u3s4' | 'u4s5' | 'u5s1' | 'u6s1' | 'u2s2again';

export interface WalkIds {
	users: Record<UserKey, WalkUser>;
	episodes: Partial<Record<EpisodeKey, string>>;
}

/** The day u3 is referred to service 4 after professional orientation. */
export const SERVICE4_REFERRAL_DATE = '2025-04-11';

export const DATES = {
	interview: '2025-03-03',
	contract: '2025-04-09',
	adaptationChange: '2025-08-20',
	dismissal: '2025-05-20',
	withdrawal: '2025-06-16',
	reentry: '2025-09-01',
	supportEnd: '2026-01-09',
	exit: '2026-07-10',
} as const;

/** Employers, vacancies, the site mentor and the specialists, written before the walk starts. */
export function partnerRows(): WriteOperation[] {
	const insert = <T extends WriteOperation>(operation: T): T => ({ ...operation, onConflict: 'skip' });
	return [
		insert({
			kind: 'insert',
			table: 'specialists',
			row: {
				id: 'sp-supported',
				name: 'Консультант Сопровождаемова',
				role: 'Консультант по сопровождаемому трудоустройству',
				email: 'konsultant@example.org',
				active: true,
			},
		}),
		insert({
			kind: 'insert',
			table: 'specialists',
			row: { id: 'sp-transit', name: 'Консультант Транзитов', role: 'Консультант', email: 'tranzit@example.org', active: true },
		}),
		insert({
			kind: 'insert',
			table: 'specialists',
			row: { id: 'sp-tutor', name: 'Тьютор Поддержкина', role: 'Тьютор', email: 'tutor@example.org', active: true },
		}),
		insert({
			kind: 'insert',
			table: 'employers',
			row: { id: 'emp-bakery', name: 'ООО «Пекарня на Садовой»', consultant: 'sp-supported', managementAcceptsRules: true },
		}),
		insert({ kind: 'insert', table: 'employers', row: { id: 'emp-warehouse', name: 'ООО «Склад Север»', managementAcceptsRules: true } }),
		insert({
			kind: 'insert',
			table: 'mentors',
			row: { id: 'mnt-warehouse', name: 'Наставник Складской', employer: 'emp-warehouse', position: 'Старший кладовщик', active: true },
		}),
		insert({
			kind: 'insert',
			table: 'vacancies',
			row: { id: 'vac-baker', title: 'Помощник пекаря', type: 'Открытая вакансия', status: 'Открыта', employer: 'emp-bakery', supported: true },
		}),
		insert({
			kind: 'insert',
			table: 'vacancies',
			row: { id: 'vac-packer', title: 'Упаковщик выпечки', type: 'Открытая вакансия', status: 'Открыта', employer: 'emp-bakery', supported: true },
		}),
		insert({
			kind: 'insert',
			table: 'vacancies',
			row: {
				id: 'vac-site',
				title: 'Комплектовщик (стажировка)',
				type: 'Внешняя площадка временного трудоустройства',
				status: 'Открыта',
				employer: 'emp-warehouse',
				mentor: 'mnt-warehouse',
			},
		}),
	];
}

// ---------------------------------------------------------------------------------------------------
// Step helpers: every parameter whose default reads `$json` is set, so no step reads another's output.
// ---------------------------------------------------------------------------------------------------

function episodeStep(name: string, parameters: Record<string, unknown>): Step {
	return { name, type: 'lifecycleEpisode', parameters: { episodeId: '', candidateId: '', vacancyId: '', ...parameters } };
}

function eventStep(name: string, candidateId: string, parameters: Record<string, unknown>): Step {
	return { name, type: 'lifecycleEvent', parameters: { candidateId, ...parameters } };
}

/** Returns the levels of a form's criteria, given in the form's order, keyed by the skills' Russian names as a form sends them. */
function levels(form: EvaluationFormId, values: readonly number[]): IDataObject {
	const criteria = EVALUATION_FORMS[form].criteria;
	if (values.length !== criteria.length) {
		throw new Error(`form ${form} has ${criteria.length} criteria, got ${values.length} levels`);
	}
	return Object.fromEntries(criteria.map((skill, index) => [SKILLS[skill], values[index]]));
}

function evaluationStep(name: string, form: EvaluationFormId, service: 3 | 4 | 6, input: IDataObject, options: IDataObject = {}): Step {
	return { name, type: 'lifecycleEvaluation', parameters: { form, service, options }, input };
}

/** Builds a call to the user recorded as «Связь с кандидатом» in the episode, which completes a feedback or contact checkpoint. */
function contact(name: string, candidateId: string, episode: string, service: string, date: string, title: string): Step {
	return eventStep(name, candidateId, { eventType: 'Связь с кандидатом', date, service, links: { episode }, content: { title, channel: 'Звонок' } });
}

const SERVICE_1 = serviceName(1);
const SERVICE_4 = serviceName(4);
const SERVICE_5 = serviceName(5);
const SERVICE_6 = serviceName(6);

// ---------------------------------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------------------------------

export type Stage =
	| { kind: 'intake'; id: string }
	| { kind: 'phase'; id: string; name: string; steps: (ids: WalkIds) => Step[] }
	/** A check of the reminder workflow's trigger and, from the end of support on, of the exit workflow's trigger. */
	| { kind: 'poll'; id: string; date: string; exitWorkflowId?: string };

function requireEpisode(ids: WalkIds, key: EpisodeKey): string {
	const id = ids.episodes[key];
	if (!id) {
		throw new Error(`the walk has no episode ${key} yet: an earlier stage did not create it`);
	}
	return id;
}

/** Names of the steps that the test checks by name. */
export const STEP = {
	confidentialRejected: 'u5: конфиденциальная запись с подробностями',
	dismissal: 'u2: увольнение',
	withdrawal: 'u2: выбытие',
	reentry: 'u2: повторное обращение',
	repeatedInterview: 'u2: повторное собеседование с рекрутером',
	adaptationChange: 'u1: продление адаптации',
	/** The exit workflow's check, recorded under this name for each check of that workflow. */
	exitCheck: 'процесс «Точка выхода»: проверка',
	service4Referral: 'u3: направление на временное трудоустройство',
	service4Start: 'u3: начало временного трудоустройства',
} as const;

/** Returns every stage of the walk in order. Phase and poll ids are 16 letters and digits, unique per backend. */
export function walkStages(): Stage[] {
	let phase = 0;
	let poll = 0;
	const stages: Stage[] = [];
	const addPhase = (name: string, steps: (ids: WalkIds) => Step[]) => {
		phase += 1;
		stages.push({ kind: 'phase', id: `smWalkPhase${String(phase).padStart(5, '0')}`, name, steps });
	};
	const addPoll = (date: string, exitPoint = false) => {
		poll += 1;
		const number = String(poll).padStart(5, '0');
		stages.push({ kind: 'poll', id: `smWalkCheck${number}`, date, ...(exitPoint ? { exitWorkflowId: `smWalkExitP${number}` } : {}) });
	};

	stages.push({ kind: 'intake', id: 'smWalkIntake0001' });

	addPhase('март — 9 апреля 2025: начало услуг, услуги 1 и 5, договоры', (ids) => {
		const { u1, u2, u3, u4, u5 } = ids.users;
		return [
			episodeStep('u1: собеседование с консультантом', {
				operation: 'start',
				candidateId: u1.candidateId,
				service: 6,
				date: '2025-03-05',
				plan: 'Тренинг по резюме, тренировочное собеседование',
				recommendations: 'Встреча с психологом перед выходом на работу',
				outcome: 'Вакансия подходит',
				options: { specialistId: 'sp-supported' },
			}),
			episodeStep('u2: собеседование с консультантом', {
				operation: 'start',
				candidateId: u2.candidateId,
				service: 6,
				date: '2025-03-05',
				plan: 'Тренинг по резюме',
				outcome: 'Вакансия подходит',
				options: { specialistId: 'sp-supported' },
			}),
			episodeStep('u3: начало профориентации', {
				operation: 'start',
				candidateId: u3.candidateId,
				service: 3,
				date: '2025-03-10',
				plan: 'Пробы: склад, кухня, клининг',
				options: { specialistId: 'sp-transit' },
			}),
			episodeStep('u4: начало услуги 5', {
				operation: 'start',
				candidateId: u4.candidateId,
				service: 5,
				date: '2025-03-05',
				plan: 'Тренинг по резюме, тренировочное собеседование, стажировка',
			}),
			episodeStep('u5: начало услуги 1', {
				operation: 'start',
				candidateId: u5.candidateId,
				service: 1,
				date: '2025-03-05',
				options: { specialistId: 'sp-tutor' },
			}),
			eventStep('u1: тренинг по резюме', u1.candidateId, {
				eventType: 'Тренинг для кандидата(ов)',
				date: '2025-03-12',
				service: SERVICE_5,
				content: { title: 'Тренинг по резюме', resultForCandidate: 'Резюме составлено' },
			}),
			eventStep('u2: тренинг по резюме', u2.candidateId, {
				eventType: 'Тренинг для кандидата(ов)',
				date: '2025-03-12',
				service: SERVICE_5,
				content: { title: 'Тренинг по резюме', resultForCandidate: 'Резюме составлено' },
			}),
			eventStep('u4: тренинг', u4.candidateId, {
				eventType: 'Тренинг для кандидата(ов)',
				date: '2025-03-12',
				service: SERVICE_5,
				links: { episode: requireEpisode(ids, 'u4s5') },
				content: { title: 'Тренинг по резюме', resultForCandidate: 'Загружено новое резюме' },
			}),
			eventStep('u4: тренировочное собеседование', u4.candidateId, {
				eventType: 'Тренировочное собеседование',
				date: '2025-03-19',
				service: SERVICE_5,
				links: { episode: requireEpisode(ids, 'u4s5') },
				content: { title: 'Собеседование с волонтером', feedback: 'Уверенно рассказывает о себе' },
			}),
			eventStep('u4: кратковременная стажировка', u4.candidateId, {
				eventType: 'Кратковременная стажировка',
				date: '2025-03-26',
				service: SERVICE_5,
				links: { episode: requireEpisode(ids, 'u4s5') },
				content: { title: 'День в кафе', resultForCandidate: 'Понравилась работа с людьми' },
			}),
			eventStep('u4: производственная экскурсия', u4.candidateId, {
				eventType: 'Производственная экскурсия кандидата(ов) у работодателя',
				date: '2025-04-02',
				service: SERVICE_5,
				links: { episode: requireEpisode(ids, 'u4s5'), employer: 'emp-bakery' },
				content: { title: 'Экскурсия в пекарню' },
			}),
			eventStep('u5: конфиденциальная встреча', u5.candidateId, {
				eventType: 'Собеседование кандидата с консультантом',
				date: '2025-03-12',
				service: SERVICE_1,
				confidential: true,
				links: { episode: requireEpisode(ids, 'u5s1') },
				content: { recommendations: 'Нужна дальнейшая поддержка: продолжить встречи с психологом' },
			}),
			eventStep(STEP.confidentialRejected, u5.candidateId, {
				eventType: 'Собеседование кандидата с консультантом',
				date: '2025-03-13',
				service: SERVICE_1,
				confidential: true,
				links: { episode: requireEpisode(ids, 'u5s1') },
				content: { description: 'Подробности разговора', recommendations: 'Продолжить встречи' },
			}),
			eventStep('u5: групповое занятие', u5.candidateId, {
				eventType: 'Иное',
				date: '2025-03-19',
				service: SERVICE_1,
				links: { episode: requireEpisode(ids, 'u5s1') },
				content: { title: 'Групповое занятие «Как справляться с волнением»', initiator: 'Специалист' },
			}),
			episodeStep('u3: нарушение на пробах', {
				operation: 'violation',
				candidateId: u3.candidateId,
				service: 3,
				date: '2025-03-20',
				description: 'Опоздал на пробу без предупреждения',
			}),
			eventStep('u1: собеседование у работодателя', u1.candidateId, {
				eventType: 'Собеседование кандидата у работодателя',
				date: '2025-03-20',
				service: SERVICE_6,
				links: { vacancy: 'vac-baker', episode: requireEpisode(ids, 'u1s6') },
				content: { resultForCandidate: 'Работодатель готов взять' },
			}),
			eventStep('u2: собеседование у работодателя', u2.candidateId, {
				eventType: 'Собеседование кандидата у работодателя',
				date: '2025-03-20',
				service: SERVICE_6,
				links: { vacancy: 'vac-packer', episode: requireEpisode(ids, 'u2s6') },
				content: { resultForCandidate: 'Работодатель готов взять' },
			}),
			episodeStep('u1: трудовой договор', {
				operation: 'contractSigned',
				candidateId: u1.candidateId,
				date: DATES.contract,
				agreedStartDate: DATES.contract,
				service5Recommendations: 'confirmed',
				adaptationMonths: 6,
			}),
			episodeStep('u2: трудовой договор', {
				operation: 'contractSigned',
				candidateId: u2.candidateId,
				date: DATES.contract,
				agreedStartDate: DATES.contract,
				service5Recommendations: 'confirmed',
				adaptationMonths: 6,
			}),
		];
	});

	addPoll('2025-04-09');
	addPhase('9–10 апреля 2025: первый рабочий день, итог профориентации', (ids) => {
		const { u1, u2, u3 } = ids.users;
		const final = `${requireEpisode(ids, 'u3s3')}:s3:final`;
		return [
			contact('u1: первый рабочий день', u1.candidateId, requireEpisode(ids, 'u1s6'), SERVICE_6, '2025-04-09', 'Обратная связь: первый рабочий день'),
			contact('u2: первый рабочий день', u2.candidateId, requireEpisode(ids, 'u2s6'), SERVICE_6, '2025-04-09', 'Обратная связь: первый рабочий день'),
			evaluationStep('u3: теоретический экзамен', 'exam', 3, {
				'Ключ кандидата': u3.candidateId,
				'Ключ контрольной точки': final,
				'Дата оценки': '2025-04-09',
				'Экзамен сдан': 'Да',
				...levels('exam', [3, 4, 3]),
			}),
			evaluationStep('u3: характеристика', 'characteristic', 3, {
				'Ключ кандидата': u3.candidateId,
				'Ключ контрольной точки': final,
				'Дата оценки': '2025-04-09',
				Рекомендации: 'Временное трудоустройство: мотивация высокая, навыков для открытых вакансий пока недостаточно',
				...levels('characteristic', [3, 3, 2, 3, 3, 3, 2, 3, 4]),
			}),
			episodeStep('u3: итог профориентации', {
				operation: 'complete',
				candidateId: u3.candidateId,
				service: 3,
				date: '2025-04-10',
				outcome: 'Склонность к работе на складе',
				nextService: 4,
			}),
		];
	});
	addPhase('11–14 апреля 2025: направление и начало временного трудоустройства', (ids) => [
		episodeStep(STEP.service4Referral, {
			operation: 'refer',
			candidateId: ids.users.u3.candidateId,
			service: 4,
			date: SERVICE4_REFERRAL_DATE,
			referredBy: requireEpisode(ids, 'u3s3'),
			highMotivation: true,
			skillsInsufficient: true,
			description: 'Мотивация высокая, навыков для открытых вакансий пока недостаточно',
		}),
		episodeStep(STEP.service4Start, {
			operation: 'start',
			candidateId: ids.users.u3.candidateId,
			service: 4,
			date: '2025-04-14',
			highMotivation: true,
			skillsInsufficient: true,
			plannedMonths: 3,
			functions: 'Сортировка и упаковка',
			options: { specialistId: 'sp-transit' },
		}),
	]);

	addPoll('2025-04-16');
	addPhase('16–22 апреля 2025: первая неделя, внутреннее обучение, нарушение', (ids) => {
		const { u1, u2, u3 } = ids.users;
		return [
			contact('u1: первая неделя', u1.candidateId, requireEpisode(ids, 'u1s6'), SERVICE_6, '2025-04-16', 'Обратная связь после первой недели'),
			contact('u2: первая неделя', u2.candidateId, requireEpisode(ids, 'u2s6'), SERVICE_6, '2025-04-16', 'Обратная связь после первой недели'),
			eventStep('u1: звонок после обучения', u1.candidateId, {
				eventType: 'Звонок кандидата',
				date: '2025-04-17',
				service: SERVICE_6,
				links: { episode: requireEpisode(ids, 'u1s6') },
				content: { title: 'Рассказал о внутреннем обучении', initiator: 'Кандидат' },
			}),
			eventStep('u2: звонок после обучения', u2.candidateId, {
				eventType: 'Звонок кандидата',
				date: '2025-04-17',
				service: SERVICE_6,
				links: { episode: requireEpisode(ids, 'u2s6') },
				content: { title: 'Рассказал о внутреннем обучении', initiator: 'Кандидат' },
			}),
			episodeStep('u3: первое нарушение', {
				operation: 'violation',
				candidateId: u3.candidateId,
				service: 4,
				date: '2025-04-22',
				description: 'Опоздание на смену',
			}),
		];
	});

	const internal = (ids: WalkIds, index: number, date: string): Step =>
		evaluationStep(`u3: оценка на внутренней площадке ${index}`, 'internalSite', 4, {
			'Ключ кандидата': ids.users.u3.candidateId,
			'Ключ контрольной точки': `${requireEpisode(ids, 'u3s4')}:s4:internal-evaluation:${index}`,
			'Дата оценки': date,
			...levels('internalSite', [3, 3, 3, Math.min(5, 1 + index)]),
		});
	const siteContact = (ids: WalkIds, name: string, date: string, title: string, mentor: boolean): Step =>
		mentor
			? eventStep(name, ids.users.u3.candidateId, {
					eventType: 'Связь с наставником',
					date,
					service: SERVICE_4,
					links: { episode: requireEpisode(ids, 'u3s4'), mentor: 'mnt-warehouse' },
					content: { title },
				})
			: contact(name, ids.users.u3.candidateId, requireEpisode(ids, 'u3s4'), SERVICE_4, date, title);

	addPoll('2025-04-28');
	addPhase('28 апреля — 5 мая 2025: оценка, выход на стороннюю площадку', (ids) => [
		internal(ids, 1, '2025-04-28'),
		episodeStep('u3: выход на стороннюю площадку', {
			operation: 'externalSiteStart',
			candidateId: ids.users.u3.candidateId,
			date: '2025-05-05',
			vacancyId: 'vac-site',
			mentorId: 'mnt-warehouse',
			functions: 'Комплектация заказов',
		}),
	]);
	addPoll('2025-05-06');
	addPhase('6 мая 2025: связь после первых дней на площадке', (ids) => [
		siteContact(ids, 'u3: связь после 1-го дня', '2025-05-06', 'После первого дня на площадке', false),
		siteContact(ids, 'u3: наставник о 2-м дне', '2025-05-06', 'Наставник о втором дне', true),
	]);
	addPoll('2025-05-08');
	addPhase('8 мая 2025: связь после 3-го и 4-го дня', (ids) => [
		siteContact(ids, 'u3: связь после 3-го дня', '2025-05-08', 'После третьего дня на площадке', false),
		siteContact(ids, 'u3: наставник о 4-м дне', '2025-05-08', 'Наставник о четвертом дне', true),
	]);
	addPoll('2025-05-10');
	addPoll('2025-05-10');
	addPhase('10–20 мая 2025: оценки через месяц, возвращение с площадки, увольнение', (ids) => {
		const { u1, u2, u3 } = ids.users;
		return [
			siteContact(ids, 'u3: связь после 5-го дня', '2025-05-10', 'После пятого дня на площадке', false),
			evaluationStep('u1: оценка работодателя через месяц', 'employer', 6, {
				'Ключ кандидата': u1.candidateId,
				'Ключ контрольной точки': `${requireEpisode(ids, 'u1s6')}:s6:employer-evaluation:1m`,
				'Дата оценки': '2025-05-12',
				'Отзыв работодателя': 'Осваивается',
				...levels('employer', [3, 3, 2, 2, 3, 3, 3]),
			}),
			evaluationStep('u2: оценка работодателя через месяц', 'employer', 6, {
				'Ключ кандидата': u2.candidateId,
				'Ключ контрольной точки': `${requireEpisode(ids, 'u2s6')}:s6:employer-evaluation:1m`,
				'Дата оценки': '2025-05-12',
				'Отзыв работодателя': 'Часто опаздывает',
				...levels('employer', [2, 3, 2, 2, 2, 3, 2]),
			}),
			evaluationStep(
				'u3: оценка работодателя на площадке',
				'employer',
				4,
				{
					'Ключ кандидата': u3.candidateId,
					'Дата оценки': '2025-05-15',
					'Отзыв работодателя': 'Не успевает за темпом',
					...levels('employer', [3, 2, 2, 2, 3, 3, 2]),
				},
				{ idempotencyKey: 'e2e:u3:site:2025-05-15' },
			),
			episodeStep('u3: возвращение на внутреннюю площадку', {
				operation: 'externalSiteReturn',
				candidateId: u3.candidateId,
				date: '2025-05-19',
				description: 'Не справляется с темпом комплектации',
			}),
			episodeStep(STEP.dismissal, {
				operation: 'dismissal',
				candidateId: u2.candidateId,
				service: 6,
				date: DATES.dismissal,
				dismissalReason: 'По собственному желанию',
				nextService: 5,
				description: 'Ушел после конфликта в смене',
				recommendations: 'Тренинг по решению конфликтов',
			}),
		];
	});
	addPoll('2025-05-26');
	addPhase('26–27 мая 2025: оценка, второе нарушение', (ids) => [
		internal(ids, 3, '2025-05-26'),
		episodeStep('u3: второе нарушение', {
			operation: 'violation',
			candidateId: ids.users.u3.candidateId,
			service: 4,
			date: '2025-05-27',
			description: 'Нарушил технику безопасности',
		}),
	]);
	addPoll('2025-06-09');
	addPhase('16 июня 2025: выбытие', (ids) => [
		{
			name: STEP.withdrawal,
			type: 'lifecycleExit',
			parameters: { operation: 'withdraw', candidateId: ids.users.u2.candidateId, date: DATES.withdrawal, reason: 'Не выходит на связь после увольнения' },
		},
	]);
	addPoll('2025-06-23');
	addPhase('24 июня 2025: запоздалая и очередная оценки', (ids) => [internal(ids, 4, '2025-06-24'), internal(ids, 5, '2025-06-24')]);
	addPoll('2025-07-09');
	addPhase('9–14 июля 2025: оценка через 3 месяца, конец временного трудоустройства', (ids) => [
		evaluationStep('u1: оценка работодателя через 3 месяца', 'employer', 6, {
			'Ключ кандидата': ids.users.u1.candidateId,
			'Ключ контрольной точки': `${requireEpisode(ids, 'u1s6')}:s6:employer-evaluation:3m`,
			'Дата оценки': '2025-07-10',
			'Отзыв работодателя': 'Работает увереннее',
			...levels('employer', [4, 3, 3, 3, 3, 4, 3]),
		}),
		internal(ids, 6, '2025-07-09'),
		episodeStep('u3: конец временного трудоустройства', {
			operation: 'complete',
			candidateId: ids.users.u3.candidateId,
			service: 4,
			date: '2025-07-14',
			outcome: 'Освоил работу на складе',
			functions: 'Сортировка, упаковка, комплектация',
			acquiredSkills: 'Работа по инструкции, соблюдение смены',
			recommendations: 'Сопровождаемое трудоустройство на склад',
			outsideOrganisations: 'Письменных рекомендаций не выдавалось',
			nextService: 6,
		}),
	]);
	addPoll('2025-08-15');
	addPhase('20 августа — 1 сентября 2025: продление адаптации, повторное обращение', (ids) => {
		const { u1, u2 } = ids.users;
		return [
			episodeStep(STEP.adaptationChange, {
				operation: 'adaptationChange',
				candidateId: u1.candidateId,
				date: DATES.adaptationChange,
				adaptationMonths: 9,
				userConsent: true,
				employerConsent: true,
			}),
			episodeStep(STEP.reentry, {
				operation: 'reentry',
				candidateId: u2.candidateId,
				date: DATES.reentry,
				requestedService: 6,
				description: 'Хочет снова работать',
			}),
			{
				name: STEP.repeatedInterview,
				type: 'lifecycleReferral',
				parameters: {},
				input: {
					'Ключ кандидата': u2.candidateId,
					'Дата собеседования': DATES.reentry,
					Рекрутер: 'Рекрутер Тестовый',
					'Подходит на вакансию из банка': 'Нет',
					'Заинтересован(а) в вакансии': 'Да',
					'Способности и склонности неясны': 'Нет',
					'Нужна поддержка в поиске работы': 'Да',
					'Отказывается от других услуг': 'Нет',
					'Сценарий (решение рекрутера)': SCENARIO_FROM_ANSWERS,
				},
			},
		];
	});
	addPoll('2025-10-09');
	addPhase('10 октября 2025: оценка через 6 месяцев', (ids) => [
		evaluationStep('u1: оценка работодателя через 6 месяцев', 'employer', 6, {
			'Ключ кандидата': ids.users.u1.candidateId,
			'Ключ контрольной точки': `${requireEpisode(ids, 'u1s6')}:s6:employer-evaluation:6m`,
			'Дата оценки': '2025-10-10',
			'Отзыв работодателя': 'Справляется самостоятельно',
			...levels('employer', [4, 4, 4, 3, 4, 4, 4]),
		}),
	]);
	// From the end of support on, the exit workflow checks the base too: it records the exit when it is due.
	addPoll(DATES.supportEnd, true);
	addPhase('9 января 2026: итоговая встреча', (ids) => [
		episodeStep('u1: итоговая встреча', {
			operation: 'complete',
			candidateId: ids.users.u1.candidateId,
			service: 6,
			date: DATES.supportEnd,
			outcome: 'Адаптация завершена: работает самостоятельно',
		}),
	]);
	addPoll('2026-07-03', true);
	addPhase('3 июля 2026: наблюдение после сопровождения', (ids) => [
		contact('u1: полгода без сопровождения', ids.users.u1.candidateId, requireEpisode(ids, 'u1s6'), SERVICE_6, '2026-07-03', 'Работает на прежнем месте'),
	]);
	addPoll(DATES.exit, true);
	addPoll('2026-07-20', true);
	return stages;
}

// ---------------------------------------------------------------------------------------------------
// Expected reminders
// ---------------------------------------------------------------------------------------------------

export type ReminderState = 'Наступила' | 'Просрочена' | 'Эскалация';

/**
 * A reminder the walk expects: the checkpoint by episode and key suffix, and its state. A suffix
 * `site:…` stands for `s4:site:<id of the «Выход на стороннюю площадку» event>:…`.
 */
export type ExpectedReminder = [EpisodeKey, string, ReminderState];

const DUE = 'Наступила' as const;

/**
 * The reminders each check must claim, by the schedules of services 3, 4 and 6. Service 6 has feedback on
 * the first day, after the first week and after internal training, and employer evaluations at 1, 3 and 6
 * months. It ends with the closing meeting when adaptation ends, the follow-up in the week before the exit
 * and the exit check. Service 4 has fortnightly internal evaluations, skipped while the user is on the external
 * site, and a contact after each working day of the first week on the site: four from Monday 5 May 2025,
 * because Friday 9 May is a public holiday. Service 3 has the final assessment.
 *
 * The closing meeting of u1 is due on the day the extended adaptation ends (9 January 2026), not on the
 * day the original six months would have ended (9 October 2025). The exit check comes from the exit
 * workflow's trigger, the others from the reminder workflow's. The second check on 10 May claims nothing.
 */
export const EXPECTED_REMINDERS: ReadonlyArray<{ date: string; reminders: ExpectedReminder[] }> = [
	{
		date: '2025-04-09',
		reminders: [
			['u1s6', 's6:first-day', DUE],
			['u2s6', 's6:first-day', DUE],
			['u3s3', 's3:final', DUE],
		],
	},
	{
		date: '2025-04-16',
		reminders: [
			['u1s6', 's6:first-week', DUE],
			['u1s6', 's6:internal-training', DUE],
			['u2s6', 's6:first-week', DUE],
			['u2s6', 's6:internal-training', DUE],
		],
	},
	{ date: '2025-04-28', reminders: [['u3s4', 's4:internal-evaluation:1', DUE]] },
	{
		date: '2025-05-06',
		reminders: [
			['u3s4', 'site:day:1', DUE],
			['u3s4', 'site:day:2', DUE],
		],
	},
	{
		date: '2025-05-08',
		reminders: [
			['u3s4', 'site:day:3', DUE],
			['u3s4', 'site:day:4', DUE],
		],
	},
	{
		date: '2025-05-10',
		reminders: [
			['u1s6', 's6:employer-evaluation:1m', DUE],
			['u2s6', 's6:employer-evaluation:1m', DUE],
		],
	},
	{ date: '2025-05-10', reminders: [] },
	{ date: '2025-05-26', reminders: [['u3s4', 's4:internal-evaluation:3', DUE]] },
	{ date: '2025-06-09', reminders: [['u3s4', 's4:internal-evaluation:4', DUE]] },
	{
		date: '2025-06-23',
		reminders: [
			['u3s4', 's4:internal-evaluation:5', DUE],
			['u3s4', 's4:internal-evaluation:4', 'Эскалация'],
		],
	},
	{
		date: '2025-07-09',
		reminders: [
			['u1s6', 's6:employer-evaluation:3m', DUE],
			['u3s4', 's4:internal-evaluation:6', DUE],
		],
	},
	{ date: '2025-08-15', reminders: [] },
	{ date: '2025-10-09', reminders: [['u1s6', 's6:employer-evaluation:6m', DUE]] },
	{ date: DATES.supportEnd, reminders: [['u1s6', 's6:closing-meeting', DUE]] },
	{ date: '2026-07-03', reminders: [['u1s6', 's6:follow-up', DUE]] },
	{ date: DATES.exit, reminders: [['u1s6', 's6:exit', DUE]] },
	{ date: '2026-07-20', reminders: [] },
];
