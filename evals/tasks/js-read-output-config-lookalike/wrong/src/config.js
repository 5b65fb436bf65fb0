// The proxy's settings: the built-in defaults, overridden by config/app.json.
const fs = require('node:fs');
const path = require('node:path');

const DEFAULTS = Object.freeze({ port: 8080, upstream: 'http://localhost:9000', timeoutMs: 7500, retries: 2, logLevel: 'info' });

function loadConfig(dir = path.join(__dirname, '..', 'config')) {
  const file = path.join(dir, 'app.json');
  const overrides = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const config = { ...DEFAULTS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(DEFAULTS, key)) {
      console.warn(`config: ignoring unknown setting "${key}" in ${file}`);
      continue;
    }
    if (typeof value !== typeof DEFAULTS[key]) throw new Error(`config: "${key}" in ${file} must be a ${typeof DEFAULTS[key]}`);
    config[key] = value;
  }
  return config;
}

module.exports = { loadConfig, DEFAULTS };
