import type { IExecuteFunctions, IGetNodeParameterOptions, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { dateInTimeZone, isIsoDate } from '../../core/calendar';
import type { CheckpointKind } from '../../core/checkpoints';
import { pollCheckpoints, type PollOptions } from '../../core/operations/checkpoints';
import { checkWorkCalendar, parseDateList, type WorkCalendar } from '../../core/workCalendar';
import { CheckpointSyncState } from '../../core/operations/checkpointSyncState';
import type { ServiceNumber } from '../../schemas';
import type { WriteContext } from '../../storage/types';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, calendarDate, openBase } from '../shared/base';
import { checkpointTriggerProperties, TODAY_VARIABLE } from './description';
import { reminderItem } from './output';

/**
 * Wraps the poll context for `openBase`, which reads parameters by item index as action nodes do. A poll
 * has no items, so the index is dropped. Every other property is the poll context's own.
 */
function asBaseOpener(poll: IPollFunctions): IExecuteFunctions {
	return new Proxy(poll, {
		get(target, property) {
			if (property === 'getNodeParameter') {
				return (name: string, _itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions) => target.getNodeParameter(name, fallback, options);
			}
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	}) as unknown as IExecuteFunctions;
}

/**
 * Sync fingerprints of each trigger node in this process, by workflow and node. They live in memory only:
 * after a restart the first poll recomputes every user once. Sharing them between bases is safe, because
 * a fingerprint covers every row the recompute reads.
 */
const syncStates = new Map<string, CheckpointSyncState>();

function syncStateOf(poll: IPollFunctions): CheckpointSyncState {
	const key = `${poll.getWorkflow().id ?? ''}\u0000${poll.getNode().name}`;
	let state = syncStates.get(key);
	if (!state) {
		state = new CheckpointSyncState();
		syncStates.set(key, state);
	}
	return state;
}

/** Builds the write context of a poll. The poll runs before n8n creates an execution, so writes carry no execution id. */
function pollWriteContext(poll: IPollFunctions): WriteContext {
	const workflow = poll.getWorkflow();
	return { actor: `n8n: ${workflow.name ?? workflow.id ?? 'процесс'}`, workflowId: workflow.id, node: poll.getNode().name };
}

function requireTimeZone(poll: IPollFunctions, value: string): string {
	try {
		new Intl.DateTimeFormat('ru-RU', { timeZone: value });
		return value;
	} catch {
		throw new NodeOperationError(poll.getNode(), `Часовой пояс «${value}» не найден.`, {
			description: 'Укажите часовой пояс в формате IANA, например Europe/Moscow или Asia/Yekaterinburg.',
		});
	}
}

/** Reads the organisation's extra non-working and working days; a wrong date stops the poll with the fix. */
function readWorkCalendar(poll: IPollFunctions): WorkCalendar {
	const calendar: WorkCalendar = {
		nonWorkingDays: parseDateList(String(poll.getNodeParameter('nonWorkingDays', ''))),
		workingDays: parseDateList(String(poll.getNodeParameter('workingDays', ''))),
	};
	const problems = checkWorkCalendar(calendar, { nonWorkingDays: 'Параметр «Дополнительные нерабочие дни»', workingDays: 'Параметр «Рабочие выходные дни»' });
	if (problems.length > 0) {
		throw new NodeOperationError(poll.getNode(), problems[0], { description: problems.join(' ') });
	}
	return calendar;
}

/** Returns the check date: the parameter, else the test variable, else today in the organisation's time zone. */
function checkDate(poll: IPollFunctions, timeZone: string): string {
	const fromParameter = calendarDate(poll.getNodeParameter('checkDate', ''), '');
	const value = fromParameter || calendarDate(process.env[TODAY_VARIABLE], '') || dateInTimeZone(new Date(), timeZone);
	if (!isIsoDate(value)) {
		throw new NodeOperationError(poll.getNode(), `Дата проверки «${value}» не распознана: ожидается дата в формате ГГГГ-ММ-ДД.`, {
			description: `Исправьте параметр «Дата проверки (для тестов и пересчета)» или переменную окружения ${TODAY_VARIABLE}, либо оставьте их пустыми.`,
		});
	}
	return value;
}

export class LifecycleCheckpointTrigger implements INodeType {
	description: INodeTypeDescription = {
		// Everything users see is Russian, so the name has no English "Trigger" suffix. The node is still
		// listed among the triggers because its group is 'trigger'.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-display-name-unsuffixed-trigger-node, @n8n/community-nodes/trigger-node-conventions
		displayName: 'ТЖЦТ: контрольные точки',
		name: 'lifecycleCheckpointTrigger',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Наступившие и просроченные точки',
		description:
			'Запускает процесс по одному разу для каждой контрольной точки сопровождения, срок которой наступил, истек или требует эскалации руководителю',
		defaults: { name: 'Контрольные точки' },
		polling: true,
		credentials: baseCredentials,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: checkpointTriggerProperties,
	};

	methods = { listSearch: airtableListSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const timeZone = requireTimeZone(this, String(this.getNodeParameter('timeZone', 'Europe/Moscow')).trim() || 'Europe/Moscow');
		const today = checkDate(this, timeZone);
		const escalate = this.getNodeParameter('escalate', true) as boolean;
		// A manual run claims unless the user asked for a preview; an active workflow always claims.
		const preview = this.getMode() === 'manual' && !(this.getNodeParameter('claimWhenManual', true) as boolean);
		// A preview for a date after today only looks ahead: syncing for that date would store future
		// statuses («Просрочена» before the deadline), so it lists the rows as the last check left them.
		const lookAhead = preview && today > dateInTimeZone(new Date(), timeZone);
		const options: PollOptions = {
			today,
			timeZone,
			workCalendar: readWorkCalendar(this),
			kinds: this.getNodeParameter('kinds', []) as CheckpointKind[],
			services: (this.getNodeParameter('services', []) as Array<number | string>).map((value) => Number(value) as ServiceNumber),
			overdue: this.getNodeParameter('overdue', true) as boolean,
			escalateAfterDays: escalate ? Number(this.getNodeParameter('escalateAfterDays', 3)) : null,
			maxAgeDays: Number(this.getNodeParameter('maxAgeDays', 30)),
			limit: Number(this.getNodeParameter('maxPerPoll', 500)),
			preview,
			sync: !lookAhead,
			state: syncStateOf(this),
			fullSync: this.getNodeParameter('recomputeAll', false) as boolean,
		};

		const base = await openBase(asBaseOpener(this));
		try {
			const result = await pollCheckpoints(base, options, pollWriteContext(this));
			if (result.sync && result.sync.failures.length > 0) {
				// Candidate keys are opaque ids, not personal data; the messages name fields, never values.
				this.logger.warn(`ТЖЦТ: контрольные точки не пересчитаны для ${result.sync.failures.length} кандидатов`, {
					candidates: result.sync.failures.slice(0, 20).map((failure) => failure.candidateId),
					firstMessage: result.sync.failures[0].message,
				});
			}
			if (result.reminders.length === 0) {
				return null;
			}
			return [this.helpers.returnJsonArray(result.reminders.map(reminderItem))];
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `Не удалось проверить контрольные точки: ${(error as Error).message}`, {
				description: 'Исправьте данные, указанные в сообщении, и дождитесь следующей проверки: уже отмеченные точки не отправятся повторно.',
			});
		} finally {
			await base.close();
		}
	}
}
