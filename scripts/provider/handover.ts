/**
 * The letters that replace the handover steps of the shipped workflows: to the organisation's own
 * specialist of the next service, or to the partner that runs it. A letter leaves the base, so it carries
 * only who the user is, how to reach them and the route. Health data, portrait reasons and specialists'
 * notes are never among its fields.
 */
import { candidates, serviceName, type ServiceNumber } from '../../schemas';
import type { WorkflowNode } from '../workflows/builder';
import type { Partner } from './config';

const json = (field: string) => `$json[${JSON.stringify(field)}]`;

const columns = candidates.columns;

/** Item fields a letter may show, each with its Russian label; any other field of the item is left out. */
export const LETTER_FIELDS: ReadonlyArray<{ label: string; value: string }> = [
	{ label: 'Кандидат', value: `[${json(columns.lastName.label)}, ${json(columns.firstName.label)}, ${json(columns.middleName.label)}].filter((part) => part).join(" ")` },
	{ label: columns.phone.label, value: json(columns.phone.label) },
	{ label: columns.email.label, value: json(columns.email.label) },
	{ label: columns.city.label, value: json(columns.city.label) },
	{ label: 'Ключ кандидата', value: json('Ключ кандидата') },
	{ label: 'Из услуги', value: json('Услуга') },
	{ label: 'Сценарий', value: json('Сценарий') },
	{ label: 'Направлен на услугу', value: json('Направлен на услугу') },
	{ label: 'Параллельно рекомендованы', value: json('Параллельно рекомендованы') },
	{ label: 'Следующая рекомендованная услуга', value: json('Следующая рекомендованная услуга') },
	{ label: 'Предложенные услуги', value: json('Предложенные услуги') },
	{ label: 'Повторное обращение', value: `${json('Повторное обращение')} === true ? "да" : ""` },
	{ label: 'Дата собеседования', value: json('Дата собеседования') },
	{ label: 'Рекрутер', value: json('Рекрутер') },
];

/** Builds one expression that lists the filled letter fields, one «label: value» line each, with lists joined by commas. */
export function letterFieldsExpression(): string {
	const pairs = LETTER_FIELDS.map((field) => `[${JSON.stringify(field.label)}, ${field.value}]`).join(', ');
	return `{{ [${pairs}].filter((pair) => pair[1] !== undefined && pair[1] !== null && String(pair[1]).trim() !== "").map((pair) => pair[0] + ": " + (Array.isArray(pair[1]) ? pair[1].join(", ") : pair[1])).join("\\n") }}`;
}

export interface LetterSettings {
	organisation: string;
	sender: string;
	workflowName: string;
	smtp: { id: string; name: string };
}

/** Node settings every letter shares: the SMTP credential, retries, and failures on a second output. */
function mailNode(name: string, position: [number, number], parameters: Record<string, unknown>, settings: LetterSettings): WorkflowNode {
	return {
		id: '',
		name,
		type: 'n8n-nodes-base.emailSend',
		typeVersion: 2.1,
		position,
		parameters: { resource: 'email', operation: 'send', fromEmail: settings.sender, emailFormat: 'text', ...parameters },
		credentials: { smtp: settings.smtp },
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 5000,
		onError: 'continueErrorOutput',
	} as WorkflowNode;
}

const FOOTER = [
	'',
	'Данные о здоровье и заметки специалистов в письмо не включаются: при необходимости запросите их у ответственного специалиста с согласия пользователя.',
];

export function partnerStepName(service: ServiceNumber): string {
	return `Передать партнеру: услуга ${service}`;
}

/** Builds the «Передать партнеру» step, a letter to the partner that runs `service`. */
export function partnerLetter(service: ServiceNumber, partner: Partner, position: [number, number], settings: LetterSettings): WorkflowNode {
	const text = [
		'=Здравствуйте!',
		'',
		`${settings.organisation} передает пользователя технологии трудоустройства (ТЖЦТ) на услугу «${serviceName(service)}», которую оказывает ${partner.name}.`,
		'',
		letterFieldsExpression(),
		...FOOTER,
		`Ответить можно на это письмо. Письмо отправлено автоматически процессом «${settings.workflowName}».`,
	].join('\n');
	return mailNode(
		partnerStepName(service),
		position,
		{
			toEmail: partner.email,
			subject: `Направление на услугу «${serviceName(service)}» от ${settings.organisation}`,
			text,
			options: { appendAttribution: false, replyTo: settings.sender },
		},
		settings,
	);
}

/** Builds the internal handover, a letter to the organisation's specialists of `service`. The step keeps its name. */
export function specialistLetter(stepName: string, service: ServiceNumber, addresses: readonly string[], position: [number, number], settings: LetterSettings): WorkflowNode {
	const text = [
		'=Здравствуйте!',
		'',
		`Пользователь передан в услугу «${serviceName(service)}». Карточка кандидата — в базе по ключу кандидата.`,
		'',
		letterFieldsExpression(),
		...FOOTER,
		`Письмо отправлено автоматически процессом «${settings.workflowName}».`,
	].join('\n');
	return mailNode(stepName, position, { toEmail: addresses.join(', '), subject: `${settings.organisation}: ${stepName}`, text, options: { appendAttribution: false } }, settings);
}
