// The Anthropic bash tool (bash_20250124): runs the model's commands in one persistent shell in
// the workspace, after the policy (and, when it asks, the user) allows them.
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_MAX_OUTPUT_CHARS } from '../context/capOutput';
import { SavedOutputs } from '../context/savedOutputs';
import { distillTestOutput, formatDistilledOutput } from '../context/testOutput';
import type { ProcessHost } from '../ports';
import { LocalProcessHost } from '../processes/localProcessHost';
import { checkCommandApproval } from './commandApproval';
import { blockedHostsNote, hasProtectedUndo, protectedUndoNote } from './sandboxNotes';
import { ShellSession, type RunResult } from './shellSession';
import { fail, ok, type AgentTool, type ToolContext, type ToolResult } from './tool';
import { errorText } from '../../shared/errorText';

/**
 * Long enough for a typical build or test suite, short enough that a command waiting on
 * something that never comes (a server in the foreground, a prompt) does not stall the task.
 */
export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;

/**
 * The full output of one command is kept in memory (to distil a failed test run and save it) up
 * to this size; a bigger log only gets the head-and-tail cap. 16 MB covers a very chatty suite.
 */
const MAX_FULL_OUTPUT_CHARS = 16_000_000;

export interface BashToolOptions {
  /** Where the shell starts: the workspace root. */
  cwd: string;
  timeoutMs?: number;
  /** Output beyond this keeps its head and tail (see capOutput). */
  maxOutputChars?: number;
  /** Added to the shell's environment, e.g. DISPLAY so GUI programs open on Loupe's virtual display. */
  env?: Record<string, string>;
  /** Where the shell runs: the task's sandbox, or (by default) directly on this machine. */
  processes?: ProcessHost;
}

type BashInput = { kind: 'command'; command: string } | { kind: 'restart'; skippedCommand: boolean };

export class BashTool implements AgentTool {
  readonly name = 'bash';
  private readonly _session: ShellSession;
  private readonly _timeoutMs: number;
  private readonly _maxOutputChars: number;
  private readonly _savedOutputs: SavedOutputs;
  private readonly _processes: ProcessHost;

  constructor(private readonly _options: BashToolOptions) {
    this._processes = _options.processes ?? new LocalProcessHost();
    this._session = new ShellSession(_options.cwd, _options.env, this._processes);
    // In the sandbox, full logs go where commands can read them but not swap them for a symlink.
    this._savedOutputs = new SavedOutputs(this._processes.outputFolder);
    this._timeoutMs = _options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this._maxOutputChars = _options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS;
  }

  /** Any command may write files; a restart only replaces the shell. */
  changesFiles(_toolName: string, input: unknown): boolean {
    return (input as { restart?: unknown } | null)?.restart !== true;
  }

  definition(): Anthropic.ToolBash20250124 {
    return { type: 'bash_20250124', name: 'bash' };
  }

  async run(input: unknown, context: ToolContext): Promise<ToolResult> {
    const parsed = parseInput(input);
    if (typeof parsed === 'string') return fail(parsed);
    if (context.signal.aborted) return fail('Cancelled by the user.');
    if (parsed.kind === 'restart') {
      await this._session.restart();
      const skipped = parsed.skippedCommand ? ' The command sent with "restart" was not run; send it again on its own.' : '';
      return ok(`The shell was restarted: a fresh bash in ${this._options.cwd}. Earlier state (current folder, variables, background jobs) is gone.${skipped}`);
    }
    const { command } = parsed;

    const refusal = await checkCommandApproval(context, command, await this._session.currentDirectory());
    if (refusal) return fail(refusal);

    let result: RunResult;
    const fullOutput = new FullOutput();
    try {
      result = await this._session.run(command, {
        timeoutMs: this._timeoutMs,
        signal: context.signal,
        maxOutputChars: this._maxOutputChars,
        onOutput: (chunk) => {
          fullOutput.append(chunk);
          context.emit({ type: 'tool_output', id: context.toolUseId, chunk });
        },
      });
    } catch (error) {
      return fail(errorMessage(error));
    }
    const confinement = await sandboxReport(this._processes);
    const distilled = await this._distilFailedTests(result, fullOutput);
    const restored = result.outputRestored ? "The command redirected the shell's own output (as `exec >/dev/null` does); Loupe put stdout and stderr back, so later commands show their output again." : '';
    const noted = withNote(distilled ?? this._describe(result), [confinement.note, restored].filter(Boolean).join('\n'));
    const described: ToolResult = result.cancelled ? noted : { ...noted, confinement: this._processes.sandboxed ? 'sandboxed' : 'unconfined' };
    if (!confinement.refused(result) || result.cancelled) return described;
    return this._offerOutsideSandbox(command, described, context);
  }

