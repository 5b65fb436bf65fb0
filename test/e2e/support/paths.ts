// Where the end-to-end harness finds code-server, the Node that runs it, and where it saves artifacts.
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Installs code-server into the cache (idempotent); see the script's header. */
export const ENSURE_CODE_SERVER_SCRIPT = join(REPO_ROOT, 'scripts', 'ensure-code-server.mjs');

/** code-server's npm `bin` entry; its .bin shim would run the machine's Node instead of 24. */
export const CODE_SERVER_ENTRY = join(REPO_ROOT, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Node 24 from the `node` devDependency: code-server 4.139 requires it and its native modules are built for it. */
export const NODE_24 = join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node');

/** Debian's Chromium (apt-get install chromium); playwright-core downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots and logs of e2e runs (git-ignored). */
export const E2E_RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');
