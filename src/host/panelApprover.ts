// Asks the user about what the policy does not allow outright: changes become review cards (panel
// and diff editor, per hunk); commands, computer actions and hosts outside the allowed network are
// questions in the panel's card and in a notification (pendingQuestions.ts). The approval
// setting is already in the policy ('auto' is its standing yes), so whatever reaches here is asked:
// under 'auto' that is only a risky action proposed after tool output or the screen.
import * as vscode from 'vscode';
import type { Approver, ChangeDecision, CommandRequest, NetworkDecision, NetworkRequest, ProposedChange } from '../agent/ports';
import { allowedDomainEntry } from '../agent/sandbox/egressProxy';
import type { ChangeReviews } from './changeReviews';
import type { Notify, PendingQuestions } from './pendingQuestions';

const notifyInfo: Notify = (text, choices) => vscode.window.showInformationMessage(text, { modal: false }, ...choices);
const notifyWarning: Notify = (text, choices) => vscode.window.showWarningMessage(text, { modal: false }, ...choices);

export class PanelApprover implements Approver {
  /** `_allowAlways` keeps a host (or `host:port`) the user allowed for good (their own settings). */
  constructor(
    private readonly _reviews: ChangeReviews,
    private readonly _questions: PendingQuestions,
    private readonly _allowAlways: (host: string) => Promise<void> = async () => undefined,
  ) {}

  async reviewChange(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision> {
    return this._reviews.review(change, signal);
  }

  async approveCommand(request: CommandRequest, signal: AbortSignal): Promise<boolean> {
    // Computer actions come without a folder; their reason says where they act.
    const where = request.cwd ? ` in ${request.cwd}` : '';
    const asker = request.asker ? `${request.asker}: ` : '';
    const [text, yes] = request.outsideSandbox
      ? [`${asker}${request.reason} Loupe wants to run \`${request.command}\`${where} OUTSIDE the sandbox, with your full access.`, 'Run Outside Sandbox']
      : [`${asker}Loupe wants to run \`${request.command}\`${where}. ${request.reason}`, 'Accept'];
    // True only for an explicit yes: a stopped task is a no.
    return (await this._questions.ask(text, [yes, 'Reject'], signal, notifyInfo)) === yes;
  }

  async approveNetworkAccess(request: NetworkRequest, signal: AbortSignal): Promise<NetworkDecision> {
    // Off the web's ports the answer is for that port alone (an allowed domain is not an open SSH tunnel).
    const entry = allowedDomainEntry(request);
    const forTask = `Allow ${entry} for This Task`;
    const always = `Always Allow ${entry}`;
    const text = `${request.asker ? `${request.asker}: a` : 'A'} sandboxed command wants to reach ${request.host}:${request.port}, which is not an allowed domain. Data sent there leaves your machine.`;
    const answer = await this._questions.ask(text, [forTask, always, 'Deny'], signal, notifyWarning);
    if (answer === always) {
      await this._allowAlways(entry);
      return 'always';
    }
    return answer === forTask ? 'task' : 'deny';
  }
}
