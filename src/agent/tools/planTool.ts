// The checklist the model keeps current while it works; the panel and the terminal show it live.
import type Anthropic from '@anthropic-ai/sdk';
import type { PlanItem } from '../events';
import { z } from 'zod';
import { fail, ok, type AgentTool, type ToolContext, type ToolResult } from './tool';
import { inputSchemaOf, parseToolInput } from './toolInput';

/** A plan longer than this is a sign the model is listing actions, not steps. */
const MAX_PLAN_ITEMS = 30;

/** The plan's input: what the API is told (inputSchemaOf) and what the model's input is checked against. */
const PLAN_INPUT = z.object({
  items: z
    .array(
      z.object({
        step: z.string().trim().min(1, { error: 'A step needs a few words saying what it does.' }).describe('What this step does, in a few words.'),
        status: z.enum(['pending', 'in_progress', 'done']),
      }),
    )
    .max(MAX_PLAN_ITEMS, { error: `A plan holds at most ${MAX_PLAN_ITEMS} steps; group related actions into one step.` }),
});

export class PlanTool implements AgentTool {
  readonly name = 'update_plan';
  private _items: PlanItem[] = [];

  get items(): readonly PlanItem[] {
    return this._items;
  }

  returnsExternalContent(): boolean {
    return false;
  }

  definition(): Anthropic.Tool {
    return {
      name: this.name,
      description:
        'Set or update your plan: the whole checklist of steps for this task, each with a status. Call it at the start of a multi-step task and whenever a step starts or finishes. Send every step each time (this replaces the previous plan).',
      input_schema: inputSchemaOf(PLAN_INPUT),
    };
  }

  async run(input: unknown, context: ToolContext): Promise<ToolResult> {
    const checked = parseToolInput(this.name, PLAN_INPUT, input);
    if (!checked.ok) return fail(checked.error);
    const parsed: PlanItem[] = checked.value.items;
    this._items = parsed;
    context.emit({ type: 'plan', items: parsed });
    const done = parsed.filter((item) => item.status === 'done').length;
    return ok(`Plan updated: ${done} of ${parsed.length} steps done.`);
  }
}
