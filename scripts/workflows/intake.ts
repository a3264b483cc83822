import { INTAKE_FIELDS } from '../../core/intake';
import { INTERVIEW_FIELDS } from '../../core/interview';
import { SERVICES } from '../../schemas';
import { nodeId, PACKAGE, WorkflowBuilder, type Workflow } from './builder';
import { formField } from './forms';
import { interviewRejectedOutcome, OUTCOME_TEXT, OUTCOME_TITLE, referredOutcome, rejectedOutcome, stayOutcome, type OutcomeFields } from './intakeOutcome';

export const INTAKE_WORKFLOW_ID = 'tzhctIntake00001';
export const INTAKE_WORKFLOW_NAME = 'ТЖЦТ 1. Анкета рекрутера: прием, портрет, направление';

const NEXT_STEP: Record<number, string> = {
	1: 'Услуга 1: передать тьютору',
	2: 'Услуга 2: рекрутер дополняет данные',
	3: 'Услуга 3: передать консультанту',
	4: 'Услуга 4: передать консультанту',
	5: 'Услуга 5: передать тренеру',
	6: 'Услуга 6: передать консультанту',
};

/**
 * The recruiter's questionnaire in n8n: every portrait field plus the interview outcome, then intake,
 * the portrait check and the referral to a service, each step explained by a sticky note.
 */
