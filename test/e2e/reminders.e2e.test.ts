/**
 * The shipped reminder workflow in a real n8n, with e-mail going to an SMTP sink on loopback.
 *
 * A workflow that starts with a polling trigger cannot run under `n8n execute`. The CLI starts only from a
 * Manual Trigger or an Execute Workflow Trigger, and outside manual mode n8n passes a poll node's input
 * through instead of calling `poll()` (n8n 2.41.1, `findCliWorkflowStart` and `WorkflowExecute`). So the
 * test runs the workflow the way an organisation does: it publishes the workflow and runs `n8n start`,
 * which polls once when it activates the trigger. Each run is a fresh n8n process with the simulated date
 * in EMPLOYMENT_LIFECYCLE_TODAY, so a repeated run is also a restart of n8n. The last test unpublishes the
 * workflow and runs it by hand through n8n's REST API, as the editor's Execute workflow does.
 */
import fs from 'node:fs';
import path from 'node:path';

import { parseInterviewAnswers } from '../../core/interview';
import { intakeSubmissions } from '../../core/operations/intake';
import { logEvents } from '../../core/operations/logEvents';
import { referAfterInterviews } from '../../core/operations/referral';
import { serviceName } from '../../schemas';
import { LocalBase } from '../../storage/local/localBase';
import type { WriteContext } from '../../storage/types';
import { REMINDERS_WORKFLOW_ID, REMINDERS_WORKFLOW_NAME, SMTP_CREDENTIAL } from '../../scripts/workflows/reminders';
import { SmtpSink, type ReceivedMail } from '../support/smtpSink';
import { createN8nInstance, report, type N8nInstance } from './harness';
import { N8nRest } from './serviceMap/rest';

const context: WriteContext = { actor: 'e2e: подготовка базы' };
const INTAKE_DATE = '2025-02-10';
const FIRST_RUN = '2025-03-10';
// A Saturday: the first user's first-day feedback, due until Tuesday 11 March because Monday 10 March is
// the day off carried over from 8 March, is then more than three days late.
const LATER_RUN = '2025-03-15';
/** A Monday after the later run, when the first user's first-week feedback opens. */
const MANUAL_RUN = '2025-03-17';
const MANAGER = 'rukovoditel@example.org';
const SENDER = 'napominaniya@example.org';

const SPECIALISTS = [
	{ id: 'sp-e2e-1', name: 'Консультант Первая', email: 'konsultant1@example.org', active: true, role: 'Консультант по сопровождаемому трудоустройству' as const },
	{ id: 'sp-e2e-2', name: 'Консультант Второй', email: 'konsultant2@example.org', active: true, role: 'Консультант по сопровождаемому трудоустройству' as const },
	{ id: 'sp-e2e-3', name: 'Консультант Третья', email: 'konsultant3@example.org', active: true, role: 'Консультант' as const },
];

interface User {
	lastName: string;
	birthDate: string;
	/** Supported employment from this hiring date, or career guidance from `trialsStart`. */
	hired?: string;
	trialsStart?: string;
	specialist?: string;
}

/** U1 starts work on the first run's day, U2 a week earlier, U4 has no specialist, U3 is in career guidance. */
const USERS: Record<'u1' | 'u2' | 'u3' | 'u4', User> = {
	u1: { lastName: 'Первова', birthDate: '12.04.2002', hired: '2025-03-10', specialist: 'sp-e2e-1' },
	u2: { lastName: 'Второв', birthDate: '03.09.2001', hired: '2025-03-03', specialist: 'sp-e2e-2' },
	u3: { lastName: 'Третьякова', birthDate: '21.01.2003', trialsStart: '2025-02-14', specialist: 'sp-e2e-3' },
	u4: { lastName: 'Четвертов', birthDate: '30.06.2000', hired: '2025-03-07' },
};

