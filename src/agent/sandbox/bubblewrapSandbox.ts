// A task's sandbox on Linux: one bubblewrap around every process the agent starts (the shell, the
// programs it runs in the background, what it opens on the virtual display), with the launcher
// (launcherSource.ts) as its first process and the egress proxy as its only way off the machine.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable, type Readable } from 'node:stream';
import type { HostedProcess, NetworkDecision, NetworkRequest, ProcessExit, ProcessHost, ProcessRequest, ProtectedUndo } from '../ports';
import { bubblewrapArgs, type BubblewrapLayout } from './bubblewrapArgs';
import { BoundedLines } from './boundedLines';
import { EgressProxy, type UpstreamNetwork } from './egressProxy';
import { gitMetadataLayout } from './gitMetadata';
import { LAUNCHER_SOURCE } from './launcherSource';
import type { ProtectedPathGuard } from './protectedPathGuard';
import { relativeUndo, startSandboxGuard } from './sandboxGuard';
import type { UndoResult } from './protectedSnapshot';
import { sandboxEnvironment } from './sandboxEnvironment';
import { credentialStorePaths, PROTECTED_WORKSPACE_PATHS } from './protectedPaths';
import { displaySocketOf, existingFolders, existingProtectedPaths, exists, hiddenButNeeded, splitExisting } from './sandboxLayout';

/** bubblewrap and Node start in ~40 ms here; a loaded CI machine gets far more room. */
const START_TIMEOUT_MS = 20_000;
/** How long a stop may take inside before the host stops waiting (the launcher's own grace is 700 ms). */
const STOP_TIMEOUT_MS = 5_000;

export interface SandboxOptions {
  workspace: string;
  /** Hosts reachable without asking (see egressProxy.ts). */
  allowedDomains: readonly string[];
  /** More folders the sandbox may write. */
  writablePaths?: readonly string[];
  /** More workspace-relative globs that are read-only, and absolute (or ~/) paths that are hidden. */
  protectedPaths?: readonly string[];
  /** The virtual display the task's programs open on (`:N`), so its socket is visible inside. */
  display?: string;
  /**
   * Folders outside the workspace that its links point to and its commands must read but never write,
   * even where the sandbox empties their parent (/tmp): a best-of-N attempt's links to the user's
   * installed dependencies (attemptCopies.ts). Given by Loupe, never read from the workspace, so a
   * repository's own link cannot open the host's /tmp to the sandbox.
   */
  sharedFolders?: readonly string[];
  /** Asked about a host outside the allowed domains; the signal aborts when the sandbox closes. */
  askToReach?: (request: NetworkRequest, signal: AbortSignal) => Promise<NetworkDecision>;
  /** The proxy's resolver and dialler (tests stand a local listener in for a remote host). */
  network?: UpstreamNetwork;
  /** The Node the launcher runs on (default: this process's). */
  nodePath?: string;
  /** The user's home, whose credential stores are hidden (default: os.homedir()). */
  home?: string;
  /**
   * Told as it happens of protected-path writes undone outside a command's result: found by the watch
   * (a background program's, or a file someone else created there), or in the last look at the end.
   */
  onUndone?: (undo: ProtectedUndo) => void;
}

type Bwrap = ChildProcessByStdio<Writable, Readable, Readable>;

interface Started {
  stdout: PassThrough;
  stderr: PassThrough;
  resolveExit(exit: ProcessExit): void;
  exit: ProcessExit | undefined;
  pid: number | undefined;
  stopped: Array<() => void>;
  /** Its output streams have ended. */
  closed?: boolean;
}

export class BubblewrapSandbox implements ProcessHost {
  readonly sandboxed = true;
  readonly env: Record<string, string>;
  private readonly _started = new Map<string, Started>();
  /** Answers the launcher owes, by request id: cwd queries. */
  private readonly _replies = new Map<string, (value: unknown) => void>();
  private _nextId = 0;
  private _closed: Promise<void> | undefined;
  private _gone = false;

