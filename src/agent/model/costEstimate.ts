// What N attempts will likely cost, said before they start: N × what the user's recent tasks on the
// same model cost (the median, and the middle half as a range), from costHistory.ts. Nothing is
// invented: without an earlier task on that model there is no estimate, and the text says so.
import type { HistoryRead } from './costHistory';

/**
 * Tasks per model the estimate looks at, newest first: enough for a median and quartiles that mean
 * something, few enough that it follows how the user works now rather than months ago.
 */
export const RECENT_TASKS = 20;

export type CostEstimate =
  | { kind: 'estimate'; model: string; attempts: number; basedOnTasks: number; medianUsd: number; lowUsd: number; highUsd: number; totalUsd: number; totalLowUsd: number; totalHighUsd: number }
  | { kind: 'none'; model: string; attempts: number; why: 'no earlier task' | 'history unreadable'; detail?: string };

export function estimateAttempts(history: HistoryRead, model: string, attempts: number): CostEstimate {
  if (history.kind === 'unreadable') return { kind: 'none', model, attempts, why: 'history unreadable', detail: history.why };
  const costs = history.tasks.filter((task) => task.model === model).slice(-RECENT_TASKS).map((task) => task.costUsd);
  if (costs.length === 0) return { kind: 'none', model, attempts, why: 'no earlier task' };
  const sorted = [...costs].sort((a, b) => a - b);
  const [lowUsd, medianUsd, highUsd] = [0.25, 0.5, 0.75].map((q) => quantile(sorted, q)) as [number, number, number];
  return { kind: 'estimate', model, attempts, basedOnTasks: costs.length, medianUsd, lowUsd, highUsd, totalUsd: attempts * medianUsd, totalLowUsd: attempts * lowUsd, totalHighUsd: attempts * highUsd };
}

/**
 * The q-quantile of sorted values, interpolating between neighbours (the definition numpy and R use by
 * default). Three lines, so no statistics package for it.
 */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  return sorted[below]! + (position - below) * ((sorted[Math.ceil(position)] ?? sorted[below]!) - sorted[below]!);
}

/** One line for the user, before the run: the estimate and its basis, or why there is none. */
export function describeEstimate(estimate: CostEstimate): string {
  const { model, attempts } = estimate;
  if (estimate.kind === 'none') {
    return estimate.why === 'no earlier task'
      ? `No cost estimate yet: no earlier task with ${model} on record (each finished task's cost is kept, so the next run has one).`
      : `No cost estimate: the record of earlier tasks' costs could not be read (${estimate.detail}).`;
  }
  const basis =
    estimate.basedOnTasks === 1
      ? `${attempts} × ${dollars(estimate.medianUsd)}, what your one earlier task with ${model} cost: a rough guide`
      : `${attempts} × ${dollars(estimate.medianUsd)}, the median of your last ${estimate.basedOnTasks} tasks with ${model}; the middle half cost ${dollars(estimate.lowUsd)}–${dollars(estimate.highUsd)} each, ${dollars(estimate.totalLowUsd)}–${dollars(estimate.totalHighUsd)} for ${attempts}`;
  return `Cost estimate: about ${dollars(estimate.totalUsd)} for ${attempts} attempts (${basis}), plus one request for the judge.`;
}

/** One line for the user, before the run: the cap over all attempts and the judge, or that there is none and how to set one. */
export function describeCap(capUsd: number | undefined, howToSet: string): string {
  return capUsd ? `Cost cap: all attempts and the judge together stop at ${dollars(capUsd)} (${howToSet}).` : `No cost cap: nothing stops the attempts on cost (${howToSet} sets one).`;
}

/** Short for the quick pick: "about $0.42" or "no estimate yet". */
export function shortEstimate(estimate: CostEstimate): string {
  if (estimate.kind === 'none') return estimate.why === 'no earlier task' ? 'no cost estimate yet' : 'no cost estimate';
  return `about ${dollars(estimate.totalUsd)}${estimate.basedOnTasks > 1 ? ` (${dollars(estimate.totalLowUsd)}–${dollars(estimate.totalHighUsd)})` : ''}`;
}

/** Cents for a dollar or more; four decimals below, as Loupe shows a task's cost (a test run costs fractions of a cent). */
export function dollars(usd: number): string {
  return `$${usd.toFixed(usd >= 1 ? 2 : 4)}`;
}
