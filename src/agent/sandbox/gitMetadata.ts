// What of git's metadata in the workspace a sandboxed process may not change, because git (the user's,
// VS Code's, Loupe's own) would obey it outside the sandbox: every repository's git folder, and a `.git`
// where there was none (a new repository at the top, or nested a few levels down, where VS Code's Git
// extension finds and opens it). Found by two attacker reviews: each way in ran a command on the host
// at the user's next `git status`.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

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
  /** Existing paths to mount read-only over themselves: every git folder and .git file, whole. */
  readOnly: string[];
  /** Paths that do not exist yet and must not come to exist (the guard undoes them). */
  guarded: string[];
  /**
   * The identities (device and inode) of every repository entry present at the start: any other found
   * later, even at a path one of them had, is new and guarded.
   */
  knownIdentities: string[];
}

/**
 * Every repository's git folder (or .git file) read-only, whole: git obeys far more of it than its config
 * and hooks (an invalid HEAD makes git take the folder above for a bare repository; a rebase left in
 * progress runs its todo's exec lines), and the attacker reviews kept finding more. A commit is then
 * refused in the sandbox and offered outside it, with the person's yes. A folder with no .git has its
 * .git and a root HEAD guarded: either would make it a repository (a bare one, from HEAD, objects and
 * refs at the root).
 */
export async function gitMetadataLayout(workspace: string): Promise<GitMetadataLayout> {
  const layout: GitMetadataLayout = { readOnly: [], guarded: [], knownIdentities: [] };
  const top = join(workspace, '.git');
  const found = await findGitEntries(workspace, true);
  if (!found.includes(top)) layout.guarded.push(top);
  if (!(await lstat(join(workspace, 'HEAD')).catch(() => undefined))) layout.guarded.push(join(workspace, 'HEAD'));
  for (const entry of found) {
    const identity = await identityOf(entry);
    if (identity) layout.knownIdentities.push(identity);
    const info = await lstat(entry);
    if (info.isDirectory() || info.isFile()) layout.readOnly.push(entry);
    // A link would be mounted as its target, which may be anywhere: it is guarded as it is instead.
    else if (info.isSymbolicLink()) layout.guarded.push(entry);
  }
  return layout;
}

/**
 * Whatever in the workspace and its folders down to NESTED_GIT_DEPTH makes git see a repository: a
 * `.git` (folder, file or link), the `HEAD` of a bare layout (HEAD, objects and refs side by side: git
 * takes such a folder for a repository, and without its HEAD it is not one), and a link to a folder
 * that holds either (a repository hidden under node_modules, reached through it). `complete` searches
 * every folder; otherwise the search stops after MAX_FOLDERS_SEARCHED below the first level, so that a
 * tree padded with folders cannot make every command slow (the last look of a task is complete).
 */
export async function findGitEntries(workspace: string, complete = false): Promise<string[]> {
  const found: string[] = [];
  let visited = 0;
  let level = [workspace];
  for (let depth = 0; depth <= NESTED_GIT_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      if (++visited > MAX_FOLDERS_SEARCHED && depth > 1 && !complete) return found;
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      const names = new Set(entries.map((entry) => entry.name));
      if (depth > 0 && isBareLayout(names)) found.push(join(folder, 'HEAD'));
      for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.name === '.git') found.push(path);
        else if (entry.isDirectory() && !NOT_SEARCHED.has(entry.name)) next.push(path);
        else if (entry.isSymbolicLink() && (await leadsToRepository(path))) found.push(path);
      }
    }
    level = next;
  }
  return found;
}

/** HEAD, objects and refs in one folder: what git checks to take a folder for a (bare) repository. */
function isBareLayout(names: ReadonlySet<string>): boolean {
  return names.has('HEAD') && names.has('objects') && names.has('refs');
}

/** A link to a folder with a `.git` or a bare layout in it. */
async function leadsToRepository(link: string): Promise<boolean> {
  const entries = await readdir(link).catch(() => undefined);
  return entries !== undefined && (entries.includes('.git') || isBareLayout(new Set(entries)));
}

/** An entry's identity, so a repository moved aside and another made at its old path are told apart. */
export async function identityOf(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  return info ? `${info.dev}:${info.ino}` : undefined;
}
