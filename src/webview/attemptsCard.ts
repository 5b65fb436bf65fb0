// The attempts of a best-of-N task side by side: each one's status, check, cost, diff size and the
// judge's score and reasons, its diff one click away, and "Use this one instead" for any attempt
// that left changes. The host owns the diffs; the card only asks.
import type { AttemptRow, AttemptsComparison } from '../shared/protocol';
import { element } from './dom';
import { button, setEnabled } from './elements';
import type { HostRequests } from './hostRequests';

const PICKED_BY: Record<NonNullable<AttemptsComparison['pickedBy']> | 'none', string> = { judge: ' by the judge', 'smaller diff': ', by the smaller diff', 'same change': ' (every attempt that passed made the same change)', none: '' };

function checkText(row: AttemptRow): string {
  if (!row.check) return 'no check';
  return row.check.passed ? 'passed' : `failed (exit ${row.check.exitCode ?? 'none'})`;
}

export function attemptsCard(comparison: AttemptsComparison, requests: HostRequests): HTMLElement {
  const card = element('div', 'attempts-card');
  const picked = comparison.winner !== undefined ? `Attempt ${comparison.winner} was picked${PICKED_BY[comparison.pickedBy ?? 'none']} and proposed to your folder.` : 'No attempt passed: your folder is unchanged.';
  card.append(element('div', 'attempts-title', `${comparison.attempts.length} attempts`), element('div', 'attempts-summary', picked));
  if (comparison.note && comparison.pickedBy !== 'same change') card.append(element('div', 'attempts-note', `The judge: ${comparison.note}.`));
  const list = element('ol', 'attempts-list');
  for (const row of comparison.attempts) {
    const item = element('li', 'attempt');
    item.dataset.attempt = String(row.attempt);
    if (row.attempt === comparison.winner) item.classList.add('attempt-winner');
    const head = element('div', 'attempt-head');
    head.append(element('span', 'attempt-name', `Attempt ${row.attempt}${row.attempt === comparison.winner ? ' (picked)' : ''}`), element('span', 'attempt-status', row.status));
    const facts = element('div', 'attempt-facts', `check: ${checkText(row)} · ${row.files} file${row.files === 1 ? '' : 's'} +${row.added} −${row.removed} · $${row.costUsd.toFixed(4)}${row.score !== undefined ? ` · judge ${row.score}/10` : ''}`);
    item.append(head, facts);
    if (row.reason) item.append(element('div', 'attempt-reason', row.reason));
    if (row.files > 0) {
      const actions = element('div', 'attempt-actions');
      const diff = button('Open diff', 'attempt-open-diff', { secondary: true, icon: 'diff' });
      const said = element('span', 'attempt-said');
      diff.addEventListener('click', () => void requests.ask('open-attempt-diff', { id: comparison.id, attempt: row.attempt }).then((answer) => (said.textContent = answer.taken ? '' : answer.why)));
      actions.append(diff);
      if (row.attempt !== comparison.winner && row.status !== 'could not run') {
        const use = button('Use this one instead', 'attempt-use', { secondary: true });
        use.addEventListener('click', () => {
          if (use.disabled) return;
          setEnabled(use, false);
          void requests.ask('use-attempt', { id: comparison.id, attempt: row.attempt }).then((answer) => {
            said.textContent = answer.taken ? 'Proposed: review it above.' : answer.why;
            if (!answer.taken) setEnabled(use, true);
          });
        });
        actions.append(use);
      }
      actions.append(said);
      item.append(actions);
    }
    list.append(item);
  }
  card.append(list);
  return card;
}
