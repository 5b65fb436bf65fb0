// npm run eval: every matching task, k trials each (in fresh copies, through the CLI, checked from
// outside), then the reports. Offline with --scripted; with ANTHROPIC_API_KEY for a real model.
import { resolve } from 'node:path';
import { EVAL_USAGE, EvalUsageError, parseEvalArgs, type EvalArgs } from './harness/evalArgs';
import { runMetrics, taskMetrics } from './harness/metrics';
import { ProgressLine } from './harness/progress';
import { writeReports, type EvalReport } from './harness/reports';
import { runTrial, type TrialResult } from './harness/runTrial';
import { scriptedModelName } from './harness/scriptedModels';
import { loadTasks, type EvalTask } from './harness/taskFormat';

/** `progressTo`: where the progress line goes (stderr; tests pass a stream that keeps it). */
export async function runEval(args: EvalArgs, signal: AbortSignal, progressTo: NodeJS.WriteStream = process.stderr): Promise<EvalReport> {
  const tasks = await loadTasks(args.matches);
  if (tasks.length === 0) throw new EvalUsageError(`No task matches --tasks ${args.tasksGlob}.`);
  const startedAt = new Date().toISOString();
  const started = Date.now();
  const jobs: Array<{ task: EvalTask; trial: number }> = tasks.flatMap((task) => Array.from({ length: args.trials }, (_, i) => ({ task, trial: i + 1 })));
  const progress = new ProgressLine(jobs.length, args.attempts, progressTo);
  const results: TrialResult[] = [];
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job && !signal.aborted; job = queue.shift()) {
      const label = `${job.task.id} #${job.trial}`;
      progress.started(label);
      const result = await runTrial(job.task, job.trial, { model: args.model, maxSteps: args.maxSteps, attempts: args.attempts, checkHidden: args.checkHidden, ...(args.pace ? { pace: args.pace } : {}), ...(args.maxCostUsd ? { maxCostUsd: args.maxCostUsd } : {}), keep: args.keep, signal, onCost: (cost) => progress.cost(cost) });
      results.push(result);
      progress.finished(label, result.passed);
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.concurrency, jobs.length) }, worker));
  progress.end();
  const byTask = tasks.map((task) => taskMetrics(task, results.filter((result) => result.task === task.id).sort((a, b) => a.trial - b.trial)));
  const report: EvalReport = {
    startedAt,
    model: typeof args.model === 'string' ? args.model : scriptedModelName(args.model.scripted),
    trials: args.trials,
    attempts: args.attempts,
    run: runMetrics(byTask, results, (Date.now() - started) / 1000),
    tasks: byTask,
    results: results.sort((a, b) => (a.task === b.task ? a.trial - b.trial : a.task < b.task ? -1 : 1)),
  };
  await writeReports(args.out, report);
  return report;
}

async function main(): Promise<number> {
  let args: EvalArgs;
  try {
    args = parseEvalArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof EvalUsageError) {
      process.stderr.write(`eval: ${error.message}\n\n${EVAL_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (typeof args.model === 'string' && !process.env.ANTHROPIC_API_KEY) {
    process.stderr.write('eval: no API key: set ANTHROPIC_API_KEY to evaluate a real model, or run with --scripted reference (no key) to check the harness.\n');
    return 2;
  }
  const cancellation = new AbortController();
  process.once('SIGINT', () => cancellation.abort());
  try {
    const report = await runEval(args, cancellation.signal);
    process.stdout.write(`pass@1 ${(report.run.passAt1 * 100).toFixed(1)}% over ${report.run.tasks} tasks, $${report.run.costUsd.toFixed(4)}; reports in ${resolve(args.out)}\n`);
    return cancellation.signal.aborted ? 130 : 0;
  } catch (error) {
    if (error instanceof EvalUsageError) {
      process.stderr.write(`eval: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
