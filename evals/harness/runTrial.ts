// One trial of one task: a fresh copy of the fixture, the real agent run on it through the CLI
// (the same code path as `loupe run`, sandboxed like any task, --yes, --json), then the hidden
// checks from outside. What the CLI's JSON lines say becomes the trial's numbers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { startMessagesApiServer, type MessagesApiServer, type ReplyPace } from '../../test/support/messagesApiServer';
import { scriptedTurns, type ScriptedModel } from './scriptedModels';
import { freshCopy, runChecks, type CheckResult } from './taskFolders';
import type { EvalTask } from './taskFormat';

const CLI = resolve(import.meta.dirname, '..', '..', 'dist', 'cli.js');

export interface TrialOptions {
  /** A model id for the real API, or a scripted model (no key). */
  model: string | { scripted: ScriptedModel };
  maxSteps: number;
  /** Best-of-N attempts per trial (the CLI's --attempts); a visual task's attempts each get a private display of their own. */
  attempts: number;
  /** Check each attempt with the task's hidden checks (benchmarks of the selection only). */
  checkHidden?: boolean;
  /** Scripted models only: replies paced like a real model's (benchmarks of wall time). */
  pace?: ReplyPace;
  maxCostUsd?: number;
  /** Keep the attempt's folder (for reading what the agent did). */
  keep: boolean;
  signal: AbortSignal;
  /** Called on every request's usage, for the progress line. */
  onCost?(costUsd: number): void;
}

export interface TrialResult {
  task: string;
  trial: number;
  passed: boolean;
  outcome: string;
  steps: number;
  tokens: { input: number; cacheWrite: number; cacheRead: number; output: number };
  costUsd: number;
  wallSeconds: number;
  toolCalls: number;
  toolErrors: number;
  checks: CheckResult;
  /** Kept only with `keep`. */
  folder?: string;
  /** Set when the agent could not run at all (the CLI's last stderr line). */
  error?: string;
  /** Attempts made (1 without best-of-N). */
  attempts: number;
  /** With best-of-N: each attempt's status, check, cost and diff, and the judge's reasons (the CLI's record). */
  attemptRecord?: unknown;
}

export async function runTrial(task: EvalTask, trial: number, options: TrialOptions): Promise<TrialResult> {
  const folder = await freshCopy(task);
  // The CLI's state (cost history, attempts' copies) goes to a cache of the trial's own: an eval task's
  // cost is not the user's, and must not move their next cost estimate.
  const cache = await mkdtemp(join(tmpdir(), 'loupe-eval-cache-'));
  const attempts = options.attempts;
  let server: MessagesApiServer | undefined;
  const started = Date.now();
  try {
    // The agent's commands get the Node that runs the harness first on PATH (the project's Node 24 under
    // npm), so a task's own tests run on the same Node as its hidden checks.
    const env: Record<string, string> = { NO_COLOR: '1', PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, XDG_CACHE_HOME: cache };
    let model: string | undefined;
    if (typeof options.model === 'string') {
      model = options.model;
    } else {
      server = await startMessagesApiServer(await scriptedTurns(task, options.model.scripted, trial, attempts, options.pace));
      env.ANTHROPIC_API_KEY = 'scripted';
      env.ANTHROPIC_BASE_URL = server.url;
    }
    const args = ['run', task.instruction, '--cwd', folder, '--yes', '--json', '--max-steps', String(options.maxSteps)];
    if (model) args.push('--model', model);
    if (options.maxCostUsd) args.push('--max-cost', String(options.maxCostUsd));
    if (task.computer) args.push('--computer', 'virtual');
    if (attempts > 1) args.push('--attempts', String(attempts));
    if (attempts > 1 && options.checkHidden) args.push('--check', `EVAL_CHECKS_DIR='${task.checks}' bash '${join(task.checks, 'check.sh')}'`);
    const child = execa(process.execPath, [CLI, ...args], { env, extendEnv: true, reject: false, stdin: 'ignore', cancelSignal: options.signal, forceKillAfterDelay: 5_000 });
    const numbers: Numbers = { steps: 0, costUsd: 0, tokens: { input: 0, cacheWrite: 0, cacheRead: 0, output: 0 }, toolCalls: 0, toolErrors: 0, outcome: 'unknown' };
    // A JSON line may arrive in two chunks: only whole lines are read.
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) readEvent(line, numbers, options.onCost);
    });
    const exit = await child;
    readEvent(partial, numbers, options.onCost);
    const wallSeconds = (Date.now() - started) / 1000;
    const checks = await runChecks(task, folder);
    const stderrLines = String(exit.stderr ?? '').trim().split('\n');
    return {
      task: task.id,
      trial,
      passed: checks.passed,
      outcome: numbers.outcome,
      steps: numbers.steps,
      tokens: numbers.tokens,
      costUsd: numbers.costUsd,
      wallSeconds,
      toolCalls: numbers.toolCalls,
      toolErrors: numbers.toolErrors,
      checks,
      ...(options.keep ? { folder } : {}),
      ...(numbers.steps === 0 && exit.exitCode !== 0 ? { error: stderrLines.at(-1) ?? `exit ${exit.exitCode}` } : {}),
      attempts,
      ...(numbers.attemptRecord !== undefined ? { attemptRecord: numbers.attemptRecord } : {}),
    };
  } finally {
    await server?.close();
    await rm(cache, { recursive: true, force: true });
    if (!options.keep) await rm(folder, { recursive: true, force: true });
  }
}

type Numbers = { steps: number; costUsd: number; tokens: TrialResult['tokens']; toolCalls: number; toolErrors: number; outcome: string; attemptRecord?: unknown };

/** One JSON line of `loupe run --json`; anything else (a partial line) is skipped. */
function readEvent(line: string, numbers: Numbers, onCost: ((costUsd: number) => void) | undefined): void {
  if (!line.trim().startsWith('{')) return;
  let event: { type?: string; usage?: { inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; costUsd: number }; isError?: boolean; outcome?: { kind: string }; winner?: number; costUsd?: number };
  try {
    event = JSON.parse(line);
  } catch {
    return;
  }
  if (event.type === 'usage' && event.usage) {
    numbers.steps++;
    numbers.tokens.input += event.usage.inputTokens;
    numbers.tokens.output += event.usage.outputTokens;
    numbers.tokens.cacheWrite += event.usage.cacheWriteTokens;
    numbers.tokens.cacheRead += event.usage.cacheReadTokens;
    numbers.costUsd += event.usage.costUsd;
    onCost?.(event.usage.costUsd);
  } else if (event.type === 'tool_call') {
    numbers.toolCalls++;
  } else if (event.type === 'tool_result' && event.isError) {
    numbers.toolErrors++;
  } else if (event.type === 'summary' && event.outcome) {
    numbers.outcome = event.outcome.kind;
  } else if (event.type === 'attempts') {
    // Best-of-N ends with its record instead of a session summary.
    numbers.attemptRecord = event;
    // The record's cost includes the judge's request, which no usage line reports.
    if (typeof event.costUsd === 'number') numbers.costUsd = event.costUsd;
    numbers.outcome = event.winner !== undefined ? 'completed' : 'no attempt passed';
  }
}

