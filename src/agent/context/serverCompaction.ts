// Server-side compaction: for families whose model table row says the API can compact, each request
// carries the compact_20260112 edit, and the API summarises the conversation itself once the prompt
// passes the trigger. Its reply then starts with a `compaction` block, which stands in for everything
// before it: the block is kept exactly as received and the local history before it is dropped.
import type Anthropic from '@anthropic-ai/sdk';
import { MIN_SERVER_COMPACTION_TRIGGER, SERVER_COMPACTION_BETA, type ModelFamily } from '../model/modelTable';
import { SERVER_SUMMARY_INSTRUCTIONS } from './summaryInstructions';

export interface ServerCompaction {
  beta: typeof SERVER_COMPACTION_BETA;
  contextManagement: Anthropic.Beta.BetaContextManagementConfig;
}

/**
 * The edit to send, triggered at the same budget as the client-side path; undefined where the family
 * has no server compaction, or the budget is below the API's smallest trigger (then the client-side
 * summary honours the budget instead of the server silently compacting later than asked).
 */
export function serverCompactionFor(family: ModelFamily, budgetTokens: number): ServerCompaction | undefined {
  if (!family.serverCompaction || budgetTokens < MIN_SERVER_COMPACTION_TRIGGER) return undefined;
  const edit: Anthropic.Beta.BetaCompact20260112Edit = {
    type: 'compact_20260112',
    trigger: { type: 'input_tokens', value: Math.floor(budgetTokens) },
    instructions: SERVER_SUMMARY_INSTRUCTIONS,
  };
  return { beta: SERVER_COMPACTION_BETA, contextManagement: { edits: [edit] } };
}

/** A compaction block as the beta API returns it; our history is typed with the GA blocks, which lack it. */
function isCompactionBlock(block: unknown): block is Anthropic.Beta.BetaCompactionBlock {
  return typeof block === 'object' && block !== null && (block as { type?: unknown }).type === 'compaction';
}

/** The summary text of a compaction block (null content is a failed compaction: no summary), else undefined. */
export function compactionSummaryOf(block: unknown): string | undefined {
  if (!isCompactionBlock(block)) return undefined;
  return block.content ?? undefined;
}

/** True when the reply holds a compaction block with a summary (a null one is a no-op for the API). */
export function repliedWithCompaction(content: readonly unknown[]): boolean {
  return content.some((block) => compactionSummaryOf(block) !== undefined);
}

/**
 * Drops the messages between the task and the newest assistant message that holds a compaction block:
 * the API ignores them anyway, and only the block's latest summary may travel (the API refuses two).
 * The task's own message stays first, so the conversation still opens with a user turn as the Messages
 * API requires (the compaction docs do not say that rule is lifted); the API skips it like the rest.
 * The assistant message keeps its compaction block first and untouched, so its tool_use blocks still
 * meet their results in the next user message and its thinking keeps its place.
 * Returns how many messages were dropped.
 */
export function dropHistoryBeforeCompaction(messages: Anthropic.MessageParam[]): number {
  const at = messages.findLastIndex((message) => message.role === 'assistant' && Array.isArray(message.content) && repliedWithCompaction(message.content));
  const keepsTask = messages[0]?.role === 'user' && !hasToolResult(messages[0]);
  const from = keepsTask ? 1 : 0;
  if (at <= from) return 0;
  messages.splice(from, at - from);
  return at - from;
}

function hasToolResult(message: Anthropic.MessageParam): boolean {
  return Array.isArray(message.content) && message.content.some((block) => block.type === 'tool_result');
}

type BilledUsage = Pick<Anthropic.Usage, 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>;

/**
 * What a request is billed for: the top-level usage leaves out the compaction step, whose tokens
 * arrive as `compaction` entries of `usage.iterations` (the SDK's BetaIterationsUsage docs), so add them.
 */
export function billedUsage(usage: Anthropic.Usage): BilledUsage {
  const iterations = (usage as unknown as Anthropic.Beta.BetaUsage).iterations ?? [];
  const total: BilledUsage = {
    input_tokens: usage.input_tokens ?? 0,
    output_tokens: usage.output_tokens ?? 0,
    cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
  };
  for (const step of iterations) {
    if (step.type !== 'compaction') continue;
    total.input_tokens += step.input_tokens;
    total.output_tokens += step.output_tokens;
    total.cache_creation_input_tokens = (total.cache_creation_input_tokens ?? 0) + step.cache_creation_input_tokens;
    total.cache_read_input_tokens = (total.cache_read_input_tokens ?? 0) + step.cache_read_input_tokens;
  }
  return total;
}
