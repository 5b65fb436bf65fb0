// One gate for every command the agent runs (the bash tool, background processes): the deny list,
// then the allow list, then the user.
import type { ToolContext } from './tool';
import { errorText } from '../../shared/errorText';

/** Resolves to undefined when the command may run, else to the reason to give the model. */
export async function checkCommandApproval(context: ToolContext, command: string, cwd: string): Promise<string | undefined> {
  const decision = context.policy.checkCommand(command, { afterExternalContent: context.afterExternalContent });
  if (decision.kind === 'deny') return `${decision.reason} The command was not run.`;
  if (decision.kind === 'allow') return undefined;
  let approved: boolean;
  try {
    approved = await context.approver.approveCommand({ command, cwd, reason: decision.reason }, context.signal);
  } catch (error) {
    if (context.signal.aborted) return 'Cancelled by the user.';
    return `Could not ask the user about this command (${errorText(error)}); it was not run.`;
  }
  if (context.signal.aborted) return 'Cancelled by the user.';
  return approved ? undefined : `The user declined to run this command: ${command}\nAsk them how to proceed, or try another way.`;
}
