// `loupe run --attempts N`: N attempts at the task in parallel, each in its own copy in Loupe's cache
// and its own sandbox, sharing one client (one rate-limit pacer) and one cost cap; the check and the
// judge pick one; its changes are then proposed to the folder like any edit (so --yes applies them,
// and without it the terminal asks). One line per event of note, prefixed with its attempt.
import { mkdtemp } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { applyWinner, type AppliedFile } from '../agent/attempts/applyWinner';
import { judgeAttempts } from '../agent/attempts/attemptJudge';
import { runBestOfN, type AttemptsReport } from '../agent/attempts/bestOfN';
import { detectCheckCommand } from '../agent/attempts/verification';
import { loadProjectInstructions } from '../agent/context/projectInstructions';
import { createAgentSession } from '../agent/createAgentSession';
import type { AgentEvent } from '../agent/events';
import { ModelClient } from '../agent/model/modelClient';
import { DEFAULT_MODEL, familyOf, pricesFor } from '../agent/model/modelTable';
import { priceUsage } from '../agent/model/usage';
import { Policy, type PolicySettings } from '../agent/policy';
import type { Approver } from '../agent/ports';
import { SharedBudget } from '../agent/session';
import { openTaskEnvironment } from '../agent/taskEnvironment';
import { FileSystemWorkspace } from '../agent/workspace/fileSystemWorkspace';
import { describeCall } from '../shared/toolReport';
import { visibleControls } from '../shared/terminalText';
import type { RunArgs } from './cliArgs';

export interface AttemptsRun {
  report: AttemptsReport;
  applied: AppliedFile[];
  costUsd: number;
}

export async function runAttempts(args: RunArgs, options: { apiKey: string; baseURL?: string; workspace: FileSystemWorkspace; approver: Approver; policy: PolicySettings; signal: AbortSignal; say(line: string): void; emit?(event: AgentEvent & { attempt?: number }): void }): Promise<AttemptsRun> {
  const model = args.model ?? DEFAULT_MODEL;
  const client = new ModelClient({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), ...(args.streamIdleTimeoutSeconds ? { idleTimeoutMs: args.streamIdleTimeoutSeconds * 1000 } : {}) });
  const budget = new SharedBudget(args.maxCostUsd ?? Number.POSITIVE_INFINITY);
  const checkCommand = args.check ?? (await detectCheckCommand(options.workspace.root));
  options.say(checkCommand ? `Each attempt is checked with \`${checkCommand}\`${args.check ? '' : ' (found in the project; --check CMD to choose)'}.` : 'No test command found (--check CMD to give one): every attempt that changes something goes to the judge.');
  if (args.maxCostUsd) options.say(`All attempts together stop at $${args.maxCostUsd.toFixed(2)} (--max-cost).`);
  const storage = await mkdtemp(join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'loupe-attempts-'));
  const report = await runBestOfN({
    task: args.task,
    userRoot: options.workspace.root,
    storage,
    attempts: args.attempts,
    ...(checkCommand ? { checkCommand } : {}),
    signal: options.signal,
    onProgress: options.say,
    runAttempt: async (attempt, folder) => {
      const workspace = await FileSystemWorkspace.open(folder);
      const environment = await openTaskEnvironment({ workspace: folder, settings: { mode: args.sandbox, allowedDomains: args.allowDomains, writablePaths: args.allowWrite, protectedPaths: args.protect }, approver: options.approver });
      try {
        const session = createAgentSession({
          apiKey: options.apiKey,
          client,
          sharedBudget: budget,
          model,
          thinking: args.thinking,
          maxSteps: args.maxSteps,
          workspace,
          approver: options.approver,
          // Edits land in the attempt's own copy, reviewed when the winner is proposed to the folder; commands follow the user's rules.
          policy: environment.policy({ ...options.policy, allowedEditGlobs: ['**'] }),
          processes: environment.processes,
          instructions: await loadProjectInstructions(workspace),
        });
        session.onDidEmit((event) => {
          options.emit?.({ ...event, attempt });
          if (event.type === 'tool_call') {
            const { title, detail } = describeCall(event.name, event.input);
            options.say(`attempt ${attempt} ▸ ${visibleControls(title)}${detail ? `  ${visibleControls(detail.split('\n')[0] ?? '')}` : ''}`);
          }
        });
        const outcome = await session.send(args.task, options.signal);
        options.say(`attempt ${attempt}: ${outcome.kind}, $${session.usage.totals.costUsd.toFixed(4)}`);
        await session.dispose();
        return { outcome, costUsd: session.usage.totals.costUsd, processes: environment.processes, dispose: () => environment.dispose() };
      } catch (error) {
        await environment.dispose();
        throw error;
      }
    },
    judge: (candidates) =>
      judgeAttempts({
        client,
        model,
        task: args.task,
        candidates,
        signal: options.signal,
        costOf: (message) => {
          const cost = priceUsage(model, message.usage, pricesFor(familyOf(model), (message.usage.input_tokens ?? 0) + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0))).costUsd;
          budget.record(cost);
          return cost;
        },
      }),
  });
  for (const record of report.attempts) {
    const check = record.check ? `, check ${record.check.passed ? 'passed' : `failed (exit ${record.check.exitCode ?? 'none'})`}` : '';
    options.say(`attempt ${record.attempt}: ${record.status}${record.error ? ` (${record.error})` : ''}${check}, ${record.files.length} files +${record.added} -${record.removed}, $${record.costUsd.toFixed(4)}`);
  }
  if (report.verdict) {
    for (const attempt of report.verdict.ranking) {
      const scored = report.verdict.scores[attempt];
      if (scored) options.say(`judge: attempt ${attempt} ${scored.score}/10: ${visibleControls(scored.reason)}`);
    }
    if (report.verdict.note) options.say(`judge: ${report.verdict.note}${report.verdict.ranking.length > 1 ? '; ordered by the smaller diff' : ''}.`);
  }
  let applied: AppliedFile[] = [];
  if (report.winner !== undefined && report.winnerDiff) {
    options.say(`Attempt ${report.winner} is proposed to your folder.`);
    applied = await applyWinner(report.winnerDiff, {
      signal: options.signal,
      workspace: options.workspace,
      approver: options.approver,
      policy: new Policy(options.policy),
      toolUseId: 'attempts',
      toolName: 'attempts',
      afterExternalContent: true,
      emit: (event) => options.emit?.(event),
    });
    for (const file of applied) options.say(`${file.applied ? '✓' : '✗'} ${visibleControls(file.message.split('\n')[0] ?? '')}`);
  } else {
    options.say('No attempt passed: your folder is unchanged.');
  }
  return { report, applied, costUsd: budget.spentUsd };
}
