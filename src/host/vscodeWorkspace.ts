// The agent's Workspace inside VS Code: reads see unsaved editor text, and writes go through a
// WorkspaceEdit (so the user can undo them) and are saved.
import * as vscode from 'vscode';
import { WriteNotDoneError, type FileFacts, type Workspace } from '../agent/ports';
import { FileSystemWorkspace } from '../agent/workspace/fileSystemWorkspace';
import { assertUnchangedSinceRead } from '../agent/workspace/staleCheck';

export class VsCodeWorkspace implements Workspace {
  private constructor(private readonly _disk: FileSystemWorkspace) {}

  /** The workspace on `folder` (symlinks resolved, as the agent's path checks expect). */
  static async open(folder: vscode.Uri): Promise<VsCodeWorkspace> {
    return new VsCodeWorkspace(await FileSystemWorkspace.open(folder.fsPath));
  }

  get root(): string {
    return this._disk.root;
  }

  async readFile(absolutePath: string): Promise<string | undefined> {
    const open = openDocument(absolutePath);
    // Unsaved text in an editor is what the user sees and will save: it wins over the file on disk. A
    // buffer with no unsaved text is the disk's, perhaps a moment behind it (VS Code reloads it after a
    // command wrote the file): the disk is read.
    if (open?.isDirty) return open.getText();
    return this._disk.readFile(absolutePath);
  }

  fileFacts(absolutePath: string): Promise<FileFacts | undefined> {
    return this._disk.fileFacts(absolutePath);
  }

  async writeFile(absolutePath: string, text: string, expected: string | null): Promise<void> {
    // A file that is not UTF-8 and not open would be decoded by VS Code as UTF-8 (files.encoding) and
    // saved with U+FFFD for every byte it could not read: it is written in its own encoding instead.
    if (!openDocument(absolutePath)) {
      const facts = await this._disk.fileFacts(absolutePath);
      if (facts && facts.encoding.name !== 'utf8') return this._disk.writeFile(absolutePath, text, expected);
    }
    const current = await this.readFile(absolutePath);
    assertUnchangedSinceRead(absolutePath, current, expected);
    const uri = vscode.Uri.file(absolutePath);
    const edit = new vscode.WorkspaceEdit();
    if (current === undefined) {
      edit.createFile(uri, { contents: new TextEncoder().encode(text) });
      if (!(await vscode.workspace.applyEdit(edit))) throw new WriteNotDoneError('VS Code refused to create it; nothing was written.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const diskBefore = await this._disk.readFile(absolutePath);
    const previous = document.getText();
    // Checked again on what the edit replaces: the user may have typed while the document opened.
    assertUnchangedSinceRead(absolutePath, document.isDirty ? previous : diskBefore, expected);
    // A clean buffer behind the disk would make VS Code's save meet a newer file: the disk is written,
    // and VS Code reloads the buffer itself.
    if (!document.isDirty && previous !== diskBefore) return this._disk.writeFile(absolutePath, text, expected);
    edit.replace(uri, wholeText(document), text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new WriteNotDoneError('VS Code refused the edit; nothing was written, in the editor or on disk.');
    // Tests and commands the agent runs next read the disk, so the change must be saved, not just applied.
    if (await document.save()) return;
    await this._afterRefusedSave(document, previous, text, diskBefore);
  }

  /**
   * VS Code did not save (it says why in a notification, e.g. the file changed on disk since the editor
   * loaded it). The edit is taken back out of the editor, and what is said is what the editor and the
   * disk hold now.
   */
  private async _afterRefusedSave(document: vscode.TextDocument, previous: string, text: string, diskBefore: string | undefined): Promise<void> {
    const onDisk = await this._disk.readFile(document.uri.fsPath).catch(() => undefined);
    // The save said no, the disk says yes: the change is there.
    if (onDisk === text) return;
    const putBack = new vscode.WorkspaceEdit();
    putBack.replace(document.uri, wholeText(document), previous);
    const restored = (await vscode.workspace.applyEdit(putBack)) && document.getText() === previous;
    const disk = onDisk === diskBefore ? 'the file on disk is as it was before the edit' : 'the file on disk was changed by something else meanwhile (read it again)';
    const editor = restored ? "the editor's text was put back as it was" : "Loupe's edit is still in the editor, unsaved";
    throw new WriteNotDoneError(`VS Code did not save it (its notification says why; often the file changed on disk since the editor loaded it). ${capitalise(editor)}, and ${disk}.`);
  }

  listDirectory(absolutePath: string): Promise<string[] | undefined> {
    return this._disk.listDirectory(absolutePath);
  }
}

function wholeText(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function openDocument(absolutePath: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === absolutePath);
}
