// Runs the extension-host suite inside code-server (npm run test:host). VS Code's web workbench
// loads an extension under development and its test runner when its URL's `payload` names
// `extensionDevelopmentPath` and `extensionTestsPath` as vscode-remote URIs, and a built VS Code
// (code-server is one) honours that payload only with the server's enable-smoke-test-driver flag.
// The remote extension host then awaits the runner's run() and stops; the workbench reports the
// exit code to window.codeAutomationExit, and the runner's results file carries the counts.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer, startCodeServer, type CodeServer } from '../../e2e/support/codeServer';
import { RESULTS_FILE_ENV, type HostTestResults } from '../runner/hostResults';
import { EXTENSION_DEVELOPMENT_PATH, EXTENSION_TESTS_PATH } from './paths';
import { formatResults, hasFailures } from './printResults';

const LM_TOOL_EXTENSION = join(import.meta.dirname, '..', 'fixtures', 'lmToolExtension');
/** The whole suite takes well under a minute; the rest is room for 2 cores shared with other runs. */
const SUITE_TIMEOUT_MS = 5 * 60_000;

async function main(): Promise<number> {
  await ensureCodeServer();
  const root = await mkdtemp(join(tmpdir(), 'loupe-host-tests-'));
  const workspace = join(root, 'workspace');
  const resultsFile = join(root, 'results.json');
  await mkdir(workspace);
  let server: CodeServer | undefined;
  let reportExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (reportExit = resolve));
  try {
    const started = Date.now();
    server = await startCodeServer({
      workspace,
      env: { [RESULTS_FILE_ENV]: resultsFile },
      vscodeOptions: ['enable-smoke-test-driver'],
      // Another extension's language-model tool, which Loupe offers through vscode.lm.tools (taskMcp.test.ts).
      extensionDirs: [LM_TOOL_EXTENSION],
      workbenchPayload: (url) => {
        const remote = (path: string) => `vscode-remote://${new URL(url).host}${path}`;
        return [
          ['extensionDevelopmentPath', remote(EXTENSION_DEVELOPMENT_PATH)],
          ['extensionTestsPath', remote(EXTENSION_TESTS_PATH)],
          ['skipWelcome', 'true'],
        ];
      },
      // The workbench calls this once the extension host that ran the tests has stopped.
      preparePage: async (page) => {
        await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
      },
    });
    const code = await withTimeout(exited, SUITE_TIMEOUT_MS, `The extension-host suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s.`);
    const report = await readFile(resultsFile, 'utf8').then((text) => JSON.parse(text) as HostTestResults, () => undefined);
    if (!report) throw new Error(`The extension host exited with code ${code} and wrote no results to ${resultsFile}: the runner did not run (is ${EXTENSION_TESTS_PATH} built?).`);
    console.log(formatResults(report));
    console.log(`  (code-server and the suite: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    // Either signal alone could hide a failure: a crash after the results, or a failure the file missed.
    return code === 0 && !hasFailures(report.results) ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    if (server) console.error(`--- code-server output (last part) ---\n${server.logs().slice(-6000)}`);
    return 1;
  } finally {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

process.exitCode = await main();
