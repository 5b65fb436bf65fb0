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
