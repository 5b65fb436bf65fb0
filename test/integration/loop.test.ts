// How the loop treats thinking, stop reasons, repeated calls, cancellation and prompt caching.
import assert from 'node:assert/strict';
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { reply } from '../support/messagesApiServer';
import { NEVER_ASKED } from '../support/approvers';
import { createHarness, useRepoAndServers } from '../support/sessionHarness';
import { isRunning } from '../support/processes';


async function waitForFile(path: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.trim().split('\n').length >= 2) return text;
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('agent loop behaviour', function () {
  const fixture = useRepoAndServers({ 'README.md': '# sample\n' });

  it('sends adaptive thinking when on, echoes thinking blocks with signatures, and applies the toggle at the next user turn', async () => {
    const server = await fixture.serve([
      reply.blocks([
        { type: 'thinking', thinking: 'I should look at the README.', signature: 'sig-abc-123' },
        { type: 'redacted_thinking', data: 'opaque-redacted-data' },
        { type: 'tool_use', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'README.md' } },
      ], { expect: (request) => assert.deepEqual(request.body.thinking, { type: 'adaptive', display: 'summarized' }) }),
      reply.text('It is a sample.', {
        expect: (request) => {
          const assistant = request.body.messages[1];
          assert.deepEqual(assistant.content[0], { type: 'thinking', thinking: 'I should look at the README.', signature: 'sig-abc-123' });
          assert.deepEqual(assistant.content[1], { type: 'redacted_thinking', data: 'opaque-redacted-data' });
          assert.deepEqual(request.body.thinking, { type: 'adaptive', display: 'summarized' }, 'thinking stays on within the tool loop');
        },
      }),
      reply.text('Second answer.', { expect: (request) => assert.deepEqual(request.body.thinking, { type: 'disabled' }) }),
    ]);
    const { session, events } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED, thinking: true });
    assert.equal((await session.send('What is this repo?')).kind, 'completed');
    session.setThinking(false);
    assert.equal((await session.send('And now?')).kind, 'completed');
    await session.dispose();
    assert.deepEqual(server.violations, []);
    assert.ok(events.some((e) => e.type === 'thinking_delta'));
  });

  it('uses a manual thinking budget between 1024 and max_tokens for a model without adaptive thinking', async () => {
    const server = await fixture.serve([
      reply.text('ok', {
        expect: (request) => {
          assert.equal(request.body.thinking.type, 'enabled');
          assert.ok(request.body.thinking.budget_tokens >= 1024);
          assert.ok(request.body.thinking.budget_tokens < request.body.max_tokens);
        },
      }),
    ]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED, thinking: true, model: 'claude-haiku-4-5' });
    assert.equal((await session.send('hi')).kind, 'completed');
    await session.dispose();
    assert.deepEqual(server.violations, []);
  });

  it('answers a tool call cut off by max_tokens without running it, and continues', async () => {
    const server = await fixture.serve([
      reply.toolUse('bash', { command: 'echo ran > cut.txt' }, { stopReason: 'max_tokens' }),
      reply.text('Retrying smaller is not needed.', {
        expect: (request) => {
          const result = request.body.messages.at(-1).content[0];
          assert.equal(result.is_error, true);
          assert.match(result.content, /output token limit/);
        },
      }),
    ]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    assert.equal((await session.send('go')).kind, 'completed');
    await session.dispose();
    assert.deepEqual(server.violations, []);
    await assert.rejects(access(join(fixture.root(), 'cut.txt')));
  });

  it('continues a pause_turn by sending the paused turn back, and stops on a refusal', async () => {
    const server = await fixture.serve([
      reply.text('Working…', { stopReason: 'pause_turn' }),
      reply.text('I will not do that.', {
        stopReason: 'refusal',
        expect: (request) => assert.equal(request.body.messages.at(-1).role, 'assistant'),
      }),
    ]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    const outcome = await session.send('go');
    await session.dispose();
    assert.equal(outcome.kind, 'refused');
    assert.deepEqual(server.violations, []);
  });

  it('refuses the third identical call in a row and tells the model', async () => {
    const call = { command: 'echo again >> loop.log' };
    const server = await fixture.serve([
      reply.toolUse('bash', call),
      reply.toolUse('bash', call),
      reply.toolUse('bash', call),
      reply.text('I will change approach.', {
        expect: (request) => {
          const result = request.body.messages.at(-1).content[0];
          assert.equal(result.is_error, true);
          assert.match(result.content, /identical bash call/);
        },
      }),
    ]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    assert.equal((await session.send('go')).kind, 'completed');
    await session.dispose();
    assert.equal((await readFile(join(fixture.root(), 'loop.log'), 'utf8')).trim().split('\n').length, 2);
  });

  it('cancels in the middle of a long shell command and leaves no process behind', async () => {
    const server = await fixture.serve([reply.toolUse('bash', { command: 'sleep 60 & echo $! > pids.txt; echo $$ >> pids.txt; sleep 60' })]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    const running = session.send('go');
    const pids = (await waitForFile(join(fixture.root(), 'pids.txt'), 10_000)).trim().split('\n').map(Number);
    assert.ok(pids.every(isRunning), 'the command is running');
    const cancelledAt = Date.now();
    session.cancel();
    const outcome = await running;
    const took = Date.now() - cancelledAt;
    assert.equal(outcome.kind, 'cancelled');
    // Far short of the command's 60 s: the cancel stopped it (room left for a loaded machine).
    assert.ok(took < 15_000, `cancel took ${took} ms`);
    // A killed process is gone once the kernel has reaped it: waited for, up to a bound, not guessed with a sleep.
    for (let i = 0; i < 400 && pids.some(isRunning); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.deepEqual(pids.filter(isRunning), [], 'no process of the command is left');
    await session.dispose();
  });

  it('cancels while waiting for the model and resolves promptly', async () => {
    const server = await fixture.serve([{ kind: 'hang' }]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    const running = session.send('go');
    // Cancelled once the server holds the request, so the cancel is of a request in flight.
    for (let i = 0; i < 1_000 && server.requests.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(server.requests.length, 1, 'the request reached the server');
    session.cancel();
    assert.equal((await running).kind, 'cancelled');
    await session.dispose();
  });

  it('honours a task\'s Stop that came before the send (while the task started): no request is sent', async () => {
    const server = await fixture.serve([reply.text('Hello.')]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    const task = new AbortController();
    task.abort();
    assert.deepEqual(await session.send('go', task.signal), { kind: 'cancelled' });
    assert.equal(server.requests.length, 0);
    // The next send, with a task of its own, runs: a cancel belongs to its task only.
    assert.deepEqual(await session.send('hi', new AbortController().signal), { kind: 'completed', finalText: 'Hello.' });
    await session.dispose();
  });

  it('stops a send when its task\'s signal is aborted mid-request', async () => {
    const server = await fixture.serve([{ kind: 'hang' }]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    const task = new AbortController();
    const running = session.send('go', task.signal);
    for (let i = 0; i < 1_000 && server.requests.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(server.requests.length, 1, 'the request reached the server');
    task.abort();
    assert.equal((await running).kind, 'cancelled');
    await session.dispose();
  });

  it('keeps at most 4 cache breakpoints and reads the cached prefix on later requests', async () => {
    const server = await fixture.serve([
      reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'README.md' }),
      reply.toolUse('bash', { command: 'ls' }),
      reply.toolUse('bash', { command: 'pwd' }),
      reply.text('done'),
    ]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    assert.equal((await session.send('look around')).kind, 'completed');
    await session.dispose();
    assert.deepEqual(server.violations, []);
    const reads = session.usage.requests.map((r) => r.cacheReadTokens);
    assert.equal(reads[0], 0);
    assert.ok(reads.slice(1).every((tokens) => tokens > 0), `cache reads per request: ${reads.join(', ')}`);
  });

  it('stops cleanly between turns once the spending cap is reached, with the conversation complete', async () => {
    // Each turn reports a million output tokens: $10 at Sonnet 5.5 prices, past a $5 cap after one turn.
    const expensive = { usage: { input_tokens: 10, output_tokens: 1_000_000 } };
    const server = await fixture.serve([reply.toolUse('bash', { command: 'echo 1' }, expensive), reply.toolUse('bash', { command: 'echo 2' }, expensive)]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED, maxCostUsd: 5 });
    const outcome = await session.send('go');
    await session.dispose();
    assert.equal(outcome.kind, 'cost_cap');
    assert.ok((outcome as { costUsd: number }).costUsd >= 5);
    assert.equal(server.requests.length, 1, 'no request after the cap');
    assert.equal(server.remainingTurns(), 1, 'the second turn was never asked for');
    assert.equal(session.messages.at(-1)!.role, 'user', 'the tool result of the last turn is in place');
  });

  it('stops at the step limit with a clear outcome', async () => {
    const server = await fixture.serve([reply.toolUse('bash', { command: 'echo 1' }), reply.toolUse('bash', { command: 'echo 2' })]);
    const { session } = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED, maxSteps: 2 });
    assert.deepEqual(await session.send('go'), { kind: 'max_steps', steps: 2 });
    await session.dispose();
  });
});
