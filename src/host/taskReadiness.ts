// Whether a task can start, and with what: its folder (the one picked, or the folder a reply's
// conversation is in), a trusted workspace, and the API key. When it cannot, the user has been told why.
import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKeyStore';
import { NO_FOLDER_MESSAGE, RESTRICTED_MODE_MESSAGE } from './runTask';
import { chooseTaskFolder, folderLabel, type FolderChoice } from './taskFolder';

/** What a task starts with: its folder (and that folder's name, in a window of several) and the key. */
export interface Ready {
  folder: vscode.Uri;
  folderName: string | undefined;
  apiKey: string;
}

export const BUSY_MESSAGE = 'Loupe is already working on a task: wait for it or run Loupe: Stop.';

/**
 * The folder and key to run a task with, or undefined once the user has been told why not (or
 * cancelled the folder pick). `preferred`: a reply's conversation stays in its folder while it is open.
 * `restricted` shows Restricted Mode's refusal in the panel too.
 */
export async function readyToRun(options: { preferred?: string | undefined; keys: ApiKeyStore; log: vscode.LogOutputChannel; restricted(message: string): Promise<void> }): Promise<Ready | undefined> {
  const kept = options.preferred ? vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.toString() === options.preferred) : undefined;
  const choice: FolderChoice = kept ? { kind: 'folder', folder: kept } : await chooseTaskFolder();
  if (choice.kind === 'none') {
    void vscode.window.showErrorMessage(NO_FOLDER_MESSAGE);
    return undefined;
  }
  if (choice.kind === 'cancelled') return undefined;
  if (!vscode.workspace.isTrusted) {
    options.log.info('Run Task refused: the workspace is in Restricted Mode.');
    await options.restricted(RESTRICTED_MODE_MESSAGE);
    void vscode.window.showWarningMessage(RESTRICTED_MODE_MESSAGE, 'Manage Workspace Trust').then((picked) => {
      if (picked) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  const apiKey = await options.keys.get();
  if (!apiKey) {
    options.keys.askForKey();
    return undefined;
  }
  return { folder: choice.folder.uri, folderName: folderLabel(choice.folder), apiKey };
}
