/**
 * Error responses of the Airtable Web API. The bodies for 401, 404 TABLE_NOT_FOUND, 404 MODEL_ID_NOT_FOUND,
 * 422 UNKNOWN_FIELD_NAME and 422 INVALID_VALUE_FOR_COLUMN (computed field) copy recorded real responses.
 * The 403, 503 and bare `{"error":"NOT_FOUND"}` bodies follow Airtable's errors page. The rest use error
 * texts reported from real responses.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(`Airtable emulator error ${status}: ${JSON.stringify(body)}`);
	}
}

function typed(status: number, type: string, message?: string): ApiError {
	const error: { type: string; message?: string } = { type };
	if (message !== undefined) error.message = message;
	return new ApiError(status, { error });
}

export const DEFAULT_INVALID_REQUEST = 'Invalid request: parameter validation failed. Check your request data.';

export const MODEL_NOT_FOUND_MESSAGE =
	'Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct.';

export const RATE_LIMIT_MESSAGE = 'Rate limit exceeded. Please try again later';

export const errors = {
	authenticationRequired: () => typed(401, 'AUTHENTICATION_REQUIRED', 'Authentication required'),
	modelNotFound: () => typed(403, 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND', MODEL_NOT_FOUND_MESSAGE),
	invalidPermissions: () => typed(403, 'INVALID_PERMISSIONS', 'You are not permitted to perform this operation'),
	/** Generic 404 for unknown routes and unknown bases on the meta API, as `{"error":"NOT_FOUND"}`. */
	notFound: () => new ApiError(404, { error: 'NOT_FOUND' }),
	tableNotFound: (table: string, baseId: string) =>
		typed(404, 'TABLE_NOT_FOUND', `Could not find table ${table} in application ${baseId}`),
	recordNotFound: () => typed(404, 'MODEL_ID_NOT_FOUND', 'Record not found'),
	/** A write names a field the table does not have. */
	unknownFieldName: (name: string) => typed(422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${name}"`),
	/** A read (`sort`, `fields[]`) names a field the table does not have; text from a recorded response. */
	fieldNotFound: (name: string) => typed(422, 'UNKNOWN_FIELD_NAME', `Could not find a field named ${name}`),
	invalidValue: (message: string) => typed(422, 'INVALID_VALUE_FOR_COLUMN', message),
	cannotAcceptValue: (fieldName: string) =>
		typed(422, 'INVALID_VALUE_FOR_COLUMN', `Field "${fieldName}" cannot accept the provided value`),
	computedField: (fieldName: string) =>
		typed(422, 'INVALID_VALUE_FOR_COLUMN', `Field "${fieldName}" cannot accept a value because the field is computed`),
	/** A select option that does not exist, written without `typecast`; the doubled quotes are Airtable's. */
	invalidChoice: (option: string) =>
		typed(422, 'INVALID_MULTIPLE_CHOICE_OPTIONS', `Insufficient permissions to create new select option "${JSON.stringify(option)}"`),
	rowDoesNotExist: (recordId: string) =>
		typed(422, 'ROW_DOES_NOT_EXIST', `Record ID ${recordId} does not exist in this table`),
	invalidRecords: (message: string) => typed(422, 'INVALID_RECORDS', message),
	invalidRequest: (message = DEFAULT_INVALID_REQUEST) => typed(422, 'INVALID_REQUEST_UNKNOWN', message),
	missingFields: () => typed(422, 'INVALID_REQUEST_MISSING_FIELDS', 'Could not find field "fields" in the request body'),
	invalidFormula: (detail: string) =>
		typed(422, 'INVALID_FILTER_BY_FORMULA', `The formula for filtering records is invalid: ${detail}`),
	// NOTE: real responses seen in client code carry only the type for an expired iterator.
	iteratorNotAvailable: () => typed(422, 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE'),
	// NOTE: the type and text of the view error are not confirmed against a real response.
	viewNotFound: (view: string) => typed(422, 'VIEW_NAME_NOT_FOUND', `Could not find view ${view}`),
	// NOTE: Airtable's error for a base over its plan's record limit is not confirmed; this type is a guess.
	recordLimitExceeded: (limit: number) =>
		typed(422, 'RECORD_LIMIT_EXCEEDED', `This base has reached its limit of ${limit} records for its plan`),
	// NOTE: the types for duplicate table and field names are not confirmed against a real response.
	duplicateTableName: (name: string) => typed(422, 'DUPLICATE_TABLE_NAME', `A table named "${name}" already exists`),
	duplicateFieldName: (name: string) =>
		typed(422, 'DUPLICATE_OR_EMPTY_FIELD_NAME', `Field name "${name}" is empty or already used in this table`),
	// NOTE: the 400 body for unparseable JSON is not documented; the type mirrors the 422 validation error.
	badJson: () => typed(400, 'INVALID_REQUEST_UNKNOWN', 'Invalid request: the request body could not be parsed as JSON.'),
	serverError: () => typed(500, 'SERVER_ERROR', 'Try again. If the problem persists, contact support.'),
	badGateway: () => typed(502, 'BAD_GATEWAY', 'Airtable servers are restarting or an outage is in progress.'),
	serviceUnavailable: () =>
		typed(503, 'RETRIABLE_ERROR', 'Server encountered an error while processing your request, and it is safe to retry the request'),
};

/** Shape of the 429 body: the `errors` array seen in real responses, or the object form of the errors page. */
export type RateLimitBodyStyle = 'errorsArray' | 'errorObject';

export function rateLimited(style: RateLimitBodyStyle): ApiError {
	if (style === 'errorObject') return typed(429, 'RATE_LIMIT_REACHED', RATE_LIMIT_MESSAGE);
	return new ApiError(429, { errors: [{ error: 'RATE_LIMIT_REACHED', message: RATE_LIMIT_MESSAGE }] });
}
