// The state of the protected paths that could not be mounted read-only (they did not exist when the
// sandbox started, or were symlinks), read from outside the sandbox without following any link a
// sandboxed process may have planted: a file is opened with O_NOFOLLOW and kept only if /proc/self/fd
// says it is the file at that very path, so no secret from elsewhere can enter a snapshot and be
// "put back" into the workspace.
import { constants } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { findGitEntries, identityOf } from './gitMetadata';

/** What the guard watches: exact paths, and name patterns in a folder (`.env.*`), minus what is mounted. */
export interface GuardedPaths {
  exact: readonly string[];
  globs: ReadonlyArray<{ folder: string; regex: string }>;
  mounted: readonly string[];
  /** Repositories: anything in this workspace git would take for one (gitMetadata.ts) that was not there at the start. */
  repositories?: { workspace: string; knownIdentities: readonly string[] };
}

export type GuardedEntry =
  | { kind: 'dir' }
  | { kind: 'link'; target: string }
  | { kind: 'file'; data: Buffer; mode: number }
  /** Too large to keep, a device, a FIFO, or a file that moved while it was read: compared by size and time only. */
  | { kind: 'other'; size: number; mtimeMs: number };

export type ProtectedSnapshot = Map<string, GuardedEntry>;

/** How the snapshot differs from the baseline: what to move aside, and what to put back as it was. */
export interface UndoPlan {
  aside: string[];
  restore: Array<{ path: string; entry: GuardedEntry }>;
  /** Folders whose owner's permissions (at the start, `mode`) are given back first if a command took them. */
  repair?: Array<{ path: string; mode: number }>;
}

const MAX_FILE_BYTES = 1_000_000;
/** A tree this large at a protected name is moved aside whole rather than walked. */
const MAX_ENTRIES = 5_000;

/** The guarded roots that exist or could exist now: exact paths, and the folder entries a glob matches. */
export async function guardedRoots(paths: GuardedPaths, complete = false): Promise<string[]> {
  const roots = new Set(paths.exact);
  for (const glob of paths.globs) {
    const names = await readdir(glob.folder).catch(() => [] as string[]);
    const pattern = new RegExp(glob.regex);
    for (const name of names) if (pattern.test(name)) roots.add(`${glob.folder}/${name}`);
  }
  for (const mounted of paths.mounted) roots.delete(mounted);
  if (paths.repositories) {
    // By identity, not path: a repository moved aside (mv lib lib.old) stays the user's, and one made
    // at its old path (git init lib), even where the old one was mounted, is new.
    const known = new Set(paths.repositories.knownIdentities);
    for (const entry of await findGitEntries(paths.repositories.workspace, complete)) {
      const identity = await identityOf(entry);
      if (identity === undefined || !known.has(identity)) roots.add(entry);
    }
  }
  return [...roots].sort();
}

export async function snapshotProtected(roots: readonly string[]): Promise<ProtectedSnapshot> {
  const entries: ProtectedSnapshot = new Map();
  for (const root of roots) await visit(root, entries, { left: MAX_ENTRIES });
  return entries;
}

async function visit(path: string, entries: ProtectedSnapshot, budget: { left: number }): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return;
  if (--budget.left < 0) {
    entries.set(path, { kind: 'other', size: info.size, mtimeMs: info.mtimeMs });
    return;
  }
  if (info.isSymbolicLink()) {
    const target = await readlink(path).catch(() => undefined);
    if (target !== undefined) entries.set(path, { kind: 'link', target });
  } else if (info.isDirectory()) {
    entries.set(path, { kind: 'dir' });
    // If the folder is swapped for a link before readdir, the names listed are another folder's; each is
    // still looked at by its path here, and no file is read through the link (readWithoutFollowing).
    const names = await readdir(path).catch(() => [] as string[]);
    for (const name of names.sort()) await visit(`${path}/${name}`, entries, budget);
  } else {
    const file = info.isFile() && info.size <= MAX_FILE_BYTES ? await readWithoutFollowing(path) : undefined;
    entries.set(path, file ? { kind: 'file', ...file } : { kind: 'other', size: info.size, mtimeMs: info.mtimeMs });
  }
}

/** The file's bytes and mode, only if the file opened is the one at exactly this path (no link on the way). */
async function readWithoutFollowing(path: string): Promise<{ data: Buffer; mode: number } | undefined> {
  // O_NONBLOCK: a FIFO swapped in after lstat must not hang the guard.
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) return undefined;
  try {
    if ((await readlink(`/proc/self/fd/${handle.fd}`)) !== path) return undefined;
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    return { data: await handle.readFile(), mode: info.mode & 0o777 };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

export function sameEntry(a: GuardedEntry | undefined, b: GuardedEntry | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'file' && b.kind === 'file') return a.data.equals(b.data) && a.mode === b.mode;
  if (a.kind === 'link' && b.kind === 'link') return a.target === b.target;
  if (a.kind === 'other' && b.kind === 'other') return a.size === b.size && a.mtimeMs === b.mtimeMs;
  return a.kind === 'dir';
}

/** What to undo so that `now` is `baseline` again. Empty when nothing changed. */
export function undoPlan(baseline: ProtectedSnapshot, now: ProtectedSnapshot): UndoPlan {
  const aside: string[] = [];
  // What appeared or changed beyond repair: moved aside, the topmost such entry only (its contents go with it).
  for (const [path, entry] of [...now].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const was = baseline.get(path);
    const replaced = was !== undefined && was.kind !== entry.kind;
    const unrestorable = was?.kind === 'other' && !sameEntry(was, entry);
    if (was !== undefined && !replaced && !unrestorable) continue;
    if (aside.some((moved) => path.startsWith(`${moved}/`))) continue;
    aside.push(path);
  }
  // What changed or went: put back as it was, parents first.
  const restore: UndoPlan['restore'] = [];
  for (const [path, was] of [...baseline].sort(([a], [b]) => a.length - b.length)) {
    if (was.kind === 'other' || sameEntry(was, now.get(path))) continue;
    if (was.kind === 'dir' && now.get(path)?.kind === 'dir') continue;
    restore.push({ path, entry: was });
  }
  return { aside, restore };
}

/** What an undo did: each path put right (and where what was there is kept), or left as it was, and why. */
export interface UndoResult {
  undone: Array<{ path: string; keptAt?: string }>;
  failed: Array<{ path: string; why: string }>;
}

/** Every path the plan touches. */
export function plannedPaths(plan: UndoPlan): string[] {
  return [...new Set([...plan.aside, ...plan.restore.map(({ path }) => path)])].sort();
}
