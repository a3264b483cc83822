import { EVALUATION_FORMS, SKILLS } from '../../core/evaluations';
import { SCALE_OPTIONS } from '../../core/operations/evaluationInput';
import { serviceName } from '../../schemas';
import { PACKAGE, WorkflowBuilder, type Workflow } from './builder';
import { formField, type FormQuestion } from './forms';

export const EMPLOYER_EVALUATION_WORKFLOW_ID = 'tzhctEvaluation7';
export const EMPLOYER_EVALUATION_WORKFLOW_NAME = 'ТЖЦТ 7. Оценка работодателем';
export const EMPLOYER_EVALUATION_FORM_PATH = 'otsenka-rabotodatelem';

const json = (field: string) => `$json[${JSON.stringify(field)}]`;

/**
 * Returns the employer's questions: the keys as hidden fields filled from the link, so the employer
 * cannot change them, then the service and date, a scale for each criterion and comments.
 */
function questions(): FormQuestion[] {
	return [
		{ label: 'Ключ кандидата', kind: 'hidden' },
		{ label: 'Ключ контрольной точки', kind: 'hidden' },
		{ label: 'Услуга', kind: 'choice', options: [serviceName(6), serviceName(4)], required: true },
		{ label: 'Дата оценки', kind: 'date', required: true },
		...EVALUATION_FORMS.employer.criteria.map((skill): FormQuestion => ({ label: SKILLS[skill], kind: 'choice', options: SCALE_OPTIONS, required: true })),
		{ label: 'Отзыв работодателя', kind: 'longText', hint: 'Что получается, что пока трудно, чем помочь' },
		{ label: 'Рекомендации', kind: 'longText' },
		{ label: 'Ключ работодателя', kind: 'text', hint: 'Необязательно: по умолчанию — работодатель вакансии или площадки' },
	];
}

/**
 * Builds the employer's evaluation at 1, 3 and 6 months as an n8n form. «ТЖЦТ: оценка» records the
 * submission with each level beside the previous one, rejects a second upload for the same checkpoint and
 * keeps every rejected submission.
 */
export function employerEvaluationWorkflow(): Workflow {
	const flow = new WorkflowBuilder(EMPLOYER_EVALUATION_WORKFLOW_ID, EMPLOYER_EVALUATION_WORKFLOW_NAME);

	flow.note(
		[
			'## Оценка работодателем',
			'Работодатель оценивает работу пользователя через 1, 3 и 6 месяцев: в сопровождаемом трудоустройстве — после подписания трудового договора, во временном трудоустройстве — на сторонней площадке.',
			'',
			'1. **Форма оценки работодателем** — по одному вопросу на каждый критерий, шкала от 1 («Не проявляется») до 5 («Проявляется самостоятельно и устойчиво»).',
			'2. **Запись оценки** сохраняет событие «Оценка работодателем работы кандидата» (или «Оценка работодателем на сторонней площадке») и по строке на каждый навык в таблицу «Оценки навыков» рядом с предыдущим уровнем.',
			'3. **Оценка принята?** разводит записанные и отклоненные оценки.',
			'',
			'Повторная оценка по той же контрольной точке не записывается. Оценка пользователя, который не получает услугу на эту дату, тоже отклоняется. Отклоненные ответы не теряются: они хранятся в таблице «Отклоненные анкеты» с тем, что исправить.',
		].join('\n'),
		[-520, -460],
		[560, 400],
		4,
	);

	flow.note(
		[
			'### Ссылка для работодателя',
			'Консультант отправляет работодателю ссылку на форму (Production URL) с заполненными ключами, например:',
			'',
			`…/form/${EMPLOYER_EVALUATION_FORM_PATH}?Ключ%20кандидата=cand_…&Ключ%20контрольной%20точки=…:s6:employer-evaluation:1m`,
			'',
			'Ключ контрольной точки есть в письме-напоминании («ТЖЦТ 8. Напоминания о контрольных точках»). Работодатель не видит ключи и не может их изменить: это скрытые поля формы. Они заполняются только по рабочему адресу формы, не по тестовому. Пробелы в названиях полей кодируются как %20. Ответ по ссылке без ключей не теряется: он сохраняется в таблице «Отклоненные анкеты».',
		].join('\n'),
		[80, -460],
		[520, 280],
		3,
	);

	const form = flow.add(
		'Форма оценки работодателем',
		'n8n-nodes-base.formTrigger',
		2.3,
		[-400, 0],
		{
			formTitle: 'Оценка работы сотрудника',
			formDescription:
				'Оцените, пожалуйста, как сотрудник проявляет каждый навык. Оценка нужна консультанту по сопровождаемому трудоустройству, чтобы вовремя поддержать сотрудника и вас.',
			formFields: { values: questions().map(formField) },
			options: {
				path: EMPLOYER_EVALUATION_FORM_PATH,
				buttonLabel: 'Отправить оценку',
				appendAttribution: false,
				respondWithOptions: { values: { formSubmittedText: 'Спасибо! Оценка передана консультанту.' } },
			},
		},
		{ webhookId: '7e1d0b63-4e2f-4c8b-8d2f-1b2c3d4e5f07' },
	);

	const record = flow.add('Запись оценки', `${PACKAGE}.lifecycleEvaluation`, 1, [-100, 0], {
		backend: 'local',
		form: 'employer',
		service: `={{ ${json('Услуга')} === ${JSON.stringify(serviceName(4))} ? 4 : 6 }}`,
		keepRejected: true,
		options: { employerId: `={{ ${json('Ключ работодателя')} ?? "" }}` },
	});
	flow.connect(form, record);
	flow.note(
		'### Запись оценки\nКандидат, контрольная точка, дата, отзыв и рекомендации берутся из полей формы с теми же названиями. На выходе — уровни каждого навыка рядом с предыдущими и сравнение всех оценок пользователя (первая, предыдущая, текущая, динамика).',
		[-180, 180],
		[320, 220],
	);

	const accepted = flow.add('Оценка принята?', 'n8n-nodes-base.if', 2.2, [200, 0], {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [
				{
					id: 'c3f1e4d6-2d70-4e3c-9b22-000000000001',
					leftValue: `={{ ${json('Ключ события')} }}`,
					rightValue: '',
					operator: { type: 'string', operation: 'exists', singleValue: true },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
	flow.connect(record, accepted);

	const done = flow.add('Оценка записана', 'n8n-nodes-base.noOp', 1, [480, -120], {});
	const rejected = flow.add('Оценка не принята: сообщить консультанту', 'n8n-nodes-base.noOp', 1, [480, 120], {});
	flow.connect(accepted, done, 0);
	flow.connect(accepted, rejected, 1);
	flow.note(
		'### Дальше\nЗаписанная оценка: подключите письмо консультанту со сравнением уровней. Отклоненная: поле «error» объясняет причину (повторная загрузка, пользователь не в услуге, неверный ключ); ответ хранится в таблице «Отклоненные анкеты».',
		[420, 260],
		[340, 200],
	);

	const workflow = flow.build();
	// A rejected evaluation continues as an item with the error, so «Оценка принята?» routes it instead of the run failing.
	const recordNode = workflow.nodes.find((node) => node.name === record);
	Object.assign(recordNode as object, { onError: 'continueRegularOutput' });
	return workflow;
}
