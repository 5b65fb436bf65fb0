// Screenshot pruning on a stored conversation: nothing changes until the chunk is full, then all
// but the newest screenshots become placeholders naming the action that produced them.
import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { countScreenshots, pruneScreenshots } from '../../src/agent/context/screenshotHistory';

const IMAGE: Anthropic.ImageBlockParam = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };

function conversation(calls: Array<{ name: string; input: unknown }>): Anthropic.MessageParam[] {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Open the settings.' }];
  calls.forEach((call, index) => {
    const id = `toolu_${index}`;
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id, name: call.name, input: call.input }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: [{ type: 'text', text: 'done' }, IMAGE] }] });
  });
  return messages;
}

describe('screenshot history', () => {
  it('leaves the conversation untouched until more than keep + chunk screenshots accumulate', () => {
    const messages = conversation(Array.from({ length: 5 }, (_, i) => ({ name: 'left_click', input: { coordinate: [i, i] } })));
    const before = JSON.stringify(messages);
    assert.equal(pruneScreenshots(messages, { keep: 2, chunk: 3 }), 0);
    assert.equal(JSON.stringify(messages), before);
  });

  it('replaces all but the newest screenshots with placeholders naming the action, for toolset and single-tool calls', () => {
    const messages = conversation([
      { name: 'left_click', input: { coordinate: [612, 279] } },
      { name: 'computer', input: { action: 'type', text: 'hello world' } },
      { name: 'screenshot', input: {} },
      { name: 'left_click', input: { coordinate: [1, 2] } },
    ]);
    assert.equal(pruneScreenshots(messages, { keep: 1, chunk: 2 }), 3);
    assert.equal(countScreenshots(messages), 1);
    const texts = JSON.stringify(messages);
    assert.match(texts, /\[screenshot omitted: taken after left_click at \(612, 279\)\]/);
    assert.match(texts, /\[screenshot omitted: taken after type \\"hello world\\"\]/);
    assert.match(texts, /\[screenshot omitted: taken after screenshot\]/);
    const last = messages.at(-1)!.content as Anthropic.ToolResultBlockParam[];
    assert.deepEqual((last[0]!.content as unknown[])[1], IMAGE, 'the newest screenshot travels');
  });
});
