import type { EpisodeOperation } from '../../../core/operations/episodeRequest';
import { DISMISSAL_REASONS, REFUSAL_PARTIES, serviceName } from '../../../schemas';
import type { Workflow } from '../builder';
import { fieldLookup, fieldNumber, fieldYes, YES_NO } from './common';
import { consultantWorkflow, numbered } from './consultant';
import { operationsHint, REJECTED_STEP_NOTE, type EpisodeField } from './episodeSteps';

export const SUPPORTED_EMPLOYMENT_WORKFLOW_ID = 'tzhctService6Sup';
export const SUPPORTED_EMPLOYMENT_WORKFLOW_NAME = 'ТЖЦТ 6. Консультант: сопровождаемое трудоустройство';
export const SUPPORTED_EMPLOYMENT_FORM_PATH = 'soprovozhdaemoe-trudoustroystvo';

const OPERATIONS: readonly EpisodeOperation[] = ['start', 'contractSigned', 'agreedStartChange', 'internalTrainingEnd', 'adaptationChange', 'refusalBeforeContract', 'dismissal', 'complete', 'refuse'];

/** Form choices about the service-5 recommendations, mapped to the values of the episode node. */
const SERVICE_5_STATES: Record<string, string> = {
	'Выполнены и подтверждены в базе': 'confirmed',
	'Выполнены, но не подтверждены': 'completedNotConfirmed',
	'Не выполнены': 'notCompleted',
	'Не давались': 'notGiven',
};

const FIELDS: readonly EpisodeField[] = [
	{
		question: { label: 'Ключ вакансии', kind: 'text', hint: operationsHint(['start', 'contractSigned', 'refusalBeforeContract'], 'Пусто — вакансия из направления рекрутера') },
		operations: ['start', 'contractSigned', 'refusalBeforeContract'],
		parameter: 'vacancyId',
	},
	{
		question: { label: 'Ключ работодателя', kind: 'text', hint: operationsHint(['contractSigned', 'refusalBeforeContract'], 'Пусто — работодатель вакансии') },
		operations: ['contractSigned', 'refusalBeforeContract'],
		parameter: 'employerId',
	},
	{
		question: { label: `План услуги «${serviceName(5)}»`, kind: 'longText', hint: operationsHint(['start'], 'Что пользователь проходит до выхода на работу') },
		operations: ['start'],
		parameter: 'plan',
	},
	{
		question: { label: 'Должность', kind: 'text', hint: operationsHint(['contractSigned'], 'Пусто — должность из вакансии') },
		operations: ['contractSigned'],
		parameter: 'position',
	},
	{
		question: { label: 'Согласованная дата выхода', kind: 'date', hint: operationsHint(['contractSigned', 'agreedStartChange'], 'Первый рабочий день; может быть в будущем') },
		operations: ['contractSigned', 'agreedStartChange'],
		parameter: 'agreedStartDate',
	},
	{
		question: {
			label: 'Рекомендации по услуге 5',
			kind: 'choice',
			options: Object.keys(SERVICE_5_STATES),
			hint: operationsHint(['contractSigned'], 'Договор оформляется после выполнения и подтверждения рекомендаций'),
		},
		operations: ['contractSigned'],
		parameter: 'service5Recommendations',
		value: fieldLookup('Рекомендации по услуге 5', SERVICE_5_STATES, ''),
	},
	{
		question: { label: 'Срок адаптации, мес.', kind: 'integer', hint: operationsHint(['contractSigned', 'adaptationChange'], 'Обычно 6; от 3 до 9 — с согласия пользователя и работодателя') },
		operations: ['contractSigned', 'adaptationChange'],
		parameter: 'adaptationMonths',
		value: fieldNumber('Срок адаптации, мес.', 6),
	},
	{
		question: { label: 'Согласие пользователя на срок адаптации', kind: 'choice', options: YES_NO, hint: operationsHint(['contractSigned', 'adaptationChange']) },
		operations: ['contractSigned', 'adaptationChange'],
		parameter: 'userConsent',
		value: fieldYes('Согласие пользователя на срок адаптации'),
	},
	{
		question: { label: 'Согласие работодателя на срок адаптации', kind: 'choice', options: YES_NO, hint: operationsHint(['contractSigned', 'adaptationChange']) },
		operations: ['contractSigned', 'adaptationChange'],
		parameter: 'employerConsent',
		value: fieldYes('Согласие работодателя на срок адаптации'),
	},
	{
		question: { label: 'Кто отказал', kind: 'choice', options: REFUSAL_PARTIES, hint: operationsHint(['refusalBeforeContract']) },
		operations: ['refusalBeforeContract'],
		parameter: 'refusedBy',
	},
	{
		question: {
			label: 'Описание',
			kind: 'longText',
			hint: operationsHint(['refusalBeforeContract', 'agreedStartChange', 'dismissal'], 'Причина отказа, причина переноса даты выхода или комментарий к увольнению'),
		},
		operations: ['refusalBeforeContract', 'agreedStartChange', 'dismissal'],
		parameter: 'description',
	},
	{
		question: { label: 'Причина увольнения', kind: 'choice', options: DISMISSAL_REASONS, hint: operationsHint(['dismissal']) },
		operations: ['dismissal'],
		parameter: 'dismissalReason',
	},
	{
		question: { label: 'Результат', kind: 'longText', hint: operationsHint(['start', 'complete', 'refuse'], 'При начале — результат собеседования с консультантом') },
		operations: ['start', 'complete', 'refuse'],
		parameter: 'outcome',
	},
	{
		question: {
			label: 'Рекомендации',
			kind: 'longText',
			hint: operationsHint(['start', 'complete', 'dismissal'], `При начале — рекомендации услуги «${serviceName(1)}»`),
		},
		operations: ['start', 'complete', 'dismissal'],
		parameter: 'recommendations',
	},
];

