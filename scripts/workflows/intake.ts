import { INTAKE_FIELDS } from '../../core/intake';
import { INTERVIEW_FIELDS } from '../../core/interview';
import { SERVICES } from '../../schemas';
import { PACKAGE, WorkflowBuilder, type Workflow } from './builder';
import { formField } from './forms';

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
			'3. **Направление на услугу** записывает собеседование, вводит выпускника в маршрут и направляет по сценарию A–D.',
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
				// NOTE: the form responds as soon as it receives a submission, before the checks run, so the text
				// must not promise acceptance: the result is in the base and in the rejected-submissions table.
				respondWithOptions: {
					values: {
						formSubmittedText:
							'Анкета получена. Если в ней найдутся ошибки, она появится в таблице «Отклоненные анкеты» с подсказкой, что исправить; принятая анкета — в таблице «Кандидаты» с результатом проверки портрета.',
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

	SERVICES.forEach((service, index) => {
		const step = flow.add(NEXT_STEP[service.number], 'n8n-nodes-base.noOp', 1, [900, -340 + index * 170], {});
		flow.connect(referral, step, index);
	});
	flow.note(
		'### Дальше по карте услуг\nКаждый выход ведет к своей услуге. Замените эти узлы уведомлением специалисту (письмо, сообщение) или вызовом процесса своей услуги.',
		[1120, -200],
		[300, 180],
	);

	return flow.build();
}
