import { runEpisodeOperations, type EpisodeOutcome, type EpisodeRequest } from '../../core/operations/episodes';
import type { ItemResult } from '../../core/operations/result';
import { LifecycleEpisode } from '../../nodes/LifecycleEpisode/LifecycleEpisode.node';
import { serviceName } from '../../schemas';
import { nodeContext } from '../fixtures/nodeContext';
import { context, openTempBase, seedEmployer, seedEpisode, seedUser, seedVacancy, type TempBase } from '../fixtures/route';

const CANDIDATE = 'cand-1';

let temp: TempBase;

beforeEach(async () => {
	temp = openTempBase();
	await seedUser(temp.base, CANDIDATE, '2025-01-15');
});

afterEach(async () => {
	await temp.close();
});

async function run(requests: EpisodeRequest[]): Promise<Array<ItemResult<EpisodeOutcome>>> {
	return runEpisodeOperations(temp.base, requests, context);
}

async function ok(request: EpisodeRequest): Promise<EpisodeOutcome> {
	const [result] = await run([request]);
	if (!result.ok) {
		throw new Error(`expected success, got: ${result.message}`);
	}
	return result.value;
}

async function rejected(request: EpisodeRequest): Promise<string> {
	const [result] = await run([request]);
	if (result.ok) {
		throw new Error(`expected a rejection of ${request.operation}`);
	}
	return result.message;
}

function refer(service: number, date: string, extra: Partial<EpisodeRequest> = {}): EpisodeRequest {
	return { operation: 'refer', candidateId: CANDIDATE, service: service as EpisodeRequest['service'], date, ...extra };
}

async function episodesOf(service: number) {
	return (await temp.base.list('episodes', { where: { candidate: CANDIDATE } })).filter((row) => row.service === serviceName(service as 1));
}

async function referralEvents() {
	return (await temp.base.list('events', { where: { candidate: CANDIDATE } })).filter((event) => event.title?.startsWith('Направление на услугу'));
}

/** Seeds professional orientation completed on 2025-04-03, started a month before. */
async function seedCompletedOrientation(): Promise<void> {
	await seedEpisode(temp.base, CANDIDATE, 3, { id: 's3', status: 'Завершена', startDate: '2025-03-03', actualEndDate: '2025-04-03', nextService: serviceName(4) });
}

describe('referral to service 4', () => {
	beforeEach(seedCompletedOrientation);

	test('after orientation opens episode', async () => {
		const outcome = await ok(refer(4, '2025-04-07', { referredBy: 's3', highMotivation: true, skillsInsufficient: true }));

		expect(outcome).toMatchObject({ operation: 'refer', service: 4, status: 'Направлен', branch: 'done', override: null, replayed: false });
		expect(outcome.plannedEndDate).toBe('2026-01-07');
		const [opened] = await episodesOf(4);
		expect(opened.id).toBe(outcome.openedEpisodeId);
		expect(opened).toMatchObject({ status: 'Направлен', startDate: '2025-04-07', referredBy: 's3' });
		expect((await temp.base.get('candidates', CANDIDATE))?.currentService).toBe(serviceName(4));
		const [event] = await referralEvents();
		expect(event).toMatchObject({ type: 'Связь с кандидатом', episode: opened.id, recommendedService: serviceName(4), date: '2025-04-07' });
	});

	test('referred episode can start', async () => {
		await ok(refer(4, '2025-04-07', { referredBy: 's3', highMotivation: true, skillsInsufficient: true }));

		const started = await ok({ operation: 'start', candidateId: CANDIDATE, service: 4, date: '2025-04-14', highMotivation: true, skillsInsufficient: true, plannedMonths: 3 });

		expect(started.status).toBe('Оказывается');
		expect(started.plannedEndDate).toBe('2025-07-14');
	});

	test('without motivation rejected', async () => {
		const message = await rejected(refer(4, '2025-04-07', { skillsInsufficient: true }));

		expect(message).toContain('мотивация');
		expect(message).toContain('Причина исключения из правила');
		expect(await episodesOf(4)).toEqual([]);
		expect(await referralEvents()).toEqual([]);
	});

	test('second open referral rejected', async () => {
		await ok(refer(4, '2025-04-07', { highMotivation: true, skillsInsufficient: true }));

		const message = await rejected(refer(4, '2025-04-08', { highMotivation: true, skillsInsufficient: true, overrideReason: 'Повтор' }));

		expect(message).toContain('уже есть открытый эпизод услуги «Временное трудоустройство»');
		expect(await episodesOf(4)).toHaveLength(1);
	});
});

