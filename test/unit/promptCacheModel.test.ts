import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { imageTokens, PromptCacheModel, screenshotBlock } from '../../bench/promptCacheModel';

const EPHEMERAL = { type: 'ephemeral' } as const;
const TOOLS = { tokens: 1_000 };
const SYSTEM: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'x'.repeat(4_000), cache_control: EPHEMERAL }];

/** A conversation of `steps` steps, each an assistant text and a user turn with one 1280x800 screenshot. */
function conversation(steps: number, breakpointsOnLast = 1): Anthropic.MessageParam[] {
  const messages: Anthropic.MessageParam[] = [];
  for (let step = 0; step < steps; step++) {
    messages.push({ role: 'assistant', content: [{ type: 'text', text: `step ${step}`.padEnd(400, '.') }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${step}`, content: [screenshotBlock(step, 1280, 800, 'image/png')] }] });
  }
  const users = messages.flatMap((message, index) => (message.role === 'user' ? [index] : [])).slice(-breakpointsOnLast);
  return messages.map((message, index) =>
    users.includes(index)
      ? ({ ...message, content: (message.content as Anthropic.ContentBlockParam[]).map((block) => ({ ...block, cache_control: EPHEMERAL }) as Anthropic.ContentBlockParam) } as Anthropic.MessageParam)
      : message,
  );
}

describe('PromptCacheModel (the context-cost benchmark’s cache)', () => {
  it('bills a 1280x800 screenshot as 46 x 29 tiles of 28 px', () => {
    assert.equal(imageTokens(1280, 800), 1_334);
    assert.equal(imageTokens(1024, 768), 1_036);
  });

  it('writes the first request up to its last breakpoint and reads it back on the next request', () => {
    const cache = new PromptCacheModel();
    const first = cache.measure(TOOLS, SYSTEM, conversation(2), 0);
    assert.equal(first.cacheRead, 0);
    assert.equal(first.images, 2);
    assert.equal(first.imageTokens, 2 * 1_334);
    const second = cache.measure(TOOLS, SYSTEM, conversation(3), 10);
    assert.equal(second.cacheRead, first.cacheWrite);
    assert.ok(second.cacheWrite > 1_334 && second.cacheWrite < 1_334 + 200, `only the new step is written (${second.cacheWrite})`);
    assert.equal(second.billedEquivalent, second.uncached + 1.25 * second.cacheWrite + 0.1 * second.cacheRead);
  });

  it('finds an earlier entry no more than 20 blocks before a breakpoint', () => {
    const near = new PromptCacheModel();
    near.measure(TOOLS, SYSTEM, conversation(2), 0);
    // 9 more steps = 18 blocks later: within the lookback.
    assert.ok(near.measure(TOOLS, SYSTEM, conversation(11), 10).cacheRead > 2 * 1_334);
    const far = new PromptCacheModel();
    far.measure(TOOLS, SYSTEM, conversation(2), 0);
    // 11 more steps = 22 blocks later: only the system prompt's entry is found.
    const missed = far.measure(TOOLS, SYSTEM, conversation(13), 10);
    assert.ok(missed.cacheRead < 3_000, `read ${missed.cacheRead}`);
  });

  it('forgets an entry 5 minutes after it was last used', () => {
    const cache = new PromptCacheModel();
    cache.measure(TOOLS, SYSTEM, conversation(2), 0);
    assert.equal(cache.measure(TOOLS, SYSTEM, conversation(2), 301).cacheRead, 0);
  });

  it('refuses a request with more than 4 breakpoints, as the API does', () => {
    assert.throws(() => new PromptCacheModel().measure(TOOLS, SYSTEM, conversation(5, 4), 0), /5 cache breakpoints/);
  });
});
