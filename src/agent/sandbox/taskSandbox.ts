// Chooses where a task's processes run: Loupe's sandbox when it is on and can run here, otherwise
// directly on the machine, and says which and why, once, in words for the user (with the fix).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Approver, NetworkDecision, NetworkRequest, ProcessHost, ProtectedUndo } from '../ports';
import { LocalProcessHost } from '../processes/localProcessHost';
import { BubblewrapSandbox } from './bubblewrapSandbox';
import { DEFAULT_ALLOWED_DOMAINS, type UpstreamNetwork } from './egressProxy';
import { SANDBOX_EXEC, SeatbeltSandbox } from './seatbeltSandbox';
import { errorText } from '../../shared/errorText';

export type SandboxMode = 'on' | 'off';

export interface SandboxSettings {
  mode: SandboxMode;
  /** Added to DEFAULT_ALLOWED_DOMAINS. */
  allowedDomains: readonly string[];
  writablePaths: readonly string[];
  protectedPaths: readonly string[];
}

export const DEFAULT_SANDBOX_SETTINGS: SandboxSettings = { mode: 'on', allowedDomains: [], writablePaths: [], protectedPaths: [] };

/** What the user is told about confinement for this task. */
export type SandboxStatus =
  | { kind: 'sandboxed'; summary: string }
  /** The user turned it off: commands run unconfined; approvals work as before. */
  | { kind: 'off'; summary: string }
  /** It cannot run here: commands run unconfined, so each one asks, even under a standing yes. */
  | { kind: 'unavailable'; summary: string; reason: string };

export interface TaskProcesses {
  host: ProcessHost;
  status: SandboxStatus;
}

/** A probe of bubblewrap takes ~10 ms; 10 s allows for a loaded machine. */
const PROBE_TIMEOUT_MS = 10_000;
let probe: Promise<string | undefined> | undefined;

/**
 * Why Loupe's sandbox cannot run on this machine, with the fix, or undefined when it can. Asked once
 * per process: it tries the namespaces the sandbox needs, since only a real try tells (a container may
 * forbid them, Ubuntu's AppArmor may restrict unprivileged user namespaces).
 */
export function sandboxUnavailableReason(platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  if (platform === 'darwin') return Promise.resolve(existsSync(SANDBOX_EXEC) ? undefined : `${SANDBOX_EXEC} is missing, so macOS's Seatbelt sandbox cannot run`);
  if (platform === 'win32') return Promise.resolve('Windows has no sandbox Loupe can use; run Loupe in WSL 2 to have one');
  if (platform !== 'linux') return Promise.resolve(`Loupe has no sandbox for ${platform}`);
  probe ??= new Promise((resolve) => {
    const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--unshare-net', '--cap-drop', 'ALL', '--die-with-parent', '--', 'true'];
    execFile('bwrap', args, { timeout: PROBE_TIMEOUT_MS, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (error, _stdout, stderr) => {
      if (!error) return resolve(undefined);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resolve('bubblewrap is not installed (on Debian or Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap)');
      const said = String(stderr).trim() || error.message;
      resolve(
        /setting up uid map|user namespace|Operation not permitted/i.test(said)
          ? `bubblewrap cannot create namespaces here (${said}); allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04 an AppArmor profile for bwrap), or run outside a container that forbids them`
          : `bubblewrap failed: ${said}`,
      );
    });
  });
  return probe;
}

export interface TaskSandboxOptions {
  workspace: string;
  settings: SandboxSettings;
  /** Asked about hosts outside the allowed network; an approver without a person says 'deny'. */
  approver: Approver;
  /** The virtual display's name, so programs in the sandbox can open on it. */
  display?: string;
  /** Folders outside the workspace its commands read but never write (bubblewrapSandbox.ts). */
  sharedFolders?: readonly string[];
  /** Tests: the proxy's resolver and dialler (a local listener standing in for a remote host). */
  network?: UpstreamNetwork;
  /** The home folder whose credential stores are hidden (default: the user's). */
  home?: string;
  /** Told of protected-path writes the sandbox undid outside a command's result (bubblewrapSandbox.ts). */
  onUndone?: (undo: ProtectedUndo) => void;
}

export async function startTaskProcesses(options: TaskSandboxOptions): Promise<TaskProcesses> {
  if (options.settings.mode === 'off') {
    return { host: new LocalProcessHost(), status: { kind: 'off', summary: 'Sandbox off (loupe.sandbox / --sandbox off): commands run unconfined, with your full access.' } };
  }
  const unavailable = await sandboxUnavailableReason();
  if (unavailable) {
    return {
      host: new LocalProcessHost(),
      status: { kind: 'unavailable', reason: unavailable, summary: `No sandbox: ${unavailable}. Commands run unconfined, so Loupe asks before each one, even with approval on auto.` },
    };
  }
  const allowedDomains = [...DEFAULT_ALLOWED_DOMAINS, ...options.settings.allowedDomains];
  const askToReach = async (request: NetworkRequest, signal: AbortSignal): Promise<NetworkDecision> => {
    if (!options.approver.approveNetworkAccess) return 'deny';
    return options.approver.approveNetworkAccess(request, signal);
  };
  const sandboxOptions = {
    workspace: options.workspace,
    allowedDomains,
    writablePaths: options.settings.writablePaths,
    protectedPaths: options.settings.protectedPaths,
    askToReach,
    ...(options.display ? { display: options.display } : {}),
    ...(options.sharedFolders?.length ? { sharedFolders: options.sharedFolders } : {}),
    ...(options.network ? { network: options.network } : {}),
    ...(options.home ? { home: options.home } : {}),
    ...(options.onUndone ? { onUndone: options.onUndone } : {}),
  };
  if (process.platform === 'darwin') {
    // Untested on a real Mac: if macOS rejects the profile, the task runs unconfined and every command asks.
    try {
      const sandbox = await SeatbeltSandbox.start(sandboxOptions);
      return { host: sandbox, status: { kind: 'sandboxed', summary: `Sandboxed (Seatbelt): writes only in the workspace, network only to localhost and ${allowedDomains.length} allowed domains.` } };
    } catch (error) {
      const reason = errorText(error);
      return { host: new LocalProcessHost(), status: { kind: 'unavailable', reason, summary: `No sandbox: ${reason}. Commands run unconfined, so Loupe asks before each one, even with approval on auto.` } };
    }
  }
  const sandbox = await BubblewrapSandbox.start(sandboxOptions);
  return {
    host: sandbox,
    status: { kind: 'sandboxed', summary: `Sandboxed (bubblewrap): writes only in the workspace, network only to localhost and ${allowedDomains.length} allowed domains.` },
  };
}
