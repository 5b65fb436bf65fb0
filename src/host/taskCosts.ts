// What VS Code keeps and says about cost across tasks: every finished task's cost goes into the cost
// history in Loupe's global storage (one per user, shared by windows and workspaces), and a best-of-N
// run is preceded by the estimate made from it and the cap (loupe.maxCostUsd), in the attempts pick,
// the task box and the panel.
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { describeCap, describeEstimate, estimateAttempts, shortEstimate } from '../agent/model/costEstimate';
import { COST_HISTORY_FILE, CostHistory, type FinishedTask, type HistoryRead } from '../agent/model/costHistory';

const HOW_TO_CAP = 'the loupe.maxCostUsd setting';

export function costHistoryIn(globalStorage: vscode.Uri): CostHistory {
  return new CostHistory(join(globalStorage.fsPath, COST_HISTORY_FILE));
}

/** The history read once, then what any number of attempts would cost by it, and the cap. */
export class AttemptsCostPreview {
  private constructor(
    private readonly _history: HistoryRead,
    private readonly _model: string,
    readonly capLine: string,
  ) {}

  static async read(history: CostHistory, model: string, maxCostUsd: number | undefined): Promise<AttemptsCostPreview> {
    return new AttemptsCostPreview(await history.read(), model, describeCap(maxCostUsd, HOW_TO_CAP));
  }

  /** "about $0.42 ($0.30–$0.60)", for a quick pick item. */
  short(attempts: number): string {
    return shortEstimate(estimateAttempts(this._history, this._model, attempts));
  }

  /** The full estimate line, with its basis. */
  line(attempts: number): string {
    return describeEstimate(estimateAttempts(this._history, this._model, attempts));
  }
}

/** A finished task's cost into the history; a failure to save is logged, never the task's failure. */
export async function recordCosts(history: CostHistory | undefined, tasks: Array<Omit<FinishedTask, 'at'>>, log: vscode.LogOutputChannel): Promise<void> {
  const problem = await history?.record(tasks);
  if (problem) log.warn(problem);
}
