import type { ColumnKind } from '../../schemas';

export interface FormQuestion {
	label: string;
	/** `hidden`: filled from the link's query parameter of the same name and not shown to the person. */
	kind: ColumnKind | 'date' | 'hidden';
	options?: readonly string[];
	required?: boolean;
	hint?: string;
}

const PLACEHOLDERS: Partial<Record<ColumnKind, string>> = {
	phone: '+7 (900) 000-00-00',
	email: 'name@example.ru',
	integer: 'Например, 7',
};

/** One field of n8n's Form Trigger (version 2.3) for a question of the questionnaire. */
export function formField(question: FormQuestion): Record<string, unknown> {
	if (question.kind === 'hidden') {
		// Before version 2.4 a hidden field is named by `fieldName`; n8n outputs its value under that name.
		return { fieldType: 'hiddenField', fieldName: question.label };
	}
	const field: Record<string, unknown> = { fieldLabel: question.label };

	switch (question.kind) {
		case 'date':
			field.fieldType = 'date';
			break;
		case 'longText':
			field.fieldType = 'textarea';
			break;
		case 'email':
			field.fieldType = 'email';
			break;
		case 'choice':
		case 'boolean':
			field.fieldType = 'dropdown';
			field.fieldOptions = { values: (question.options ?? ['Да', 'Нет', 'Не известно']).map((option) => ({ option })) };
			break;
		case 'choices':
			// A version 2.3 form ignores `multiselect` on a dropdown; checkboxes let the person pick several.
			field.fieldType = 'checkbox';
			field.fieldOptions = { values: (question.options ?? []).map((option) => ({ option })) };
			break;
		default:
			field.fieldType = 'text';
	}

	const placeholder = question.hint ?? PLACEHOLDERS[question.kind as ColumnKind];
	if (placeholder && !['date', 'dropdown', 'checkbox'].includes(String(field.fieldType))) {
		field.placeholder = placeholder;
	}
	if (question.required) {
		field.requiredField = true;
	}
	return field;
}
