import { serviceName } from '../../../schemas';
import { PACKAGE, WorkflowBuilder, type Workflow } from '../builder';
import { addForm, addNoOp, addSetFields, addSwitch, COLUMN, fieldText, json, ROW, setNodeSettings } from './common';
import { addNoteRow } from './notes';

export const EXIT_WORKFLOW_ID = 'tzhctExitPoint10';
export const EXIT_WORKFLOW_NAME = 'ТЖЦТ 10. Точка выхода';
export const EXIT_FORM_PATH = 'tochka-vyhoda';

/** Daily at 07:00 in the workflow's time zone: the exit point is a date, so one check a day is enough. */
const DAILY_CRON = '0 7 * * *';

const CHECK = 'Проверить точку выхода';
const WITHDRAW = 'Выбытие';

/** Candidate keys typed into «Кого проверить», one item per key. */
const KEYS = `={{ String(${json('Ключи кандидатов')} ?? "").split(/[\\s,;]+/).filter((key) => key !== "") }}`;

/**
 * Builds the exit workflow. Every day the checkpoint trigger finds the users of supported employment whose
 * exit date has come, and «ТЖЦТ: выход» records «Точка выхода» after more than six months of work without
 * support. A manual run checks the users listed by hand; the form records a check or a withdrawal.
 */