describe('referral to service 3', () => {
	beforeEach(seedCompletedOrientation);

	test('twice within a year rejected', async () => {
		const message = await rejected(refer(3, '2025-09-01'));

		expect(message).toContain('не чаще одного раза в год');
		expect(message).toContain('2026-03-03');
		expect(message).toContain('Причина исключения из правила');
		expect(await episodesOf(3)).toHaveLength(1);
	});

	test('override reason opens episode', async () => {
		const outcome = await ok(refer(3, '2025-09-01', { overrideReason: 'Смена профиля после травмы' }));

		expect(outcome.override?.reason).toBe('Смена профиля после травмы');
		expect(outcome.override?.problems[0]).toContain('не чаще одного раза в год');
		const opened = await temp.base.get('episodes', outcome.openedEpisodeId as string);
		expect(opened).toMatchObject({ status: 'Направлен', plannedEndDate: '2025-10-01' });
		expect(opened?.overrideReason).toBe('2025-09-01, «Направить на услугу»: Смена профиля после травмы');
		const [event] = await referralEvents();
		expect((event.details as { override: { reason: string } }).override.reason).toBe('Смена профиля после травмы');
	});

	test('a year later allowed', async () => {
		const outcome = await ok(refer(3, '2026-03-03'));
		expect(outcome.override).toBeNull();
	});

	test('open service 4 needs a reason', async () => {
		await seedEpisode(temp.base, CANDIDATE, 4, { id: 's4', status: 'Оказывается', startDate: '2025-04-14' });

		const message = await rejected(refer(3, '2026-04-01'));
		const outcome = await ok(refer(3, '2026-04-01', { overrideReason: 'Пользователь просит сменить профиль' }));

		expect(message).toContain('Открыт эпизод услуги «Временное трудоустройство»');
		expect(outcome.message).toContain('прерван 2026-04-01');
		expect(await temp.base.get('episodes', 's4')).toMatchObject({ status: 'Прервана', actualEndDate: '2026-04-01', nextService: serviceName(3) });
	});
});

describe('referral after dismissal', () => {
	beforeEach(async () => {
		await seedCompletedOrientation();
		await seedEpisode(temp.base, CANDIDATE, 4, { id: 's4', startDate: '2025-04-07' });
		await ok({ operation: 'start', episodeId: 's4', date: '2025-04-14', highMotivation: true, skillsInsufficient: true });
		await ok({ operation: 'dismissal', episodeId: 's4', date: '2025-06-02', dismissalReason: 'По собственному желанию', nextService: 5 });
	});

	test('offered services 5, 2 and 1', async () => {
		const results = await run([refer(5, '2025-06-03', { referredBy: 's4' }), refer(2, '2025-06-03', { referredBy: 's4' }), refer(1, '2025-06-03', { referredBy: 's4' })]);

		expect(results.map((result) => result.ok)).toEqual([true, true, true]);
		const [service5, service2, service1] = results.map((result) => (result.ok ? result.value : null));
		expect(service5).toMatchObject({ service: 5, status: 'Направлен', plannedEndDate: null });
		expect(service1).toMatchObject({ service: 1, status: 'Направлен' });
		// Service 2 runs until the exit point, so the user goes back to the recruiter's open episode.
		expect(service2).toMatchObject({ service: 2, status: 'Оказывается', episodeId: `${CANDIDATE}-s2` });
		expect(service2?.openedEpisodeId).toBeUndefined();
		expect(await episodesOf(2)).toHaveLength(1);
		expect((await episodesOf(5))[0]).toMatchObject({ status: 'Направлен', referredBy: 's4' });
		expect((await episodesOf(1))[0]).toMatchObject({ status: 'Направлен', referredBy: 's4' });
		expect(await referralEvents()).toHaveLength(3);
	});

	test('service 6 needs an offer', async () => {
		await seedEmployer(temp.base, 'emp-1');
		await seedVacancy(temp.base, 'vac-1', { employer: 'emp-1' });

		const message = await rejected(refer(6, '2025-06-10', { vacancyId: 'vac-1' }));
		const outcome = await ok(refer(6, '2025-06-10', { vacancyId: 'vac-1', employerOffer: true, service5Recommendations: 'confirmed' }));

		expect(message).toContain('отметьте «Есть предложение работодателя»');
		expect(message).toContain('Пользователь не получал услугу «Социальная адаптация на рынке труда», а поле «Рекомендации по услуге 5» не заполнено');
		expect(message).not.toContain('не выполнены');
		expect(outcome.plannedEndDate).toBe('2025-12-10');
		expect((await episodesOf(6))[0]).toMatchObject({ status: 'Направлен', vacancy: 'vac-1' });
	});
});

