const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadConfig, DEFAULTS } = require(path.join(process.cwd(), 'src/config.js'));

function configIn(json) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
  if (json !== undefined) fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(json));
  return dir;
}

test('config/app.json sets timeoutMs under its real (ASCII) name', () => {
  const raw = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'config/app.json'), 'utf8'));
  for (const key of Object.keys(raw)) assert.match(key, /^[\x20-\x7e]+$/, `config/app.json has a key with non-ASCII characters: ${JSON.stringify(key)} (${[...key].map((c) => `U+${c.codePointAt(0).toString(16).padStart(4, '0')}`).join(' ')})`);
  assert.equal(raw.timeoutMs, 7500);
  assert.deepEqual(Object.keys(raw).sort(), ['logLevel', 'port', 'retries', 'timeoutMs', 'upstream']);
});

test('the built-in defaults are unchanged', () => {
  assert.deepEqual({ ...DEFAULTS }, { port: 8080, upstream: 'http://localhost:9000', timeoutMs: 5000, retries: 2, logLevel: 'info' });
  assert.equal(loadConfig(configIn(undefined)).timeoutMs, 5000);
  assert.equal(loadConfig(configIn({ retries: 1 })).timeoutMs, 5000);
});

test('other config files still override and unknown settings are still ignored', (t) => {
  const warnings = [];
  t.mock.method(console, 'warn', (message) => warnings.push(String(message)));
  const config = loadConfig(configIn({ timeoutMs: 1234, bogus: true }));
  assert.equal(config.timeoutMs, 1234);
  assert.equal(config.bogus, undefined);
  assert.equal(warnings.length, 1);
  assert.throws(() => loadConfig(configIn({ timeoutMs: '7500' })), /must be a number/);
});
