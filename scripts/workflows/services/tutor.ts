import { EPISODE_OPERATION_LABELS, type EpisodeOperation } from '../../../core/operations/episodeRequest';
import { SERVICE_NAMES, serviceName } from '../../../schemas';
import { PACKAGE, WorkflowBuilder, type Workflow } from '../builder';
import {
	addBatchTrigger,
	addCandidateLookup,
	addFilledCheck,
	addForm,
	addHandovers,
	addNextServiceRouter,
	addNoOp,
	addSetFields,
	ALL_SERVICES,
	COLUMN,
	connectExits,
	fieldService,
	fieldText,
	fieldYes,
	identityQuestions,
	json,
	ROW,
	setNodeSettings,
	YES_NO,
} from './common';
import { numbered } from './consultant';
import { addEpisodeSteps, connectEpisodeOutputs, continueOnRuleErrors, EPISODE_ROW, type EpisodeField } from './episodeSteps';
import { addNoteRow, addNoteRowBelow } from './notes';

export const TUTOR_WORKFLOW_ID = 'tzhctService1Tut';
export const TUTOR_WORKFLOW_NAME = 'ТЖЦТ 2. Тьютор: социально-психологические услуги';
export const TUTOR_FORM_PATH = 'tyutor';

const CONFIDENTIAL = 'Конфиденциально';
const NO_CHANGE = 'Без изменений';
const OPERATIONS: readonly EpisodeOperation[] = ['start', 'complete', 'interrupt', 'refuse'];

/** Form fields that describe the meeting in detail. A confidential record keeps none of them. */
const DETAILED = ['Тема встречи', 'Результат для кандидата', 'Комментарий специалиста'] as const;

const confidential = `${json(CONFIDENTIAL)} === "Да"`;

const EPISODE_FIELDS: readonly EpisodeField[] = [
	{ question: { label: 'Тьютор', kind: 'text' }, operations: OPERATIONS, options: ['specialistName', 'actor'] },
	{ question: { label: 'Результат для кандидата', kind: 'longText' }, operations: OPERATIONS, parameter: 'outcome' },
	{ question: { label: 'Комментарий специалиста', kind: 'longText' }, operations: OPERATIONS, options: ['specialistComment'] },
	{ question: { label: 'Общие рекомендации для других специалистов', kind: 'longText' }, operations: ['start', 'complete'], parameter: 'recommendations' },
	{
		question: { label: 'Следующая рекомендованная услуга', kind: 'choice' },
		operations: ['complete', 'interrupt', 'refuse'],
		parameter: 'nextService',
		value: fieldService('Следующая рекомендованная услуга'),
	},
];

function formDescription(): string {
	return [
		'Заполняет тьютор после индивидуальной консультации или группового занятия.',
		'',
		'Правило конфиденциальности: если обращение связано с психологическими проблемами, выберите «Конфиденциально: Да». Тогда в базу записываются только факт обращения, потребность в дальнейшем сопровождении и общие рекомендации для других специалистов, а тема, результат и комментарий не сохраняются.',
		'',
		'Кандидат: укажите ключ из базы или, если его нет, фамилию, имя и дату рождения.',
	].join('\n');
}

function questions() {
	return [
		{ label: 'Ключ кандидата', kind: 'text' as const, hint: 'Из таблицы «Кандидаты»; пусто — найти по ФИО и дате рождения' },
		...identityQuestions(),
		{ label: 'Дата встречи', kind: 'date' as const, hint: 'Пусто — сегодня' },
		{ label: 'Тьютор', kind: 'text' as const, hint: 'ФИО того, кто записывает' },
		{ label: 'Формат встречи', kind: 'choice' as const, options: ['Индивидуальная консультация', 'Групповое занятие'], required: true },
		{
			label: CONFIDENTIAL,
			kind: 'choice' as const,
			options: YES_NO,
			required: true,
			hint: 'Да — обращение по психологическим проблемам: тема, результат и комментарий не сохраняются',
		},
		{ label: 'Нужно дальнейшее сопровождение', kind: 'choice' as const, options: ['Да', 'Нет', 'Не известно'] },
		{ label: 'Общие рекомендации для других специалистов', kind: 'longText' as const },
		{ label: 'Тема встречи', kind: 'text' as const, hint: 'Не сохраняется при конфиденциальном обращении' },
		{ label: 'Результат для кандидата', kind: 'longText' as const, hint: 'Не сохраняется при конфиденциальном обращении' },
		{ label: 'Комментарий специалиста', kind: 'longText' as const, hint: 'Не сохраняется при конфиденциальном обращении' },
		{ label: 'Следующая рекомендованная услуга', kind: 'choice' as const, options: ['Не выбрана', ...SERVICE_NAMES] },
		{
			label: 'Эпизод услуги',
			kind: 'choice' as const,
			options: [NO_CHANGE, ...OPERATIONS.map((operation) => EPISODE_OPERATION_LABELS[operation])],
			hint: 'Начать — первая встреча по направлению; завершить, прервать или отказ — последняя',
		},
	];
}

