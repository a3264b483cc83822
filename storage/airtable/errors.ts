import { StorageError } from '../types';

/** An error response of the Airtable API: the HTTP status and Airtable's error type and English message. */
export class AirtableApiError extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		/** Airtable's own text. It may quote cell values, so it never goes into a user-facing message. */
		readonly airtableMessage: string,
	) {
		super(`Airtable ${status} ${type}`);
		this.name = 'AirtableApiError';
	}
}

/** No response arrived (dropped connection, timeout, refused) or a 5xx came back after every retry. */
export class AirtableUnavailableError extends Error {
	constructor(
		readonly status: number | undefined,
		readonly causeText: string,
	) {
		super(status === undefined ? `Airtable did not respond: ${causeText}` : `Airtable ${status}`);
		this.name = 'AirtableUnavailableError';
	}
}

/** Reads Airtable's error body in each of its shapes: `{error: {type, message}}`, `{error: 'TYPE'}`, `{errors: [...]}`. */
export function apiErrorOf(status: number, body: unknown): AirtableApiError {
	const record = (body ?? {}) as Record<string, unknown>;
	let type = '';
	let message = '';
	const error = record.error;
	if (typeof error === 'string') {
		type = error;
	} else if (error && typeof error === 'object') {
		const typed = error as Record<string, unknown>;
		type = String(typed.type ?? '');
		message = String(typed.message ?? '');
	} else if (Array.isArray(record.errors) && record.errors.length > 0) {
		const first = record.errors[0] as Record<string, unknown>;
		type = String(first.error ?? first.type ?? '');
		message = String(first.message ?? '');
	}
	return new AirtableApiError(status, type || `HTTP_${status}`, message);
}

/** Place of an error (table, field, kind of access), named in the Russian message. */
export interface ErrorScene {
	/** Russian table name. */
	table?: string;
	/** Russian field name, when the caller knows it better than Airtable's message. */
	field?: string;
	id?: string;
	/** Reading or writing, to name the right token scope. */
	access: 'read' | 'write' | 'schema';
}

const CHECK_BASE = 'запустите «Проверить базу» в узле «ТЖЦТ: настройка базы»';
const CREATE_MISSING = 'запустите «Создать недостающее» в узле «ТЖЦТ: настройка базы»';

/** Field name quoted in Airtable's message (`Unknown field name: "X"`, `Field "X" cannot accept…`, `…a field named X`). */
export function fieldNameIn(message: string): string | undefined {
	const quoted = /(?:Unknown field name|Field)[:\s]+"([^"]+)"/.exec(message);
	if (quoted) {
		return quoted[1];
	}
	const named = /field named (.+?)\.?$/.exec(message);
	return named ? named[1].replace(/^"|"$/g, '') : undefined;
}

/** Airtable's plan limit error. NOTE: its exact type is not documented; any type or text about a record limit matches. */
export function isRecordLimitError(error: AirtableApiError): boolean {
	if (error.status === 429) {
		return false;
	}
	const typeSaysLimit = /LIMIT/.test(error.type) && !/RATE/.test(error.type);
	const textSaysLimit = /limit/i.test(error.airtableMessage) && /record/i.test(error.airtableMessage);
	return typeSaysLimit || textSaysLimit;
}

function tableWords(scene: ErrorScene): string {
	return scene.table ? `таблицы «${scene.table}»` : 'таблицы';
}

/**
 * Turns an Airtable failure into a StorageError whose Russian message names the table, the field and the
 * fix. Airtable's own text is never copied, because it may contain the values of the record.
 */