export function intakeWorkflow(): Workflow {
	const flow = new WorkflowBuilder(INTAKE_WORKFLOW_ID, INTAKE_WORKFLOW_NAME);

	flow.note(
		[
			'## Анкета рекрутера',
			'Рекрутер заполняет эту форму во время или сразу после первого собеседования с выпускником.',
			'',
			'1. **Прием анкеты** находит кандидата в базе или создает профиль и записывает событие «Добавление кандидата». Анкета с ошибками не теряется: она попадает в таблицу «Отклоненные анкеты» со списком того, что исправить.',
			'2. **Проверка портрета** сверяет анкету с портретом пользователя и объясняет каждое невыполненное условие.',
			'3. **Направление на услугу** записывает собеседование, вводит выпускника в маршрут и направляет по сценарию A–D. Повторно отправленная анкета идет к итогу без передачи специалисту.',
			'4. **Страница с итогом анкеты** показывает рекрутеру, принята ли анкета, куда направлен выпускник и что исправить или дополнить.',
			'',
			'Повторный запуск с теми же анкетами ничего не задваивает.',
		].join('\n'),
		[-460, -420],
		[520, 360],
		4,
	);

	const questions = [
		...INTAKE_FIELDS.map((field) => ({ label: field.label, kind: field.kind, options: field.options, required: field.required, hint: field.hint })),
		...INTERVIEW_FIELDS.map((field) => ({ label: field.label, kind: field.kind, options: 'options' in field ? field.options : undefined, hint: 'hint' in field ? field.hint : undefined })),
	];
	const form = flow.add(
		'Анкета рекрутера',
		'n8n-nodes-base.formTrigger',
		2.3,
		[-400, 0],
		{
			formTitle: 'Анкета кандидата и итоги собеседования',
			formDescription:
				'Заполняет рекрутер. Поля без ответа оставьте пустыми или выберите «Не известно»: проверка портрета покажет, чего не хватает.',
			formFields: { values: questions.map(formField) },
			options: {
				path: 'anketa-rekrutera',
				buttonLabel: 'Отправить анкету',
				appendAttribution: false,
				// The outcome page is the Form Ending node at the end of every path. n8n 2.41 shows this text only
				// when an execution from the form finishes without reaching that node.
				respondWithOptions: {
					values: {
						formSubmittedText:
							'Анкета получена, но итог проверки не показан. Найдите анкету в таблице «Кандидаты» или «Отклоненные анкеты» либо обратитесь к администратору n8n.',
					},
				},
			},
		},
		{ webhookId: '6f0c9a52-3d1e-4b7a-9c1e-0a1b2c3d4e01' },
	);

	const batch = flow.add('Пакетная загрузка анкет', 'n8n-nodes-base.executeWorkflowTrigger', 1.1, [-400, 260], { inputSource: 'passthrough' });
	flow.note(
		'### Пакетная загрузка\nСюда приходят анкеты из других процессов: импорт таблицы, Google Forms, перенос из старой базы. Поля называются так же, как вопросы формы.',
		[-460, 460],
		[300, 180],
	);

	const intake = flow.add('Прием анкеты', `${PACKAGE}.lifecycleIntake`, 1, [-100, 100], { backend: 'local' });
	flow.connect(form, intake);
	flow.connect(batch, intake);

	const rejected = flow.add('Отклоненные анкеты: исправить', 'n8n-nodes-base.noOp', 1, [200, 360], {});
	flow.connect(intake, rejected, 1);
	flow.note(
		'### Отклоненные анкеты\nАнкета, которую нельзя принять (нет даты рождения, неверный телефон, неизвестная категория), сохраняется в таблице «Отклоненные анкеты» вместе с подсказкой. Сюда можно подключить письмо рекрутеру.',
		[140, 500],
		[320, 200],
	);

	// The portrait is checked on the interview date when the recruiter gives one, so ages match that day.
	const eligibility = flow.add('Проверка портрета', `${PACKAGE}.lifecycleEligibility`, 1, [200, 60], {
		backend: 'local',
		asOf: '={{ $json["Дата собеседования"] ?? "" }}',
	});
	flow.connect(intake, eligibility, 0);
	flow.note(
		'### Проверка портрета\nТри выхода: «Соответствует», «Не соответствует» и «Недостаточно данных». Причины записываются в таблицу «Проверки портрета». Несоответствие не тупик: такой выпускник получает направление на социально-психологические услуги.',
		[140, -300],
		[320, 220],
	);

	const referral = flow.add('Направление на услугу', `${PACKAGE}.lifecycleReferral`, 1, [520, 60], { backend: 'local' });
	flow.connect(eligibility, referral, 0);
	flow.connect(eligibility, referral, 1);
	flow.connect(eligibility, referral, 2);
	flow.note(
		'### Направление после собеседования\nA: подходит на вакансию и заинтересован — услуга 6. B: способности неясны — услуга 3. C: нужна поддержка в поиске работы — услуга 5. D: не соответствует портрету или отказался от других услуг — услуга 1. Пока не хватает данных, выпускник остается у рекрутера (услуга 2).',
		[460, -340],
		[360, 260],
	);

	const referredResult = addOutcome(flow, 'Итог: направлен на услугу', [1560, 60], referredOutcome(referral));
	const stayResult = addOutcome(flow, 'Итог: остается в услуге 2', [1560, -170], stayOutcome(referral));
	SERVICES.forEach((service, index) => {
		const outcome = service.number === 2 ? stayResult : referredResult;
		const y = -340 + index * 170;
		// A re-sent questionnaire skips the handover, so the specialist gets no second notice about the same user.
		const isNew = addIsNew(flow, `Анкета новая? Услуга ${service.number}`, [860, y]);
		const step = flow.add(NEXT_STEP[service.number], 'n8n-nodes-base.noOp', 1, [1120, y], {});
		flow.connect(referral, isNew, index);
		flow.connect(isNew, step, 0);
		flow.connect(isNew, outcome, 1);
		flow.connect(step, outcome);
	});
	flow.note(
		'### Анкета уже принята раньше\nЕсли ту же анкету отправили повторно, «Направление на услугу» ничего не записывает и отмечает «Уже записано ранее». Проверка «Анкета новая?» ведет такую анкету сразу к итогу, минуя передачу: специалист не получает второе уведомление о том же кандидате.',
		[800, -640],
		[300, 260],
	);
	flow.note(
		'### Дальше по карте услуг\nКаждый выход ведет к своей услуге. Замените эти узлы уведомлением специалисту (письмо, сообщение) или вызовом процесса своей услуги; выход узла оставьте соединенным с итогом анкеты.',
		[1400, -600],
		[320, 200],
	);

	const rejectedResult = addOutcome(flow, 'Итог: анкета отклонена', [1560, 360], rejectedOutcome());
	flow.connect(rejected, rejectedResult);
	// The referral node continues on its error output, so a rejected interview reaches a page too.
	const interviewRejected = addOutcome(flow, 'Итог: собеседование не записано', [1560, 560], interviewRejectedOutcome());
	flow.connect(referral, interviewRejected, SERVICES.length);
	flow.note(
		'### Собеседование не записано\nЕсли направление нельзя записать (ключ вакансии не найден, дата собеседования позже сегодняшней), «Направление на услугу» выдает анкету на выход ошибок. Анкета хранится в таблице «Отклоненные анкеты», рекрутер видит, что исправить.',
		[1060, 720],
		[320, 200],
	);
	addOutcomePage(flow, form, [referredResult, stayResult, rejectedResult, interviewRejected]);

	const workflow = flow.build();
	const referralNode = workflow.nodes.find((node) => node.name === referral);
	Object.assign(referralNode as object, { onError: 'continueErrorOutput' });
	return workflow;
}