  /**
   * The command failed on the sandbox's limits: it may run again outside, unconfined, only when a person
   * says yes to this very command now. The approver is asked directly, never the policy, so no standing
   * yes (--yes, approval: auto, allowedCommands) can grant it.
   */
  private async _offerOutsideSandbox(command: string, inSandbox: ToolResult, context: ToolContext): Promise<ToolResult> {
    const cwd = await this._session.currentDirectory();
    let approved = false;
    try {
      approved = await context.approver.approveCommand(
        { command, cwd, outsideSandbox: true, reason: "It failed inside Loupe's sandbox (a write outside the workspace, a protected file, or a host that is not allowed). Run it again outside the sandbox, with your full access?" },
        context.signal,
      );
    } catch {
      approved = false;
    }
    if (!approved || context.signal.aborted) {
      return withNote(inSandbox, 'It may run outside the sandbox only with the user\'s explicit yes to this command, and none was given: work within the sandbox, or ask the user.');
    }
    context.emit({ type: 'tool_output', id: context.toolUseId, chunk: '\n[Running again outside the sandbox, as the user allowed]\n' });
    const outside = new ShellSession(cwd, this._options.env);
    try {
      const result = await outside.run(command, {
        timeoutMs: this._timeoutMs,
        signal: context.signal,
        maxOutputChars: this._maxOutputChars,
        onOutput: (chunk) => context.emit({ type: 'tool_output', id: context.toolUseId, chunk }),
      });
      const described: ToolResult = { ...this._describe(result), confinement: 'unconfined' };
      return withNote(described, 'This run was outside the sandbox, with the user\'s yes for this command only, in a fresh shell (the sandboxed shell\'s variables were not carried over).');
    } catch (error) {
      return fail(errorMessage(error));
    } finally {
      await outside.dispose();
    }
  }

  async dispose(): Promise<void> {
    await this._session.dispose();
    await this._savedOutputs.dispose();
  }

  /**
   * A failed test run comes back as its failing tests and summary, with the full log saved to a
   * file the shell can read; undefined when the command did not fail that way.
   */
  private async _distilFailedTests(result: RunResult, fullOutput: FullOutput): Promise<ToolResult | undefined> {
    if (result.cancelled || result.timedOut || !this._session.isAlive || result.exitCode === 0) return undefined;
    const text = fullOutput.text();
    if (text === undefined) return undefined;
    const distilled = distillTestOutput(text);
    if (!distilled) return undefined;
    let hint: string;
    try {
      const path = await this._savedOutputs.save(text);
      hint = `Full output: \`cat ${path}\` (or grep / sed -n on that file for a part).`;
    } catch (error) {
      hint = `(The full output could not be saved: ${errorMessage(error)}. Re-run the command with a filter to see more.)`;
    }
    const lines = text.split('\n').length;
    return { ...ok(`${formatDistilledOutput(distilled, { lines, chars: text.length }, hint)}\nExit code: ${result.exitCode ?? 'unknown'}`), exitCode: result.exitCode };
  }

