import { SERVICE_NAMES, serviceName } from '../../../schemas';
import { PACKAGE, WorkflowBuilder, type Workflow } from '../builder';
import { addBatchTrigger, addForm, addHandovers, addNoOp, addSwitch, COLUMN, fieldText, json, ROW, setNodeSettings } from './common';
import { numbered } from './consultant';
import { addNoteRow } from './notes';

export const REENTRY_WORKFLOW_ID = 'tzhctReentry0011';
export const REENTRY_WORKFLOW_NAME = 'ТЖЦТ 11. Рекрутер: повторное обращение';
export const REENTRY_FORM_PATH = 'povtornoe-obrashchenie';

/** The service a returning user asks for; any but service 5 after the exit starts again with service 2. */
const REQUESTED = `={{ (${JSON.stringify(SERVICE_NAMES)}.indexOf(${json('Запрошенная услуга')}) + 1) || 2 }}`;

/**
 * Builds the recruiter's workflow for a repeated appeal (service 2): the episode node opens a new episode
 * of service 2 with the user's history, or service 5 directly after the exit point.
 */
export function reentryWorkflow(): Workflow {
	const id = REENTRY_WORKFLOW_ID;
	const flow = new WorkflowBuilder(id, REENTRY_WORKFLOW_NAME);
	const x = (column: number) => -400 + column * COLUMN;

	const form = addForm(flow, id, 'Форма рекрутера', [x(0), 0], {
		title: 'Повторное обращение',
		description:
			'Заполняет рекрутер, когда пользователь, который уже был на маршруте, обращается снова. Процесс открывает новый эпизод и собирает историю: полученные услуги, работу, навыки. Затем проведите новое собеседование по анкете рекрутера.',
		path: REENTRY_FORM_PATH,
		button: 'Записать обращение',
		submitted: 'Обращение записано, история пользователя — в базе. Если обращение нельзя записать, ответ сохраняется в таблице «Отклоненные анкеты» с тем, что исправить.',
		questions: [
			{ label: 'Ключ кандидата', kind: 'text', required: true, hint: 'Из таблицы «Кандидаты», поле «Ключ»' },
			{ label: 'Запрошенная услуга', kind: 'choice', options: SERVICE_NAMES, hint: `Пусто — «${serviceName(2)}»` },
			{ label: 'Дата', kind: 'date', hint: 'Дата обращения; пусто — сегодня' },
			{ label: 'Рекрутер', kind: 'text', hint: 'ФИО того, кто записывает' },
			{ label: 'Комментарий к обращению', kind: 'longText', hint: 'С чем пришел пользователь, что изменилось в документах' },
		],
	});
	const batch = addBatchTrigger(flow, [x(0), ROW]);

	const reentry = flow.add('Повторное обращение', `${PACKAGE}.lifecycleEpisode`, 1, [x(1), 0], {
		backend: 'local',
		operation: 'reentry',
		keepRejected: true,
		candidateId: fieldText('Ключ кандидата'),
		date: fieldText('Дата'),
		requestedService: REQUESTED,
		description: fieldText('Комментарий к обращению'),
		options: { specialistName: fieldText('Рекрутер'), actor: fieldText('Рекрутер') },
	});
	flow.connect(form, reentry);
	flow.connect(batch, reentry);

	const opened = addSwitch(flow, id, 'Открытая услуга', [x(2), 0], 'Услуга', [
		{ value: serviceName(2), output: `2. ${serviceName(2)}` },
		{ value: serviceName(5), output: `5. ${serviceName(5)}` },
	]);
	flow.connect(reentry, opened, 0);

	const interview = addNoOp(flow, 'Рекрутер: новое собеседование по анкете', [x(3), 0]);
	flow.connect(opened, interview, 0);
	const handovers = addHandovers(flow, [5], [x(3), ROW]);
	flow.connect(opened, handovers.get(5) as string, 1);

	const decision = addNoOp(flow, 'Нужно решение специалиста', [x(2), 2 * ROW]);
	flow.connect(reentry, decision, 4);

	addNoteRow(flow, x(0) - 60, [
		{
			content: [
				'## Повторное обращение',
				`Маршрут нелинейный: пользователь может уйти и вернуться. Каждое повторное обращение начинается с услуги ${numbered(2)}: рекрутер изучает историю в базе, полученные услуги и изменения в документах, снова проводит собеседование и строит новый маршрут.`,
				'',
				'1. **Форма рекрутера** — ключ кандидата и запрошенная услуга.',
				'2. **Повторное обращение** открывает новый эпизод услуги 2 и записывает «Связь с кандидатом». История (эпизоды, работа, навыки, число обращений) — в поле «История» на выходе узла.',
				`3. **Открытая услуга**: после точки выхода услуга ${numbered(5)} открывается сразу, без нового собеседования.`,
			].join('\n'),
			width: 580,
			height: 440,
			color: 4,
		},
		{
			content: [
				'### Дальше',
				'«Рекрутер: новое собеседование по анкете» — рекрутер заполняет анкету рекрутера (процесс «ТЖЦТ 1»): анкета обновит профиль, а направление будет записано как повторное обращение.',
				'',
				'«Услуга 5: передать тренеру» — место передачи; сборка для провайдера ставит сюда письмо.',
				'',
				'«Нужно решение специалиста»: кандидат не найден или еще не входил в технологию (первое обращение оформляется анкетой рекрутера). Причина — в поле «error»; ответ сохраняется в таблице «Отклоненные анкеты» с тем, что исправить, без комментария к обращению (он конфиденциален).',
			].join('\n'),
			width: 500,
			height: 440,
		},
	]);

	const workflow = flow.build();
	setNodeSettings(workflow, reentry, { onError: 'continueRegularOutput' });
	return workflow;
}