/** Adds an IF whose true output takes items the referral wrote now and whose false output takes re-sent ones. */
function addIsNew(flow: WorkflowBuilder, name: string, position: [number, number]): string {
	return flow.add(name, 'n8n-nodes-base.if', 2.2, position, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: nodeId(INTAKE_WORKFLOW_ID, `${name}/alreadyRecorded`),
					leftValue: '={{ $json["Уже записано ранее"] === true }}',
					rightValue: '',
					operator: { type: 'boolean', operation: 'false', singleValue: true },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
}

/** Adds a Set that keeps only the page title and text of one kind of outcome. */
function addOutcome(flow: WorkflowBuilder, name: string, position: [number, number], fields: OutcomeFields[]): string {
	return flow.add(name, 'n8n-nodes-base.set', 3.4, position, {
		mode: 'manual',
		assignments: {
			assignments: fields.map((entry) => ({ id: nodeId(INTAKE_WORKFLOW_ID, `${name}/${entry.name}`), name: entry.name, value: entry.value, type: 'string' })),
		},
		includeOtherFields: false,
		options: {},
	});
}

/**
 * Adds the outcome page for submissions from the form, after a check of which trigger started the run.
 * n8n's Form node pauses the run until the form's browser page loads it. In n8n 2.41 a run from another
 * trigger that reaches the node does not fail but waits forever (status «waiting» until the year 3000),
 * so the batch load ends at the check.
 * NOTE: a run that stops with an error (the base cannot be opened) reaches no page, and n8n 2.41 then
 * shows its own English error text.
 */
function addOutcomePage(flow: WorkflowBuilder, form: string, outcomes: string[]): void {
	const fromForm = flow.add('Анкета пришла из формы?', 'n8n-nodes-base.if', 2.2, [1860, 60], {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: nodeId(INTAKE_WORKFLOW_ID, 'Анкета пришла из формы?/trigger'),
					leftValue: `={{ $(${JSON.stringify(form)}).isExecuted }}`,
					rightValue: '',
					operator: { type: 'boolean', operation: 'true', singleValue: true },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
	for (const outcome of outcomes) {
		flow.connect(outcome, fromForm);
	}

	const page = flow.add('Страница с итогом анкеты', 'n8n-nodes-base.form', 2.3, [2160, 0], {
		operation: 'completion',
		respondWith: 'text',
		completionTitle: `={{ $json[${JSON.stringify(OUTCOME_TITLE)}] }}`,
		completionMessage: `={{ $json[${JSON.stringify(OUTCOME_TEXT)}] }}`,
		options: {},
	});
	flow.connect(fromForm, page, 0);

	flow.note(
		[
			'### Страница с итогом для рекрутера',
			'После отправки формы рекрутер видит настоящий итог, а не «анкета отправлена»:',
			'- анкета принята, кандидат направлен на услугу: какую и что делать дальше;',
			'- кандидат остается в услуге 2: каких данных не хватает;',
			'- нужно решение рекрутера: почему сценарий не выбран;',
			'- анкета не принята: что исправить в каждом поле.',
			'',
			'В наборе процессов организации передача на услугу — письмо специалисту или партнеру. Если письмо не ушло, запуск идет к той же странице, и на ней добавляется строка: сообщите специалисту о кандидате сами.',
			'',
			'На страницу попадают только решение (услуга, сценарий, итог проверки портрета) и названия полей, которые нужно исправить или дополнить. Значения из базы и причины несоответствия портрету на нее не выводятся: форма открывается по ссылке, и по чужим ФИО нельзя узнать данные кандидата.',
			'',
			'«Анкета пришла из формы?» пропускает к странице только запуски из формы. Пакетная загрузка заканчивается на этом узле: итог у нее в таблицах.',
			'',
			'Запуск из формы ждет, пока браузер рекрутера откроет страницу итога. Если вкладку закрыли раньше, запуск остается в списке со статусом «Waiting»; все записи в базе к этому моменту уже сделаны.',
			'',
			'Если вместо итога n8n показал «Problem submitting response», запуск остановился с ошибкой (например, база недоступна). Причина видна в списке запусков.',
		].join('\n'),
		[1820, -520],
		[440, 460],
		4,
	);
}
