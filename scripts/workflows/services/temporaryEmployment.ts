import type { EpisodeOperation } from '../../../core/operations/episodeRequest';
import { DISMISSAL_REASONS } from '../../../schemas';
import type { Workflow } from '../builder';
import { fieldNumber, fieldYes, YES_NO } from './common';
import { consultantWorkflow, numbered } from './consultant';
import { operationsHint, REJECTED_STEP_NOTE, type EpisodeField } from './episodeSteps';

export const TEMPORARY_EMPLOYMENT_WORKFLOW_ID = 'tzhctService4Tmp';
export const TEMPORARY_EMPLOYMENT_WORKFLOW_NAME = 'ТЖЦТ 4. Консультант: временное трудоустройство';
export const TEMPORARY_EMPLOYMENT_FORM_PATH = 'vremennoe-trudoustroystvo';

const OPERATIONS: readonly EpisodeOperation[] = ['start', 'violation', 'externalSiteStart', 'externalSiteReturn', 'dismissal', 'complete', 'refuse'];

const FIELDS: readonly EpisodeField[] = [
	{
		question: { label: 'Срок временного трудоустройства, мес.', kind: 'integer', hint: operationsHint(['start'], 'От 1 до 9; пусто — 9') },
		operations: ['start'],
		parameter: 'plannedMonths',
		value: fieldNumber('Срок временного трудоустройства, мес.', 9),
	},
	{
		question: { label: 'Высокая мотивация к трудовой деятельности', kind: 'choice', options: YES_NO, hint: operationsHint(['start'], 'Услуга оказывается только при высокой мотивации') },
		operations: ['start'],
		parameter: 'highMotivation',
		value: fieldYes('Высокая мотивация к трудовой деятельности'),
	},
	{
		question: { label: 'Навыков недостаточно для имеющихся вакансий', kind: 'choice', options: YES_NO, hint: operationsHint(['start'], 'Вывод профориентации') },
		operations: ['start'],
		parameter: 'skillsInsufficient',
		value: fieldYes('Навыков недостаточно для имеющихся вакансий'),
	},
	{
		question: { label: 'Функции', kind: 'longText', hint: operationsHint(['start', 'externalSiteStart', 'complete', 'dismissal'], 'Что пользователь делает на площадке; при окончании — весь опыт') },
		operations: ['start', 'externalSiteStart', 'complete', 'dismissal'],
		parameter: 'functions',
	},
	{
		question: { label: 'Ключ площадки (вакансии)', kind: 'text', hint: operationsHint(['externalSiteStart'], 'Вакансия с типом «Внешняя площадка временного трудоустройства»') },
		operations: ['externalSiteStart'],
		parameter: 'vacancyId',
	},
	{
		question: { label: 'Ключ работодателя', kind: 'text', hint: operationsHint(['externalSiteStart'], 'Пусто — работодатель площадки') },
		operations: ['externalSiteStart'],
		parameter: 'employerId',
	},
	{
		question: { label: 'Ключ наставника', kind: 'text', hint: operationsHint(['externalSiteStart']) },
		operations: ['externalSiteStart'],
		parameter: 'mentorId',
	},
	{
		question: {
			label: 'Описание',
			kind: 'longText',
			hint: operationsHint(['violation', 'externalSiteReturn', 'dismissal'], 'Какое правило нарушено, почему пользователь возвращается на внутреннюю площадку или комментарий к увольнению'),
		},
		operations: ['violation', 'externalSiteReturn', 'dismissal'],
		parameter: 'description',
	},
	{
		question: { label: 'Причина увольнения', kind: 'choice', options: DISMISSAL_REASONS, hint: operationsHint(['dismissal']) },
		operations: ['dismissal'],
		parameter: 'dismissalReason',
	},
	{
		question: { label: 'Полученные навыки', kind: 'longText', hint: operationsHint(['complete', 'dismissal'], 'Навыки для работы на открытом рынке труда') },
		operations: ['complete', 'dismissal'],
		parameter: 'acquiredSkills',
	},
	{
		question: { label: 'Рекомендованные сторонние организации', kind: 'text', hint: operationsHint(['complete', 'dismissal'], 'Например, защищенные мастерские') },
		operations: ['complete', 'dismissal'],
		parameter: 'outsideOrganisations',
	},
	{
		question: { label: 'Результат', kind: 'longText', hint: operationsHint(['start', 'complete', 'refuse']) },
		operations: ['start', 'complete', 'refuse'],
		parameter: 'outcome',
	},
	{
		question: { label: 'Рекомендации', kind: 'longText', hint: operationsHint(['start', 'complete', 'dismissal']) },
		operations: ['start', 'complete', 'dismissal'],
		parameter: 'recommendations',
	},
];

