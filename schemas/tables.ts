import { column, defineTable, type Table } from './columns';
import {
	CATEGORIES,
	CHANNELS,
	DIAGNOSIS_GROUPS,
	DISABILITY_GROUPS,
	EDUCATION_LEVELS,
	EPISODE_STATUSES,
	EVENT_TYPE_NAMES,
	INITIATORS,
	LIMITATION_DEGREES,
	ORGANISATION_ROLES,
	REQUEST_NEEDS,
	REQUEST_TYPES,
	ROUTE_STATES,
	SCENARIOS,
	SERVICE_NAMES,
	SOURCE_KINDS,
	SPECIALIST_ROLES,
	VACANCY_STATUSES,
	VACANCY_TYPES,
	VERDICTS,
	VOLUNTEER_DIRECTIONS,
	VOLUNTEER_TASK_STATUSES,
} from './options';

const personal = { privacy: 'personal' } as const;
const sensitive = { privacy: 'sensitive' } as const;

/** Minimum skills of the portrait that a vacancy may require, named exactly as the candidate columns are. */
export const VACANCY_SKILLS = [
	'Умение осваивать новую информацию и навыки',
	'Умение выстраивать коммуникации',
	'Умение перемещаться по городу',
	'Умение видеть причинно-следственные связи',
	'Умение следовать правилам и указаниям, соблюдать иерархию',
	'Представление о нормах поведения в обществе',
] as const;

/**
 * Levels of positions, lowest first. A mock-interview volunteer needs interview experience at a level not
 * lower than the level of the user's target position.
 */
export const POSITION_LEVELS = [
	'Начальная должность без опыта',
	'Специалист',
	'Старший специалист',
	'Руководитель подразделения',
	'Руководитель организации',
] as const;

/** Stages of a service episode: preparation and provision in supported employment, the sites of temporary employment. */
export const EPISODE_STAGES = ['Подготовка', 'Предоставление', 'Внутренняя площадка', 'Сторонняя площадка'] as const;

/** Reasons a user leaves a job in temporary or supported employment. */
export const DISMISSAL_REASONS = [
	'Три нарушения регламента',
	'По собственному желанию',
	'По инициативе работодателя',
	'Окончание срока трудового договора',
	'Иная причина',
] as const;

/** Parties that may refuse before the labour contract is signed in supported employment. */
export const REFUSAL_PARTIES = ['Консультант', 'Работодатель', 'Пользователь'] as const;

export const organisations = defineTable({
	key: 'organisations',
	label: 'Организации',
	idColumn: 'id',
	description: 'Провайдер технологии и партнерские организации, оказывающие услуги',
	columns: {
		id: column.id('Ключ'),
		name: column.text('Название', { required: true }),
		role: column.choice('Роль', ORGANISATION_ROLES),
		services: column.choices('Оказываемые услуги', SERVICE_NAMES),
		timeZone: column.text('Часовой пояс', { hint: 'Например, Europe/Moscow' }),
		contact: column.text('Контакт'),
		email: column.email('Электронная почта'),
		comment: column.longText('Комментарий'),
	},
});

export const specialists = defineTable({
	key: 'specialists',
	label: 'Специалисты',
	idColumn: 'id',
	description: 'Сотрудники провайдера и партнеров: рекрутеры, тьюторы, консультанты',
	columns: {
		id: column.id('Ключ'),
		name: column.text('ФИО', { required: true, ...personal }),
		role: column.choice('Роль', SPECIALIST_ROLES),
		organisation: column.link('Организация', 'organisations'),
		email: column.email('Электронная почта', personal),
		phone: column.phone('Телефон', personal),
		active: column.boolean('Работает'),
	},
	indexes: [['email']],
});

export const sources = defineTable({
	key: 'sources',
	label: 'Источники',
	idColumn: 'id',
	description: 'Организации, из которых приходят выпускники',
	columns: {
		id: column.id('Ключ'),
		name: column.text('Название', { required: true }),
		kind: column.choice('Тип источника', SOURCE_KINDS),
		city: column.text('Город'),
		contact: column.text('Контакты организации'),
		comment: column.longText('Комментарий'),
	},
	indexes: [['name']],
});

