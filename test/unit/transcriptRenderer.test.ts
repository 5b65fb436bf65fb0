// The CLI's terminal transcript: how a tool call's end is written.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { AgentEvent } from '../../src/agent/events';
import { TranscriptRenderer } from '../../src/cli/transcriptRenderer';

function rendered(...events: AgentEvent[]): string {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const renderer = new TranscriptRenderer(out, false);
  for (const event of events) renderer.render(event);
  return text;
}

const bash = (id: string, command: string): AgentEvent => ({ type: 'tool_call', id, name: 'bash', input: { command } });

describe('TranscriptRenderer', function () {
  it('ends a command by its exit: a non-zero exit or a kill is a failure though the tool itself worked', function () {
    const text = rendered(
      bash('t1', 'npm test'),
      { type: 'tool_output', id: 't1', chunk: '\n> node test.js\nAssertionError: -1 == 5\n' },
      { type: 'tool_result', id: 't1', name: 'bash', isError: false, summary: '\n> node test.js\nAssertionError: -1 == 5', exitCode: 1 },
      bash('t2', 'npm test'),
      { type: 'tool_output', id: 't2', chunk: 'all tests passed\n' },
      { type: 'tool_result', id: 't2', name: 'bash', isError: false, summary: 'all tests passed', exitCode: 0 },
      bash('t3', 'sleep 100'),
      { type: 'tool_result', id: 't3', name: 'bash', isError: false, summary: 'The shell was killed', exitCode: null },
    );
    assert.match(text, /AssertionError: -1 == 5\n {2}✗ exit 1\n/);
    assert.match(text, /all tests passed\n {2}✓ exit 0\n/);
    assert.match(text, /▸ bash {2}sleep 100\n {2}✗ killed\n/);
  });

  it('writes an error in full and any other result by its first line', function () {
    const text = rendered(
      { type: 'tool_call', id: 'v1', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'src/a.js' } },
      { type: 'tool_result', id: 'v1', name: 'str_replace_based_edit_tool', isError: false, summary: '1\tconst a = 1;\n2\tconst b = 2;' },
      { type: 'tool_call', id: 'v2', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'missing.js' } },
      { type: 'tool_result', id: 'v2', name: 'str_replace_based_edit_tool', isError: true, summary: 'No file missing.js.\nThe folder has: src/' },
    );
    assert.match(text, / {2}✓ 1\tconst a = 1;\n/);
    assert.doesNotMatch(text, /const b = 2/);
    assert.match(text, / {2}✗ No file missing\.js\.\nThe folder has: src\/\n/);
  });
});