/** Builds the consultant's workflow of supported employment (service 6). */
export function supportedEmploymentWorkflow(): Workflow {
	return consultantWorkflow({
		id: SUPPORTED_EMPLOYMENT_WORKFLOW_ID,
		name: SUPPORTED_EMPLOYMENT_WORKFLOW_NAME,
		service: 6,
		formPath: SUPPORTED_EMPLOYMENT_FORM_PATH,
		formTitle: 'Сопровождаемое трудоустройство: запись консультанта',
		formDescription:
			'Заполняет консультант по сопровождаемому трудоустройству: собеседование, трудовой договор, перенос даты выхода, срок адаптации, отказ до договора, увольнение, итоговая встреча. Выберите операцию и заполните поля, помеченные этой операцией.',
		specialistLabel: 'Консультант',
		operations: OPERATIONS,
		fields: FIELDS,
		notes: {
			overview: [
				`## Услуга ${numbered(6)}`,
				'Подготовительный этап — с собеседования с консультантом, предоставление — с подписания трудового договора. Последний день внутреннего обучения у работодателя записывает операция «Окончание внутреннего обучения»: от него считается обратная связь после обучения. Адаптация 6 месяцев; 3 или 9 — с согласия пользователя и работодателя.',
				'',
				'1. **Форма консультанта** — одна форма на все шаги: поле «Операция» выбирает, что записать.',
				'2. **Операция** направляет ответ в узел «ТЖЦТ: эпизод услуги» с этой операцией.',
				'3. **Следующая услуга** передает пользователя дальше после отказа, увольнения или итоговой встречи.',
				'',
				'Обратная связь, оценки работодателя через 1, 3 и 6 месяцев и точка выхода — в процессах «ТЖЦТ 7», «ТЖЦТ 8» и «ТЖЦТ 10».',
			].join('\n'),
			form: [
				'### Форма консультанта',
				'«Ключ кандидата» — из таблицы «Кандидаты»; «Ключ вакансии» и «Ключ работодателя» — из таблиц «Вакансии» и «Работодатели».',
				'',
				'Поля с подсказкой «Для операции …» читаются только этой операцией.',
				'',
				'«Из другого процесса» принимает те же поля от другого процесса n8n.',
			].join('\n'),
			operations: [
				'### Операции',
				'- **Начать оказание** — собеседование с консультантом по вакансии: результат, план услуги 5, рекомендации услуги 1.',
				'- **Трудовой договор подписан** — нужны предложение работодателя, выполненные и подтвержденные рекомендации услуги 5 и выход в согласованную дату.',
				'- **Изменить дату выхода** — работодатель перенес первый рабочий день: новая «Согласованная дата выхода» (не раньше договора; может быть в будущем). От нее пересчитываются окончание адаптации, контрольные точки и точка выхода. Позже чем через неделю после записанного первого дня — только с причиной исключения.',
				'- **Изменить срок адаптации** — только с согласия пользователя и работодателя.',
				'- **Отказ до трудового договора** — кто отказал и почему; предлагаются услуги 5, 2 или 1.',
				'- **Увольнение**, **Завершить** (итоговая встреча), **Отказ**.',
				'',
				REJECTED_STEP_NOTE,
			].join('\n'),
			handovers: [
				'### Передача в другие услуги',
				'После отказа до договора или увольнения с выбранной услугой 5, 2 или 1 пользователь передается сразу, после итоговой встречи — в «Следующую рекомендованную услугу».',
				'',
				'Узлы «Услуга N: передать …» — места передачи. Сборка для провайдера ставит сюда письмо специалисту своей организации или партнеру, который оказывает эту услугу.',
			].join('\n'),
		},
	});
}
