/**
 * The shipped vacancy mailing in a real n8n, started by its Manual Trigger with `n8n execute`, with e-mail
 * going to an SMTP sink on loopback and the base seeded through the core operations.
 */
import fs from 'node:fs';
import path from 'node:path';

import { saveEmployers } from '../../core/operations/employers';
import { saveSourceContacts, saveSources } from '../../core/operations/sources';
import { saveVacancies } from '../../core/operations/vacancies';
import { LocalBase } from '../../storage/local/localBase';
import type { WriteContext } from '../../storage/types';
import { SMTP_CREDENTIAL } from '../../scripts/workflows/reminders';
import { VACANCY_MAILING_WORKFLOW_ID } from '../../scripts/workflows/vacancyMailing';
import { SmtpSink } from '../support/smtpSink';
import { createN8nInstance, type N8nInstance } from './harness';

const context: WriteContext = { actor: 'e2e: подготовка базы' };
const SEED_DATE = '2025-03-03';
const PERM_CONTACT = 'pedagog@example.org';
const ANY_CITY_CONTACT = 'kurator@example.org';

async function seed(basePath: string): Promise<{ permContact: string }> {
	const base = LocalBase.open(basePath);
	try {
		const [source] = await saveSources(base, [{ fields: { name: 'ЦССВ «Пермский»', kind: 'ЦССВ', city: 'Пермь' } }], context);
		const sourceId = source.ok ? source.value.id : '';
		const contacts = await saveSourceContacts(
			base,
			[
				{ fields: { name: 'Социальный педагог', source: sourceId, email: PERM_CONTACT, subscribed: true } },
				{ fields: { name: 'Куратор НКО', email: ANY_CITY_CONTACT, subscribed: true } },
				{ fields: { name: 'Воспитатель без рассылки', source: sourceId, email: 'no-mailing@example.org', subscribed: false } },
			],
			context,
		);
		const [employer] = await saveEmployers(base, [{ fields: { name: 'ООО «Пекарня»', inn: '5900000002' } }], context);
		const employerId = employer.ok ? employer.value.id : '';
		const saved = await saveVacancies(
			base,
			[
				{ fields: { title: 'Пекарь', type: 'Открытая вакансия', employer: employerId, city: 'Пермь', salaryMin: 30000, publishedAt: SEED_DATE }, date: SEED_DATE },
				{ fields: { title: 'Курьер', type: 'Открытая вакансия', city: 'Москва' }, date: SEED_DATE },
				{ fields: { title: 'Упаковщик', type: 'Вакансия с выделенными функциями', employer: employerId, city: 'Пермь', urgent: true }, date: SEED_DATE },
			],
			context,
		);
		const failed = [...contacts, ...saved].filter((result) => !result.ok);
		if (failed.length > 0) {
			throw new Error(`seeding failed: ${JSON.stringify(failed)}`);
		}
		return { permContact: contacts[0].ok ? contacts[0].value.id : '' };
	} finally {
		await base.close();
	}
}

function smtpCredentialFile(folder: string, sink: SmtpSink): string {
	const file = path.join(folder, 'smtp-credential.json');
	// import:credentials encrypts a plain `data` object with the instance's key (n8n 2.41.1).
	const credential = { ...SMTP_CREDENTIAL, type: 'smtp', data: { host: sink.host, port: sink.port, secure: false, disableStartTls: true, user: 'mailing', password: 'loopback-only' } };
	fs.writeFileSync(file, JSON.stringify([credential]));
	return file;
}

async function mailingEvents(basePath: string) {
	const base = LocalBase.open(basePath);
	try {
		return await base.list('events', { where: { type: 'Связь с контактом источника' } });
	} finally {
		await base.close();
	}
}

describe('vacancy mailing in real n8n', () => {
	let sink: SmtpSink;
	let instance: N8nInstance;
	let permContact: string;

	beforeAll(async () => {
		sink = await SmtpSink.start();
		instance = await createN8nInstance();
		({ permContact } = await seed(instance.basePath));

		const imported = await instance.n8n(['import:credentials', `--input=${smtpCredentialFile(instance.root, sink)}`]);
		if (imported.exitCode !== 0) {
			throw new Error(`import:credentials failed:\n${imported.stdout}\n${imported.stderr}`);
		}
		const shipped = await instance.importShippedWorkflows();
		expect(shipped.map((entry) => entry.id)).toContain(VACANCY_MAILING_WORKFLOW_ID);
	}, 300_000);

	afterAll(async () => {
		await instance?.dispose();
		await sink?.close();
	});

	test('one letter per subscribed КИ', async () => {
		const result = await instance.execute(VACANCY_MAILING_WORKFLOW_ID);
		expect(result.succeeded).toBe(true);
		const mails = await sink.waitForCount(2, 60_000);

		expect(mails.map((mail) => mail.to.join(',')).sort()).toEqual([ANY_CITY_CONTACT, PERM_CONTACT].sort());
		const perm = mails.find((mail) => mail.to.includes(PERM_CONTACT));
		expect(perm?.from).toBe('vakansii@example.org');
		expect(perm?.subject).toMatch(/^Вакансии для выпускников на \d{2}\.\d{2}\.\d{4}: есть срочные$/);
		expect(perm?.text).toContain('Здравствуйте, Социальный педагог!');
		expect(perm?.text).toContain('1. Упаковщик — работа с простыми операциями только для участников программы');
		expect(perm?.text).toContain('Пекарь — ООО «Пекарня», Пермь, зарплата от 30 000 руб.');
		expect(perm?.text).not.toContain('Курьер');
		expect(perm?.text).toContain('С уважением, АНО «Название организации»');
		const anyCity = mails.find((mail) => mail.to.includes(ANY_CITY_CONTACT));
		expect(anyCity?.text).toContain('Курьер');

		expect(result.items('Подготовка рассылки')).toHaveLength(2);
		expect(result.items('Запись связи с КИ').map((item) => item['Событие записано'])).toEqual(['Новое', 'Новое']);
		const events = await mailingEvents(instance.basePath);
		expect(events).toHaveLength(2);
		expect(events.every((event) => event.channel === 'Электронное письмо')).toBe(true);
		expect(events.map((event) => event.sourceContact)).toContain(permContact);
	}, 300_000);

	test('second run records no second event', async () => {
		const result = await instance.execute(VACANCY_MAILING_WORKFLOW_ID);
		expect(result.succeeded).toBe(true);
		await sink.waitForCount(4, 60_000);

		expect(result.items('Запись связи с КИ').map((item) => item['Событие записано'])).toEqual(['Уже было в базе', 'Уже было в базе']);
		expect(await mailingEvents(instance.basePath)).toHaveLength(2);
	}, 300_000);
});
