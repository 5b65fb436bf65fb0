// Long-running programs the agent starts and keeps working beside: a dev server, a watcher, the app
// it is about to look at. Start, read logs, stop; everything still running stops with the session.
import type Anthropic from '@anthropic-ai/sdk';
import { CappedText } from '../context/capOutput';
import type { HostedProcess, ProcessHost } from '../ports';
import { LocalProcessHost } from '../processes/localProcessHost';
import { checkCommandApproval } from './commandApproval';
import { commandEnvironment } from './commandEnvironment';
import { compileOutputPattern, type OutputPattern } from './outputPattern';
import { blockedHostsNote, hasProtectedUndo, protectedUndoNote } from './sandboxNotes';
import { z } from 'zod';
import { fail, ok, type AgentTool, type ToolContext, type ToolResult } from './tool';
import { inputSchemaOf, parseToolInput } from './toolInput';

/** Log kept per process (head and tail): enough for a server's start-up and its latest requests. */
const MAX_LOG_CHARS = 200_000;
/** What one `logs` call returns by default. */
const DEFAULT_LOG_TAIL_CHARS = 8_000;
/** How long `start` waits for `wait_for` to appear before reporting back anyway. */
const DEFAULT_WAIT_MS = 15_000;
const MAX_WAIT_MS = 120_000;
/** Without `wait_for`, a short look at the first output catches an immediate crash. */
const FIRST_LOOK_MS = 1_000;
/** More than this many live processes is a sign of a loop, not of a plan. */
const MAX_PROCESSES = 8;

interface BackgroundProcess {
  name: string;
  command: string;
  child: HostedProcess;
  log: CappedText;
  /** The tail of the log, kept separately so `logs` is cheap and `wait_for` sees recent text. */
  recent: string;
  exitCode: number | null | undefined;
  exited: Promise<void>;
}

/** What background_process takes: what the API is told (inputSchemaOf) and what the model's input is checked against. */
const BACKGROUND_INPUT = z.object({
  action: z.enum(['start', 'logs', 'stop', 'list']),
  name: z.string().optional().describe('A short name for the process (start, logs, stop).'),
  command: z.string().optional().describe('The shell command to run (start).'),
  wait_for: z.string().optional().describe('start: a regular expression (RE2 syntax, case-insensitive) to wait for in the output, e.g. "listening on|ready in".'),
  timeout_seconds: z.number().positive().optional().describe(`start: how long to wait for wait_for (default ${DEFAULT_WAIT_MS / 1000}).`),
  tail_chars: z.int().positive().optional().describe(`logs: how much of the end of the output to return (default ${DEFAULT_LOG_TAIL_CHARS}).`),
});
type BackgroundInput = z.output<typeof BACKGROUND_INPUT>;

export class BackgroundProcessTool implements AgentTool {
  readonly name = 'background_process';
  private readonly _processes = new Map<string, BackgroundProcess>();

  /**
   * `_env` is added to each program's environment (e.g. DISPLAY of Loupe's virtual display); `_host` is
   * where they run: the task's sandbox (shared with the shell, so the shell reaches a server on
   * localhost), or directly on this machine.
   */
  constructor(
    private readonly _cwd: string,
    private readonly _env: Record<string, string> = {},
    private readonly _host: ProcessHost = new LocalProcessHost(),
  ) {}

  /** A started program (a dev server, a build watcher) may write files; logs, list and stop do not. */
  changesFiles(_toolName: string, input: unknown): boolean {
    return (input as { action?: unknown } | null)?.action === 'start';
  }

  definition(): Anthropic.Tool {
    return {
      name: this.name,
      description:
        'Start a long-running program (a dev server, a watcher, the app to check) in the background of the workspace, read its output, and stop it. ' +
        'Use it instead of bash for anything that does not exit by itself. Everything started here is stopped when the task ends.',
      input_schema: inputSchemaOf(BACKGROUND_INPUT),
    };
  }

