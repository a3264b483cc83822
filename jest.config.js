/** Jest runs TypeScript through SWC; type errors are caught by `tsc --noEmit` in the test script. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// End-to-end tests need a real n8n and run through jest.e2e.config.js.
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
	},
	moduleFileExtensions: ['ts', 'js', 'json'],
	testTimeout: 30000,
};
