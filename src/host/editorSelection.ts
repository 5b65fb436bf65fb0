// The active editor's selection as an attachment to a task (taskAttachments.ts): the file, the lines
// and the text selected, when the file is in the task's folder and something is selected.
import * as vscode from 'vscode';
import type { Attachment } from '../agent/context/taskAttachments';

export function selectionAttachment(folder: vscode.Uri): Attachment | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const uri = editor.document.uri;
  if (vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() !== folder.toString()) return undefined;
  const { start, end } = editor.selection;
  // A selection that ends at the start of a line (whole lines selected) does not take that line in.
  const last = end.character === 0 && end.line > start.line ? end.line : end.line + 1;
  return { path: vscode.workspace.asRelativePath(uri, false), lines: { first: start.line + 1, last }, text: editor.document.getText(editor.selection) };
}
