/**
 * The provider config: a small JSON document a franchise trainer writes for one organisation. It names
 * the services the organisation runs, the partners that run the others, the time zone, the portrait
 * extensions, the base and the specialists' e-mail addresses. Every problem is reported in Russian with
 * the field and the fix.
 */
import path from 'node:path';
import { z } from 'zod/v4';

import { resolvePortraitRules } from '../../core/portraitRules';
import { checkWorkCalendar, type WorkCalendar } from '../../core/workCalendar';
import { serviceName, type ServiceNumber } from '../../schemas';

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** Name of the n8n SMTP credential the e-mail steps point to, when the config names none. */
export const DEFAULT_SMTP_CREDENTIAL = 'SMTP ТЖЦТ';

const SERVICE_KEYS = ['1', '2', '3', '4', '5', '6'] as const;
type ServiceKey = (typeof SERVICE_KEYS)[number];

/** Airtable base ids start with «app», as the nodes' base picker checks them. */
const AIRTABLE_BASE_ID = /^app[A-Za-z0-9]{3,}$/;
const FORM_PREFIX = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;

const text = (what: string) => z.string({ error: `ожидается текст: ${what}` }).trim();

const email = (example: string) =>
	z
		.string({ error: `ожидается адрес электронной почты в кавычках, например "${example}"` })
		.trim()
		.pipe(z.email({ error: `адрес электронной почты записан неверно; пример правильного адреса: ${example}` }));

const partnerSchema = z.strictObject(
	{
		name: text('название организации-партнера').min(1, { error: 'укажите название организации-партнера' }),
		email: email('partner@example.org'),
	},
	{ error: 'ожидается объект с полями "name" и "email", например { "name": "АНО «Партнер»", "email": "partner@example.org" }' },
);

const specialistEmails = z.union([email('specialist@example.org'), z.array(email('specialist@example.org'), { error: 'ожидается список адресов' }).min(1, { error: 'список адресов пуст: укажите хотя бы один адрес' })], {
	error: 'ожидается адрес электронной почты или список адресов, например ["tutor@example.org"]',
});

const localBaseSchema = z.strictObject({
	backend: z.literal('local'),
	path: text('путь к файлу базы')
		.min(1, { error: 'путь пуст: удалите поле, чтобы использовать файл по умолчанию, или укажите полный путь' })
		.refine((value) => path.posix.isAbsolute(value), {
			error: 'укажите полный путь к файлу на сервере n8n, начиная с «/», например /home/node/.n8n/tzhct/base.sqlite, или удалите поле, чтобы использовать файл по умолчанию',
		})
		.optional(),
});

const airtableBaseSchema = z.strictObject({
	backend: z.literal('airtable'),
	baseId: text('идентификатор базы Airtable').regex(AIRTABLE_BASE_ID, {
		error: 'идентификатор базы Airtable начинается с «app», например appAbCdEf12345678; он виден в адресе базы https://airtable.com/app…/…',
	}),
	credential: text('название учетных данных').min(1, { error: 'укажите название учетных данных «Airtable (ТЖЦТ) API» в n8n, например "Airtable ТЖЦТ"' }),
	credentialId: text('идентификатор учетных данных').min(1, { error: 'удалите пустое поле или укажите идентификатор учетных данных из n8n' }).optional(),
});

const baseSchema = z.discriminatedUnion('backend', [localBaseSchema, airtableBaseSchema], {
	error: 'укажите "backend": "local" (локальная база SQLite) или "airtable"',
});

const mailSchema = z.strictObject(
	{
		sender: email('tzhct@example.org'),
		manager: email('rukovoditel@example.org').optional(),
		credential: text('название учетных данных SMTP').min(1, { error: 'удалите пустое поле или укажите название учетных данных SMTP в n8n' }).optional(),
	},
	{ error: 'ожидается объект, например { "sender": "tzhct@example.org" }' },
);

const serviceNumberSchema = z
	.number({ error: 'ожидается номер услуги от 1 до 6 без кавычек' })
	.int({ error: 'ожидается номер услуги от 1 до 6' })
	.min(1, { error: 'ожидается номер услуги от 1 до 6' })
	.max(6, { error: 'ожидается номер услуги от 1 до 6' });

const dateList = (what: string) => z.array(text(what), { error: `ожидается список дат ГГГГ-ММ-ДД в кавычках, например ["2026-12-31"]` }).default([]);

const calendarSchema = z.strictObject(
	{
		nonWorkingDays: dateList('дата нерабочего дня'),
		workingDays: dateList('дата рабочего выходного дня'),
	},
	{ error: 'ожидается объект, например { "nonWorkingDays": ["2026-12-31"], "workingDays": [] }' },
);

const serviceKeySchema = z.enum(SERVICE_KEYS, { error: 'ключ должен быть номером услуги от "1" до "6"' });

