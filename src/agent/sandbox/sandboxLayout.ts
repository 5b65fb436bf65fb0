// What a task's bubblewrap sandbox is made of, read from the disk before it starts: which protected
// paths and credential stores exist (and where symlinked ones point), what must stay visible under the
// folders it empties, and what the protected-path guard watches.
import { constants } from 'node:fs';
import { access, lstat, readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { isProtectedWorkspacePath, PROTECTED_WORKSPACE_PATHS } from './protectedPaths';
import type { GitMetadataLayout } from './gitMetadata';
import type { GuardedPaths } from './protectedSnapshot';

/** Protected paths (the built-in list and `extra` globs) that exist in the workspace, as absolute paths. */
export async function existingProtectedPaths(workspace: string, extra: readonly string[]): Promise<string[]> {
  const candidates = new Set<string>();
  for (const pattern of [...PROTECTED_WORKSPACE_PATHS, ...extra]) {
    if (!/[*?[{]/.test(pattern)) candidates.add(pattern);
  }
  // Globs are matched against the entries of the folders they name (the workspace root, mostly).
  const folders = new Set([...PROTECTED_WORKSPACE_PATHS, ...extra].filter((pattern) => /[*?[{]/.test(pattern)).map((pattern) => dirname(pattern)));
  for (const folder of folders) {
    const names = await readdir(join(workspace, folder)).catch(() => [] as string[]);
    for (const name of names) {
      const path = folder === '.' ? name : `${folder}/${name}`;
      if (isProtectedWorkspacePath(path, extra)) candidates.add(path);
    }
  }
  const found: string[] = [];
  for (const path of candidates) {
    const absolute = join(workspace, path);
    // A symlink is mounted as what it points to, which may be outside the workspace: protect the link's
    // target only if it is a file or folder here, never follow it out.
    const entry = await lstat(absolute).catch(() => undefined);
    if (entry && !entry.isSymbolicLink()) found.push(absolute);
  }
  return found.sort();
}

/**
 * Credential stores that exist, as folders and files to hide. A store that is a symlink (dotfile managers
 * make them) is hidden where it points, which is what a read through the link reaches; never a target
 * that is the workspace or holds it.
 */
export async function splitExisting(paths: readonly string[], workspace: string): Promise<{ folders: string[]; files: string[] }> {
  const folders = new Set<string>();
  const files = new Set<string>();
  for (const path of paths) {
    const entry = await lstat(path).catch(() => undefined);
    if (!entry) continue;
    const target = entry.isSymbolicLink() ? await realpath(path).catch(() => undefined) : path;
    if (!target || workspace === target || workspace.startsWith(`${target}/`)) continue;
    const real = await stat(target).catch(() => undefined);
    if (!real) continue;
    (real.isDirectory() ? folders : files).add(target);
  }
  return { folders: [...folders], files: [...files] };
}

/** What the protected-path guard watches: protected names as paths, globs as a folder and a name pattern. */
export function guardedPaths(workspace: string, patterns: readonly string[], mounted: readonly string[], git?: GitMetadataLayout): GuardedPaths {
  const exact: string[] = [...(git?.guarded ?? [])];
  const globs: Array<{ folder: string; regex: string }> = [];
  for (const pattern of patterns) {
    if (!/[*?[{]/.test(pattern)) {
      exact.push(join(workspace, pattern));
      continue;
    }
    const name = pattern.slice(pattern.lastIndexOf('/') + 1);
    const body = name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    // Environment-file templates are documentation, not protected (protectedPaths.ts).
    globs.push({ folder: join(workspace, dirname(pattern)), regex: `^(?!\\.env\\.(example|sample|template|dist)$)${body}$` });
  }
  return { exact, globs, mounted, ...(git ? { repositories: { workspace, knownIdentities: git.knownIdentities } } : {}) };
}

/** The folders the sandbox replaces with empty ones of its own (bubblewrapArgs.ts). */
export const FRESH_FOLDERS = ['/tmp/', '/var/tmp/', '/run/'];

/**
 * What lives in a folder the sandbox empties but must still be there: the Node binary, and PATH's tool
 * folders (for `node_modules/.bin`, the whole `node_modules`, where its links point).
 */
export async function hiddenButNeeded(nodePath: string, path: string): Promise<string[]> {
  const needed = new Set<string>();
  for (const entry of [nodePath, ...path.split(':').filter(Boolean)]) {
    const real = await realpath(entry).catch(() => undefined);
    if (!real || !FRESH_FOLDERS.some((folder) => real.startsWith(folder))) continue;
    needed.add(/\/node_modules\/\.bin$/.test(real) ? dirname(real) : real);
  }
  return [...needed].sort();
}

export async function isFolder(path: string): Promise<boolean> {
  const entry = await lstat(path).catch(() => undefined);
  return entry?.isDirectory() === true;
}

export async function existingFolders(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const real = await realpath(path.replace(/^~(?=\/|$)/, homedir())).catch(() => undefined);
    if (real) found.push(real);
  }
  return found;
}

export async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}

/** `/tmp/.X11-unix/X3` for `:3` (a local display; X clients fall back to it from the abstract socket). */
export function displaySocketOf(display: string): string | undefined {
  const match = /^:(\d+)(\.\d+)?$/.exec(display);
  return match ? `/tmp/.X11-unix/X${match[1]}` : undefined;
}
