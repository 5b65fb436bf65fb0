// `loupe run --attempts N`: the attempts (attemptsTask.ts; with --computer virtual each on its own
// display), one line per event of note prefixed with its attempt, then the winner's changes proposed
// to the folder like any edit (so --yes applies them, and without it the terminal asks).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { applyWinner, type AppliedFile } from '../agent/attempts/applyWinner';
import { describeAttempts, runAttemptsTask } from '../agent/attempts/attemptsTask';
import type { AttemptsReport } from '../agent/attempts/bestOfN';
import type { AgentEvent } from '../agent/events';
import { DEFAULT_MODEL } from '../agent/model/modelTable';
import { Policy, type PolicySettings } from '../agent/policy';
import type { Approver } from '../agent/ports';
import type { FileSystemWorkspace } from '../agent/workspace/fileSystemWorkspace';
import { describeCall } from '../shared/toolReport';
import { visibleControls } from '../shared/terminalText';
import type { RunArgs } from './cliArgs';
import { cacheHome } from '../agent/cacheHome';

export interface AttemptsRun {
  report: AttemptsReport;
  applied: AppliedFile[];
  costUsd: number;
}

export async function runAttempts(args: RunArgs, options: { apiKey: string; baseURL?: string; workspace: FileSystemWorkspace; approver: Approver; policy: PolicySettings; signal: AbortSignal; say(line: string): void; emit?(event: AgentEvent & { attempt?: number }): void; onDisplay?(attempt: number, display: string): void }): Promise<AttemptsRun> {
  // A fresh home may have no ~/.cache yet.
  await mkdir(cacheHome(), { recursive: true });
  const storage = await mkdtemp(join(cacheHome(), 'loupe-attempts-'));
  // The copies are removed as the attempts end; their folder goes too, so no run leaves litter behind.
  const attempts = runAttemptsTask({
    task: args.task,
    model: args.model ?? DEFAULT_MODEL,
    thinking: args.thinking,
    maxSteps: args.maxSteps,
    ...(args.maxCostUsd ? { maxCostUsd: args.maxCostUsd } : {}),
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    ...(args.streamIdleTimeoutSeconds ? { streamIdleTimeoutMs: args.streamIdleTimeoutSeconds * 1000 } : {}),
    userRoot: options.workspace.root,
    storage,
    attempts: args.attempts,
    ...(args.check ? { check: args.check } : {}),
    sandbox: { mode: args.sandbox, allowedDomains: args.allowDomains, writablePaths: args.allowWrite, protectedPaths: args.protect },
    approver: options.approver,
    // --computer desktop with attempts is refused in cliArgs.ts: one screen, N attempts.
    ...(args.computer === 'virtual' ? { computer: 'virtual' as const } : {}),
    policy: options.policy,
    signal: options.signal,
    say: options.say,
    ...(options.onDisplay ? { onDisplay: options.onDisplay } : {}),
    emit: (event, attempt) => {
      options.emit?.({ ...event, attempt });
      if (event.type === 'tool_call') {
        const { title, detail } = describeCall(event.name, event.input);
        options.say(`attempt ${attempt} ▸ ${visibleControls(title)}${detail ? `  ${visibleControls(detail.split('\n')[0] ?? '')}` : ''}`);
      }
    },
  });
  let report: AttemptsReport;
  let costUsd: number;
  try {
    ({ report, costUsd } = await attempts);
  } finally {
    await rm(storage, { recursive: true, force: true });
  }
  for (const line of describeAttempts(report)) options.say(visibleControls(line));
  let applied: AppliedFile[] = [];
  const winnerDiff = report.winner !== undefined ? report.diffs.get(report.winner) : undefined;
  if (report.winner !== undefined && winnerDiff) {
    options.say(`Attempt ${report.winner} is proposed to your folder.`);
    applied = await applyWinner(winnerDiff, {
      signal: options.signal,
      workspace: options.workspace,
      approver: options.approver,
      policy: new Policy(options.policy),
      toolUseId: 'attempts',
      toolName: 'attempts',
      // The changes were written by attempts that read tool output: risky ones still ask under --yes.
      afterExternalContent: true,
      emit: (event) => options.emit?.(event),
    });
    for (const file of applied) options.say(`${file.applied ? '✓' : '✗'} ${visibleControls(file.message.split('\n')[0] ?? '')}`);
  } else {
    options.say('No attempt passed: your folder is unchanged.');
  }
  return { report, applied, costUsd };
}
