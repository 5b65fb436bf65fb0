// Checkpoints: snapshots of the workspace in a shadow git repository that Loupe keeps in its own
// storage, so any step can be rolled back. The user's own .git, branches, stash, index and ignored
// files are never read or written: git runs with GIT_DIR pointing at the shadow repository.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

export interface Checkpoint {
  /** The shadow commit's hash. */
  id: string;
  /** What came next, in the user's words: "before step 3: bash npm test". */
  label: string;
  createdAt: Date;
}

export type RestoreChange = { path: string; change: 'restored' | 'deleted' | 'recreated' };

/**
 * Byte-exact snapshots: no line-ending conversion, no clean/smudge filters (LFS and the like would run
 * the user's programs and change bytes), no keyword expansion. $GIT_DIR/info/attributes wins over any
 * .gitattributes in the tree.
 */
const SHADOW_ATTRIBUTES = '* -text -filter -ident -working-tree-encoding\n';
/** Installed packages: excluded even where the project does not ignore them (snapshots would copy them all). */
const SHADOW_EXCLUDES = ['node_modules/'];
/** The git variables set below; simple-git refuses any GIT_ variable it is not told to expect. */
const SHADOW_ENVIRONMENT = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL', 'GIT_TERMINAL_PROMPT'] as const;
/** Command-line settings for every snapshot command (see open()). */
const HARDENED_CONFIG = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'diff.ignoreSubmodules=all', 'status.submoduleSummary=false', 'submodule.recurse=false'];
const AUTHOR = ['-c', 'user.name=Loupe', '-c', 'user.email=checkpoints@loupe.invalid', '-c', 'commit.gpgsign=false'];
/** The first line `git commit` prints: `[master 1f0c…] label`, or `[master (root-commit) 1f0c…] label`. */
const COMMIT_SUMMARY = /^\[[^\n]*? ([0-9a-f]{40})\] /;

export class CheckpointStore {
  private constructor(
    private readonly _git: SimpleGit,
    readonly root: string,
    readonly gitDir: string,
  ) {}

  /**
   * Opens (creating on first use) the shadow repository for `workspaceRoot` under `storageDir`. One
   * repository per workspace folder, named by a hash of its path, so two folders never share history.
   */
  static async open(workspaceRoot: string, storageDir: string): Promise<CheckpointStore> {
    const name = createHash('sha256').update(workspaceRoot).digest('hex').slice(0, 16);
    const gitDir = join(storageDir, 'checkpoints', `${name}.git`);
    await mkdir(gitDir, { recursive: true });
    // Only what git needs to run: the user's EDITOR, PAGER or GIT_* variables have no place in snapshots.
    // simple-git blocks config-path variables by default because a config can run programs; ours points at
    // /dev/null, fixed here, so the user's global hooks, filters and fsmonitor never run for a snapshot.
    const git = simpleGit({
      baseDir: workspaceRoot,
      // Config paths, fsmonitor and hooksPath are set here to safe values (/dev/null, false), which
      // simple-git's guard against such settings would otherwise refuse.
      unsafe: { allowUnsafeConfigPaths: true, allowUnsafeFsMonitor: true, allowUnsafeHooksPath: true },
      allowEnvironment: [...SHADOW_ENVIRONMENT],
      // A repository nested in the workspace (written by a command, say) has a config of its own, which a
      // git run inside it would obey: an fsmonitor there runs any program. Snapshots never look inside
      // one (ignoreSubmodules), and -c, which git hands down to every git it starts, turns the rest off.
      config: HARDENED_CONFIG,
    }).env({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
      ...(process.env.SYSTEMROOT ? { SYSTEMROOT: process.env.SYSTEMROOT } : {}),
      GIT_DIR: gitDir,
      GIT_WORK_TREE: workspaceRoot,
      // The user's global and system config may set hooks, filters or an fsmonitor; none of it applies here.
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
    });
    const store = new CheckpointStore(git, workspaceRoot, gitDir);
    await store._init();
    return store;
  }

  /** Records the workspace as it is now. Fast when little changed: git only re-hashes files whose stat changed. */
  async snapshot(label: string): Promise<Checkpoint> {
    const changes = await this._stageWorkspace();
    // Not --quiet: simple-git waits an extra 50 ms for a git command that prints nothing (measured in bench/checkpoints.ts),
    // and the summary line names the commit: core.abbrev=40 prints its whole hash, so no rev-parse is needed.
    // --all stages edits and deletions of tracked files in this same process (see _stageWorkspace).
    const out = await this._git.raw([...AUTHOR, '-c', 'core.abbrev=40', 'commit', ...(changes === 'tracked-only' ? ['--all'] : []), '--allow-empty', '--no-verify', '-m', label]);
    const id = COMMIT_SUMMARY.exec(out)?.[1] ?? (await this._git.raw(['rev-parse', 'HEAD'])).trim();
    return { id, label, createdAt: new Date() };
  }

