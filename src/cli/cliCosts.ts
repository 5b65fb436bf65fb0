// What the CLI keeps and says about cost across runs: each finished task's cost goes into the cost
// history ($XDG_CACHE_HOME/loupe), and before --attempts N starts, the estimate made from it and the
// cap, on stderr (or as one JSON line with --json), so the user can stop before anything is spent.
import { CostHistory, cliCostHistoryPath, type FinishedTask } from '../agent/model/costHistory';
import { describeCap, describeEstimate, estimateAttempts } from '../agent/model/costEstimate';
import { visibleControls } from '../shared/terminalText';

const HOW_TO_CAP = '--max-cost USD';

/** Before the attempts start: the estimate (or that there is none) and the cap (or that there is none). */
export async function announceAttemptsCost(options: { model: string; attempts: number; maxCostUsd: number | undefined; json: boolean }): Promise<void> {
  const history = new CostHistory(cliCostHistoryPath());
  const estimate = estimateAttempts(await history.read(), options.model, options.attempts);
  const estimateLine = describeEstimate(estimate);
  const capLine = describeCap(options.maxCostUsd, HOW_TO_CAP);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ type: 'cost_estimate', ...estimate, capUsd: options.maxCostUsd ?? null, historyFile: history.path, message: `${estimateLine} ${capLine}` })}\n`);
  } else {
    process.stderr.write(`loupe: ${visibleControls(estimateLine)}\nloupe: ${visibleControls(capLine)}\n`);
  }
}

/** A finished run's tasks into the history; a failure to save is a warning, never the run's failure. */
export async function recordCosts(tasks: Array<Omit<FinishedTask, 'at'>>): Promise<void> {
  const problem = await new CostHistory(cliCostHistoryPath()).record(tasks);
  if (problem) process.stderr.write(`loupe: warning: ${visibleControls(problem)}\n`);
}
