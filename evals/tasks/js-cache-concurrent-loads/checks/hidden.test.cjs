const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { AsyncCache } = require(path.join(process.cwd(), 'src/cache.js'));
const { createUserDirectory } = require(path.join(process.cwd(), 'src/users.js'));

function fakeClock() {
  let time = 1_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

// A loader whose loads finish only when the test says so.
function controlledLoader() {
  const pending = [];
  const loader = (key) => new Promise((resolve, reject) => pending.push({ key, resolve, reject }));
  return { loader, pending };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const STILL_LOADING = Symbol('still loading');
// The promise's value if it settles within a turn of the event loop, so a test never waits forever.
async function valueNow(promise, what) {
  const value = await Promise.race([promise, settle().then(() => settle()).then(() => STILL_LOADING)]);
  assert.notEqual(value, STILL_LOADING, `${what}: still waiting on a load that should not be running`);
  return value;
}

test('concurrent gets for one key share a single load', async () => {
  const { loader, pending } = controlledLoader();
  const cache = new AsyncCache(loader);
  const first = cache.get('u1');
  const second = cache.get('u1');
  const third = cache.get('u1');
  await settle();
  assert.equal(pending.length, 1, 'the loader ran more than once for one key');
  pending[0].resolve({ name: 'Ada' });
  const values = await Promise.all([first, second, third]);
  assert.deepEqual(values, [{ name: 'Ada' }, { name: 'Ada' }, { name: 'Ada' }]);
  assert.equal(await valueNow(cache.get('u1'), 'a get after the load'), values[0]);
  assert.equal(pending.length, 1);
});

test('different keys load independently and concurrently', async () => {
  const { loader, pending } = controlledLoader();
  const cache = new AsyncCache(loader);
  const a = cache.get('a');
  const b = cache.get('b');
  await settle();
  assert.deepEqual(pending.map((load) => load.key), ['a', 'b']);
  pending[1].resolve('B');
  pending[0].resolve('A');
  assert.deepEqual(await Promise.all([a, b]), ['A', 'B']);
});

test('a failed load reaches every waiter and is not cached', async () => {
  const { loader, pending } = controlledLoader();
  const cache = new AsyncCache(loader);
  const first = cache.get('k');
  const second = cache.get('k');
  await settle();
  assert.equal(pending.length, 1);
  pending[0].reject(new Error('timeout'));
  await assert.rejects(first, /timeout/);
  await assert.rejects(second, /timeout/);
  const retry = cache.get('k');
  await settle();
  assert.equal(pending.length, 2, 'the next get after a failure did not try again');
  pending[1].resolve('ok');
  assert.equal(await retry, 'ok');
  assert.equal(await valueNow(cache.get('k'), 'a get after the retry'), 'ok');
  assert.equal(pending.length, 2);
});

test('a loader that throws synchronously is not cached either', async () => {
  let calls = 0;
  const cache = new AsyncCache(() => {
    calls += 1;
    if (calls === 1) throw new Error('boom');
    return Promise.resolve('fine');
  });
  await assert.rejects(Promise.resolve().then(() => cache.get('x')), /boom/);
  assert.equal(await cache.get('x'), 'fine');
  assert.equal(calls, 2);
});

test('the TTL counts from when the value was loaded', async () => {
  const clock = fakeClock();
  const { loader, pending } = controlledLoader();
  const cache = new AsyncCache(loader, { ttlMs: 100, now: clock.now });
  const first = cache.get('a');
  await settle();
  clock.advance(500); // a slow load
  pending[0].resolve('v1');
  assert.equal(await first, 'v1');
  clock.advance(99);
  assert.equal(await valueNow(cache.get('a'), 'a get within the TTL'), 'v1');
  assert.equal(pending.length, 1, 'reloaded before the TTL was over');
  clock.advance(1);
  const second = cache.get('a');
  await settle();
  assert.equal(pending.length, 2, 'not reloaded after the TTL');
  pending[1].resolve('v2');
  assert.equal(await second, 'v2');
});

test('delete and clear force a reload', async () => {
  let calls = 0;
  const cache = new AsyncCache(async (key) => `${key}${++calls}`);
  assert.equal(await cache.get('a'), 'a1');
  cache.delete('a');
  assert.equal(await cache.get('a'), 'a2');
  await cache.get('b');
  cache.clear();
  assert.equal(await cache.get('a'), 'a4');
  assert.equal(await cache.get('b'), 'b5');
});

test('the user directory asks the API once per id on a burst', async () => {
  const requests = [];
  const api = { fetchUser: async (id) => (requests.push(id), { id, name: `User ${id}` }) };
  const directory = createUserDirectory(api);
  const names = await Promise.all([directory.displayNames([1, 2, 1]), directory.user(2), directory.displayNames([2, 1])]);
  assert.deepEqual(names[0], ['User 1', 'User 2', 'User 1']);
  assert.deepEqual(names[2], ['User 2', 'User 1']);
  assert.deepEqual([...requests].sort(), [1, 2]);
});