export const sourceContacts = defineTable({
	key: 'sourceContacts',
	label: 'Контакты источников (КИ)',
	idColumn: 'id',
	description: 'Люди из окружения выпускника, которые выявляют запрос и передают контакты рекрутера',
	columns: {
		id: column.id('Ключ'),
		name: column.text('ФИО', { required: true, ...personal }),
		source: column.link('Источник', 'sources'),
		position: column.text('Должность или роль'),
		phone: column.phone('Телефон', personal),
		email: column.email('Электронная почта', personal),
		subscribed: column.boolean('Получает рассылку вакансий'),
		comment: column.longText('Комментарий'),
		feedbackSubscribed: column.boolean('Получает обратную связь о своих пользователях', {
			hint: 'КИ получает сводку об услугах и этапе маршрута пользователей, которых он направил, без данных о здоровье',
		}),
	},
	indexes: [['name'], ['source']],
});

export const employers = defineTable({
	key: 'employers',
	label: 'Работодатели',
	idColumn: 'id',
	description: 'Работодатели, их условия и закрепленный консультант',
	columns: {
		id: column.id('Ключ'),
		name: column.text('Название', { required: true }),
		inn: column.text('ИНН организации'),
		ogrn: column.text('ОГРН'),
		region: column.text('Регион'),
		consultant: column.link('Закрепленный консультант', 'specialists'),
		managementAcceptsRules: column.boolean('Руководство принимает правила'),
		staffReadyToLearn: column.boolean('Коллектив готов обучаться'),
		corporateVolunteering: column.boolean('Корпоративное волонтерство'),
		contact: column.text('Контактное лицо', personal),
		phone: column.text('Телефон', personal),
		email: column.email('Электронная почта', personal),
		comment: column.longText('Комментарий'),
		contactIntervalDays: column.integer('Связываться не реже, дней', {
			hint: 'Как часто поддерживать связь, даже когда вакансий нет. Пусто — 90 дней',
		}),
	},
	indexes: [['inn'], ['name']],
});

export const mentors = defineTable({
	key: 'mentors',
	label: 'Наставники',
	idColumn: 'id',
	description: 'Сотрудники работодателя, которые добровольно сопровождают пользователя на рабочем месте',
	columns: {
		id: column.id('Ключ'),
		name: column.text('ФИО', { required: true, ...personal }),
		employer: column.link('Работодатель', 'employers'),
		position: column.text('Должность'),
		phone: column.phone('Телефон', personal),
		email: column.email('Электронная почта', personal),
		active: column.boolean('Готов(а) сопровождать пользователей'),
	},
	indexes: [['employer']],
});

export const vacancies = defineTable({
	key: 'vacancies',
	label: 'Вакансии',
	idColumn: 'id',
	description: 'Банк вакансий: открытые, с выделенными функциями, площадки временного трудоустройства',
	columns: {
		id: column.id('Ключ'),
		title: column.text('Должность', { required: true }),
		type: column.choice('Тип вакансии', VACANCY_TYPES),
		status: column.choice('Статус вакансии', VACANCY_STATUSES),
		employer: column.link('Работодатель', 'employers'),
		supported: column.boolean('С сопровождаемым трудоустройством'),
		quota: column.boolean('Квотируемое рабочее место'),
		suitableFor: column.longText('Подходит при нарушениях'),
		region: column.text('Регион'),
		address: column.text('Адрес'),
		salaryMin: column.integer('Зарплата от, руб.'),
		salaryMax: column.integer('Зарплата до, руб.'),
		schedule: column.text('График'),
		employment: column.text('Занятость'),
		education: column.text('Требования к образованию'),
		experienceYears: column.integer('Требуемый опыт, лет'),
		duties: column.longText('Обязанности'),
		requirements: column.longText('Требования'),
		externalId: column.text('Внешний идентификатор', { hint: 'Идентификатор на портале «Работа России» или hh.ru' }),
		externalUrl: column.text('Ссылка на источник вакансии'),
		publishedAt: column.date('Дата публикации'),
		city: column.text('Город'),
		urgent: column.boolean('Срочная вакансия'),
		requiredSkills: column.choices('Необходимые навыки', VACANCY_SKILLS),
		suitableCategories: column.choices('Подходит для категорий', CATEGORIES, { extensible: true }),
		minAge: column.integer('Минимальный возраст, лет'),
		mentor: column.link('Наставник', 'mentors'),
		comment: column.longText('Комментарий'),
	},
	indexes: [['externalId'], ['status']],
});