/** Builds the questionnaire and interview of a graduate who fits the portrait: scenario A, or B when abilities are unclear. */
function questionnaire(user: User, vacancyId: string): Record<string, unknown> {
	const careerGuidance = Boolean(user.trialsStart);
	return {
		Фамилия: user.lastName,
		Имя: 'Тест',
		'Дата рождения': user.birthDate,
		Категория: 'Выпускник сиротского учреждения',
		'Выпускник ПНИ': 'Нет',
		Образование: 'Среднее профессиональное',
		'Группа инвалидности': 'III группа',
		'Степень ограничения способности к трудовой деятельности': 'I степень',
		'Степень ограничения способности контролировать свое поведение (ИПРА)': 'Нет',
		'Самый долгий стаж на одном месте по трудовому договору, мес.': '2',
		Дееспособность: 'Да',
		'Химическая зависимость': 'Нет',
		'Физический доступ к специалисту': 'Да',
		'Субъектная позиция': 'Да',
		Запрос: 'Формализованный',
		'Умение осваивать новую информацию и навыки': 'Да',
		'Умение выстраивать коммуникации': 'Да',
		'Умение перемещаться по городу': 'Да',
		'Умение видеть причинно-следственные связи': 'Да',
		'Умение следовать правилам и указаниям, соблюдать иерархию': 'Да',
		'Представление о нормах поведения в обществе': 'Да',
		'Представление об экономическом участии': 'Да',
		'Принимает финансовые решения хотя бы иногда': 'Да',
		'Паспорт или заменяющий документ': 'Да',
		ИНН: 'Да',
		'Согласие на обработку персональных данных': 'Да',
		'Подходит на вакансию из банка': careerGuidance ? 'Нет' : 'Да',
		'Заинтересован(а) в вакансии': careerGuidance ? 'Нет' : 'Да',
		'Способности и склонности неясны': careerGuidance ? 'Да' : 'Нет',
		'Ключ выбранной вакансии': careerGuidance ? '' : vacancyId,
		'Дата собеседования': INTAKE_DATE,
	};
}

/**
 * Seeds the base through the core operations as the shipped intake workflow would: questionnaire,
 * recruiter interview and referral, then the episode's start and, for supported employment, the hiring
 * event. Returns candidate ids by user.
 */
async function seed(basePath: string): Promise<Record<keyof typeof USERS, string>> {
	const base = LocalBase.open(basePath);
	try {
		const employer = { id: 'emp-e2e', name: 'ООО «Склад и логистика»' };
		const vacancy = { id: 'vac-e2e', title: 'Кладовщик', employer: employer.id, status: 'Открыта' as const };
		await base.write(
			[
				{ kind: 'insert', table: 'employers', row: employer, onConflict: 'skip' },
				{ kind: 'insert', table: 'vacancies', row: vacancy, onConflict: 'skip' },
				...SPECIALISTS.map((row) => ({ kind: 'insert' as const, table: 'specialists' as const, row, onConflict: 'skip' as const })),
			],
			context,
		);

		const ids = {} as Record<keyof typeof USERS, string>;
		for (const [key, user] of Object.entries(USERS) as Array<[keyof typeof USERS, User]>) {
			const submission = questionnaire(user, vacancy.id);
			const [intake] = await intakeSubmissions(base, [submission], context, { today: INTAKE_DATE, formName: 'e2e' });
			if (!intake.ok || intake.value.status !== 'accepted') {
				throw new Error(`intake of ${key} failed: ${JSON.stringify(intake)}`);
			}
			const candidateId = intake.value.candidateId;
			ids[key] = candidateId;

			const answers = parseInterviewAnswers(submission, INTAKE_DATE);
			if (!answers.ok) {
				throw new Error(`interview of ${key} failed: ${answers.problems.join(' ')}`);
			}
			const [referral] = await referAfterInterviews(base, [{ candidateId, answers: answers.answers, today: INTAKE_DATE }], context);
			const service = user.trialsStart ? 3 : 6;
			if (!referral.ok || referral.value.decision.primaryService !== service) {
				throw new Error(`referral of ${key} did not lead to service ${service}: ${JSON.stringify(referral)}`);
			}

			const [episode] = await base.list('episodes', { where: { candidate: candidateId, service: serviceName(service) } });
			const start = user.trialsStart ?? '2025-02-24';
			const patch = {
				status: 'Оказывается' as const,
				startDate: start,
				...(user.trialsStart ? { plannedEndDate: '2025-03-14' } : {}),
				...(user.specialist ? { specialist: user.specialist } : {}),
			};
			await base.write([{ kind: 'update', table: 'episodes', id: episode.id, patch }], context);

			if (user.hired) {
				const [hired] = await logEvents(
					base,
					[{ type: 'Кандидат устроился на работу', date: user.hired, service: serviceName(6), candidate: candidateId, episode: episode.id, vacancy: vacancy.id, title: 'Трудовой договор подписан' }],
					context,
				);
				if (!hired.ok) {
					throw new Error(`hiring of ${key} failed: ${hired.message}`);
				}
			}
		}
		return ids;
	} finally {
		await base.close();
	}
}

