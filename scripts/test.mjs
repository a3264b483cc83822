#!/usr/bin/env node
/**
 * `npm test`: installs the pinned runtime if missing, type-checks, builds, then runs the unit tests
 * (jest.config.js) and the end-to-end tests against real n8n (jest.e2e.config.js), both under Node.js 24
 * (the storage uses `node:sqlite`). Runs on the system Node.js (20 or later).
 *
 *   npm test                      everything
 *   npm test -- --unit            skip the end-to-end tests
 *   npm test -- --e2e             only the end-to-end tests (still type-checks and builds)
 *   npm test -- <jest arguments>  passed to both Jest runs, e.g. a test path filter
 *
 * Every step runs even when an earlier one failed (except the end-to-end tests after a failed build),
 * so one run shows all failures; the exit code is non-zero when any step failed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ensureRuntime } from './runtime.mjs';

const require = createRequire(import.meta.url);
const paths = require('./lib/runtime-paths.cjs');

const ROOT = paths.REPO_ROOT;
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function log(message) {
	console.log(`[test] ${message}`);
}

/** Runs one step with inherited output and records its outcome and duration. */
function step(results, name, command, args, env = process.env) {
	log(`${name}: ${[path.basename(command), ...args].join(' ')}`);
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit' });
	const passed = result.status === 0;
	if (result.error) console.error(`[test] ${name}: could not start ${command}: ${result.error.message}`);
	const entry = { name, passed, seconds: (Date.now() - started) / 1000 };
	results.push(entry);
	return entry;
}

/** Runs Jest under Node.js 24 and adds the test counts from its JSON report to the step's entry. */
function jestStep(results, name, nodeBin, config, args, ownArgs) {
	const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-jest-')), 'report.json');
	const env = { ...process.env, PATH: paths.pathWithNode24(process.env.PATH) };
	// The caller's arguments go first: an array option such as --testPathIgnorePatterns would otherwise
	// swallow a test path that follows it.
	const jestArgs = [JEST, '-c', config, ...args, ...ownArgs, '--json', `--outputFile=${reportFile}`];
	const entry = step(results, name, nodeBin, jestArgs, env);
	try {
		const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
		entry.counts = { passed: report.numPassedTests, skipped: report.numPendingTests + report.numTodoTests, total: report.numTotalTests };
	} catch {
		// Jest wrote no report (it did not start, or crashed); the step has failed already.
	} finally {
		fs.rmSync(path.dirname(reportFile), { recursive: true, force: true });
	}
	return entry;
}

async function main() {
	const args = process.argv.slice(2);
	const unitOnly = args.includes('--unit');
	const e2eOnly = args.includes('--e2e');
	if (unitOnly && e2eOnly) throw new Error('--unit and --e2e exclude each other; give at most one');
	const jestArgs = args.filter((arg) => arg !== '--unit' && arg !== '--e2e');
	// A path filter may match tests of only one of the two runs; the other run must not fail for it.
	if (jestArgs.length > 0) jestArgs.push('--passWithNoTests');

	const { nodeBin } = await ensureRuntime();
	const results = [];

	step(results, 'typecheck', process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.json']);
	const build = step(results, 'build', process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')]);
	if (!e2eOnly) {
		const ignoreE2e = ['--testPathIgnorePatterns=/node_modules/', '--testPathIgnorePatterns=/test/e2e/'];
		jestStep(results, 'unit tests', nodeBin, 'jest.config.js', jestArgs, ignoreE2e);
	}
	if (!unitOnly) {
		if (build.passed) jestStep(results, 'e2e tests', nodeBin, 'jest.e2e.config.js', jestArgs, ['--runInBand']);
		else results.push({ name: 'e2e tests', passed: false, seconds: 0, skipped: true });
	}

	log('summary:');
	for (const result of results) {
		const outcome = result.skipped ? 'skipped (build failed)' : result.passed ? 'passed' : 'FAILED';
		const skipped = result.counts?.skipped ? `, ${result.counts.skipped} skipped` : '';
		const counts = result.counts ? `  ${result.counts.passed} of ${result.counts.total} tests passed${skipped}` : '';
		log(`  ${result.name.padEnd(10)} ${outcome.padEnd(22)} ${result.seconds.toFixed(1).padStart(6)} s${counts}`);
	}
	return results.every((result) => result.passed) ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`[test] ${error.message}`);
		process.exit(1);
	},
);
