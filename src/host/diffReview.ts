// Proposed changes in VS Code's own diff editor: the original and the proposed text come from a
// content provider (nothing is written until the user accepts), Accept / Reject sit in the editor
// title, and each undecided hunk has Accept / Reject lenses. One preview tab is reused, and it
// closes once its change is decided (wherever it was decided): there is nothing left to do in it.
import * as vscode from 'vscode';
import { DisposableOwner } from './disposableOwner';
import type { DiffSide } from './hunkAtLine';
import type { ChangeReviews } from './changeReviews';

export const REVIEW_SCHEME = 'loupe-review';

export function reviewUri(id: string, relativePath: string, side: DiffSide): vscode.Uri {
  return vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/${relativePath}`, query: new URLSearchParams({ id, side }).toString() });
}

/** The review id a loupe-review URI points at, or undefined for any other document. */
export function reviewIdOf(uri: vscode.Uri | undefined): string | undefined {
  if (uri?.scheme !== REVIEW_SCHEME) return undefined;
  return new URLSearchParams(uri.query).get('id') ?? undefined;
}

/** Which side of the review diff a loupe-review URI is (the proposed text unless it says original). */
export function reviewSideOf(uri: vscode.Uri): DiffSide {
  return new URLSearchParams(uri.query).get('side') === 'original' ? 'original' : 'proposed';
}

export class DiffReview extends DisposableOwner {
  private readonly _onDidChangeLenses = this._register(new vscode.EventEmitter<void>());

  constructor(private readonly _reviews: ChangeReviews) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(REVIEW_SCHEME, { provideTextDocumentContent: (uri) => this._content(uri) }));
    this._register(
      vscode.languages.registerCodeLensProvider({ scheme: REVIEW_SCHEME }, {
        onDidChangeCodeLenses: this._onDidChangeLenses.event,
        provideCodeLenses: (document) => this._lenses(document.uri),
      }),
    );
    this._register(
      _reviews.onDidUpdate((review) => {
        this._onDidChangeLenses.fire();
        if (review.outcome) void this._closeTabsOf(review.id);
      }),
    );
  }

  /**
   * Opens (or re-focuses) the review's diff in the preview tab, leaving focus where the user has it, and in
   * another editor group than `besideColumn` (the panel's) so the panel stays in view.
   */
  async open(id: string, besideColumn?: vscode.ViewColumn): Promise<void> {
    const entry = this._reviews.get(id);
    if (!entry) throw new Error('That change is no longer waiting for review.');
    const { relativePath, created } = entry.review;
    await vscode.commands.executeCommand(
      'vscode.diff',
      reviewUri(id, relativePath, 'original'),
      reviewUri(id, relativePath, 'proposed'),
      `${relativePath} (${created ? 'new file' : 'proposed by Loupe'}) ↔ review`,
      { preview: true, preserveFocus: true, viewColumn: besideColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One } satisfies vscode.TextDocumentShowOptions,
    );
  }

  private _content(uri: vscode.Uri): string {
    const id = reviewIdOf(uri);
    const entry = id ? this._reviews.get(id) : undefined;
    if (!entry) return '';
    const side = reviewSideOf(uri);
    return side === 'proposed' ? entry.change.after : (entry.change.before ?? '');
  }

  private _lenses(uri: vscode.Uri): vscode.CodeLens[] {
    const id = reviewIdOf(uri);
    const entry = id ? this._reviews.get(id) : undefined;
    if (!id || !entry || entry.review.outcome || reviewSideOf(uri) !== 'proposed') return [];
    return entry.change.hunks.flatMap((hunk, index) => {
      const state = entry.review.hunks[index]?.accepted;
      const line = Math.max(0, hunk.newStart - 1);
      const range = new vscode.Range(line, 0, line, 0);
      if (state !== undefined) return [new vscode.CodeLens(range, { title: `Hunk ${index + 1}: ${state ? 'accepted' : 'rejected'}`, command: '' })];
      return [
        new vscode.CodeLens(range, { title: `$(check) Accept hunk ${index + 1}`, command: 'loupe.acceptHunk', arguments: [id, index] }),
        new vscode.CodeLens(range, { title: `$(close) Reject hunk ${index + 1}`, command: 'loupe.rejectHunk', arguments: [id, index] }),
      ];
    });
  }

  /** Closes the diff tabs of a decided change, leaving focus where it is. */
  private async _closeTabsOf(id: string): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && reviewIdOf(tab.input.modified) === id);
    // A tab the user closed meanwhile is already gone: nothing to report.
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
  }

}
