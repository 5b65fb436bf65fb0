import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { billedUsage, dropHistoryBeforeCompaction, serverCompactionFor } from '../../src/agent/context/serverCompaction';
import { familyOf, MIN_SERVER_COMPACTION_TRIGGER, SERVER_COMPACTION_BETA } from '../../src/agent/model/modelTable';

const COMPACTION = { type: 'compaction', content: '<summary>Plan: done.</summary>', encrypted_content: 'enc', signature: 'sig' } as unknown as Anthropic.ContentBlockParam;

describe('server compaction', () => {
  it('sends the compaction edit at the budget, with instructions that keep the plan, the files changed and the last failures', () => {
    const edit = serverCompactionFor(familyOf('claude-sonnet-4-6'), 800_000);
    assert.equal(edit?.beta, SERVER_COMPACTION_BETA);
    const [compact] = edit?.contextManagement.edits ?? [];
    assert.equal(compact?.type, 'compact_20260112');
    assert.deepEqual(compact?.type === 'compact_20260112' && compact.trigger, { type: 'input_tokens', value: 800_000 });
    assert.match(String(compact?.type === 'compact_20260112' && compact.instructions), /plan[\s\S]*files? created, changed[\s\S]*last failures/);
  });

  it('leaves compaction to the client for families without it and for budgets below the smallest trigger', () => {
    assert.equal(serverCompactionFor(familyOf('claude-sonnet-5-5'), 800_000), undefined);
    assert.equal(serverCompactionFor(familyOf('claude-sonnet-4-6'), MIN_SERVER_COMPACTION_TRIGGER - 1), undefined);
    assert.ok(serverCompactionFor(familyOf('claude-sonnet-4-6'), MIN_SERVER_COMPACTION_TRIGGER));
  });

  it('drops the messages between the task and the assistant turn that holds the compaction block, and only those', () => {
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'Task' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'bash', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
      { role: 'assistant', content: [COMPACTION, { type: 'tool_use', id: 'toolu_2', name: 'bash', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'ok' }] },
    ];
    const kept = [messages[0], ...messages.slice(3)];
    assert.equal(dropHistoryBeforeCompaction(messages), 2);
    assert.deepEqual(messages, kept);
    assert.equal(messages[0]!.role, 'user', 'the conversation still opens with the task');
    assert.strictEqual((messages[1]!.content as Anthropic.ContentBlockParam[])[0], COMPACTION, 'the block itself is untouched');
    assert.equal(dropHistoryBeforeCompaction(messages), 0, 'nothing more to drop');
  });

  it('bills the compaction step that the top-level usage leaves out', () => {
    const usage = {
      input_tokens: 300, output_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 1_000,
      iterations: [{ type: 'compaction', input_tokens: 60_000, output_tokens: 2_000, cache_creation_input_tokens: 0, cache_read_input_tokens: 500 }, { type: 'message', input_tokens: 300, output_tokens: 50 }],
    } as unknown as Anthropic.Usage;
    assert.deepEqual(billedUsage(usage), { input_tokens: 60_300, output_tokens: 2_050, cache_creation_input_tokens: 0, cache_read_input_tokens: 1_500 });
  });
});
