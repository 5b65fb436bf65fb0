// The proposed changes waiting for the user, and their per-hunk decisions. One owner of that state:
// the panel's cards, the diff editor's buttons and the Accept All / Reject All commands all decide
// through here, and every update is published so each view draws the same thing.
import * as vscode from 'vscode';
import type { ChangeDecision, ProposedChange } from '../agent/ports';
import { splitHunk } from '../agent/tools/proposeChange';
import { changedWords } from './changedWords';
import type { ChangeReview } from '../shared/protocol';

interface PendingReview {
  change: ProposedChange;
  review: ChangeReview;
  settle(decision: ChangeDecision): void;
}

export class ChangeReviews implements vscode.Disposable {
  private readonly _onDidUpdate = new vscode.EventEmitter<ChangeReview>();
  /** A review appeared or changed state. */
  readonly onDidUpdate = this._onDidUpdate.event;
  private readonly _pending = new Map<string, PendingReview>();
  /** Decided reviews stay readable (the diff editor may still show them) until the next task. */
  private readonly _decided = new Map<string, { change: ProposedChange; review: ChangeReview }>();
  private _nextId = 1;

  /** Waits for the user's decision on `change`; a stopped task settles it as rejected. */
  review(change: ProposedChange, signal: AbortSignal): Promise<ChangeDecision> {
    const id = `change-${this._nextId++}`;
    const review: ChangeReview = {
      id,
      relativePath: change.relativePath,
      ...(change.asker ? { asker: change.asker } : {}),
      created: change.before === null,
      hunks: change.hunks.map((hunk) => {
        const split = splitHunk(hunk);
        return { ...split, words: changedWords(split.lines) };
      }),
    };
    return new Promise<ChangeDecision>((resolve) => {
      const onAbort = () => this._finish(id, { kind: 'reject', reason: 'The task was stopped.' }, 'cancelled');
      this._pending.set(id, {
        change,
        review,
        settle: (decision) => {
          signal.removeEventListener('abort', onAbort);
          resolve(decision);
        },
      });
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this._onDidUpdate.fire(review);
    });
  }

  get(id: string): { change: ProposedChange; review: ChangeReview } | undefined {
    return this._pending.get(id) ?? this._decided.get(id);
  }

  get pendingCount(): number {
    return this._pending.size;
  }

  decideChange(id: string, accept: boolean): boolean {
    const pending = this._pending.get(id);
    if (!pending) return false;
    this._finish(id, accept ? { kind: 'accept' } : { kind: 'reject', reason: 'The user rejected this change.' }, accept ? 'accepted' : 'rejected');
    return true;
  }

  /** Records one hunk's decision; once every hunk has one, the change is settled with them. */
  decideHunk(id: string, hunk: number, accept: boolean): boolean {
    const pending = this._pending.get(id);
    const target = pending?.review.hunks[hunk];
    if (!pending || !target) return false;
    target.accepted = accept;
    const decisions = pending.review.hunks.map((entry) => entry.accepted);
    if (decisions.some((decision) => decision === undefined)) {
      this._onDidUpdate.fire(pending.review);
      return true;
    }
    const acceptedHunks = decisions.flatMap((decision, index) => (decision ? [index] : []));
    if (acceptedHunks.length === decisions.length) this._finish(id, { kind: 'accept' }, 'accepted');
    else if (acceptedHunks.length === 0) this._finish(id, { kind: 'reject', reason: 'The user rejected every hunk.' }, 'rejected');
    else this._finish(id, { kind: 'partial', acceptedHunks }, 'partial');
    return true;
  }

  /** Accept All / Reject All: settles every waiting change; returns how many. */
  decideAll(accept: boolean): number {
    const ids = [...this._pending.keys()];
    for (const id of ids) this.decideChange(id, accept);
    return ids.length;
  }

  /** A new task starts: reviews of the last one are no longer needed. */
  clearDecided(): void {
    this._decided.clear();
  }

  private _finish(id: string, decision: ChangeDecision, outcome: NonNullable<ChangeReview['outcome']>): void {
    const pending = this._pending.get(id);
    if (!pending) return;
    this._pending.delete(id);
    pending.review.outcome = outcome;
    this._decided.set(id, { change: pending.change, review: pending.review });
    pending.settle(decision);
    this._onDidUpdate.fire(pending.review);
  }

  dispose(): void {
    for (const id of [...this._pending.keys()]) this._finish(id, { kind: 'reject', reason: 'Loupe was closed.' }, 'cancelled');
    this._onDidUpdate.dispose();
  }
}