export const candidates = defineTable({
	key: 'candidates',
	label: 'Кандидаты',
	idColumn: 'id',
	description: 'Профиль выпускника и пользователя: анкета, портрет, документы, источник и КИ, согласие',
	columns: {
		id: column.id('Ключ'),
		lastName: column.text('Фамилия', { required: true, ...personal }),
		firstName: column.text('Имя', { required: true, ...personal }),
		middleName: column.text('Отчество', personal),
		birthDate: column.date('Дата рождения', { required: true, ...personal }),
		phone: column.phone('Телефон', personal),
		email: column.email('Электронная почта', personal),
		city: column.text('Город'),

		category: column.choice('Категория', CATEGORIES, { extensible: true }),
		pniLeaver: column.boolean('Выпускник ПНИ'),
		education: column.choice('Образование', EDUCATION_LEVELS),
		disabilityGroup: column.choice('Группа инвалидности', DISABILITY_GROUPS, sensitive),
		workCapacityLimitation: column.choice('Степень ограничения способности к трудовой деятельности', LIMITATION_DEGREES, sensitive),
		behaviourControlLimitation: column.choice('Степень ограничения способности контролировать свое поведение (ИПРА)', LIMITATION_DEGREES, sensitive),
		healthLimitations: column.boolean('Ограниченные возможности здоровья', sensitive),
		diagnosisGroups: column.choices('Группы диагнозов', DIAGNOSIS_GROUPS, sensitive),
		longestJobMonths: column.integer('Самый долгий стаж на одном месте по трудовому договору, мес.'),
		acquiredDisabilityWorkedBefore: column.boolean('Работал(а) до получения инвалидности'),
		workedAtSpecialisedEnterprise: column.boolean('Работал(а) на специализированном предприятии'),
		legalCapacity: column.boolean('Дееспособность'),
		chemicalDependency: column.boolean('Химическая зависимость', sensitive),
		geographicAccess: column.boolean('Физический доступ к специалисту'),
		activePosition: column.boolean('Субъектная позиция'),
		requestType: column.choice('Запрос', REQUEST_TYPES),
		requestNeeds: column.choices('Потребности, которые может обеспечить работа', REQUEST_NEEDS),
		skillLearning: column.boolean('Умение осваивать новую информацию и навыки'),
		skillCommunication: column.boolean('Умение выстраивать коммуникации'),
		skillMobility: column.boolean('Умение перемещаться по городу'),
		skillCauseEffect: column.boolean('Умение видеть причинно-следственные связи'),
		skillRules: column.boolean('Умение следовать правилам и указаниям, соблюдать иерархию'),
		skillSocialNorms: column.boolean('Представление о нормах поведения в обществе'),
		economicParticipationIdea: column.boolean('Представление об экономическом участии'),
		financialDecisions: column.boolean('Принимает финансовые решения хотя бы иногда'),

		hasPassport: column.boolean('Паспорт или заменяющий документ'),
		hasWorkRecordBook: column.boolean('Трудовая книжка'),
		hasIpra: column.boolean('ИПРА'),
		hasEducationDocument: column.boolean('Документ об образовании'),
		hasInn: column.boolean('ИНН'),

		source: column.link('Источник', 'sources'),
		sourceContact: column.link('КИ', 'sourceContacts'),
		sourceName: column.text('Источник (как указан в анкете)'),
		sourceContactName: column.text('КИ (как указан в анкете)', personal),
		organisation: column.link('Организация', 'organisations'),

		consent: column.boolean('Согласие на обработку персональных данных', { required: true }),
		consentDate: column.date('Дата согласия'),

		routeState: column.choice('Статус маршрута', ROUTE_STATES, { required: true }),
		entryDate: column.date('Дата входа (первое собеседование)'),
		exitDate: column.date('Дата выхода'),
		portraitVerdict: column.choice('Соответствие портрету', VERDICTS),
		portraitReasons: column.longText('Причины (портрет)'),
		portraitCheckedAt: column.date('Дата проверки портрета'),
		currentService: column.choice('Текущая услуга', SERVICE_NAMES),
		recruiter: column.link('Рекрутер', 'specialists'),
		comment: column.longText('Комментарий', personal),
		dedupKey: column.text('Ключ поиска дублей', { hint: 'Хэш фамилии, имени, отчества и даты рождения' }),
	},
	indexes: [['dedupKey'], ['routeState'], ['portraitVerdict'], ['sourceContact']],
});

