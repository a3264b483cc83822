import type { INodeProperties } from 'n8n-workflow';

import { KIND_LABELS } from '../../core/checkpointRecords';
import { DEFAULT_TIME_ZONE } from '../../core/calendar';
import { SERVICES } from '../../schemas';
import { baseProperties } from '../shared/base';

/** Environment variable that sets the check date when the node parameter is empty; for tests and recalculation only. */
export const TODAY_VARIABLE = 'EMPLOYMENT_LIFECYCLE_TODAY';

const SCHEDULED_SERVICES = SERVICES.filter((service) => service.number === 3 || service.number === 4 || service.number === 6);

export const checkpointTriggerProperties: INodeProperties[] = [
	...baseProperties,
	{
		displayName:
			'При каждой проверке узел пересчитывает графики сопровождения по эпизодам и событиям, записывает их в таблицу «Контрольные точки» и запускает процесс по одному разу для каждой точки, срок которой наступил, истек или требует эскалации. Отметка об отправке хранится в базе, поэтому перезапуск n8n или второй экземпляр процесса не отправят напоминание повторно.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Виды контрольных точек',
		name: 'kinds',
		type: 'multiOptions',
		options: Object.entries(KIND_LABELS).map(([value, name]) => ({ name, value })),
		default: [],
		description: 'Какие точки отслеживать. Узел пересчитывает и отправляет только эти виды, другие узлы их не меняют. Пусто — все виды.',
	},
	{
		displayName: 'Услуги',
		name: 'services',
		type: 'multiOptions',
		options: SCHEDULED_SERVICES.map((service) => ({ name: `${service.number}. ${service.name}`, value: service.number })),
		default: [],
		description: 'Точки каких услуг отслеживать и пересчитывать. Пусто — все услуги с графиком сопровождения (3, 4 и 6).',
	},
	{
		displayName: 'Часовой пояс',
		name: 'timeZone',
		type: 'string',
		default: DEFAULT_TIME_ZONE,
		placeholder: DEFAULT_TIME_ZONE,
		description: 'Часовой пояс организации в формате IANA: по нему определяется «сегодня»',
	},
	{
		displayName: 'Дополнительные нерабочие дни',
		name: 'nonWorkingDays',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: '2026-12-31, 2027-01-08',
		description:
			'Даты ГГГГ-ММ-ДД через запятую: выходные, перенесенные постановлением правительства, и собственные нерабочие дни организации. Праздники ст. 112 ТК РФ, выходные и перенос праздника с субботы или воскресенья учитываются сами. Срок точки, выпавший на нерабочий день, переносится на следующий рабочий.',
	},
	{
		displayName: 'Рабочие выходные дни',
		name: 'workingDays',
		type: 'string',
		default: '',
		placeholder: '2027-11-06',
		description: 'Субботы и воскресенья через запятую (ГГГГ-ММ-ДД), которые постановление правительства делает рабочими днями',
	},
	{
		displayName: 'Дата проверки (для тестов и пересчета)',
		name: 'checkDate',
		type: 'string',
		default: '',
		placeholder: '2026-12-04',
		description: `Проверять так, как будто сегодня эта дата (ГГГГ-ММ-ДД). Пусто — текущая дата в часовом поясе выше, или дата из переменной окружения ${TODAY_VARIABLE}, если она задана. Нужна для тестов и для пересчета пропущенных дней; в обычной работе оставьте пустой.`,
	},
	{
		displayName: 'Пересчитать всё',
		name: 'recomputeAll',
		type: 'boolean',
		default: false,
		description:
			'Whether to recompute the checkpoints of every user at each check. Off: only users whose episodes, events or checkpoints changed since the last check, and those whose dates come due, are recomputed; after a restart of n8n or a change of the settings above everyone is recomputed once. Turn it on for one run after changing the schedule rules.',
	},
	{
		displayName: 'Напоминать о просроченных',
		name: 'overdue',
		type: 'boolean',
		default: true,
		description: 'Один раз уведомить ответственного специалиста, если срок точки прошел, а она не выполнена',
	},
	{
		displayName: 'Эскалация руководителю',
		name: 'escalate',
		type: 'boolean',
		default: true,
		description: 'Сообщить руководителю о точке, которая не выполнена через несколько дней после срока',
	},
	{
		displayName: 'Эскалация через, дней после срока',
		name: 'escalateAfterDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 3,
		description: 'Через сколько дней после последнего дня срока точка уходит руководителю. 0 — на следующий день после срока, без отдельного уведомления специалисту.',
		displayOptions: { show: { escalate: [true] } },
	},
	{
		displayName: 'Не напоминать о точках старше, дней',
		name: 'maxAgeDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30,
		description:
			'Точки, срок которых истек раньше, остаются в базе со статусом «Просрочена», но писем о них нет. Защищает от сотен писем о давно прошедших точках при первом подключении базы с историей.',
	},
	{
		displayName: 'Не больше точек за одну проверку',
		name: 'maxPerPoll',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 500,
		description:
			'Сколько точек отправить за одну проверку. Остальные уйдут при следующих проверках: сначала наступившие, затем просроченные, затем эскалации, в каждой группе — с самым ранним сроком.',
	},
	{
		displayName: 'Отмечать как отправленные при ручном запуске',
		name: 'claimWhenManual',
		type: 'boolean',
		default: true,
		description:
			'Whether a manual run (Execute workflow, Fetch test event) marks the checkpoints as sent. Keep it on when the workflow sends e-mails straight from this node, so that the active workflow does not send them again. Turn it off when a «ТЖЦТ: отметка письма» node marks each letter before it goes out, as the shipped reminder workflow does, or to preview: then this node marks nothing.',
	},
];
