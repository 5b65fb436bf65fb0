// The host checks every message from the panel's webview with parseWebviewMessage.
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/shared/protocol';

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
    assert.deepEqual(parseWebviewMessage({ type: 'decide-change', id: 'c1', accept: true }), { type: 'decide-change', id: 'c1', accept: true });
    assert.deepEqual(parseWebviewMessage({ type: 'decide-hunk', id: 'c1', hunk: 2, accept: false, extra: 1 }), { type: 'decide-hunk', id: 'c1', hunk: 2, accept: false });
    assert.deepEqual(parseWebviewMessage({ type: 'open-diff', id: 'c1' }), { type: 'open-diff', id: 'c1' });
    const sha = 'a'.repeat(40);
    assert.deepEqual(parseWebviewMessage({ type: 'restore-checkpoint', id: sha }), { type: 'restore-checkpoint', id: sha });
    assert.deepEqual(parseWebviewMessage({ type: 'set-thinking', on: true }), { type: 'set-thinking', on: true });
  });

  it('refuses missing or ill-typed fields, crafted ids and hunk numbers', function () {
    const bad = [
      { type: 'decide-change', id: 'c1' },
      { type: 'decide-change', id: 'c1', accept: 'yes' },
      { type: 'decide-change', id: '../../etc', accept: true },
      { type: 'decide-hunk', id: 'c1', hunk: -1, accept: true },
      { type: 'decide-hunk', id: 'c1', hunk: 1.5, accept: true },
      { type: 'decide-hunk', id: 'c1', hunk: '0', accept: true },
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
    assert.deepEqual(parseWebviewMessage({ type: 'send-task', request: 'send-1', text: '  Fix the test\n', continue: true, extra: 1 }), { type: 'send-task', request: 'send-1', text: 'Fix the test', continue: true });
    assert.deepEqual(parseWebviewMessage({ type: 'send-task', request: 'send-2', text: 'Start over', continue: false }), { type: 'send-task', request: 'send-2', text: 'Start over', continue: false });
    for (const fields of [{ request: 'r', text: '   ', continue: true }, { request: 'r', text: 'x'.repeat(50_001), continue: false }, { request: 'r', text: 42, continue: true }, { request: 'r', text: 'ok' }, { request: 'r', text: 'ok', continue: 'yes' }, { text: 'ok', continue: true }, { request: 'no spaces or <tags>', text: 'ok', continue: true }, { request: 7, text: 'ok', continue: true }]) {
      assert.equal(parseWebviewMessage({ type: 'send-task', ...fields }), undefined, JSON.stringify(fields).slice(0, 60));
    }
  });

  it('accepts an answer to a question by its id and a choice, and refuses a crafted id, an empty or oversized choice', function () {
    assert.deepEqual(parseWebviewMessage({ type: 'answer-question', id: 'question-3', choice: 'Accept', extra: true }), { type: 'answer-question', id: 'question-3', choice: 'Accept' });
    for (const fields of [{ id: '../x', choice: 'Accept' }, { id: 'question-1', choice: '' }, { id: 'question-1', choice: 'x'.repeat(301) }, { id: 'question-1', choice: true }, { choice: 'Accept' }, { id: 'question-1' }]) {
      assert.equal(parseWebviewMessage({ type: 'answer-question', ...fields }), undefined, JSON.stringify(fields).slice(0, 60));
    }
  });
});