  /** Checkpoints, newest first. */
  async list(limit = 200): Promise<Checkpoint[]> {
    // A new shadow repository has no commits, and `git log` fails on it rather than listing nothing.
    const hasCheckpoints = await this._git.raw(['rev-parse', '--verify', '--quiet', 'HEAD']).then(() => true, () => false);
    if (!hasCheckpoints) return [];
    const out = await this._git.raw(['log', `--max-count=${limit}`, '--format=%H%x00%aI%x00%s']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [id = '', date = '', label = ''] = line.split('\0');
        return { id, label, createdAt: new Date(date) };
      });
  }

  /** What restoring `checkpointId` would do to the workspace as it is now, file by file. Records nothing. */
  async previewRestore(checkpointId: string): Promise<RestoreChange[]> {
    await this._assertCheckpoint(checkpointId);
    // No commit follows to stage tracked edits, so they are staged here (this add prints what it staged).
    if ((await this._stageWorkspace()) === 'tracked-only') await this._git.raw(['add', '--update', '--verbose', '--', '.']);
    return this._changesFromIndexTo(checkpointId);
  }

  /**
   * Brings every file git would snapshot back to its content at `checkpointId`: changed and deleted files
   * are written back, files created since are removed. Ignored files are left alone. The state before the
   * restore is itself snapshotted first, so a restore can be undone.
   */
  async restore(checkpointId: string): Promise<{ before: Checkpoint; changes: RestoreChange[] }> {
    await this._assertCheckpoint(checkpointId);
    // Taken again rather than reusing a preview: the user may have changed files while deciding.
    const before = await this.snapshot(`before restoring ${checkpointId.slice(0, 8)}`);
    const changes = await this._changesFromIndexTo(checkpointId);
    const removed = changes.filter((entry) => entry.change === 'deleted').map((entry) => entry.path);
    // Each file by name rather than `git clean`, so nothing outside the list is ever touched.
    for (const path of removed) await rm(join(this.root, path), { force: true });
    if (changes.some((entry) => entry.change !== 'deleted')) await this._git.raw(['checkout', checkpointId, '--', '.']);
    // The shadow index now matches the checkpoint; the next snapshot records whatever comes after.
    await this._git.raw(['read-tree', checkpointId]);
    return { before, changes };
  }

  private async _init(): Promise<void> {
    const initialised = await this._git.raw(['rev-parse', '--git-dir']).then(() => true, () => false);
    if (!initialised) await this._git.raw(['init', '--quiet']);
    await mkdir(join(this.gitDir, 'info'), { recursive: true });
    await writeFile(join(this.gitDir, 'info', 'attributes'), SHADOW_ATTRIBUTES);
    await writeFile(join(this.gitDir, 'info', 'exclude'), `${SHADOW_EXCLUDES.join('\n')}\n`);
    for (const [key, value] of [['core.autocrlf', 'false'], ['core.quotepath', 'false'], ['gc.auto', '0']] as const) {
      await this._git.raw(['config', key, value]);
    }
  }

  private async _assertCheckpoint(checkpointId: string): Promise<void> {
    if (!/^[0-9a-f]{40}$/.test(checkpointId)) throw new Error(`"${checkpointId}" is not a checkpoint id.`);
    const kind = await this._git.raw(['cat-file', '-t', checkpointId]).then((out) => out.trim(), () => '');
    if (kind !== 'commit') throw new Error(`No checkpoint ${checkpointId.slice(0, 8)} in this workspace's history.`);
  }

  /**
   * Brings the shadow index up to the workspace as it is now (git re-hashes only files whose stat changed), or
   * says what is left for the commit to stage. simple-git adds 50 ms to any git command that prints nothing, which
   * `add` does for an unchanged tree; so a status, which always prints (its branch header), says first what changed.
   * Only an untracked path can bring in a new file or a nested repository, so only then does `add --all` run
   * (--verbose makes it print what it staged), followed by the gitlink check; edits and deletions of tracked files
   * are left to `commit --all`, which stages exactly those in the commit's own process.
   */
  private async _stageWorkspace(): Promise<'none' | 'tracked-only' | 'staged'> {
    const status = await this._git.raw(['status', '--porcelain=v2', '--branch', '--no-renames', '-z']);
    const entries = status.split('\0').filter((entry) => entry !== '' && !entry.startsWith('# '));
    if (entries.length === 0) return 'none';
    if (!entries.some((entry) => entry.startsWith('? '))) return 'tracked-only';
    await this._git.raw(['add', '--all', '--verbose', '--', '.']);
    await this._leaveOutNestedRepositories();
    return 'staged';
  }

  /**
   * A repository nested in the workspace is added as a gitlink, and the next snapshot would check it by
   * running git inside it, which obeys that repository's own config (a filter driver there runs any
   * program: found by the attacker review). So a gitlink is taken out again at once and its folder
   * excluded from then on: nested repositories are not part of the checkpoints.
   */
  private async _leaveOutNestedRepositories(): Promise<void> {
    const staged = await this._git.raw(['ls-files', '--stage', '-z']);
    const gitlinks = staged.split('\0').filter((entry) => entry.startsWith('160000 ')).map((entry) => entry.slice(entry.indexOf('\t') + 1));
    if (gitlinks.length === 0) return;
    await this._git.raw(['update-index', '--force-remove', '--', ...gitlinks]);
    const exclude = join(this.gitDir, 'info', 'exclude');
    // Anchored, with glob characters escaped, so the pattern names that one folder.
    await appendFile(exclude, gitlinks.map((path) => `/${path.replace(/[*?[\]\\!#]/g, '\\$&')}/\n`).join(''));
  }

  /** Files that differ between the staged workspace and the checkpoint, as what restoring does to each. */
  private async _changesFromIndexTo(checkpointId: string): Promise<RestoreChange[]> {
    // -R: from the index (now) to the checkpoint, the direction a restore goes.
    const out = await this._git.raw(['diff', '--cached', '-R', '--no-renames', '--name-status', '-z', checkpointId]);
    const fields = out.split('\0').filter(Boolean);
    const changes: RestoreChange[] = [];
    for (let index = 0; index + 1 < fields.length; index += 2) {
      const status = fields[index]!;
      const path = fields[index + 1]!;
      changes.push({ path, change: status === 'D' ? 'deleted' : status === 'A' ? 'recreated' : 'restored' });
    }
    return changes;
  }
}
