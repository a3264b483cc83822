import type { Column, Table } from '../../schemas';
import { StorageError, type RowMeta } from '../types';
import { AUDIT_FIELDS, LONG_TEXT_LIMIT, NO, YES } from './mapping';

/** An Airtable record as the API returns it. */
export interface AirtableRecord {
	id: string;
	createdTime?: string;
	fields: Record<string, unknown>;
}

/**
 * Converts one validated value to the cell Airtable stores. `null` clears the cell. A link becomes the
 * linked record's Airtable id, which the caller resolved from our key beforehand.
 */
export function encodeCell(table: Table, column: Column, value: unknown, linkedRecordId?: string): unknown {
	if (value === null || value === undefined) {
		return null;
	}
	switch (column.kind) {
		case 'boolean':
			return value ? YES : NO;
		case 'json': {
			const text = JSON.stringify(value);
			if (text.length > LONG_TEXT_LIMIT) {
				throw new StorageError('invalid_value', `Таблица «${table.label}», поле «${column.label}»: данные длиннее ${LONG_TEXT_LIMIT} знаков, Airtable их не сохранит. Сократите их.`, {
					table: table.label,
					field: column.label,
				});
			}
			return text;
		}
		case 'link':
			return linkedRecordId ? [linkedRecordId] : null;
		default:
			if (typeof value === 'string' && value.length > LONG_TEXT_LIMIT) {
				throw new StorageError('invalid_value', `Таблица «${table.label}», поле «${column.label}»: текст длиннее ${LONG_TEXT_LIMIT} знаков, Airtable его не сохранит. Сократите его.`, {
					table: table.label,
					field: column.label,
				});
			}
			return value;
	}
}

/** Linked record ids of a link cell. A link column stores one, but a coordinator may add more by hand. */
export function linkedRecordIds(raw: unknown): string[] {
	return Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Converts one cell back to the declared type. Airtable leaves empty cells out, so a missing cell is
 * null (for a boolean: unknown). A link returns the first linked record's key; `keyOf` maps an Airtable
 * record id to our key after the caller resolved it.
 */
export function decodeCell(column: Column, raw: unknown, keyOf: (recordId: string) => string | undefined): unknown {
	if (raw === undefined || raw === null || raw === '') {
		return null;
	}
	switch (column.kind) {
		case 'boolean':
			if (raw === YES) {
				return true;
			}
			return raw === NO ? false : null;
		case 'integer':
		case 'number':
			return typeof raw === 'number' ? raw : Number(raw);
		case 'choices':
			return Array.isArray(raw) ? raw.map(String) : [String(raw)];
		case 'json':
			try {
				return JSON.parse(String(raw));
			} catch {
				// Edited by hand into text that is not JSON: keep the text rather than lose it.
				return raw;
			}
		case 'link': {
			const [first] = linkedRecordIds(raw);
			return first === undefined ? null : (keyOf(first) ?? null);
		}
		case 'date':
			return String(raw).slice(0, 10);
		default:
			return typeof raw === 'string' ? raw : String(raw);
	}
}

/**
 * Audit metadata of a record. A record created by hand in Airtable has no audit cells: it reads as
 * version 1, created at Airtable's `createdTime` by «Airtable».
 */
export function decodeMeta(record: AirtableRecord): RowMeta {
	const fields = record.fields;
	const text = (name: string): string | null => (typeof fields[name] === 'string' && fields[name] !== '' ? (fields[name] as string) : null);
	const createdAt = text(AUDIT_FIELDS.createdAt) ?? record.createdTime ?? '';
	const version = Number(fields[AUDIT_FIELDS.version]);
	return {
		createdAt,
		createdBy: text(AUDIT_FIELDS.createdBy) ?? 'Airtable',
		createdInExecution: text(AUDIT_FIELDS.createdInExecution),
		updatedAt: text(AUDIT_FIELDS.updatedAt) ?? createdAt,
		updatedBy: text(AUDIT_FIELDS.updatedBy) ?? text(AUDIT_FIELDS.createdBy) ?? 'Airtable',
		updatedInExecution: text(AUDIT_FIELDS.updatedInExecution),
		version: Number.isFinite(version) && version > 0 ? version : 1,
	};
}
