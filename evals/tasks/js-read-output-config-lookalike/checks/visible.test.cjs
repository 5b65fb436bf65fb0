const test = require('node:test');
const assert = require('node:assert/strict');
const { loadConfig } = require(require('node:path').join(process.cwd(), 'src/config.js'));
const { upstreamOptions } = require(require('node:path').join(process.cwd(), 'src/client.js'));

test('the app config overrides the defaults', () => {
  const config = loadConfig();
  assert.equal(config.port, 8443);
  assert.equal(config.upstream, 'https://inventory.internal:9443');
  assert.equal(config.retries, 3);
  assert.equal(config.logLevel, 'warn');
});

test('the upstream timeout is 7.5 s', () => {
  assert.equal(loadConfig().timeoutMs, 7500);
});

test('upstream options follow the config', () => {
  assert.deepEqual(upstreamOptions(), { baseUrl: 'https://inventory.internal:9443', timeout: 7500, retry: { limit: 3, backoffMs: 750 } });
});
