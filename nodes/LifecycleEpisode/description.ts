import type { INodeProperties } from 'n8n-workflow';

import { EPISODE_OPERATION_LABELS, type EpisodeOperation } from '../../core/operations/episodeRequest';
import { DISMISSAL_REASONS, REFUSAL_PARTIES, SERVICES } from '../../schemas';
import { baseProperties } from '../shared/base';

type Show = EpisodeOperation[];

function forOperations(operations: Show): INodeProperties['displayOptions'] {
	return { show: { operation: operations } };
}

const OPERATION_DESCRIPTIONS: Record<EpisodeOperation, string> = {
	start: 'Эпизод со статусом «Направлен» начинает оказываться: услуга 3 — первичное собеседование (не чаще раза в год), 4 — начало работы на внутренней площадке, 6 — подготовительный этап',
	complete: 'Услуга завершена: результат и следующая рекомендованная услуга; проверяются сроки (услуга 3 — от двух недель до месяца, 4 — от 1 до 9 месяцев)',
	interrupt: 'Услуга прекращена до завершения (услуги 1, 2, 3, 5)',
	refuse: 'Пользователь отказался от услуги',
	violation: 'Нарушение внутреннего регламента: в услуге 4 третье нарушение ведет к увольнению',
	externalSiteStart: 'Услуга 4: выход на стороннюю площадку работодателя',
	externalSiteReturn: 'Услуга 4: возвращение на внутреннюю площадку, когда сложности не удалось решить',
	dismissal: 'Услуга 4 или 6: увольнение; пользователю предлагаются услуги 5, 2 или 1',
	contractSigned: 'Услуга 6: подписан трудовой договор, начинается адаптация (6 месяцев; 3–9 с согласия пользователя и работодателя)',
	adaptationChange: 'Услуга 6: сократить или продлить адаптацию с согласия пользователя и работодателя',
	agreedStartChange: 'Услуга 6: перенести первый рабочий день после договора; срок адаптации, контрольные точки и точка выхода считаются от новой даты',
	refusalBeforeContract: 'Услуга 6: отказ консультанта, работодателя или пользователя до подписания трудового договора',
	internalTrainingEnd: 'Услуга 6: работодатель сообщил последний день внутреннего обучения; обратная связь от пользователя после обучения переносится на эту дату',
	reentry: 'Повторное обращение: новый эпизод услуги 2 с историей пользователя; после точки выхода услуга 5 открывается сразу',
	refer: 'Новый эпизод со статусом «Направлен», например услуга 4 после 3 или 5, 2, 1 после отказа и увольнения; проверяются условия услуги',
};

const OPERATIONS = Object.keys(EPISODE_OPERATION_LABELS) as EpisodeOperation[];

const serviceChoice = SERVICES.map((service) => ({ name: `${service.number}. ${service.name}`, value: service.number }));
const noService = { name: 'Не выбрана', value: 0 };
const offeredServices = [5, 2, 1].map((number) => serviceChoice[number - 1]);

const ON_EPISODE: Show = OPERATIONS.filter((operation) => operation !== 'reentry' && operation !== 'refer');
const WITH_OVERRIDE: Show = ['start', 'complete', 'externalSiteStart', 'dismissal', 'contractSigned', 'adaptationChange', 'agreedStartChange', 'internalTrainingEnd', 'refer'];
const SERVICE_4_END: Show = ['complete', 'dismissal'];

