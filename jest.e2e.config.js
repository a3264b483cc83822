/**
 * End-to-end tests: real n8n processes, so one file at a time and long timeouts.
 * Run through `npm test` (or `node scripts/test.mjs --e2e`), which installs the runtime and builds first.
 */
const base = require('./jest.config.js');

module.exports = {
	...base,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	moduleFileExtensions: [...new Set([...base.moduleFileExtensions, 'cjs'])],
	maxWorkers: 1,
	testTimeout: 300000,
};
