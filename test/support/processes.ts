// Process and port facts tests check: whether a process still runs, whether an X display answers,
// and a TCP port nothing listens on. Node built-ins only: the extension-host suite bundles this too.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

// A killed process whose parent has gone can linger as a zombie (state Z) where PID 1 does not reap
// orphans, as on these machines; it runs nothing.

export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Whether an X server answers on `display` (Xvfb picks its number with -displayfd, so its command line does not say). */
export async function displayIsUp(display: string): Promise<boolean> {
  return promisify(execFile)('xdpyinfo', ['-display', display], { timeout: 10_000 }).then(() => true, () => false);
}

/** A port on 127.0.0.1 that was free a moment ago (nothing listens on it once this returns). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('Could not find a free TCP port on 127.0.0.1.');
  return address.port;
}

/**
 * The pid of the X server listening on a local display (`:3`), found by its socket: Xvfb started with
 * -displayfd writes no lock file, so the socket's inode in /proc/net/unix, and the process holding
 * it, are how to tell which Xvfb owns the display. Undefined when nothing listens there.
 */
export function xServerPid(display: string): number | undefined {
  const number = /^:(\d+)$/.exec(display)?.[1];
  if (number === undefined) throw new Error(`not a local display: ${display}`);
  const paths = new Set([`/tmp/.X11-unix/X${number}`, `@/tmp/.X11-unix/X${number}`]);
  const inodes = new Set(
    readFileSync('/proc/net/unix', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length >= 8 && paths.has(fields[7]!))
      .map((fields) => `socket:[${fields[6]}]`),
  );
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        // The fd closed meanwhile.
      }
    }
  }
  return undefined;
}
