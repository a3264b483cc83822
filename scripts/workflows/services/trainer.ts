import { EPISODE_OPERATION_LABELS, type EpisodeOperation } from '../../../core/operations/episodeRequest';
import { EVENT_TYPES, SERVICE_NAMES, serviceName, type EventTypeName } from '../../../schemas';
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
	identityQuestions,
	json,
	ROW,
	setNodeSettings,
} from './common';
import { numbered } from './consultant';
import { addEpisodeSteps, connectEpisodeOutputs, continueOnRuleErrors, EPISODE_ROW, REJECTED_STEP_NOTE, type EpisodeField } from './episodeSteps';
import { addNoteRow, addNoteRowBelow } from './notes';

export const TRAINER_WORKFLOW_ID = 'tzhctService5Trn';
export const TRAINER_WORKFLOW_NAME = 'ТЖЦТ 5. Тренер: социальная адаптация на рынке труда';
export const TRAINER_FORM_PATH = 'trener';

const NO_CHANGE = 'Без изменений';
const OPERATIONS: readonly EpisodeOperation[] = ['start', 'complete', 'interrupt'];

/** The activities of service 5: the form offers exactly these event types of the catalogue. */
const ACTIVITIES = EVENT_TYPES.filter((type) => (type.services as readonly number[]).length === 1 && type.services[0] === 5).map((type) => type.name as EventTypeName);

const KEYS = 'Ключи кандидатов';

const EPISODE_FIELDS: readonly EpisodeField[] = [
	{ question: { label: 'Тренер', kind: 'text' }, operations: OPERATIONS, options: ['specialistName', 'actor'] },
	{ question: { label: 'Результат для кандидата', kind: 'longText' }, operations: OPERATIONS, parameter: 'outcome' },
	{ question: { label: 'Рекомендации кандидату', kind: 'longText' }, operations: ['start', 'complete'], parameter: 'recommendations' },
	{
		question: { label: 'Следующая рекомендованная услуга', kind: 'choice' },
		operations: ['complete', 'interrupt'],
		parameter: 'nextService',
		value: fieldService('Следующая рекомендованная услуга'),
	},
];

function questions() {
	return [
		{ label: 'Вид мероприятия', kind: 'choice' as const, options: ACTIVITIES, required: true },
		{ label: 'Название мероприятия', kind: 'text' as const, hint: 'Например, «Как пройти собеседование»' },
		{ label: 'Дата', kind: 'date' as const, hint: 'Пусто — сегодня' },
		{ label: 'Тренер', kind: 'text' as const, hint: 'ФИО того, кто записывает' },
		{ label: KEYS, kind: 'longText' as const, hint: 'Ключи из таблицы «Кандидаты» через запятую: одно событие на каждого участника' },
		...identityQuestions(),
		{ label: 'Ключ работодателя', kind: 'text' as const, hint: 'Обязателен для производственной экскурсии; для стажировки — если она у работодателя' },
		{ label: 'Ключ волонтера', kind: 'text' as const, hint: 'Для тренировочного собеседования или тренинга с волонтером' },
		{ label: 'Результат для кандидата', kind: 'longText' as const, hint: 'Например, новое резюме после тренинга' },
		{ label: 'Комментарий специалиста', kind: 'longText' as const, hint: 'Инициативность, самостоятельность, пунктуальность' },
		{ label: 'Рекомендации кандидату', kind: 'longText' as const },
		{ label: 'Обратная связь волонтера или работодателя', kind: 'longText' as const },
		{ label: 'Следующая рекомендованная услуга', kind: 'choice' as const, options: ['Не выбрана', ...SERVICE_NAMES] },
		{
			label: 'Эпизод услуги',
			kind: 'choice' as const,
			options: [NO_CHANGE, ...OPERATIONS.map((operation) => EPISODE_OPERATION_LABELS[operation])],
			hint: 'Начать — первое мероприятие по направлению; завершить — когда рекомендации услуги выполнены',
		},
	];
}

/** The participants' keys as a list; one empty key when the form names a single person by name and birth date. */
const PARTICIPANTS = `={{ String(${json(KEYS)} ?? ${json('Ключ кандидата')} ?? "").split(/[\\s,;]+/).filter((key) => key !== "").concat(String(${json(KEYS)} ?? ${json('Ключ кандидата')} ?? "").trim() === "" ? [""] : []) }}`;

