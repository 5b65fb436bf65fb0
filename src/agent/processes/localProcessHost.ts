// Runs the agent's processes directly on this machine: where no sandbox can run (macOS and Windows for
// now, Linux without bubblewrap or user namespaces) or where the user turned the sandbox off. Each
// process leads its own group and carries a marker in its environment, so stopping it also reaches
// children that left the group (setsid); only a sandbox's PID namespace reaches `env -i` children too.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readlink } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { HostedProcess, ProcessExit, ProcessHost, ProcessRequest } from '../ports';
import { findProcessesWithEnvironment, killProcessTree } from '../tools/processTree';
import { DeathWatch } from './deathWatch';

/** Every process Loupe starts carries this variable, so orphans that left the tree can still be found. */
export const PROCESS_MARKER_VARIABLE = 'LOUPE_PROCESS';

/** Processes still running, killed at once if Node exits without disposing them. */
const live = new Set<LocalProcess>();
let exitHandlerInstalled = false;

/** Turns a request into what is really spawned (the macOS sandbox runs each process under sandbox-exec). */
export type ProcessWrapper = (request: ProcessRequest) => ProcessRequest;

export class LocalProcessHost implements ProcessHost {
  readonly sandboxed: boolean = false;
  readonly env: Record<string, string> = {};
  private readonly _processes = new Set<LocalProcess>();
  /** Ends the processes' groups if Loupe dies without disposing (started with the first process). */
  private _deathWatch: DeathWatch | undefined;

  constructor(private readonly _wrap: ProcessWrapper = (request) => request) {}

  start(request: ProcessRequest): HostedProcess {
    const started = new LocalProcess(this._wrap(request));
    this._processes.add(started);
    const group = started.pid;
    if (group !== undefined) (this._deathWatch ??= new DeathWatch()).watch(group);
    void started.exited.then(() => {
      this._processes.delete(started);
      if (group !== undefined) this._deathWatch?.forget(group);
    });
    return started;
  }

  takeBlockedHosts(): string[] {
    return [];
  }

  async dispose(): Promise<void> {
    await Promise.all([...this._processes].map((started) => started.stop()));
    this._deathWatch?.release();
    this._deathWatch = undefined;
  }
}

class LocalProcess implements HostedProcess {
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exited: Promise<ProcessExit>;
  private _exit: ProcessExit | undefined;
  private readonly _child: ChildProcess;
  private readonly _marker = randomBytes(12).toString('hex');

  constructor(request: ProcessRequest) {
    this._child = spawn(request.file, request.args, {
      cwd: request.cwd,
      env: { ...request.env, [PROCESS_MARKER_VARIABLE]: this._marker },
      // Its own process group, so stopping it reaches every process it started.
      detached: true,
      stdio: [request.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    this.stdin = this._child.stdin;
    this.stdin?.on('error', () => undefined); // EPIPE once the process has died; its exit reports that.
    this.stdout = this._child.stdout as Readable;
    this.stderr = this._child.stderr as Readable;
    this.exited = new Promise((resolve) => {
      this._child.once('exit', (code, signal) => resolve((this._exit = { code, signal })));
      this._child.once('error', (error) => resolve((this._exit ??= { code: null, signal: null, error: error.message })));
    });
    live.add(this);
    void this.exited.then(() => live.delete(this));
    installExitHandler();
  }

  get pid(): number | undefined {
    return this._child.pid;
  }

  get exit(): ProcessExit | undefined {
    return this._exit;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const pid = this._child.pid;
    if (pid === undefined) return;
    const orphans = await findProcessesWithEnvironment(PROCESS_MARKER_VARIABLE, this._marker);
    await killProcessTree(pid, signal, { alsoKill: orphans });
    live.delete(this);
  }

  async currentDirectory(): Promise<string | undefined> {
    const pid = this._child.pid;
    if (pid === undefined || this._exit || process.platform !== 'linux') return undefined;
    try {
      return await readlink(`/proc/${pid}/cwd`);
    } catch {
      return undefined;
    }
  }

  /** Last resort when Node exits without dispose(): no time for a tree walk, so kill the group at once. */
  killGroupNow(): void {
    const pid = this._child.pid;
    if (pid === undefined || this._exit) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const started of live) started.killGroupNow();
  });
}
