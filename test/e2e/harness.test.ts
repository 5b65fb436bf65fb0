// Checks the e2e harness itself in a real code-server: the palette runs an extension's command,
// a click inside a webview reaches the extension, and Workspace Trust can be on or off.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer, saveFailureEvidence, startCodeServer, type CodeServer } from './support/codeServer';
import { listDescendants } from '../../src/agent/tools/processTree';
import { isRunning } from '../support/processes';
import { E2E_RESULTS_DIR } from './support/paths';
import { packVsix } from './support/vsix';

const FIXTURE_EXTENSION = join(import.meta.dirname, 'fixtures', 'hello-extension');
const COMMAND_TITLE = 'Hello Fixture: Write File';
/** The texts fixtures/hello-extension/extension.js writes. */
const HELLO_TEXT = 'Hello from the fixture extension\n';
const CLICKED_TEXT = 'The webview button was clicked\n';

/** The first install takes 3-5 minutes (TESTING.md); allow for a slow registry on 2 busy cores. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;
/** The extension activates on its command; on busy cores activation and the write take seconds. */
const FILE_TIMEOUT_MS = 30_000;
/** The webview's inner frame appears a few seconds after the panel opens. */
const WEBVIEW_TIMEOUT_MS = 30_000;
const FILE_POLL_INTERVAL_MS = 100;

/**
 * The file's text once it has some: the fixture creates the file and then writes its line, so a file
 * that exists may still be empty (seen on a loaded machine, where the read came between the two).
 */
async function waitForFile(path: string, timeoutMs = FILE_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(path) ? await readFile(path, 'utf8') : '';
    if (text !== '') return text;
    if (Date.now() >= deadline) throw new Error(`${path} did not appear with any text within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, FILE_POLL_INTERVAL_MS));
  }
}

/** Starts code-server with the fixture on a fresh empty folder; stops and cleans up after the suite. */
function useCodeServer(setup: { trustWorkspace: boolean; install: 'folder' | 'vsix' }): { server: () => CodeServer; workspace: () => string } {
  let server: CodeServer | undefined;
  let workspace: string | undefined;
  before(async function () {
    workspace = await mkdtemp(join(tmpdir(), 'loupe-e2e-workspace-'));
    const extension = setup.install === 'folder' ? { extensionDirs: [FIXTURE_EXTENSION] } : { vsix: await fixtureVsix(workspace) };
    server = await startCodeServer({ workspace, trustWorkspace: setup.trustWorkspace, ...extension });
    console.log(`    workbench ready in ${server.workbenchReadyMs} ms (trustWorkspace: ${setup.trustWorkspace}, install: ${setup.install})`);
  });
  afterEach(async function () {
    await saveFailureEvidence(this.currentTest, server);
  });
  after(async function () {
    await server?.stop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
    if (workspace) await rm(`${workspace}.vsix`, { force: true });
  });
  return {
    server: () => server ?? assert.fail('code-server did not start'),
    workspace: () => workspace ?? assert.fail('no workspace'),
  };
}

/** The fixture packed as a VSIX next to (not inside) the workspace, so the workspace stays empty. */
async function fixtureVsix(workspace: string): Promise<string> {
  const vsix = `${workspace}.vsix`;
  await packVsix(FIXTURE_EXTENSION, vsix);
  return vsix;
}

describe('the code-server end-to-end harness', function () {
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
  });

  describe('in a trusted workspace', function () {
    const { server, workspace } = useCodeServer({ trustWorkspace: true, install: 'folder' });

    it('runs an extension command picked by its title in the command palette, which writes hello.txt', async function () {
      await server().runCommand(COMMAND_TITLE);
      assert.equal(await waitForFile(join(workspace(), 'hello.txt')), HELLO_TEXT);
      assert.equal(await waitForFile(join(workspace(), 'trust.txt')), 'trusted\n');
    });

    it('delivers a click on a button inside the webview panel to the extension, which writes clicked.txt', async function () {
      // The previous test's command opened the panel.
      const frame = await server().findWebviewFrame(async (candidate) => (await candidate.locator('#hello-fixture-button').count()) > 0, WEBVIEW_TIMEOUT_MS);
      assert.equal(existsSync(join(workspace(), 'clicked.txt')), false);
      await frame.locator('#hello-fixture-button').click();
      assert.equal(await waitForFile(join(workspace(), 'clicked.txt')), CLICKED_TEXT);
      // The extension's answer reaches the webview too: the round trip works both ways.
      await frame.getByText('The extension wrote clicked.txt.').waitFor({ timeout: WEBVIEW_TIMEOUT_MS });
      await server().screenshot(join(E2E_RESULTS_DIR, 'harness-webview-panel.png'));
    });
  });

  describe('in an untrusted workspace', function () {
    const { server, workspace } = useCodeServer({ trustWorkspace: false, install: 'folder' });

    it('opens the folder in Restricted Mode: the status bar says so and the extension sees isTrusted false', async function () {
      const page = server().page;
      await page.locator('.part.statusbar .statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: FILE_TIMEOUT_MS });
      await server().runCommand(COMMAND_TITLE);
      assert.equal(await waitForFile(join(workspace(), 'hello.txt')), HELLO_TEXT);
      assert.equal(await waitForFile(join(workspace(), 'trust.txt')), 'restricted\n');
      // Webviews and the Explorer keep working in Restricted Mode; wait for both so the screenshot shows them.
      await server().findWebviewFrame(async (candidate) => (await candidate.locator('#hello-fixture-button').count()) > 0, WEBVIEW_TIMEOUT_MS);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'trust.txt' }).waitFor({ state: 'visible', timeout: FILE_TIMEOUT_MS });
      await server().screenshot(join(E2E_RESULTS_DIR, 'harness-restricted-mode.png'));
    });
  });

  describe('with the extension installed from a VSIX', function () {
    const { server, workspace } = useCodeServer({ trustWorkspace: true, install: 'vsix' });

    it('runs the command of an extension installed with --install-extension', async function () {
      await server().runCommand(COMMAND_TITLE);
      assert.equal(await waitForFile(join(workspace(), 'hello.txt')), HELLO_TEXT);
    });

    it('stops code-server with every process it started and removes its temp folder', async function () {
      const processes = [server().pid, ...(await listDescendants(server().pid))];
      // The server, its extension host and file watcher at least: proof the tree was seen.
      assert.ok(processes.length >= 3, `expected code-server to have started processes, found ${processes.length}`);
      await server().stop();
      assert.deepEqual(processes.filter(isRunning), []);
      assert.equal(existsSync(server().tempDir), false);
    });
  });
});
