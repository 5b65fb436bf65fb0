// Best-of-N in VS Code (Loupe: Run Task with Attempts…): the attempts run as in the CLI
// (attemptsTask.ts), each in its own copy in Loupe's storage and its own sandbox (and display, with
// computer use); the panel hears how each goes, then gets the comparison; a checkpoint is taken and
// the winner is proposed to the folder as ordinary changes, reviewed per hunk. The comparison's
// diffs stay here so the user can open any attempt's diff or use another attempt instead.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { applyWinner } from '../agent/attempts/applyWinner';
import type { AttemptDiff } from '../agent/attempts/attemptChanges';
import { describeAttempts, runAttemptsTask } from '../agent/attempts/attemptsTask';
import type { AttemptsReport } from '../agent/attempts/bestOfN';
import type { SessionOutcome } from '../agent/events';
import { Policy, type PolicySettings } from '../agent/policy';
import type { Approver } from '../agent/ports';
import type { CheckpointRecorder } from '../agent/toolRunner';
import type { AttemptsComparison, HostMessage } from '../shared/protocol';
import { describeCall } from '../shared/toolReport';
import { errorText } from '../shared/errorText';
import type { CostHistory } from '../agent/model/costHistory';
import type { LoupeSettings } from './settings';
import { AttemptsCostPreview, recordCosts } from './taskCosts';
import { chooseAttemptsComputer } from './taskComputer';
import { toTranscriptEvent } from './transcriptEvent';
import { VsCodeWorkspace } from './vscodeWorkspace';

/** A finished comparison, kept for its buttons until the next one. */
export interface KeptComparison {
  id: string;
  folder: vscode.Uri;
  diffs: Map<number, AttemptDiff>;
  /** The attempt proposed to the folder; "use this one instead" replaces its changes. */
  proposed?: number;
}

export interface AttemptsDependencies {
  task: string;
  apiKey: string;
  attempts: number;
  storage: vscode.Uri;
  approver: Approver;
  policy: PolicySettings;
  thinking: boolean;
  signal: AbortSignal;
  post(message: HostMessage): void;
  log: vscode.LogOutputChannel;
  checkpoints?: CheckpointRecorder;
  onComparison(kept: KeptComparison): void;
  /** Where finished tasks' costs are kept: the estimate comes from it, and the attempts' costs go into it. */
  costHistory?: CostHistory;
}

/** The user's rules for proposing an attempt's changes to the folder (and for the attempts' commands). */
export function attemptPolicy(settings: LoupeSettings): PolicySettings {
  return { allowedEditGlobs: settings.allowedEditGlobs, allowedCommands: settings.allowedCommands, approveAll: settings.approval === 'auto', allowedExternalTools: settings.allowedMcpTools, protectedPaths: settings.sandbox.protectedPaths };
}

export function comparisonOf(id: string, report: AttemptsReport): AttemptsComparison {
  return {
    id,
    attempts: report.attempts.map((record) => ({
      attempt: record.attempt,
      status: record.status,
      ...(record.check ? { check: { command: record.check.command, passed: record.check.passed, exitCode: record.check.exitCode } } : {}),
      costUsd: record.costUsd,
      files: record.files.length,
      added: record.added,
      removed: record.removed,
      ...(report.verdict?.scores[record.attempt] ? { score: report.verdict.scores[record.attempt]!.score, reason: report.verdict.scores[record.attempt]!.reason } : {}),
    })),
    ...(report.winner !== undefined ? { winner: report.winner } : {}),
    ...(report.verdict ? { pickedBy: report.verdict.by } : {}),
    ...(report.verdict?.note ? { note: report.verdict.note } : {}),
  };
}

