/**
 * Russian option values of the base, exactly as the methodology names them. Each list is declared once;
 * schemas, forms, node parameters and the domain core import it from here.
 */

/** The six services in the methodology's numbering. */
export const SERVICES = [
	{ number: 1, name: 'Социально-психологические услуги', specialist: 'Тьютор' },
	{ number: 2, name: 'Содействие в поиске подходящей работы', specialist: 'Рекрутер' },
	{ number: 3, name: 'Профессиональная ориентация', specialist: 'Консультант' },
	{ number: 4, name: 'Временное трудоустройство', specialist: 'Консультант' },
	{ number: 5, name: 'Социальная адаптация на рынке труда', specialist: 'Тренер' },
	{ number: 6, name: 'Сопровождаемое трудоустройство', specialist: 'Консультант по сопровождаемому трудоустройству' },
] as const;

export type ServiceNumber = (typeof SERVICES)[number]['number'];
export const SERVICE_NAMES = SERVICES.map((service) => service.name) as unknown as readonly [
	'Социально-психологические услуги',
	'Содействие в поиске подходящей работы',
	'Профессиональная ориентация',
	'Временное трудоустройство',
	'Социальная адаптация на рынке труда',
	'Сопровождаемое трудоустройство',
];
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function serviceName(number: ServiceNumber): ServiceName {
	return SERVICE_NAMES[number - 1];
}

export function serviceNumber(name: string): ServiceNumber | undefined {
	const index = (SERVICE_NAMES as readonly string[]).indexOf(name);
	return index === -1 ? undefined : ((index + 1) as ServiceNumber);
}

/** Social categories of the portrait; an organisation may add its own. */
export const CATEGORIES = [
	'Выпускник сиротского учреждения',
	'Выпускник коррекционной школы',
	'Молодой человек с инвалидностью',
] as const;

export const EDUCATION_LEVELS = [
	'Основное общее',
	'Среднее общее',
	'Среднее профессиональное',
	'Высшее',
	'Нет основного общего',
] as const;

export const DISABILITY_GROUPS = ['Нет', 'I группа', 'II группа', 'III группа'] as const;

/** Degrees of limitation used for work capacity and for control of one's behaviour (ИПРА). */
export const LIMITATION_DEGREES = ['Нет', 'I степень', 'II степень', 'III степень'] as const;

export const REQUEST_TYPES = ['Формализованный', 'Неформализованный', 'Нет запроса'] as const;

/** Needs behind a non-formalised request that work can meet. */
export const REQUEST_NEEDS = [
	'Финансовая самостоятельность',
	'Личная независимость',
	'Закрытие долгов',
	'Приобретение желаемых вещей',
	'Обеспечение иждивенцев в семье',
	'Справиться с форс-мажором',
	'Избегание конфликтов со значимым окружением',
	'Безопасность, стабильность',
	'Быть частью социума',
	'Стремление к развитию',
	'Самоопределение',
	'Реализация социальной роли',
] as const;

/** Diagnosis groups by ICD-10 chapter letter, kept only as a group (health data is sensitive). */
export const DIAGNOSIS_GROUPS = [
	'F — психические расстройства и расстройства поведения',
	'G — болезни нервной системы',
	'H — болезни глаза и уха',
	'M — болезни костно-мышечной системы',
	'Q — врожденные аномалии',
	'Другое',
] as const;

