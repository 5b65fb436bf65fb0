// The Workspace on the local file system: used by the CLI and by tests on temp folders.
// Writes are atomic (temp file + rename) and refuse to replace text the agent has not seen. Only
// regular files with one name are read (a FIFO would hang the read; a hard link may be a file outside
// the workspace under a name inside it), and each is written back in its own encoding (textEncoding.ts).
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileFacts, Workspace } from '../ports';
import { assertUnchangedSinceRead } from './staleCheck';
import { decodeText, detectEncoding, encodeText, PLAIN_UTF8, type DecodedText } from './textEncoding';

/**
 * The largest file the editor reads (bench/largeFileEdit.ts: a one-line edit at this size took 2.3x a
 * plain read-replace-write and a peak of ~315 MB); beyond it, a clear refusal rather than minutes and gigabytes.
 */
export const MAX_EDITOR_FILE_BYTES = 32 * 1024 * 1024;

/** Permissions of a new file before the umask, as for any file a program creates. */
const NEW_FILE_MODE = 0o666;

export class FileSystemWorkspace implements Workspace {
  private constructor(readonly root: string) {}

  static async open(folder: string): Promise<FileSystemWorkspace> {
    const root = await realpath(folder);
    if (!(await stat(root)).isDirectory()) throw new Error(`${folder} is not a folder; open a folder as the workspace.`);
    return new FileSystemWorkspace(root);
  }

  async readFile(absolutePath: string): Promise<string | undefined> {
    return (await readDecoded(absolutePath))?.decoded.text;
  }

  async fileFacts(absolutePath: string): Promise<FileFacts | undefined> {
    const file = await readChecked(absolutePath);
    if (!file) return undefined;
    return { encoding: detectEncoding(file.bytes), readOnly: (file.mode & 0o200) === 0 };
  }

  async writeFile(absolutePath: string, text: string, expected: string | null): Promise<void> {
    const current = await readDecoded(absolutePath);
    assertUnchangedSinceRead(absolutePath, current?.decoded.text, expected);
    const encoding = current?.decoded.encoding ?? PLAIN_UTF8;
    const encoded = encodeText(text, encoding);
    if (!encoded.ok) throw new Error(`${absolutePath} is in ${encoding.name}, which cannot hold ${encoded.unencodable.map((character) => JSON.stringify(character)).join(', ')}; nothing was written`);
    const original = current === undefined ? undefined : await stat(absolutePath);
    await mkdir(dirname(absolutePath), { recursive: true });
    // Same folder as the target, so the rename stays on one file system and is atomic.
    const temp = join(dirname(absolutePath), `.${basename(absolutePath)}.loupe-${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', original ? original.mode & 0o7777 : NEW_FILE_MODE);
      try {
        await handle.writeFile(encoded.bytes);
        if (original) {
          // open() applies the umask; the edited file keeps exactly its old mode, and its owner where we may set it.
          await handle.chmod(original.mode & 0o7777);
          if (original.uid !== process.getuid?.() || original.gid !== process.getgid?.()) await handle.chown(original.uid, original.gid).catch(() => undefined);
        }
        // The data must be on disk before the rename makes it the file, or a crash could leave it empty.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, absolutePath);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async listDirectory(absolutePath: string): Promise<string[] | undefined> {
    try {
      const entries = await readdir(absolutePath, { withFileTypes: true });
      // A symlink is listed as a plain name, so a walk over the listing never follows one out of the workspace.
      return entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }
}

/** What a file of the workspace can be read as: not a FIFO, device or socket, and not a hard link. */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** The file's text and mode; undefined when nothing (or a folder) is there. */
async function readDecoded(absolutePath: string): Promise<{ decoded: DecodedText; mode: number } | undefined> {
  const file = await readChecked(absolutePath);
  return file && { decoded: decodeText(file.bytes), mode: file.mode };
}

/** The file's bytes and mode, once it is known to be a regular file with one name and not too large. */
async function readChecked(absolutePath: string): Promise<{ bytes: Buffer; mode: number } | undefined> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below, after fstat.
    handle = await open(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return undefined;
    if (!info.isFile()) throw new UnreadableFileError(`${absolutePath} is ${kindOf(info)}, not a regular file; the editor reads and edits regular files only.`);
    if (info.size > MAX_EDITOR_FILE_BYTES) {
      throw new UnreadableFileError(`${absolutePath} is ${megabytes(info.size)}; the editor reads and edits files of up to ${megabytes(MAX_EDITOR_FILE_BYTES)} (a view shows ~30,000 characters anyway). Use a shell command instead: sed -n '1,200p' to read part of it, grep -n to find a line, sed -i or a short script to change it.`);
    }
    if (info.nlink > 1) {
      throw new UnreadableFileError(`${absolutePath} has ${info.nlink} hard links: the same file has another name, maybe outside the workspace, so the editor neither reads nor edits it (an edit would also break the link). If it is meant to be a file of its own, copy it over itself first (cp --remove-destination).`);
    }
    return { bytes: await handle.readFile(), mode: info.mode };
  } finally {
    await handle.close();
  }
}

function kindOf(info: import('node:fs').Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
