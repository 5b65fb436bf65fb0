// Memoizes an async loader per key for `ttlMs` milliseconds after the value was loaded.
// `now` can be replaced (tests use a fake clock). The promise is cached, so concurrent callers
// share one load.
class AsyncCache {
  constructor(loader, { ttlMs = 60_000, now = Date.now } = {}) {
    this.loader = loader;
    this.ttlMs = ttlMs;
    this.now = now;
    this.entries = new Map();
  }

  get(key) {
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) return entry.promise;
    const promise = Promise.resolve().then(() => this.loader(key));
    this.entries.set(key, { promise, expires: this.now() + this.ttlMs });
    return promise;
  }

  delete(key) {
    this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }

  get size() {
    return this.entries.size;
  }
}

module.exports = { AsyncCache };