  async run(input: unknown, context: ToolContext): Promise<ToolResult> {
    const checked = parseToolInput(this.name, BACKGROUND_INPUT, input);
    if (!checked.ok) return fail(checked.error);
    const fields = checked.value;
    switch (fields.action) {
      case 'start':
        return this._start(fields, context);
      case 'logs':
        return this._logs(fields);
      case 'stop':
        return this._stop(fields);
      case 'list':
        return ok(this._list());
      default:
        return fail(`Unknown \`action\` ${JSON.stringify(fields.action satisfies never)}: use start, logs, stop or list.`);
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([...this._processes.values()].map((process) => this._kill(process)));
    this._processes.clear();
  }

  private async _start(fields: BackgroundInput, context: ToolContext): Promise<ToolResult> {
    const { command, name } = fields;
    if (typeof command !== 'string' || command.trim() === '') return fail('start needs `command` (a string): the shell command to run.');
    if (typeof name !== 'string' || !/^[\w.-]{1,40}$/.test(name)) return fail('start needs `name`: 1–40 letters, digits, dots, dashes or underscores, e.g. "dev-server".');
    const existing = this._processes.get(name);
    if (existing && existing.exitCode === undefined) return fail(`A process named ${name} is already running (${existing.command}); stop it first or pick another name.`);
    if ([...this._processes.values()].filter((p) => p.exitCode === undefined).length >= MAX_PROCESSES) return fail(`${MAX_PROCESSES} background processes are already running; stop some first.`);
    let waitFor: OutputPattern | undefined;
    if (fields.wait_for !== undefined) {
      const compiled = compileOutputPattern(fields.wait_for);
      if (!compiled.ok) return fail(compiled.error);
      waitFor = compiled.pattern;
    }
    const timeoutSeconds = fields.timeout_seconds;
    const refusal = await checkCommandApproval(context, command, this._cwd);
    if (refusal) return fail(refusal);

    const child = this._host.start({ file: 'bash', args: ['-c', command], cwd: this._cwd, env: commandEnvironment({ ...this._host.env, ...this._env }), stdin: false });
    const entry: BackgroundProcess = { name, command, child, log: new CappedText(MAX_LOG_CHARS), recent: '', exitCode: undefined, exited: Promise.resolve() };
    entry.exited = child.exited.then((exit) => {
      if (exit.error) entry.log.append(`\n[could not start: ${exit.error}]\n`);
      entry.exitCode = exit.code;
    });
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      entry.log.append(text);
      entry.recent = (entry.recent + text).slice(-DEFAULT_LOG_TAIL_CHARS * 2);
      context.emit({ type: 'tool_output', id: context.toolUseId, chunk: text });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this._processes.set(name, entry);

    const waitMs = Math.min(MAX_WAIT_MS, timeoutSeconds !== undefined ? timeoutSeconds * 1000 : waitFor ? DEFAULT_WAIT_MS : FIRST_LOOK_MS);
    const seen = await waitForOutput(entry, waitFor, waitMs, context.signal);
    const confinement = this._host.sandboxed ? 'sandboxed' : 'unconfined';
    const blocked = this._host.takeBlockedHosts();
    const undo = await this._host.undoProtectedWrites?.();
    const blockedNote = [...(blocked.length > 0 ? [blockedHostsNote(blocked)] : []), ...(hasProtectedUndo(undo) ? [protectedUndoNote(undo)] : [])].map((note) => `\n${note}`).join('');
    const output = entry.log.toString();
    const shown = output.length > 0 ? `\nOutput so far:\n${tail(output, DEFAULT_LOG_TAIL_CHARS)}` : '\n(no output yet)';
    if (entry.exitCode !== undefined) {
      this._processes.delete(name);
      return { ...fail(`${name} exited right away with code ${entry.exitCode ?? 'unknown'}.${shown}${blockedNote}`), confinement };
    }
    if (waitFor && !seen) return { ...ok(`Started ${name} (pid ${child.pid}), but /${waitFor.source}/ did not appear within ${waitMs / 1000} s; it is still running.${shown}${blockedNote}`), confinement };
    return { ...ok(`Started ${name} (pid ${child.pid})${waitFor ? `; its output matched /${waitFor.source}/` : ''}.${shown}${blockedNote}`), confinement };
  }

  private _logs(fields: BackgroundInput): ToolResult {
    const entry = this._find(fields.name);
    if (typeof entry === 'string') return fail(entry);
    const tailChars = fields.tail_chars ?? DEFAULT_LOG_TAIL_CHARS;
    const state = entry.exitCode === undefined ? 'running' : `exited with code ${entry.exitCode ?? 'unknown'}`;
    const output = entry.log.toString();
    return ok(`${entry.name} (${state}, ${entry.log.totalChars} characters of output in all):\n${output.length ? tail(output, tailChars) : '(no output yet)'}`);
  }

  private async _stop(fields: BackgroundInput): Promise<ToolResult> {
    const entry = this._find(fields.name);
    if (typeof entry === 'string') return fail(entry);
    await this._kill(entry);
    this._processes.delete(entry.name);
    return ok(`Stopped ${entry.name}. Last output:\n${tail(entry.log.toString(), 2_000) || '(none)'}`);
  }

  private _list(): string {
    if (this._processes.size === 0) return 'No background processes.';
    return [...this._processes.values()].map((p) => `${p.name}: ${p.exitCode === undefined ? `running (pid ${p.child.pid})` : `exited (${p.exitCode ?? 'unknown'})`} — ${p.command}`).join('\n');
  }

  private _find(name: unknown): BackgroundProcess | string {
    if (typeof name !== 'string') return 'Give the `name` of the process (see action "list").';
    return this._processes.get(name) ?? `No background process named ${name}. Running: ${[...this._processes.keys()].join(', ') || 'none'}.`;
  }

  private async _kill(entry: BackgroundProcess): Promise<void> {
    if (entry.exitCode === undefined) await entry.child.stop();
    await Promise.race([entry.exited, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  }
}

async function waitForOutput(entry: BackgroundProcess, pattern: OutputPattern | undefined, waitMs: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && !signal.aborted && entry.exitCode === undefined) {
    if (pattern?.test(entry.recent)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pattern ? pattern.test(entry.recent) : false;
}

function tail(text: string, chars: number): string {
  return text.length <= chars ? text : `[… ${text.length - chars} earlier characters left out]\n${text.slice(-chars)}`;
}