export function toStorageError(error: unknown, scene: ErrorScene): StorageError {
	if (error instanceof StorageError) {
		return error;
	}
	const details = { table: scene.table, field: scene.field, id: scene.id };
	if (error instanceof AirtableUnavailableError) {
		return new StorageError('unavailable', `Airtable не отвечает или вернул ошибку сервера при работе с ${tableWords(scene)}. Попробуйте позже: уже записанное при повторе не задвоится.`, { ...details, retryable: true });
	}
	if (!(error instanceof AirtableApiError)) {
		return new StorageError('internal', `Непредвиденная ошибка при работе с Airtable (${tableWords(scene)}): ${(error as Error)?.name ?? 'ошибка'}.`, details);
	}

	const field = scene.field ?? fieldNameIn(error.airtableMessage);
	const fieldWords = field ? `поле «${field}»` : 'одно из полей';
	const where = scene.table ? `В таблице «${scene.table}»` : 'В базе Airtable';
	const scopes = { schema: 'schema.bases:read и schema.bases:write', write: 'data.records:write', read: 'data.records:read' };
	const scope = scopes[scene.access];

	if (error.status === 429) {
		return new StorageError('rate_limited', 'Airtable ограничил частоту запросов к базе (не больше 5 в секунду) и не принял запросы после нескольких пауз. Запустите позже или уменьшите число одновременно работающих процессов с этой базой.', { ...details, retryable: true });
	}
	if (error.status === 413) {
		return new StorageError('invalid_value', `Запрос к ${tableWords(scene)} слишком большой для Airtable: сократите длинный текст${field ? ` в поле «${field}»` : ''} или запишите меньше записей за раз.`, details);
	}
	if (error.status >= 500) {
		return new StorageError('unavailable', `Airtable вернул ошибку сервера при работе с ${tableWords(scene)}. Попробуйте позже: уже записанное при повторе не задвоится.`, { ...details, retryable: true });
	}
	if (isRecordLimitError(error)) {
		return new StorageError('quota', 'База Airtable достигла предела числа записей своего тарифного плана. Перейдите на тариф с большим пределом или перенесите старые записи в архивную базу, затем повторите.', details);
	}

	switch (error.type) {
		case 'AUTHENTICATION_REQUIRED':
			return new StorageError('permission', 'Airtable не принял токен доступа. Проверьте персональный токен в учетных данных «Airtable (ТЖЦТ)»: он мог быть удален или истечь.', details);
		case 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND':
			return new StorageError(
				'permission',
				`Нет доступа к ${tableWords(scene)} в базе Airtable, или ее нет в базе. Проверьте, что токену выданы права ${scope} и доступ к этой базе, и что таблица называется «${scene.table ?? ''}»; ${CHECK_BASE}.`,
				details,
			);
		case 'INVALID_PERMISSIONS':
			return new StorageError('permission', `Недостаточно прав для изменения ${tableWords(scene)}: токену нужно право ${scope}, а его владельцу — доступ к базе на уровне «Editor» или выше.`, details);
		case 'TABLE_NOT_FOUND':
			return new StorageError('not_found', `В базе Airtable нет таблицы «${scene.table ?? ''}»: верните ее название или ${CREATE_MISSING}.`, details);
		case 'NOT_FOUND':
		case 'MODEL_ID_NOT_FOUND':
			return new StorageError('not_found', `${where} не найдена запись или сама база Airtable. Проверьте выбранную базу и ключ записи.`, details);
		case 'UNKNOWN_FIELD_NAME':
			return new StorageError('unknown_field', `${where} нет поля «${field ?? '?'}»: верните название поля или ${CHECK_BASE}.`, { ...details, field });
		case 'INVALID_MULTIPLE_CHOICE_OPTIONS':
			return new StorageError(
				'invalid_value',
				`${where} ${fieldWords} не содержит нужного варианта выбора: его удалили или переименовали. Верните вариант в настройках поля в Airtable; ${CHECK_BASE}, чтобы увидеть недостающие варианты.`,
				{ ...details, field },
			);
		case 'INVALID_VALUE_FOR_COLUMN':
			return new StorageError('invalid_value', `${where} ${fieldWords} не принимает значение: вероятно, изменили тип поля. Верните тип поля; ${CHECK_BASE}.`, { ...details, field });
		case 'ROW_DOES_NOT_EXIST':
			return new StorageError('not_found', `${where} ${field ? `поле «${field}» ссылается` : 'запись ссылается'} на запись, которой больше нет в Airtable (ее удалили). Восстановите запись из корзины Airtable или исправьте ключ связи.`, { ...details, field });
		case 'INVALID_RECORDS':
		case 'INVALID_REQUEST_UNKNOWN':
		case 'INVALID_REQUEST_MISSING_FIELDS':
			return new StorageError('invalid_value', `${where} Airtable отклонил запись: ${fieldWords} содержит значение, которое Airtable не принимает. ${CHECK_BASE[0].toUpperCase()}${CHECK_BASE.slice(1)}.`, { ...details, field });
		case 'INVALID_FILTER_BY_FORMULA':
			return new StorageError('unknown_field', `${where} не удалось выполнить отбор записей: вероятно, переименовали поле. ${CHECK_BASE[0].toUpperCase()}${CHECK_BASE.slice(1)}.`, details);
		default:
			return new StorageError('internal', `Airtable вернул ошибку ${error.status} (${error.type}) при работе с ${tableWords(scene)}.`, details);
	}
}
