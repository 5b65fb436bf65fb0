// Turns a path the model sent (absolute or workspace-relative) into an absolute path inside the
// workspace, refusing anything that leads out of it: `..` segments, other absolute paths, and
// symlinks whose target lies outside.
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export type ResolvedPath = { ok: true; absolutePath: string; relativePath: string } | { ok: false; error: string };

export async function resolveWorkspacePath(root: string, input: string): Promise<ResolvedPath> {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, error: 'The path is empty; give a file path relative to the workspace root.' };
  const requested = isAbsolute(input) ? resolve(input) : resolve(root, input);
  if (!isInside(root, requested)) return outside(input, root);
  // Resolve symlinks on the deepest part that exists; the rest (a file to create) is appended.
  let real: string;
  try {
    real = await realPathOfExistingPrefix(requested);
  } catch (error) {
    return { ok: false, error: `Cannot resolve ${input}: ${(error as Error).message}` };
  }
  if (!isInside(root, real)) return { ok: false, error: `${input} leads outside the workspace ${root} through a symbolic link; only files inside the workspace can be used.` };
  const relativePath = relative(root, real).split(sep).join('/');
  return { ok: true, absolutePath: real, relativePath: relativePath === '' ? '.' : relativePath };
}

function outside(input: string, root: string): ResolvedPath {
  return { ok: false, error: `${input} is outside the workspace ${root}; only files inside the workspace can be used.` };
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function realPathOfExistingPrefix(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const parent = dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw error;
      // A dangling symlink: writing through it would create its target, wherever that is.
      if (await isSymlink(current)) throw new Error(`${current} is a symbolic link to a file that does not exist`);
      missing.push(basename(current));
      current = parent;
    }
  }
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}
