// Places prompt-cache breakpoints on a copy of the request: one after tools+system (stable for the
// whole session), one on the newest user turn, and one on the user turn before it, so each request
// reads the prefix the previous request wrote. The API allows at most 4; we use 3.
import type Anthropic from '@anthropic-ai/sdk';

export const MAX_CACHE_BREAKPOINTS = 4;
const EPHEMERAL: Anthropic.CacheControlEphemeral = { type: 'ephemeral' };

export interface CacheablePrompt {
  system: Anthropic.TextBlockParam[];
  messages: Anthropic.MessageParam[];
}

export interface BreakpointOptions {
  /**
   * Also mark the user turn just before the tool_result with this id: the oldest screenshot the
   * previous request carried. Pruning screenshots changes the prompt from there on, and the API
   * looks only 20 blocks back from a breakpoint for a cached prefix, so without this anchor each
   * pruning would re-write the whole conversation after the system prompt (measured in
   * bench/contextCost.ts: 0.89x → 0.72x of the better reference's billed tokens at step 200).
   */
  anchorBeforeToolUseId?: string;
}

export function withCacheBreakpoints(system: readonly Anthropic.TextBlockParam[], messages: readonly Anthropic.MessageParam[], options: BreakpointOptions = {}): CacheablePrompt {
  const markedSystem = system.map((block, index) => (index === system.length - 1 ? { ...block, cache_control: EPHEMERAL } : stripCacheControl(block)));
  const userIndexes = messages.flatMap((message, index) => (message.role === 'user' ? [index] : []));
  const marked = new Set(userIndexes.slice(-2));
  const anchor = anchorIndex(messages, userIndexes, options.anchorBeforeToolUseId);
  if (anchor !== undefined) marked.add(anchor);
  const markedMessages = messages.map((message, index) => (marked.has(index) ? markLastBlock(message) : message));
  return { system: markedSystem, messages: markedMessages };
}

function anchorIndex(messages: readonly Anthropic.MessageParam[], userIndexes: number[], toolUseId: string | undefined): number | undefined {
  if (!toolUseId) return undefined;
  const at = messages.findIndex((message) => typeof message.content !== 'string' && message.content.some((block) => block.type === 'tool_result' && block.tool_use_id === toolUseId));
  if (at < 0) return undefined;
  return userIndexes.filter((index) => index < at).at(-1);
}

function markLastBlock(message: Anthropic.MessageParam): Anthropic.MessageParam {
  if (message.role !== 'user') return message;
  const blocks: Anthropic.ContentBlockParam[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...message.content];
  const lastIndex = blocks.length - 1;
  const last = blocks[lastIndex];
  // Thinking blocks cannot carry cache_control; user turns never end with one, but be safe.
  if (!last || last.type === 'thinking' || last.type === 'redacted_thinking') return message;
  blocks[lastIndex] = { ...last, cache_control: EPHEMERAL } as Anthropic.ContentBlockParam;
  return { ...message, content: blocks };
}

function stripCacheControl(block: Anthropic.TextBlockParam): Anthropic.TextBlockParam {
  if (!block.cache_control) return block;
  const { cache_control: _ignored, ...rest } = block;
  return rest;
}
