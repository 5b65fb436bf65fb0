// Asks the user about what the policy does not allow outright: changes become review cards (panel
// and diff editor, per hunk); commands and computer actions ask with a notification. The approval
// setting is already in the policy ('auto' is its standing yes), so whatever reaches here is asked:
// under 'auto' that is only a risky action proposed after tool output or the screen.
import * as vscode from 'vscode';
import type { Approver, ChangeDecision, CommandRequest, NetworkDecision, NetworkRequest, ProposedChange } from '../agent/ports';
import { allowedDomainEntry } from '../agent/sandbox/egressProxy';
import type { ChangeReviews } from './changeReviews';

export class PanelApprover implements Approver {
  /** `_allowAlways` keeps a host (or `host:port`) the user allowed for good (their own settings). */
  constructor(
    private readonly _reviews: ChangeReviews,
    private readonly _allowAlways: (host: string) => Promise<void> = async () => undefined,
  ) {}

  async reviewChange(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision> {
    return this._reviews.review(change, signal);
  }

  async approveCommand(request: CommandRequest, signal: AbortSignal): Promise<boolean> {
    // Computer actions come without a folder; their reason says where they act.
    const where = request.cwd ? ` in ${request.cwd}` : '';
    if (request.outsideSandbox) return ask(`${request.reason} Loupe wants to run \`${request.command}\`${where} OUTSIDE the sandbox, with your full access.`, signal, 'Run Outside Sandbox');
    return ask(`Loupe wants to run \`${request.command}\`${where}. ${request.reason}`, signal);
  }

  async approveNetworkAccess(request: NetworkRequest, signal: AbortSignal): Promise<NetworkDecision> {
    if (signal.aborted) return 'deny';
    const aborted = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
    // Off the web's ports the answer is for that port alone (an allowed domain is not an open SSH tunnel).
    const entry = allowedDomainEntry(request);
    const forTask = `Allow ${entry} for This Task`;
    const always = `Always Allow ${entry}`;
    const answer = await Promise.race([
      vscode.window.showWarningMessage(`A sandboxed command wants to reach ${request.host}:${request.port}, which is not an allowed domain. Data sent there leaves your machine.`, { modal: false }, forTask, always, 'Deny'),
      aborted,
    ]);
    if (answer === always) {
      await this._allowAlways(entry);
      return 'always';
    }
    return answer === forTask ? 'task' : 'deny';
  }
}

/** True only for an explicit Accept: a dismissed notification or a stopped session is a no. */
async function ask(message: string, signal: AbortSignal, yes = 'Accept'): Promise<boolean> {
  if (signal.aborted) return false;
  const aborted = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
  const answer = await Promise.race([vscode.window.showInformationMessage(message, { modal: false }, yes, 'Reject'), aborted]);
  return answer === yes;
}
