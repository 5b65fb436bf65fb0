// The checklist the model keeps current while it works; the panel and the terminal show it live.
import type Anthropic from '@anthropic-ai/sdk';
import type { PlanItem } from '../events';
import { fail, ok, type AgentTool, type ToolContext, type ToolResult } from './tool';

const STATUSES: ReadonlyArray<PlanItem['status']> = ['pending', 'in_progress', 'done'];
/** A plan longer than this is a sign the model is listing actions, not steps. */
const MAX_PLAN_ITEMS = 30;

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
      input_schema: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                step: { type: 'string', description: 'What this step does, in a few words.' },
                status: { type: 'string', enum: [...STATUSES] },
              },
              required: ['step', 'status'],
            },
          },
        },
        required: ['items'],
      },
    };
  }

  async run(input: unknown, context: ToolContext): Promise<ToolResult> {
    const items = (input as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) return fail('update_plan needs `items`: an array of { step: string, status: "pending" | "in_progress" | "done" }.');
    if (items.length > MAX_PLAN_ITEMS) return fail(`A plan holds at most ${MAX_PLAN_ITEMS} steps; group related actions into one step.`);
    const parsed: PlanItem[] = [];
    for (const [index, item] of items.entries()) {
      const step = (item as { step?: unknown })?.step;
      const status = (item as { status?: unknown })?.status;
      if (typeof step !== 'string' || step.trim() === '') return fail(`items[${index}].step must be a non-empty string.`);
      if (!STATUSES.includes(status as PlanItem['status'])) return fail(`items[${index}].status must be one of ${STATUSES.join(', ')}; got ${JSON.stringify(status)}.`);
      parsed.push({ step: step.trim(), status: status as PlanItem['status'] });
    }
    this._items = parsed;
    context.emit({ type: 'plan', items: parsed });
    const done = parsed.filter((item) => item.status === 'done').length;
    return ok(`Plan updated: ${done} of ${parsed.length} steps done.`);
  }
}
