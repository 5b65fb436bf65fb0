// Memoizes an async loader per key for `ttlMs` milliseconds after the value was loaded.
// `now` can be replaced (tests use a fake clock). A load in progress is shared by every caller of
// its key; a failed load is dropped, so the next call tries again.
class AsyncCache {
  constructor(loader, { ttlMs = 60_000, now = Date.now } = {}) {
    this.loader = loader;
    this.ttlMs = ttlMs;
    this.now = now;
    this.entries = new Map();
  }

  get(key) {
    const entry = this.entries.get(key);
    if (entry && (entry.loading || entry.expires > this.now())) return entry.promise;
    const promise = Promise.resolve().then(() => this.loader(key));
    const record = { promise, loading: true, expires: 0 };
    this.entries.set(key, record);
    promise.then(
      () => {
        record.loading = false;
        record.expires = this.now() + this.ttlMs;
      },
      () => {
        if (this.entries.get(key) === record) this.entries.delete(key);
      },
    );
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
