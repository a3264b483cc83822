/**
 * Identifiers of one provider's workflows, derived from the organisation's name, so that the sets of two
 * providers can live in one n8n: workflow ids, credential ids and form addresses never collide.
 */
import { createHash } from 'node:crypto';

/** Latin spelling of Russian letters for form addresses (the common passport-style transliteration). */
const LATIN: Record<string, string> = {
	а: 'a',
	б: 'b',
	в: 'v',
	г: 'g',
	д: 'd',
	е: 'e',
	ё: 'e',
	ж: 'zh',
	з: 'z',
	и: 'i',
	й: 'y',
	к: 'k',
	л: 'l',
	м: 'm',
	н: 'n',
	о: 'o',
	п: 'p',
	р: 'r',
	с: 's',
	т: 't',
	у: 'u',
	ф: 'f',
	х: 'h',
	ц: 'ts',
	ч: 'ch',
	ш: 'sh',
	щ: 'shch',
	ъ: '',
	ы: 'y',
	ь: '',
	э: 'e',
	ю: 'yu',
	я: 'ya',
};

function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** Returns the organisation name with case, spaces and quotes normalised, so «АНО "Старт"» and «АНО «Старт»» match. */
function normalisedName(organisation: string): string {
	return organisation
		.toLowerCase()
		.replace(/[«»"'„“”]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Derives a workflow id of the provider: «tzhct» and 11 hex digits of a hash of the organisation and the shipped id (16 characters). */
export function providerWorkflowId(organisation: string, shippedId: string): string {
	return `tzhct${sha256Hex(`${normalisedName(organisation)}\u0000${shippedId}`).slice(0, 11)}`;
}

/** Derives a credential id of the provider for a credential name, in the same 16-character form. */
export function providerCredentialId(organisation: string, type: string, name: string): string {
	return `tzhcr${sha256Hex(`${normalisedName(organisation)}\u0000${type}\u0000${name}`).slice(0, 11)}`;
}

/**
 * Returns the Latin prefix of the provider's form addresses: the organisation name transliterated and
 * joined with hyphens, at most 40 characters. Falls back to a hash when nothing is left to spell.
 */
export function defaultFormPrefix(organisation: string): string {
	const latin = [...normalisedName(organisation)].map((char) => LATIN[char] ?? char).join('');
	const slug = latin
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/g, '');
	return slug.length >= 2 ? slug : `org-${sha256Hex(normalisedName(organisation)).slice(0, 8)}`;
}
