// Writes the panel's transcript to Loupe's storage and reads it back after a window reload: the
// JSON in one file, each screenshot once as its own image file beside it (see savedTranscript.ts).
import * as vscode from 'vscode';
import type { TranscriptEvent } from '../shared/transcriptEvents';
import type { HostMessage } from '../shared/protocol';
import { fromSavedTranscript, toSavedTranscript } from './savedTranscript';

type ScreenshotEvent = Extract<TranscriptEvent, { type: 'screenshot' }>;

/** The last session's transcript, in the extension's storage for this workspace. */
const SAVED_TRANSCRIPT = 'last-transcript.json';
/** Its screenshots, one image file each. Not the viewer's `screenshots` folder, which each task clears. */
const SAVED_SCREENSHOTS = 'transcript-screenshots';

export class TranscriptStore {
  private readonly _file: vscode.Uri;
  private readonly _imagesFolder: vscode.Uri;
  /** A screenshot keeps its file name for as long as the log keeps the event. */
  private readonly _names = new WeakMap<ScreenshotEvent, string>();
  private _nextName = 0;
  /** Image files on disk that this store wrote or found; what a save no longer refers to is deleted. */
  private readonly _written = new Set<string>();
  private _foldersMade = false;

  constructor(storage: vscode.Uri) {
    this._file = vscode.Uri.joinPath(storage, SAVED_TRANSCRIPT);
    this._imagesFolder = vscode.Uri.joinPath(storage, SAVED_SCREENSHOTS);
  }

  /**
   * Saves `messages`: new screenshots first, then the JSON that names them, then the files of
   * screenshots no longer kept. A save cut short leaves a JSON whose images all exist.
   */
  async save(messages: readonly HostMessage[]): Promise<void> {
    if (!this._foldersMade) {
      await vscode.workspace.fs.createDirectory(this._imagesFolder);
      // Files an earlier window left (one closed mid-save) go too, unless this log still names them.
      for (const [name] of await vscode.workspace.fs.readDirectory(this._imagesFolder)) this._written.add(name);
      this._foldersMade = true;
    }
    const { saved, images } = toSavedTranscript(messages, (event) => this._nameOf(event));
    for (const { name, event } of images) {
      if (this._written.has(name)) continue;
      await vscode.workspace.fs.writeFile(this._image(name), Buffer.from(event.dataBase64, 'base64'));
      this._written.add(name);
    }
    await vscode.workspace.fs.writeFile(this._file, new TextEncoder().encode(JSON.stringify(saved)));
    const kept = new Set(images.map((image) => image.name));
    for (const name of [...this._written]) {
      if (kept.has(name)) continue;
      this._written.delete(name);
      await vscode.workspace.fs.delete(this._image(name)).then(undefined, () => undefined);
    }
  }

  /** The saved messages, screenshots read back in; undefined when nothing (readable) was saved. */
  async load(): Promise<unknown[] | undefined> {
    let saved: unknown;
    try {
      saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(this._file)));
    } catch {
      return undefined;
    }
    const read = async (name: string) => {
      try {
        return Buffer.from(await vscode.workspace.fs.readFile(this._image(name))).toString('base64');
      } catch {
        return undefined;
      }
    };
    // A restored screenshot keeps its file: the next save need not write it again.
    return fromSavedTranscript(saved, read, (event, name) => this._names.set(event, name));
  }

  private _nameOf(event: ScreenshotEvent): string {
    let name = this._names.get(event);
    if (!name) {
      // Unique within this window; the time keeps it apart from files an earlier window left.
      name = `${Date.now().toString(36)}-${(this._nextName++).toString(36)}.${event.mediaType === 'image/jpeg' ? 'jpg' : 'png'}`;
      this._names.set(event, name);
    }
    return name;
  }

  private _image(name: string): vscode.Uri {
    return vscode.Uri.joinPath(this._imagesFolder, name);
  }
}
