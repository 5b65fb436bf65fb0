// A screenshot from the transcript, full size in an editor tab: written to the extension's storage
// and opened with VS Code's own image preview (zoom, pan), out of the panel's way. The folder holds the
// current session's screenshots only: it is emptied when a task starts.
import * as vscode from 'vscode';
import type { TranscriptEvent } from '../shared/transcriptEvents';

type Screenshot = Extract<TranscriptEvent, { type: 'screenshot' }>;

export class ScreenshotViewer {
  private readonly _folder: vscode.Uri;

  constructor(storage: vscode.Uri) {
    this._folder = vscode.Uri.joinPath(storage, 'screenshots');
  }

  /**
   * `fromEditorColumn`: the editor panel asked, so the picture opens beside it; from the side bar, in
   * the active group. `number`, its place in the session, names the tab ("Screenshot 3 (1024x640)").
   */
  async open(shot: Screenshot, fromEditorColumn: vscode.ViewColumn | undefined, number?: number): Promise<void> {
    const extension = shot.mediaType === 'image/jpeg' ? 'jpg' : 'png';
    // Both are safe in a file name on every platform: a number, or a validated tool_use id (protocol.ts).
    const name = number === undefined ? shot.id : `Screenshot ${number} (${shot.width}x${shot.height})`;
    const file = vscode.Uri.joinPath(this._folder, `${name}.${extension}`);
    await vscode.workspace.fs.createDirectory(this._folder);
    await vscode.workspace.fs.writeFile(file, Buffer.from(shot.dataBase64, 'base64'));
    await vscode.commands.executeCommand('vscode.open', file, { preview: true, viewColumn: fromEditorColumn === undefined ? vscode.ViewColumn.Active : vscode.ViewColumn.Beside } satisfies vscode.TextDocumentShowOptions);
  }

  /** Best effort: a folder that cannot be removed now is emptied next time. */
  async clear(): Promise<void> {
    await vscode.workspace.fs.delete(this._folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  }
}
