// A diff card for one proposed change: the hunks with Accept / Reject each, Accept / Reject for the
// whole file, and "Open diff" for VS Code's diff editor. The host owns the decisions; the card
// redraws from each state it is sent. Text is only ever set as textContent.
import type { ChangeReview, WebviewMessage, WordRanges } from '../shared/protocol';
import { element } from './dom';
import { button, setEnabled, type ButtonOptions } from './elements';

const OUTCOME_TEXT: Record<NonNullable<ChangeReview['outcome']>, string> = {
  accepted: 'Accepted',
  rejected: 'Rejected',
  partial: 'Partly accepted',
  cancelled: 'Not applied: the task stopped',
};

export class ReviewCard {
  readonly root = element('div', 'review');

  constructor(
    review: ChangeReview,
    private readonly _post: (message: WebviewMessage) => void,
  ) {
    this.update(review);
  }

  update(review: ChangeReview): void {
    this.root.dataset.id = review.id;
    this.root.dataset.outcome = review.outcome ?? 'waiting';
    const head = element('div', 'review-head');
    head.append(element('span', 'review-path', review.relativePath), element('span', 'review-kind', review.created ? 'new file' : `${review.hunks.length} ${review.hunks.length === 1 ? 'hunk' : 'hunks'}`));
    const actions = element('div', 'review-actions');
    actions.append(this._button('Open diff', 'open-diff', { type: 'open-diff', id: review.id }, { icon: 'diff', secondary: true }));
    if (!review.outcome) {
      actions.append(
        this._button('Accept file', 'accept-file', { type: 'decide-change', id: review.id, accept: true }, { icon: 'check' }),
        this._button('Reject file', 'reject-file', { type: 'decide-change', id: review.id, accept: false }, { icon: 'close', secondary: true }),
      );
    } else {
      actions.append(element('span', `review-outcome ${review.outcome}`, OUTCOME_TEXT[review.outcome]));
    }
    head.append(actions);
    const hunks = review.hunks.map((hunk, index) => {
      const box = element('div', 'hunk');
      box.dataset.state = hunk.accepted === undefined ? 'waiting' : hunk.accepted ? 'accepted' : 'rejected';
      const bar = element('div', 'hunk-bar');
      bar.append(element('code', 'hunk-header', hunk.header));
      if (!review.outcome && hunk.accepted === undefined) {
        bar.append(
          this._button(`Accept hunk ${index + 1}`, 'accept-hunk', { type: 'decide-hunk', id: review.id, hunk: index, accept: true }, { icon: 'check', iconOnly: true, title: `Accept hunk ${index + 1}` }),
          this._button(`Reject hunk ${index + 1}`, 'reject-hunk', { type: 'decide-hunk', id: review.id, hunk: index, accept: false }, { icon: 'close', iconOnly: true, secondary: true, title: `Reject hunk ${index + 1}` }),
        );
      } else if (hunk.accepted !== undefined) {
        bar.append(element('span', 'hunk-state', hunk.accepted ? 'accepted' : 'rejected'));
      }
      const body = element('pre', 'hunk-lines');
      hunk.lines.forEach((line, lineIndex) => body.append(drawLine(line, hunk.words?.[lineIndex] ?? null)));
      box.append(bar, body);
      return box;
    });
    this.root.replaceChildren(head, ...hunks);
  }

  private _button(label: string, className: string, message: WebviewMessage, options: ButtonOptions) {
    const node = button(label, className, options);
    node.addEventListener('click', () => {
      if (node.disabled) return;
      // One click, one decision: the card redraws when the host answers.
      if (message.type !== 'open-diff') setEnabled(node, false);
      this._post(message);
    });
    return node;
  }
}

/** A diff line; the words that changed within it (host-computed, changedWords.ts) are marked. */
function drawLine(line: string, words: WordRanges | null): HTMLElement {
  const node = element('span', line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'ctx');
  if (!words) {
    node.textContent = line;
    return node;
  }
  let at = 0;
  for (const [start, end] of words) {
    if (start > at) node.append(line.slice(at, start));
    node.append(element('span', 'word', line.slice(start, end)));
    at = end;
  }
  if (at < line.length) node.append(line.slice(at));
  return node;
}
