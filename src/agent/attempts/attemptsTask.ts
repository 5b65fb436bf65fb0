// One best-of-N task as the CLI and VS Code both run it: the attempts' sessions, each in its copy
// with its own sandbox (and, for visual work, its own private display), sharing one client (one
// rate-limit pacer) and one cost cap; the check (given, or the project's test command); the judge.
// Proposing the result to the folder is the caller's, so VS Code can take a checkpoint first and let
// the user pick another attempt.
import { loadProjectInstructions } from '../context/projectInstructions';
import { createAgentSession } from '../createAgentSession';
import type { AgentEvent } from '../events';
import { ModelClient } from '../model/modelClient';
import { familyOf } from '../model/modelTable';
import { priceReply, type RequestUsage } from '../model/usage';
import type { PolicySettings } from '../policy';
import type { Approver } from '../ports';
import type { SandboxSettings } from '../sandbox/taskSandbox';
import { SharedBudget } from '../session';
import { keepUnlessCancelled } from '../taskCancellation';
import { openTaskEnvironment } from '../taskEnvironment';
import { FileSystemWorkspace } from '../workspace/fileSystemWorkspace';
import { approverForAttempt } from './attemptApprover';
import { judgeAttempts } from './attemptJudge';
import { runBestOfN, type AttemptsReport } from './bestOfN';
import { checkVerdict, detectCheckCommand } from './verification';

export interface AttemptsTaskOptions {
  task: string;
  model: string;
  thinking: boolean;
  maxSteps: number;
  /** One cap over all attempts and the judge. */
  maxCostUsd?: number;
  apiKey: string;
  baseURL?: string;
  streamIdleTimeoutMs?: number;
  userRoot: string;
  /** Where the copies go: Loupe's storage. */
  storage: string;
  attempts: number;
  /** The check each attempt must pass; by default the project's test command, when one is found. */
  check?: string;
  sandbox: SandboxSettings;
  approver: Approver;
  /**
   * Computer use per attempt: 'virtual' gives each attempt a private Xvfb display of its own. The
   * user's own screen is not an option: one screen cannot be driven by N attempts at once.
   */
  computer?: 'off' | 'virtual';
  /** The user's rules; edits in an attempt's own copy need no review (the winner's are reviewed when proposed). */
  policy: PolicySettings;
  signal: AbortSignal;
  say(line: string): void;
  emit?(event: AgentEvent, attempt: number): void;
  /** Each request's usage as it is counted (every attempt's and the judge's), with what all of them cost so far. */
  onRequest?(usage: RequestUsage, spentUsd: number): void;
  /** An attempt's display is up (the CLI says it on stderr, as it does for a single task). */
  onDisplay?(attempt: number, display: string): void;
}

export interface AttemptsTaskResult {
  report: AttemptsReport;
  checkCommand?: string;
  costUsd: number;
}

