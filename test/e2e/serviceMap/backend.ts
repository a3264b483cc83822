/**
 * The two bases the service-map walk runs on: the local SQLite file, and an Airtable base in the local
 * emulator. The Airtable base is created with «Создать недостающее» (createMissing). n8n reaches it through
 * an imported «Airtable (ТЖЦТ) API» credential whose endpoint URL points to the emulator.
 */
import fs from 'node:fs';
import path from 'node:path';

import { AirtableBase } from '../../../storage/airtable/airtableBase';
import { fetchTransport } from '../../../storage/airtable/fetchTransport';
import type { Runtime } from '../../../storage/airtable/runtime';
import { createMissing } from '../../../storage/airtable/setup';
import { LocalBase } from '../../../storage/local/localBase';
import type { Base } from '../../../storage/types';
import { DEFAULT_TOKEN, startAirtableEmulator, type AirtableEmulator } from '../../emulators/airtable';
import type { N8nInstance } from '../harness';

export type BackendName = 'local' | 'airtable';

const AIRTABLE_BASE_ID = 'appServiceMapWalk01';

/** Credential the nodes name, with a fixed id of letters and digits as n8n requires. */
export const AIRTABLE_CREDENTIAL = { id: 'tzhctAirtableE2e', name: 'Airtable (ТЖЦТ) в эмуляторе' };

/**
 * Penalty after a 429 in the emulator. Airtable's is 30 s; a short one keeps the test's own reads from
 * stalling. The nodes still pause for 30 s after a 429, because their client has no setting for it.
 */
const EMULATOR_PENALTY_SECONDS = 2;

const realTime: Runtime = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What a walk needs from its base: node parameters, credentials, and direct access for seeding and checks. */
export interface WalkBackend {
	readonly name: BackendName;
	/** `backend` and, for Airtable, `airtableBase`: the first parameters of every node of the package. */
	nodeParameters(): Record<string, unknown>;
	/** The `credentials` entry of every node of the package, when the base needs one. */
	nodeCredentials(): Record<string, { id: string; name: string }> | undefined;
	/** Opens the base from the test process, as a node does. The caller closes it. */
	open(): Base;
	/**
	 * Waits until requests from the test process and from n8n cannot fall into the same one-second
	 * rate-limit window of the emulator (Airtable only).
	 */
	settle(): Promise<void>;
	/** Emulator counters for the report, or undefined for the local base. */
	stats(): { requests: number; rateLimited: number } | undefined;
	stop(): Promise<void>;
}

class LocalBackend implements WalkBackend {
	readonly name = 'local' as const;

	constructor(private readonly basePath: string) {}

	/** Returns only the backend: the nodes find the file through EMPLOYMENT_LIFECYCLE_BASE, which the harness sets, as in the shipped workflows. */
	nodeParameters(): Record<string, unknown> {
		return { backend: 'local' };
	}

	nodeCredentials(): undefined {
		return undefined;
	}

	open(): Base {
		return LocalBase.open(this.basePath);
	}

	async settle(): Promise<void> {}

	stats(): undefined {
		return undefined;
	}

	async stop(): Promise<void> {}
}

export class AirtableBackend implements WalkBackend {
	readonly name = 'airtable' as const;

	private constructor(private readonly emulator: AirtableEmulator) {}

	/** Starts the emulator on 127.0.0.1: ephemeral port, Airtable's rate limit with a short penalty, real clock. */
	static async start(): Promise<AirtableBackend> {
		const emulator = await startAirtableEmulator({
			bases: [{ id: AIRTABLE_BASE_ID, name: 'ТЖЦТ: карта услуг (e2e)' }],
			rateLimit: { enabled: true, penaltySeconds: EMULATOR_PENALTY_SECONDS },
		});
		return new AirtableBackend(emulator);
	}

	nodeParameters(): Record<string, unknown> {
		return { backend: 'airtable', airtableBase: { __rl: true, mode: 'id', value: AIRTABLE_BASE_ID } };
	}

	nodeCredentials(): Record<string, { id: string; name: string }> {
		return { lifecycleAirtableApi: AIRTABLE_CREDENTIAL };
	}

	open(): Base {
		return AirtableBase.open({
			transport: fetchTransport({ token: DEFAULT_TOKEN }),
			baseId: AIRTABLE_BASE_ID,
			endpointUrl: this.emulator.url,
			runtime: realTime,
			limits: { rateLimitPenaltyMs: EMULATOR_PENALTY_SECONDS * 1000 },
		});
	}

	/** Creates every table and field through the Meta API, as «Создать недостающее» does, and returns how many requests it took. */
	async createSchema(): Promise<number> {
		const base = this.open() as AirtableBase;
		const findings = await createMissing(base.client);
		await base.close();
		const unfixed = findings.filter((finding) => finding.kind !== 'createdTable' && finding.kind !== 'createdField');
		if (unfixed.length > 0) {
			throw new Error(`the emulated base differs from the schema after createMissing: ${unfixed.map((finding) => finding.message).join(' ')}`);
		}
		return this.emulator.stats.requests;
	}

	/**
	 * Imports the credential headlessly. n8n 2.41.1 encrypts a plain `data` object with the instance's
	 * encryption key (ImportCredentialsCommand.readCredentials), and it stores a string as already encrypted.
	 */
	async importCredential(instance: N8nInstance): Promise<void> {
		const file = path.join(instance.root, 'airtable-credential.json');
		const credential = { ...AIRTABLE_CREDENTIAL, type: 'lifecycleAirtableApi', data: { accessToken: DEFAULT_TOKEN, endpointUrl: this.emulator.url } };
		fs.writeFileSync(file, JSON.stringify([credential]));
		try {
			const imported = await instance.n8n(['import:credentials', `--input=${file}`]);
			if (imported.exitCode !== 0 || !/Successfully imported 1 credential/.test(imported.stdout)) {
				throw new Error(`import:credentials failed (exit ${imported.exitCode}):\n${imported.stdout}\n${imported.stderr}`);
			}
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	resetStats(): void {
		this.emulator.stats.reset();
	}

	async settle(): Promise<void> {
		await realTime.sleep(1_100);
	}

	stats(): { requests: number; rateLimited: number } {
		return { requests: this.emulator.stats.requests, rateLimited: this.emulator.stats.rateLimited };
	}

	stop(): Promise<void> {
		return this.emulator.stop();
	}
}

/** Returns the local base of the instance: the file the harness names in EMPLOYMENT_LIFECYCLE_BASE. */
export function localBackend(instance: N8nInstance): WalkBackend {
	return new LocalBackend(instance.basePath);
}