  private constructor(
    private readonly _bwrap: Bwrap,
    private readonly _proxy: EgressProxy,
    private readonly _closing: AbortController,
    private readonly _folder: string,
    private readonly _workspace: string,
    private readonly _guard: ProtectedPathGuard,
    private readonly _onUndone: SandboxOptions['onUndone'],
    scratch: string,
    proxyPort: number,
  ) {
    this.env = sandboxEnvironment(proxyPort, scratch);
  }

  static async start(options: SandboxOptions): Promise<BubblewrapSandbox> {
    const workspace = await realpath(options.workspace);
    const folder = await realpath(await mkdtemp(join(tmpdir(), 'loupe-sandbox-')));
    const control = join(folder, 'control');
    const scratch = join(folder, 'scratch');
    let proxy: EgressProxy | undefined;
    let guard: ProtectedPathGuard | undefined;
    const closing = new AbortController();
    try {
      await mkdir(control);
      await mkdir(scratch);
      const launcher = join(control, 'launcher.cjs');
      await writeFile(launcher, LAUNCHER_SOURCE);
      const socketPath = join(control, 'proxy.sock');
      proxy = await EgressProxy.start({
        socketPath,
        allowedDomains: options.allowedDomains,
        ...(options.askToReach ? { askToReach: (request: NetworkRequest) => (options.askToReach as NonNullable<SandboxOptions['askToReach']>)(request, closing.signal) } : {}),
        ...(options.network ? { network: options.network } : {}),
      });
      // The socket must be connectable by the sandbox's user, whoever that maps to.
      await chmod(socketPath, 0o666);

      const extra = options.protectedPaths ?? [];
      const workspaceGlobs = extra.filter((path) => !path.startsWith('/') && !path.startsWith('~/'));
      const git = await gitMetadataLayout(workspace);
      const readOnly = [...new Set([...(await existingProtectedPaths(workspace, workspaceGlobs)), ...git.readOnly])].sort();
      const hidden = await splitExisting(credentialStorePaths(extra.filter((path) => path.startsWith('/') || path.startsWith('~/')).map((path) => path.replace(/^~\//, '')), options.home), workspace);
      await mkdir(join(control, 'outputs'));
      const writable = await existingFolders(options.writablePaths ?? []);
      const displaySocket = options.display ? displaySocketOf(options.display) : undefined;
      const nodePath = options.nodePath ?? process.execPath;
      const layout: BubblewrapLayout = {
        workspace,
        scratch,
        control,
        writable,
        visible: [...new Set([...(await hiddenButNeeded(nodePath, process.env.PATH ?? '')), ...(await existingFolders(options.sharedFolders ?? []))])].sort(),
        // The git folders are read-only mounts (gitMetadata.ts), which also keeps them from being moved aside.
        pinned: [],
        readOnly,
        hiddenFolders: hidden.folders,
        hiddenFiles: hidden.files,
        ...(displaySocket && (await exists(displaySocket)) ? { displaySocket } : {}),
        command: [nodePath, launcher, socketPath],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ELECTRON_RUN_AS_NODE: '1' },
      };
      const args = bubblewrapArgs(layout);
      guard = await startSandboxGuard({ workspace, folder, control, layout, patterns: [...PROTECTED_WORKSPACE_PATHS, ...workspaceGlobs], git, ...(options.home ? { home: options.home } : {}), ...(options.onUndone ? { onUndone: options.onUndone } : {}) });
      // bubblewrap's own init (PID 1 inside) keeps the environment bwrap was started with, and any process
      // inside can read /proc/1/environ: so bwrap gets nothing but PATH.
      const bwrap = spawn('bwrap', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
      const ready = await waitForReady(bwrap);
      const sandbox = new BubblewrapSandbox(bwrap, proxy, closing, folder, workspace, guard, options.onUndone, scratch, ready.proxyPort);
      sandbox._listen(ready.lines);
      return sandbox;
    } catch (error) {
      closing.abort();
      await guard?.close().catch(() => undefined);
      await proxy?.close();
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  start(request: ProcessRequest): HostedProcess {
    const id = String(++this._nextId);
    let resolveExit: (exit: ProcessExit) => void = () => undefined;
    const exited = new Promise<ProcessExit>((resolve) => (resolveExit = resolve));
    const entry: Started = { stdout: new PassThrough(), stderr: new PassThrough(), exit: undefined, pid: undefined, stopped: [], resolveExit: (exit) => {
      if (entry.exit) return;
      entry.exit = exit;
      resolveExit(exit);
    } };
    this._started.set(id, entry);
    if (this._gone) {
      entry.resolveExit({ code: null, signal: null, error: 'the sandbox has been closed' });
      entry.stdout.end();
      entry.stderr.end();
    } else {
      this._send({ t: 'spawn', id, file: request.file, args: request.args, cwd: request.cwd, env: request.env, stdin: request.stdin });
    }
    const send = (message: object): void => this._send(message);
    const stdin = request.stdin
      ? new Writable({
          write(chunk: Buffer, _encoding, callback) {
            send({ t: 'write', id, data: Buffer.from(chunk).toString('base64') });
            callback();
          },
          final(callback) {
            send({ t: 'end', id });
            callback();
          },
        })
      : null;
    return {
      get pid() {
        return entry.pid;
      },
      stdin,
      stdout: entry.stdout,
      stderr: entry.stderr,
      exited,
      get exit() {
        return entry.exit;
      },
      stop: (signal: NodeJS.Signals = 'SIGTERM') => this._stop(id, entry, signal),
      currentDirectory: () => this._currentDirectory(id, entry),
    };
  }

  takeBlockedHosts(): string[] {
    return this._proxy.takeBlockedHosts();
  }

  async undoProtectedWrites(): Promise<ProtectedUndo> {
    return this._relative(await this._guard.undo());
  }

  writeFromOutside<T>(absolutePath: string, write: () => Promise<T>): Promise<T> {
    return this._guard.writeFromOutside(absolutePath, write);
  }

  private _relative(result: UndoResult): ProtectedUndo {
    return relativeUndo(this._workspace, result);
  }

  /** Full outputs of commands, written by Loupe where the sandbox can read but not replace them. */
  get outputFolder(): string {
    return join(this._folder, 'control', 'outputs');
  }

  dispose(): Promise<void> {
    this._closed ??= this._dispose();
    return this._closed;
  }

  private async _dispose(): Promise<void> {
    this._gone = true;
    this._closing.abort();
    const exited = new Promise<void>((resolve) => {
      if (this._bwrap.exitCode !== null || this._bwrap.signalCode !== null) resolve();
      else this._bwrap.once('exit', () => resolve());
    });
    // Closing the launcher's stdin makes it kill everything in the sandbox and exit; the PID namespace
    // then ends with it. SIGKILL after a grace period, in case it cannot.
    this._bwrap.stdin.end();
    const timer = setTimeout(() => this._bwrap.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this._finishAll('the sandbox was closed');
    // Every process of the task has stopped: this last look cannot be raced.
    const late = await this._guard.close().catch((error: unknown) => ({ undone: [], failed: [{ path: this._workspace, why: String(error) }] }));
    if (late.undone.length > 0 || late.failed.length > 0) this._onUndone?.(this._relative(late));
    await this._proxy.close();
    await rm(this._folder, { recursive: true, force: true });
  }

  private _send(message: object): void {
    if (this._gone || !this._bwrap.stdin.writable) return;
    this._bwrap.stdin.write(`${JSON.stringify(message)}\n`);
  }

  private _listen(lines: BoundedLines): void {
    lines.on('line', (line) => this._onMessage(line));
    lines.on('overflow', () => {
      // Not the launcher: something in the sandbox took its stdout. Nothing it says can be trusted now.
      this._gone = true;
      this._bwrap.kill('SIGKILL');
      this._finishAll("the sandbox was stopped: a process in it wrote to Loupe's control channel");
    });
    this._bwrap.once('exit', () => {
      this._gone = true;
      this._finishAll('the sandbox ended');
    });
  }

  private _onMessage(line: string): void {
    let message: { t: string; id?: string; rid?: string; pid?: number; fd?: number; data?: string; code?: number | null; signal?: string | null; error?: string; path?: string | null };
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (message.t === 'cwd') {
      this._replies.get(message.rid ?? '')?.(message.path ?? undefined);
      return;
    }
    const entry = this._started.get(message.id ?? '');
    if (!entry) return;
    switch (message.t) {
      case 'started':
        entry.pid = message.pid;
        break;
      case 'out':
        (message.fd === 2 ? entry.stderr : entry.stdout).write(Buffer.from(message.data ?? '', 'base64'));
        break;
      case 'exit':
        entry.resolveExit({ code: message.code ?? null, signal: message.signal ?? null, ...(message.error ? { error: message.error } : {}) });
        break;
      case 'closed':
        entry.stdout.end();
        entry.stderr.end();
        entry.closed = true;
        // A stop under way still waits for its 'stopped', which the launcher sends after the exit and
        // the close (it waits out the grace period): forgetting the entry now would leave it waiting.
        if (entry.exit && entry.stopped.length === 0) this._started.delete(message.id ?? '');
        break;
      case 'stopped':
        for (const done of entry.stopped.splice(0)) done();
        if (entry.exit && entry.closed) this._started.delete(message.id ?? '');
        break;
    }
  }

  private _stop(id: string, entry: Started, signal: NodeJS.Signals): Promise<void> {
    if (this._gone) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
      entry.stopped.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this._send({ t: 'stop', id, signal });
    });
  }

  private _currentDirectory(id: string, entry: Started): Promise<string | undefined> {
    if (entry.exit) return Promise.resolve(undefined);
    const rid = `${id}.${++this._nextId}`;
    return this._ask<string>({ t: 'cwd', id, rid }, rid);
  }

  /** Sends a request and waits for its answer; undefined if the sandbox is gone or does not answer in time. */
  private _ask<T>(message: object, rid: string): Promise<T | undefined> {
    if (this._gone) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), STOP_TIMEOUT_MS);
      const finish = (value: unknown): void => {
        clearTimeout(timer);
        this._replies.delete(rid);
        resolve(value as T | undefined);
      };
      this._replies.set(rid, finish);
      this._send(message);
    });
  }

  private _finishAll(why: string): void {
    for (const entry of this._started.values()) {
      entry.resolveExit({ code: null, signal: 'SIGKILL', ...(entry.pid === undefined ? { error: why } : {}) });
      entry.stdout.end();
      entry.stderr.end();
      for (const done of entry.stopped.splice(0)) done();
    }
    for (const reply of this._replies.values()) reply(undefined);
  }
}

/** Waits for the launcher's `ready` line; rejects with what bubblewrap said if it does not come. */
function waitForReady(bwrap: Bwrap): Promise<{ proxyPort: number; lines: BoundedLines }> {
  const lines = new BoundedLines(bwrap.stdout);
  let stderr = '';
  bwrap.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      bwrap.kill('SIGKILL');
      reject(new Error(`The sandbox did not start: ${why}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    bwrap.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? 'bubblewrap (bwrap) is not installed' : error.message));
    bwrap.once('exit', (code, signal) => fail(`bwrap exited (${signal ?? `code ${code}`})`));
    const onLine = (line: string): void => {
      try {
        const message = JSON.parse(line) as { t?: string; proxyPort?: number };
        if (message.t !== 'ready' || typeof message.proxyPort !== 'number') return;
        clearTimeout(timer);
        bwrap.removeAllListeners('exit');
        bwrap.removeAllListeners('error');
        bwrap.on('error', () => undefined);
        lines.off('line', onLine);
        resolve({ proxyPort: message.proxyPort, lines });
      } catch {
        // Not ours; the launcher writes only JSON lines.
      }
    };
    lines.on('line', onLine);
  });
}

