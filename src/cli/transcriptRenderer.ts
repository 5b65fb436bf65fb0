// Renders session events as a readable terminal transcript: streamed text, tool calls and their
// results, the plan, and tokens and cost at the end.
import { describeCompaction } from '../shared/compactionReport';
import type { AgentEvent, SessionOutcome } from '../agent/events';
import type { UsageLedger } from '../agent/model/usage';
import type { ChangeDecision } from '../agent/ports';
import { describeCall, describeExit, toolResultFailed } from '../shared/toolReport';
import { withVisibleControls } from '../shared/terminalText';

interface Style {
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

const PLAIN: Style = { dim: (t) => t, bold: (t) => t, red: (t) => t, green: (t) => t };
const ANSI: Style = {
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  red: (t) => `\x1b[31m${t}\x1b[39m`,
  green: (t) => `\x1b[32m${t}\x1b[39m`,
};

const OUTCOME_LABELS: Record<SessionOutcome['kind'], string> = {
  completed: 'done',
  failed: 'failed',
  max_steps: 'stopped at the step limit',
  cancelled: 'cancelled',
  cost_cap: 'stopped at the spending cap',
  refused: 'refused',
};

const PLAN_MARKS = { pending: '[ ]', in_progress: '[>]', done: '[x]' } as const;

export class TranscriptRenderer {
  private readonly _style: Style;
  private _atLineStart = true;
  private _inThinking = false;

  constructor(
    private readonly _out: NodeJS.WritableStream,
    colour: boolean,
  ) {
    this._style = colour ? ANSI : PLAIN;
  }

  render(raw: AgentEvent): void {
    const s = this._style;
    // Everything in an event may come from outside (the model, files, commands, the network): none of
    // it may act on the terminal. Screenshots are not printed, so their pixels are left alone.
    const event = raw.type === 'screenshot' ? raw : withVisibleControls(raw);
    switch (event.type) {
      case 'turn_start':
        this._inThinking = false;
        return;
      case 'text_delta':
        if (this._inThinking) this._line('');
        this._inThinking = false;
        return this._write(event.text);
      case 'thinking_delta':
        if (!this._inThinking) this._line(s.dim('thinking: '), false);
        this._inThinking = true;
        return this._write(s.dim(event.text));
      case 'turn_retry':
        return this._line(s.dim(`[retry ${event.attempt}: ${event.reason}; asking again in ${(event.delayMs / 1000).toFixed(1)} s — output above from this attempt is discarded]`));
      case 'tool_call':
        return this._line(s.bold(`▸ ${callLine(event.name, event.input)}`));
      case 'tool_output':
        return this._write(s.dim(event.chunk));
      case 'tool_result':
        return this._line(this._result(event));
      case 'change_decided':
        return this._line(s.dim(`  ${event.path}: ${describeDecision(event.decision)}`));
      case 'plan':
        return this._line(['Plan:', ...event.items.map((item) => `  ${PLAN_MARKS[item.status]} ${item.step}`)].join('\n'));
      case 'computer_action':
        // The action's description already names its point.
        return this._line(s.dim(`  ${event.action} on ${event.target === 'virtual' ? 'the virtual display' : 'your desktop'}`));
      case 'screenshot':
        return this._line(s.dim(`  [screenshot ${event.width}x${event.height}, ${Math.round((event.dataBase64.length * 3) / 4 / 1024)} KB]`));
      case 'compacted':
        return this._line(s.dim(`[${describeCompaction(event)}]`));
      case 'notice':
        return this._line(s.dim(`[${event.message}]`));
      case 'error':
        return this._line(s.red(`error: ${event.message}`));
      case 'usage':
      case 'done':
      // The decision line above already says what happened to the file.
      case 'change_applied':
        return;
    }
  }

  renderSummary(rawOutcome: SessionOutcome, ledger: UsageLedger): void {
    const outcome = withVisibleControls(rawOutcome);
    const t = ledger.totals;
    // The reason itself is on stderr (and in the transcript); the summary names the outcome only.
    const status = outcome.kind === 'completed' ? this._style.green('done') : this._style.red(OUTCOME_LABELS[outcome.kind]);
    this._line(
      `${status} · ${ledger.requests.length} requests · tokens: ${t.inputTokens} in, ${t.outputTokens} out, ${t.cacheWriteTokens} cache write, ${t.cacheReadTokens} cache read · cost $${t.costUsd.toFixed(4)}`,
    );
  }

  private _write(text: string): void {
    if (text === '') return;
    this._out.write(text);
    this._atLineStart = text.endsWith('\n');
  }

  /** An error in full; a command by how it ended (its output is already above); anything else by its first line. */
  private _result(event: Extract<AgentEvent, { type: 'tool_result' }>): string {
    const s = this._style;
    if (event.isError) return s.red(`  ✗ ${event.summary}`);
    // Which commands ran in the sandbox and which with the user's full access, said on every one.
    const exit = describeExit(event.exitCode);
    const where = event.confinement ? ` · ${event.confinement}` : '';
    if (exit) return toolResultFailed(event) ? s.red(`  ✗ ${exit}${where}`) : s.dim(`  ✓ ${exit}${where}`);
    return s.dim(`  ✓ ${event.summary.split('\n')[0] ?? ''}`);
  }

  private _line(text: string, newline = true): void {
    if (!this._atLineStart) this._out.write('\n');
    this._out.write(newline ? `${text}\n` : text);
    this._atLineStart = newline;
  }
}

export function describeOutcome(outcome: SessionOutcome): string {
  switch (outcome.kind) {
    case 'completed':
      return 'done';
    case 'failed':
      return outcome.reason;
    case 'max_steps':
      return `stopped: reached the step limit (${outcome.steps} model requests); raise it with --max-steps`;
    case 'cancelled':
      return 'cancelled';
    case 'cost_cap':
      return `stopped: the session cost $${outcome.costUsd.toFixed(4)}, reaching the cap of $${outcome.capUsd.toFixed(2)}; raise it with --max-cost`;
    case 'refused':
      return outcome.reason;
  }
}

function describeDecision(decision: ChangeDecision): string {
  switch (decision.kind) {
    case 'accept':
      return 'change accepted';
    case 'reject':
      return `change rejected${decision.reason ? `: ${decision.reason}` : ''}`;
    case 'partial':
      return `kept hunks ${decision.acceptedHunks.map((index) => index + 1).join(', ')}`;
  }
}

function callLine(name: string, input: unknown): string {
  const { title, detail } = describeCall(name, input);
  if (name === 'bash' && detail === '(restart)') return 'bash (restart)';
  return detail ? `${title}  ${detail}` : title;
}
