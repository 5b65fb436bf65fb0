// Starts a real VS Code (code-server) on a workspace with given extensions, opens its workbench in
// headless Debian Chromium through playwright-core, and tears all of it down again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { killProcessTree } from '../../../src/agent/tools/processTree';
import { CHROMIUM, CODE_SERVER_ENTRY, E2E_RESULTS_DIR, ENSURE_CODE_SERVER_SCRIPT, NODE_24, REPO_ROOT } from './paths';
import { findWebviewFrame, runCommand, waitForWorkbench, WORKBENCH_READY_TIMEOUT_MS } from './workbench';
import { freePort } from '../../support/processes';

export interface CodeServerOptions {
  /** The folder the workbench opens (or, with `workspaceFile`, where code-server runs). */
  workspace: string;
  /** A .code-workspace file to open instead of the folder: a multi-root window. */
  workspaceFile?: string;
  /** Unpacked extension folders, copied into the extensions dir as <publisher>.<name>-<version>. */
  extensionDirs?: string[];
  /** A .vsix installed with --install-extension before the server starts. */
  vsix?: string;
  /** Extra environment for code-server and the extension host it starts. */
  env?: Record<string, string>;
  /** Default true: --disable-workspace-trust. False opens the folder in Restricted Mode. */
  trustWorkspace?: boolean;
  /** Merged over DEFAULT_USER_SETTINGS into the user's settings.json. */
  userSettings?: object;
  /** VS Code server flags code-server does not model itself, passed as --vscode-option (e.g. enable-smoke-test-driver). */
  vscodeOptions?: string[];
  /** Entries of the workbench URL's `payload` parameter, given the server's URL (they may name vscode-remote URIs). */
  workbenchPayload?: (serverUrl: string) => Array<[string, string]>;
  /** Runs on the page before the workbench loads, e.g. to expose functions the workbench calls. */
  preparePage?: (page: Page) => Promise<void>;
}

