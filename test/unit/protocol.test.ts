// The host checks every message from the panel's webview with parseWebviewMessage (the zod schema in
// protocolSchema.ts): outside input, narrowed field by field, extra fields dropped.
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/shared/protocolSchema';

/** An ask as the page sends it (hostRequests.ts). */
const ask = (name: string, body: unknown, request: unknown = 'r-1') => ({ type: 'ask', request, name, ask: body });

describe('parseWebviewMessage', function () {
  it('accepts ready and stop', function () {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'stop' }), { type: 'stop' });
  });

  it('drops fields a message type does not have', function () {
    assert.deepEqual(parseWebviewMessage({ type: 'stop', command: 'rm -rf /', __proto__: { evil: true } }), { type: 'stop' });
  });

  it('rejects unknown types, including host-to-webview ones', function () {
    for (const type of ['ready-ack', 'event', 'session-started', 'Ready', '', 'toString', '__proto__']) {
      assert.equal(parseWebviewMessage({ type }), undefined, type);
    }
  });

  it('rejects values that are not objects with a string type', function () {
    for (const value of [undefined, null, 'ready', 42, true, [], [{ type: 'ready' }], {}, { type: 1 }, { type: null }, { type: ['ready'] }]) {
      assert.equal(parseWebviewMessage(value), undefined, JSON.stringify(value));
    }
  });
});

describe('parseWebviewMessage for reviews, checkpoints and thinking', function () {
  it('accepts well-formed decisions, diff requests, restores and the thinking toggle', function () {
    assert.deepEqual(parseWebviewMessage(ask('decide-change', { id: 'c1', accept: true })), ask('decide-change', { id: 'c1', accept: true }));
    assert.deepEqual(parseWebviewMessage({ ...ask('decide-hunk', { id: 'c1', hunk: 2, accept: false, extra: 1 }), more: 2 }), ask('decide-hunk', { id: 'c1', hunk: 2, accept: false }));
    assert.deepEqual(parseWebviewMessage({ type: 'open-diff', id: 'c1' }), { type: 'open-diff', id: 'c1' });
    const sha = 'a'.repeat(40);
    assert.deepEqual(parseWebviewMessage({ type: 'restore-checkpoint', id: sha }), { type: 'restore-checkpoint', id: sha });
    assert.deepEqual(parseWebviewMessage({ type: 'set-thinking', on: true }), { type: 'set-thinking', on: true });
  });

  it('refuses missing or ill-typed fields, crafted ids and hunk numbers', function () {
    const bad = [
      ask('decide-change', { id: 'c1' }),
      ask('decide-change', { id: 'c1', accept: 'yes' }),
      ask('decide-change', { id: '../../etc', accept: true }),
      ask('decide-hunk', { id: 'c1', hunk: -1, accept: true }),
      ask('decide-hunk', { id: 'c1', hunk: 1.5, accept: true }),
      ask('decide-hunk', { id: 'c1', hunk: '0', accept: true }),
      ask('decide-hunk', { id: 'c1', hunk: 10_000, accept: true }),
      ask('decide-change', { id: 'c1', accept: true }, 'no spaces or <tags>'),
      ask('decide-change', { id: 'c1', accept: true }, null),
      ask('forget-everything', { id: 'c1', accept: true }),
      { type: 'decide-change', id: 'c1', accept: true },
      { type: 'open-diff', id: 7 },
      { type: 'restore-checkpoint', id: 'HEAD~1' },
      { type: 'restore-checkpoint', id: 'A'.repeat(40) },
      { type: 'set-thinking', on: 'on' },
    ];
    for (const message of bad) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
  });
});

describe('parseWebviewMessage for the model picker and screenshots', function () {
  it('accepts the picker request and a screenshot by its tool_use id', function () {
    assert.deepEqual(parseWebviewMessage({ type: 'pick-model', model: 'claude-x' }), { type: 'pick-model' });
    assert.deepEqual(parseWebviewMessage({ type: 'open-screenshot', id: 'toolu_01AbC-9' }), { type: 'open-screenshot', id: 'toolu_01AbC-9' });
  });

  it('refuses a screenshot id that could name another file', function () {
    for (const id of ['../../.ssh/id_rsa', 'a/b', 'toolu 1', '', 'x'.repeat(129), 42, undefined]) {
      assert.equal(parseWebviewMessage({ type: 'open-screenshot', id }), undefined, String(id));
    }
  });

  it('accepts text from the panel\'s box, trimmed and named by a request id, as a new task or a reply, and refuses empty, oversized, ill-typed or unnamed text', function () {
    assert.deepEqual(parseWebviewMessage(ask('send-task', { text: '  Fix the test\n', continue: true, extra: 1 }, 'send-1')), ask('send-task', { text: 'Fix the test', continue: true }, 'send-1'));
    assert.deepEqual(parseWebviewMessage(ask('send-task', { text: 'Start over', continue: false }, 'send-2')), ask('send-task', { text: 'Start over', continue: false }, 'send-2'));
    for (const [fields, request] of [[{ text: '   ', continue: true }, 'r'], [{ text: 'x'.repeat(50_001), continue: false }, 'r'], [{ text: 42, continue: true }, 'r'], [{ text: 'ok' }, 'r'], [{ text: 'ok', continue: 'yes' }, 'r'], [{ text: 'ok', continue: true }, null], [{ text: 'ok', continue: true }, 'no spaces or <tags>'], [{ text: 'ok', continue: true }, 7]] as const) {
      assert.equal(parseWebviewMessage(ask('send-task', fields, request)), undefined, JSON.stringify(fields).slice(0, 60));
    }
  });

  it('accepts an answer to a question by its id and a choice, and refuses a crafted id, an empty or oversized choice', function () {
    assert.deepEqual(parseWebviewMessage(ask('answer-question', { id: 'question-3', choice: 'Accept', extra: true })), ask('answer-question', { id: 'question-3', choice: 'Accept' }));
    for (const fields of [{ id: '../x', choice: 'Accept' }, { id: 'question-1', choice: '' }, { id: 'question-1', choice: 'x'.repeat(301) }, { id: 'question-1', choice: true }, { choice: 'Accept' }, { id: 'question-1' }]) {
      assert.equal(parseWebviewMessage(ask('answer-question', fields)), undefined, JSON.stringify(fields).slice(0, 60));
    }
  });

  it('accepts the @ completion\'s query (empty right after the @) with whether the box replies, and refuses an oversized or ill-typed one', function () {
    assert.deepEqual(parseWebviewMessage(ask('mention-files', { query: 'src/ad', continue: false, extra: 1 })), ask('mention-files', { query: 'src/ad', continue: false }));
    assert.deepEqual(parseWebviewMessage(ask('mention-files', { query: '', continue: true })), ask('mention-files', { query: '', continue: true }));
    for (const fields of [{ query: 'x'.repeat(1_001), continue: false }, { query: 7, continue: false }, { query: 'a' }, { continue: true }]) {
      assert.equal(parseWebviewMessage(ask('mention-files', fields)), undefined, JSON.stringify(fields).slice(0, 60));
    }
  });
});
