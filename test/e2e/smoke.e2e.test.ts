/** Smoke test of the end-to-end harness against the real n8n: import, execute, serve the package's nodes. */
import fs from 'node:fs';
import path from 'node:path';
import { createN8nInstance, N8nInstance, WorkflowJson } from './harness';

const PACKAGE_NAME = 'n8n-nodes-employment-lifecycle';

function codeWorkflow(id: string, jsCode: string): WorkflowJson {
	return {
		id,
		name: `Smoke ${id}`,
		nodes: [
			{ id: 'c1d0c9a6-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'c1d0c9a6-0000-4000-8000-000000000002', name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode } },
		],
		connections: { Start: { main: [[{ node: 'Code', type: 'main', index: 0 }]] } },
		settings: {},
	};
}

describe('e2e harness smoke', () => {
	let instance: N8nInstance;

	beforeAll(async () => {
		instance = await createN8nInstance();
	});

	afterAll(async () => {
		await instance?.dispose();
	});

	test('installs the package under its name', () => {
		const installed = path.join(instance.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
		expect(manifest.name).toBe(PACKAGE_NAME);
		for (const file of manifest.n8n.nodes as string[]) {
			expect(fs.existsSync(path.join(installed, file))).toBe(true);
		}
		const nodesManifest = JSON.parse(fs.readFileSync(path.join(instance.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
		expect(nodesManifest.dependencies[PACKAGE_NAME]).toBe(manifest.version);
	});

	test('executes Manual Trigger to Code', async () => {
		const jsCode = 'return [1, 2, 3].map((n) => ({ json: { n, square: n * n } }));';
		const [id] = await instance.importWorkflows([codeWorkflow('smokeCode0000001', jsCode)]);
		const result = await instance.execute(id);

		expect(result.exitCode).toBe(0);
		expect(result.succeeded).toBe(true);
		expect(result.lastNodeExecuted).toBe('Code');
		expect(result.items('Code')).toEqual([
			{ n: 1, square: 1 },
			{ n: 2, square: 4 },
			{ n: 3, square: 9 },
		]);
	});

	test('re-import replaces by id', async () => {
		await instance.importWorkflows([codeWorkflow('smokeCode0000002', 'return [{ json: { version: 1 } }];')]);
		await instance.importWorkflows([codeWorkflow('smokeCode0000002', 'return [{ json: { version: 2 } }];')]);
		const listed = await instance.n8n(['list:workflow', '--onlyId']);
		const ids = listed.stdout.split('\n').filter((line) => line.trim() === 'smokeCode0000002');

		expect(ids).toHaveLength(1);
		expect((await instance.execute('smokeCode0000002')).items('Code')).toEqual([{ version: 2 }]);
	});

	test('reports a failing workflow', async () => {
		await instance.importWorkflows([codeWorkflow('smokeFail0000001', "throw new Error('boom');")]);
		const result = await instance.execute('smokeFail0000001');

		expect(result.exitCode).not.toBe(0);
		expect(result.succeeded).toBe(false);
		expect(result.error?.message).toContain('boom');
	});

	test('serves the package nodes', async () => {
		const server = await instance.start();
		try {
			const health = await fetch(`${server.baseUrl}/healthz`);
			expect(health.status).toBe(200);

			const cookie = await server.setupOwner();
			const response = await fetch(`${server.baseUrl}/types/nodes.json`, { headers: { cookie } });
			expect(response.status).toBe(200);
			const types = (await response.json()) as Array<{ name: string }>;
			const ours = types.map((type) => type.name).filter((name) => name.startsWith(`${PACKAGE_NAME}.`) && !name.endsWith('Tool'));
			const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
			expect(ours).toHaveLength(manifest.n8n.nodes.length);
		} finally {
			await instance.stop();
		}
	});
});