function smtpCredentialFile(folder: string, sink: SmtpSink): string {
	const file = path.join(folder, 'smtp-credential.json');
	// import:credentials encrypts a plain `data` object with the instance's key (n8n 2.41.1).
	const credential = { ...SMTP_CREDENTIAL, type: 'smtp', data: { host: sink.host, port: sink.port, secure: false, disableStartTls: true, user: 'reminders', password: 'loopback-only' } };
	fs.writeFileSync(file, JSON.stringify([credential]));
	return file;
}

/** Letters by recipient list and subject, sorted, for comparisons that ignore arrival order. */
function summary(mails: readonly ReceivedMail[]): string[] {
	return mails.map((mail) => `${mail.to.join(',')} | ${mail.subject}`).sort();
}

async function sentMarks(basePath: string): Promise<number> {
	const base = LocalBase.open(basePath);
	try {
		const rows = await base.list('checkpoints');
		return rows.reduce((count, row) => count + [row.firedDueAt, row.firedOverdueAt, row.escalatedAt].filter(Boolean).length, 0);
	} finally {
		await base.close();
	}
}

describe('checkpoint reminders in real n8n', () => {
	let sink: SmtpSink;
	let instance: N8nInstance;
	let ids: Record<keyof typeof USERS, string>;
	/** Environment of every n8n process of the instance; the harness reads it again at each start. */
	const runEnv: Record<string, string> = { EMPLOYMENT_LIFECYCLE_TODAY: FIRST_RUN, N8N_LOG_LEVEL: 'debug' };

	/**
	 * Starts n8n with the simulated date, waits until the trigger is activated (its first poll has then
	 * claimed what is due), waits for `expectedMails` new letters and a quiet period, and stops n8n.
	 */
	async function runAt(date: string, expectedMails: number): Promise<ReceivedMail[]> {
		runEnv.EMPLOYMENT_LIFECYCLE_TODAY = date;
		const before = sink.messages.length;
		const server = await instance.start();
		try {
			const deadline = Date.now() + 120_000;
			// n8n 2.41.1 logs this at debug level once the trigger's first poll has returned.
			const activated = `Activated trigger node "Контрольные точки" for workflow "${REMINDERS_WORKFLOW_NAME}"`;
			while (!server.output().includes(activated)) {
				if (Date.now() > deadline) {
					throw new Error(`the reminder workflow was not activated:\n${server.output().split('\n').slice(-40).join('\n')}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			try {
				await sink.waitForCount(before + expectedMails, 60_000);
			} catch (error) {
				throw new Error(`${(error as Error).message}\n--- n8n output ---\n${server.output().split('\n').slice(-60).join('\n')}`);
			}
			// A second letter for the same checkpoint would arrive within the same execution or a second poll.
			await new Promise((resolve) => setTimeout(resolve, 5_000));
			report(`run at ${date}: ${sink.messages.length - before} letter(s)`);
			return sink.messages.slice(before);
		} finally {
			await instance.stop();
		}
	}

	beforeAll(async () => {
		sink = await SmtpSink.start();
		instance = await createN8nInstance({ env: runEnv });
		ids = await seed(instance.basePath);

		const imported = await instance.n8n(['import:credentials', `--input=${smtpCredentialFile(instance.root, sink)}`]);
		if (imported.exitCode !== 0) {
			throw new Error(`import:credentials failed:\n${imported.stdout}\n${imported.stderr}`);
		}
		const shipped = await instance.importShippedWorkflows();
		expect(shipped.map((entry) => entry.id)).toContain(REMINDERS_WORKFLOW_ID);
		const published = await instance.n8n(['publish:workflow', `--id=${REMINDERS_WORKFLOW_ID}`]);
		if (published.exitCode !== 0) {
			throw new Error(`publish:workflow failed:\n${published.stdout}\n${published.stderr}`);
		}
	}, 300_000);

	afterAll(async () => {
		await instance?.dispose();
		await sink?.close();
	});

	test('first run mails what is due', async () => {
		const mails = await runAt(FIRST_RUN, 5);

		expect(summary(mails)).toEqual(
			[
				'konsultant1@example.org | Контрольная точка: Обратная связь от пользователя: первый рабочий день (срок с 10.03.2025 по 11.03.2025)',
				'konsultant2@example.org | Контрольная точка: Обратная связь от пользователя: первая рабочая неделя (срок с 10.03.2025 по 12.03.2025)',
				'konsultant2@example.org | Контрольная точка: Обратная связь от пользователя: после внутреннего обучения у работодателя (срок с 10.03.2025 по 17.03.2025)',
				`${MANAGER},konsultant2@example.org | Эскалация: не выполнена контрольная точка «Обратная связь от пользователя: первый рабочий день» (срок 03.03.2025)`,
				`${MANAGER} | Просрочена контрольная точка: Обратная связь от пользователя: первый рабочий день (срок 07.03.2025)`,
			].sort(),
		);
		expect(new Set(mails.map((mail) => mail.from))).toEqual(new Set([SENDER]));
		expect(new Set(mails.map((mail) => mail.authUser))).toEqual(new Set(['reminders']));

		const first = mails.find((mail) => mail.to[0] === 'konsultant1@example.org') as ReceivedMail;
		expect(first.headers.from).toBe(SENDER);
		expect(first.text).toContain('Здравствуйте, Консультант Первая!');
		expect(first.text).toContain('Наступил срок контрольной точки.');
		expect(first.text).toContain('Кандидат: Первова Тест');
		expect(first.text).toMatch(/— Сопровождаемое трудоустройство: Оказывается, с 24\.02\.2025.* \(вакансия «Кладовщик», ООО «Склад и логистика»\)/);
		expect(first.text).toContain('— Содействие в поиске подходящей работы:');
		expect(first.text).toContain('Что записать после выполнения: событие «Связь с кандидатом»');
		expect(first.text).toContain(`Ключ контрольной точки: `);
		// Health data from the questionnaire never leaves the base.
		for (const mail of mails) {
			expect(mail.text).not.toContain('III группа');
			expect(mail.text).not.toContain('I степень');
		}

		const fallback = mails.find((mail) => mail.subject.startsWith('Просрочена')) as ReceivedMail;
		expect(fallback.text).toContain('Ответственный специалист не назначен или у него нет адреса');
		expect(fallback.text).toContain('Кандидат: Четвертов Тест');
	}, 300_000);

	test('second run at the same date mails nothing', async () => {
		const marks = await sentMarks(instance.basePath);
		const mails = await runAt(FIRST_RUN, 0);

		expect(summary(mails)).toEqual([]);
		expect(await sentMarks(instance.basePath)).toBe(marks);
	}, 300_000);

	test('later run mails only new states', async () => {
		// The second user's consultant calls on 11 March: the first-week feedback is done.
		const base = LocalBase.open(instance.basePath);
		try {
			const [episode] = await base.list('episodes', { where: { candidate: ids.u2, service: serviceName(6) } });
			const [call] = await logEvents(base, [{ type: 'Связь с кандидатом', date: '2025-03-11', service: serviceName(6), candidate: ids.u2, episode: episode.id, title: 'Обратная связь после первой недели' }], context);
			expect(call.ok).toBe(true);
		} finally {
			await base.close();
		}

		const mails = await runAt(LATER_RUN, 5);

		// Newly due are the trials' final assessment and the fourth user's feedback. Both first days without
		// feedback are escalated. The second user gets nothing, because the open points were sent already.
		expect(summary(mails)).toEqual(
			[
				'konsultant3@example.org | Контрольная точка: Итоговая оценка: теоретический экзамен, характеристика и рекомендации (срок с 12.03.2025 по 21.03.2025)',
				`${MANAGER} | Контрольная точка: Обратная связь от пользователя: первая рабочая неделя (срок с 14.03.2025 по 17.03.2025)`,
				`${MANAGER} | Контрольная точка: Обратная связь от пользователя: после внутреннего обучения у работодателя (срок с 14.03.2025 по 21.03.2025)`,
				`${MANAGER},konsultant1@example.org | Эскалация: не выполнена контрольная точка «Обратная связь от пользователя: первый рабочий день» (срок с 10.03.2025 по 11.03.2025)`,
				`${MANAGER} | Эскалация: не выполнена контрольная точка «Обратная связь от пользователя: первый рабочий день» (срок 07.03.2025)`,
			].sort(),
		);
		const escalation = mails.find((mail) => mail.to.includes('konsultant1@example.org')) as ReceivedMail;
		expect(escalation.text).toContain('срок истек дней назад: 4');
		expect(escalation.text).toContain('Ответственный специалист: Консультант Первая');

		const check = LocalBase.open(instance.basePath);
		try {
			const week = await check.get('checkpoints', (await check.list('checkpoints', { where: { candidate: ids.u2, label: 'Обратная связь от пользователя: первая рабочая неделя' } }))[0].id);
			expect(week?.status).toBe('Выполнена');
			expect(week?.firedOverdueAt ?? null).toBeNull();
		} finally {
			await check.close();
		}
	}, 300_000);

	test('manual runs mail each letter once', async () => {
		const unpublished = await instance.n8n(['unpublish:workflow', `--id=${REMINDERS_WORKFLOW_ID}`]);
		expect(unpublished.exitCode).toBe(0);
		runEnv.EMPLOYMENT_LIFECYCLE_TODAY = MANUAL_RUN;
		const before = sink.messages.length;
		const server = await instance.start();
		try {
			const rest = await N8nRest.connect(server);

			const first = await rest.run(REMINDERS_WORKFLOW_ID, 'Контрольные точки');
			expect(first.error).toBeUndefined();
			// The e-mail nodes return after the sink has accepted each letter.
			const firstMails = sink.messages.slice(before);
			report(`manual run at ${MANUAL_RUN}: ${firstMails.length} letter(s)`);
			expect(firstMails.length).toBeGreaterThan(0);
			expect(first.items('Отметка перед отправкой', 0)).toHaveLength(firstMails.length);

			const second = await rest.run(REMINDERS_WORKFLOW_ID, 'Контрольные точки');
			expect(second.error).toBeUndefined();

			// A partial run from the trigger's old output, as the editor sends after a change below the trigger.
			const runData = first.run?.data.resultData.runData ?? {};
			const reused = await rest.runWith(REMINDERS_WORKFLOW_ID, {
				runData: { 'Контрольные точки': runData['Контрольные точки'], 'Настройки организации': runData['Настройки организации'] },
				destinationNode: { nodeName: 'Письмо специалисту', mode: 'inclusive' },
				dirtyNodeNames: ['Отметка перед отправкой'],
			});
			expect(reused.error).toBeUndefined();
			expect(reused.items('Отметка перед отправкой', 0)).toEqual([]);
			expect(reused.items('Отметка перед отправкой', 1).length).toBeGreaterThan(0);

			await new Promise((resolve) => setTimeout(resolve, 2_000));
			expect(summary(sink.messages.slice(before + firstMails.length))).toEqual([]);
		} finally {
			await instance.stop();
		}

		// Every letter the sink got in all runs, the active ones included, arrived once.
		const all = summary(sink.messages);
		expect(all.filter((letter, index) => all.indexOf(letter) !== index)).toEqual([]);
		expect(await sentMarks(instance.basePath)).toBeGreaterThan(0);
	}, 300_000);
});