const providerConfigSchema = z.strictObject(
	{
		organisation: text('название организации')
			.min(1, { error: 'укажите название организации, например "АНО «Шаг навстречу»"' })
			.max(80, { error: 'название длиннее 80 символов: сократите его, оно стоит в начале названия каждого процесса' }),
		services: z
			.array(serviceNumberSchema, { error: 'ожидается список номеров услуг, которые организация оказывает сама, например [1, 2]' })
			.min(1, { error: 'список пуст: укажите хотя бы одну услугу, которую организация оказывает сама' }),
		partners: z.partialRecord(serviceKeySchema, partnerSchema, { error: 'ожидается объект: номер услуги → партнер' }).default({}),
		timeZone: text('часовой пояс').default(DEFAULT_TIME_ZONE),
		calendar: calendarSchema.optional(),
		portrait: z.record(z.string(), z.unknown(), { error: 'ожидается объект с расширениями портрета, как в параметре «Правила портрета организации»' }).optional(),
		base: baseSchema,
		specialists: z.partialRecord(serviceKeySchema, specialistEmails, { error: 'ожидается объект: номер услуги → адреса специалистов' }).default({}),
		mail: mailSchema,
		formPrefix: text('приставка адресов форм')
			.regex(FORM_PREFIX, { error: 'только строчные латинские буквы, цифры и дефис, от 2 до 40 символов, например "shag-navstrechu"' })
			.optional(),
	},
	{ error: 'ожидается объект JSON в фигурных скобках с полями organisation, services, base, mail и другими, как в примерах docs/examples/provider-*.json' },
);

export type LocalBaseConfig = { backend: 'local'; path?: string };
export type AirtableBaseConfig = { backend: 'airtable'; baseId: string; credential: string; credentialId?: string };

export interface Partner {
	name: string;
	email: string;
}

/** A checked config with defaults applied; service keys are numbers. */
export interface ProviderConfig {
	organisation: string;
	services: ServiceNumber[];
	partners: Map<ServiceNumber, Partner>;
	timeZone: string;
	/** Days off the annual decree moves and the organisation's own, beyond the Labour Code holidays. */
	workCalendar: Required<WorkCalendar>;
	portrait?: Record<string, unknown>;
	base: LocalBaseConfig | AirtableBaseConfig;
	specialists: Map<ServiceNumber, string[]>;
	mail: { sender: string; manager: string; credential: string };
	formPrefix?: string;
}

export type ConfigValidation = { ok: true; config: ProviderConfig; warnings: string[] } | { ok: false; problems: string[] };

const RUSSIAN_ERRORS = z.locales.ru().localeError;

