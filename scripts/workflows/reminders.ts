import { KIND_LABELS } from '../../core/checkpointRecords';
import { PACKAGE, WorkflowBuilder, type Workflow } from './builder';

export const REMINDERS_WORKFLOW_ID = 'tzhctReminder008';
export const REMINDERS_WORKFLOW_NAME = 'ТЖЦТ 8. Напоминания о контрольных точках';

/**
 * The SMTP credential the e-mail nodes point to. It does not exist in a fresh n8n: after import the
 * organisation picks its own SMTP credential in both e-mail nodes (or creates one with this id).
 */
export const SMTP_CREDENTIAL = { id: 'tzhctSmtp0000001', name: 'SMTP для напоминаний ТЖЦТ' };

/** Hours of the day (organisation's time zone) at which the active workflow checks the base. */
const POLL_CRON = '0 8-20 * * *';

const json = (field: string) => `$json[${JSON.stringify(field)}]`;

const SPECIALIST_SUBJECT = `={{ ${json('Состояние')} === 'Просрочена' ? 'Просрочена контрольная точка' : 'Контрольная точка' }}: {{ ${json('Контрольная точка')} }} (срок {{ ${json('Срок')} }})`;

const ESCALATION_SUBJECT = `=Эскалация: не выполнена контрольная точка «{{ ${json('Контрольная точка')} }}» (срок {{ ${json('Срок')} }})`;

/** Facts of the checkpoint and the route, shared by both letters. */
const DETAILS = [
	`Кандидат: {{ ${json('Кандидат')} }}`,
	`Контрольная точка: {{ ${json('Контрольная точка')} }}`,
	`Вид: {{ ${json('Вид')} }}`,
	`Срок: {{ ${json('Срок')} }}`,
	`Эпизод: {{ ${json('Эпизод')} }}`,
	`Что записать после выполнения: событие «{{ ${json('Ожидаемое событие')} }}» в этом эпизоде услуги.`,
	'',
	'Маршрут:',
	`{{ ${json('Маршрут')} }}`,
	'',
	`Ключ контрольной точки: {{ ${json('Ключ контрольной точки')} }}`,
	`Письмо отправлено автоматически процессом «${REMINDERS_WORKFLOW_NAME}».`,
];

const SPECIALIST_TEXT = [
	`=Здравствуйте{{ ${json('Ответственный специалист')} ? ', ' + ${json('Ответственный специалист')} : '' }}!`,
	'',
	`{{ ${json('Состояние')} === 'Просрочена' ? 'Срок контрольной точки истек (дней назад: ' + ${json('Дней просрочки')} + '), а событие о ее выполнении не записано.' : 'Наступил срок контрольной точки.' }}`,
	`{{ ${json('Срок перенесен')} ? 'Сроки изменились после изменения маршрута: ориентируйтесь на новые даты.' : '' }}`,
	`{{ ${json('Электронная почта специалиста')} ? '' : 'Ответственный специалист не назначен или у него нет адреса: назначьте специалиста в эпизоде услуги.' }}`,
	'',
	...DETAILS,
].join('\n');

const ESCALATION_TEXT = [
	'=Здравствуйте!',
	'',
	`Контрольная точка не выполнена: срок истек дней назад: {{ ${json('Дней просрочки')} }}. Ответственный специалист: {{ ${json('Ответственный специалист')} || 'не назначен' }}.`,
	'',
	...DETAILS,
].join('\n');

function condition(id: string, value: string) {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
		conditions: [{ id, leftValue: `={{ ${json('Состояние')} }}`, rightValue: value, operator: { type: 'string', operation: 'equals' } }],
		combinator: 'and',
	};
}

/** Settings n8n keeps beside a node's parameters: e-mail credentials and retries. */
function setNodeSettings(workflow: Workflow, name: string, settings: Record<string, unknown>): void {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) {
		throw new Error(`workflow ${workflow.id} has no node "${name}"`);
	}
	Object.assign(node, settings);
}

/**
 * Builds the reminder workflow. The trigger finds each checkpoint that is due, overdue or to escalate,
 * once. The specialist gets a letter with the user's route, and what stays undone goes to the manager.
 * «Отметка перед отправкой» takes the sent mark over right before the letters, so a re-run of old items
 * sends nothing, and «Снять отметку» releases the mark of a letter the mail server rejected.
 */