export const portraitChecks = defineTable({
	key: 'portraitChecks',
	label: 'Проверки портрета',
	idColumn: 'id',
	description: 'История проверок на соответствие портрету пользователя с причинами',
	columns: {
		id: column.id('Ключ'),
		candidate: column.link('Кандидат', 'candidates', { required: true }),
		checkedAt: column.date('Дата проверки', { required: true }),
		verdict: column.choice('Вердикт', VERDICTS, { required: true }),
		failed: column.longText('Не выполнено'),
		unknown: column.longText('Не хватает данных'),
		rulesVersion: column.text('Версия правил портрета'),
		age: column.integer('Возраст на дату проверки'),
		followUps: column.longText('Рекомендации по итогам проверки'),
		snapshot: column.json('Ответы анкеты на дату проверки', { privacy: 'sensitive' }),
	},
	indexes: [['candidate']],
});

export const episodes = defineTable({
	key: 'episodes',
	label: 'Эпизоды услуг',
	idColumn: 'id',
	description: 'Каждое направление пользователя на услугу: сроки, ответственный, план и результат',
	columns: {
		id: column.id('Ключ'),
		candidate: column.link('Кандидат', 'candidates', { required: true }),
		service: column.choice('Услуга', SERVICE_NAMES, { required: true }),
		status: column.choice('Статус', EPISODE_STATUSES, { required: true }),
		startDate: column.date('Дата начала'),
		plannedEndDate: column.date('Плановая дата окончания'),
		actualEndDate: column.date('Фактическая дата окончания'),
		specialist: column.link('Ответственный специалист', 'specialists'),
		organisation: column.link('Организация', 'organisations'),
		plan: column.longText('План'),
		outcome: column.longText('Результат'),
		nextService: column.choice('Следующая рекомендованная услуга', SERVICE_NAMES),
		scenario: column.choice('Сценарий собеседования', SCENARIOS),
		vacancy: column.link('Вакансия', 'vacancies'),
		reentry: column.boolean('Повторное обращение'),
		referredBy: column.link('Направивший эпизод', 'episodes'),
		stage: column.choice('Этап услуги', EPISODE_STAGES),
		overrideReason: column.longText('Причина исключения из правила', { hint: 'Почему услуга оказана несмотря на ограничение методики; дата и причина каждого исключения' }),
		employer: column.link('Работодатель', 'employers'),
		employmentStart: column.date('Дата трудового договора'),
		agreedStartDate: column.date('Согласованная дата выхода', {
			hint: 'Услуга 6: первый рабочий день, согласованный с работодателем; от него считаются контрольные точки и срок адаптации',
		}),
		internalTrainingEnd: column.date('Дата окончания внутреннего обучения', { hint: 'Услуга 6: последний день внутреннего обучения у работодателя, по его сообщению' }),
		adaptationMonths: column.integer('Срок адаптации, мес.'),
		userConsent: column.boolean('Согласие пользователя на срок адаптации'),
		employerConsent: column.boolean('Согласие работодателя на срок адаптации'),
		externalSite: column.link('Сторонняя площадка', 'vacancies'),
		violations: column.integer('Нарушений регламента'),
		dismissalDate: column.date('Дата увольнения'),
		dismissalReason: column.choice('Причина увольнения', DISMISSAL_REASONS),
		refusedBy: column.choice('Кто отказал', REFUSAL_PARTIES),
	},
	indexes: [['candidate'], ['service', 'status']],
});

