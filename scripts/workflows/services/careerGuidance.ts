import type { EpisodeOperation } from '../../../core/operations/episodeRequest';
import type { Workflow } from '../builder';
import { fieldYes, YES_NO } from './common';
import { consultantWorkflow, numbered } from './consultant';
import { operationsHint, REJECTED_STEP_NOTE, type EpisodeField } from './episodeSteps';

export const CAREER_GUIDANCE_WORKFLOW_ID = 'tzhctService3Pro';
export const CAREER_GUIDANCE_WORKFLOW_NAME = 'ТЖЦТ 3. Консультант: профессиональная ориентация';
export const CAREER_GUIDANCE_FORM_PATH = 'proforientatsiya';

const OPERATIONS: readonly EpisodeOperation[] = ['start', 'violation', 'complete', 'interrupt', 'refuse'];

const MOTIVATION = 'Высокая мотивация к трудовой деятельности';
const SKILLS_INSUFFICIENT = 'Навыков недостаточно для имеющихся вакансий';

const FIELDS: readonly EpisodeField[] = [
	{
		question: { label: 'План профессиональных проб', kind: 'longText', hint: operationsHint(['start'], 'Мероприятия месяца, согласованные на первичном собеседовании') },
		operations: ['start'],
		parameter: 'plan',
	},
	{
		question: { label: 'Описание нарушения', kind: 'longText', hint: operationsHint(['violation']) },
		operations: ['violation'],
		parameter: 'description',
	},
	{
		question: {
			label: 'Результат',
			kind: 'longText',
			hint: operationsHint(['start', 'complete', 'interrupt', 'refuse'], 'При начале — решение первичного собеседования; при завершении — навыки, результат экзамена, характеристика'),
		},
		operations: ['start', 'complete', 'interrupt', 'refuse'],
		parameter: 'outcome',
	},
	{
		question: { label: 'Рекомендации', kind: 'longText', hint: operationsHint(['start', 'complete']) },
		operations: ['start', 'complete'],
		parameter: 'recommendations',
	},
	// Read by the referral to service 4, not by the episode node of the operation.
	{
		question: { label: MOTIVATION, kind: 'choice', options: YES_NO, hint: operationsHint(['complete'], 'Условие направления на услугу 4') },
		operations: ['complete'],
	},
	{
		question: { label: SKILLS_INSUFFICIENT, kind: 'choice', options: YES_NO, hint: operationsHint(['complete'], 'Условие направления на услугу 4') },
		operations: ['complete'],
	},
];

/** Builds the consultant's workflow of professional orientation (service 3). */
export function careerGuidanceWorkflow(): Workflow {
	return consultantWorkflow({
		id: CAREER_GUIDANCE_WORKFLOW_ID,
		name: CAREER_GUIDANCE_WORKFLOW_NAME,
		service: 3,
		formPath: CAREER_GUIDANCE_FORM_PATH,
		formTitle: 'Профессиональная ориентация: запись консультанта',
		formDescription:
			'Заполняет консультант после каждого шага профориентации: первичного собеседования, нарушения правил, итоговой встречи. Выберите операцию и заполните поля, помеченные этой операцией; остальные оставьте пустыми.',
		specialistLabel: 'Консультант',
		operations: OPERATIONS,
		// A violation in professional orientation is only recorded: it neither ends the service nor offers another.
		nextServiceOperations: ['complete', 'interrupt', 'refuse'],
		fields: FIELDS,
		referrals: [{ service: 4, parameters: { highMotivation: fieldYes(MOTIVATION), skillsInsufficient: fieldYes(SKILLS_INSUFFICIENT) } }],
		notes: {
			overview: [
				`## Услуга ${numbered(3)}`,
				'Профессиональные пробы: непрерывно один месяц (не меньше двух недель), не чаще одного раза в год. Пользователь приходит по направлению рекрутера (сценарий B).',
				'',
				'1. **Форма консультанта** — одна форма на все шаги услуги: поле «Операция» выбирает, что записать.',
				'2. **Операция** направляет ответ в узел «ТЖЦТ: эпизод услуги» с этой операцией.',
				'3. **Следующая услуга** передает пользователя туда, куда его рекомендовал консультант: например, в услугу 4, если мотивация высокая, а навыков пока не хватает.',
				'4. **Направить на услугу 4** открывает эпизод временного трудоустройства со статусом «Направлен», чтобы консультант услуги 4 мог начать оказание.',
				'',
				'Текущая и итоговая оценка, экзамен и характеристика записываются узлом «ТЖЦТ: оценка»; напоминание об итоговой оценке приходит из процесса «ТЖЦТ 8».',
			].join('\n'),
			form: [
				'### Форма консультанта',
				'«Ключ кандидата» — из таблицы «Кандидаты». «Ключ эпизода» нужен, только если у кандидата несколько открытых эпизодов профориентации.',
				'',
				'Поля с подсказкой «Для операции …» читаются только этой операцией.',
				'',
				'«Из другого процесса» принимает те же поля от другого процесса n8n, например при переносе записей из таблицы.',
			].join('\n'),
			operations: [
				'### Операции',
				'- **Начать оказание** — первичное собеседование: решение и согласованный план. Повторная профориентация в течение года отклоняется, если не указана «Причина исключения из правила».',
				'- **Нарушение регламента** — событие «Иное» с описанием.',
				'- **Завершить** — итог месяца: навыки, экзамен, характеристика, рекомендации; срок короче двух недель или длиннее месяца требует причины исключения.',
				'- **Прервать**, **Отказ** — с результатом и следующей услугой.',
				'',
				REJECTED_STEP_NOTE,
			].join('\n'),
			handovers: [
				'### Передача в другие услуги',
				'«Следующая услуга» читает «Следующую рекомендованную услугу» из результата операции. Отказ с выбранной услугой 5, 2 или 1 ведет сразу к передаче.',
				'',
				'При передаче в услугу 4 узел «Направить на услугу 4» открывает эпизод этой услуги. Он проверяет условия: высокую мотивацию и нехватку навыков из формы, завершенную профориентацию. Если условие не выполнено, направление не записывается: оно попадает в «Нужно решение специалиста» и в таблицу «Отклоненные анкеты», а передача все равно выполняется. Чтобы направить в виде исключения, заполните «Причина исключения из правила».',
				'',
				'Узлы «Услуга N: передать …» — места передачи. Сборка для провайдера (`node scripts/assemble-provider.mjs`) ставит сюда письмо специалисту своей организации или партнеру, который оказывает эту услугу.',
			].join('\n'),
		},
	});
}
