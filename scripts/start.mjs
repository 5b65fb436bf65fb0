// `npm start`: opens a real VS Code with Loupe loaded on a sample repository. With desktop VS Code
// (`code` on PATH) the extension runs from this folder in development mode; otherwise code-server,
// installed into .cache/code-server on first use, serves VS Code in the browser with the packaged
// VSIX installed, until Ctrl+C.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { packageExtension } from './package.mjs';
import { installVsix, startCodeServer } from './start/codeServer.mjs';
import { ensureSampleRepo } from './start/sampleRepo.mjs';

const REPO = path.resolve(import.meta.dirname, '..');
/** code-server's own default port; another free one is used when it is taken (unless --port says which). */
const DEFAULT_PORT = 8080;

const USAGE = `npm start [-- --port N] [--cache-dir DIR] [--code-server] [--no-browser]
  --port N        serve code-server on 127.0.0.1:N (default ${DEFAULT_PORT}, or a free port if that is taken)
  --cache-dir DIR where the sample repository, extensions and code-server's state live (default .cache/start)
  --code-server   use code-server even when desktop VS Code (code) is on PATH
  --no-browser    print the URL without opening a browser`;

function log(message) {
  console.log(`[loupe start] ${message}`);
}

function onPath(program) {
  const names = process.platform === 'win32' ? [`${program}.cmd`, `${program}.exe`] : [program];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        accessSync(path.join(dir, name), constants.X_OK);
        return path.join(dir, name);
      } catch {
        // Not in this folder.
      }
    }
  }
  return undefined;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function anyFreePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function choosePort(requested) {
  if (requested !== undefined) {
    const port = Number(requested);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, not "${requested}".`);
    if (!(await portIsFree(port))) throw new Error(`Port ${port} on 127.0.0.1 is in use: pick another with --port, or leave it out for a free one.`);
    return port;
  }
  if (await portIsFree(DEFAULT_PORT)) return DEFAULT_PORT;
  const port = await anyFreePort();
  log(`port ${DEFAULT_PORT} is in use; using ${port}`);
  return port;
}

/** Best effort: a headless machine has no browser, and the printed URL is enough. */
function openInBrowser(url) {
  const opener = process.env.BROWSER || onPath('xdg-open') || (process.platform === 'darwin' ? 'open' : undefined);
  if (!opener) return;
  const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

function startDesktop(code, sample) {
  log('desktop VS Code found: building the extension and opening it in development mode');
  execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  // The extension runs from this folder (dist/ and the repo's node_modules, sharp included); VS Code keeps running after `code` returns.
  const child = spawn(code, ['--extensionDevelopmentPath', REPO, sample], { stdio: 'inherit' });
  child.on('exit', (exitCode) => process.exit(exitCode ?? 1));
}

async function startInBrowser(options, cacheDir, sample) {
  ensureCodeServer();
  log('packaging the VSIX');
  const { vsix } = await packageExtension({ out: path.join(cacheDir, 'loupe.vsix'), log });
  const extensionsDir = installVsix({ cacheDir, vsix });
  log(`installed ${path.basename(vsix)} into ${extensionsDir}`);
  const server = await startCodeServer({ cacheDir, port: await choosePort(options.port), folder: sample });
  let stopping = false;
  const stopAndExit = () => {
    stopping = true;
    log('stopping code-server');
    server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stopAndExit);
  process.once('SIGTERM', stopAndExit);
  server.exited.then((code) => {
    if (stopping) return;
    log(`code-server exited on its own (${code ?? 'killed by a signal'})`);
    process.exit(code || 1);
  });
  console.log(`\nLoupe is running in VS Code (code-server): ${server.url}\nOpen it in a browser; press Ctrl+C here to stop.\n`);
  if (options.browser) openInBrowser(server.url);
}

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'cache-dir': { type: 'string' }, 'code-server': { type: 'boolean', default: false }, browser: { type: 'boolean', default: true }, help: { type: 'boolean', default: false } },
    allowNegative: true,
  });
  if (values.help) return console.log(USAGE);
  const cacheDir = path.resolve(values['cache-dir'] ?? path.join(REPO, '.cache', 'start'));
  const { dir: sample, created } = ensureSampleRepo(path.join(cacheDir, 'sample-cart'));
  log(`${created ? 'created' : 'reusing'} the sample repository ${sample}`);
  if (!process.env.ANTHROPIC_API_KEY) log('ANTHROPIC_API_KEY is not set: run "Loupe: Set API Key" in VS Code before the first task');

  const code = values['code-server'] ? undefined : onPath('code');
  if (code) startDesktop(code, sample);
  else await startInBrowser(values, cacheDir, sample);
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}${error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `\n${USAGE}` : ''}`);
  process.exit(1);
});