export const events = defineTable({
	key: 'events',
	label: 'События',
	idColumn: 'id',
	description: 'Каждое обращение пользователя и каждый контакт специалиста как событие с типом',
	columns: {
		id: column.id('Ключ'),
		type: column.choice('Тип события', EVENT_TYPE_NAMES, { required: true }),
		date: column.date('Дата', { required: true }),
		service: column.choice('Услуга', SERVICE_NAMES),
		candidate: column.link('Кандидат', 'candidates'),
		episode: column.link('Эпизод услуги', 'episodes'),
		vacancy: column.link('Вакансия', 'vacancies'),
		employer: column.link('Работодатель', 'employers'),
		mentor: column.link('Наставник', 'mentors'),
		sourceContact: column.link('КИ', 'sourceContacts'),
		volunteer: column.link('Волонтер', 'volunteers'),
		specialist: column.link('Специалист', 'specialists'),
		specialistName: column.text('Специалист (имя)', personal),
		initiator: column.choice('Инициатор', INITIATORS),
		channel: column.choice('Способ связи', CHANNELS),
		title: column.text('Название'),
		description: column.longText('Описание', { privacy: 'confidential' }),
		resultForCandidate: column.longText('Результат для кандидата', { privacy: 'confidential' }),
		specialistComment: column.longText('Комментарий специалиста', { privacy: 'confidential' }),
		recommendations: column.longText('Рекомендации кандидату'),
		recommendedService: column.choice('Рекомендованная услуга', SERVICE_NAMES),
		feedback: column.longText('Обратная связь волонтера или работодателя'),
		outsideOrganisations: column.longText('Рекомендованные сторонние организации'),
		confidential: column.boolean('Конфиденциально', { hint: 'Для психологических проблем записываются только факт обращения, потребность в поддержке и общие рекомендации' }),
		details: column.json('Данные события'),
	},
	indexes: [['candidate'], ['type'], ['date'], ['employer'], ['sourceContact'], ['vacancy']],
});

export const skillLevels = defineTable({
	key: 'skillLevels',
	label: 'Оценки навыков',
	idColumn: 'id',
	description: 'Уровень каждого навыка в каждой оценке рядом с предыдущим, чтобы сравнивать текущие и прошлые уровни',
	columns: {
		id: column.id('Ключ'),
		candidate: column.link('Кандидат', 'candidates', { required: true }),
		episode: column.link('Эпизод услуги', 'episodes'),
		event: column.link('Событие оценки', 'events'),
		evaluationKey: column.text('Ключ оценки', { required: true, hint: 'Контрольная точка и форма: одна оценка на точку' }),
		checkpointKey: column.text('Контрольная точка'),
		service: column.choice('Услуга', SERVICE_NAMES, { required: true }),
		form: column.text('Форма оценки', { required: true }),
		date: column.date('Дата оценки', { required: true }),
		skillKey: column.text('Код навыка', { required: true }),
		skill: column.text('Навык', { required: true }),
		level: column.integer('Уровень', { required: true, hint: 'От 1 (не проявляется) до 5 (самостоятельно и устойчиво)' }),
		levelLabel: column.text('Уровень словами'),
		previousLevel: column.integer('Предыдущий уровень'),
		previousDate: column.date('Дата предыдущей оценки'),
		change: column.integer('Изменение к предыдущей оценке'),
		firstLevel: column.integer('Первый уровень'),
		employer: column.link('Работодатель', 'employers'),
		vacancy: column.link('Площадка или вакансия', 'vacancies'),
	},
	indexes: [['candidate'], ['candidate', 'skillKey'], ['evaluationKey']],
});

