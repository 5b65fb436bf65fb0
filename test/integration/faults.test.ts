// API faults survived: 429 with retry-after, 529, 5xx, a dropped stream, an error event mid-stream,
// rate-limit pacing, and the rule that one tool_use id never runs twice.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reply, type ScriptedTurn } from '../support/messagesApiServer';
import { NEVER_ASKED } from '../support/approvers';
import { createHarness, useRepoAndServers } from '../support/sessionHarness';

const APPEND_RUN = { command: 'echo run >> runs.log' };

async function runCount(root: string): Promise<number> {
  const text = await readFile(join(root, 'runs.log'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).length;
}

describe('API faults', function () {
  const fixture = useRepoAndServers({ 'README.md': '# sample\n' });

  async function runSession(turns: ScriptedTurn[], idleTimeoutMs?: number) {
    const server = await fixture.serve(turns);
    const harness = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED, ...(idleTimeoutMs ? { idleTimeoutMs } : {}) });
    const outcome = await harness.session.send('do it');
    await harness.session.dispose();
    assert.deepEqual(server.violations, []);
    return { outcome, events: harness.events };
  }

  it('waits as long as retry-after says after a 429, then carries on', async () => {
    const { outcome, events } = await runSession([
      { kind: 'http_error', status: 429, errorType: 'rate_limit_error', message: 'Too many requests', headers: { 'retry-after': '1' } },
      reply.text('ok'),
    ]);
    assert.equal(outcome.kind, 'completed');
    const gap = fixture.server().requests[1]!.receivedAt - fixture.server().requests[0]!.receivedAt;
    assert.ok(gap >= 950, `second request came ${gap} ms after the 429; retry-after was 1 s`);
    assert.ok(events.some((e) => e.type === 'turn_retry' && /429/.test(e.reason)));
  });

  it('backs off and retries a 529 overloaded and a 500, answering with the eventual reply', async () => {
    const { outcome, events } = await runSession([
      { kind: 'http_error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' },
      { kind: 'http_error', status: 500, errorType: 'api_error', message: 'Internal error' },
      reply.text('recovered'),
    ]);
    assert.deepEqual(outcome, { kind: 'completed', finalText: 'recovered' });
    const reasons = events.filter((e) => e.type === 'turn_retry').map((e) => (e as { reason: string }).reason);
    assert.equal(reasons.length, 2);
    assert.match(reasons[0]!, /overloaded/);
    assert.match(reasons[1]!, /server error/);
  });

  it('discards a stream that drops after a tool call began, re-asks, and runs the tool once', async () => {
    const partial = reply.toolUse('bash', APPEND_RUN, { text: 'Running it.' });
    const { outcome, events } = await runSession([
      { kind: 'drop', afterEvents: 6, reply: partial },
      reply.toolUse('bash', APPEND_RUN),
      reply.text('done'),
    ]);
    assert.equal(outcome.kind, 'completed');
    assert.equal(await runCount(fixture.root()), 1);
    assert.ok(events.some((e) => e.type === 'turn_retry' && /dropped|connection|server error/.test(e.reason)), 'a retry was reported');
  });

  it('re-asks when the stream sends an error event mid-way and never acts on the partial turn', async () => {
    const { outcome } = await runSession([
      { kind: 'sse_error', afterEvents: 5, errorType: 'overloaded_error', message: 'Overloaded', reply: reply.toolUse('bash', APPEND_RUN) },
      reply.toolUse('bash', APPEND_RUN),
      reply.text('done'),
    ]);
    assert.equal(outcome.kind, 'completed');
    assert.equal(await runCount(fixture.root()), 1);
  });

  it('paces the next request until the rate-limit window resets when no requests remain', async () => {
    const reset = new Date(Date.now() + 1_500).toISOString();
    const { outcome, events } = await runSession([
      reply.toolUse('bash', { command: 'true' }, { headers: { 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': reset } }),
      reply.text('done'),
    ]);
    assert.equal(outcome.kind, 'completed');
    assert.ok(fixture.server().requests[1]!.receivedAt >= Date.parse(reset) - 50, 'second request waited for the reset time');
    assert.ok(events.some((e) => e.type === 'notice' && /rate limit/.test(e.message)));
  });

  it('fails with a one-line reason when retries run out', async () => {
    const overloaded = { kind: 'http_error' as const, status: 529, errorType: 'overloaded_error', message: 'Overloaded' };
    const server = await fixture.serve(Array.from({ length: 6 }, () => ({ ...overloaded })));
    const harness = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    const outcome = await harness.session.send('do it');
    await harness.session.dispose();
    assert.equal(outcome.kind, 'failed');
    assert.match((outcome as { reason: string }).reason, /overloaded after 6 attempts/);
    assert.doesNotMatch((outcome as { reason: string }).reason, /\n/);
  });

  it('gives up on a stream that falls silent for the idle timeout and asks again, instead of waiting minutes', async () => {
    const { outcome, events } = await runSession([{ kind: 'stall', afterEvents: 3, reply: reply.text('never finished') }, reply.text('after the stall')], 500);
    assert.deepEqual(outcome, { kind: 'completed', finalText: 'after the stall' });
    assert.ok(events.some((e) => e.type === 'turn_retry' && /stream stalled \(the API sent nothing for/.test(e.reason)), JSON.stringify(events.filter((e) => e.type === 'turn_retry')));
    const gap = fixture.server().requests[1]!.receivedAt - fixture.server().requests[0]!.receivedAt;
    assert.ok(gap >= 450, `asked again after ${gap} ms, before the 500 ms idle timeout`);
  });

  it('says in one line, at once, when the API address answers with an HTML page instead of an event stream', async () => {
    const { outcome } = await runSession([{ kind: 'raw', status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html><body>Sign in to continue</body></html>' }]);
    assert.equal(outcome.kind, 'failed');
    assert.equal((outcome as { reason: string }).reason, 'The API address answered with text/html instead of an event stream: check ANTHROPIC_BASE_URL (a proxy or sign-in page may be answering).');
    assert.equal(fixture.server().requests.length, 1, 'asked again');
  });

  it('retries a broken event stream, then fails in one line, printing nothing of its own to the console', async () => {
    const broken = { kind: 'raw' as const, status: 200, headers: { 'content-type': 'text/event-stream' }, body: 'event: message_start\ndata: {"type":"message_start","message":{not json\n\n' };
    const printed: unknown[][] = [];
    const saved = { error: console.error, warn: console.warn, log: console.log, info: console.info };
    for (const name of ['error', 'warn', 'log', 'info'] as const) console[name] = (...args: unknown[]) => void printed.push(args);
    let outcome;
    try {
      ({ outcome } = await runSession(Array.from({ length: 6 }, () => ({ ...broken }))));
    } finally {
      Object.assign(console, saved);
    }
    assert.equal(outcome.kind, 'failed');
    assert.equal((outcome as { reason: string }).reason, "The API's event stream could not be read (6 attempts): an event was not valid JSON.");
    assert.deepEqual(printed, []);
  });

  it('answers a tool input that is not a JSON object (a bare 42) with an is_error result, and the task goes on', async () => {
    const { outcome } = await runSession([
      reply.toolUse('bash', 42),
      reply.toolUse('bash', 42),
      reply.text('Sorry; done.', {
        expect: (request) => {
          const results = (request.body.messages.at(-1).content as Array<{ type: string; content?: unknown; is_error?: boolean }>).filter((block) => block.type === 'tool_result');
          assert.equal(results[0]?.is_error, true);
          assert.match(String(results[0]?.content), /must be a JSON object; got 42/);
          // Sent back as an object: the API requires one.
          const assistant = request.body.messages.at(-2).content as Array<{ type: string; input?: unknown }>;
          assert.deepEqual(assistant.find((block) => block.type === 'tool_use')?.input, {});
        },
      }),
    ]);
    assert.deepEqual(outcome, { kind: 'completed', finalText: 'Sorry; done.' });
    assert.equal(fixture.server().requests[1]!.body.stream, false, 'the turn was asked again whole');
  });
});