export const VERDICTS = ['Соответствует', 'Не соответствует', 'Недостаточно данных'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Route states: a graduate becomes a user at the first recruiter interview and leaves at the exit point. */
export const ROUTE_STATES = ['Выпускник', 'Пользователь', 'Точка выхода', 'Выбыл'] as const;
export type RouteState = (typeof ROUTE_STATES)[number];

export const EPISODE_STATUSES = ['Направлен', 'Оказывается', 'Завершена', 'Прервана', 'Отказ'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];

/** Recruiter interview outcomes that decide the referral. */
export const SCENARIOS = ['A', 'B', 'C', 'D'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_LABELS: Record<Scenario, string> = {
	A: 'A — подходит на вакансию и заинтересован',
	B: 'B — способности и склонности неясны',
	C: 'C — нужна поддержка в поиске работы',
	D: 'D — не соответствует портрету или отказался от других услуг',
};

export const INITIATORS = ['Специалист', 'Кандидат', 'Работодатель', 'Контакт источника', 'Волонтер', 'Третье лицо'] as const;
export const CHANNELS = ['Звонок', 'Электронное письмо', 'Встреча', 'Социальная сеть', 'Мессенджер', 'Семинар или супервизия'] as const;

export const VACANCY_TYPES = [
	'Открытая вакансия',
	'Вакансия с выделенными функциями',
	'Внутренняя площадка временного трудоустройства',
	'Внешняя площадка временного трудоустройства',
] as const;

export const VACANCY_STATUSES = ['Открыта', 'Закрыта', 'Приостановлена'] as const;

export const ORGANISATION_ROLES = ['Провайдер', 'Партнер'] as const;

export const SOURCE_KINDS = [
	'ЦССВ',
	'ЦСПСД',
	'ЦРИ/ЦСРИ',
	'ПНИ',
	'ПНД',
	'ДДИ',
	'Коррекционная школа',
	'Общеобразовательная школа',
	'ПРЦ',
	'Колледж',
	'Вуз',
	'НКО',
	'Другое',
] as const;

export const SPECIALIST_ROLES = [
	'Рекрутер',
	'Тьютор',
	'Консультант по сопровождаемому трудоустройству',
	'Консультант',
	'Тренер',
	'Специалист по работе с источниками',
	'Специалист по работе с работодателями',
	'Координатор волонтеров',
	'Руководитель',
] as const;

export const VOLUNTEER_DIRECTIONS = ['Социальное наставничество', 'Наставничество в трудоустройстве'] as const;
export const VOLUNTEER_TASK_STATUSES = ['В банке задач', 'Волонтер откликнулся', 'Встреча назначена', 'Выполнена', 'Отменена'] as const;

export type EventLink = 'vacancy' | 'employer' | 'sourceContact' | 'volunteer' | 'mentor';

export interface EventTypeDefinition {
	name: string;
	/** Services in which the methodology records this event; empty for organisation-level events. */
	services: readonly ServiceNumber[];
	/** Links the methodology requires on this event. */
	requires: readonly EventLink[];
	/** Russian names of the content the methodology asks the specialist to record. */
	content: readonly string[];
}

/** The catalogue of event types: every contact with a user or partner is one of these. */
export const EVENT_TYPES = [
	{ name: 'Добавление кандидата', services: [2], requires: [], content: ['Все поля профиля из анкеты и собеседования'] },
	{
		name: 'Собеседование кандидата с рекрутером',
		services: [2],
		requires: [],
		content: ['Мотивация, предпочтения, особенности кандидата', 'Впечатления специалиста', 'Результат собеседования (маршрут)', 'Следующая рекомендованная услуга и передача контактов'],
	},
	{ name: 'Связь с кандидатом', services: [1, 2, 3, 4, 5, 6], requires: [], content: ['Информация нового обращения', 'Новый план маршрута'] },
	{ name: 'Звонок кандидата', services: [1, 2, 3, 4, 5, 6], requires: [], content: ['Содержание звонка'] },
	{
		name: 'Собеседование кандидата с консультантом',
		services: [1, 3, 4],
		requires: [],
		content: ['Наименование мероприятия', 'Результат для кандидата', 'Комментарии специалиста', 'Рекомендации кандидату', 'Рекомендованная услуга'],
	},
	{ name: 'Иное', services: [1, 2, 3, 4, 5, 6], requires: [], content: ['Описание'] },
	{ name: 'Тренинг для кандидата(ов)', services: [5], requires: [], content: ['Наименование мероприятия', 'Результат для кандидата', 'Комментарии специалиста', 'Рекомендации кандидату', 'Обратная связь волонтера или работодателя'] },
	{ name: 'Тренировочное собеседование', services: [5], requires: [], content: ['Наименование мероприятия', 'Результат для кандидата', 'Комментарии специалиста', 'Обратная связь волонтера или работодателя'] },
	{ name: 'Кратковременная стажировка', services: [5], requires: [], content: ['Наименование мероприятия', 'Результат для кандидата', 'Обратная связь волонтера или работодателя'] },
	{ name: 'Производственная экскурсия кандидата(ов) у работодателя', services: [5], requires: ['employer'], content: ['Наименование мероприятия', 'Результат для кандидата', 'Обратная связь работодателя'] },
	{ name: 'Пробное задание', services: [4], requires: [], content: ['Задание и результат'] },
	{ name: 'Начало работы', services: [4], requires: [], content: ['Площадка и функции'] },
	{ name: 'Нарушение регламента', services: [3, 4], requires: [], content: ['Описание нарушения'] },
	{ name: 'Оценка работы на внутренней площадке', services: [4], requires: [], content: ['Оценка навыков', 'Комментарии специалиста'] },
	{ name: 'Выход на стороннюю площадку', services: [4], requires: ['employer'], content: ['Площадка, наставник, функции'] },
	{ name: 'Оценка работодателем на сторонней площадке', services: [4], requires: ['employer'], content: ['Оценка работодателя'] },
	{ name: 'Возвращение на внутреннюю площадку', services: [4], requires: [], content: ['Причина возвращения'] },
	{ name: 'Завершение работы', services: [4], requires: [], content: ['Опыт: функции и места стажировок', 'Рекомендации', 'Полученные навыки', 'Рекомендованные сторонние организации', 'Рекомендованные услуги'] },
	{ name: 'Связь с наставником', services: [4, 6], requires: ['mentor'], content: ['Содержание контакта'] },
	{ name: 'Собеседование с консультантом', services: [6], requires: ['vacancy'], content: ['Результат собеседования', 'План услуги «Социальная адаптация на рынке труда»', 'Рекомендации социально-психологических услуг'] },
	{ name: 'Собеседование кандидата у работодателя', services: [6], requires: ['vacancy'], content: ['Результат собеседования'] },
	{ name: 'Собеседование кандидата с работодателем', services: [4], requires: ['employer'], content: ['Результат собеседования'] },
	{ name: 'Кандидат устроился на работу', services: [6], requires: ['vacancy'], content: ['Дата трудового договора', 'Должность'] },
	{ name: 'Оценка работодателем работы кандидата', services: [6], requires: ['employer'], content: ['Оценка по форме через 1, 3 и 6 месяцев'] },
	{ name: 'Завершение постоянной работы', services: [6], requires: [], content: ['Причина увольнения'] },
	{ name: 'Кандидат получил отказ от работодателя', services: [6], requires: ['employer'], content: ['Стадия и причина отказа'] },
	{ name: 'Связь с работодателем', services: [], requires: ['employer'], content: ['Способ связи', 'Содержание'] },
	{ name: 'Связь с контактом источника', services: [], requires: ['sourceContact'], content: ['Способ связи', 'Содержание', 'Обратная связь о кандидате'] },
	{ name: 'Создание вакансии', services: [], requires: ['vacancy'], content: ['Описание вакансии'] },
	{ name: 'Редактирование вакансии', services: [], requires: ['vacancy'], content: ['Что изменено'] },
	{ name: 'Точка выхода', services: [2], requires: [], content: ['Более 6 месяцев самостоятельной работы по трудовому договору'] },
] as const satisfies readonly EventTypeDefinition[];

export type EventTypeName = (typeof EVENT_TYPES)[number]['name'];
export const EVENT_TYPE_NAMES = EVENT_TYPES.map((type) => type.name) as unknown as readonly [EventTypeName, ...EventTypeName[]];

export function eventTypeDefinition(name: string): EventTypeDefinition | undefined {
	return (EVENT_TYPES as readonly EventTypeDefinition[]).find((type) => type.name === name);
}
