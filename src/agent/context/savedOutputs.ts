// Keeps the full output of commands whose result was shortened, in one private temp folder per
// shell tool, so the model can read all of it with one command; the folder goes on dispose.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Outside the workspace on purpose: the user's tree (and its git status) stays clean. The editor
 * tool cannot read there, so the model reads these files with the shell (`cat`, `grep`, `sed -n`).
 */
export class SavedOutputs {
  private _folder: Promise<string> | undefined;
  private _count = 0;

  /** `_parent`: where the folder is made (the sandbox's scratch folder, which commands there can read). */
  constructor(private readonly _parent: string = tmpdir()) {}

  /** Writes `text` to a new file and returns its absolute path. */
  async save(text: string): Promise<string> {
    this._folder ??= mkdtemp(join(this._parent, 'loupe-output-'));
    const path = join(await this._folder, `run-${++this._count}.log`);
    await writeFile(path, text, 'utf8');
    return path;
  }

  async dispose(): Promise<void> {
    const folder = this._folder;
    this._folder = undefined;
    // A folder that could not be made has nothing to remove.
    if (folder) await folder.then((path) => rm(path, { recursive: true, force: true })).catch(() => undefined);
  }
}
