import assert from 'node:assert/strict';
import { LoopGuard, REPEAT_STOP_AT, REPEAT_WARN_AT, stableStringify } from '../../src/agent/loopGuard';

describe('loop guard', () => {
  it('runs the first two identical calls and refuses the third', () => {
    const guard = new LoopGuard();
    const verdicts = Array.from({ length: REPEAT_WARN_AT }, () => guard.check('bash', { command: 'ls' }).kind);
    assert.deepEqual(verdicts, ['run', 'run', 'refuse']);
  });

  it('treats inputs with the same keys in another order as identical', () => {
    assert.equal(stableStringify({ a: 1, b: [2, { d: 4, c: 3 }] }), stableStringify({ b: [2, { c: 3, d: 4 }], a: 1 }));
  });

  it('starts counting again after a different call', () => {
    const guard = new LoopGuard();
    guard.check('bash', { command: 'ls' });
    guard.check('bash', { command: 'ls' });
    assert.equal(guard.check('bash', { command: 'pwd' }).kind, 'run');
    assert.equal(guard.check('bash', { command: 'ls' }).kind, 'run');
  });

  it('stops the session when the model keeps repeating after being told', () => {
    const guard = new LoopGuard();
    let last = guard.check('view', { path: 'a' });
    for (let i = 1; i < REPEAT_STOP_AT; i++) last = guard.check('view', { path: 'a' });
    assert.equal(last.kind, 'stop');
  });

  it('gives calls the tool calls observations (screenshots, waits) more room, since looking again is how a page load is awaited', () => {
    const guard = new LoopGuard();
    const verdicts = Array.from({ length: REPEAT_WARN_AT * 3 }, () => guard.check('screenshot', {}, true).kind);
    assert.equal(verdicts.lastIndexOf('run'), REPEAT_WARN_AT * 3 - 2);
    assert.equal(verdicts.at(-1), 'refuse');
    const beta = new LoopGuard();
    assert.deepEqual(Array.from({ length: REPEAT_WARN_AT }, () => beta.check('computer', { action: 'screenshot' }, true).kind), ['run', 'run', 'run']);
  });
});
