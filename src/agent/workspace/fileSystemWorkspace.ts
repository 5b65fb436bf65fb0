// The Workspace on the local file system: used by the CLI and by tests on temp folders.
// Writes are atomic (temp file + rename) and refuse to replace text the agent has not seen.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StaleFileError, type Workspace } from '../ports';
import { hashText } from './hash';

export class FileSystemWorkspace implements Workspace {
  private constructor(readonly root: string) {}

  static async open(folder: string): Promise<FileSystemWorkspace> {
    const root = await realpath(folder);
    if (!(await stat(root)).isDirectory()) throw new Error(`${folder} is not a folder.`);
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
    if (expectedHash === null && current !== undefined) throw new StaleFileError(absolutePath, `${absolutePath} was created by someone else since the agent looked; nothing was written.`);
    if (expectedHash !== null && (current === undefined || hashText(current) !== expectedHash)) {
      throw new StaleFileError(absolutePath, `${absolutePath} changed on disk or in an editor since the agent read it; nothing was written.`);
    }
    const mode = await stat(absolutePath).then((s) => s.mode & 0o7777, () => undefined);
    await mkdir(dirname(absolutePath), { recursive: true });
    const temp = join(dirname(absolutePath), `.${basename(absolutePath)}.loupe-${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', mode ?? 0o644);
      try {
        await handle.writeFile(text, 'utf8');
        // The data must be on disk before the rename makes it the file, or a crash could leave it empty.
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (mode !== undefined) await chmod(temp, mode);
      await rename(temp, absolutePath);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async listDirectory(absolutePath: string): Promise<string[] | undefined> {
    try {
      const entries = await readdir(absolutePath, { withFileTypes: true });
      return entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }
}
