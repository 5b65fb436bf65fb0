// Ties processes Loupe starts in process groups of their own (Xvfb, programs on the display) to Loupe's
// life, however Loupe ends. An 'exit' handler runs only on a normal exit; Ctrl+C on `npm start`, a
// SIGTERM or SIGKILL of the extension host would leave them running. So a small shell, in a session of
// its own (no group signal reaches it), holds the read end of a pipe whose write end only Loupe holds:
// when Loupe is gone the pipe closes, its `read` ends, and it kills every group it was told about.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

// Reads one process group id per line until the pipe closes, then kills each group and its leader.
const WATCHER_SCRIPT = 'groups=""; while read -r group; do groups="$groups $group"; done; for group in $groups; do kill -KILL -- "-$group" 2>/dev/null; kill -KILL "$group" 2>/dev/null; done';

export class DeathWatch {
  private readonly _watcher: ChildProcessWithoutNullStreams;
  private _done = false;

  constructor() {
    this._watcher = spawn('sh', ['-c', WATCHER_SCRIPT], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this._watcher.on('error', () => undefined);
    this._watcher.stdin.on('error', () => undefined);
    // Neither the pipe nor the child may keep Loupe alive.
    this._watcher.unref();
    for (const stream of [this._watcher.stdin, this._watcher.stdout, this._watcher.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  }

  /** The watcher's pid (for tests). */
  get pid(): number | undefined {
    return this._watcher.pid;
  }

  /** Adds a process group (its leader's pid) to kill when Loupe dies. */
  watch(group: number): void {
    if (!this._done) this._watcher.stdin.write(`${group}\n`);
  }

  /** Loupe ended the groups itself: the watcher goes without killing anything (a pid may be reused by then). */
  release(): void {
    if (this._done) return;
    this._done = true;
    this._watcher.kill('SIGKILL');
  }
}
