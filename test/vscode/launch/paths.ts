// Where the launchers find the built extension-host suite (scripts/build-vscode-tests.mjs writes it).
import { join } from 'node:path';
import { REPO_ROOT } from '../../e2e/support/paths';

/** The extension under test: this repository, loaded from dist/ in development mode. */
export const EXTENSION_DEVELOPMENT_PATH = REPO_ROOT;

/** The runner VS Code loads in the extension host; the bundled *.test.cjs sit beside it. */
export const EXTENSION_TESTS_PATH = join(REPO_ROOT, 'out', 'vscode-tests', 'index.cjs');
