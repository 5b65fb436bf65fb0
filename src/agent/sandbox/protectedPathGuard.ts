// Keeps the protected paths that could not be mounted read-only (they did not exist when the sandbox
// started) as the task's outside writers left them. The baseline is their state at the start plus what
// was written from outside the sandbox (the agent's editor, after the user's review); anything else
// there is a sandboxed process's doing, whether a command or a background program, and is undone:
// after each command, as soon as a watch on their folders sees a change, and once more at the end, after
// every process of the task has stopped. Reading is done here, without following links
// (protectedSnapshot.ts); the undo itself runs in a fresh sandbox (undoSource.ts), never here.
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { guardedRoots, plannedPaths, snapshotProtected, undoPlan, type GuardedPaths, type ProtectedSnapshot, type UndoPlan, type UndoResult } from './protectedSnapshot';
import { errorText } from '../../shared/errorText';

export interface ProtectedPathGuardOptions {
  paths: GuardedPaths;
  /** Carries the plan out in a fresh sandbox. */
  carryOut(plan: UndoPlan): Promise<UndoResult>;
  /** Told at once of what the watch found and undid (the model hears of it at the next undo() too). */
  onWatchUndo?: (result: UndoResult) => void;
}

export class ProtectedPathGuard {
  /** Serialises snapshots, undos and outside writes, so none sees another half done. */
  private _queue: Promise<unknown> = Promise.resolve();
  private _unreported: UndoResult = { undone: [], failed: [] };
  private readonly _watchers = new Map<string, FSWatcher>();
  private _checkQueued = false;
  private _closed = false;
  /** The workspace folder's mode at the start: the owner's permissions are given back if a command takes them. */
  private _workspaceMode: number | undefined;

  private constructor(
    private readonly _options: ProtectedPathGuardOptions,
    private _baseline: ProtectedSnapshot,
  ) {}

  static async start(options: ProtectedPathGuardOptions): Promise<ProtectedPathGuard> {
    const guard = new ProtectedPathGuard(options, await snapshotProtected(await guardedRoots(options.paths)));
    const workspace = options.paths.repositories?.workspace;
    guard._workspaceMode = workspace ? (await stat(workspace)).mode : undefined;
    guard._watchFolders();
    return guard;
  }

  /** Undoes what sandboxed processes wrote since the baseline; returns everything undone (or not) since the last call. */
  undo(): Promise<UndoResult> {
    return this._serial(async () => {
      await this._undoNow();
      return this._takeUnreported();
    });
  }

  /**
   * A write from outside the sandbox: what it writes at `path` becomes the baseline there. Sandboxed
   * writes made before it are undone first; one made at another protected path meanwhile is not accepted.
   */
  writeFromOutside<T>(path: string, write: () => Promise<T>): Promise<T> {
    return this._serial(async () => {
      await this._undoNow();
      try {
        return await write();
      } finally {
        await this._accept(path);
        this._watchFolders();
      }
    });
  }

  /** The last undo, for when every process of the task has stopped; stops watching. */
  async close(): Promise<UndoResult> {
    this._closed = true;
    for (const watcher of this._watchers.values()) watcher.close();
    this._watchers.clear();
    return this._serial(async () => {
      // Nothing runs any more, so this look can take its time: every folder is searched.
      await this._undoNow(true);
      return this._takeUnreported();
    });
  }

  private _takeUnreported(): UndoResult {
    const taken = this._unreported;
    this._unreported = { undone: [], failed: [] };
    return taken;
  }

  private _serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this._queue.then(step);
    this._queue = next.catch(() => undefined);
    return next;
  }

  private async _undoNow(complete = false): Promise<UndoResult> {
    // A workspace whose permissions a command took away (chmod 600 .) would hide what it planted: given
    // back before the look, and again in every undo (a command may take them again in between).
    const workspace = this._options.paths.repositories?.workspace;
    const repair = workspace && this._workspaceMode !== undefined ? [{ path: workspace, mode: this._workspaceMode }] : [];
    if (workspace && this._workspaceMode !== undefined) {
      const mode = (await stat(workspace).catch(() => undefined))?.mode;
      if (mode !== undefined && (mode & this._workspaceMode & 0o700) !== (this._workspaceMode & 0o700)) {
        await this._options.carryOut({ aside: [], restore: [], repair }).catch(() => undefined);
      }
    }
    const now = await snapshotProtected(await guardedRoots(this._options.paths, complete));
    const plan = { ...undoPlan(this._baseline, now), repair };
    if (plan.aside.length === 0 && plan.restore.length === 0) return { undone: [], failed: [] };
    let result: UndoResult;
    try {
      result = await this._options.carryOut(plan);
    } catch (error) {
      const why = errorText(error);
      result = { undone: [], failed: plannedPaths(plan).map((path) => ({ path, why })) };
    }
    // A path undone now is no longer a failure of an earlier try.
    const undone = new Set(result.undone.map(({ path }) => path));
    this._unreported.failed = this._unreported.failed.filter(({ path }) => !undone.has(path));
    this._unreported.undone.push(...result.undone);
    this._unreported.failed.push(...result.failed);
    return result;
  }

  /** Takes what is now at `path`, and the folders above it up to its protected root, into the baseline. */
  private async _accept(path: string): Promise<void> {
    const roots = await guardedRoots(this._options.paths);
    const root = roots.find((candidate) => path === candidate || path.startsWith(`${candidate}/`));
    if (!root) return;
    const now = await snapshotProtected([root]);
    for (let at = path; ; at = dirname(at)) {
      const entry = now.get(at);
      if (entry) this._baseline.set(at, entry);
      else this._baseline.delete(at);
      if (at === root || at.length <= root.length) break;
    }
  }

  /**
   * Watches the folders protected names live in (the workspace root, mostly) and the protected folders
   * the baseline holds, so a background program's write is undone within moments, not at the next command.
   */
  private _watchFolders(): void {
    if (this._closed) return;
    const folders = new Map<string, Set<string> | 'any'>();
    const note = (folder: string, name: string | 'any'): void => {
      const names = folders.get(folder);
      if (name === 'any' || names === 'any') folders.set(folder, 'any');
      else folders.set(folder, new Set([...(names ?? []), name]));
    };
    for (const path of this._options.paths.exact) note(dirname(path), basename(path));
    for (const glob of this._options.paths.globs) note(glob.folder, 'any');
    for (const [path, entry] of this._baseline) if (entry.kind === 'dir') note(path, 'any');
    for (const [folder, names] of folders) {
      if (this._watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, { persistent: false }, (_event, name) => {
          if (names === 'any' || !name || names.has(String(name))) this._queueUndo();
        });
        watcher.on('error', () => {
          watcher.close();
          this._watchers.delete(folder);
        });
        this._watchers.set(folder, watcher);
      } catch {
        // The folder does not exist (yet): what appears in it appears under a watched parent.
      }
    }
  }

  private _queueUndo(): void {
    if (this._checkQueued || this._closed) return;
    this._checkQueued = true;
    void this._serial(async () => {
      this._checkQueued = false;
      const result = await this._undoNow();
      if (result.undone.length > 0 || result.failed.length > 0) this._options.onWatchUndo?.(result);
    });
  }
}