  private _describe(result: RunResult): ToolResult {
    if (result.cancelled) return fail('Cancelled by the user.');
    const output = result.output;
    if (result.timedOut) {
      return fail(
        `${withBreak(output)}The command was stopped after ${formatSeconds(this._timeoutMs)} (the time limit) and the shell was restarted: ` +
          `state such as the current folder and exported variables is lost. For a long-running process such as a server, ` +
          `start it with the background_process tool (start, then read its logs), or in the background with its output in a file (\`cmd > /tmp/cmd.log 2>&1 &\`).`,
      );
    }
    if (!this._session.isAlive) {
      // The command ended the shell itself (`exit`, `set -e` then a failure, `exec`, or it was killed).
      const how = result.exitCode === null ? 'was killed' : `exited with code ${result.exitCode}`;
      return { ...ok(`${withBreak(output)}The shell ${how}; a fresh shell in ${this._options.cwd} will start with the next command (earlier state such as the current folder and variables is lost).`), exitCode: result.exitCode };
    }
    if (result.exitCode !== 0) return { ...ok(`${withBreak(output)}Exit code: ${result.exitCode ?? 'unknown'}`), exitCode: result.exitCode };
    return { ...ok(output.length > 0 ? output : '(no output)'), exitCode: 0 };
  }
}

interface ConfinementReport {
  /** What the sandbox did during the command, for the model; empty when nothing. */
  note: string;
  /**
   * Whether the command ran into the sandbox's limits, so running it outside may be offered: a host it
   * could not reach (curl may still exit 0 on the proxy's 403), or a failure on a read-only path.
   */
  refused(result: RunResult): boolean;
}

/** What the sandbox blocked or moved aside while the command ran. */
async function sandboxReport(processes: ProcessHost): Promise<ConfinementReport> {
  const undo = await processes.undoProtectedWrites?.();
  const quarantined = [...(undo?.undone ?? []), ...(undo?.failed ?? [])];
  const blocked = processes.takeBlockedHosts();
  const notes: string[] = [];
  if (blocked.length > 0) notes.push(blockedHostsNote(blocked));
  if (hasProtectedUndo(undo)) notes.push(protectedUndoNote(undo));
  return {
    note: notes.join('\n'),
    refused: (result) => processes.sandboxed && (blocked.length > 0 || (result.exitCode !== 0 && (quarantined.length > 0 || /Read-only file system|EROFS/.test(result.output)))),
  };
}

function withNote(result: ToolResult, note: string): ToolResult {
  if (!note) return result;
  if (typeof result.content !== 'string') return { ...result, content: [...result.content, { type: 'text', text: note }] };
  return { ...result, content: `${withBreak(result.content)}${note}` };
}

/** One command's output as it streams in, dropped once it outgrows MAX_FULL_OUTPUT_CHARS. */
class FullOutput {
  private _chunks: string[] | undefined = [];
  private _chars = 0;

  append(chunk: string): void {
    if (!this._chunks) return;
    this._chars += chunk.length;
    if (this._chars > MAX_FULL_OUTPUT_CHARS) this._chunks = undefined;
    else this._chunks.push(chunk);
  }

  /** The whole output, or undefined when it was too big to keep. */
  text(): string | undefined {
    return this._chunks?.join('');
  }
}

function parseInput(input: unknown): BashInput | string {
  const usage = 'The bash tool takes {"command": "<shell command>"} to run a command, or {"restart": true} to restart the shell.';
  if (typeof input !== 'object' || input === null) return `Invalid input. ${usage}`;
  const fields = input as Record<string, unknown>;
  if (fields.restart === true) return { kind: 'restart', skippedCommand: typeof fields.command === 'string' && fields.command.trim() !== '' };
  if (typeof fields.command !== 'string') return `Missing "command". ${usage}`;
  if (fields.command.trim() === '') return `"command" is empty. ${usage}`;
  return { kind: 'command', command: fields.command };
}

/** Text followed by a line break, so a note after it starts on its own line. */
function withBreak(text: string): string {
  if (text.length === 0) return '';
  return text.endsWith('\n') ? text : `${text}\n`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  const shown = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
  return `${shown} ${seconds === 1 ? 'second' : 'seconds'}`;
}

function errorMessage(error: unknown): string {
  return errorText(error);
}
