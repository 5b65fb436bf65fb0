// Token usage of one request and what it cost, from the model table's prices.
import type Anthropic from '@anthropic-ai/sdk';
import { billedUsage } from '../context/serverCompaction';
import { pricesFor, type ModelFamily, type ModelPrices } from './modelTable';

export interface RequestUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

const PER_MILLION = 1_000_000;

export function priceUsage(
  model: string,
  usage: { input_tokens?: number | null; output_tokens?: number | null; cache_creation_input_tokens?: number | null; cache_read_input_tokens?: number | null },
  prices: ModelPrices,
): RequestUsage {
  const inputTokens = usage.input_tokens ?? 0;
  const outputTokens = usage.output_tokens ?? 0;
  const cacheWriteTokens = usage.cache_creation_input_tokens ?? 0;
  const cacheReadTokens = usage.cache_read_input_tokens ?? 0;
  const costUsd =
    (inputTokens * prices.inputPerMTok +
      outputTokens * prices.outputPerMTok +
      cacheWriteTokens * prices.cacheWritePerMTok +
      cacheReadTokens * prices.cacheReadPerMTok) /
    PER_MILLION;
  return { model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, costUsd };
}

/** Running totals for a session. */
export class UsageLedger {
  private readonly _requests: RequestUsage[] = [];

  record(usage: RequestUsage): void {
    this._requests.push(usage);
  }

  get requests(): readonly RequestUsage[] {
    return this._requests;
  }

  get totals(): Omit<RequestUsage, 'model'> {
    const sum = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0 };
    for (const r of this._requests) {
      sum.inputTokens += r.inputTokens;
      sum.outputTokens += r.outputTokens;
      sum.cacheWriteTokens += r.cacheWriteTokens;
      sum.cacheReadTokens += r.cacheReadTokens;
      sum.costUsd += r.costUsd;
    }
    return sum;
  }
}

/** Every input token of a reply's prompt, whether sent fresh, written to the cache or read from it. */
export function promptTokensOf(message: { usage: { input_tokens?: number | null; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null } }): number {
  return (message.usage.input_tokens ?? 0) + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0);
}

/**
 * What one reply cost, as every request is counted (a session's turns, the best-of-N judge): the billed
 * tokens (the API's own compaction step included) at the family's prices for that prompt's size.
 */
export function priceReply(model: string, message: Anthropic.Message, family: ModelFamily, overrides?: Partial<ModelPrices>): RequestUsage {
  return priceUsage(model, billedUsage(message.usage), pricesFor(family, promptTokensOf(message), overrides));
}