/** Writes a path as the config's author reads it: keys joined by dots, list positions counted from 1. */
export function describeField(fieldPath: ReadonlyArray<PropertyKey>): string {
	if (fieldPath.length === 0) {
		return 'Настройки провайдера';
	}
	const text = fieldPath.map((part, index) => (typeof part === 'number' ? `[${part + 1}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('');
	return `Поле «${text}»`;
}

/** Returns the value at `fieldPath` in the raw input, or undefined when the path is missing. */
function valueAt(input: unknown, fieldPath: ReadonlyArray<PropertyKey>): unknown {
	let value = input;
	for (const part of fieldPath) {
		if (value === null || typeof value !== 'object') {
			return undefined;
		}
		value = (value as Record<PropertyKey, unknown>)[part];
	}
	return value;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
	if (issue.code === 'unrecognized_keys') {
		const keys = issue.keys.map((key) => `«${key}»`).join(', ');
		return `${describeField(issue.path)}: неизвестный ключ ${keys}. Удалите его или исправьте название.`;
	}
	if (issue.code === 'invalid_key') {
		return `${describeField(issue.path)}: ключ должен быть номером услуги от "1" до "6".`;
	}
	if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
		return `${describeField(issue.path)}: обязательное поле не заполнено — ${issue.message}.`;
	}
	return `${describeField(issue.path)}: ${issue.message}.`;
}

function quoted(service: ServiceNumber): string {
	return `${service} «${serviceName(service)}»`;
}

function isValidTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('ru-RU', { timeZone });
		return true;
	} catch {
		return false;
	}
}

function asList(value: string | string[]): string[] {
	return Array.isArray(value) ? value : [value];
}

/** Checks what the schema alone cannot: every service has exactly one provider, and the portrait rules. */
function crossCheck(parsed: z.output<typeof providerConfigSchema>): string[] {
	const problems: string[] = [];
	const own = new Set<number>();
	parsed.services.forEach((service, index) => {
		if (own.has(service)) {
			problems.push(`${describeField(['services', index])}: услуга ${service} указана дважды. Удалите повтор.`);
		}
		own.add(service);
	});

	for (const key of SERVICE_KEYS) {
		const service = Number(key) as ServiceNumber;
		const partner = parsed.partners[key as ServiceKey];
		const specialists = parsed.specialists[key as ServiceKey];
		if (own.has(service)) {
			if (partner) {
				problems.push(`${describeField(['partners', key])}: услугу ${quoted(service)} организация оказывает сама (она есть в «services»). Удалите партнера или уберите услугу из «services».`);
			}
			if (!specialists) {
				problems.push(
					`Поле «specialists»: укажите адрес ответственного специалиста услуги ${quoted(service)}, например "specialists": { "${key}": ["specialist@example.org"] }. На него приходят письма о передаче пользователей в эту услугу.`,
				);
			}
			continue;
		}
		if (!partner) {
			problems.push(
				`Поле «partners»: услугу ${quoted(service)} организация сама не оказывает — укажите партнера, например "partners": { "${key}": { "name": "АНО «Партнер»", "email": "partner@example.org" } }, или добавьте ${service} в «services».`,
			);
		}
		if (specialists) {
			problems.push(`${describeField(['specialists', key])}: услугу ${quoted(service)} оказывает партнер, поэтому специалисты организации для нее не нужны. Удалите поле или добавьте ${service} в «services».`);
		}
	}

	if (!isValidTimeZone(parsed.timeZone)) {
		problems.push(`Поле «timeZone»: часовой пояс «${parsed.timeZone}» не найден. Укажите его в формате IANA, например Europe/Moscow или Asia/Yekaterinburg.`);
	}

	if (parsed.calendar) {
		problems.push(...checkWorkCalendar(parsed.calendar, { nonWorkingDays: describeField(['calendar', 'nonWorkingDays']), workingDays: describeField(['calendar', 'workingDays']) }));
	}

	const portrait = resolvePortraitRules(parsed.portrait);
	if (!portrait.ok) {
		problems.push(...portrait.problems.map((problem) => `Поле «portrait»: ${problem}`));
	}
	return problems;
}

/** Route steps that need a record made by another service, when that service is a partner's. */
function sharedBaseWarnings(services: ReadonlySet<number>): string[] {
	const warnings: string[] = [];
	const needReferral = [3, 4, 6].filter((service) => services.has(service)) as ServiceNumber[];
	if (needReferral.length > 0 && !services.has(2)) {
		warnings.push(
			`Услуги ${needReferral.join(', ')} начинаются с направления рекрутера (услуга 2), а ее оказывает партнер. Работайте с партнером в одной базе: иначе эпизода «Направлен» не будет в вашей базе и операция «Начать оказание» будет отклонена.`,
		);
	}
	if (services.has(6) && !services.has(5)) {
		warnings.push('Трудовой договор в услуге 6 требует выполненных и подтвержденных в базе рекомендаций услуги 5, а ее оказывает партнер: партнер должен записывать мероприятия в вашу базу, иначе укажите причину исключения.');
	}
	return warnings;
}

/** Returns the config with defaults, or the Russian problems, one per invalid value. */
export function validateProviderConfig(input: unknown): ConfigValidation {
	const parsed = providerConfigSchema.safeParse(input, { error: RUSSIAN_ERRORS });
	if (!parsed.success) {
		return { ok: false, problems: parsed.error.issues.map((issue) => describeIssue(issue, input)) };
	}
	const value = parsed.data;
	const problems = crossCheck(value);
	if (problems.length > 0) {
		return { ok: false, problems };
	}

	const partners = new Map<ServiceNumber, Partner>();
	const specialists = new Map<ServiceNumber, string[]>();
	for (const key of SERVICE_KEYS) {
		const service = Number(key) as ServiceNumber;
		const partner = value.partners[key];
		if (partner) {
			partners.set(service, partner);
		}
		const addresses = value.specialists[key];
		if (addresses) {
			specialists.set(service, asList(addresses));
		}
	}

	const services = [...value.services].sort((left, right) => left - right) as ServiceNumber[];
	const config: ProviderConfig = {
		organisation: value.organisation,
		services,
		partners,
		timeZone: value.timeZone,
		workCalendar: { nonWorkingDays: value.calendar?.nonWorkingDays ?? [], workingDays: value.calendar?.workingDays ?? [] },
		portrait: value.portrait,
		base: value.base,
		specialists,
		mail: { sender: value.mail.sender, manager: value.mail.manager ?? value.mail.sender, credential: value.mail.credential ?? DEFAULT_SMTP_CREDENTIAL },
		formPrefix: value.formPrefix,
	};
	return { ok: true, config, warnings: sharedBaseWarnings(new Set(services)) };
}

/** Parses the config file's text; invalid JSON is a problem like any other. */
export function parseProviderConfig(text: string): ConfigValidation {
	let input: unknown;
	try {
		input = JSON.parse(text);
	} catch (error) {
		return { ok: false, problems: [`Файл настроек не является JSON: ${(error as Error).message}. Проверьте запятые, скобки и кавычки.`] };
	}
	return validateProviderConfig(input);
}
