// `npm start` (scripts/start.mjs) on the code-server path, run as a user would: it prints a URL
// that serves VS Code on the sample repository with the packaged Loupe installed, and Ctrl+C
// (SIGINT) takes code-server and everything it started down with it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { chromium, type Browser } from 'playwright-core';
import { listDescendants } from '../../src/agent/tools/processTree';
import { killProcessTree } from '../../src/agent/tools/processTree';
import { freePort, isRunning } from '../support/processes';
import { CHROMIUM_ARGS, ensureCodeServer, VIEWPORT } from './support/codeServer';
import { waitFor } from './support/loupeWorkbench';
import { CHROMIUM, CODE_SERVER_ENTRY, E2E_RESULTS_DIR, NODE_24, REPO_ROOT } from './support/paths';
import { waitForWorkbench } from './support/workbench';

/** The first code-server install takes 3-5 minutes (TESTING.md). */
const INSTALL_TIMEOUT_MS = 15 * 60_000;
/** Packaging (seconds), installing the VSIX and code-server listening, on 2 busy cores. */
const START_TIMEOUT_MS = 120_000;
/** code-server gets 5 s after SIGTERM before the script kills its group; allow for busy cores. */
const STOP_TIMEOUT_MS = 30_000;
const URL_LINE = /Loupe is running in VS Code \(code-server\): (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

describe('npm start with code-server', function () {
  this.timeout(START_TIMEOUT_MS);
  let cacheDir: string;
  let port: number;
  let child: ChildProcess | undefined;
  let output = '';
  let url: string;

  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
    cacheDir = await mkdtemp(join(tmpdir(), 'loupe-start-test-'));
    port = await freePort();
    // --code-server: the path under test even on a machine with desktop VS Code; --no-browser: nothing to open here.
    child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.mjs'), '--port', String(port), '--cache-dir', cacheDir, '--code-server', '--no-browser'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await waitFor('npm start printing its URL', async () => {
      if (child?.exitCode !== null) assert.fail(`npm start exited (${child?.exitCode}) before printing a URL:\n${output.slice(-3000)}`);
      return URL_LINE.exec(output)?.[1];
    }, START_TIMEOUT_MS);
  });

  after(async function () {
    // Left running only when a test failed before the Ctrl+C test: take all of it down before its cache goes.
    if (child?.pid !== undefined && child.exitCode === null) await killProcessTree(child.pid);
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('prints a URL on the chosen port that serves the VS Code workbench for the sample repository', async function () {
    const sample = join(cacheDir, 'sample-cart');
    assert.equal(url, `http://127.0.0.1:${port}/?folder=${encodeURIComponent(sample)}`);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /workbench\/workbench\.js/);
    assert.equal(existsSync(join(sample, '.git')), true);
    assert.match(await readFile(join(sample, 'src', 'cart.js'), 'utf8'), /function total/);
  });

  it('has installed the packaged Loupe into its own extensions folder', async function () {
    const listing = await execa(NODE_24, [CODE_SERVER_ENTRY, '--config', join(cacheDir, 'code-server.yaml'), '--user-data-dir', join(cacheDir, 'list-user-data'), '--extensions-dir', join(cacheDir, 'extensions'), '--list-extensions', '--show-versions']);
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.ok(listing.stdout.split('\n').includes(`loupe-dev.loupe@${version}`), `code-server lists: ${listing.stdout}`);
  });

  it('offers Loupe\'s commands in the command palette of the workbench it serves', async function () {
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
      await page.goto(url);
      await waitForWorkbench(page);
      const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
      // Commands join the palette once the extension host has read the manifest; an open palette does not refresh.
      const offered = await waitFor('Loupe commands in the palette', async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Shift+P');
        // A shortcut pressed while the workbench is still busy can be lost: then the next attempt opens it.
        const opened = await page.locator('.quick-input-widget .quick-input-box input').fill('>Loupe:', { timeout: 3_000 }).then(() => true, () => false);
        if (!opened) return undefined;
        const ready = await rows.filter({ hasText: 'Loupe: Run Task' }).first().waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
        return ready ? (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()) : undefined;
      }, START_TIMEOUT_MS / 2);
      await page.screenshot({ path: join(E2E_RESULTS_DIR, 'start-palette.png') });
      for (const title of ['Loupe: Run Task', 'Loupe: Open Panel', 'Loupe: Set API Key']) assert.ok(offered.some((text) => text.startsWith(title)), `the palette offered: ${offered.join(', ')}`);
    } finally {
      await browser?.close();
    }
  });

  it('stops code-server and every process it started on Ctrl+C (SIGINT), and exits 0', async function () {
    const pid = child?.pid ?? assert.fail('npm start is not running');
    const processes = [pid, ...(await listDescendants(pid))];
    // The script, code-server, its extension host and file watcher at least.
    assert.ok(processes.length >= 4, `expected npm start to have started code-server's processes, found ${processes.length}`);
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child?.kill('SIGINT');
    assert.equal(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS))]), 0);
    await waitFor('every process of npm start ending', async () => (processes.filter(isRunning).length === 0 ? true : undefined), STOP_TIMEOUT_MS);
    await assert.rejects(fetch(url), 'nothing listens on the port any more');
  });
});
