// The diff editor's side of a review (src/host/diffReview.ts): the loupe-review: documents, the
// one preview tab, and the per-hunk lenses, with nothing written while the change waits.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { buildProposedChange } from '../../src/agent/tools/proposeChange';
import { ChangeReviews } from '../../src/host/changeReviews';
import { DiffReview, REVIEW_SCHEME, reviewUri } from '../../src/host/diffReview';
import type { ChangeReview } from '../../src/shared/protocol';
import { discardEditors, freshFolder, nextEvent, waitUntil } from './support/hostFixtures';

const BEFORE = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
// Two edits more than 2 x 3 context lines apart: two hunks.
const AFTER = BEFORE.replace('line 2\n', 'line TWO\n').replace('line 18\n', 'line 18\nline 18b\n');

function reviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === REVIEW_SCHEME);
}

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}

describe('DiffReview', () => {
  let reviews: ChangeReviews;
  let diffReview: DiffReview;
  let stopTask: AbortController;
  let folder: string;

  beforeEach(async () => {
    reviews = new ChangeReviews();
    diffReview = new DiffReview(reviews);
    stopTask = new AbortController();
    folder = await freshFolder({ 'a.txt': BEFORE, 'b.txt': BEFORE });
  });
  afterEach(async () => {
    stopTask.abort();
    diffReview.dispose();
    reviews.dispose();
    await discardEditors();
  });

  /** Puts a change up for review, as the agent's approver does, and returns the review the views get. */
  async function propose(name: string): Promise<ChangeReview> {
    const shown = nextEvent(reviews.onDidUpdate, `the review of ${name}`, (review) => review.relativePath === name);
    void reviews.review(buildProposedChange(join(folder, name), name, BEFORE, AFTER), stopTask.signal);
    return shown;
  }

  it('serves the original and the proposed text as loupe-review: documents, writing nothing', async () => {
    const review = await propose('a.txt');
    const original = await vscode.workspace.openTextDocument(reviewUri(review.id, 'a.txt', 'original'));
    const proposed = await vscode.workspace.openTextDocument(reviewUri(review.id, 'a.txt', 'proposed'));
    assert.equal(original.getText(), BEFORE);
    assert.equal(proposed.getText(), AFTER);
    assert.equal(await readFile(join(folder, 'a.txt'), 'utf8'), BEFORE);
  });

  it('opens the review as a diff in a preview tab, and reuses that one tab for the next review', async () => {
    const first = await propose('a.txt');
    const second = await propose('b.txt');
    await diffReview.open(first.id);
    await waitUntil(() => reviewTabs().length === 1, 'the review diff tab');
    const [tab] = reviewTabs();
    assert.equal(tab?.isPreview, true);
    assert.match(tab?.label ?? '', /a\.txt/);

    await diffReview.open(second.id);
    await waitUntil(() => reviewTabs().some((candidate) => candidate.label.includes('b.txt')), 'the second review in the tab');
    assert.equal(reviewTabs().length, 1, 'the second review must replace the first in the preview tab');
  });

  it('puts Accept / Reject lenses on each hunk of the proposed side, and shows a decided hunk as decided', async () => {
    const review = await propose('a.txt');
    const proposed = reviewUri(review.id, 'a.txt', 'proposed');
    const lenses = await lensesOf(proposed);
    assert.deepEqual(
      lenses.map((lens) => [lens.command?.command, ...(lens.command?.arguments ?? [])]),
      [
        ['loupe.acceptHunk', review.id, 0],
        ['loupe.rejectHunk', review.id, 0],
        ['loupe.acceptHunk', review.id, 1],
        ['loupe.rejectHunk', review.id, 1],
      ],
    );
    assert.deepEqual(await lensesOf(reviewUri(review.id, 'a.txt', 'original')), [], 'the original side has no lenses');

    reviews.decideHunk(review.id, 0, true);
    const titles = (await lensesOf(proposed)).map((lens) => lens.command?.title);
    assert.deepEqual(titles, ['Hunk 1: accepted', '$(check) Accept hunk 2', '$(close) Reject hunk 2']);
  });

  it('closes a change\'s diff tab once it is decided, and keeps it open while hunks are still waiting', async () => {
    const review = await propose('a.txt');
    await diffReview.open(review.id);
    await waitUntil(() => reviewTabs().length === 1, 'the review diff tab');
    reviews.decideHunk(review.id, 0, true);
    // A round trip through the workbench (the lenses redrawn) gives a wrongly eager close time to land.
    assert.equal((await lensesOf(reviewUri(review.id, 'a.txt', 'proposed')))[0]?.command?.title, 'Hunk 1: accepted');
    assert.equal(reviewTabs().length, 1, 'hunk 2 is still waiting');
    reviews.decideHunk(review.id, 1, false);
    await waitUntil(() => reviewTabs().length === 0, 'the decided change\'s diff tab to close');
  });

  it('refuses to open a change that is not waiting for review', async () => {
    await assert.rejects(diffReview.open('change-404'), /no longer waiting for review/);
  });
});