/** Builds the trainer's workflow (service 5): one event of the right type per participant, then the episode and the handover. */
export function trainerWorkflow(): Workflow {
	const id = TRAINER_WORKFLOW_ID;
	const flow = new WorkflowBuilder(id, TRAINER_WORKFLOW_NAME);
	const x = (column: number) => -400 + column * COLUMN;

	const form = addForm(flow, id, 'Форма тренера', [x(0), 0], {
		title: 'Мероприятие социальной адаптации',
		description:
			'Заполняет тренер после тренинга, тренировочного собеседования, кратковременной стажировки или производственной экскурсии. Для группы перечислите ключи всех участников; для одного человека без ключа укажите фамилию, имя и дату рождения.',
		path: TRAINER_FORM_PATH,
		button: 'Записать мероприятие',
		submitted: 'Мероприятие записано.',
		questions: questions(),
	});
	const batch = addBatchTrigger(flow, [x(0), ROW]);

	const participants = addSetFields(flow, id, 'Участники', [x(1), 0], [
		{ name: 'Ключ кандидата', value: PARTICIPANTS, type: 'array' },
		{ name: 'Эпизод услуги', value: `={{ ${json('Эпизод услуги')} || ${JSON.stringify(NO_CHANGE)} }}` },
	]);
	flow.connect(form, participants);
	flow.connect(batch, participants);

	const split = flow.add('По одному участнику', 'n8n-nodes-base.splitOut', 1, [x(2), 0], { fieldToSplitOut: 'Ключ кандидата', include: 'allOtherFields', options: {} });
	flow.connect(participants, split);

	const lookup = addCandidateLookup(flow, id, [{ node: split, output: 0 }], [x(3), 0]);

	const event = flow.add('Мероприятие', `${PACKAGE}.lifecycleEvent`, 1, [x(5), 0], {
		backend: 'local',
		eventType: fieldText('Вид мероприятия'),
		candidateId: fieldText('Ключ кандидата'),
		date: fieldText('Дата'),
		service: serviceName(5),
		links: { employer: fieldText('Ключ работодателя'), volunteer: fieldText('Ключ волонтера') },
		content: {
			title: fieldText('Название мероприятия'),
			resultForCandidate: fieldText('Результат для кандидата'),
			specialistComment: fieldText('Комментарий специалиста'),
			recommendations: fieldText('Рекомендации кандидату'),
			feedback: fieldText('Обратная связь волонтера или работодателя'),
			recommendedService: `={{ ${JSON.stringify(SERVICE_NAMES)}.includes(${json('Следующая рекомендованная услуга')}) ? ${json('Следующая рекомендованная услуга')} : "" }}`,
			specialistName: fieldText('Тренер'),
		},
		options: { actor: fieldText('Тренер') },
	});
	connectExits(flow, lookup.exits, event);

	const recorded = addFilledCheck(flow, id, 'Мероприятие записано?', [x(6), 0], 'Ключ события');
	flow.connect(event, recorded);
	const notRecorded = addNoOp(flow, 'Не записано: исправить', [x(7), 2 * ROW]);
	flow.connect(recorded, notRecorded, 1);

	const targets = ALL_SERVICES.filter((service) => service !== 5);
	const handovers = addHandovers(flow, targets, [x(10), 0]);
	const router = addNextServiceRouter(flow, id, [x(9), 0], handovers);
	const decision = addNoOp(flow, 'Нужно решение специалиста', [x(9), targets.length * ROW]);

	const { episodeNodes } = addEpisodeSteps(flow, id, {
		service: 5,
		operations: OPERATIONS,
		fields: EPISODE_FIELDS,
		operationField: 'Эпизод услуги',
		switchName: 'Эпизод услуги',
		dateField: 'Дата',
		from: [{ node: recorded, output: 0 }],
		origin: [x(7), 0],
		passThrough: [{ value: NO_CHANGE, to: router }],
	});
	connectEpisodeOutputs(flow, 5, episodeNodes, { done: router, handovers, decision });

	addNoteRow(flow, x(0) - 60, [
		{
			content: [
				`## Услуга ${numbered(5)}`,
				'Тренинги и мероприятия, которые помогают искать работу и удерживаться на ней. Услуга доступна параллельно с любой другой и остается доступной после точки выхода.',
				'',
				'1. **Участники** и **По одному участнику** превращают список ключей в отдельные элементы: событие записывается каждому участнику.',
				'2. **Ключ кандидата указан?** Если нет, кандидат ищется по ФИО и дате рождения или добавляется в базу.',
				'3. **Мероприятие** записывает событие выбранного вида.',
				'4. **Эпизод услуги** при необходимости начинает или завершает эпизод.',
				'5. **Следующая услуга** передает пользователя в рекомендованную услугу.',
			].join('\n'),
			width: 560,
			height: 480,
			color: 4,
		},
		{
			content: [
				'### Виды мероприятий',
				'Поле «Вид мероприятия» — это тип события из каталога:',
				...ACTIVITIES.map((activity) => `- «${activity}»`),
				'',
				'Производственная экскурсия записывается только с ключом работодателя. Тренировочное собеседование с волонтером — с ключом волонтера: его опыт собеседований должен быть не ниже целевой должности пользователя.',
			].join('\n'),
			width: 500,
			height: 480,
		},
		{
			content: [
				'### Кандидат без ключа',
				'Если ключей нет, узел «Найти или добавить кандидата» ищет человека по фамилии, имени, отчеству и дате рождения и добавляет нового, только если есть согласие на обработку персональных данных.',
				'',
				'Ответ, который нельзя принять, хранится в таблице «Отклоненные анкеты» с тем, что исправить.',
			].join('\n'),
			width: 460,
			height: 480,
		},
	]);
	addNoteRowBelow(flow, x(5) - 60, OPERATIONS.length * EPISODE_ROW, [
		{
			content: [
				'### Эпизод услуги и рекомендации',
				'«Без изменений» — только событие. «Начать оказание» переводит эпизод услуги 5 из «Направлен» в «Оказывается»; «Завершить» и «Прервать» закрывают его. Выполненные рекомендации услуги 5 — условие трудового договора в сопровождаемом трудоустройстве, поэтому записывайте их результат.',
				'',
				REJECTED_STEP_NOTE,
			].join('\n'),
			width: 560,
			height: 300,
		},
		{
			content: [
				'### Передача в другие услуги',
				'Узлы «Услуга N: передать …» — места передачи. Сборка для провайдера ставит сюда письмо специалисту своей организации или партнеру, который оказывает эту услугу.',
			].join('\n'),
			width: 460,
			height: 300,
		},
	]);

	const workflow = flow.build();
	continueOnRuleErrors(workflow, episodeNodes);
	setNodeSettings(workflow, event, { onError: 'continueRegularOutput' });
	return workflow;
}
