import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { releaseReminderMarks, reminderStateOf, takeOverReminderMarks, type ReminderMarkOutcome, type ReminderMarkRequest } from '../../core/operations/reminderMarks';
import type { ItemResult } from '../../core/operations/result';
import { LifecycleCheckpointTrigger } from '../../nodes/LifecycleCheckpointTrigger/LifecycleCheckpointTrigger.node';
import { LifecycleReminderMark } from '../../nodes/LifecycleReminderMark/LifecycleReminderMark.node';
import { LocalBase } from '../../storage/local/localBase';
import type { WriteContext } from '../../storage/types';

const context: WriteContext = { actor: 'test', executionId: 'exec-1' };
const WEEK = 'c1-e6:s6:first-week';

function pollContext(parameters: Record<string, unknown>, mode: 'manual' | 'trigger'): IPollFunctions {
	return {
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getMode: () => mode,
		getNode: () => ({ id: 'node-1', name: 'Контрольные точки', type: 'lifecycleCheckpointTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		getWorkflow: () => ({ id: 'wf-1', name: 'Напоминания', active: mode === 'trigger' }),
		logger: { warn: () => undefined },
		helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
	} as unknown as IPollFunctions;
}

/** Requests as the shipped workflow builds them from the trigger's items. */
function requestsOf(items: readonly IDataObject[]): ReminderMarkRequest[] {
	return items.map((item) => ({
		checkpointId: String(item['Ключ контрольной точки']),
		state: reminderStateOf(String(item['Состояние'])) ?? 'due',
		mark: String(item['Отметка отправки'] ?? ''),
	}));
}

/** Returns whether each request was done, or the failure message, so a failed item shows why. */
function doneOrMessage(result: ItemResult<ReminderMarkOutcome>): boolean | string {
	return result.ok ? result.value.done : result.message;
}

describe('reminder marks', () => {
	let folder: string;
	let path: string;
	let base: LocalBase;

	async function poll(mode: 'manual' | 'trigger', parameters: Record<string, unknown> = {}): Promise<IDataObject[]> {
		const result = (await new LifecycleCheckpointTrigger().poll.call(
			pollContext({ backend: 'local', localPath: path, checkDate: '2024-02-07', ...parameters }, mode),
		)) as INodeExecutionData[][] | null;
		return result ? result[0].map((item) => item.json) : [];
	}

	beforeEach(async () => {
		folder = mkdtempSync(join(tmpdir(), 'reminder-marks-'));
		path = join(folder, 'base.sqlite');
		base = LocalBase.open(path);
		const results = await base.write(
			[
				{ kind: 'insert', table: 'candidates', row: { id: 'c1', lastName: 'Тестова', firstName: 'Анна', birthDate: '2003-05-17', consent: true, routeState: 'Пользователь' }, onConflict: 'error' },
				{ kind: 'insert', table: 'episodes', row: { id: 'c1-e6', candidate: 'c1', service: 'Сопровождаемое трудоустройство', status: 'Оказывается', startDate: '2024-01-20' }, onConflict: 'error' },
				{ kind: 'insert', table: 'events', row: { id: 'c1-hire', type: 'Кандидат устроился на работу', date: '2024-01-31', candidate: 'c1', episode: 'c1-e6' }, onConflict: 'error' },
			],
			context,
		);
		expect(results.filter((result) => result.status === 'failed')).toEqual([]);
	});

	afterEach(async () => {
		await base.close();
		rmSync(folder, { recursive: true, force: true });
	});

	test('state labels and codes parse', () => {
		expect(reminderStateOf('Наступила')).toBe('due');
		expect(reminderStateOf(' Просрочена ')).toBe('overdue');
		expect(reminderStateOf('Эскалация')).toBe('escalation');
		expect(reminderStateOf('escalation')).toBe('escalation');
		expect(reminderStateOf('Выполнена')).toBeUndefined();
	});

	test('reservation taken over once', async () => {
		const items = await poll('trigger');
		expect(items).toHaveLength(3);
		expect(items.every((item) => item['Отметка отправки'] !== '')).toBe(true);

		const first = await takeOverReminderMarks(base, requestsOf(items), context);
		expect(first.map(doneOrMessage)).toEqual([true, true, true]);

		// A retried execution brings the same items again.
		const again = await takeOverReminderMarks(base, requestsOf(items), context);
		expect(again.map(doneOrMessage)).toEqual([false, false, false]);
		expect(again[0]).toMatchObject({ ok: true, value: { reason: 'Письмо уже отправлено или отправляется другим выполнением процесса.' } });
	});

	test('manual preview marked before sending', async () => {
		const items = await poll('manual', { claimWhenManual: false });
		expect(items).toHaveLength(3);
		expect(items.every((item) => item['Отметка отправки'] === '')).toBe(true);

		const first = await takeOverReminderMarks(base, requestsOf(items), context);
		expect(first.map(doneOrMessage)).toEqual([true, true, true]);
		expect(await poll('manual', { claimWhenManual: false })).toEqual([]);
		const again = await takeOverReminderMarks(base, requestsOf(items), context);
		expect(again.map(doneOrMessage)).toEqual([false, false, false]);
	});

	test('reservation from another poll held back', async () => {
		const preview = await poll('manual', { claimWhenManual: false });
		const reserved = await poll('trigger');
		expect(reserved).toHaveLength(3);

		const fromPreview = await takeOverReminderMarks(base, requestsOf(preview), context);
		expect(fromPreview.map(doneOrMessage)).toEqual([false, false, false]);
		const fromPoll = await takeOverReminderMarks(base, requestsOf(reserved), context);
		expect(fromPoll.map(doneOrMessage)).toEqual([true, true, true]);
	});

	test('same-second take-over gets a new mark', async () => {
		const items = await poll('trigger');
		const week = requestsOf(items).find((request) => request.checkpointId === WEEK) as ReminderMarkRequest;
		const [taken] = await takeOverReminderMarks(base, [week], { ...context, at: week.mark });
		expect(taken).toMatchObject({ ok: true, value: { done: true } });
		const mark = taken.ok ? taken.value.mark : '';
		expect(Date.parse(mark) - Math.floor(Date.parse(week.mark as string) / 1000) * 1000).toBe(1000);

		const [again] = await takeOverReminderMarks(base, [week], context);
		expect(again).toMatchObject({ ok: true, value: { done: false } });
	});

	test('release lets the next check resend', async () => {
		const items = await poll('trigger');
		const week = requestsOf(items).find((request) => request.checkpointId === WEEK) as ReminderMarkRequest;
		const [taken] = await takeOverReminderMarks(base, [week], context);
		const sending = { ...week, mark: taken.ok ? taken.value.mark : '' };

		// The trigger's reservation is no longer the stored mark, so a stale release changes nothing.
		const [stale] = await releaseReminderMarks(base, [week], context);
		expect(stale).toMatchObject({ ok: true, value: { done: false } });
		expect((await base.get('checkpoints', WEEK))?.firedDueAt).toBe(sending.mark);

		const [released] = await releaseReminderMarks(base, [sending], context);
		expect(released).toMatchObject({ ok: true, value: { done: true } });
		expect((await base.get('checkpoints', WEEK))?.firedDueAt ?? null).toBeNull();

		const next = await poll('trigger');
		expect(next.map((item) => item['Ключ контрольной точки'])).toEqual([WEEK]);
		const [retaken] = await takeOverReminderMarks(base, requestsOf(next), context);
		expect(retaken).toMatchObject({ ok: true, value: { done: true } });
	});

	test('completed checkpoint held back', async () => {
		const items = await poll('trigger');
		const week = requestsOf(items).find((request) => request.checkpointId === WEEK) as ReminderMarkRequest;
		await base.write([{ kind: 'update', table: 'checkpoints', id: WEEK, patch: { status: 'Выполнена' } }], context);

		const [result] = await takeOverReminderMarks(base, [week], context);
		expect(result).toMatchObject({ ok: true, value: { done: false } });
		expect(result).toMatchObject({ ok: true, value: { reason: 'Точка уже в статусе «Выполнена».' } });
	});

	test('unknown checkpoint fails in Russian', async () => {
		const [taken] = await takeOverReminderMarks(base, [{ checkpointId: 'nope', state: 'due' }], context);
		expect(taken.ok).toBe(false);
		expect(taken).toMatchObject({ ok: false, message: expect.stringContaining('Контрольная точка «nope» не найдена') });
		const [released] = await releaseReminderMarks(base, [{ checkpointId: 'nope', state: 'due', mark: '2024-02-07T08:00:00.000Z' }], context);
		expect(released.ok).toBe(false);
	});

	test('node holds back failed items', async () => {
		const items = await poll('trigger');
		const inputs = [...items, { 'Ключ контрольной точки': 'nope', Состояние: 'Наступила', 'Отметка отправки': '' }].map((json) => ({ json }));
		const parameters: Record<string, unknown> = { backend: 'local', localPath: path, operation: 'takeOver' };
		const node = {
			getInputData: () => inputs,
			getNodeParameter: (name: string, index: number, fallback?: unknown) => {
				const fromItem: Record<string, string> = { checkpointId: 'Ключ контрольной точки', state: 'Состояние', mark: 'Отметка отправки' };
				if (name in fromItem) {
					return inputs[index].json[fromItem[name]];
				}
				return name in parameters ? parameters[name] : fallback;
			},
			getNode: () => ({ id: 'node-2', name: 'Отметка перед отправкой', type: 'lifecycleReminderMark', typeVersion: 1, position: [0, 0], parameters: {} }),
			getWorkflow: () => ({ id: 'wf-1', name: 'Напоминания', active: true }),
			getExecutionId: () => 'exec-2',
			continueOnFail: () => false,
			logger: { warn: () => undefined },
		} as unknown as IExecuteFunctions;

		const [send, skipped] = await new LifecycleReminderMark().execute.call(node);

		expect(send.map((item) => item.json['Ключ контрольной точки'])).toEqual(items.map((item) => item['Ключ контрольной точки']));
		const week = send.find((item) => item.json['Ключ контрольной точки'] === WEEK);
		expect(week?.json['Отметка отправки']).toBe((await base.get('checkpoints', WEEK))?.firedDueAt);
		expect(skipped).toHaveLength(1);
		expect(skipped[0].json.error).toContain('Контрольная точка «nope» не найдена');
		expect(skipped[0].pairedItem).toEqual({ item: 3 });
	});
});
