// What the Loupe e2e suites share: the packaged extension, the palette's Run Task, the panel's
// frame and the Loupe log, all against a real code-server driven by playwright-core.
import assert from 'node:assert/strict';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Frame } from 'playwright-core';
import { startMessagesApiServer, type MessagesApiServer, type ReplyTurn } from '../../support/messagesApiServer';
import { createTempRepo, type TempRepo } from '../../support/tempRepo';
import { saveFailureEvidence, startCodeServer, type CodeServer } from './codeServer';
import { packagedLoupeVsix } from './loupeVsix';
import { checkServersAfterThisTest } from '../../support/serverChecks';
import { startCommand } from './workbench';

/** Four scripted requests, `npm test` and the panel's drawing: seconds, allowing for busy cores. */
export const TASK_TIMEOUT_MS = 60_000;
/** The webview's inner frame appears a few seconds after the panel opens. */
export const WEBVIEW_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Runs "Loupe: Run Task" from the palette and answers its input box. */
export async function runTaskFromPalette(server: CodeServer, task: string): Promise<void> {
  const page = server.page;
  const widget = page.locator('.quick-input-widget');
  await startCommand(page, 'Loupe: Run Task', WEBVIEW_TIMEOUT_MS);
  // The input box is the same widget, now titled by showInputBox.
  await widget.locator('.quick-input-title', { hasText: 'Loupe: Run Task' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
  const box = widget.locator('.quick-input-box input');
  await box.fill(task);
  await box.press('Enter');
}

/**
 * The newest file under code-server's user data whose path ends with `suffix` (a window reload starts a
 * new log folder, so there can be several), or undefined. Only user-data is searched, not the installed
 * extensions or caches: tests poll this.
 */
async function newestUserDataFile(server: CodeServer, suffix: string): Promise<string | undefined> {
  const userData = join(server.tempDir, 'user-data');
  const matches = (await readdir(userData, { recursive: true })).filter((file) => file.endsWith(suffix)).map((file) => join(userData, file));
  const dated = await Promise.all(matches.map(async (path) => ({ path, modified: (await stat(path)).mtimeMs })));
  return dated.sort((a, b) => b.modified - a.modified)[0]?.path;
}

/** The transcript Loupe saved in its workspace storage for after a reload ('' before the first save). */
export async function loupeSavedTranscript(server: CodeServer): Promise<string> {
  const path = await newestUserDataFile(server, join('loupe-dev.loupe', 'last-transcript.json'));
  return path ? readFile(path, 'utf8') : '';
}

/** The 'Loupe' LogOutputChannel's file, which VS Code keeps under the user-data dir's logs. */
export async function loupeLog(server: CodeServer): Promise<string> {
  const path = await newestUserDataFile(server, join('loupe-dev.loupe', 'Loupe.log'));
  if (!path) return assert.fail(`No Loupe.log under ${server.tempDir}/user-data`);
  return readFile(path, 'utf8');
}

/** The text the Loupe terminal shows (the terminal panel must be open on it). */
export async function loupeTerminalText(server: CodeServer): Promise<string> {
  const rows = server.page.locator('.terminal-wrapper.active .xterm-rows');
  await rows.waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
  return rows.innerText();
}

/**
 * The Loupe page's frame: in the activity-bar view (`'view'`), in an editor panel (`'editor'`), or
 * wherever it is first found. Each page marks its surface on its body.
 */
export function loupePanelFrame(server: CodeServer, surface?: 'view' | 'editor'): Promise<Frame> {
  const header = surface ? `body[data-surface="${surface}"] .header .title` : '.header .title';
  return server.findWebviewFrame(async (frame) => (await frame.locator(header, { hasText: 'Loupe' }).count()) > 0, WEBVIEW_TIMEOUT_MS);
}

/** A picture of the side bar alone (where the Loupe view lives), for looking at the view at its real width. */
export async function screenshotSideBar(server: CodeServer, path: string): Promise<void> {
  await server.page.locator('.part.sidebar').screenshot({ path });
}


export interface LoupeSuiteSetup {
  trustWorkspace: boolean;
  /** The workspace's files (a git repository is made of them). */
  files: Record<string, string>;
  /** The scripted model's first turns; tests push more. */
  turns: () => ReplyTurn[];
  userSettings: object;
  /** More environment for code-server and its extension host (e.g. PATH). */
  env?: Record<string, string>;
  /**
   * A multi-root window: the repo (named `name`) and these folders, each a repo of its own, opened as
   * one .code-workspace. Without it, the repo is opened as a folder.
   */
  multiRoot?: { name: string; others: Record<string, Record<string, string>> };
}

/** Picks `label` in the quick pick a command opened (the model picker, the checkpoint list). */
export async function pickQuickItem(server: CodeServer, title: string, label: string): Promise<void> {
  const widget = server.page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
  await widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
}

/**
 * Settings every suite starts from: no computer use unless a suite asks for it (each task would start
 * a virtual display otherwise), and xterm's DOM renderer so a test can read the Loupe terminal's text.
 */
const SUITE_DEFAULT_SETTINGS = { 'loupe.computer': 'off', 'terminal.integrated.gpuAcceleration': 'off' };

/**
 * Starts the Messages-API test server and code-server with the packaged VSIX installed (as a user
 * installs a release) on a fresh repo for a describe block; stops all after it.
 */
export function useLoupe(setup: LoupeSuiteSetup) {
  let repo: TempRepo | undefined;
  const others = new Map<string, TempRepo>();
  let api: MessagesApiServer | undefined;
  let server: CodeServer | undefined;
  before(async function () {
    const vsix = await packagedLoupeVsix();
    repo = await createTempRepo(setup.files);
    let workspaceFile: string | undefined;
    if (setup.multiRoot) {
      const folders = [{ name: setup.multiRoot.name, path: repo.root }];
      for (const [name, files] of Object.entries(setup.multiRoot.others)) {
        const other = await createTempRepo(files);
        others.set(name, other);
        folders.push({ name, path: other.root });
      }
      workspaceFile = join(repo.root, '..', `${basename(repo.root)}.code-workspace`);
      await writeFile(workspaceFile, JSON.stringify({ folders }, null, 2));
    }
    api = await startMessagesApiServer(setup.turns());
    server = await startCodeServer({
      workspace: repo.root,
      ...(workspaceFile ? { workspaceFile } : {}),
      trustWorkspace: setup.trustWorkspace,
      vsix,
      env: { ...setup.env, ANTHROPIC_API_KEY: 'test', ANTHROPIC_BASE_URL: api.url },
      userSettings: { ...SUITE_DEFAULT_SETTINGS, ...setup.userSettings },
    });
    console.log(`    workbench ready in ${server.workbenchReadyMs} ms (trustWorkspace: ${setup.trustWorkspace})`);
  });
  beforeEach(function () {
    // Each test leaves the suite's server as it found it: no unread violation, no scripted turn unused.
    checkServersAfterThisTest(this, () => (api ? [api] : []));
  });
  afterEach(async function () {
    await saveFailureEvidence(this.currentTest, server);
  });
  after(async function () {
    await server?.stop();
    await api?.close();
    if (repo && setup.multiRoot) await rm(join(repo.root, '..', `${basename(repo.root)}.code-workspace`), { force: true });
    await repo?.remove();
    for (const other of others.values()) await other.remove();
  });
  return {
    server: () => server ?? assert.fail('code-server did not start'),
    api: () => api ?? assert.fail('the Messages-API server did not start'),
    repo: () => repo ?? assert.fail('no repo'),
    /** Another folder of a multi-root window, by name. */
    folder: (name: string) => others.get(name) ?? assert.fail(`no folder ${name}`),
  };
}
