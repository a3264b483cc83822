import type { IDataObject } from 'n8n-workflow';

import { REMINDER_STATE_LABELS } from '../../core/checkpointRecords';
import type { CheckpointReminder } from '../../core/operations/checkpoints';
import { MARK_FIELDS } from '../../core/operations/reminderMarks';
import { russianDate } from '../../core/routeSummary';

function term(earliest: string, latest: string): string {
	return earliest === latest ? russianDate(earliest) : `с ${russianDate(earliest)} по ${russianDate(latest)}`;
}

/** Builds one emitted item: what the reminder e-mail and any later step need, under Russian keys. */
export function reminderItem(reminder: CheckpointReminder): IDataObject {
	const { checkpoint } = reminder;
	return {
		'Ключ контрольной точки': checkpoint.id,
		'Контрольная точка': checkpoint.label,
		Вид: checkpoint.kind,
		Услуга: checkpoint.service,
		Состояние: REMINDER_STATE_LABELS[reminder.state],
		'Срок с': checkpoint.earliest,
		'Срок по': checkpoint.latest,
		Срок: term(checkpoint.earliest, checkpoint.latest),
		'Дней просрочки': reminder.daysOverdue,
		'Ожидаемое событие': checkpoint.eventType ?? '',
		'Срок перенесен': Boolean(checkpoint.rescheduledAt),
		'Ключ кандидата': checkpoint.candidate,
		Кандидат: reminder.candidateName,
		'Ключ эпизода': checkpoint.episode,
		Эпизод: reminder.episode,
		Маршрут: reminder.route.join('\n'),
		'Ответственный специалист': reminder.specialist?.name ?? '',
		'Электронная почта специалиста': reminder.specialist?.email ?? '',
		'Дата проверки': reminder.today,
		'Отмечено как отправленное': reminder.claimed,
		// The reservation «ТЖЦТ: отметка письма» takes over right before the letter goes out; empty in a preview.
		'Отметка отправки': reminder.claimed ? (checkpoint[MARK_FIELDS[reminder.state]] ?? '') : '',
	};
}
