/**
 * Six graduates walk the whole service map in a real n8n with simulated dates. The walk covers intake and
 * referral (service 2), services 1 and 5, professional orientation (3), the episode node's referral to
 * service 4, and temporary employment with an external site (4). It goes on with supported employment (6)
 * with an extended adaptation, a dismissal, a withdrawal, a repeated appeal, and an exit after more than six
 * months of unsupported work. The checkpoint trigger runs between the phases on the dates of the walk.
 *
 * The suite runs once on the local base and once on an Airtable base in the local emulator, and both
 * must end with the same base. Every workflow runs in one `n8n start` per base through the REST API
 * (see serviceMap/rest.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { serviceName } from '../../schemas';
import type { Base, StoredRow } from '../../storage/types';
import { createN8nInstance, report, type ExecutionResult, type N8nInstance, type N8nServer } from './harness';
import { AirtableBackend, localBackend, type BackendName, type WalkBackend } from './serviceMap/backend';
import { questionnaires, walkUsers, type UserKey } from './serviceMap/cohort';
import { N8nRest } from './serviceMap/rest';
import {
	DATES,
	EXPECTED_REMINDERS,
	partnerRows,
	STEP,
	walkStages,
	type EpisodeKey,
	type ExpectedReminder,
	type Stage,
	type WalkIds,
} from './serviceMap/walk';
import {
	CHECKPOINT_TRIGGER,
	checkpointWorkflow,
	exitPointWorkflow,
	intakePhaseWorkflow,
	phaseWorkflow,
	START,
	stepItems,
	type StepItem,
} from './serviceMap/workflows';

const INTAKE_REFERRAL_NODE = 'Направление на услугу';

interface PollRecord {
	date: string;
	/** Reminders of both triggers: the reminder workflow's and the exit workflow's. */
	reminders: IDataObject[];
	/** The exit workflow's share of `reminders`. */
	exitReminders: IDataObject[];
}

/** The tables the checks read, as they are at the end of the walk. */
interface BaseSnapshot {
	candidates: Array<StoredRow<'candidates'>>;
	episodes: Array<StoredRow<'episodes'>>;
	events: Array<StoredRow<'events'>>;
	checkpoints: Array<StoredRow<'checkpoints'>>;
	skillLevels: Array<StoredRow<'skillLevels'>>;
}

/** Russian names of services 5, 2 and 1, offered after a dismissal in this order. */
const OFFERED_AFTER_DISMISSAL = [serviceName(5), serviceName(2), serviceName(1)];

function stageLabel(stage: Stage): string {
	if (stage.kind === 'poll') {
		return `check on ${stage.date}`;
	}
	if (stage.kind === 'phase') {
		return `phase «${stage.name}»`;
	}
	return stage.kind;
}

function countBy(values: readonly string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of [...values].sort()) {
		counts[value] = (counts[value] ?? 0) + 1;
	}
	return counts;
}

