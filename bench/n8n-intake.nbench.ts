/**
 * Wall time of the shipped recruiter-questionnaire workflow in a real n8n for 1,000 questionnaires in one
 * execution, against an execution of the same batch workflow with 10 questionnaires (n8n's start-up and
 * workflow overhead). Run by `npm run bench -- n8n-intake`; prints figures, asserts nothing about time.
 */
import { LocalBase } from '../storage/local/localBase';
import { INTAKE_WORKFLOW_ID } from '../scripts/workflows/intake';
import { buildCohort, COHORT_DATE } from '../test/fixtures/cohort';
import { formItem } from '../test/e2e/cohort-items';
import { createN8nInstance, type WorkflowJson } from '../test/e2e/harness';

const SIZE = Number(process.env.BENCH_QUESTIONNAIRES ?? 1_000);

function batchWorkflow(id: string, items: Array<Record<string, unknown>>): WorkflowJson {
	return {
		id,
		name: `Замер ${id}`,
		nodes: [
			{ id: 'b0000000-0000-4000-8000-000000000001', name: 'Старт', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'b0000000-0000-4000-8000-000000000002', name: 'Анкеты', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));` } },
			{
				id: 'b0000000-0000-4000-8000-000000000003',
				name: 'Анкета рекрутера',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [400, 0],
				parameters: { source: 'database', workflowId: { __rl: true, value: INTAKE_WORKFLOW_ID, mode: 'id' }, mode: 'once', options: { waitForSubWorkflow: true } },
			},
		],
		connections: {
			Старт: { main: [[{ node: 'Анкеты', type: 'main', index: 0 }]] },
			Анкеты: { main: [[{ node: 'Анкета рекрутера', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

test('intake workflow wall time', async () => {
	const instance = await createN8nInstance({ env: { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } });
	try {
		await instance.importShippedWorkflows();
		await instance.n8n(['publish:workflow', `--id=${INTAKE_WORKFLOW_ID}`]);

		const cohort = buildCohort(SIZE + 10, 7);
		const small = cohort.slice(0, 10).map((entry) => formItem(entry, COHORT_DATE));
		const large = cohort.slice(10).map((entry) => formItem(entry, COHORT_DATE));
		await instance.importWorkflows([batchWorkflow('benchIntakeSmall', small), batchWorkflow('benchIntakeLarge', large)]);

		const smallRun = await instance.execute('benchIntakeSmall', 900_000);
		const largeRun = await instance.execute('benchIntakeLarge', 900_000);
		expect(smallRun.succeeded).toBe(true);
		expect(largeRun.succeeded).toBe(true);

		const base = LocalBase.open(instance.basePath);
		const candidates = await base.count('candidates');
		const events = await base.count('events');
		await base.close();

		const smallSeconds = smallRun.command.durationMs / 1000;
		const largeSeconds = largeRun.command.durationMs / 1000;
		const lines = [
			`questionnaires in one execution: ${large.length} (plus ${small.length} in a warm-up execution)`,
			`n8n execute, ${small.length} questionnaires: ${smallSeconds.toFixed(1)} s (n8n start-up and workflow overhead)`,
			`n8n execute, ${large.length} questionnaires: ${largeSeconds.toFixed(1)} s`,
			`marginal time per questionnaire: ${(((largeSeconds - smallSeconds) / (large.length - small.length)) * 1000).toFixed(1)} ms`,
			`base afterwards: ${candidates} candidates, ${events} events`,
		];
		process.stdout.write(`\n${lines.join('\n')}\n`);
	} finally {
		await instance.dispose();
	}
}, 1_800_000);