export const episodeProperties: INodeProperties[] = [
	...baseProperties,
	{
		displayName: 'Операция',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: OPERATIONS.map((operation) => ({ name: EPISODE_OPERATION_LABELS[operation], value: operation, description: OPERATION_DESCRIPTIONS[operation], action: EPISODE_OPERATION_LABELS[operation] })).sort(
			(left, right) => left.name.localeCompare(right.name, 'ru'),
		),
		default: 'start',
	},
	{
		displayName: 'Ключ эпизода',
		name: 'episodeId',
		type: 'string',
		default: '={{ $json["Ключ эпизода"] ?? "" }}',
		description: 'Ключ записи в таблице «Эпизоды услуг». Пусто — открытый эпизод выбранной услуги кандидата.',
		displayOptions: forOperations(ON_EPISODE),
	},
	{
		displayName: 'Ключ кандидата',
		name: 'candidateId',
		type: 'string',
		default: '={{ $json["Ключ кандидата"] ?? "" }}',
		description: 'Ключ записи в таблице «Кандидаты»; нужен, когда ключ эпизода не указан',
	},
	{
		displayName: 'Услуга',
		name: 'service',
		type: 'options',
		options: [{ name: 'По ключу эпизода', value: 0 }, ...serviceChoice],
		default: 0,
		description: 'Услуга, открытый эпизод которой ищется у кандидата, когда ключ эпизода не указан',
		displayOptions: forOperations(['start', 'complete', 'interrupt', 'refuse', 'violation', 'dismissal']),
	},
	{
		displayName: 'Услуга',
		name: 'service',
		type: 'options',
		options: [noService, ...serviceChoice],
		default: 0,
		description: 'Услуга, на которую направляется пользователь',
		displayOptions: forOperations(['refer']),
	},
	{
		displayName: 'Дата',
		name: 'date',
		type: 'string',
		default: '',
		placeholder: '2026-12-04',
		description: 'Дата события в формате ГГГГ-ММ-ДД: начало, окончание, нарушение, договор, направление. Не позже сегодняшней; пусто — сегодня по часовому поясу процесса.',
	},

	// Start
	{
		displayName: 'План',
		name: 'plan',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Согласованный план: мероприятия профориентации или план услуги «Социальная адаптация на рынке труда» перед трудоустройством',
		displayOptions: forOperations(['start']),
	},
	{
		displayName: 'Вакансия (ключ)',
		name: 'vacancyId',
		type: 'string',
		default: '={{ $json["Ключ вакансии"] ?? "" }}',
		description: 'Услуга 6: вакансия собеседования и договора. Пусто — вакансия из направления.',
		displayOptions: forOperations(['start', 'contractSigned', 'refusalBeforeContract']),
	},
	{
		displayName: 'Высокая мотивация к трудовой деятельности',
		name: 'highMotivation',
		type: 'boolean',
		default: false,
		description: 'У пользователя высокая мотивация к работе: только тогда предлагается временное трудоустройство (услуга 4)',
		displayOptions: forOperations(['start', 'refer']),
	},
	{
		displayName: 'Навыков недостаточно для имеющихся вакансий',
		name: 'skillsInsufficient',
		type: 'boolean',
		default: false,
		description: 'После профориентации навыков пользователя недостаточно для имеющихся вакансий (условие услуги 4)',
		displayOptions: forOperations(['start', 'refer']),
	},
	{
		displayName: 'Срок временного трудоустройства, мес.',
		name: 'plannedMonths',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 9,
		description: 'Услуга 4: плановый срок от 1 до 9 месяцев',
		displayOptions: forOperations(['start']),
	},

	// Closing
	{
		displayName: 'Результат',
		name: 'outcome',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Результат услуги для пользователя',
		displayOptions: forOperations(['start', 'complete', 'interrupt', 'refuse']),
	},
	{
		displayName: 'Следующая рекомендованная услуга',
		name: 'nextService',
		type: 'options',
		options: [noService, ...serviceChoice],
		default: 0,
		displayOptions: forOperations(['complete', 'interrupt', 'refuse']),
	},
	{
		displayName: 'Предложенная услуга',
		name: 'nextService',
		type: 'options',
		options: [{ name: 'Не выбрана — нужно решение', value: 0 }, ...offeredServices],
		default: 0,
		description: 'Какую из услуг 5, 2 или 1 выбрал пользователь; пусто — элемент уходит на выход «Нужно решение»',
		displayOptions: forOperations(['dismissal', 'refusalBeforeContract', 'violation']),
	},
	{
		displayName: 'Рекомендации',
		name: 'recommendations',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Рекомендации пользователю; в услуге 6 при начале — рекомендации социально-психологических услуг',
		displayOptions: forOperations(['start', 'complete', 'dismissal']),
	},

	// Service 4
	{
		displayName: 'Функции',
		name: 'functions',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Услуга 4: выполняемые функции (при начале работы, выходе на площадку и в итоговом описании опыта)',
		displayOptions: forOperations(['start', 'externalSiteStart', ...SERVICE_4_END]),
	},
	{
		displayName: 'Полученные навыки',
		name: 'acquiredSkills',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Услуга 4: навыки для трудоустройства на открытом рынке труда',
		displayOptions: forOperations(SERVICE_4_END),
	},
	{
		displayName: 'Рекомендованные сторонние организации',
		name: 'outsideOrganisations',
		type: 'string',
		default: '',
		description: 'Услуга 4: например, защищенные мастерские; укажите, выданы ли письменные рекомендации',
		displayOptions: forOperations(SERVICE_4_END),
	},
	{
		displayName: 'Описание нарушения',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		displayOptions: forOperations(['violation']),
	},
	{
		displayName: 'Площадка (ключ вакансии)',
		name: 'vacancyId',
		type: 'string',
		default: '',
		required: true,
		description: 'Вакансия с типом «Внешняя площадка временного трудоустройства»',
		displayOptions: forOperations(['externalSiteStart']),
	},
	{
		displayName: 'Наставник (ключ)',
		name: 'mentorId',
		type: 'string',
		default: '',
		description: 'Сотрудник работодателя, который сопровождает пользователя на площадке',
		displayOptions: forOperations(['externalSiteStart']),
	},
	{
		displayName: 'Причина возвращения',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		description: 'Сложности на сторонней площадке, которые не удалось решить',
		displayOptions: forOperations(['externalSiteReturn']),
	},
	{
		displayName: 'Причина увольнения',
		name: 'dismissalReason',
		type: 'options',
		options: DISMISSAL_REASONS.map((reason) => ({ name: reason, value: reason })),
		default: 'По собственному желанию',
		description: 'Из временного трудоустройства увольняют после трех нарушений или по собственному желанию; иная причина — только с причиной исключения',
		displayOptions: forOperations(['dismissal']),
	},
	{
		displayName: 'Комментарий к увольнению',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: forOperations(['dismissal']),
	},

	// Service 6
	{
		displayName: 'Работодатель (ключ)',
		name: 'employerId',
		type: 'string',
		default: '',
		description: 'Пусто — работодатель вакансии',
		displayOptions: forOperations(['externalSiteStart', 'contractSigned', 'refusalBeforeContract']),
	},
	{
		displayName: 'Должность',
		name: 'position',
		type: 'string',
		default: '',
		description: 'Должность по трудовому договору. Пусто — должность из вакансии.',
		displayOptions: forOperations(['contractSigned']),
	},
	{
		displayName: 'Согласованная дата выхода',
		name: 'agreedStartDate',
		type: 'string',
		default: '',
		placeholder: '2026-12-04',
		description: 'Первый рабочий день, согласованный с работодателем (ГГГГ-ММ-ДД); в операции «Изменить дату выхода» — новый день, может быть в будущем',
		displayOptions: forOperations(['contractSigned', 'agreedStartChange']),
	},
	{
		displayName: 'Рекомендации по услуге 5',
		name: 'service5Recommendations',
		type: 'options',
		options: [
			{ name: 'Выполнены и подтверждены в базе', value: 'confirmed' },
			{ name: 'Выполнены, но не подтверждены', value: 'completedNotConfirmed' },
			{ name: 'Не выполнены', value: 'notCompleted' },
			{ name: 'Не давались', value: 'notGiven' },
			{ name: 'Не указано', value: '' },
		],
		default: '',
		description: 'Направление на услугу 6 и договор оформляются после выполнения и подтверждения рекомендаций услуги «Социальная адаптация на рынке труда»',
		displayOptions: forOperations(['contractSigned', 'refer']),
	},
	{
		displayName: 'Срок адаптации, мес.',
		name: 'adaptationMonths',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 6,
		description: 'Обычно 6 месяцев; от 3 до 9 — только с согласия пользователя и работодателя',
		displayOptions: forOperations(['contractSigned', 'adaptationChange']),
	},
	{
		displayName: 'Согласие пользователя на срок адаптации',
		name: 'userConsent',
		type: 'boolean',
		default: false,
		description: 'Пользователь согласен на срок адаптации, отличный от шести месяцев',
		displayOptions: forOperations(['contractSigned', 'adaptationChange']),
	},
	{
		displayName: 'Согласие работодателя на срок адаптации',
		name: 'employerConsent',
		type: 'boolean',
		default: false,
		description: 'Работодатель согласен на срок адаптации, отличный от шести месяцев',
		displayOptions: forOperations(['contractSigned', 'adaptationChange']),
	},
	{
		displayName: 'Кто отказал',
		name: 'refusedBy',
		type: 'options',
		options: REFUSAL_PARTIES.map((party) => ({ name: party, value: party })),
		default: 'Работодатель',
		displayOptions: forOperations(['refusalBeforeContract']),
	},
	{
		displayName: 'Причина отказа',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		displayOptions: forOperations(['refusalBeforeContract']),
	},
	{
		displayName: 'Причина переноса',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Почему первый рабочий день перенесен, например по просьбе работодателя',
		displayOptions: forOperations(['agreedStartChange']),
	},

	// Re-entry
	{
		displayName: 'Запрошенная услуга',
		name: 'requestedService',
		type: 'options',
		options: serviceChoice,
		default: 2,
		description: 'После точки выхода услуга 5 открывается сразу; любая другая и любое обращение после выбытия начинаются с услуги 2',
		displayOptions: forOperations(['reentry']),
	},
	{
		displayName: 'Комментарий к обращению',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: forOperations(['reentry']),
	},

	// Referral
	{
		displayName: 'Кем направлен (ключ эпизода)',
		name: 'referredBy',
		type: 'string',
		default: '={{ $json["Ключ эпизода"] ?? "" }}',
		description: 'Эпизод, из которого пользователь направлен, например завершенная профориентация. Пусто — открытый эпизод услуги 2.',
		displayOptions: forOperations(['refer']),
	},
	{
		displayName: 'Есть предложение работодателя',
		name: 'employerOffer',
		type: 'boolean',
		default: false,
		description: 'У пользователя есть предложение работодателя: только тогда предлагается сопровождаемое трудоустройство (услуга 6)',
		displayOptions: forOperations(['refer']),
	},
	{
		displayName: 'Вакансия (ключ)',
		name: 'vacancyId',
		type: 'string',
		default: '',
		description: 'Услуга 6: вакансия, на которую направлен пользователь',
		displayOptions: forOperations(['refer']),
	},
	{
		displayName: 'Комментарий к направлению',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: forOperations(['refer']),
	},

	// Exceptions and author
	{
		displayName: 'Причина исключения из правила',
		name: 'overrideReason',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description:
			'Почему ограничение методики не соблюдается (срок, «не чаще раза в год», условия услуги). Сохраняется в эпизоде и событии. Согласие пользователя и работодателя причиной не заменяется.',
		displayOptions: forOperations(WITH_OVERRIDE),
	},
	{
		displayName: 'Сохранять отклоненные записи',
		name: 'keepRejected',
		type: 'boolean',
		default: true,
		description:
			'Сохранять запрос, отклоненный правилом, в таблицу «Отклоненные анкеты» с полями входных данных и тем, что исправить. Конфиденциальные тексты (результат, описание, комментарий специалиста) не сохраняются.',
	},
	{
		displayName: 'Дополнительно',
		name: 'options',
		type: 'collection',
		placeholder: 'Добавить параметр',
		default: {},
		options: [
			{ displayName: 'Ключ специалиста', name: 'specialistId', type: 'string', default: '' },
			{ displayName: 'Комментарий специалиста', name: 'specialistComment', type: 'string', typeOptions: { rows: 2 }, default: '' },
			{ displayName: 'Кто записывает', name: 'actor', type: 'string', default: '', description: 'Имя специалиста для журнала изменений. Пусто — название процесса n8n.' },
			{ displayName: 'Специалист (имя)', name: 'specialistName', type: 'string', default: '' },
		],
	},
];

/** The node's subtitle: the Russian name of the chosen operation. */
export const EPISODE_SUBTITLE = `={{ ${JSON.stringify(EPISODE_OPERATION_LABELS)}[$parameter["operation"]] }}`;
