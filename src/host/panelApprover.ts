// Asks the user about what the policy does not allow outright: changes become review cards (panel
// and diff editor, per hunk); commands and computer actions ask with a notification. The approval
// setting is already in the policy ('auto' is its standing yes), so whatever reaches here is asked:
// under 'auto' that is only a risky action proposed after tool output or the screen.
import * as vscode from 'vscode';
import type { Approver, ChangeDecision, CommandRequest, ProposedChange } from '../agent/ports';
import type { ChangeReviews } from './changeReviews';

export class PanelApprover implements Approver {
  constructor(private readonly _reviews: ChangeReviews) {}

  async reviewChange(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision> {
    return this._reviews.review(change, signal);
  }

  async approveCommand(request: CommandRequest, signal: AbortSignal): Promise<boolean> {
    // Computer actions come without a folder; their reason says where they act.
    const where = request.cwd ? ` in ${request.cwd}` : '';
    return ask(`Loupe wants to run \`${request.command}\`${where}. ${request.reason}`, signal);
  }
}

/** True only for an explicit Accept: a dismissed notification or a stopped session is a no. */
async function ask(message: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  const aborted = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
  const answer = await Promise.race([vscode.window.showInformationMessage(message, { modal: false }, 'Accept', 'Reject'), aborted]);
  return answer === 'Accept';
}
