// Process and port facts tests check: whether a process still runs, whether an X display answers,
// and a TCP port nothing listens on. Node built-ins only: the extension-host suite bundles this too.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
