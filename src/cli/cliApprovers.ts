// The CLI's answers to approval requests: ask on a terminal; refuse when there is none to ask
// (a CI job without --yes must not hang waiting for input).
import { createInterface } from 'node:readline/promises';
import type { Approver, ChangeDecision, CommandRequest, NetworkDecision, NetworkRequest, ProposedChange } from '../agent/ports';
import { allowedDomainEntry } from '../agent/sandbox/egressProxy';
import { visibleControls } from '../shared/terminalText';

export class NoTerminalApprover implements Approver {
  async reviewChange(change: ProposedChange): Promise<ChangeDecision> {
    // Reached without --yes, or under --yes for a risky edit after tool output (policy.ts), which --yes does not cover.
    return { kind: 'reject', reason: `No terminal to ask the user about ${change.relativePath}; run loupe with --yes to approve edits (a risky edit after tool output still needs a terminal to ask on).` };
  }

  async approveCommand(request: CommandRequest): Promise<boolean> {
    // Thrown, not a "no": the model is told nobody could be asked, not that the user said no.
    throw new Error(`there is no terminal to ask on, so Loupe could not get approval (${request.reason})`);
  }

  async approveNetworkAccess(): Promise<NetworkDecision> {
    // Only a person may open the sandbox's network; --yes does not, and nobody is here to ask.
    return 'deny';
  }
}

export class TerminalApprover implements Approver {
  /**
   * Questions are put one at a time: best-of-N attempts may ask together, and two prompts on one
   * terminal would both take the user's one answer.
   */
  private _asking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly _input: NodeJS.ReadableStream,
    private readonly _output: NodeJS.WritableStream,
  ) {}

  reviewChange(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision> {
    // The diff, the question and the reason are one turn: printed while another attempt's question
    // waits, the diff would sit above that question and a yes meant for it would answer the other.
    return this._turn(async () => {
      this._output.write(`\n${formatChange(change)}\n`);
      const answer = await this._askNow(`${askedBy(change.asker, 'Apply')} this change to ${visibleControls(change.relativePath)}? [y]es / [n]o: `, signal);
      if (answer === 'y' || answer === 'yes') return { kind: 'accept' };
      const reason = await this._askNow('Why not? (optional, told to the agent): ', signal);
      return reason ? { kind: 'reject', reason } : { kind: 'reject' };
    });
  }

  async approveCommand(request: CommandRequest, signal: AbortSignal): Promise<boolean> {
    // Computer actions come without a folder; their reason says where they act.
    const where = request.cwd ? `in ${visibleControls(request.cwd)}` : `(${visibleControls(request.reason)})`;
    const command = visibleControls(request.command);
    const run = askedBy(request.asker, 'Run');
    const question = request.outsideSandbox
      ? `\n${visibleControls(request.reason)}\n${run} \`${command}\` ${where} OUTSIDE the sandbox, with your full access? [y]es / [n]o: `
      : `\n${run} \`${command}\` ${where}? [y]es / [n]o: `;
    const answer = await this._ask(question, signal);
    return answer === 'y' || answer === 'yes';
  }

  async approveNetworkAccess(request: NetworkRequest, signal: AbortSignal): Promise<NetworkDecision> {
    const host = visibleControls(request.host);
    const entry = visibleControls(allowedDomainEntry(request));
    const answer = await this._ask(`\n${request.asker ? `${visibleControls(request.asker)}: a` : 'A'} sandboxed command wants to reach ${host}:${request.port}, which is not an allowed domain. Allow ${entry} for the rest of this task? [y]es / [n]o: `, signal);
    return answer === 'y' || answer === 'yes' ? 'task' : 'deny';
  }

  private _ask(question: string, signal: AbortSignal): Promise<string> {
    return this._turn(() => this._askNow(question, signal));
  }

  /** Runs `interaction` once every earlier one has ended: what it prints and asks is not interleaved with another's. */
  private _turn<T>(interaction: () => Promise<T>): Promise<T> {
    const turn = this._asking.then(interaction);
    this._asking = turn.catch(() => undefined);
    return turn;
  }

  private async _askNow(question: string, signal: AbortSignal): Promise<string> {
    const readline = createInterface({ input: this._input, output: this._output, terminal: true });
    try {
      return (await readline.question(question, { signal })).trim().toLowerCase();
    } finally {
      readline.close();
    }
  }
}

/** "Run", or "Attempt 2: run" when one of several agents asks. */
function askedBy(asker: string | undefined, verb: string): string {
  return asker ? `${visibleControls(asker)}: ${verb.toLowerCase()}` : verb;
}

/** The change as a diff, every line from the file or the model shown with its control characters visible. */
function formatChange(change: ProposedChange): string {
  const path = visibleControls(change.relativePath);
  const header = `${change.asker ? `${visibleControls(change.asker)}: ` : ''}${change.before === null ? `New file ${path}` : `Change to ${path}`}`;
  const hunks = change.hunks.map((hunk) => [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines.map(visibleControls)].join('\n'));
  return [header, ...hunks].join('\n');
}
