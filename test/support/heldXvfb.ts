// An Xvfb that waits at its start until the test lets it go: a real process on PATH in front of the
// real Xvfb, so a test can stop a task at the moment its display is starting, with no timing guess.
// While held, the wrapper writes its pid to `started` and blocks opening a FIFO nobody writes to: it
// never goes on. Not held, it is the real Xvfb (a suite can keep it on PATH for all its tasks).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface HeldXvfb {
  /** PATH with the wrapper first, for the process under test. */
  path: string;
  /** From now on, an Xvfb started waits (until it is killed). */
  hold(): void;
  /** Resolves with the wrapper's pid once Loupe has started it and it waits. */
  started(timeoutMs: number): Promise<number>;
  /** Xvfb starts as usual again. */
  letGo(): void;
  remove(): void;
}

export function holdXvfb(): HeldXvfb {
  const folder = mkdtempSync(join(tmpdir(), 'loupe-held-xvfb-'));
  const realXvfb = execFileSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' }).trim();
  const gate = join(folder, 'gate');
  const pidFile = join(folder, 'started');
  const wrapper = join(folder, 'Xvfb');
  writeFileSync(wrapper, `#!/bin/sh\nif [ -p '${gate}' ]; then\n  echo $$ > '${pidFile}.new' && mv '${pidFile}.new' '${pidFile}'\n  read _ < '${gate}'\nfi\nexec '${realXvfb}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return {
    path: `${folder}${delimiter}${process.env.PATH ?? ''}`,
    hold: () => execFileSync('mkfifo', [gate]),
    letGo: () => {
      rmSync(gate, { force: true });
      rmSync(pidFile, { force: true });
    },
    async started(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pid = Number(readFileSyncOrEmpty(pidFile));
        if (pid > 0) return pid;
        if (Date.now() > deadline) throw new Error(`the held Xvfb was not started within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

function readFileSyncOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
