// Runs code-server for `npm start`: installs the Loupe VSIX into the start cache's own extensions
// folder, then serves the workbench on 127.0.0.1 with everything it writes (settings, state, logs)
// kept in that cache, away from the user's ~/.config and ~/.local.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENTRY, NODE } from '../ensure-code-server.mjs';

/** code-server listens within seconds; TESTING.md saw the workbench ready in about 8 s. */
const LISTEN_TIMEOUT_MS = 60_000;
const HEALTH_POLL_INTERVAL_MS = 250;
/** After SIGTERM, how long code-server gets to close its extension hosts before SIGKILL. */
const STOP_GRACE_MS = 5_000;

function folders(cacheDir) {
  return {
    config: path.join(cacheDir, 'code-server.yaml'),
    userData: path.join(cacheDir, 'user-data'),
    extensions: path.join(cacheDir, 'extensions'),
    xdg: path.join(cacheDir, 'xdg'),
  };
}

/** The caller's environment (ANTHROPIC_API_KEY included) without an outer VS Code's variables, which would route CLI calls to it. */
function environment(dirs) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VSCODE_')));
  return { ...env, XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'), XDG_DATA_HOME: path.join(dirs.xdg, 'data'), XDG_CACHE_HOME: path.join(dirs.xdg, 'cache') };
}

function commonArgs(dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/**
 * The first start opens the sample's README (it suggests a first task) instead of the welcome page.
 * Written only when there are no settings yet: after that they are the user's.
 */
const FIRST_RUN_SETTINGS = { 'workbench.startupEditor': 'readme' };

function prepareFolders(dirs) {
  for (const dir of [path.join(dirs.userData, 'User'), dirs.extensions, dirs.xdg]) mkdirSync(dir, { recursive: true });
  // An explicit config file keeps code-server from writing ~/.config/code-server/config.yaml.
  writeFileSync(dirs.config, 'auth: none\n');
  const settings = path.join(dirs.userData, 'User', 'settings.json');
  if (!existsSync(settings)) writeFileSync(settings, JSON.stringify(FIRST_RUN_SETTINGS, null, 2) + '\n');
}

/** Installs (or replaces) the VSIX in the cache's extensions folder, as `code --install-extension` would. */
export function installVsix({ cacheDir, vsix }) {
  const dirs = folders(cacheDir);
  prepareFolders(dirs);
  execFileSync(NODE, [ENTRY, ...commonArgs(dirs), '--install-extension', vsix, '--force'], { env: environment(dirs), stdio: ['ignore', 'ignore', 'inherit'] });
  return dirs.extensions;
}

async function waitUntilHealthy(url, child) {
  const deadline = Date.now() + LISTEN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited while starting (${child.signalCode ?? `exit code ${child.exitCode}`}); its output is above.`);
    const healthy = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_INTERVAL_MS));
  }
  throw new Error(`code-server did not answer on ${url} within ${LISTEN_TIMEOUT_MS / 1000} s.`);
}

/**
 * Starts code-server on `folder` and resolves once it answers. Workspace Trust is off: this is a
 * dedicated instance opened on the sample (in Restricted Mode Loupe would run no tools).
 * Returns the workbench URL, the child, and stop() which ends code-server and everything it started.
 */
export async function startCodeServer({ cacheDir, port, folder }) {
  const dirs = folders(cacheDir);
  const args = [ENTRY, ...commonArgs(dirs), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', folder];
  // Its own process group, so stop() reaches the extension hosts and the processes Loupe started too.
  const child = spawn(NODE, args, { cwd: folder, env: environment(dirs), detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const signalGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    // Children that outlived code-server (an extension host finishing up) share its group.
    signalGroup('SIGKILL');
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(base, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `${base}/?folder=${encodeURIComponent(folder)}`, child, exited, stop };
}
