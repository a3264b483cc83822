// n8n's own lint rules for community nodes, without the n8n Cloud set: this package is meant for
// self-hosted n8n, where nodes may use Node.js built-ins such as node:sqlite and node:crypto.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{ ignores: ['dist/**', 'test/**', 'bench/**', 'scripts/**', 'coverage/**', '*.config.js', '.n8n-home/**'] },
	{
		// Users of these nodes read Russian, so a yes/no parameter's description is a Russian sentence;
		// the rule wants English text that starts with "Whether".
		files: ['nodes/**'],
		rules: { 'n8n-nodes-base/node-param-description-boolean-without-whether': 'off' },
	},
	{
		// The domain core and the storage layer import nothing from n8n: they rethrow their own errors, and
		// the nodes turn them into NodeOperationError.
		files: ['core/**', 'storage/**', 'schemas/**'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
];
