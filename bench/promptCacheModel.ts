// A token-level model of the API's prompt cache for the context-cost benchmark: which part of a
// request would be read from cache, written to it, or sent uncached, and what that bills as.
//
// Rules (from Anthropic's prompt-caching documentation): the prompt is tools → system → message
// content blocks; a breakpoint is a block with cache_control; a hit needs an identical prefix up to
// a block boundary that an earlier request wrote, found from each breakpoint looking back at most
// 20 blocks; entries live 5 minutes, refreshed when read. Tokens after the read prefix up to the
// last breakpoint are written; the rest is uncached.
import type Anthropic from '@anthropic-ai/sdk';
import { createHash } from 'node:crypto';

const LOOKBACK_BLOCKS = 20;
const CACHE_TTL_SECONDS = 5 * 60;
/** Billing multipliers of the 5-minute cache relative to uncached input tokens. */
export const CACHE_WRITE_PRICE = 1.25;
export const CACHE_READ_PRICE = 0.1;
/** The usual rule of thumb for English text and JSON. */
const CHARS_PER_TOKEN = 4;
/** Image cost per the vision docs: one token per 28x28 pixel tile, rounded up on each side. */
const IMAGE_TILE_PIXELS = 28;

export interface RequestCost {
  uncached: number;
  cacheWrite: number;
  cacheRead: number;
  imageTokens: number;
  images: number;
  /** uncached + 1.25 x cacheWrite + 0.1 x cacheRead */
  billedEquivalent: number;
}

/** Screenshots in the benchmark carry their size in a fake base64 payload: `shot-<n>-<w>x<h>`. */
export function screenshotBlock(step: number, width: number, height: number, mediaType: 'image/png' | 'image/jpeg'): Anthropic.ImageBlockParam {
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data: `shot-${step}-${width}x${height}` } };
}

export function imageTokens(width: number, height: number): number {
  return Math.ceil(width / IMAGE_TILE_PIXELS) * Math.ceil(height / IMAGE_TILE_PIXELS);
}

interface Block {
  json: string;
  tokens: number;
  images: number;
  imageTokens: number;
  breakpoint: boolean;
}

export class PromptCacheModel {
  /** Cache key → time (seconds) it expires. */
  private readonly _entries = new Map<string, number>();

  /** Costs one request sent at `nowSeconds`, and stores what it writes. */
  measure(tools: { tokens: number }, system: readonly Anthropic.TextBlockParam[], messages: readonly Anthropic.MessageParam[], nowSeconds: number): RequestCost {
    const blocks: Block[] = [{ json: `tools:${tools.tokens}`, tokens: tools.tokens, images: 0, imageTokens: 0, breakpoint: false }];
    for (const block of system) blocks.push(describe('system', block));
    for (const message of messages) {
      const content = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content;
      for (const block of content) blocks.push(describe(message.role, block));
    }
    const keys: string[] = [];
    const ends: number[] = [];
    let hash = '';
    let total = 0;
    for (const block of blocks) {
      hash = createHash('sha256').update(hash).update('\n').update(block.json).digest('hex');
      total += block.tokens;
      keys.push(hash);
      ends.push(total);
    }
    const breakpoints = blocks.flatMap((block, index) => (block.breakpoint ? [index] : []));
    if (breakpoints.length > 4) throw new Error(`A request with ${breakpoints.length} cache breakpoints would be rejected (at most 4).`);
    const images = blocks.reduce((sum, block) => sum + block.images, 0);
    const allImageTokens = blocks.reduce((sum, block) => sum + block.imageTokens, 0);
    const lastBreakpoint = breakpoints.at(-1);
    if (lastBreakpoint === undefined) return cost(total, 0, 0, allImageTokens, images);

    let readUpTo = -1;
    for (const breakpoint of breakpoints) {
      for (let at = breakpoint; at >= 0 && at > breakpoint - LOOKBACK_BLOCKS; at--) {
        if (at > readUpTo && (this._entries.get(keys[at]!) ?? -1) > nowSeconds) {
          readUpTo = at;
          break;
        }
      }
    }
    if (readUpTo >= 0) this._entries.set(keys[readUpTo]!, nowSeconds + CACHE_TTL_SECONDS);
    for (const breakpoint of breakpoints) this._entries.set(keys[breakpoint]!, nowSeconds + CACHE_TTL_SECONDS);

    const read = readUpTo >= 0 ? ends[readUpTo]! : 0;
    const throughLast = ends[lastBreakpoint]!;
    return cost(total - throughLast, throughLast - read, read, allImageTokens, images);
  }
}

function cost(uncached: number, cacheWrite: number, cacheRead: number, imageTokenCount: number, images: number): RequestCost {
  return {
    uncached,
    cacheWrite,
    cacheRead,
    imageTokens: imageTokenCount,
    images,
    billedEquivalent: uncached + CACHE_WRITE_PRICE * cacheWrite + CACHE_READ_PRICE * cacheRead,
  };
}

function describe(role: string, block: unknown): Block {
  const breakpoint = typeof block === 'object' && block !== null && (block as { cache_control?: unknown }).cache_control != null;
  const { cache_control: _ignored, ...rest } = block as Record<string, unknown>;
  const json = JSON.stringify([role, rest]);
  let images = 0;
  let pictureTokens = 0;
  // Images bill by their tiles, not by the size of their base64; everything else by its JSON text.
  const textOnly = json.replace(/\{"type":"image","source":\{"type":"base64","media_type":"[^"]+","data":"shot-\d+-(\d+)x(\d+)"\}\}/g, (_all, width: string, height: string) => {
    images += 1;
    pictureTokens += imageTokens(Number(width), Number(height));
    return '';
  });
  return { json, tokens: Math.ceil(textOnly.length / CHARS_PER_TOKEN) + pictureTokens, images, imageTokens: pictureTokens, breakpoint };
}
