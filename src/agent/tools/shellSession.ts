// One long-lived bash per task, so `cd` and exported variables carry over between commands.
// Runs one command at a time, streams its output, and stops the whole process tree on timeout or cancel.
//
// A raw process from a ProcessHost rather than execa: this is one process fed many commands over its
// stdin and read as a stream (in the sandbox, or directly); execa's promise per finished process does not apply.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { CappedText, DEFAULT_MAX_OUTPUT_CHARS } from '../context/capOutput';
import type { HostedProcess, ProcessHost } from '../ports';
import { LocalProcessHost } from '../processes/localProcessHost';
import { commandEnvironment } from './commandEnvironment';

/**
 * After the shell exits, output still in the pipe is read for at most this long: background
 * jobs may hold the pipe open indefinitely, so we cannot wait for it to close.
 */
const EXIT_DRAIN_MS = 200;

/** The shell's own output, kept on a descriptor commands have no reason to touch (see the completion line). */
const SHELL_OUTPUT_FD = 63;

export interface RunOptions {
  timeoutMs: number;
  /** Aborting stops the command and its whole process tree. */
  signal: AbortSignal;
  /** Receives output (stdout and stderr, in order) as it arrives. */
  onOutput?: (chunk: string) => void;
  /** The returned output keeps head and tail within this many characters (see capOutput). */
  maxOutputChars?: number;
}

export interface RunResult {
  /** stdout and stderr merged in order, capped to maxOutputChars. */
  output: string;
  /** The command's exit status; null when it was stopped or the shell died from a signal. */
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The command took the shell's stdout or stderr away (`exec >/dev/null`); they were put back. */
  outputRestored?: boolean;
}

interface ActiveCommand {
  /** Text not yet passed on: it may be the start of the completion line. */
  pending: string;
  output: CappedText;
  marker: string;
  onOutput: ((chunk: string) => void) | undefined;
  finish(exitCode: number | null, outputRestored?: boolean): void;
  fail(error: Error): void;
}

/**
 * A bash process in its own process group, fed commands over stdin. Commands queue: a second
 * `run` while one is running waits for it to finish (its timeout starts when it starts).
 */
export class ShellSession {
  private _process: HostedProcess | undefined;
  private _active: ActiveCommand | undefined;
  private _queue: Promise<unknown> = Promise.resolve();
  private _disposed = false;
  /** Kills of earlier shells still in progress; dispose() waits for them. */
  private readonly _cleanUps = new Set<Promise<void>>();

  /**
   * `extraEnv` is added to every command's environment (e.g. DISPLAY of Loupe's virtual display);
   * `host` is where the shell runs: the task's sandbox, or directly on this machine.
   */
  constructor(
    private readonly _cwd: string,
    private readonly _extraEnv: Record<string, string> = {},
    private readonly _host: ProcessHost = new LocalProcessHost(),
  ) {}

  /** True while a shell is running (it stops on timeout, cancel, `exit`, restart and dispose). */
  get isAlive(): boolean {
    return this._process !== undefined && this._process.exit === undefined;
  }

  /** The running shell's process id as it sees it (it leads its own process group), if one is running. */
  get pid(): number | undefined {
    return this.isAlive ? this._process?.pid : undefined;
  }

  /** Whether the shell runs in Loupe's sandbox. */
  get sandboxed(): boolean {
    return this._host.sandboxed;
  }

  /** The shell's current folder (it follows `cd`); the start folder when it cannot be read. */
  async currentDirectory(): Promise<string> {
    if (!this.isAlive) return this._cwd;
    return (await this._process?.currentDirectory()) ?? this._cwd;
  }

  /** Runs `command` in the shell, starting one first if none is alive. */
  run(command: string, options: RunOptions): Promise<RunResult> {
    const result = this._queue.then(() => this._runNow(command, options));
    this._queue = result.catch(() => undefined);
    return result;
  }

