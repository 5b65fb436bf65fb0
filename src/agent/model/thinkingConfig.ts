// Turns the user's thinking toggle into the request field each model family accepts.
import type Anthropic from '@anthropic-ai/sdk';
import type { ModelFamily } from './modelTable';

/** The API's minimum budget for manual extended thinking. */
export const MIN_THINKING_BUDGET = 1_024;
/** Half the turn's output for thinking leaves room for the answer and tool calls. */
const BUDGET_SHARE_OF_MAX_TOKENS = 0.5;
const MAX_THINKING_BUDGET = 16_000;

export function thinkingParam(family: ModelFamily, on: boolean, maxTokens: number): Anthropic.ThinkingConfigParam | undefined {
  switch (family.thinking) {
    case 'adaptive-always':
      // These models think whatever we send; "off" leaves the field out rather than be refused.
      return on ? { type: 'adaptive', display: 'summarized' } : undefined;
    case 'adaptive':
      return on ? { type: 'adaptive', display: 'summarized' } : { type: 'disabled' };
    case 'enabled': {
      if (!on) return { type: 'disabled' };
      const budget = Math.min(MAX_THINKING_BUDGET, Math.floor(maxTokens * BUDGET_SHARE_OF_MAX_TOKENS));
      if (budget < MIN_THINKING_BUDGET || budget >= maxTokens) return { type: 'disabled' };
      return { type: 'enabled', budget_tokens: budget };
    }
  }
}