export interface CodeServer {
  url: string;
  /** code-server's process (the leader of its process group). */
  pid: number;
  /** The temp folder holding the user-data and extensions dirs; stop() removes it. */
  tempDir: string;
  /** Where code-server keeps installed extensions (under tempDir). */
  extensionsDir: string;
  /** A page on the workbench, already drawn. */
  page: Page;
  /** From starting code-server to the workbench being visible in the browser. */
  workbenchReadyMs: number;
  runCommand(title: string): Promise<void>;
  findWebviewFrame(predicate: (frame: Frame) => Promise<boolean>, timeoutMs: number): Promise<Frame>;
  screenshot(path: string): Promise<void>;
  /** code-server's output, and the browser's console errors, for failure messages. */
  logs(): string;
  /** Closes the browser, stops code-server and all it started, removes its temp folders. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Quiet, deterministic settings for tests: no welcome page, tips, telemetry, update checks,
 * extension recommendations or AI chat UI, and no modal trust prompt (Restricted Mode then
 * shows as a banner and status item instead of a dialog that would block the palette).
 */
export const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.startupPrompt': 'never',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** The flags TESTING.md found to make Chromium work headless as root on these machines. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** A common laptop size: wide enough for the editor and a side panel in screenshots. */
export const VIEWPORT = { width: 1280, height: 800 };

/** code-server listens within a few seconds; allow for 2 cores shared with other tests. */
const SERVER_LISTEN_TIMEOUT_MS = 60_000;
const HEALTH_POLL_INTERVAL_MS = 200;

/** Keep the last this many characters of code-server's output: enough for a failure, bounded for long runs. */
const MAX_LOG_CHARS = 200_000;

/** Runs scripts/ensure-code-server.mjs (installs code-server once; seconds after that), with its progress shown. */
export async function ensureCodeServer(): Promise<void> {
  const child = spawn(process.execPath, [ENSURE_CODE_SERVER_SCRIPT], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`${ENSURE_CODE_SERVER_SCRIPT} failed (exit code ${code}); its output above says why.`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed at ${CODE_SERVER_ENTRY}: run node ${ENSURE_CODE_SERVER_SCRIPT}.`);
  const root = await mkdtemp(join(tmpdir(), 'loupe-code-server-'));
  const dirs = { userData: join(root, 'user-data'), extensions: join(root, 'extensions'), home: join(root, 'xdg'), config: join(root, 'config.yaml') };
  const output = new LogBuffer();
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await browser?.close().catch(() => undefined);
    if (server?.pid !== undefined) await killProcessTree(server.pid);
    await rm(root, { recursive: true, force: true });
  };

  try {
    await prepareFolders(dirs, options);
    const env = serverEnvironment(dirs.home, options.env);
    const common = ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
    if (options.vsix) await installVsix(options.vsix, common, env, output);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [CODE_SERVER_ENTRY, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check'];
    if (options.trustWorkspace !== false) args.push('--disable-workspace-trust');
    for (const option of options.vscodeOptions ?? []) args.push('--vscode-option', option);
    args.push(options.workspace);

    const started = Date.now();
    // Its own process group, so stop() can take the server, extension hosts and their children together.
    server = spawn(NODE_24, args, { cwd: options.workspace, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (chunk: Buffer) => output.append(chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => output.append(chunk.toString()));
    const exited = new Promise<never>((_resolve, reject) => {
      server?.on('exit', (code, signal) => reject(new Error(`code-server exited during start-up (${signal ?? `exit code ${code}`}).`)));
      server?.on('error', reject);
    });
    exited.catch(() => undefined); // Only raced during start-up; a later exit is stop() at work.
    await Promise.race([waitForHealthy(url), exited]);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') output.append(`[browser console] ${message.text()}\n`);
    });
    page.on('pageerror', (error) => output.append(`[browser page error] ${error.message}\n`));
    await options.preparePage?.(page);
    const payload = options.workbenchPayload?.(url);
    const opened = options.workspaceFile ? `workspace=${encodeURIComponent(options.workspaceFile)}` : `folder=${encodeURIComponent(options.workspace)}`;
    const query = `${opened}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
    await page.goto(`${url}/?${query}`, { timeout: WORKBENCH_READY_TIMEOUT_MS });
    await Promise.race([waitForWorkbench(page), exited]);
    const workbenchReadyMs = Date.now() - started;

    return {
      url,
      pid: server.pid as number,
      tempDir: root,
      extensionsDir: dirs.extensions,
      page,
      workbenchReadyMs,
      runCommand: (title) => runCommand(page, title),
      findWebviewFrame: (predicate, timeoutMs) => findWebviewFrame(page, predicate, timeoutMs),
      screenshot: async (path) => {
        await mkdir(dirname(path), { recursive: true });
        await page.screenshot({ path });
      },
      logs: () => output.text(),
      stop,
    };
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- code-server output (last part) ---\n${output.text().slice(-4000)}`, { cause: error });
  }
}

async function prepareFolders(dirs: { userData: string; extensions: string; home: string; config: string }, options: CodeServerOptions): Promise<void> {
  await mkdir(join(dirs.userData, 'User'), { recursive: true });
  await mkdir(dirs.extensions, { recursive: true });
  await mkdir(dirs.home, { recursive: true });
  // Flags carry every setting; an explicit config file keeps code-server from writing ~/.config/code-server.
  await writeFile(dirs.config, 'auth: none\n');
  const settings = { ...DEFAULT_USER_SETTINGS, ...options.userSettings };
  await writeFile(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  for (const dir of options.extensionDirs ?? []) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { publisher?: string; name?: string; version?: string };
    if (!manifest.publisher || !manifest.name || !manifest.version) throw new Error(`${dir}/package.json needs publisher, name and version to be loaded as an extension.`);
    await cp(dir, join(dirs.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
  }
}

/**
 * The caller's environment without variables of a VS Code the tests may run in (they would send
 * CLI calls to it), with XDG folders in the temp root so nothing lands in the user's home.
 */
function serverEnvironment(xdgRoot: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('VSCODE_')) env[name] = value;
  env.XDG_CONFIG_HOME = join(xdgRoot, 'config');
  env.XDG_DATA_HOME = join(xdgRoot, 'data');
  env.XDG_CACHE_HOME = join(xdgRoot, 'cache');
  return { ...env, ...extra };
}

async function installVsix(vsix: string, common: string[], env: NodeJS.ProcessEnv, output: LogBuffer): Promise<void> {
  const child = spawn(NODE_24, [CODE_SERVER_ENTRY, ...common, '--install-extension', vsix, '--force'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => output.append(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.append(chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`Installing ${vsix} into code-server failed (exit code ${code}).`);
}

/** Polls code-server's /healthz until it answers. */
async function waitForHealthy(url: string): Promise<void> {
  const deadline = Date.now() + SERVER_LISTEN_TIMEOUT_MS;
  for (;;) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() >= deadline) throw new Error(`code-server did not answer on ${url} within ${SERVER_LISTEN_TIMEOUT_MS} ms.`);
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_INTERVAL_MS));
  }
}

/** Output kept up to MAX_LOG_CHARS, dropping the oldest. */
class LogBuffer {
  private buffer = '';

  append(text: string): void {
    this.buffer += text;
    if (this.buffer.length > MAX_LOG_CHARS) this.buffer = this.buffer.slice(-MAX_LOG_CHARS);
  }

  text(): string {
    return this.buffer;
  }
}

/** After a failed test: a screenshot of the workbench and code-server's recent logs, to see why. */
export async function saveFailureEvidence(test: Mocha.Test | undefined, server: CodeServer | undefined): Promise<void> {
  if (test?.state !== 'failed' || !server) return;
  const name = test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
  await server.screenshot(join(E2E_RESULTS_DIR, `failed-${name}.png`)).catch(() => undefined);
  console.log(`--- code-server logs ---\n${server.logs().slice(-6000)}`);
}
