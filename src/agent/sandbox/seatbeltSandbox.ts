// A task's sandbox on macOS: every process the agent starts runs under /usr/bin/sandbox-exec with the
// task's Seatbelt profile (seatbeltProfile.ts), its network only the loopback, where Loupe's egress proxy
// listens. macOS has no PID or network namespace to give it: processes are stopped by group and marker
// (as without a sandbox), and the loopback is shared with the user's own local services.
// UNTESTED on a real Mac (no machine here runs macOS): start() runs the profile once and throws if it fails,
// so the task falls back to asking before every command instead of breaking every command.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostedProcess, ProcessHost, ProcessRequest } from '../ports';
import { LocalProcessHost } from '../processes/localProcessHost';
import type { SandboxOptions } from './bubblewrapSandbox';
import { EgressProxy } from './egressProxy';
import { credentialStorePaths, PROTECTED_WORKSPACE_PATHS } from './protectedPaths';
import { sandboxEnvironment } from './sandboxEnvironment';
import { seatbeltProfile } from './seatbeltProfile';

export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';
/** How long the start-up check of the profile may take. */
const PROFILE_CHECK_TIMEOUT_MS = 10_000;

export class SeatbeltSandbox implements ProcessHost {
  readonly sandboxed = true;
  readonly env: Record<string, string>;
  private readonly _processes: LocalProcessHost;

  private constructor(
    private readonly _proxy: EgressProxy,
    private readonly _folder: string,
    profile: string,
    scratch: string,
  ) {
    this.env = sandboxEnvironment(_proxy.port ?? 0, scratch);
    this._processes = new LocalProcessHost((request: ProcessRequest) => ({ ...request, file: SANDBOX_EXEC, args: ['-p', profile, request.file, ...request.args] }));
  }

  static async start(options: SandboxOptions): Promise<SeatbeltSandbox> {
    const workspace = await realpath(options.workspace);
    const folder = await realpath(await mkdtemp(join(tmpdir(), 'loupe-sandbox-')));
    const scratch = join(folder, 'scratch');
    let proxy: EgressProxy | undefined;
    const closing = new AbortController();
    try {
      await mkdir(scratch);
      const ask = options.askToReach;
      proxy = await EgressProxy.start({
        allowedDomains: options.allowedDomains,
        ...(ask ? { askToReach: (request) => ask(request, closing.signal) } : {}),
        ...(options.network ? { network: options.network } : {}),
      });
      const extra = options.protectedPaths ?? [];
      const writable: string[] = [];
      for (const path of options.writablePaths ?? []) {
        const real = await realpath(path.replace(/^~(?=\/|$)/, homedir())).catch(() => undefined);
        if (real) writable.push(real);
      }
      const profile = seatbeltProfile({
        workspace,
        scratch,
        writable,
        protectedPaths: [...PROTECTED_WORKSPACE_PATHS, ...extra.filter((path) => !path.startsWith('/') && !path.startsWith('~/'))],
        hidden: credentialStorePaths(extra.filter((path) => path.startsWith('/') || path.startsWith('~/')).map((path) => path.replace(/^~\//, '')), options.home),
      });
      await checkProfile(profile, workspace);
      const sandbox = new SeatbeltSandbox(proxy, folder, profile, scratch);
      sandbox._closing = closing;
      return sandbox;
    } catch (error) {
      closing.abort();
      await proxy?.close();
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  private _closing: AbortController | undefined;

  start(request: ProcessRequest): HostedProcess {
    return this._processes.start(request);
  }

  takeBlockedHosts(): string[] {
    return this._proxy.takeBlockedHosts();
  }

  async dispose(): Promise<void> {
    this._closing?.abort();
    await this._processes.dispose();
    await this._proxy.close();
    await rm(this._folder, { recursive: true, force: true });
  }
}

/** Runs `true` under the profile: a profile macOS rejects must not reach the agent's commands. */
function checkProfile(profile: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(SANDBOX_EXEC, ['-p', profile, '/usr/bin/true'], { cwd, timeout: PROFILE_CHECK_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`sandbox-exec refused Loupe's profile: ${String(stderr).trim() || error.message}`));
      else resolve();
    });
  });
}
