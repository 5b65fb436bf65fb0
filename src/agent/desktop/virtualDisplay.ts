// Loupe's private X display: starts its own Xvfb at a chosen size (plus a window manager if one is
// installed), runs programs and browser windows on it, and tears all of it down, processes and files.
import { spawn } from 'node:child_process';
import { accessSync, constants, closeSync, createWriteStream, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { HostedProcess, ProcessHost } from '../ports';
import { TaskCancelledError, throwIfCancelled } from '../taskCancellation';
import { killProcessTree } from '../tools/processTree';
import { DeathWatch } from '../processes/deathWatch';
import type { ScreenSize } from './desktop';
import { findExecutable } from './findExecutable';
import { waitForFirstPaint } from './firstPaint';
import { FramebufferCapture, registerFramebufferFile, unregisterFramebufferFile } from './xwdCapture';

/** Xvfb is ready in about 100 ms here; 10 s allows for a loaded CI machine. */
const XVFB_START_TIMEOUT_MS = 10_000;
/** Chromium's first window appears after 0.3–2 s here; a cold start on a busy machine can take much longer. */
const BROWSER_WINDOW_TIMEOUT_MS = 20_000;
const WINDOW_POLL_MS = 100;
/** Larger than any real monitor; stops a typo from asking Xvfb for gigabytes. */
const MAX_DISPLAY_EDGE = 8192;

/** Small window managers, lightest first; none installed is fine (windows then have no frames). */
const WINDOW_MANAGERS: Array<{ command: string; args: string[] }> = [
  { command: 'matchbox-window-manager', args: ['-use_titlebar', 'no'] },
  { command: 'openbox', args: [] },
  { command: 'fluxbox', args: [] },
  { command: 'xfwm4', args: [] },
];

const BROWSERS = ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export interface VirtualDisplayOptions {
  width: number;
  height: number;
  depth?: 24;
  /** The task's cancellation: a Stop while Xvfb starts kills it and rejects with TaskCancelledError. */
  signal?: AbortSignal;
}

/** A page opened in a browser: `painted` is false when it had drawn nothing by the first-paint ceiling. */
export interface OpenedPage extends LaunchedProgram {
  painted: boolean;
}

export interface LaunchedProgram {
  pid: number;
  stop(): Promise<void>;
}

interface Program {
  pid: number;
  /** Folders that belong to this program alone (a browser profile), removed when it stops. */
  folders: string[];
  /** Set when it runs in the task's sandbox: stopped there, and its pid is the sandbox's. */
  hosted?: HostedProcess;
}

/** Displays still running, for the last-resort cleanup when the process exits without disposing. */
const liveDisplays = new Set<VirtualDisplay>();
let exitHandlerInstalled = false;

export class VirtualDisplay {
  private readonly _programs = new Map<number, Program>();
  private _disposed: Promise<void> | undefined;

  private constructor(
    /** The X display name, e.g. `:3`; set DISPLAY to it to open programs here. */
    readonly display: string,
    readonly size: ScreenSize,
    /** The Xvfb process. */
    readonly pid: number,
    /** Xvfb's memory-mapped screen (XWD format), read directly for fast screenshots. */
    readonly framebufferFile: string,
    /** The window manager running on the display, if one was found. */
    readonly windowManager: string | undefined,
    private readonly _folders: string[],
    /** Ends Xvfb and the programs started here if Loupe dies without disposing (deathWatch.ts). */
    private readonly _deathWatch: DeathWatch,
  ) {}

  static async start(options: VirtualDisplayOptions): Promise<VirtualDisplay> {
    const { width, height } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_DISPLAY_EDGE || height > MAX_DISPLAY_EDGE) {
      throw new Error(`A virtual display must be between 1x1 and ${MAX_DISPLAY_EDGE}x${MAX_DISPLAY_EDGE} whole pixels, got ${width}x${height}.`);
    }
    throwIfCancelled(options.signal);
    const root = await mkdtemp(join(tmpdir(), 'loupe-display-'));
    // tmpfs keeps the framebuffer in memory; a disk-backed folder would write every frame back to disk.
    const framebufferFolder = isWritableFolder('/dev/shm') ? await mkdtemp('/dev/shm/loupe-fb-') : root;
    const folders = framebufferFolder === root ? [root] : [framebufferFolder, root];
    let xvfb: { pid: number; display: string } | undefined;
    try {
      xvfb = await startXvfb(width, height, framebufferFolder, join(root, 'xvfb.log'), options.signal);
      const deathWatch = new DeathWatch();
      deathWatch.watch(xvfb.pid);
      const manager = findWindowManager();
      const display = new VirtualDisplay(xvfb.display, { width, height }, xvfb.pid, join(framebufferFolder, 'Xvfb_screen0'), manager?.command, folders, deathWatch);
      display._watchForExit();
      registerFramebufferFile(display.display, display.framebufferFile);
      if (manager) display.launch(manager.command, manager.args);
      return display;
    } catch (error) {
      if (xvfb) await killProcessTree(xvfb.pid, 'SIGKILL');
      await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
      throw error;
    }
  }

  /** Runs a program on this display (its own process group, so stop() ends everything it started). */
  launch(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; host?: ProcessHost } = {}): LaunchedProgram {
    if (options.host) return this._launchIn(options.host, command, args, { cwd: options.cwd ?? process.cwd(), env: options.env ?? {} }, [], undefined);
    return this._launch(command, args, options, [], undefined);
  }

  /**
   * Opens `url` in a Chromium app window (no tabs or address bar) that covers the whole display,
   * and resolves once the page has drawn something (firstPaint.ts): a screenshot right after this
   * shows the page, not the window's blank first frame. Each call gets a fresh temporary profile. With
   * `host` (the task's sandbox) the browser runs there, so it shares the sandbox's localhost with the app.
   */
  async openUrl(url: string, host?: ProcessHost, options: { firstPaintTimeoutMs?: number } = {}): Promise<OpenedPage> {
    const browser = findBrowser();
    if (!browser) throw new Error('No Chromium found to open the URL: install it (apt-get install chromium) or open the app with a command instead.');
    // In the sandbox only its scratch folder is writable, so the profile lives there.
    const profile = await mkdtemp(join(host?.env.TMPDIR ?? (this._folders.at(-1) as string), 'browser-'));
    const log = join(profile, 'browser.log');
    const windowsBefore = new Set(await this._visibleWindows([]));
    const screen = await FramebufferCapture.open(this.framebufferFile);
    const before = await screen.capture().catch(async (error: unknown) => {
      await screen.close();
      throw error;
    });
    // Under a window manager, fullscreen is what removes the frame and title bar; without one,
    // Chromium's fullscreen leaves a 10 px margin, and a plain window resized to the display is exact.
    const fullscreen = this.windowManager !== undefined ? ['--start-fullscreen'] : [];
    const browserArgs = [...browserArguments(profile, this.size), ...fullscreen, `--app=${url}`];
    const program = host
      ? this._launchIn(host, browser, browserArgs, { cwd: profile, env: host.env }, [profile], log)
      : this._launch(browser, browserArgs, {}, [profile], log);
    try {
      const hosted = [...this._programs.values()].find((entry) => entry.hosted && entry.folders.includes(profile))?.hosted;
      const alive = hosted ? () => hosted.exit === undefined : () => isAlive(program.pid);
      // A sandboxed browser's pid is its namespace's, which the X server's _NET_WM_PID does not match reliably.
      await this._fitWindowToDisplay(hosted ? undefined : program.pid, alive, windowsBefore, log);
      const painted = await waitForFirstPaint({ capture: () => screen.capture(), before, alive, ...(options.firstPaintTimeoutMs ? { timeoutMs: options.firstPaintTimeoutMs } : {}) });
      if (!alive()) throw new Error(`The browser exited after opening its window: ${tailOf(log)}`);
      return { ...program, painted };
    } catch (error) {
      await program.stop();
      throw error;
    } finally {
      await screen.close();
    }
  }

  /** Stops every program started here, then Xvfb, and removes the temporary folders. Safe to call twice. */
  dispose(): Promise<void> {
    this._disposed ??= this._dispose();
    return this._disposed;
  }

  private async _dispose(): Promise<void> {
    await Promise.all([...this._programs.keys()].map((pid) => this._stop(pid)));
    await killProcessTree(this.pid);
    this._deathWatch.release();
    unregisterFramebufferFile(this.display);
    liveDisplays.delete(this);
    await Promise.all(this._folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }

  private _launch(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }, folders: string[], logFile: string | undefined): LaunchedProgram {
    if (this._disposed) throw new Error(`The virtual display ${this.display} has been closed; start a new one.`);
    const output = logFile ? openSync(logFile, 'a') : 'ignore';
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, DISPLAY: this.display };
    // A Wayland session's variable would send GTK and Chromium windows to the user's own screen.
    delete env.WAYLAND_DISPLAY;
    try {
      const child = spawn(command, args, { cwd: options.cwd, env, detached: true, stdio: ['ignore', output, output] });
      child.on('error', () => undefined); // Reported below through the missing pid, or by the program's own exit.
      if (child.pid === undefined) throw new Error(`Could not start \`${command}\` on the virtual display: is it installed and on PATH?`);
      child.unref(); // Our exit handler cleans up; an open handle must not keep the process alive.
      const pid = child.pid;
      this._deathWatch.watch(pid);
      this._programs.set(pid, { pid, folders });
      return { pid, stop: () => this._stop(pid) };
    } finally {
      if (typeof output === 'number') closeSync(output);
    }
  }

  /** Runs a program on this display through `host` (the task's sandbox); its output goes to `logFile`. */
  private _launchIn(host: ProcessHost, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, folders: string[], logFile: string | undefined): LaunchedProgram {
    if (this._disposed) throw new Error(`The virtual display ${this.display} has been closed; start a new one.`);
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.env)) if (value !== undefined && name !== 'WAYLAND_DISPLAY') env[name] = value;
    env.DISPLAY = this.display;
    const hosted = host.start({ file: command, args, cwd: options.cwd, env, stdin: false });
    if (logFile) {
      const log = createWriteStream(logFile, { flags: 'a' });
      log.on('error', () => undefined);
      hosted.stdout.pipe(log, { end: false });
      hosted.stderr.pipe(log, { end: false });
    } else {
      hosted.stdout.resume();
      hosted.stderr.resume();
    }
    // The pid is known once the sandbox has started it; until then the program is keyed by a stand-in.
    const key = -(this._programs.size + 1) - Date.now();
    this._programs.set(key, { pid: key, folders, hosted });
    return {
      get pid() {
        return hosted.pid ?? 0;
      },
      stop: () => this._stop(key),
    };
  }

  private async _stop(pid: number): Promise<void> {
    const program = this._programs.get(pid);
    if (!program) return;
    this._programs.delete(pid);
    if (program.hosted) {
      await program.hosted.stop();
      await Promise.all(program.folders.map((folder) => rm(folder, { recursive: true, force: true })));
      return;
    }
    await killProcessTree(pid);
    this._deathWatch.forget(pid);
    await Promise.all(program.folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }

  /**
   * Waits for the program's first visible window and sets it to exactly the display's size at 0,0.
   * The window is found by its process id, or, for launchers that do not exec the browser (so the
   * window carries another pid), as the first visible window that was not there before.
   */
  private async _fitWindowToDisplay(pid: number | undefined, alive: () => boolean, windowsBefore: Set<string>, logFile: string): Promise<void> {
    const deadline = Date.now() + BROWSER_WINDOW_TIMEOUT_MS;
    const env = { ...process.env, DISPLAY: this.display };
    while (Date.now() < deadline) {
      const byPid = pid === undefined ? undefined : (await this._visibleWindows(['--pid', String(pid)]))[0];
      const window = byPid ?? (await this._visibleWindows([])).find((id) => !windowsBefore.has(id));
      if (window) {
        // Chromium makes a window as large as the screen one pixel smaller; resizing afterwards is exact.
        if (this.windowManager === undefined) {
          await execa('xdotool', ['windowmove', window, '0', '0', 'windowsize', window, String(this.size.width), String(this.size.height)], { env, reject: false });
        }
        return;
      }
      if (!alive()) throw new Error(`The browser exited before opening a window: ${tailOf(logFile)}`);
      await new Promise((resolve) => setTimeout(resolve, WINDOW_POLL_MS));
    }
    throw new Error(`The browser opened no window within ${BROWSER_WINDOW_TIMEOUT_MS / 1000} s: ${tailOf(logFile)}`);
  }

  /** Ids of the visible windows on this display, optionally only those matching xdotool search options. */
  private async _visibleWindows(criteria: string[]): Promise<string[]> {
    // An empty --class pattern matches every window; a pid search matches on _NET_WM_PID.
    const search = criteria.length > 0 ? criteria : ['--class', ''];
    const found = await execa('xdotool', ['search', '--onlyvisible', ...search], { env: { ...process.env, DISPLAY: this.display }, reject: false });
    return found.stdout.split('\n').map((line) => line.trim()).filter((line) => /^\d+$/.test(line));
  }

  private _watchForExit(): void {
    liveDisplays.add(this);
    if (exitHandlerInstalled) return;
    exitHandlerInstalled = true;
    process.on('exit', killLiveDisplaysNow);
  }

  /** Synchronous last resort at process exit: SIGKILL every process group we started and remove our folders. */
  killSynchronously(): void {
    // Programs in a sandbox end with it (bubblewrap's --die-with-parent); only our own are signalled here.
    const own = [...this._programs.values()].filter((program) => !program.hosted).map((program) => program.pid);
    for (const pid of [...own, this.pid]) {
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    for (const folder of this._folders) rmSync(folder, { recursive: true, force: true });
  }
}

function killLiveDisplaysNow(): void {
  for (const display of liveDisplays) display.killSynchronously();
  liveDisplays.clear();
}

/** Starts Xvfb with -displayfd, so it picks a free display number and tells us once it accepts connections. */
function startXvfb(width: number, height: number, framebufferFolder: string, logFile: string, signal: AbortSignal | undefined): Promise<{ pid: number; display: string }> {
  const log = openSync(logFile, 'a');
  const args = ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-nocursor', '-noreset', '-fbdir', framebufferFolder];
  // -nocursor: the framebuffer would otherwise contain the software cursor, which `xwd` never shows.
  // -noreset: without it Xvfb resets (root background and all) whenever its last client disconnects,
  // e.g. between closing one app and opening the next.
  const child = spawn('Xvfb', args, { detached: true, stdio: ['ignore', log, log, 'pipe'] });
  closeSync(log);
  return new Promise((resolve, reject) => {
    let announced = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb did not start within ${XVFB_START_TIMEOUT_MS / 1000} s: ${tailOf(logFile)}`)), XVFB_START_TIMEOUT_MS);
    const cancelled = () => fail(new TaskCancelledError());
    const fail = (error: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancelled);
      if (child.pid !== undefined) void killProcessTree(child.pid, 'SIGKILL');
      reject(error);
    };
    if (signal?.aborted) return cancelled();
    signal?.addEventListener('abort', cancelled, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      fail(error.code === 'ENOENT' ? new Error('Xvfb is not installed: install it (apt-get install xvfb) to use a virtual display.') : error);
    });
    child.on('exit', (code, signal) => fail(new Error(`Xvfb exited at start (${signal ?? `exit ${code}`}): ${tailOf(logFile)}`)));
    const announcements = child.stdio[3] as NodeJS.ReadableStream;
    announcements.on('data', (chunk: Buffer) => {
      announced += chunk.toString();
      const match = /^(\d+)\n/.exec(announced);
      if (!match || child.pid === undefined) return;
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancelled);
      child.removeAllListeners('exit');
      child.on('exit', () => undefined);
      (announcements as unknown as { destroy(): void }).destroy();
      child.unref();
      resolve({ pid: child.pid, display: `:${match[1]}` });
    });
  });
}

function browserArguments(profile: string, size: ScreenSize): string[] {
  // Chromium's sandbox cannot run as root (CI, containers); anyone else keeps it.
  const sandbox = process.getuid?.() === 0 ? ['--no-sandbox', '--test-type' /* hides the --no-sandbox warning bar over the page */] : [];
  return [
    ...sandbox,
    '--disable-gpu',
    '--ozone-platform=x11',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-features=Translate,MediaRouter',
    '--password-store=basic',
    '--hide-crash-restore-bubble',
    `--user-data-dir=${profile}`,
    '--window-position=0,0',
    `--window-size=${size.width},${size.height}`,
  ];
}

function findBrowser(): string | undefined {
  return BROWSERS.map(findExecutable).find((path) => path !== undefined);
}

function findWindowManager(): { command: string; args: string[] } | undefined {
  return WINDOW_MANAGERS.find((manager) => findExecutable(manager.command) !== undefined);
}

function isWritableFolder(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function tailOf(logFile: string): string {
  try {
    const text = readFileSync(logFile, 'utf8').trim();
    return text === '' ? 'no output' : text.slice(-1500);
  } catch {
    return 'no output';
  }
}