describe('referral rules', () => {
	test('re-run writes nothing twice', async () => {
		await seedCompletedOrientation();
		const request = refer(4, '2025-04-07', { referredBy: 's3', highMotivation: true, skillsInsufficient: true });
		const first = await ok(request);
		const eventsBefore = await temp.base.count('events');

		const again = await ok(request);

		expect(again.replayed).toBe(true);
		expect(again.openedEpisodeId).toBe(first.openedEpisodeId);
		expect(again.eventIds).toEqual(first.eventIds);
		expect(await episodesOf(4)).toHaveLength(1);
		expect(await temp.base.count('events')).toBe(eventsBefore);
	});

	test('unknown candidate rejected', async () => {
		const message = await rejected({ operation: 'refer', candidateId: 'cand-missing', service: 5, date: '2025-04-07' });
		expect(message).toContain('Кандидат с таким ключом не найден');
		expect(message).toContain('«Ключ кандидата»');
	});

	test('missing service rejected', async () => {
		const message = await rejected({ operation: 'refer', candidateId: CANDIDATE, date: '2025-04-07' });
		expect(message).toContain('Не выбрана «Услуга»');
	});

	test('unknown referring episode rejected', async () => {
		const message = await rejected(refer(5, '2025-04-07', { referredBy: 'ep-missing' }));
		expect(message).toContain('«Кем направлен»');
	});

	test('withdrawn user re-enters first', async () => {
		await temp.base.write([{ kind: 'update', table: 'candidates', id: CANDIDATE, patch: { routeState: 'Выбыл' } }], context);

		const message = await rejected(refer(3, '2026-01-12', { overrideReason: 'Просит профориентацию' }));
		const service5 = await ok(refer(5, '2026-01-12'));

		expect(message).toContain('«Повторное обращение»');
		expect(service5.status).toBe('Направлен');
	});

	test('batch reports each item', async () => {
		const results = await run([refer(5, '2025-04-07'), { operation: 'refer', candidateId: 'cand-missing', service: 5, date: '2025-04-07' }, refer(1, '2025-04-07')]);

		expect(results.map((result) => result.ok)).toEqual([true, false, true]);
		expect(results[1].ok ? '' : results[1].message).toContain('Кандидат с таким ключом не найден');
	});
});

describe('referral in the node', () => {
	test('outputs the opened episode', async () => {
		await seedCompletedOrientation();
		const node = new LifecycleEpisode();
		const parameters = () => ({
			backend: 'local',
			localPath: temp.path,
			operation: 'refer',
			candidateId: CANDIDATE,
			service: 4,
			date: '2025-04-07',
			referredBy: 's3',
			highMotivation: true,
			skillsInsufficient: true,
		});

		const outputs = await node.execute.call(nodeContext([{ n: 1 }], parameters));

		expect(outputs[0][0].json).toMatchObject({ n: 1, Операция: 'Направить на услугу', Услуга: serviceName(4), 'Статус эпизода': 'Направлен', 'Плановая дата окончания': '2026-01-07' });
		expect(outputs[0][0].json['Ключ открытого эпизода']).toBe(outputs[0][0].json['Ключ эпизода']);
	});

	test('rejection goes to decision output', async () => {
		const node = new LifecycleEpisode();
		const parameters = () => ({ backend: 'local', localPath: temp.path, operation: 'refer', candidateId: 'cand-missing', service: 5, date: '2025-04-07' });

		const outputs = await node.execute.call(nodeContext([{ n: 1 }], parameters, { continueOnFail: true }));

		expect(outputs[4][0].json.error).toContain('Кандидат с таким ключом не найден');
	});
});