export async function runAttemptsInVsCode(folder: vscode.Uri, settings: LoupeSettings, deps: AttemptsDependencies): Promise<SessionOutcome> {
  const say = (message: string) => {
    deps.log.info(message);
    deps.post({ type: 'notice', message });
  };
  const storage = join(deps.storage.fsPath, 'attempts', randomUUID());
  const baseURL = process.env.ANTHROPIC_BASE_URL;
  // Said before any attempt asks the model for anything: what this is likely to cost, and where it stops.
  if (deps.costHistory) {
    const costs = await AttemptsCostPreview.read(deps.costHistory, settings.model, settings.maxCostUsd);
    say(costs.line(deps.attempts));
    say(costs.capLine);
  }
  // loupe.computer applies to attempts too ('auto': a private display each, where one can run).
  const computer = await chooseAttemptsComputer(settings.computer, deps.attempts);
  deps.log.info(computer.logLine);
  if (computer.notice) say(computer.notice);
  const { report, costUsd } = await runAttemptsTask({
    task: deps.task,
    model: settings.model,
    thinking: deps.thinking,
    maxSteps: settings.maxSteps,
    ...(settings.maxCostUsd ? { maxCostUsd: settings.maxCostUsd } : {}),
    apiKey: deps.apiKey,
    ...(baseURL ? { baseURL } : {}),
    ...(settings.streamIdleTimeoutSeconds ? { streamIdleTimeoutMs: settings.streamIdleTimeoutSeconds * 1000 } : {}),
    userRoot: folder.fsPath,
    storage,
    attempts: deps.attempts,
    ...(settings.checkCommand ? { check: settings.checkCommand } : {}),
    sandbox: settings.sandbox,
    approver: deps.approver,
    computer: computer.mode,
    policy: deps.policy,
    signal: deps.signal,
    say,
    // Every attempt's and the judge's requests reach the panel and the status bar with the run's total so far.
    onRequest: (usage, spentUsd) => deps.post({ type: 'event', event: toTranscriptEvent({ type: 'usage', usage, sessionCostUsd: spentUsd }) }),
    onDisplay: (attempt, display) => deps.log.info(`Attempt ${attempt}: computer use on a private virtual display ${display}.`),
    emit: (event, attempt) => {
      if (event.type !== 'tool_call') return;
      const { title, detail } = describeCall(event.name, event.input);
      deps.log.info(`attempt ${attempt} ▸ ${title}${detail ? `  ${detail.split('\n')[0]}` : ''}`);
    },
  });
  for (const line of describeAttempts(report)) deps.log.info(line);
  // Each attempt is a task's worth of work on this model, the sample the next estimate multiplies (the judge is not).
  if (!deps.signal.aborted) await recordCosts(deps.costHistory, report.attempts.map((record) => ({ model: settings.model, costUsd: record.costUsd })), deps.log);
  // Stopped: the attempts were ended, not failed; there is nothing to compare and nothing is proposed.
  if (deps.signal.aborted) return { kind: 'cancelled' };
  const id = randomUUID().replace(/-/g, '');
  deps.post({ type: 'attempts', comparison: comparisonOf(id, report) });
  deps.onComparison({ id, folder, diffs: report.diffs, ...(report.winner !== undefined ? { proposed: report.winner } : {}) });
  if (report.winner === undefined) return { kind: 'failed', reason: `No attempt passed${report.checkCommand ? ` \`${report.checkCommand}\`` : ''}: your folder is unchanged ($${costUsd.toFixed(4)} in all).` };
  const applied = await proposeAttempt(folder, report.diffs.get(report.winner)!, report.winner, deps);
  return { kind: 'completed', finalText: `Attempt ${report.winner} of ${deps.attempts} was proposed to your folder (${applied}); $${costUsd.toFixed(4)} in all.` };
}

/** An attempt's changes proposed to the folder, after a checkpoint: reviewed as the agent's own edits are. */
export async function proposeAttempt(folder: vscode.Uri, diff: AttemptDiff, attempt: number, deps: Pick<AttemptsDependencies, 'approver' | 'policy' | 'signal' | 'post' | 'checkpoints'>): Promise<string> {
  if (deps.checkpoints) {
    try {
      const checkpoint = await deps.checkpoints.snapshot(`before attempt ${attempt}'s changes`);
      deps.post({ type: 'event', event: { type: 'checkpoint', id: checkpoint.id, label: `before attempt ${attempt}'s changes`, toolUseId: `attempt-${attempt}` } });
    } catch (error) {
      deps.post({ type: 'notice', message: `Could not save a checkpoint before attempt ${attempt}'s changes: ${errorText(error)}` });
    }
  }
  const workspace = await VsCodeWorkspace.open(folder);
  const results = await applyWinner(diff, {
    signal: deps.signal,
    workspace,
    approver: deps.approver,
    policy: new Policy(deps.policy),
    toolUseId: `attempt-${attempt}`,
    toolName: 'attempts',
    // Written by attempts that read tool output: a risky change still asks under "auto".
    afterExternalContent: true,
    emit: (event) => deps.post({ type: 'event', event: toTranscriptEvent(event) }),
  });
  for (const result of results.filter((file) => !file.applied)) deps.post({ type: 'notice', message: result.message.split('\n')[0] ?? result.message });
  const applied = results.filter((file) => file.applied).length;
  return `${applied} of ${results.length} file${results.length === 1 ? '' : 's'} changed`;
}