/** The event's title: the topic (or a neutral title when confidential) and the need for further support. */
const TITLE = `={{ (${confidential} ? "Конфиденциальное обращение к тьютору" : (${json('Тема встречи')} || "Встреча с тьютором")) + (${json('Нужно дальнейшее сопровождение')} ? ". Дальнейшее сопровождение: " + ${json('Нужно дальнейшее сопровождение')} : "") }}`;

/**
 * Builds the tutor's workflow (service 1). The confidentiality rule runs first, so a detailed field of a
 * confidential appeal never reaches the base, the lookup or a handover letter.
 */
export function tutorWorkflow(): Workflow {
	const id = TUTOR_WORKFLOW_ID;
	const flow = new WorkflowBuilder(id, TUTOR_WORKFLOW_NAME);
	const x = (column: number) => -400 + column * COLUMN;

	const form = addForm(flow, id, 'Форма тьютора', [x(0), 0], {
		title: 'Встреча с тьютором',
		description: formDescription(),
		path: TUTOR_FORM_PATH,
		button: 'Записать встречу',
		submitted: 'Встреча записана.',
		questions: questions(),
	});
	const batch = addBatchTrigger(flow, [x(0), ROW]);

	const rule = addSetFields(flow, id, 'Правило конфиденциальности', [x(1), 0], [
		{ name: 'Название события', value: TITLE },
		...DETAILED.map((field) => ({ name: field, value: `={{ ${confidential} ? "" : (${json(field)} ?? "") }}` })),
		{ name: 'Эпизод услуги', value: `={{ ${json('Эпизод услуги')} || ${JSON.stringify(NO_CHANGE)} }}` },
	]);
	flow.connect(form, rule);
	flow.connect(batch, rule);

	const lookup = addCandidateLookup(flow, id, [{ node: rule, output: 0 }], [x(2), 0]);

	const event = flow.add('Встреча с тьютором', `${PACKAGE}.lifecycleEvent`, 1, [x(4), 0], {
		backend: 'local',
		eventType: `={{ ${json('Формат встречи')} === "Групповое занятие" ? "Иное" : "Собеседование кандидата с консультантом" }}`,
		candidateId: fieldText('Ключ кандидата'),
		date: fieldText('Дата встречи'),
		service: serviceName(1),
		confidential: fieldYes(CONFIDENTIAL),
		content: {
			title: fieldText('Название события'),
			resultForCandidate: fieldText('Результат для кандидата'),
			specialistComment: fieldText('Комментарий специалиста'),
			recommendations: fieldText('Общие рекомендации для других специалистов'),
			recommendedService: `={{ ${JSON.stringify(SERVICE_NAMES)}.includes(${json('Следующая рекомендованная услуга')}) ? ${json('Следующая рекомендованная услуга')} : "" }}`,
			specialistName: fieldText('Тьютор'),
		},
		options: { actor: fieldText('Тьютор') },
	});
	connectExits(flow, lookup.exits, event);

	const recorded = addFilledCheck(flow, id, 'Встреча записана?', [x(5), 0], 'Ключ события');
	flow.connect(event, recorded);
	const notRecorded = addNoOp(flow, 'Не записано: исправить', [x(6), 2 * ROW]);
	flow.connect(recorded, notRecorded, 1);

	const targets = ALL_SERVICES.filter((service) => service !== 1);
	const handovers = addHandovers(flow, targets, [x(9), 0]);
	const router = addNextServiceRouter(flow, id, [x(8), 0], handovers);
	const decision = addNoOp(flow, 'Нужно решение специалиста', [x(8), targets.length * ROW]);

	const { episodeNodes } = addEpisodeSteps(flow, id, {
		service: 1,
		operations: OPERATIONS,
		fields: EPISODE_FIELDS,
		operationField: 'Эпизод услуги',
		switchName: 'Эпизод услуги',
		dateField: 'Дата встречи',
		from: [{ node: recorded, output: 0 }],
		origin: [x(6), 0],
		passThrough: [{ value: NO_CHANGE, to: router }],
	});
	connectEpisodeOutputs(flow, 1, episodeNodes, { done: router, handovers, decision });

	addNoteRow(flow, x(0) - 60, [
		{
			content: [
				`## Услуга ${numbered(1)}`,
				'Тьютор записывает каждую индивидуальную консультацию («Собеседование кандидата с консультантом») и групповое занятие («Иное»). Услуга доступна на всем маршруте, параллельно с любой услугой и после трудоустройства, даже если пользователь не соответствует портрету.',
				'',
				'1. **Правило конфиденциальности** очищает подробности конфиденциального обращения.',
				'2. **Ключ кандидата указан?** Если нет, кандидат ищется по ФИО и дате рождения или добавляется в базу.',
				'3. **Встреча с тьютором** записывает событие.',
				'4. **Эпизод услуги** при необходимости начинает, завершает или прерывает эпизод.',
				'5. **Следующая услуга** передает пользователя в рекомендованную услугу.',
			].join('\n'),
			width: 560,
			height: 500,
			color: 4,
		},
		{
			content: [
				'### Правило конфиденциальности',
				'Если обращение связано с психологическими проблемами, записываются только **факт обращения**, **потребность в дальнейшем сопровождении** и **общие рекомендации для других специалистов**.',
				'',
				'При ответе «Конфиденциально: Да» этот шаг заменяет название события нейтральным и стирает тему, результат и комментарий до любой записи: они не попадают ни в базу, ни в отклоненные анкеты, ни в письма о передаче.',
				'',
				'Процесс не сохраняет данные выполнений в журнале n8n (настройки процесса), чтобы ответы формы не оставались там.',
			].join('\n'),
			width: 500,
			height: 500,
			color: 3,
		},
		{
			content: [
				'### Кандидат без ключа',
				'Если «Ключ кандидата» пуст, узел «Найти или добавить кандидата» ищет человека по фамилии, имени, отчеству и дате рождения. Нового человека он добавляет, только если есть согласие на обработку персональных данных.',
				'',
				'Ответ, который нельзя принять, хранится в таблице «Отклоненные анкеты» с тем, что исправить.',
			].join('\n'),
			width: 460,
			height: 500,
		},
	]);
	addNoteRowBelow(flow, x(4) - 60, OPERATIONS.length * EPISODE_ROW, [
		{
			content: [
				'### Эпизод услуги',
				'«Без изменений» — только событие. «Начать оказание» переводит эпизод услуги 1 из «Направлен» в «Оказывается» (эпизод открывает направление рекрутера). «Завершить», «Прервать» и «Отказ» закрывают его с результатом и следующей услугой.',
				'',
				'Если эпизода нет или правило не разрешает операцию, ответ уходит в «Нужно решение специалиста» с объяснением в поле «error» и сохраняется в таблице «Отклоненные анкеты» без конфиденциальных текстов; событие встречи при этом уже записано.',
			].join('\n'),
			width: 560,
			height: 300,
		},
		{
			content: [
				'### Передача в другие услуги',
				'Узлы «Услуга N: передать …» — места передачи. Сборка для провайдера (`node scripts/assemble-provider.mjs`) ставит сюда письмо специалисту своей организации или партнеру, который оказывает эту услугу. В письмо попадают только ФИО, контакты, ключ кандидата и маршрут, без данных о здоровье.',
			].join('\n'),
			width: 560,
			height: 300,
		},
	]);

	const workflow = flow.build();
	continueOnRuleErrors(workflow, episodeNodes);
	setNodeSettings(workflow, event, { onError: 'continueRegularOutput' });
	// Form values of a confidential appeal must not stay in n8n's execution log.
	Object.assign(workflow.settings, { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none', saveManualExecutions: false, saveExecutionProgress: false });
	return workflow;
}