export function remindersWorkflow(): Workflow {
	const flow = new WorkflowBuilder(REMINDERS_WORKFLOW_ID, REMINDERS_WORKFLOW_NAME);

	flow.note(
		[
			'## Напоминания о контрольных точках',
			'Процесс напоминает специалистам о контактах, обратной связи и оценках по графику сопровождения (услуги 3, 4 и 6).',
			'',
			'1. **Контрольные точки** каждый час с 8:00 до 20:00 (и сразу после включения процесса) пересчитывает графики по эпизодам и событиям и находит точки, срок которых наступил, истек или требует эскалации.',
			'2. **Настройки организации** добавляют адреса руководителя и отправителя.',
			'3. **Отметка перед отправкой** отмечает точку как отправленную; уже отправленные письма уходят на выход «Пропущено».',
			'4. **Состояние точки** разводит точки: наступившие и просроченные уходят ответственному специалисту, эскалации — руководителю.',
			'',
			'Каждое письмо отправляется один раз. **Отметка перед отправкой** записывает в таблицу «Контрольные точки» отметку об отправке прямо перед письмом, поэтому перезапуск n8n, повторный ручной запуск и повтор выполнения из списка выполнений не задваивают письма. Письмо, которое почтовый сервер не принял, теряет отметку и уходит при следующей проверке. Чтобы отправить напоминание еще раз, очистите в записи поле «Напоминание отправлено».',
			'',
			'Точка считается выполненной, когда в эпизод записано ожидаемое событие (например, «Оценка работодателем работы кандидата» для оценки через месяц).',
		].join('\n'),
		[-520, -600],
		[560, 520],
		4,
	);

	flow.note(
		[
			'### Перед включением',
			'1. Создайте учетные данные **SMTP** (Credentials → Add credential → SMTP): сервер, порт, пользователь и пароль почты организации.',
			'2. Выберите их в узлах «Письмо специалисту» и «Эскалация руководителю».',
			'3. Впишите адреса в «Настройки организации».',
			'4. Если база в Airtable, выберите ее в узлах «Контрольные точки», «Отметка перед отправкой» и «Снять отметку».',
			'5. Включите процесс (Publish / Active).',
			'',
			'Ручной запуск (Execute workflow) тоже отправляет письма и отмечает точки. Чтобы только посмотреть, какие точки найдутся, выполните один узел «Контрольные точки» (Execute step): в этом процессе ручной запуск узла ничего не отмечает. Не запускайте отдельно узлы писем: они отправят письма без проверки отметок.',
		].join('\n'),
		[80, -600],
		[560, 420],
		3,
	);

	const trigger = flow.add('Контрольные точки', `${PACKAGE}.lifecycleCheckpointTrigger`, 1, [-400, 0], {
		pollTimes: { item: [{ mode: 'custom', cronExpression: POLL_CRON }] },
		backend: 'local',
		timeZone: 'Europe/Moscow',
		// The exit check belongs to workflow 10 «Точка выхода», which records the exit itself; a checkpoint
		// goes to whichever workflow claims it first, so this one leaves it alone.
		kinds: Object.keys(KIND_LABELS).filter((kind) => kind !== 'exitCheck'),
		// «Отметка перед отправкой» marks what a manual run sends, so running the trigger alone stays a preview.
		claimWhenManual: false,
	});

	const settings = flow.add('Настройки организации', 'n8n-nodes-base.set', 3.4, [-160, 0], {
		mode: 'manual',
		assignments: {
			assignments: [
				{ id: 'a1f0c2d4-0b5e-4c1a-9f00-000000000001', name: 'Адрес руководителя', value: 'rukovoditel@example.org', type: 'string' },
				{ id: 'a1f0c2d4-0b5e-4c1a-9f00-000000000002', name: 'Адрес отправителя', value: 'napominaniya@example.org', type: 'string' },
			],
		},
		includeOtherFields: true,
		options: {},
	});
	flow.connect(trigger, settings);
	flow.note(
		'### Настройки организации\nАдрес руководителя получает эскалации и напоминания по точкам без ответственного специалиста. Адрес отправителя должен быть разрешен вашим SMTP-сервером.',
		[-240, 180],
		[300, 200],
	);

	const takeOver = flow.add('Отметка перед отправкой', `${PACKAGE}.lifecycleReminderMark`, 1, [80, 0], {
		backend: 'local',
		operation: 'takeOver',
	});
	flow.connect(settings, takeOver);
	const alreadySent = flow.add('Письмо уже отправлено', 'n8n-nodes-base.noOp', 1, [360, 360], {});
	flow.connect(takeOver, alreadySent, 1);

	const route = flow.add('Состояние точки', 'n8n-nodes-base.switch', 3.2, [320, 0], {
		rules: {
			values: [
				{ conditions: condition('b2e0d3c5-1c6f-4d2b-8a11-000000000001', 'Наступила'), renameOutput: true, outputKey: 'Наступила' },
				{ conditions: condition('b2e0d3c5-1c6f-4d2b-8a11-000000000002', 'Просрочена'), renameOutput: true, outputKey: 'Просрочена' },
				{ conditions: condition('b2e0d3c5-1c6f-4d2b-8a11-000000000003', 'Эскалация'), renameOutput: true, outputKey: 'Эскалация' },
			],
		},
		options: {},
	});
	flow.connect(takeOver, route, 0);

	const specialistMail = flow.add('Письмо специалисту', 'n8n-nodes-base.emailSend', 2.1, [600, -100], {
		resource: 'email',
		operation: 'send',
		fromEmail: `={{ ${json('Адрес отправителя')} }}`,
		toEmail: `={{ ${json('Электронная почта специалиста')} || ${json('Адрес руководителя')} }}`,
		subject: SPECIALIST_SUBJECT,
		emailFormat: 'text',
		text: SPECIALIST_TEXT,
		options: { appendAttribution: false },
	});
	flow.connect(route, specialistMail, 0);
	flow.connect(route, specialistMail, 1);

	const escalationMail = flow.add('Эскалация руководителю', 'n8n-nodes-base.emailSend', 2.1, [600, 140], {
		resource: 'email',
		operation: 'send',
		fromEmail: `={{ ${json('Адрес отправителя')} }}`,
		toEmail: `={{ ${json('Адрес руководителя')} }}`,
		subject: ESCALATION_SUBJECT,
		emailFormat: 'text',
		text: ESCALATION_TEXT,
		options: { appendAttribution: false, ccEmail: `={{ ${json('Электронная почта специалиста')} }}` },
	});
	flow.connect(route, escalationMail, 2);

	const release = flow.add('Снять отметку', `${PACKAGE}.lifecycleReminderMark`, 1, [860, 140], {
		backend: 'local',
		operation: 'release',
	});
	flow.connect(specialistMail, release, 1);
	flow.connect(escalationMail, release, 1);
	const notSent = flow.add('Письмо не ушло: отправится при следующей проверке', 'n8n-nodes-base.noOp', 1, [1100, 60], {});
	flow.connect(release, notSent, 0);
	const markKept = flow.add('Отметка не снята: проверьте точку', 'n8n-nodes-base.noOp', 1, [1100, 220], {});
	flow.connect(release, markKept, 1);
	flow.note(
		[
			'### Письма',
			'Наступившие и просроченные точки — ответственному специалисту (без адреса — руководителю). Эскалация — руководителю с копией специалисту.',
			'',
			'Письмо, которое почтовый сервер не принял, уходит на выход ошибок. **Снять отметку** очищает его отметку, и следующая проверка (через час) отправит его снова. Причина сбоя — в поле «error» узла «Письмо не ушло: отправится при следующей проверке».',
		].join('\n'),
		[560, 320],
		[420, 240],
	);

	const workflow = flow.build();
	for (const name of [specialistMail, escalationMail]) {
		// The error output keeps one rejected letter from stopping the others and lets «Снять отметку» run.
		// No retryOnFail: when the first item fails, n8n 2.41.1 re-runs the whole node and would re-send the
		// letters that did go out. The next check retries instead.
		setNodeSettings(workflow, name, { credentials: { smtp: SMTP_CREDENTIAL }, onError: 'continueErrorOutput' });
	}
	return workflow;
}
