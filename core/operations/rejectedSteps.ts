import { ALL_TABLES } from '../../schemas';
import type { Base, WriteContext } from '../../storage/types';
import { canonicalJson, stableId } from '../ids';
import type { EpisodeRequest } from './episodeRequest';
import { failure, type ItemResult } from './result';

/**
 * Stores a rejected episode step in «Отклоненные анкеты» with what to fix, so a specialist's submission is
 * not lost when a rule rejects the operation. The column «Исходные данные» is personal, not confidential, so
 * confidential notes (a result, a description, a specialist's comment) are replaced by a placeholder there.
 */

/** Text stored in place of a confidential field value. */
export const CONFIDENTIAL_PLACEHOLDER = 'Не сохранено: конфиденциальный текст. Введите его заново при исправлении.';

/**
 * Field labels whose text is confidential: the labels of confidential columns, and the labels of the episode
 * node parameters and form fields whose text the operations write to those columns.
 */
export const CONFIDENTIAL_ANSWER_LABELS: ReadonlySet<string> = new Set([
	...ALL_TABLES.flatMap((table) => Object.values(table.columns))
		.filter((column) => column.privacy === 'confidential')
		.map((column) => column.label),
	'Результат',
	'Описание',
	'Описание нарушения',
	'Причина возвращения',
	'Причина отказа',
	'Комментарий к увольнению',
	'Комментарий к обращению',
	'Комментарий к направлению',
]);

/**
 * Labels of a social-psychological meeting's topic. What a user brings to the tutor is confidential in
 * service 1 even when the meeting is not marked so, because it can reveal health or family matters.
 */
const SERVICE_ONE_TOPIC_LABELS: ReadonlySet<string> = new Set(['Тема встречи', 'Название события']);

/** Request fields whose text the operations write to confidential columns. */
const CONFIDENTIAL_REQUEST_FIELDS = ['outcome', 'description', 'specialistComment'] as const;

/**
 * Returns the submission with each confidential text replaced by the placeholder. A field is confidential
 * when its label is in the list above or its text equals a confidential field of the request.
 */
export function withoutConfidentialAnswers(submission: Record<string, unknown>, request: EpisodeRequest): Record<string, unknown> {
	const secrets = new Set(CONFIDENTIAL_REQUEST_FIELDS.map((field) => request[field]?.trim()).filter((text): text is string => Boolean(text)));
	const serviceOne = request.service === 1;
	return withoutSecrets(submission, (label, text) => CONFIDENTIAL_ANSWER_LABELS.has(label) || secrets.has(text) || (serviceOne && SERVICE_ONE_TOPIC_LABELS.has(label)));
}

/**
 * Returns the submission with the placeholder in place of each non-empty text for which `isSecret(label,
 * trimmed text)` is true. Other values are kept as they are.
 */
export function withoutSecrets(submission: Record<string, unknown>, isSecret: (label: string, text: string) => boolean): Record<string, unknown> {
	const kept: Record<string, unknown> = {};
	for (const [label, value] of Object.entries(submission)) {
		const text = typeof value === 'string' ? value.trim() : '';
		kept[label] = text !== '' && isSecret(label, text) ? CONFIDENTIAL_PLACEHOLDER : value;
	}
	return kept;
}

/** A rejected submission to keep in «Отклоненные анкеты». */
export interface RejectedSubmission {
	/** Parts of the row key after its prefix; with the redacted submission they make a re-run store nothing twice. */
	keyParts: readonly string[];
	/** The submission, already without confidential texts. */
	raw: Record<string, unknown>;
	/** The form or node the submission comes from. */
	formName: string;
	rejection: Extract<ItemResult<unknown>, { ok: false }>;
	/** Sentences added to the rejection's message when the row is stored and when storing it fails. */
	notes: { stored: string; failed: string };
}

/** Stores a rejected submission once and returns the rejection with a sentence on where it is kept. */
export async function keepRejectedSubmission(base: Base, submission: RejectedSubmission, context: WriteContext): Promise<Extract<ItemResult<unknown>, { ok: false }>> {
	const problems = submission.rejection.problems ?? [submission.rejection.message];
	let note: string;
	try {
		const [written] = await base.write(
			[
				{
					kind: 'insert',
					table: 'rejectedSubmissions',
					row: {
						id: stableId('rej', ...submission.keyParts, canonicalJson(submission.raw)),
						receivedAt: new Date().toISOString(),
						form: submission.formName,
						problems: problems.join('\n'),
						raw: submission.raw,
						resolved: false,
					},
					onConflict: 'skip',
				},
			],
			context,
		);
		note = written.status === 'failed' ? submission.notes.failed : submission.notes.stored;
	} catch {
		note = submission.notes.failed;
	}
	return failure(`${submission.rejection.message}${note}`, problems);
}

export interface RejectedStep {
	submission: Record<string, unknown>;
	request: EpisodeRequest;
	rejection: Extract<ItemResult<unknown>, { ok: false }>;
	/** The form or node the step comes from. */
	formName: string;
}

/** Stores a rejected step once per identical submission and node, and adds to the message where it is stored. */
export async function keepRejectedStep<T>(base: Base, step: RejectedStep, context: WriteContext): Promise<ItemResult<T>> {
	return keepRejectedSubmission(
		base,
		{
			keyParts: ['episode', step.formName, step.request.operation],
			raw: withoutConfidentialAnswers(step.submission, step.request),
			formName: step.formName,
			rejection: step.rejection,
			notes: {
				stored: ' Ответ сохранен в таблице «Отклоненные анкеты» вместе с тем, что исправить.',
				failed: ' Сохранить ответ в таблице «Отклоненные анкеты» не удалось.',
			},
		},
		context,
	);
}
