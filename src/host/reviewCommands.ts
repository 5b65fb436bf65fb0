// The review commands outside the panel: Accept All / Reject All Changes, the diff editor's title
// buttons (the change it shows), and Accept / Reject Hunk (a lens's hunk, or the one under the cursor).
import * as vscode from 'vscode';
import type { ChangeReviews } from './changeReviews';
import { reviewIdOf, reviewSideOf } from './diffReview';
import { hunkIndexAtLine } from './hunkAtLine';

export function decideAllChanges(reviews: ChangeReviews, log: vscode.LogOutputChannel, accept: boolean): void {
  const count = reviews.decideAll(accept);
  if (count === 0) void vscode.window.showInformationMessage('No change is waiting for review.');
  else log.info(`${accept ? 'Accepted' : 'Rejected'} ${count} waiting ${count === 1 ? 'change' : 'changes'}.`);
}

/** The change shown in the active (or given) review editor. */
export function decideShownChange(reviews: ChangeReviews, accept: boolean, uri?: vscode.Uri): void {
  const id = reviewIdOf(uri) ?? reviewIdOf(vscode.window.activeTextEditor?.document.uri);
  if (!id || !reviews.decideChange(id, accept)) void vscode.window.showInformationMessage('This change is no longer waiting for review.');
}

/** A lens passes the review and hunk; from the palette or a keybinding, the hunk under the cursor in the review diff. */
export function decideHunk(reviews: ChangeReviews, id: unknown, hunk: unknown, accept: boolean): void {
  if (id === undefined && hunk === undefined) return decideHunkAtCursor(reviews, accept);
  if (typeof id !== 'string' || typeof hunk !== 'number' || !reviews.decideHunk(id, hunk, accept)) {
    void vscode.window.showInformationMessage('This hunk is no longer waiting for review.');
  }
}

function decideHunkAtCursor(reviews: ChangeReviews, accept: boolean): void {
  const editor = vscode.window.activeTextEditor;
  const id = reviewIdOf(editor?.document.uri);
  const entry = id ? reviews.get(id) : undefined;
  if (!editor || !id || !entry) return void vscode.window.showInformationMessage('Put the cursor in a change Loupe proposed (its diff editor) to accept or reject that hunk.');
  const side = reviewSideOf(editor.document.uri);
  const index = hunkIndexAtLine(entry.change.hunks, side, editor.selection.active.line);
  if (index === undefined) return void vscode.window.showInformationMessage('The cursor is not in a changed part of this file: move it into a hunk.');
  if (!reviews.decideHunk(id, index, accept)) void vscode.window.showInformationMessage('This hunk is no longer waiting for review.');
}