export const volunteers = defineTable({
	key: 'volunteers',
	label: 'Волонтеры',
	idColumn: 'id',
	description: 'Волонтеры, обычно корпоративные, и их направления',
	columns: {
		id: column.id('Ключ'),
		name: column.text('ФИО', { required: true, ...personal }),
		employer: column.link('Компания', 'employers'),
		direction: column.choices('Направления', VOLUNTEER_DIRECTIONS),
		interviewExperience: column.text('Опыт проведения собеседований (должность)'),
		phone: column.phone('Телефон', personal),
		email: column.email('Электронная почта', personal),
		consent: column.boolean('Согласие на обработку персональных данных'),
		interviewLevel: column.choice('Уровень должностей, на которые проводил(а) собеседования', POSITION_LEVELS),
		active: column.boolean('Готов(а) брать задачи'),
	},
});

export const volunteerTasks = defineTable({
	key: 'volunteerTasks',
	label: 'Задачи волонтеров',
	idColumn: 'id',
	description: 'Банк задач: запрос пользователя, сформулированный как задача на одну встречу',
	columns: {
		id: column.id('Ключ'),
		title: column.text('Задача', { required: true }),
		candidate: column.link('Кандидат', 'candidates'),
		tutor: column.link('Тьютор', 'specialists'),
		direction: column.choice('Направление', VOLUNTEER_DIRECTIONS),
		criteria: column.longText('Критерии выполнения'),
		candidateConsent: column.boolean('Согласие пользователя'),
		status: column.choice('Статус задачи', VOLUNTEER_TASK_STATUSES),
		volunteer: column.link('Волонтер', 'volunteers'),
		meetingDate: column.date('Дата встречи'),
		candidateFeedback: column.longText('Обратная связь пользователя'),
		request: column.longText('Запрос пользователя (исходная формулировка)', { privacy: 'confidential' }),
		oneMeeting: column.boolean('Решается за одну встречу'),
		noSpecialKnowledge: column.boolean('Не требует специальных психологических и социальных знаний'),
		mockInterview: column.boolean('Тренировочное собеседование'),
		targetPosition: column.text('Целевая должность пользователя'),
		targetLevel: column.choice('Уровень целевой должности', POSITION_LEVELS),
		createdDate: column.date('Дата постановки задачи'),
		respondedDate: column.date('Дата отклика волонтера'),
		completedDate: column.date('Дата завершения'),
		volunteerFeedback: column.longText('Обратная связь волонтера'),
		cancelReason: column.longText('Причина отмены'),
	},
	indexes: [['status'], ['candidate'], ['volunteer']],
});

export const rejectedSubmissions = defineTable({
	key: 'rejectedSubmissions',
	label: 'Отклоненные анкеты',
	idColumn: 'id',
	description: 'Анкеты, которые не удалось принять: исходный текст сохраняется, чтобы ничего не потерять',
	columns: {
		id: column.id('Ключ'),
		receivedAt: column.dateTime('Получена', { required: true }),
		form: column.text('Форма или узел'),
		problems: column.longText('Что исправить', { required: true }),
		raw: column.json('Исходные данные', personal),
		resolved: column.boolean('Исправлена'),
	},
});

/** Lifecycle of a follow-up checkpoint in the base; a moved checkpoint keeps its key and row. */
export const CHECKPOINT_STATUSES = ['Запланирована', 'Наступила', 'Просрочена', 'Выполнена', 'Отменена'] as const;
export type CheckpointStatus = (typeof CHECKPOINT_STATUSES)[number];

