// The host's owner of disposables: newest first, once, nothing left alive by one that throws.
import assert from 'node:assert/strict';
import { DisposableOwner } from '../../src/host/disposableOwner';

class Owner extends DisposableOwner {
  own(name: string, log: string[], fail = false) {
    return this._register({ dispose: () => {
      log.push(name);
      if (fail) throw new Error(`${name} failed`);
    } });
  }
}

describe('DisposableOwner', function () {
  it('disposes what it owns newest first, and only once', function () {
    const log: string[] = [];
    const owner = new Owner();
    owner.own('emitter', log);
    owner.own('listener', log);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['listener', 'emitter']);
  });

  it('disposes at once what is registered after it was disposed', function () {
    const log: string[] = [];
    const owner = new Owner();
    owner.dispose();
    owner.own('late', log);
    assert.deepEqual(log, ['late']);
  });

  it('disposes the rest when one throws, then throws what failed', function () {
    const log: string[] = [];
    const owner = new Owner();
    owner.own('a', log);
    owner.own('b', log, true);
    owner.own('c', log);
    assert.throws(() => owner.dispose(), /b failed/);
    assert.deepEqual(log, ['c', 'b', 'a']);
    const two = new Owner();
    two.own('x', log, true);
    two.own('y', log, true);
    assert.throws(() => two.dispose(), (error: unknown) => error instanceof AggregateError && error.errors.length === 2);
  });
});
