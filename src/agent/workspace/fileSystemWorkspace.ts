// The Workspace on the local file system: used by the CLI and by tests on temp folders.
// Writes are atomic (temp file + rename) and refuse to replace text the agent has not seen.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Workspace } from '../ports';
import { assertUnchangedSinceRead } from './staleCheck';

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
    try {
      return await readFile(absolutePath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }

  async writeFile(absolutePath: string, text: string, expectedHash: string | null): Promise<void> {
    const current = await this.readFile(absolutePath);
    assertUnchangedSinceRead(absolutePath, current, expectedHash);
    const original = current === undefined ? undefined : await stat(absolutePath);
    await mkdir(dirname(absolutePath), { recursive: true });
    // Same folder as the target, so the rename stays on one file system and is atomic.
    const temp = join(dirname(absolutePath), `.${basename(absolutePath)}.loupe-${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', original ? original.mode & 0o7777 : NEW_FILE_MODE);
      try {
        await handle.writeFile(text, 'utf8');
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
