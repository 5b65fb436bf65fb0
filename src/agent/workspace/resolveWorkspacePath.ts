// Turns a path the model sent (absolute or workspace-relative) into an absolute path inside the
// workspace, refusing anything that leads out of it: `..` segments, other absolute paths, and
// symlinks whose target lies outside.
import { readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { errorText } from '../../shared/errorText';

export type ResolvedPath = { ok: true; absolutePath: string; relativePath: string } | { ok: false; error: string };

/** Symbolic links followed through dangling links before giving up; Linux's own limit (MAXSYMLINKS). */
const MAX_SYMLINK_HOPS = 40;

/**
 * `root` is the workspace's real path. The absolute path returned has every symlink resolved, so
 * reading or writing it cannot be redirected outside the workspace by a link.
 */
export async function resolveWorkspacePath(root: string, input: string): Promise<ResolvedPath> {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, error: 'The path is empty; give a file path relative to the workspace root, or an absolute path inside it.' };
  if (input.includes('\u0000')) return { ok: false, error: `The path ${JSON.stringify(input)} contains a NUL character; give a plain file path.` };
  const requested = isAbsolute(input) ? resolve(input) : resolve(root, input);
  const writtenInside = isInside(root, requested);
  // A relative path that climbs out with `..` is refused as written. An absolute one may still be the
  // workspace under another name (a symlinked home or /tmp), so its real path decides.
  if (!writtenInside && !isAbsolute(input)) return outside(input, root);
  let real: string;
  try {
    real = await realPathOfExistingPrefix(requested);
  } catch (error) {
    return { ok: false, error: `Cannot resolve ${input}: ${explain(error)}` };
  }
  if (!isInside(root, real)) {
    if (!writtenInside) return outside(input, root);
    return { ok: false, error: `${input} leads outside the workspace ${root} through a symbolic link (to ${real}); only files inside the workspace can be used.` };
  }
  const relativePath = relative(root, real).split(sep).join('/');
  return { ok: true, absolutePath: real, relativePath: relativePath === '' ? '.' : relativePath };
}

function outside(input: string, root: string): ResolvedPath {
  return { ok: false, error: `${input} is outside the workspace ${root}; only files inside the workspace can be used.` };
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path of the deepest part that exists, with the missing rest (a file or folders to create)
 * appended. A dangling symlink is followed to where it points, since writing through it would create
 * its target there.
 */
async function realPathOfExistingPrefix(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  let hops = 0;
  for (;;) {
    try {
      return join(await realpath(current), ...missing);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const linkTarget = await readlink(current).catch(() => undefined);
      if (linkTarget !== undefined) {
        if (++hops > MAX_SYMLINK_HOPS) throw new Error(`too many levels of symbolic links at ${current}`);
        current = resolve(await realpath(dirname(current)), linkTarget);
        continue;
      }
      const parent = dirname(current);
      if (parent === current) throw error;
      missing.unshift(basename(current));
      current = parent;
    }
  }
}

function explain(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR') return 'part of the path is a file, not a folder.';
  if (code === 'ELOOP') return 'too many levels of symbolic links.';
  if (code === 'EACCES') return 'permission denied.';
  return errorText(error);
}