/** Builds the consultant's workflow of temporary employment (service 4). */
export function temporaryEmploymentWorkflow(): Workflow {
	return consultantWorkflow({
		id: TEMPORARY_EMPLOYMENT_WORKFLOW_ID,
		name: TEMPORARY_EMPLOYMENT_WORKFLOW_NAME,
		service: 4,
		formPath: TEMPORARY_EMPLOYMENT_FORM_PATH,
		formTitle: 'Временное трудоустройство: запись консультанта',
		formDescription:
			'Заполняет консультант при каждом шаге временного трудоустройства: начало работы, нарушение, выход на стороннюю площадку и возвращение, увольнение, окончание. Выберите операцию и заполните поля, помеченные этой операцией.',
		specialistLabel: 'Консультант',
		operations: OPERATIONS,
		fields: FIELDS,
		notes: {
			overview: [
				`## Услуга ${numbered(4)}`,
				'Работа на внутренней площадке от 1 до 9 месяцев, оценка раз в две недели; сторонние площадки без ограничения числа. Увольнение — после трех нарушений внутреннего регламента или по собственному желанию.',
				'',
				'1. **Форма консультанта** — одна форма на все шаги: поле «Операция» выбирает, что записать.',
				'2. **Операция** направляет ответ в узел «ТЖЦТ: эпизод услуги» с этой операцией.',
				'3. **Следующая услуга** передает пользователя дальше: на встречу с консультантом сопровождаемого трудоустройства, в другие услуги или в сторонние организации.',
				'',
				'Оценки раз в две недели и оценки работодателя на сторонней площадке записываются узлом «ТЖЦТ: оценка» и процессом «ТЖЦТ 7»; напоминания о них приходят из «ТЖЦТ 8».',
			].join('\n'),
			form: [
				'### Форма консультанта',
				'«Ключ кандидата» — из таблицы «Кандидаты». «Ключ эпизода» нужен, только если у кандидата несколько открытых эпизодов временного трудоустройства.',
				'',
				'Поля с подсказкой «Для операции …» читаются только этой операцией. «Описание» — общее поле для нарушения, возвращения и увольнения.',
				'',
				'«Из другого процесса» принимает те же поля от другого процесса n8n.',
			].join('\n'),
			operations: [
				'### Операции',
				'- **Начать оказание** — начало работы на внутренней площадке: срок, функции; нужны высокая мотивация и, после профориентации, недостаток навыков.',
				'- **Нарушение регламента** — третье нарушение ведет к увольнению: пользователю предлагаются услуги 5, 2 или 1.',
				'- **Выход на стороннюю площадку**, **Возвращение на внутреннюю площадку** — площадка, наставник, причина возвращения.',
				'- **Увольнение**, **Завершить** — опыт, навыки, рекомендации, сторонние организации и следующая услуга.',
				'- **Отказ** — пока работа не началась.',
				'',
				REJECTED_STEP_NOTE,
			].join('\n'),
			handovers: [
				'### Передача в другие услуги',
				'После увольнения или отказа с выбранной услугой 5, 2 или 1 пользователь передается сразу. После «Завершить» — в «Следующую рекомендованную услугу».',
				'',
				'Узлы «Услуга N: передать …» — места передачи. Сборка для провайдера ставит сюда письмо специалисту своей организации или партнеру, который оказывает эту услугу.',
			].join('\n'),
		},
	});
}
