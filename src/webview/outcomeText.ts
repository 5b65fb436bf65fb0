// How the panel words a decision and a task's end: the status label, the line under the transcript,
// and its colour.
import type { DecisionRecord, SessionOutcome } from '../shared/transcriptEvents';

export function describeDecision(decision: DecisionRecord): string {
  if (decision.kind === 'accept') return 'accepted';
  if (decision.kind === 'partial') return `accepted ${decision.acceptedHunks.length === 1 ? 'hunk' : 'hunks'} ${decision.acceptedHunks.map((hunk) => hunk + 1).join(', ')}`;
  return `rejected${decision.reason ? ` (${decision.reason})` : ''}`;
}

export function describeOutcome(outcome: SessionOutcome): [label: string, detail: string | undefined, kind: 'ok' | 'error' | 'stopped'] {
  switch (outcome.kind) {
    case 'completed':
      return ['Done', undefined, 'ok'];
    case 'cancelled':
      return ['Stopped', 'Stopped: Loupe made no further changes.', 'stopped'];
    case 'max_steps':
      return ['Step limit', `Stopped after ${outcome.steps} model requests (the step limit). Run the task again to continue.`, 'error'];
    case 'cost_cap':
      return ['Spending cap', `Stopped: the session cost $${outcome.costUsd.toFixed(4)}, reaching the cap of $${outcome.capUsd.toFixed(2)}.`, 'error'];
    case 'refused':
      return ['Refused', outcome.reason, 'error'];
    case 'failed':
      return ['Failed', outcome.reason, 'error'];
    default: {
      const _exhaustive: never = outcome;
      return ['Ended', undefined, 'error'];
    }
  }
}
