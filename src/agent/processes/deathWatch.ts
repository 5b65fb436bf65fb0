// Ties processes Loupe starts in process groups of their own (Xvfb, programs on the display, commands
// run without a sandbox) to Loupe's
// life, however Loupe ends. An 'exit' handler runs only on a normal exit; Ctrl+C on `npm start`, a
// SIGTERM or SIGKILL of the extension host would leave them running. So a small Node process, in a session of
// its own (no group signal reaches it), holds the read end of a pipe whose write end only Loupe holds:
// when Loupe is gone the pipe closes, its `read` ends, and it kills every group it was told about.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Writable } from 'node:stream';

// Reads `+id` (watch this group) and `-id` (it ended; forget it, its number may be reused) until the pipe
// closes, then kills each group still watched. Node rather than a shell: shells differ on `kill -- -pgid`.
const WATCHER_SOURCE = `
const groups = new Set();
let pending = '';
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk).split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    const group = Number(line.slice(1));
    if (!Number.isInteger(group) || group <= 1) continue;
    if (line[0] === '+') groups.add(group); else groups.delete(group);
  }
});
process.stdin.on('end', () => {
  for (const group of groups) for (const target of [-group, group]) { try { process.kill(target, 'SIGKILL'); } catch {} }
  process.exit(0);
});
`;

export class DeathWatch {
  private readonly _watcher: ChildProcessByStdio<Writable, null, null>;
  private _done = false;

  constructor() {
    // The extension host's execPath is Electron's, which runs plain Node scripts with ELECTRON_RUN_AS_NODE.
    this._watcher = spawn(process.execPath, ['-e', WATCHER_SOURCE], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: { ELECTRON_RUN_AS_NODE: '1' } });
    this._watcher.on('error', () => undefined);
    this._watcher.stdin.on('error', () => undefined);
    // Neither the pipe nor the child may keep Loupe alive.
    this._watcher.unref();
    (this._watcher.stdin as unknown as { unref?: () => void }).unref?.();
  }

  /** The watcher's pid (for tests). */
  get pid(): number | undefined {
    return this._watcher.pid;
  }

  /** Adds a process group (its leader's pid) to kill when Loupe dies. */
  watch(group: number): void {
    if (!this._done) this._watcher.stdin.write(`+${group}\n`);
  }

  /** The group ended (or was stopped by Loupe): forgotten, so a process that later gets its number is safe. */
  forget(group: number): void {
    if (!this._done) this._watcher.stdin.write(`-${group}\n`);
  }

  /** Loupe ended the groups itself: the watcher goes without killing anything (a pid may be reused by then). */
  release(): void {
    if (this._done) return;
    this._done = true;
    this._watcher.kill('SIGKILL');
  }
}
