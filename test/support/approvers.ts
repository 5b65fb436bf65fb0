// Typed test helpers standing in for the user: an Approver that records what it was asked and
// answers from a script.
import type { Approver, ChangeDecision, CommandRequest, ProposedChange } from '../../src/agent/ports';

export class ScriptedApprover implements Approver {
  readonly changes: ProposedChange[] = [];
  readonly commands: CommandRequest[] = [];

  constructor(
    private readonly _changeAnswers: Array<ChangeDecision | ((change: ProposedChange) => Promise<ChangeDecision> | ChangeDecision)> = [],
    private readonly _commandAnswers: boolean[] = [],
  ) {}

  async reviewChange(change: ProposedChange): Promise<ChangeDecision> {
    this.changes.push(change);
    const answer = this._changeAnswers.shift();
    if (answer === undefined) throw new Error(`unexpected review of ${change.relativePath}`);
    return typeof answer === 'function' ? answer(change) : answer;
  }

  async approveCommand(request: CommandRequest): Promise<boolean> {
    this.commands.push(request);
    const answer = this._commandAnswers.shift();
    if (answer === undefined) throw new Error(`unexpected command approval for ${request.command}`);
    return answer;
  }
}