export async function runAttemptsTask(options: AttemptsTaskOptions): Promise<AttemptsTaskResult> {
  const client = new ModelClient({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), ...(options.streamIdleTimeoutMs ? { idleTimeoutMs: options.streamIdleTimeoutMs } : {}) });
  const budget = new SharedBudget(options.maxCostUsd ?? Number.POSITIVE_INFINITY, options.onRequest);
  const checkCommand = options.check ?? (await detectCheckCommand(options.userRoot));
  options.say(checkCommand ? `Each attempt is checked with \`${checkCommand}\`${options.check ? '' : ' (found in the project; --check CMD or loupe.checkCommand to choose)'}.` : 'No test command found (--check CMD or loupe.checkCommand to give one): every attempt that changes something goes to the judge.');
  const startComputer = options.computer === 'virtual' ? await computerStarter() : undefined;
  const report = await runBestOfN({
    task: options.task,
    userRoot: options.userRoot,
    storage: options.storage,
    attempts: options.attempts,
    ...(checkCommand ? { checkCommand } : {}),
    signal: options.signal,
    onProgress: options.say,
    runAttempt: async (attempt, folder, shared) => {
      const workspace = await FileSystemWorkspace.open(folder);
      const approver = approverForAttempt(attempt, options.approver);
      // Started in the attempt's copy, so what it opens on the display runs from there; the task
      // environment owns it from here and takes it down after the check, which may need the app on it.
      const computer = startComputer && (await keepUnlessCancelled(options.signal, await startComputer('virtual', { model: options.model, cwd: folder, signal: options.signal }), (started) => started.dispose()));
      if (computer) options.onDisplay?.(attempt, computer.display);
      const environment = await openTaskEnvironment({ workspace: folder, settings: options.sandbox, approver, sharedFolders: shared, ...(computer ? { computer } : {}) });
      try {
        const session = createAgentSession({
          apiKey: options.apiKey,
          client,
          sharedBudget: budget,
          model: options.model,
          thinking: options.thinking,
          maxSteps: options.maxSteps,
          workspace,
          approver,
          policy: environment.policy({ ...options.policy, allowedEditGlobs: ['**'] }),
          ...(computer ? { computer } : {}),
          processes: environment.processes,
          instructions: await loadProjectInstructions(workspace),
        });
        session.onDidEmit((event) => options.emit?.(event, attempt));
        // The session ends here either way (its background processes with it); the sandbox stays for the check.
        const outcome = await session.send(options.task, options.signal).finally(() => session.dispose());
        options.say(`Attempt ${attempt}: ${outcome.kind}, $${session.usage.totals.costUsd.toFixed(4)}.`);
        return { outcome, costUsd: session.usage.totals.costUsd, processes: environment.processes, ...(computer ? { commandEnv: computer.commandEnv, display: computer.display } : {}), dispose: () => environment.dispose() };
      } catch (error) {
        await environment.dispose();
        throw error;
      }
    },
    judge: (candidates) =>
      judgeAttempts({
        client,
        model: options.model,
        task: options.task,
        candidates,
        signal: options.signal,
        costOf: (message) => {
          const usage = priceReply(options.model, message, familyOf(options.model));
          budget.record(usage);
          return usage.costUsd;
        },
      }),
  });
  return { report, ...(checkCommand ? { checkCommand } : {}), costUsd: budget.spentUsd };
}

/**
 * startComputer, loaded only for visual work (it brings sharp and the display backends); a machine
 * that cannot run a private display is refused before any attempt starts, not N times over.
 */
async function computerStarter(): Promise<typeof import('../computerSetup').startComputer> {
  const { ComputerUnavailableError, computerUnavailableReason, startComputer } = await import('../computerSetup');
  const unavailable = computerUnavailableReason('virtual', undefined);
  if (unavailable) throw new ComputerUnavailableError(unavailable);
  return startComputer;
}

/** One line per attempt and per judge score, as the CLI prints them and the VS Code log keeps them. */
export function describeAttempts(report: AttemptsReport): string[] {
  const lines = report.attempts.map((record) => {
    const check = record.check ? `, check ${checkVerdict(record.check)}` : '';
    return `attempt ${record.attempt}: ${record.status}${record.error ? ` (${record.error})` : ''}${check}, ${record.files.length} files +${record.added} -${record.removed}, $${record.costUsd.toFixed(4)}`;
  });
  if (report.verdict) {
    for (const attempt of report.verdict.ranking) {
      const scored = report.verdict.scores[attempt];
      if (scored) lines.push(`judge: attempt ${attempt} ${scored.score}/10: ${scored.reason}`);
    }
    if (report.verdict.by === 'same change') lines.push(`${report.verdict.note}.`);
    else if (report.verdict.note) lines.push(`judge: ${report.verdict.note}${report.verdict.ranking.length > 1 ? '; ordered by the smaller diff' : ''}.`);
  }
  return lines;
}
