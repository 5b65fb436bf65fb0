// npm run test:vscode: the extension-host suite (test/vscode/) in desktop VS Code, through
// @vscode/test-electron, which downloads VS Code into .vscode-test/ the first time. For machines that
// can reach update.code.visualstudio.com; where they cannot (ours), npm run test:host runs the same
// suite in code-server. The suite's own output, ending "N passed, N failed, N skipped", comes from
// the extension host.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildVsCodeTests, VSCODE_TESTS_OUT } from './build-vscode-tests.mjs';

const REPO_ROOT = resolve(import.meta.dirname, '..');

execFileSync(process.execPath, [join(REPO_ROOT, 'esbuild.mjs')], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
await buildVsCodeTests();

// A fresh folder for the workspace the tests write into, removed afterwards.
const workspace = mkdtempSync(join(tmpdir(), 'loupe-vscode-tests-'));
try {
  await runTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: join(REPO_ROOT, VSCODE_TESTS_OUT, 'index.cjs'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  process.exitCode = 1;
  const message = error instanceof Error ? error.message : String(error);
  // runTests rejects with TestRunFailedError when the suite ran and failed; anything else means VS Code never ran it.
  if (error?.name === 'TestRunFailedError') console.error(`The extension-host suite failed in VS Code: ${message}`);
  else {
    console.error(`Could not run the extension-host suite in desktop VS Code: ${message}`);
    console.error('@vscode/test-electron downloads VS Code from update.code.visualstudio.com (then keeps it in .vscode-test/); this machine could not get it or start it.');
    console.error('On a machine without internet access, run the same suite in code-server: npm run test:host. On Linux without a display, run this under xvfb-run.');
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
