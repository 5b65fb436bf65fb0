// What an attempt changed: its files hashed when it starts and again when it ends (the shared
// dependency folders and .git left out), each changed file's text before and after, and the stats the
// comparison shows. "Before" is the user's file as the attempt started from it; if the user changed it
// since, that file's change cannot be carried over faithfully, and says so.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { structuredPatch } from 'diff';
import { SHARED_FOLDERS } from './attemptCopies';

export type FileHashes = Map<string, string>;

/**
 * Folders the agent does not author and the comparison leaves out, at any depth: a plain copy shares a
 * nested node_modules as it does the top one (attemptCopies.ts), and a file an attempt put in either
 * must not be proposed to the user's folder, where git ignores it and their tests load it.
 */
const LEFT_OUT = new Set(['.git', ...SHARED_FOLDERS]);
/** A file this large is compared by hash only: its text is not diffed or shown to the judge. */
const MAX_DIFFED_BYTES = 2 * 1024 * 1024;

export async function hashFiles(root: string): Promise<FileHashes> {
  const hashes: FileHashes = new Map();
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (LEFT_OUT.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) hashes.set(relative(root, path).split(sep).join('/'), createHash('sha256').update(await readFile(path)).digest('hex'));
    }
  };
  await walk(root);
  return hashes;
}

export interface FileChange {
  path: string;
  kind: 'added' | 'modified' | 'deleted';
  /** Undefined for binary or huge files: compared by hash only. */
  before?: string;
  after?: string;
  added: number;
  removed: number;
  /** The user's own file changed since the attempt started from it. */
  userChangedSince: boolean;
  /** The file's hash when the attempt ended (none when it deleted it): two attempts made the same change when these match. */
  afterHash?: string;
}

export interface AttemptDiff {
  files: FileChange[];
  added: number;
  removed: number;
}

function isText(bytes: Buffer): boolean {
  return bytes.length <= MAX_DIFFED_BYTES && !bytes.subarray(0, 8000).includes(0);
}

/** Strict: bytes that are not valid UTF-8 have no faithful text here, and such a file is compared by hash only. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

async function textOf(path: string): Promise<string | undefined> {
  const bytes = await readFile(path).catch(() => undefined);
  if (!bytes || !isText(bytes)) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The attempt's changes against where it started; `userRoot` supplies the texts it started from, and
 * `userNow` its files' hashes (taken once for all attempts: the write's own check catches a later change).
 */
export async function attemptDiff(attemptRoot: string, userRoot: string, start: FileHashes, userNow: FileHashes): Promise<AttemptDiff> {
  const end = await hashFiles(attemptRoot);
  const files: FileChange[] = [];
  const paths = [...new Set([...start.keys(), ...end.keys()])].sort();
  for (const path of paths) {
    const was = start.get(path);
    const is = end.get(path);
    if (was === is) continue;
    const userChangedSince = userNow.get(path) !== was;
    const before = was && !userChangedSince ? await textOf(join(userRoot, path)) : undefined;
    const after = is ? await textOf(join(attemptRoot, path)) : undefined;
    const kind = !was ? 'added' : !is ? 'deleted' : 'modified';
    let added = 0;
    let removed = 0;
    if ((before !== undefined || !was) && (after !== undefined || !is)) {
      for (const hunk of structuredPatch(path, path, before ?? '', after ?? '', '', '', { context: 0 }).hunks) {
        for (const line of hunk.lines) {
          if (line.startsWith('+')) added++;
          else if (line.startsWith('-')) removed++;
        }
      }
    }
    files.push({ path, kind, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), added, removed, userChangedSince, ...(is ? { afterHash: is } : {}) });
  }
  return { files, added: files.reduce((total, file) => total + file.added, 0), removed: files.reduce((total, file) => total + file.removed, 0) };
}

/** A unified diff of the attempt, for the judge and the person comparing: cut at `maxChars` with a note. */
export function unifiedDiff(diff: AttemptDiff, maxChars: number): string {
  const parts = diff.files.map((file) => {
    if (file.before === undefined && file.kind !== 'added') return `--- ${file.path}: ${file.kind} (binary, large, or changed by the user meanwhile: not shown)`;
    if (file.after === undefined && file.kind !== 'deleted') return `--- ${file.path}: ${file.kind} (binary or large: not shown)`;
    const patch = structuredPatch(`a/${file.path}`, `b/${file.path}`, file.before ?? '', file.after ?? '', '', '', { context: 3 });
    return [`--- a/${file.path}`, `+++ b/${file.path}`, ...patch.hunks.map((hunk) => [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines].join('\n'))].join('\n');
  });
  const text = parts.join('\n');
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}\n[diff cut at ${maxChars.toLocaleString('en-US')} characters of ${text.length.toLocaleString('en-US')}]`;
}

/** Bytes the attempt's folder takes on disk (allocated blocks, so reflinked and shared data shows as it is). */
export async function diskUsage(folder: string): Promise<number> {
  let bytes = 0;
  const walk = async (path: string) => {
    const stat = await lstat(path);
    bytes += stat.blocks * 512;
    if (stat.isDirectory()) for (const name of await readdir(path)) await walk(join(path, name));
  };
  await walk(folder);
  return bytes;
}