  /** Stops the shell and everything it started, then starts a fresh one. */
  async restart(): Promise<void> {
    await this._stop();
    if (!this._disposed) this._start();
  }

  /** Stops the shell and everything it started; the session cannot be used afterwards. */
  async dispose(): Promise<void> {
    this._disposed = true;
    await this._stop();
  }

  private async _runNow(command: string, options: RunOptions): Promise<RunResult> {
    const output = new CappedText(options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS);
    if (options.signal.aborted) return { output: '', exitCode: null, timedOut: false, cancelled: true };
    if (this._disposed) throw new Error('This shell session was disposed; create a new one.');
    if (!this.isAlive) {
      // Checked here because spawn reports a missing folder as a missing bash ("spawn bash ENOENT").
      if (!(await isFolder(this._cwd))) throw new Error(`Could not start bash: the folder ${this._cwd} does not exist or is not a folder.`);
      this._start();
    }
    // Checked again: the start may have taken a moment, and a listener added after the abort never fires.
    if (options.signal.aborted) return { output: '', exitCode: null, timedOut: false, cancelled: true };
    const shell = this._process as HostedProcess;

    const nonce = randomBytes(12).toString('hex');
    // printf assembles the line from parts, so neither `set -v` nor `set -x` can echo it whole. It goes
    // to fd 63, the shell's first stdout, so a command that took stdout away (`exec >/dev/null`) cannot
    // hide it; and stdout and stderr are put back on it then (bash's `-ef` on /dev/fd/N is a builtin
    // check of the descriptor, so this costs no process).
    const completionLine =
      `__loupe_status=$?; __loupe_lost=; [[ /dev/fd/1 -ef /dev/fd/${SHELL_OUTPUT_FD} ]] || { exec 1>&${SHELL_OUTPUT_FD}; __loupe_lost=1; }; ` +
      `[[ /dev/fd/2 -ef /dev/fd/${SHELL_OUTPUT_FD} ]] || { exec 2>&${SHELL_OUTPUT_FD}; __loupe_lost=1; }; ` +
      `printf '\\n%s_%s %d%s\\n' __loupe_done ${nonce} "$__loupe_status" "\${__loupe_lost:+ restored}" >&${SHELL_OUTPUT_FD}`;
    // eval keeps a syntax error inside the command from swallowing the completion line, and runs
    // in this shell so state persists. stdin from /dev/null: a command that reads input gets EOF
    // instead of eating the next command.
    const script = `eval ${quoteForShell(command)} < /dev/null 2>&1; ${completionLine}\n`;

    return new Promise<RunResult>((resolve, reject) => {
      let timedOut = false;
      let cancelled = false;
      let settled = false;
      let stopping = false;
      const cleanUp = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        if (this._active === active) this._active = undefined;
        return true;
      };
      const stopTree = (): void => {
        if (settled || stopping) return;
        stopping = true;
        const finish = (): void => active.finish(null);
        this._stop().then(finish, finish);
      };
      const onAbort = (): void => {
        cancelled = true;
        stopTree();
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stopTree();
      }, options.timeoutMs);
      const active: ActiveCommand = {
        pending: '',
        output,
        marker: `\n__loupe_done_${nonce} `,
        onOutput: options.onOutput,
        finish: (exitCode, outputRestored = false) => {
          if (!cleanUp()) return;
          // Whatever was held back as a possible completion line is output after all.
          this._deliver(active, active.pending);
          active.pending = '';
          resolve({ output: output.toString(), exitCode, timedOut, cancelled, ...(outputRestored ? { outputRestored } : {}) });
        },
        fail: (error) => {
          if (cleanUp()) reject(error);
        },
      };
      this._active = active;
      options.signal.addEventListener('abort', onAbort, { once: true });
      shell.stdin?.write(script);
    });
  }

  private _start(): void {
    // One decoder per shell, so a character split across two reads comes out whole.
    const decoder = new StringDecoder('utf8');
    const shell = this._host.start({
      file: 'bash',
      args: ['--noprofile', '--norc'],
      cwd: this._cwd,
      env: commandEnvironment({ ...this._host.env, ...this._extraEnv }),
      stdin: true,
    });
    this._process = shell;
    shell.stdout.on('data', (data: Buffer) => this._onData(shell, decoder.write(data)));
    // Everything goes to stdout (`exec 2>&1` below); stderr is drained so it can never block.
    shell.stderr.resume();
    void shell.exited.then((exit) => {
      if (this._process !== shell) return;
      if (exit.error) {
        // Usually bash or the folder is missing: no process was started.
        this._process = undefined;
        this._active?.fail(new Error(`Could not start bash in ${this._cwd}: ${exit.error}. Check that bash is installed and on the PATH.`));
        return;
      }
      // The shell died on its own (`exit`, `set -e`, killed from outside): give late output a
      // moment to arrive, then report and stop whatever it left running.
      setTimeout(() => {
        if (this._process === shell) {
          this._process = undefined;
          this._active?.finish(exit.code);
        }
        void this._trackCleanUp(shell);
      }, EXIT_DRAIN_MS);
    });
    // The shell's own error messages (outside a command's 2>&1) go to the same stream, in order; fd 63
    // keeps that stream for the completion line, whatever a command does to stdout.
    shell.stdin?.write(`exec 2>&1 ${SHELL_OUTPUT_FD}>&1\n`);
  }

  private _onData(shell: HostedProcess, text: string): void {
    const active = this._active;
    // Output between commands comes from background jobs; nobody is waiting for it.
    if (!active || shell !== this._process) return;
    active.pending += text;
    const end = active.pending.indexOf(active.marker);
    if (end >= 0) {
      const rest = active.pending.slice(end + active.marker.length);
      const status = /^(\d+)( restored)?\n/.exec(rest);
      if (status) {
        active.pending = active.pending.slice(0, end);
        active.finish(Number(status[1]), status[2] !== undefined);
        return;
      }
      // The completion line is still arriving.
      if (/^\d*$/.test(rest) || (/^\d+ /.test(rest) && ' restored'.startsWith(rest.replace(/^\d+/, '')))) return;
    }
    // Hold back only what could be the start of the completion line; pass on the rest now.
    const lastBreak = active.pending.lastIndexOf('\n');
    const candidate = lastBreak >= 0 ? active.pending.slice(lastBreak) : '';
    const holdBack = candidate && active.marker.startsWith(candidate) ? candidate.length : 0;
    const ready = active.pending.slice(0, active.pending.length - holdBack);
    active.pending = active.pending.slice(ready.length);
    this._deliver(active, ready);
  }

  private _deliver(active: ActiveCommand, text: string): void {
    if (!text) return;
    active.output.append(text);
    active.onOutput?.(text);
  }

  /** Kills the shell, its process group, its descendants and any orphan carrying its marker. */
  private async _stop(): Promise<void> {
    const shell = this._process;
    if (shell) {
      // From here on the shell's output and exit belong to nobody.
      this._process = undefined;
      void this._trackCleanUp(shell);
    }
    // Also waits for clean-ups already under way (a timed-out command, a shell that exited).
    await Promise.all(this._cleanUps);
    this._active?.finish(null);
  }

  private _trackCleanUp(shell: HostedProcess): Promise<void> {
    const cleanUp = this._cleanUpAfter(shell).catch(() => undefined);
    this._cleanUps.add(cleanUp);
    void cleanUp.then(() => this._cleanUps.delete(cleanUp));
    return cleanUp;
  }

  private async _cleanUpAfter(shell: HostedProcess): Promise<void> {
    await shell.stop('SIGTERM');
    shell.stdout.destroy();
    shell.stdin?.destroy();
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Wraps text in single quotes for bash; a quote inside becomes '\''. */
function quoteForShell(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