/** Kinds of follow-up checkpoints as specialists see them. */
export const CHECKPOINT_KIND_LABELS = [
	'Обратная связь от пользователя',
	'Связь с пользователем',
	'Оценка на внутренней площадке',
	'Оценка работодателя',
	'Итоговая оценка',
	'Итоговая встреча',
	'Наблюдение после сопровождения',
	'Проверка точки выхода',
] as const;

/** Milestones a checkpoint's window is counted from. */
export const CHECKPOINT_MILESTONE_LABELS = [
	'Начало услуги',
	'Окончание услуги',
	'Выход на работу',
	'Окончание внутреннего обучения',
	'Окончание сопровождения',
	'Выход на стороннюю площадку',
] as const;

export const checkpoints = defineTable({
	key: 'checkpoints',
	label: 'Контрольные точки',
	idColumn: 'id',
	description: 'Обратная связь, контакты и оценки по графику сопровождения: сроки, ответственный, напоминания и выполнение',
	columns: {
		id: column.id('Ключ'),
		candidate: column.link('Кандидат', 'candidates', { required: true }),
		episode: column.link('Эпизод услуги', 'episodes', { required: true }),
		kind: column.choice('Вид', CHECKPOINT_KIND_LABELS, { required: true }),
		label: column.text('Контрольная точка', { required: true }),
		service: column.choice('Услуга', SERVICE_NAMES, { required: true }),
		earliest: column.date('Срок с', { required: true }),
		latest: column.date('Срок по', { required: true }),
		anchorMilestone: column.choice('Отсчет от', CHECKPOINT_MILESTONE_LABELS),
		anchorDate: column.date('Дата отсчета'),
		eventType: column.choice('Ожидаемое событие', EVENT_TYPE_NAMES),
		status: column.choice('Статус', CHECKPOINT_STATUSES, { required: true }),
		specialist: column.link('Ответственный специалист', 'specialists'),
		rescheduledAt: column.dateTime('Срок перенесен', { hint: 'Когда сроки изменились после изменения маршрута; напоминание отправляется заново' }),
		firedDueAt: column.dateTime('Напоминание отправлено', { hint: 'Очистите, чтобы отправить напоминание еще раз' }),
		firedOverdueAt: column.dateTime('Уведомление о просрочке отправлено'),
		escalatedAt: column.dateTime('Эскалация руководителю отправлена'),
		completedAt: column.date('Дата выполнения'),
		completedBy: column.link('Выполнена событием', 'events'),
	},
	indexes: [['candidate'], ['status']],
});

export const candidatePool = defineTable({
	key: 'candidatePool',
	label: 'Пул кандидатов',
	idColumn: 'id',
	description: 'Пользователи, которых рекрутер включил в пул кандидатов для будущих вакансий',
	columns: {
		id: column.id('Ключ'),
		candidate: column.link('Кандидат', 'candidates', { required: true }),
		active: column.boolean('В пуле', { required: true }),
		addedDate: column.date('Дата включения'),
		removedDate: column.date('Дата исключения'),
		specialist: column.link('Специалист', 'specialists'),
		comment: column.longText('Комментарий'),
	},
	indexes: [['candidate'], ['active']],
});

/** Every table of the base, in the order base setup creates them (linked tables first). */
export const TABLES = [
	organisations,
	specialists,
	sources,
	sourceContacts,
	employers,
	mentors,
	vacancies,
	candidates,
	portraitChecks,
	episodes,
	events,
	skillLevels,
	volunteers,
	volunteerTasks,
	rejectedSubmissions,
	checkpoints,
	candidatePool,
] as const;



/** The same tables seen through the column-agnostic `Table` type, for code that walks every table. */
export const ALL_TABLES = TABLES as unknown as readonly Table[];

const TABLES_BY_KEY = new Map<string, Table>(ALL_TABLES.map((table) => [table.key, table]));

export function tableByKey(key: string): Table | undefined {
	return TABLES_BY_KEY.get(key);
}
