import type { IncomingHttpHeaders } from 'node:http';
import { errors } from './errors';
import type { BaseModel } from './model';
import type { Scope, TokenGrant } from './options';

/** Finds the grant for the request's `Authorization: Bearer` token; a missing or unknown token is 401. */
export function authenticate(headers: IncomingHttpHeaders, grants: Map<string, TokenGrant>): TokenGrant {
	const header = headers.authorization;
	const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/.exec(header) : null;
	const grant = match === null ? undefined : grants.get(match[1]);
	if (grant === undefined) throw errors.authenticationRequired();
	return grant;
}

/**
 * Raises 403 INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND when the token lacks the scope. Airtable uses the same
 * error for a missing object, so a caller cannot tell the two apart.
 */
export function requireScope(grant: TokenGrant, scope: Scope): void {
	if (!grant.scopes.includes(scope)) throw errors.modelNotFound();
}

export function canReachBase(grant: TokenGrant, baseId: string): boolean {
	return grant.bases === '*' || grant.bases.includes(baseId);
}

/** Returns the base for the data API; an unknown base and a base outside the token's access look the same. */
export function requireDataBase(grant: TokenGrant, base: BaseModel | undefined): BaseModel {
	if (base === undefined || !canReachBase(grant, base.id)) throw errors.modelNotFound();
	return base;
}

/** Write access also needs editor rights on the base. */
export function requireWritableBase(base: BaseModel): void {
	if (base.permissionLevel !== 'edit' && base.permissionLevel !== 'create') throw errors.invalidPermissions();
}
