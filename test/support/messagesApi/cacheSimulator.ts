// A stand-in for the API's prompt cache, so tests can see whether our cache breakpoints would
// hit: it reports input / cache-write / cache-read tokens the way the real API splits them.
//
// The model, simplified from the real cache's documented behaviour:
// - The prompt is a sequence of blocks in cache order: each tool, then each system block,
//   then each message's content blocks. A block "is a breakpoint" when it carries cache_control.
// - The key of a position is a hash of the model and everything up to and including that
//   block, with cache_control itself left out (moving a marker does not change the content).
// - Reading: the longest prefix whose key an earlier request wrote is read from cache. Like the
//   real API, a breakpoint also finds entries written at earlier block boundaries, up to
//   LOOKBACK_BLOCKS blocks before it (so moving the last breakpoint forward each turn hits).
// - Writing: every breakpoint's key is stored; tokens after the read prefix up to the last
//   breakpoint count as cache_creation_input_tokens; the rest is input_tokens.
// Not modelled: the minimum cacheable length per model, TTLs, and thinking-config changes.
import { createHash } from 'node:crypto';

/** The real API checks roughly 20 block boundaries back from each breakpoint for an earlier entry. */
const LOOKBACK_BLOCKS = 20;
/** A rough, well-known rule of thumb for English text and JSON: ~4 characters per token. */
export const CHARS_PER_TOKEN = 4;

export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

// Request bodies are untrusted JSON from the client under test; checks narrow them as they go.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untrusted = any;

interface PrefixBlock {
  json: string;
  breakpoint: boolean;
}

export function tokensFor(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

function hasCacheControl(block: unknown): boolean {
  return typeof block === 'object' && block !== null && (block as { cache_control?: unknown }).cache_control != null;
}

function withoutCacheControl(block: unknown): unknown {
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return block;
  const { cache_control: _ignored, ...rest } = block as Record<string, unknown>;
  return rest;
}

function asBlocks(content: unknown): unknown[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content : [];
}

/** The request's prompt as blocks in cache order: tools → system → messages. */
export function prefixBlocks(body: Untrusted): PrefixBlock[] {
  const blocks: PrefixBlock[] = [];
  const add = (tag: string, block: unknown) =>
    blocks.push({ json: JSON.stringify([tag, withoutCacheControl(block)]), breakpoint: hasCacheControl(block) });
  for (const tool of Array.isArray(body?.tools) ? body.tools : []) add('tool', tool);
  for (const block of asBlocks(body?.system)) add('system', block);
  for (const message of Array.isArray(body?.messages) ? body.messages : []) {
    for (const block of asBlocks(message?.content)) add(String(message?.role), block);
  }
  return blocks;
}

/** The prompt's size in tokens by the same estimate the cache uses (for count_tokens and uncached requests). */
export function promptTokens(body: Untrusted): number {
  return tokensFor(prefixBlocks(body).reduce((sum, block) => sum + block.json.length, 0));
}

export class PromptCacheSimulator {
  private readonly written = new Set<string>();

  /** Splits the request's prompt tokens into read / written / uncached, and remembers what it wrote. */
  measure(body: Untrusted): CacheUsage {
    const blocks = prefixBlocks(body);
    const keys: string[] = [];
    const ends: number[] = [];
    let hash = String(body?.model);
    let chars = 0;
    for (const block of blocks) {
      hash = createHash('sha256').update(hash).update('\n').update(block.json).digest('hex');
      chars += block.json.length;
      keys.push(hash);
      ends.push(chars);
    }
    const breakpoints = blocks.flatMap((block, index) => (block.breakpoint ? [index] : []));
    const lastBreakpoint = breakpoints.at(-1);
    if (lastBreakpoint === undefined) {
      return { input_tokens: tokensFor(chars), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    }

    let readUpTo = -1;
    for (const breakpoint of breakpoints) {
      for (let at = breakpoint; at >= 0 && at > breakpoint - LOOKBACK_BLOCKS; at--) {
        if (at > readUpTo && this.written.has(keys[at] ?? '')) readUpTo = at;
      }
    }
    for (const breakpoint of breakpoints) this.written.add(keys[breakpoint] ?? '');

    const read = readUpTo >= 0 ? tokensFor(ends[readUpTo] ?? 0) : 0;
    const throughLastBreakpoint = tokensFor(ends[lastBreakpoint] ?? 0);
    return {
      input_tokens: tokensFor(chars) - throughLastBreakpoint,
      cache_creation_input_tokens: throughLastBreakpoint - read,
      cache_read_input_tokens: read,
    };
  }
}
