// The numbers a run is judged by, per task and overall: pass@1 (the share of trials that passed, the
// unbiased estimate of one attempt's success), pass^k (every one of the k trials passed: how reliable),
// flaky (some passed, some did not), and the cost of getting there.
import type { TrialResult } from './runTrial';
import type { EvalTask, TaskKind } from './taskFormat';

export interface Distribution {
  mean: number;
  median: number;
  min: number;
  max: number;
}

export interface TaskMetrics {
  task: string;
  kind: TaskKind;
  trials: number;
  passes: number;
  passAt1: number;
  passAllK: boolean;
  flaky: boolean;
  steps: Distribution;
  costUsd: Distribution;
  wallSeconds: Distribution;
  tokens: TrialResult['tokens'];
  toolErrors: number;
}

export interface RunMetrics {
  tasks: number;
  trialsPerTask: number;
  passAt1: number;
  /** The share of tasks whose every trial passed. */
  passAllK: number;
  flakyTasks: number;
  costUsd: number;
  wallSeconds: number;
  tokens: TrialResult['tokens'];
  toolErrors: number;
  byKind: Record<string, { tasks: number; passAt1: number }>;
}

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { mean: 0, median: 0, min: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return {
    mean: sorted.reduce((total, value) => total + value, 0) / sorted.length,
    median: sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
    min: sorted[0]!,
    max: sorted.at(-1)!,
  };
}

function sumTokens(results: readonly TrialResult[]): TrialResult['tokens'] {
  return results.reduce((total, r) => ({ input: total.input + r.tokens.input, cacheWrite: total.cacheWrite + r.tokens.cacheWrite, cacheRead: total.cacheRead + r.tokens.cacheRead, output: total.output + r.tokens.output }), { input: 0, cacheWrite: 0, cacheRead: 0, output: 0 });
}

export function taskMetrics(task: EvalTask, results: readonly TrialResult[]): TaskMetrics {
  const passes = results.filter((result) => result.passed).length;
  return {
    task: task.id,
    kind: task.kind,
    trials: results.length,
    passes,
    passAt1: results.length ? passes / results.length : 0,
    passAllK: results.length > 0 && passes === results.length,
    flaky: passes > 0 && passes < results.length,
    steps: distribution(results.map((result) => result.steps)),
    costUsd: distribution(results.map((result) => result.costUsd)),
    wallSeconds: distribution(results.map((result) => result.wallSeconds)),
    tokens: sumTokens(results),
    toolErrors: results.reduce((total, result) => total + result.toolErrors, 0),
  };
}

export function runMetrics(perTask: readonly TaskMetrics[], results: readonly TrialResult[], wallSeconds: number): RunMetrics {
  const byKind: RunMetrics['byKind'] = {};
  for (const task of perTask) {
    const entry = (byKind[task.kind] ??= { tasks: 0, passAt1: 0 });
    entry.passAt1 = (entry.passAt1 * entry.tasks + task.passAt1) / (entry.tasks + 1);
    entry.tasks++;
  }
  const count = perTask.length || 1;
  return {
    tasks: perTask.length,
    trialsPerTask: perTask[0]?.trials ?? 0,
    passAt1: perTask.reduce((total, task) => total + task.passAt1, 0) / count,
    passAllK: perTask.filter((task) => task.passAllK).length / count,
    flakyTasks: perTask.filter((task) => task.flaky).length,
    costUsd: results.reduce((total, result) => total + result.costUsd, 0),
    wallSeconds,
    tokens: sumTokens(results),
    toolErrors: results.reduce((total, result) => total + result.toolErrors, 0),
    byKind,
  };
}
