// A diff card for one proposed change: the hunks with Accept / Reject each, Accept / Reject for the
// whole file, and "Open diff" for VS Code's diff editor. The host owns the decisions; the card
// redraws from each state it is sent. Text is only ever set as textContent.
import type { ChangeReview, Taken, WebviewMessage, WordRanges } from '../shared/protocol';
import type { HostRequests } from './hostRequests';
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
  /** Why the host did not take the last decision (e.g. the change was decided elsewhere); empty otherwise. */
  private readonly _refusal = element('div', 'review-refusal');

  constructor(
    review: ChangeReview,
    private readonly _post: (message: WebviewMessage) => void,
    private readonly _requests: HostRequests,
  ) {
    this.update(review);
  }

  update(review: ChangeReview): void {
    this.root.dataset.id = review.id;
    this.root.dataset.outcome = review.outcome ?? 'waiting';
    const head = element('div', 'review-head');
    if (review.asker) head.append(element('span', 'review-asker', `${review.asker}:`));
    head.append(element('span', 'review-path', review.relativePath), element('span', 'review-kind', review.created ? 'new file' : `${review.hunks.length} ${review.hunks.length === 1 ? 'hunk' : 'hunks'}`));
    const actions = element('div', 'review-actions');
    const openDiff = button('Open diff', 'open-diff', { icon: 'diff', secondary: true });
    openDiff.addEventListener('click', () => this._post({ type: 'open-diff', id: review.id }));
    actions.append(openDiff);
    if (!review.outcome) {
      actions.append(
        this._decision('Accept file', 'accept-file', () => this._requests.ask('decide-change', { id: review.id, accept: true }), { icon: 'check' }),
        this._decision('Reject file', 'reject-file', () => this._requests.ask('decide-change', { id: review.id, accept: false }), { icon: 'close', secondary: true }),
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
          this._decision(`Accept hunk ${index + 1}`, 'accept-hunk', () => this._requests.ask('decide-hunk', { id: review.id, hunk: index, accept: true }), { icon: 'check', iconOnly: true, title: `Accept hunk ${index + 1}` }),
          this._decision(`Reject hunk ${index + 1}`, 'reject-hunk', () => this._requests.ask('decide-hunk', { id: review.id, hunk: index, accept: false }), { icon: 'close', iconOnly: true, secondary: true, title: `Reject hunk ${index + 1}` }),
        );
      } else if (hunk.accepted !== undefined) {
        bar.append(element('span', 'hunk-state', hunk.accepted ? 'accepted' : 'rejected'));
      }
      const body = element('pre', 'hunk-lines');
      hunk.lines.forEach((line, lineIndex) => body.append(drawLine(line, hunk.words?.[lineIndex] ?? null)));
      box.append(bar, body);
      return box;
    });
    this._refusal.textContent = '';
    this.root.replaceChildren(head, ...hunks, this._refusal);
  }

  /**
   * A decision button: one click, one ask. Taken, the card redraws from the review's new state; not
   * taken, the button is offered again and the card says why.
   */
  private _decision(label: string, className: string, decide: () => Promise<Taken>, options: ButtonOptions) {
    const node = button(label, className, options);
    node.addEventListener('click', () => {
      if (node.disabled) return;
      setEnabled(node, false);
      void decide().then((answer) => {
        if (answer.taken) return;
        setEnabled(node, true);
        this._refusal.textContent = answer.why;
      });
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
