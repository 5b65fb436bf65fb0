// The GA computer toolset (computer_toolset_20260801): one tools[] entry, each action its own tool name
// (`left_click`, `screenshot`, ...). The ToolRunner routes member calls here and echoes `toolset_name`.
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentTool, ToolContext, ToolResult } from '../tool';
import type { ComputerActions } from './computerActions';
import { LOOK_ONLY_ACTIONS, type ComputerActionName } from './computerInput';
import { asFields, runComputerAction, type ComputerForm, type ComputerTarget } from './runComputerAction';

/** Every member is on, zoom included; pure actions answer with one line, as the SDK's helper does. */
const TOOLSET_FORM: ComputerForm = { zoom: true, screenshotAfterAction: false };

/**
 * Not built on the SDK's BetaAbstractComputerToolset20260801: that class runs its own pipeline (its `toolResult`
 * builds the tool_result block and turns failures into ToolErrors), while our ToolRunner owns the turn (stop at the
 * first failure, toolset_name echo, one result per id). Its `confirm` hook sees only the member and input, not our
 * ToolContext (the cancel signal, the Approver, the panel's events), and it serves only the toolset, so the beta
 * tools would need a second implementation. We keep its conventions instead: member names and input types from the
 * SDK, one acknowledgment line per pure action, `X=..,Y=..` for the cursor, screenshot-pixel coordinates.
 */
export class ComputerToolset implements AgentTool {
  readonly name = 'computer';
  readonly isToolset = true;

  constructor(
    private readonly _actions: ComputerActions,
    private readonly _target: ComputerTarget,
  ) {}

  definition(): Anthropic.ComputerToolset20260801 {
    return { type: 'computer_toolset_20260801' };
  }

  isObservation(toolName: string): boolean {
    return LOOK_ONLY_ACTIONS.has(toolName as ComputerActionName);
  }

  run(input: unknown, context: ToolContext): Promise<ToolResult> {
    return runComputerAction(this._actions, this._target, TOOLSET_FORM, context.toolName, asFields(input), context);
  }
}
