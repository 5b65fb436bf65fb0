// The agent's Workspace inside VS Code: reads see unsaved editor text, and writes go through a
// WorkspaceEdit (so the user can undo them) and are saved.
import * as vscode from 'vscode';
import type { FileFacts, Workspace } from '../agent/ports';
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
    // An editor's buffer is what the user sees and will save: it wins over the file on disk.
    if (open) return open.getText();
    return this._disk.readFile(absolutePath);
  }

  fileFacts(absolutePath: string): Promise<FileFacts | undefined> {
    return this._disk.fileFacts(absolutePath);
  }

  async writeFile(absolutePath: string, text: string, expectedHash: string | null): Promise<void> {
    // A file that is not UTF-8 and not open would be decoded by VS Code as UTF-8 (files.encoding) and
    // saved with U+FFFD for every byte it could not read: it is written in its own encoding instead.
    if (!openDocument(absolutePath)) {
      const facts = await this._disk.fileFacts(absolutePath);
      if (facts && facts.encoding.name !== 'utf8') return this._disk.writeFile(absolutePath, text, expectedHash);
    }
    const current = await this.readFile(absolutePath);
    assertUnchangedSinceRead(absolutePath, current, expectedHash);
    const uri = vscode.Uri.file(absolutePath);
    const edit = new vscode.WorkspaceEdit();
    if (current === undefined) {
      edit.createFile(uri, { contents: new TextEncoder().encode(text) });
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to create ${absolutePath}; nothing was written.`);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const fullRange = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    edit.replace(uri, fullRange, text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit to ${absolutePath}; nothing was written.`);
    // Tests and commands the agent runs next read the disk, so the change must be saved, not just applied.
    if (!(await document.save())) throw new Error(`${absolutePath} was changed in the editor but could not be saved; save it and ask again`);
  }

  listDirectory(absolutePath: string): Promise<string[] | undefined> {
    return this._disk.listDirectory(absolutePath);
  }
}

function openDocument(absolutePath: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === absolutePath);
}
