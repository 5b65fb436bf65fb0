// Fixtures for the extension-host suite: a fresh folder per test inside the opened workspace folder,
// waiting on VS Code events, and leaving no editor behind (a dirty one would prompt at shutdown).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** Events in the workbench (an editor opening, a terminal starting) arrive within seconds even on busy cores. */
export const EVENT_TIMEOUT_MS = 15_000;
const POLL_INTERVAL_MS = 50;

let folderCount = 0;

/** The folder the launcher opened (code-server's ?folder=, or test-electron's launch argument). */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'The extension-host suite needs a workspace folder: the launcher opens a temp folder.');
  return folder.uri;
}

/** A new folder under the workspace folder, with the given files written to disk. */
export async function freshFolder(files: Record<string, string> = {}): Promise<string> {
  const folder = join(workspaceFolder().fsPath, `case-${Date.now()}-${++folderCount}`);
  await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
  return folder;
}

/** The next time `event` fires (optionally: with a value `accept` takes), or a failure naming `what`. */
export function nextEvent<T>(event: vscode.Event<T>, what: string, accept: (value: T) => boolean = () => true): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out after ${EVENT_TIMEOUT_MS} ms waiting for ${what}.`));
    }, EVENT_TIMEOUT_MS);
    const subscription = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Polls `condition` until it holds; for state VS Code updates without an event the API exposes. */
export async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + EVENT_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() >= deadline) throw new Error(`Timed out after ${EVENT_TIMEOUT_MS} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Reverts unsaved documents (so closing asks nothing) and closes every editor. */
export async function discardEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    // Seen: VS Code refuses to show a document when another editor opens at that moment ("Could NOT open
    // editor … because another editor opened in the meantime"); the next attempt finds the workbench still.
    for (let attempt = 1; ; attempt++) {
      try {
        await vscode.window.showTextDocument(document);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Replaces a document's whole text in its buffer, as typing would, without saving. */
export async function typeIntoBuffer(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `VS Code refused the test's edit to ${document.uri.fsPath}.`);
}
