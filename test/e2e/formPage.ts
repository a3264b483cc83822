/**
 * The recruiter's questionnaire form over HTTP, as n8n's form page submits it, and the outcome page it
 * shows afterwards.
 */
import { COHORT_DATE } from '../fixtures/cohort';
import type { N8nServer } from './harness';

/** A questionnaire as the recruiter fills the form: a graduate who matches the portrait, scenario C. */
export const RECRUITER_FORM_ANSWERS: Record<string, string> = {
	Фамилия: 'Формова',
	Имя: 'Вера',
	'Дата рождения': '2001-04-12',
	Телефон: '+7 (900) 000-00-42',
	Город: 'Москва',
	Категория: 'Выпускник сиротского учреждения',
	'Выпускник ПНИ': 'Нет',
	Образование: 'Среднее профессиональное',
	'Группа инвалидности': 'Нет',
	'Степень ограничения способности к трудовой деятельности': 'Нет',
	'Степень ограничения способности контролировать свое поведение (ИПРА)': 'Нет',
	'Ограниченные возможности здоровья': 'Нет',
	'Самый долгий стаж на одном месте по трудовому договору, мес.': '0',
	Дееспособность: 'Да',
	'Химическая зависимость': 'Нет',
	'Физический доступ к специалисту': 'Да',
	'Субъектная позиция': 'Да',
	Запрос: 'Формализованный',
	'Потребности, которые может обеспечить работа': 'Финансовая самостоятельность',
	'Умение осваивать новую информацию и навыки': 'Да',
	'Умение выстраивать коммуникации': 'Да',
	'Умение перемещаться по городу': 'Да',
	'Умение видеть причинно-следственные связи': 'Да',
	'Умение следовать правилам и указаниям, соблюдать иерархию': 'Да',
	'Представление о нормах поведения в обществе': 'Да',
	'Представление об экономическом участии': 'Да',
	'Принимает финансовые решения хотя бы иногда': 'Да',
	'Паспорт или заменяющий документ': 'Да',
	'Трудовая книжка': 'Да',
	'Документ об образовании': 'Да',
	ИНН: 'Да',
	'Согласие на обработку персональных данных': 'Да',
	'Дата собеседования': COHORT_DATE,
	Рекрутер: 'Рекрутер Тестовый',
	'Подходит на вакансию из банка': 'Нет',
	'Заинтересован(а) в вакансии': 'Нет',
	'Способности и склонности неясны': 'Нет',
	'Нужна поддержка в поиске работы': 'Да',
	'Отказывается от других услуг': 'Нет',
	'Сценарий (решение рекрутера)': 'Определить по ответам',
};

/** A field of an n8n form trigger, as the workflow JSON lists it. */
export interface FormField {
	fieldLabel?: string;
	fieldName?: string;
	fieldType?: string;
}

/** Returns the visible text of an n8n page: tags dropped, entities of quotes and breaks decoded. */
export function pageText(html: string): string {
	return html
		.replace(/<br\s*\/?>/g, '\n')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&quot;/g, '"')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

/** Waits until n8n serves the form at `/form/<path>`: it does once it has activated the published workflow. */
export async function waitForForm(server: N8nServer, path: string, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while ((await fetch(`${server.baseUrl}/form/${path}`)).status !== 200) {
		if (Date.now() > deadline) {
			throw new Error(`the form /form/${path} is not served:\n${server.output().split('\n').slice(-40).join('\n')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/**
 * Submits the form as n8n's form page does: POST the answers, wait until the run pauses at the outcome
 * page, load that page and send the page's own follow-up POST, which finishes the run. Returns the page's text.
 */
export async function submitForm(server: N8nServer, path: string, fields: readonly FormField[], answers: Record<string, string>): Promise<string> {
	const body = new FormData();
	fields.forEach((field, index) => {
		const answer = answers[field.fieldLabel ?? field.fieldName ?? ''];
		if (answer !== undefined && answer !== '') {
			// The form page posts the ticked checkboxes as a JSON array.
			body.append(`field-${index}`, field.fieldType === 'checkbox' ? JSON.stringify(answer.split('; ')) : answer);
		}
	});
	const posted = await fetch(`${server.baseUrl}/form/${path}`, { method: 'POST', body });
	expect(posted.status).toBe(200);
	const { formWaitingUrl } = (await posted.json()) as { formWaitingUrl?: string };
	expect(formWaitingUrl).toBeDefined();

	// n8n builds the address from its configured host; the test server listens on another port.
	const waiting = new URL(formWaitingUrl as string);
	const page = new URL(`${waiting.pathname}${waiting.search}`, server.baseUrl);
	const status = new URL(page);
	status.pathname = `${page.pathname}/n8n-execution-status`;

	const deadline = Date.now() + 60_000;
	let state = '';
	while (state !== 'form-waiting') {
		state = (await (await fetch(status)).text()).trim();
		if (['error', 'crashed', 'canceled', 'success', 'null'].includes(state) || Date.now() > deadline) {
			throw new Error(`the run did not reach the outcome page (status «${state}»):\n${server.output().split('\n').slice(-40).join('\n')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}

	const outcomePage = await fetch(page);
	expect(outcomePage.status).toBe(200);
	const text = pageText(await outcomePage.text());

	const finished = await fetch(page, { method: 'POST' });
	expect(finished.status).toBe(200);
	while (state !== 'success') {
		state = (await (await fetch(status)).text()).trim();
		if (['error', 'crashed', 'canceled', 'null'].includes(state) || Date.now() > deadline) {
			throw new Error(`the run did not finish after the outcome page (status «${state}»):\n${server.output().split('\n').slice(-40).join('\n')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return text;
}
