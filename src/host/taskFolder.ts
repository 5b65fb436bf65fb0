// Which folder of the window a task runs in. One folder: that one. Several (a multi-root
// workspace): the folder of the file in the active editor, else the user picks. Confinement,
// checkpoints and project instructions then all follow that folder, and the panel names it.
import * as vscode from 'vscode';

export type FolderChoice = { kind: 'folder'; folder: vscode.WorkspaceFolder } | { kind: 'none' } | { kind: 'cancelled' };

export async function chooseTaskFolder(purpose = 'Which folder should Loupe work in?'): Promise<FolderChoice> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return { kind: 'none' };
  if (folders.length === 1) return { kind: 'folder', folder: folders[0]! };
  const active = vscode.window.activeTextEditor?.document.uri;
  const ofActive = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (ofActive) return { kind: 'folder', folder: ofActive };
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: purpose, ignoreFocusOut: true });
  return picked ? { kind: 'folder', folder: picked } : { kind: 'cancelled' };
}

/**
 * The folder a task would run in, where that is known without asking (for the panel's `@` completion,
 * which cannot show a pick while the user types): `preferred` (a reply's conversation) when still
 * open, else as chooseTaskFolder decides; undefined with no folder, or several and no active editor in one.
 */
export function taskFolderWithoutAsking(preferred?: string): vscode.WorkspaceFolder | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const kept = preferred ? folders.find((candidate) => candidate.uri.toString() === preferred) : undefined;
  if (kept) return kept;
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  return active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
}

/** The folder's name for the panel when the window has several (with one, there is nothing to tell apart). */
export function folderLabel(folder: vscode.WorkspaceFolder): string | undefined {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? folder.name : undefined;
}
