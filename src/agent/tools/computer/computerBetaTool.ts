// The beta computer tools for older models: computer_20251124 (with zoom) and computer_20250124. One tool
// named `computer` whose input names the `action`; it declares the screenshot size the model sees.
import type Anthropic from '@anthropic-ai/sdk';
import { COMPUTER_TOOL_BETAS, COMPUTER_TOOL_HAS_ZOOM } from '../../model/modelTable';
import { fail, type AgentTool, type ToolContext, type ToolResult } from '../tool';
import type { ComputerActions } from './computerActions';
import { COMPUTER_ACTION_NAMES, LOOK_ONLY_ACTIONS, type ComputerActionName } from './computerInput';
import { asFields, runComputerAction, type ComputerForm, type ComputerTarget } from './runComputerAction';

export type BetaComputerVersion = 'computer_20251124' | 'computer_20250124';

export class ComputerBetaTool implements AgentTool {
  readonly name = 'computer';
  readonly betas: readonly string[];
  private readonly _form: ComputerForm;

  constructor(
    private readonly _version: BetaComputerVersion,
    private readonly _actions: ComputerActions,
    private readonly _target: ComputerTarget,
  ) {
    this.betas = [COMPUTER_TOOL_BETAS[_version]!];
    this._form = { zoom: COMPUTER_TOOL_HAS_ZOOM[_version], screenshotAfterAction: true };
  }

  definition(): Anthropic.Beta.BetaToolComputerUse20251124 | Anthropic.Beta.BetaToolComputerUse20250124 {
    // The model's coordinates are in the images it sees, so the declared display is the screenshot size.
    const { width, height } = this._actions.screenshotSize;
    const common = { name: 'computer', display_width_px: width, display_height_px: height } as const;
    return this._version === 'computer_20251124' ? { type: 'computer_20251124', ...common, enable_zoom: true } : { type: 'computer_20250124', ...common };
  }

  isObservation(_toolName: string, input: unknown): boolean {
    return LOOK_ONLY_ACTIONS.has((input as { action?: unknown } | null)?.action as ComputerActionName);
  }

  run(input: unknown, context: ToolContext): Promise<ToolResult> {
    const { action, ...fields } = asFields(input);
    if (typeof action !== 'string') {
      const available = COMPUTER_ACTION_NAMES.filter((name) => this._form.zoom || name !== 'zoom');
      return Promise.resolve(fail(`The computer tool needs \`action\`: one of ${available.join(', ')}.`));
    }
    return runComputerAction(this._actions, this._target, this._form, action, fields, context);
  }
}
