// One computer action from the model, start to finish, for both tool forms: check the input, ask when the
// policy says so, tell the panel, act, and answer with text and (when the form wants one) a settled screenshot.
import type Anthropic from '@anthropic-ai/sdk';
import type { Point } from '../../desktop/desktop';
import { fail, ok, type ToolContext, type ToolResult } from '../tool';
import type { ComputerActions, Observation } from './computerActions';
import { describeAction, LOOK_ONLY_ACTIONS, parseComputerAction, type ComputerAction } from './computerInput';
import { errorText } from '../../../shared/errorText';

export type ComputerTarget = 'virtual' | 'desktop';

export interface ComputerForm {
  /** Whether zoom is offered (computer_toolset_20260801 and computer_20251124). */
  zoom: boolean;
  /**
   * Whether an action's answer carries a settled screenshot. The beta tools do (Anthropic's reference loop sends one
   * after every action, and those models act one step per turn, so it saves a round trip); the toolset does not (the
   * SDK's toolset helper answers pure actions with one line, and a turn batches actions and ends with a screenshot).
   */
  screenshotAfterAction: boolean;
}

const CANCELLED = 'Cancelled by the user.';

export async function runComputerAction(
  actions: ComputerActions,
  target: ComputerTarget,
  form: ComputerForm,
  name: string,
  input: Record<string, unknown>,
  context: ToolContext,
): Promise<ToolResult> {
  const parsed = parseComputerAction(name, input, { screenshot: actions.screenshotSize, zoom: form.zoom });
  if (!parsed.ok) return fail(parsed.error);
  const action = parsed.action;
  if (context.signal.aborted) return fail(CANCELLED);

  if (!LOOK_ONLY_ACTIONS.has(action.name)) {
    const description = describeAction(action);
    const refusal = await checkComputerApproval(context, target, description);
    if (refusal) return fail(refusal);
    context.emit({ type: 'computer_action', id: context.toolUseId, action: description, ...pointOf(action), target });
  }

  try {
    switch (action.name) {
      case 'screenshot':
        return ok(observe(context, await actions.screenshot()));
      case 'zoom':
        return ok(observe(context, await actions.zoom(action.region)));
      case 'cursor_position': {
        // The SDK helper's rendering of a cursor position.
        const { x, y } = await actions.cursorPosition();
        return ok(`X=${x},Y=${y}`);
      }
      default: {
        const line = await actions.perform(action, context.signal);
        if (!form.screenshotAfterAction) return ok(line);
        return ok([{ type: 'text', text: line }, ...observe(context, await actions.screenshot())]);
      }
    }
  } catch (error) {
    if (context.signal.aborted) return fail(CANCELLED);
    const message = errorText(error);
    return fail(`${action.name} failed: ${message}\nTake a screenshot to see the screen as it is now.`);
  }
}

/**
 * Asks the policy, then the user when it says so. Reuses the Approver's command prompt (a computer action is a
 * request to run something on the user's behalf, and every host already shows those); resolves to undefined when
 * the action may run, else to the reason the model is given.
 */
export async function checkComputerApproval(context: ToolContext, target: ComputerTarget, description: string): Promise<string | undefined> {
  const decision = context.policy.checkComputerAction(target);
  if (decision.kind === 'deny') return `${decision.reason} The action was not run.`;
  if (decision.kind === 'allow') return undefined;
  let approved: boolean;
  try {
    approved = await context.approver.approveCommand({ command: description, cwd: '', reason: decision.reason }, context.signal);
  } catch (error) {
    if (context.signal.aborted) return CANCELLED;
    return `Could not ask the user about this action (${errorText(error)}); it was not run.`;
  }
  if (context.signal.aborted) return CANCELLED;
  return approved ? undefined : `The user declined this computer action: ${description}\nAsk them how to proceed, or try another way.`;
}

/** The tool input as fields; the ToolRunner already refuses input that is not a JSON object. */
export function asFields(input: unknown): Record<string, unknown> {
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

/** The point the panel marks on the thumbnail, in screenshot pixels (where the model aimed). */
function pointOf(action: ComputerAction): { point?: Point } {
  if ('at' in action && action.at) return { point: action.at };
  if (action.name === 'left_click_drag') return { point: action.to };
  return {};
}

/** The image block for the model, announced to the panel as sent; a line when the screen had not settled. */
function observe(context: ToolContext, observation: Observation): Array<Anthropic.TextBlockParam | Anthropic.ImageBlockParam> {
  const { image, settled } = observation;
  const dataBase64 = image.data.toString('base64');
  context.emit({ type: 'screenshot', id: context.toolUseId, mediaType: image.mediaType, width: image.width, height: image.height, dataBase64 });
  const blocks: Array<Anthropic.TextBlockParam | Anthropic.ImageBlockParam> = [{ type: 'image', source: { type: 'base64', media_type: image.mediaType, data: dataBase64 } }];
  if (!settled) blocks.push({ type: 'text', text: 'The screen was still changing when this was taken (an animation or loading); take another screenshot if something looks mid-way.' });
  return blocks;
}