export function exitWorkflow(): Workflow {
	const id = EXIT_WORKFLOW_ID;
	const flow = new WorkflowBuilder(id, EXIT_WORKFLOW_NAME);
	const x = (column: number) => -400 + column * COLUMN;

	// `n8n execute` (n8n 2.41.1) starts from the first trigger or polling node in the node list, so the manual one comes first.
	const manual = flow.add('Проверить вручную', 'n8n-nodes-base.manualTrigger', 1, [x(0), ROW], {});

	const daily = flow.add('Ежедневная проверка точки выхода', `${PACKAGE}.lifecycleCheckpointTrigger`, 1, [x(0), 0], {
		pollTimes: { item: [{ mode: 'custom', cronExpression: DAILY_CRON }] },
		backend: 'local',
		kinds: ['exitCheck'],
		services: [6],
		timeZone: 'Europe/Moscow',
	});

	const listToCheck = addSetFields(flow, id, 'Кого проверить', [x(1), ROW], [{ name: 'Ключи кандидатов', value: '' }]);
	flow.connect(manual, listToCheck);
	const keys = addSetFields(flow, id, 'Список ключей', [x(2), ROW], [{ name: 'Ключ кандидата', value: KEYS, type: 'array' }]);
	flow.connect(listToCheck, keys);
	const split = flow.add('По одному кандидату', 'n8n-nodes-base.splitOut', 1, [x(3), ROW], { fieldToSplitOut: 'Ключ кандидата', include: 'allOtherFields', options: {} });
	flow.connect(keys, split);

	const form = addForm(flow, id, 'Форма консультанта', [x(0), 3 * ROW], {
		title: 'Точка выхода или выбытие',
		description: 'Заполняет консультант по сопровождаемому трудоустройству или рекрутер: проверить точку выхода пользователя или записать его выбытие до нее.',
		path: EXIT_FORM_PATH,
		button: 'Записать',
		submitted: 'Записано.',
		questions: [
			{ label: 'Операция', kind: 'choice', options: [CHECK, WITHDRAW], required: true },
			{ label: 'Ключ кандидата', kind: 'text', required: true, hint: 'Из таблицы «Кандидаты», поле «Ключ»' },
			{ label: 'Дата', kind: 'date', hint: 'Пусто — сегодня' },
			{ label: 'Причина выбытия', kind: 'longText', hint: 'Для выбытия: почему пользователь уходит до точки выхода' },
			{ label: 'Специалист', kind: 'text', hint: 'ФИО того, кто записывает' },
		],
	});
	const operation = addSwitch(flow, id, 'Операция', [x(3), 3 * ROW], 'Операция', [
		{ value: CHECK, output: CHECK },
		{ value: WITHDRAW, output: WITHDRAW },
	]);
	flow.connect(form, operation);

	const check = flow.add(CHECK, `${PACKAGE}.lifecycleExit`, 1, [x(4), 0], {
		backend: 'local',
		operation: 'check',
		candidateId: fieldText('Ключ кандидата'),
		date: `={{ ${json('Дата')} ?? ${json('Дата проверки')} ?? "" }}`,
		record: true,
		options: { actor: fieldText('Специалист') },
	});
	flow.connect(daily, check);
	flow.connect(split, check);
	flow.connect(operation, check, 0);

	const withdraw = flow.add(WITHDRAW, `${PACKAGE}.lifecycleExit`, 1, [x(4), 3 * ROW], {
		backend: 'local',
		operation: 'withdraw',
		candidateId: fieldText('Ключ кандидата'),
		date: fieldText('Дата'),
		reason: fieldText('Причина выбытия'),
		options: { actor: fieldText('Специалист') },
	});
	flow.connect(operation, withdraw, 1);

	const reached = addNoOp(flow, 'Точка выхода записана', [x(5), 0]);
	const notYet = addNoOp(flow, 'Еще не наступила или ошибка', [x(5), ROW]);
	const withdrawn = addNoOp(flow, 'Выбыл', [x(5), 2 * ROW]);
	for (const node of [check, withdraw]) {
		flow.connect(node, reached, 0);
		flow.connect(node, notYet, 1);
		flow.connect(node, withdrawn, 2);
	}

	addNoteRow(flow, x(0) - 60, [
		{
			content: [
				'## Точка выхода',
				'Пользователь выходит из технологии после **более 6 месяцев самостоятельной работы по трудовому договору** (без сопровождения). Тогда услуги заканчиваются; услуга «' + serviceName(5) + '» остается доступной. Уйти раньше можно: это выбытие с причиной. Вернувшийся пользователь начинает с услуги «' + serviceName(2) + '» (процесс «ТЖЦТ 11»).',
				'',
				'1. **Ежедневная проверка точки выхода** каждый день в 7:00 (по часовому поясу процесса) находит пользователей сопровождаемого трудоустройства, у которых наступила дата выхода, по контрольной точке «Проверка точки выхода».',
				'2. **Проверить точку выхода** считает дни работы без сопровождения с учетом увольнений и записывает «Точку выхода»: статус маршрута, дату выхода и событие.',
			].join('\n'),
			width: 600,
			height: 460,
			color: 4,
		},
		{
			content: [
				'### Ручная проверка и форма',
				'**Проверить вручную**: впишите ключи кандидатов через запятую в узел «Кого проверить» и запустите процесс с узла «Проверить вручную» (Execute workflow). Например, после подключения базы с историей.',
				'',
				'**Форма консультанта**: проверка одного пользователя или **выбытие** с причиной; выбытие закрывает открытые услуги.',
				'',
				'Повторная проверка ничего не задваивает: точка выхода записывается один раз.',
			].join('\n'),
			width: 480,
			height: 460,
		},
		{
			content: [
				'### Контрольная точка выхода',
				'Каждую контрольную точку получает один процесс: тот, что проверил базу первым. Поэтому в процессе напоминаний «ТЖЦТ 8» уберите вид «Проверка точки выхода» (узел «Контрольные точки», поле «Виды контрольных точек»: выберите все виды, кроме этого). Сборка для провайдера делает это сама.',
				'',
				'Если в день проверки точка выхода еще не наступила (например, был перерыв в работе), процесс проверит пользователя снова, когда срок точки истечет, и при эскалации.',
				'',
				'«Еще не наступила или ошибка»: в поле «Сообщение» — сколько дней осталось, в поле «error» — причина ошибки.',
			].join('\n'),
			width: 520,
			height: 460,
		},
	]);

	const workflow = flow.build();
	setNodeSettings(workflow, check, { onError: 'continueRegularOutput' });
	setNodeSettings(workflow, withdraw, { onError: 'continueRegularOutput' });
	return workflow;
}
