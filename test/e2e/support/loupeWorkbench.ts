// What the Loupe e2e suites share: the built extension folder, the palette's Run Task, the panel's
// frame and the Loupe log, all against a real code-server driven by playwright-core.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Frame } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { REPO_ROOT } from './paths';

/** Four scripted requests, `npm test` and the panel's drawing: seconds, allowing for busy cores. */
export const TASK_TIMEOUT_MS = 60_000;
/** The webview's inner frame appears a few seconds after the panel opens. */
export const WEBVIEW_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
/** Filtering the palette takes milliseconds; a missing command is retried after this. */
const PALETTE_ATTEMPT_MS = 3_000;

/** The built extension as VS Code sees an installed one: its manifest and dist/, nothing else. */
export async function buildExtensionFolder(): Promise<string> {
  await execa(process.execPath, [join(REPO_ROOT, 'esbuild.mjs')], { cwd: REPO_ROOT });
  const folder = await mkdtemp(join(tmpdir(), 'loupe-extension-'));
  await cp(join(REPO_ROOT, 'package.json'), join(folder, 'package.json'));
  await cp(join(REPO_ROOT, 'dist'), join(folder, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.map') && !source.endsWith('cli.js') });
  return folder;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/**
 * Runs "Loupe: Run Task" from the palette and answers its input box. (The harness's runCommand waits
 * for the palette to close, but this command's input box takes its place at once, so it is driven here.)
 */
export async function runTaskFromPalette(server: CodeServer, task: string): Promise<void> {
  const page = server.page;
  const widget = page.locator('.quick-input-widget');
  const row = widget.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: /^Loupe: Run Task$/ }) });
  // Commands join the palette once the extension host has read the manifest; an open palette does not refresh, so reopen it.
  await waitFor('"Loupe: Run Task" in the palette', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    await widget.locator('.quick-input-box input').fill('>Loupe: Run Task');
    return row.first().waitFor({ state: 'visible', timeout: PALETTE_ATTEMPT_MS }).then(() => true, () => undefined);
  }, WEBVIEW_TIMEOUT_MS);
  await row.first().click();
  // The input box is the same widget, now titled by showInputBox.
  await widget.locator('.quick-input-title', { hasText: 'Loupe: Run Task' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
  const box = widget.locator('.quick-input-box input');
  await box.fill(task);
  await box.press('Enter');
}

/** The 'Loupe' LogOutputChannel's file, which VS Code keeps under the user-data dir's logs. */
export async function loupeLog(server: CodeServer): Promise<string> {
  const files = await readdir(server.tempDir, { recursive: true });
  const path = files.find((file) => file.endsWith(join('loupe-dev.loupe', 'Loupe.log')));
  if (!path) return assert.fail(`No Loupe.log under ${server.tempDir}; files: ${files.filter((file) => file.endsWith('.log')).join(', ')}`);
  return readFile(join(server.tempDir, path), 'utf8');
}

export function loupePanelFrame(server: CodeServer): Promise<Frame> {
  return server.findWebviewFrame(async (frame) => (await frame.locator('.header .title', { hasText: 'Loupe' }).count()) > 0, WEBVIEW_TIMEOUT_MS);
}

