// Asks the user about changes and commands the policy does not allow outright: changes become
// review cards (panel and diff editor, per hunk); commands ask with a notification.
import * as vscode from 'vscode';
import type { Approver, ChangeDecision, CommandRequest, ProposedChange } from '../agent/ports';
import type { ChangeReviews } from './changeReviews';
import type { ApprovalMode } from './settings';

export class PanelApprover implements Approver {
  constructor(
    private readonly _mode: ApprovalMode,
    private readonly _reviews: ChangeReviews,
  ) {}

  async reviewChange(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision> {
    if (this._mode === 'auto') return { kind: 'accept' };
    return this._reviews.review(change, signal);
  }

  async approveCommand(request: CommandRequest, signal: AbortSignal): Promise<boolean> {
    if (this._mode === 'auto') return true;
    return ask(`Loupe wants to run \`${request.command}\` in ${request.cwd} (${request.reason}).`, signal);
  }
}

/** True only for an explicit Accept: a dismissed notification or a stopped session is a no. */
async function ask(message: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  const aborted = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
  const answer = await Promise.race([vscode.window.showInformationMessage(message, { modal: false }, 'Accept', 'Reject'), aborted]);
  return answer === 'Accept';
}
