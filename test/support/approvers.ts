// Typed test helpers standing in for the user: an Approver that records what it was asked and
// answers from a script, failing loudly when asked more than the script expects.
import type { Approver, ChangeDecision, CommandRequest, ProposedChange } from '../../src/agent/ports';

/** A scripted answer to a review: a decision, or a function (e.g. one that edits the file meanwhile) returning one. */
export type ChangeAnswer = ChangeDecision | ((change: ProposedChange, signal: AbortSignal) => Promise<ChangeDecision> | ChangeDecision);
/** A scripted answer to a command approval. */
export type CommandAnswer = boolean | ((request: CommandRequest, signal: AbortSignal) => Promise<boolean> | boolean);

export class ScriptedApprover implements Approver {
  /** Every change the approver was asked about, in order. */
  readonly changes: ProposedChange[] = [];
  /** Every command the approver was asked about, in order. */
  readonly commands: CommandRequest[] = [];

  constructor(
    private readonly _changeAnswers: ChangeAnswer[] = [],
    private readonly _commandAnswers: CommandAnswer[] = [],
  ) {}

  async reviewChange(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision> {
    this.changes.push(change);
    const answer = this._changeAnswers.shift();
    if (answer === undefined) throw new Error(`The test did not expect a review of ${change.relativePath} (review number ${this.changes.length}).`);
    return typeof answer === 'function' ? answer(change, signal) : answer;
  }

  async approveCommand(request: CommandRequest, signal: AbortSignal): Promise<boolean> {
    this.commands.push(request);
    const answer = this._commandAnswers.shift();
    if (answer === undefined) throw new Error(`The test did not expect an approval request for \`${request.command}\` (request number ${this.commands.length}).`);
    return typeof answer === 'function' ? answer(request, signal) : answer;
  }

  /** Scripted answers not used yet; a test can assert this is 0 to prove every review happened. */
  get unusedAnswers(): number {
    return this._changeAnswers.length + this._commandAnswers.length;
  }
}

/** For sessions whose policy approves everything: being asked at all is a test failure. */
export const NEVER_ASKED: Approver = {
  reviewChange: async (change) => {
    throw new Error(`the policy approves everything here; the approver was asked about ${change.relativePath}`);
  },
  approveCommand: async (request) => {
    throw new Error(`the policy approves everything here; the approver was asked about \`${request.command}\``);
  },
};
