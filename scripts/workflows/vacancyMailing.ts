import { PACKAGE, WorkflowBuilder, type Workflow } from './builder';
import { SMTP_CREDENTIAL } from './reminders';

export const VACANCY_MAILING_WORKFLOW_ID = 'tzhctVacMailing9';
export const VACANCY_MAILING_WORKFLOW_NAME = 'ТЖЦТ 9. Рассылка вакансий источникам';

const PREPARE = 'Подготовка рассылки';
const SETTINGS = 'Настройки рассылки';

const json = (field: string) => `$json[${JSON.stringify(field)}]`;
const prepared = (field: string) => `$('${PREPARE}').item.json[${JSON.stringify(field)}]`;
const setting = (field: string) => `$('${SETTINGS}').first().json[${JSON.stringify(field)}]`;

/** Settings n8n keeps beside a node's parameters, such as credentials and error handling. */
function setNodeSettings(workflow: Workflow, name: string, settings: Record<string, unknown>): void {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) {
		throw new Error(`workflow ${workflow.id} has no node "${name}"`);
	}
	Object.assign(node, settings);
}

/**
 * The periodic mailing of vacancies to source contacts. Every Monday (or by hand) each subscribed КИ gets
 * one letter with the open and urgent vacancies of the source's city. Each sent letter is recorded as
 * «Связь с контактом источника» by e-mail.
 */
export function vacancyMailingWorkflow(): Workflow {
	const flow = new WorkflowBuilder(VACANCY_MAILING_WORKFLOW_ID, VACANCY_MAILING_WORKFLOW_NAME);

	flow.note(
		[
			'## Рассылка вакансий источникам',
			'Раз в неделю каждый КИ, который получает рассылку, получает одно письмо с вакансиями для выпускников.',
			'',
			'1. **Подготовка рассылки** берет открытые вакансии типа «Открытая вакансия» и срочные вакансии с выделенными функциями. Площадки временного трудоустройства в рассылку не попадают.',
			'2. Если у источника КИ указан город, в письмо попадают вакансии этого города и удаленная работа; иначе — все.',
			'3. Срочные вакансии идут первыми. Вакансия с выделенными функциями не публикуется, поэтому в письме есть только ее название и приглашение к рекрутеру.',
			'4. В конце письма — напоминание о социально-психологических услугах для выпускников, которым пока трудно начать работу.',
			'5. **Запись связи с КИ** записывает событие «Связь с контактом источника» со способом связи «Электронное письмо».',
			'',
			'Повторный запуск в тот же день не задвоит события: одно событие на КИ и дату. Письма при этом уйдут снова, поэтому вручную запускайте процесс один раз.',
		].join('\n'),
		[-720, -520],
		[600, 440],
		4,
	);

	flow.note(
		[
			'### Перед включением',
			'1. Создайте учетные данные **SMTP** (Credentials → Add credential → SMTP) и выберите их в узле «Письмо КИ».',
			'2. Заполните «Настройки рассылки»: адрес отправителя, контакты рекрутера, название организации.',
			'3. Чтобы КИ получал рассылку, в узле «ТЖЦТ: источники и КИ» (операция «Добавить или изменить КИ») отметьте «Получает рассылку вакансий» и укажите электронную почту. Городом КИ считается город его источника.',
			'4. Включите процесс (Publish / Active).',
		].join('\n'),
		[-80, -520],
		[520, 300],
		3,
	);

	const weekly = flow.add('Каждый понедельник в 10:00', 'n8n-nodes-base.scheduleTrigger', 1.2, [-640, 0], {
		rule: { interval: [{ field: 'weeks', weeksInterval: 1, triggerAtDay: [1], triggerAtHour: 10, triggerAtMinute: 0 }] },
	});
	const manual = flow.add('Запустить вручную', 'n8n-nodes-base.manualTrigger', 1, [-640, 200], {});
	flow.note('### Когда\nПо понедельникам в 10:00 по часовому поясу процесса. Для ежемесячной рассылки поменяйте правило на «Months». Ручной запуск — для внеочередной рассылки срочных вакансий.', [-700, 340], [300, 200]);

	const settings = flow.add(SETTINGS, 'n8n-nodes-base.set', 3.4, [-400, 100], {
		mode: 'manual',
		assignments: {
			assignments: [
				{ id: 'c3f1d4e6-2d70-4e3c-9b22-000000000001', name: 'Адрес отправителя', value: 'vakansii@example.org', type: 'string' },
				{ id: 'c3f1d4e6-2d70-4e3c-9b22-000000000002', name: 'Контакты рекрутера', value: 'рекрутер, +7 900 000-00-00', type: 'string' },
				{ id: 'c3f1d4e6-2d70-4e3c-9b22-000000000003', name: 'Название организации', value: 'АНО «Название организации»', type: 'string' },
			],
		},
		options: {},
	});
	flow.connect(weekly, settings);
	flow.connect(manual, settings);

	const prepare = flow.add(PREPARE, `${PACKAGE}.lifecycleSource`, 1, [-160, 100], {
		backend: 'local',
		operation: 'mailing',
		recruiterContact: `={{ ${json('Контакты рекрутера')} }}`,
		organisationName: `={{ ${json('Название организации')} }}`,
		newWithinDays: 7,
	});
	flow.connect(settings, prepare);
	flow.note(
		'### Подготовка рассылки\nОдин элемент на КИ: адрес, тема, текст письма и ключи вакансий. КИ без адреса или без вакансий в своем городе пропускаются; чтобы увидеть их, включите «Показать пропущенных КИ» и отделите их узлом IF по полю «Пропущен».',
		[-240, 280],
		[320, 220],
	);

	const send = flow.add('Письмо КИ', 'n8n-nodes-base.emailSend', 2.1, [100, 100], {
		resource: 'email',
		operation: 'send',
		fromEmail: `={{ ${setting('Адрес отправителя')} }}`,
		toEmail: `={{ ${json('Электронная почта')} }}`,
		subject: `={{ ${json('Тема')} }}`,
		emailFormat: 'text',
		text: `={{ ${json('Текст')} }}`,
		options: { appendAttribution: false },
	});
	flow.connect(prepare, send);

	const record = flow.add('Запись связи с КИ', `${PACKAGE}.lifecycleSource`, 1, [360, 0], {
		backend: 'local',
		operation: 'recordMailing',
		contactId: `={{ ${prepared('Ключ КИ')} }}`,
		subject: `={{ ${prepared('Тема')} }}`,
		vacancyCount: `={{ ${prepared('Число вакансий')} }}`,
	});
	flow.connect(send, record, 0);
	flow.note(
		'### Запись связи с КИ\nТолько для отправленных писем: событие «Связь с контактом источника», способ связи «Электронное письмо», тема письма и число вакансий. Текст письма в событие не копируется.',
		[300, -240],
		[320, 200],
	);

	const failed = flow.add('Письмо не отправлено: проверить адрес', 'n8n-nodes-base.noOp', 1, [360, 220], {});
	flow.connect(send, failed, 1);
	flow.note(
		'### Письмо не отправлено\nСюда попадают письма, которые почтовый сервер не принял (неверный адрес, сбой сервера). Событие для них не записывается. Исправьте адрес КИ или позвоните ему и запишите звонок операцией «Записать связь с КИ».',
		[300, 380],
		[340, 220],
	);

	const workflow = flow.build();
	setNodeSettings(workflow, send, { credentials: { smtp: SMTP_CREDENTIAL }, onError: 'continueErrorOutput', retryOnFail: true, maxTries: 3, waitBetweenTries: 5000 });
	return workflow;
}
