// What of git's metadata in the workspace a sandboxed process may not change, because git (the user's,
// VS Code's, Loupe's own) would obey it outside the sandbox: in every repository's git folder its
// config, hooks, and the files that send git elsewhere for them (commondir, worktrees, modules, the
// per-worktree config); a `.git` file (a worktree or submodule pointing at its git folder), which
// could be pointed at a folder the command wrote; a `.git` where there was none (a new repository at
// the top, or nested a few levels down, where VS Code's Git extension finds and opens it). Found by
// the attacker review: each of these ran a command on the host at the user's next `git status`.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Inside a git folder: what makes git run programs, or read its config and hooks from somewhere else. */
export const GIT_FOLDER_PROTECTED = ['hooks', 'config', 'config.worktree', 'commondir', 'worktrees', 'modules'];

/**
 * How deep below the workspace a new `.git` is looked for. VS Code's Git extension opens repositories
 * it finds in subfolders (git.repositoryScanMaxDepth, 1 by default); deeper ones only a person opens.
 */
export const NESTED_GIT_DEPTH = 3;
/** Folders never searched for repositories (installed packages; VS Code's scan skips them too). */
const NOT_SEARCHED = new Set(['node_modules', '.git']);
/** A search that visits more folders than this stops: the watch must stay cheap on a huge tree. */
const MAX_FOLDERS_SEARCHED = 4_000;

export interface GitMetadataLayout {
  /** Existing paths to mount read-only over themselves. */
  readOnly: string[];
  /** Paths that do not exist yet and must not come to exist (the guard undoes them). */
  guarded: string[];
  /** Every `.git` present at the start (the top one and nested ones); any other found later is guarded. */
  known: string[];
}

export async function gitMetadataLayout(workspace: string): Promise<GitMetadataLayout> {
  const layout: GitMetadataLayout = { readOnly: [], guarded: [], known: [] };
  const top = join(workspace, '.git');
  const found = await findGitEntries(workspace);
  if (!found.includes(top)) layout.guarded.push(top);
  for (const entry of found) {
    layout.known.push(entry);
    const info = await lstat(entry);
    if (!info.isDirectory()) {
      // A .git file (or a link): mounted as it is, so it cannot be pointed elsewhere.
      if (info.isFile()) layout.readOnly.push(entry);
      continue;
    }
    for (const name of GIT_FOLDER_PROTECTED) {
      const path = join(entry, name);
      const inside = await lstat(path).catch(() => undefined);
      if (inside && !inside.isSymbolicLink()) layout.readOnly.push(path);
      else if (!inside) layout.guarded.push(path);
    }
  }
  return layout;
}

/** The `.git` entries (folders, files or links) in the workspace and its folders down to NESTED_GIT_DEPTH. */
export async function findGitEntries(workspace: string): Promise<string[]> {
  const found: string[] = [];
  let visited = 0;
  let level = [workspace];
  for (let depth = 0; depth <= NESTED_GIT_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      if (++visited > MAX_FOLDERS_SEARCHED) return found;
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.name === '.git') found.push(join(folder, entry.name));
        else if (entry.isDirectory() && !NOT_SEARCHED.has(entry.name)) next.push(join(folder, entry.name));
      }
    }
    level = next;
  }
  return found;
}
