// Each attempt works in its own copy of the folder, in Loupe's storage, so N attempts never touch the
// user's tree or each other's: a git worktree of the user's repository (git history and `git diff`
// work in it) with the user's uncommitted state copied in, or a plain copy for a folder that is not a
// repository's top. Folders of installed dependencies are shared, not copied (gigabytes each): a
// symbolic link to the user's, which the attempt's sandbox shows read-only (bubblewrapSandbox.ts,
// `sharedFolders`), so an attempt can use them but not change them. Hard links would be no better:
// a write in place through one changes the user's file, and the editor refuses files with two names.
// Reflinks would be safe but ext4, the usual Linux file system, has none (bench/sharedFolders.ts).
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Ignored folders of installed dependencies, shared read-only by every attempt instead of copied. */
export const SHARED_FOLDERS = new Set(['node_modules', '.venv', 'venv', '__pypackages__']);
/** Folders a plain copy leaves out: tool state and build output the attempt can make again. */
const SKIPPED_IN_PLAIN_COPY = new Set(['.git', 'dist', 'build', 'out', 'target', 'coverage', '.cache', '__pycache__']);
/** Git as Loupe runs it on the user's repository: no hooks, no pager, no prompts. */
const GIT_SAFETY = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];

export interface SharedFolder {
  path: string;
  source: string;
}

export interface AttemptCopy {
  folder: string;
  kind: 'worktree' | 'copy';
  /** Folders linked to the user's instead of copied: where in the copy (workspace-relative), and the user's folder. */
  shared: SharedFolder[];
  remove(): Promise<void>;
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', [...GIT_SAFETY, ...args], { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  return stdout;
}

async function isRepositoryTop(root: string): Promise<boolean> {
  try {
    const top = (await git(root, 'rev-parse', '--show-toplevel')).trim();
    return top === root && (await git(root, 'rev-parse', '--verify', '--quiet', 'HEAD')).trim().length > 0;
  } catch {
    return false;
  }
}

/** A copy of `root` at `folder` (which must not exist), as the user's folder is now. */
export async function makeAttemptCopy(root: string, folder: string): Promise<AttemptCopy> {
  await mkdir(dirname(folder), { recursive: true });
  if (await isRepositoryTop(root)) return worktreeCopy(root, folder);
  await mkdir(folder);
  const shared: SharedFolder[] = [];
  await copyTree(root, folder, root, shared);
  return { folder, kind: 'copy', shared, remove: () => rm(folder, { recursive: true, force: true }) };
}

async function worktreeCopy(root: string, folder: string): Promise<AttemptCopy> {
  await git(root, 'worktree', 'add', '--detach', '--quiet', folder, 'HEAD');
  const remove = async () => {
    await git(root, 'worktree', 'remove', '--force', folder).catch(() => rm(folder, { recursive: true, force: true }));
    await git(root, 'worktree', 'prune').catch(() => undefined);
  };
  try {
    // The user's uncommitted state, file by file (no patch: a filter or a textconv in their config must not decide the bytes).
    const present = (await git(root, 'ls-files', '-z', '--modified', '--others', '--exclude-standard')).split('\0').filter(Boolean);
    for (const path of present) await copyEntry(join(root, path), join(folder, path));
    const deleted = (await git(root, 'ls-files', '-z', '--deleted')).split('\0').filter(Boolean);
    for (const path of deleted) await rm(join(folder, path), { force: true });
    const shared: SharedFolder[] = [];
    for (const name of await readdir(root)) {
      if (SHARED_FOLDERS.has(name) && (await lstat(join(root, name))).isDirectory()) {
        await symlink(join(root, name), join(folder, name));
        shared.push({ path: name, source: join(root, name) });
      }
    }
    return { folder, kind: 'worktree', shared, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function copyTree(from: string, to: string, root: string, shared: SharedFolder[]): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory() && SHARED_FOLDERS.has(entry.name)) {
      await symlink(source, target);
      shared.push({ path: relative(root, source).split(sep).join('/'), source });
    } else if (entry.isDirectory()) {
      if (SKIPPED_IN_PLAIN_COPY.has(entry.name)) continue;
      await mkdir(target);
      await copyTree(source, target, root, shared);
    } else {
      await copyEntry(source, target);
    }
  }
}

/** A file (a reflink where the file system can, else bytes) or a link as a link; anything else is left out. */
async function copyEntry(source: string, target: string): Promise<void> {
  const stat = await lstat(source).catch(() => undefined);
  if (!stat) return;
  await mkdir(dirname(target), { recursive: true });
  await rm(target, { force: true });
  if (stat.isSymbolicLink()) await symlink(await readlink(source), target);
  else if (stat.isFile()) await copyFile(source, target, constants.COPYFILE_FICLONE);
}
