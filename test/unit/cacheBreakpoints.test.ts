import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { MAX_CACHE_BREAKPOINTS, withCacheBreakpoints } from '../../src/agent/context/cacheBreakpoints';

function countMarkers(value: unknown): number {
  return JSON.stringify(value).split('"cache_control"').length - 1;
}

describe('cache breakpoints', () => {
  const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'system prompt' }];
  const conversation: Anthropic.MessageParam[] = [
    { role: 'user', content: 'task' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'bash', input: { command: 'ls' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a b' }] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'bash', input: { command: 'pwd' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', content: '/x' }] },
  ];

  it('marks the system prompt and the two newest user turns, never more than 4', () => {
    const marked = withCacheBreakpoints(system, conversation);
    assert.equal(countMarkers(marked), 3);
    assert.ok(countMarkers(marked) <= MAX_CACHE_BREAKPOINTS);
    assert.ok(marked.system[0]!.cache_control);
    assert.equal(countMarkers(marked.messages[2]), 1);
    assert.equal(countMarkers(marked.messages[4]), 1);
    assert.equal(countMarkers(marked.messages[0]), 0);
  });

  it('does not change the stored conversation, so old markers never pile up', () => {
    const before = JSON.stringify(conversation);
    withCacheBreakpoints(system, conversation);
    assert.equal(JSON.stringify(conversation), before);
  });

  it('turns a string user message into a text block that carries the marker', () => {
    const marked = withCacheBreakpoints(system, [{ role: 'user', content: 'hello' }]);
    assert.deepEqual(marked.messages[0], { role: 'user', content: [{ type: 'text', text: 'hello', cache_control: { type: 'ephemeral' } }] });
  });

  it('keeps the marked prefix identical between consecutive requests', () => {
    const first = withCacheBreakpoints(system, conversation.slice(0, 3));
    const second = withCacheBreakpoints(system, conversation);
    // The turn the first request marked last is still marked in the second, byte for byte.
    assert.deepEqual(second.messages[2], first.messages[2]);
  });

  it('adds an anchor before the oldest screenshot of the previous request, for 4 breakpoints at most', () => {
    const longer: Anthropic.MessageParam[] = [
      ...conversation,
      { role: 'assistant', content: [{ type: 'tool_use', id: 't3', name: 'bash', input: { command: 'date' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't3', content: 'today' }] },
    ];
    const marked = withCacheBreakpoints(system, longer, { anchorBeforeToolUseId: 't2' });
    assert.equal(countMarkers(marked), 4);
    // t2's result is at index 4; the user turn before it (index 2) carries the anchor.
    assert.equal(countMarkers(marked.messages[2]), 1);
    assert.equal(countMarkers(marked.messages[4]), 1);
    assert.equal(countMarkers(marked.messages[6]), 1);
    assert.equal(countMarkers(withCacheBreakpoints(system, longer, { anchorBeforeToolUseId: 'gone' })), 3, 'an id no longer present adds nothing');
  });
});