describe.each<[BackendName]>([['local'], ['airtable']])('service map walk on the %s base', (backendName) => {
	const users = walkUsers();
	const ids: WalkIds = { users, episodes: {} };
	const polls: PollRecord[] = [];
	const items: StepItem[] = [];
	let instance: N8nInstance;
	let backend: WalkBackend;
	let rest: N8nRest;
	let walked = false;
	let snapshot: BaseSnapshot;
	let n8nServer: N8nServer | undefined;

	/** Reads the base from the test process, after n8n's requests have left the emulator's rate window. */
	async function withBase<T>(work: (base: Base) => Promise<T>): Promise<T> {
		await backend.settle();
		const base = backend.open();
		try {
			return await work(base);
		} finally {
			await base.close();
			await backend.settle();
		}
	}

	/** Fails a check early, with the reason, when the walk itself did not get to its end. */
	function requireWalk(): void {
		if (!walked) {
			throw new Error('the walk did not reach its end: see the test «cohort walks the service map»');
		}
	}

	function userOf(candidateId: unknown): UserKey | undefined {
		return (Object.keys(users) as UserKey[]).find((key) => users[key].candidateId === candidateId);
	}

	function stepItem(step: string): StepItem {
		const found = items.filter((item) => item.step === step);
		if (found.length !== 1) {
			throw new Error(`step «${step}» sent ${found.length} items, expected 1; steps that ran: ${[...new Set(items.map((item) => item.step))].join(', ')}`);
		}
		return found[0];
	}

	/** Records the referral episode of every user from the intake's referral node, where the primary service's episode comes first. */
	function recordReferrals(result: ExecutionResult): void {
		const episodeKeys: Record<UserKey, EpisodeKey> = { u1: 'u1s6', u2: 'u2s6', u3: 'u3s3', u4: 'u4s5', u5: 'u5s1', u6: 'u6s1' };
		// The portrait check has three outputs that all lead to the referral node, so the node runs once per verdict.
		const runs = result.run?.data.resultData.runData[INTAKE_REFERRAL_NODE] ?? [];
		for (const json of runs.flatMap((_run, index) => result.outputs(INTAKE_REFERRAL_NODE, index).flat())) {
			const user = userOf(json['Ключ кандидата']);
			const episodes = json['Ключи эпизодов'] as string[] | undefined;
			if (!user || !episodes?.[0]) {
				throw new Error(
					`the referral node sent an item without a walk user or an episode: ${JSON.stringify({ service: json['Направлен на услугу'], episodes, error: json.error })}`,
				);
			}
			ids.episodes[episodeKeys[user]] = episodes[0];
		}
		const missing = Object.values(episodeKeys).filter((key) => !ids.episodes[key]);
		if (missing.length > 0) {
			throw new Error(`the intake referred no episode for ${missing.join(', ')}`);
		}
	}

	async function runStage(stage: Stage): Promise<string[]> {
		if (stage.kind === 'poll') {
			const problems: string[] = [];
			await rest.createWorkflow(checkpointWorkflow(stage.id, stage.date, backend));
			const result = await rest.run(stage.id, CHECKPOINT_TRIGGER);
			const reminders = result.executedNodes.includes(CHECKPOINT_TRIGGER) ? result.items(CHECKPOINT_TRIGGER) : [];
			if (!result.succeeded) {
				problems.push(`check on ${stage.date} failed: ${result.error?.message ?? result.run?.status}`);
			}

			let exitReminders: IDataObject[] = [];
			if (stage.exitWorkflowId) {
				const exit = exitPointWorkflow(stage.exitWorkflowId, stage.date, backend);
				await rest.createWorkflow(exit.workflow);
				const exitResult = await rest.run(stage.exitWorkflowId, exit.trigger);
				exitReminders = exitResult.executedNodes.includes(exit.trigger) ? exitResult.items(exit.trigger) : [];
				if (exitResult.executedNodes.includes(exit.check)) {
					exitResult.outputs(exit.check).forEach((outputItems, output) => items.push(...outputItems.map((json) => ({ step: STEP.exitCheck, output, json }))));
				}
				if (!exitResult.succeeded) {
					problems.push(`exit check on ${stage.date} failed: ${exitResult.error?.message ?? exitResult.run?.status}`);
				}
			}

			polls.push({ date: stage.date, reminders: [...reminders, ...exitReminders], exitReminders });
			report(
				`${backendName}: check on ${stage.date}: ${reminders.length} reminder(s), ${exitReminders.length} exit check(s) in ${(result.command.durationMs / 1000).toFixed(1)} s`,
			);
			return problems;
		}
		if (stage.kind === 'intake') {
			await rest.createWorkflow(intakePhaseWorkflow(stage.id, questionnaires(users), backend));
			const result = await rest.run(stage.id, START);
			report(`${backendName}: intake of ${Object.keys(users).length} questionnaires in ${(result.command.durationMs / 1000).toFixed(1)} s`);
			if (!result.succeeded) {
				throw new Error(
					`the intake workflow failed at «${result.error?.node?.name ?? result.lastNodeExecuted}»: ${result.error?.message}\n${result.diagnostics(30)}`,
				);
			}
			recordReferrals(result);
			return [];
		}

		const steps = stage.steps(ids);
		await rest.createWorkflow(phaseWorkflow(stage.id, `Карта услуг: ${stage.name} (${backendName})`, steps, backend));
		const result = await rest.run(stage.id, START);
		report(`${backendName}: phase «${stage.name}»: ${steps.length} step(s) in ${(result.command.durationMs / 1000).toFixed(1)} s`);
		const sent = stepItems(result, steps);
		items.push(...sent);
		const problems = sent
			.filter((item) => item.json.error !== undefined && item.step !== STEP.confidentialRejected)
			.map((item) => `«${item.step}»: ${String(item.json.error)}`);
		const silent = steps.filter((step) => !sent.some((item) => item.step === step.name)).map((step) => `«${step.name}» did not run`);
		if (!result.succeeded) {
			problems.push(`phase «${stage.name}» failed: ${result.error?.message ?? result.run?.status}`);
		}
		const reentry = sent.find((item) => item.step === STEP.reentry);
		if (typeof reentry?.json['Ключ открытого эпизода'] === 'string') {
			ids.episodes.u2s2again = reentry.json['Ключ открытого эпизода'];
		}
		const service4Referral = sent.find((item) => item.step === STEP.service4Referral);
		if (typeof service4Referral?.json['Ключ открытого эпизода'] === 'string') {
			ids.episodes.u3s4 = service4Referral.json['Ключ открытого эпизода'];
		}
		return [...problems, ...silent];
	}

	beforeAll(async () => {
		const started = Date.now();
		instance = await createN8nInstance();
		const seed = () =>
			withBase(async (base) => {
				const results = await base.write(partnerRows(), { actor: 'e2e: партнеры' });
				expect(results.filter((result) => result.status === 'failed')).toEqual([]);
			});
		let server: Promise<N8nServer>;
		if (backendName === 'airtable') {
			const airtable = await AirtableBackend.start();
			backend = airtable;
			// The schema is created while n8n starts: neither needs the other.
			server = airtable.importCredential(instance).then(() => instance.start());
			// A failed start is reported where the server is awaited below, not as an unhandled rejection meanwhile.
			server.catch(() => undefined);
			const requests = await airtable.createSchema();
			await seed();
			report(`airtable: schema created with ${requests} emulator requests, partners written after ${((Date.now() - started) / 1000).toFixed(1)} s`);
			airtable.resetStats();
		} else {
			backend = localBackend(instance);
			server = instance.start();
			await seed();
		}
		n8nServer = await server;
		rest = await N8nRest.connect(n8nServer);
		report(`${backendName}: n8n ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}, 300_000);

	afterAll(async () => {
		const stats = backend?.stats();
		if (stats) {
			report(`airtable: the walk and the checks sent ${stats.requests} requests to the emulator, ${stats.rateLimited} answered with 429`);
		}
		const pauses =
			n8nServer
				?.output()
				.split('\n')
				.filter((line) => line.includes('Airtable rate limit reached')).length ?? 0;
		if (backendName === 'airtable') {
			report(`airtable: the nodes logged ${pauses} pause(s) after a 429`);
		}
		await instance?.dispose();
		await backend?.stop();
	});

	test('cohort walks the service map', async () => {
		const started = Date.now();
		const failures: string[] = [];
		for (const stage of walkStages()) {
			try {
				failures.push(...(await runStage(stage)));
			} catch (error) {
				if (stage.kind === 'intake') {
					throw error;
				}
				failures.push(`${stageLabel(stage)}: ${(error as Error).message}`);
			}
		}
		walked = true;
		report(`${backendName}: walk done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		snapshot = await withBase(async (base) => ({
			candidates: await base.list('candidates'),
			episodes: await base.list('episodes'),
			events: await base.list('events'),
			checkpoints: await base.list('checkpoints'),
			skillLevels: await base.list('skillLevels'),
		}));
		expect(failures).toEqual([]);
	}, 900_000);

	// ------------------------------------------------------------------------------------------------
	// Checkpoints
	// ------------------------------------------------------------------------------------------------

	const episodeKeyOf = (episodeId: unknown): string =>
		(Object.entries(ids.episodes).find(([, id]) => id === episodeId)?.[0] as string | undefined) ?? `unknown episode ${String(episodeId)}`;

	/** Describes a reminder as `<episode key> <suffix> <state>`, the form of EXPECTED_REMINDERS. */
	function describeReminder(reminder: IDataObject): string {
		const episode = String(reminder['Ключ эпизода']);
		const suffix = String(reminder['Ключ контрольной точки'])
			.slice(episode.length + 1)
			.replace(/^s4:site:[^:]+:/, 'site:');
		return `${episodeKeyOf(episode)} ${suffix} ${String(reminder['Состояние'])}`;
	}

	const describeExpected = ([episode, suffix, state]: ExpectedReminder) => `${episode} ${suffix} ${state}`;

	test('every checkpoint fires once', () => {
		requireWalk();
		// A user whose dates break a rule is skipped by the trigger with only a warning in n8n's log.
		const skipped = (n8nServer?.output() ?? '').split('\n').filter((line) => line.includes('контрольные точки не пересчитаны'));
		expect(skipped).toEqual([]);

		const fired = polls.flatMap((poll) => poll.reminders.map((reminder) => `${String(reminder['Ключ контрольной точки'])} ${String(reminder['Состояние'])}`));
		const repeated = Object.entries(countBy(fired)).filter(([, count]) => count > 1);
		expect(repeated).toEqual([]);

		const firedDue = new Set(polls.flatMap((poll) => poll.reminders.filter((reminder) => reminder['Состояние'] === 'Наступила').map(describeReminder)));
		const expectedDue = EXPECTED_REMINDERS.flatMap((poll) => poll.reminders.filter((reminder) => reminder[2] === 'Наступила').map(describeExpected));
		expect(expectedDue.filter((reminder) => !firedDue.has(reminder))).toEqual([]);
		expect(polls.map((poll) => poll.date)).toEqual(EXPECTED_REMINDERS.map((poll) => poll.date));
	});

	test('reminders come on their dates', () => {
		requireWalk();
		// The closing meeting of u1 moves with the extended adaptation, which the next test checks.
		const closing = (text: string) => text.includes('s6:closing-meeting');
		const actual = polls.map((poll) => ({
			date: poll.date,
			reminders: poll.reminders
				.map(describeReminder)
				.filter((text) => !closing(text))
				.sort(),
		}));
		const expected = EXPECTED_REMINDERS.map((poll) => ({
			date: poll.date,
			reminders: poll.reminders
				.map(describeExpected)
				.filter((text) => !closing(text))
				.sort(),
		}));
		expect(actual).toEqual(expected);
	});

	test('extended adaptation moves closing meeting', () => {
		requireWalk();
		const change = stepItem(STEP.adaptationChange).json;
		expect(change['Срок адаптации, мес.']).toBe(9);
		expect(change['Окончание адаптации']).toBe(DATES.supportEnd);

		const reminders = polls.flatMap((poll) => poll.reminders.map((reminder) => ({ poll: poll.date, reminder })));
		const ofCheckpoint = (suffix: string) =>
			reminders
				.filter(({ reminder }) => String(reminder['Ключ контрольной точки']).endsWith(`:s6:${suffix}`))
				.map(({ poll, reminder }) => ({ date: poll, state: reminder['Состояние'], from: reminder['Срок с'], moved: reminder['Срок перенесен'] }));

		// The 6-month evaluation stays six months after the contract, because it lies within the 9 months of adaptation.
		expect(ofCheckpoint('employer-evaluation:6m')).toEqual([{ date: '2025-10-09', state: 'Наступила', from: '2025-10-09', moved: false }]);
		expect(ofCheckpoint('exit')).toEqual([{ date: DATES.exit, state: 'Наступила', from: DATES.exit, moved: false }]);
		// The reminder carries «Срок перенесен», so the letter says that the dates changed with the route.
		expect(ofCheckpoint('closing-meeting')).toEqual([{ date: DATES.supportEnd, state: 'Наступила', from: DATES.supportEnd, moved: true }]);

		const row = snapshot.checkpoints.find((checkpoint) => checkpoint.id === `${ids.episodes.u1s6}:s6:closing-meeting`);
		expect({ earliest: row?.earliest, latest: row?.latest, status: row?.status }).toEqual({
			earliest: DATES.supportEnd,
			latest: '2026-01-23',
			status: 'Выполнена',
		});
		expect(row?.rescheduledAt).toBeTruthy();
	});

	test('dismissal cancels later checkpoints', () => {
		requireWalk();
		const dismissal = stepItem(STEP.dismissal);
		expect(dismissal.output).toBe(1);
		expect(dismissal.json['Предложенные услуги']).toEqual(OFFERED_AFTER_DISMISSAL);
		expect(dismissal.json['Статус эпизода']).toBe('Прервана');

		const u2Reminders = polls
			.filter((poll) => poll.date > DATES.dismissal)
			.flatMap((poll) => poll.reminders.filter((reminder) => reminder['Ключ эпизода'] === ids.episodes.u2s6));
		expect(u2Reminders).toEqual([]);

		const rows = snapshot.checkpoints.filter((row) => row.episode === ids.episodes.u2s6);
		const statuses = Object.fromEntries(rows.map((row) => [row.id.slice(String(ids.episodes.u2s6).length + 1), row.status]));
		expect(statuses).toEqual({
			's6:first-day': 'Выполнена',
			's6:first-week': 'Выполнена',
			's6:internal-training': 'Выполнена',
			's6:employer-evaluation:1m': 'Выполнена',
			's6:employer-evaluation:3m': 'Отменена',
		});
	});

	test('site return cancels site contacts', () => {
		requireWalk();
		const rows = snapshot.checkpoints.filter((row) => row.episode === ids.episodes.u3s4);
		const site = rows.filter((row) => row.id.includes(':s4:site:'));
		const byStatus = countBy(site.map((row) => `${row.id.replace(/^.*:s4:site:[^:]+:/, '').replace(/:\d+$/, '')} ${row.status}`));
		expect(byStatus).toEqual({
			// Four working days in the first week: Friday 9 May 2025 is a public holiday.
			'day Выполнена': 4,
			'employer-evaluation:1m Отменена': 1,
			'fortnight Отменена': 3,
			'week-2 Отменена': 1,
		});
		// The second fortnightly evaluation fell on a day at the external site, where the internal site is not evaluated.
		const internal = rows
			.filter((row) => row.id.includes(':s4:internal-evaluation:'))
			.map((row) => `${row.id.split(':').pop()} ${row.status}`)
			.sort();
		expect(internal).toEqual(['1 Выполнена', '2 Отменена', '3 Выполнена', '4 Выполнена', '5 Выполнена', '6 Выполнена']);
	});

	// ------------------------------------------------------------------------------------------------
	// The base at the end of the walk
	// ------------------------------------------------------------------------------------------------

	test('events of every user', () => {
		requireWalk();
		const events = snapshot.events;
		const byUser = (key: UserKey) => countBy(events.filter((event) => event.candidate === users[key].candidateId).map((event) => event.type));

		expect(byUser('u1')).toEqual({
			'Добавление кандидата': 1,
			'Звонок кандидата': 1,
			Иное: 1,
			'Кандидат устроился на работу': 1,
			'Оценка работодателем работы кандидата': 3,
			'Связь с кандидатом': 4,
			'Собеседование кандидата с рекрутером': 1,
			'Собеседование кандидата у работодателя': 1,
			'Собеседование с консультантом': 1,
			'Тренинг для кандидата(ов)': 1,
			'Точка выхода': 1,
		});
		expect(byUser('u2')).toEqual({
			'Добавление кандидата': 1,
			'Завершение постоянной работы': 1,
			'Звонок кандидата': 1,
			Иное: 1,
			'Кандидат устроился на работу': 1,
			'Оценка работодателем работы кандидата': 1,
			'Связь с кандидатом': 4,
			'Собеседование кандидата с рекрутером': 1,
			'Собеседование кандидата у работодателя': 1,
			'Собеседование с консультантом': 1,
			'Тренинг для кандидата(ов)': 1,
		});
		expect(byUser('u3')).toEqual({
			'Возвращение на внутреннюю площадку': 1,
			'Выход на стороннюю площадку': 1,
			'Добавление кандидата': 1,
			'Завершение работы': 1,
			Иное: 1,
			'Нарушение регламента': 2,
			'Начало работы': 1,
			'Оценка работодателем на сторонней площадке': 1,
			'Оценка работы на внутренней площадке': 5,
			'Связь с кандидатом': 4,
			'Связь с наставником': 2,
			'Собеседование кандидата с консультантом': 4,
			'Собеседование кандидата с рекрутером': 1,
		});
		expect(byUser('u4')).toEqual({
			'Добавление кандидата': 1,
			'Кратковременная стажировка': 1,
			'Производственная экскурсия кандидата(ов) у работодателя': 1,
			'Связь с кандидатом': 1,
			'Собеседование кандидата с рекрутером': 1,
			'Тренинг для кандидата(ов)': 1,
			'Тренировочное собеседование': 1,
		});
		expect(byUser('u5')).toEqual({
			'Добавление кандидата': 1,
			Иное: 1,
			'Собеседование кандидата с консультантом': 2,
			'Собеседование кандидата с рекрутером': 1,
		});
		expect(byUser('u6')).toEqual({ 'Добавление кандидата': 1, 'Собеседование кандидата с рекрутером': 1 });
	});

	test('confidential meeting keeps only the fact', () => {
		requireWalk();
		const rejected = stepItem(STEP.confidentialRejected);
		expect(String(rejected.json.error)).toContain('Конфиденциальное событие хранит только факт обращения');
		expect(String(rejected.json.error)).toContain('«Описание»');

		const events = snapshot.events.filter((event) => event.candidate === users.u5.candidateId);
		const confidential = events.filter((event) => event.confidential === true);
		expect(confidential).toHaveLength(1);
		expect(confidential[0]).toMatchObject({ type: 'Собеседование кандидата с консультантом', date: '2025-03-12', episode: ids.episodes.u5s1 });
		expect(confidential[0].description ?? null).toBeNull();
		expect(confidential[0].recommendations).toContain('дальнейшая поддержка');
	});

	test('episodes keep every service', () => {
		requireWalk();
		const episodes = snapshot.episodes;
		const byUser = (key: UserKey) =>
			episodes
				.filter((episode) => episode.candidate === users[key].candidateId)
				.map((episode) => `${episode.service}: ${episode.status}${episode.reentry ? ' (повторное обращение)' : ''}`)
				.sort();

		expect(byUser('u1')).toEqual([`${serviceName(2)}: Завершена`, `${serviceName(6)}: Завершена`].sort());
		expect(byUser('u2')).toEqual(
			[
				`${serviceName(2)}: Прервана`,
				`${serviceName(2)}: Оказывается (повторное обращение)`,
				`${serviceName(5)}: Направлен`,
				`${serviceName(6)}: Прервана`,
			].sort(),
		);
		expect(byUser('u3')).toEqual([`${serviceName(2)}: Оказывается`, `${serviceName(3)}: Завершена`, `${serviceName(4)}: Завершена`].sort());
		expect(byUser('u4')).toEqual([`${serviceName(2)}: Оказывается`, `${serviceName(5)}: Оказывается`].sort());
		expect(byUser('u5')).toEqual([`${serviceName(1)}: Оказывается`, `${serviceName(2)}: Оказывается`].sort());
		expect(byUser('u6')).toEqual([`${serviceName(1)}: Направлен`, `${serviceName(2)}: Оказывается`].sort());

		const u2Job = episodes.find((episode) => episode.id === ids.episodes.u2s6);
		expect(u2Job).toMatchObject({ dismissalDate: DATES.dismissal, dismissalReason: 'По собственному желанию', employmentStart: DATES.contract });
		const u1Job = episodes.find((episode) => episode.id === ids.episodes.u1s6);
		expect(u1Job).toMatchObject({
			adaptationMonths: 9,
			userConsent: true,
			employerConsent: true,
			employmentStart: DATES.contract,
			actualEndDate: DATES.supportEnd,
		});
		const u3Temporary = episodes.find((episode) => episode.id === ids.episodes.u3s4);
		expect(u3Temporary).toMatchObject({ violations: 2, stage: 'Внутренняя площадка', actualEndDate: '2025-07-14', referredBy: ids.episodes.u3s3 });
	});

	test('skill levels sit beside earlier ones', () => {
		requireWalk();
		const levels = snapshot.skillLevels;
		const count = (key: UserKey) => levels.filter((level) => level.candidate === users[key].candidateId).length;
		expect(count('u1')).toBe(21);
		expect(count('u2')).toBe(7);
		expect(count('u3')).toBe(3 + 9 + 5 * 4 + 7);
		expect(count('u4') + count('u5') + count('u6')).toBe(0);

		const discipline = levels
			.filter((level) => level.candidate === users.u1.candidateId && level.skillKey === 'discipline')
			.sort((left, right) => left.date.localeCompare(right.date))
			.map((level) => [level.date, level.level, level.previousLevel ?? null, level.change ?? null, level.firstLevel]);
		expect(discipline).toEqual([
			['2025-05-12', 3, null, null, 3],
			['2025-07-10', 4, 3, 1, 3],
			['2025-10-10', 4, 4, 0, 3],
		]);
		// Temporary employment compares the internal site with the employer at the external site on one scale.
		const u3Discipline = levels.filter((level) => level.candidate === users.u3.candidateId && level.skillKey === 'discipline').map((level) => level.form);
		expect(new Set(u3Discipline)).toEqual(new Set(['Оценка работы на внутренней площадке', 'Оценка работодателем работы кандидата']));
	});

	test('repeated appeal keeps the history', () => {
		requireWalk();
		expect(stepItem(STEP.withdrawal).output).toBe(2);
		const reentry = stepItem(STEP.reentry).json;
		const history = reentry['История'] as IDataObject;
		expect(history['Статус маршрута']).toBe('Выбыл');
		const earlier = (history['Эпизоды'] as IDataObject[]).map((episode) => `${String(episode['Услуга'])}: ${String(episode['Статус'])}`).sort();
		expect(earlier).toEqual([`${serviceName(2)}: Прервана`, `${serviceName(6)}: Прервана`].sort());
		expect((history['Работа'] as IDataObject[])[0]).toMatchObject({ 'Дата увольнения': DATES.dismissal, 'Причина увольнения': 'По собственному желанию' });

		const interview = stepItem(STEP.repeatedInterview);
		expect(interview.json['Повторное обращение']).toBe(true);
		expect(interview.json['Направлен на услугу']).toBe(serviceName(5));

		const candidate = snapshot.candidates.find((row) => row.id === users.u2.candidateId);
		const again = snapshot.episodes.find((row) => row.id === ids.episodes.u2s2again);
		expect(candidate?.routeState).toBe('Пользователь');
		expect(candidate?.entryDate).toBe(DATES.interview);
		expect(again).toMatchObject({ service: serviceName(2), status: 'Оказывается', reentry: true, startDate: DATES.reentry });
	});

	test('exit after six unsupported months', () => {
		requireWalk();
		// The exit workflow's trigger finds the exit checkpoint on its first day and its exit node records the exit.
		const exitChecks = polls.flatMap((poll) => poll.exitReminders.map((reminder) => `${poll.date} ${describeReminder(reminder)}`));
		expect(exitChecks).toEqual([`${DATES.exit} u1s6 s6:exit Наступила`]);
		const exit = stepItem(STEP.exitCheck);
		expect(exit.output).toBe(0);
		expect(exit.json).toMatchObject({ 'Дата выхода': DATES.exit, 'Записано сейчас': true, 'Статус маршрута': 'Точка выхода' });

		const candidates = snapshot.candidates;
		const states = Object.fromEntries(
			(Object.keys(users) as UserKey[]).map((key) => {
				const row = candidates.find((candidate) => candidate.id === users[key].candidateId);
				return [key, `${row?.routeState} ${row?.exitDate ?? '—'}`];
			}),
		);
		expect(states).toEqual({
			u1: `Точка выхода ${DATES.exit}`,
			u2: 'Пользователь —',
			u3: 'Пользователь —',
			u4: 'Пользователь —',
			u5: 'Пользователь —',
			u6: 'Пользователь —',
		});
	});
});
