// The headless CLI over the same agent core: `loupe run "<task>"`. Exit 0 when the model ends its
// turn; otherwise non-zero with a one-line reason on stderr.
import { TerminalApprover, NoTerminalApprover } from './cli/cliApprovers';
import { parseCliArgs, USAGE, UsageError, type RunArgs } from './cli/cliArgs';
import { EXIT_OUTPUT_CLOSED, onClosedOutput } from './cli/closedOutput';
import { describeOutcome, TranscriptRenderer } from './cli/transcriptRenderer';
import { createAgentSession } from './agent/createAgentSession';
import type { AgentEvent, SessionOutcome } from './agent/events';
import { FileSystemWorkspace } from './agent/workspace/fileSystemWorkspace';
import { DEFAULT_MODEL, familyOf, isKnownModel } from './agent/model/modelTable';
import type { ComputerEnvironment } from './agent/computerSetup';
import type { Approver } from './agent/ports';
import { describeInstructions, loadProjectInstructions } from './agent/context/projectInstructions';
import { keepUnlessCancelled, TaskCancelledError, throwIfCancelled } from './agent/taskCancellation';
import { openTaskEnvironment, type TaskEnvironment } from './agent/taskEnvironment';
import { startCliMcpServers } from './cli/cliMcp';
import { announceAttemptsCost, recordCosts } from './cli/cliCosts';
import { protectedUndoNotice } from './agent/tools/sandboxNotes';
import { visibleControls } from './shared/terminalText';
import { errorText } from './shared/errorText';

declare const LOUPE_VERSION: string | undefined;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
// The shell convention for a run stopped by Ctrl+C (128 + SIGINT).
const EXIT_CANCELLED = 130;

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv, process.cwd());
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\n\n${USAGE}`, EXIT_USAGE);
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${typeof LOUPE_VERSION === 'string' ? LOUPE_VERSION : 'dev'}\n`);
    return EXIT_OK;
  }
  return run(command.args);
}

/**
 * The task's one cancellation is made here, before anything starts: Ctrl+C (or a closed terminal) while
 * the display or the sandbox starts ends the task there, as it does later; a second Ctrl+C quits at once.
 */
async function run(args: RunArgs): Promise<number> {
  const cancellation = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_CANCELLED);
    process.stderr.write('\nloupe: cancelling (Ctrl+C again to quit at once)…\n');
    cancellation.abort();
  };
  // A closed terminal or a dropped ssh connection (SIGHUP) ends the task as Ctrl+C does, and the
  // clean-up runs; if Loupe is killed outright, the sandbox dies with it (--die-with-parent).
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  process.on('SIGHUP', onSigint);
  try {
    return await runTask(args, cancellation);
  } catch (error) {
    if (error instanceof TaskCancelledError) return fail('Cancelled before the task started.', EXIT_CANCELLED);
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    process.off('SIGHUP', onSigint);
  }
}

async function runTask(args: RunArgs, cancellation: AbortController): Promise<number> {
  const signal = cancellation.signal;
  const apiKey = process.env.ANTHROPIC_API_KEY;
  if (!apiKey) return fail('No API key: set ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a proxy or test server).', EXIT_FAILED);

  let workspace: FileSystemWorkspace;
  try {
    workspace = await FileSystemWorkspace.open(args.cwd);
  } catch (error) {
    return fail(`Cannot open the folder ${args.cwd}: ${errorText(error)}`, EXIT_FAILED);
  }

  const emitJson = args.json;
  const renderer = new TranscriptRenderer(process.stdout, !emitJson && process.stdout.isTTY === true && !process.env.NO_COLOR);
  // With --yes most actions never reach the approver, but risky ones after tool output still ask (policy.ts).
  const approver: Approver = process.stdin.isTTY ? new TerminalApprover(process.stdin, process.stderr) : new NoTerminalApprover();
  if (args.model && !isKnownModel(args.model)) {
    process.stderr.write(`loupe: warning: ${args.model} is not in Loupe's model table; using ${familyOf(args.model).label} settings.\n`);
  }
  const deprecated = args.model ? familyOf(args.model).deprecated : undefined;
  if (deprecated) process.stderr.write(`loupe: warning: ${args.model} is deprecated (${deprecated}).\n`);

  let computer: ComputerEnvironment | undefined;
  // With --attempts each attempt starts a private display of its own (attemptsTask.ts), so none starts here.
  if (args.computer !== 'off' && args.attempts === 1) {
    try {
      // Loaded only when asked for: it brings sharp and the display backends.
      const { startComputer } = await import('./agent/computerSetup');
      computer = await keepUnlessCancelled(signal, await startComputer(args.computer, { model: args.model ?? DEFAULT_MODEL, cwd: workspace.root, userDisplay: process.env.DISPLAY, signal }), (started) => started.dispose());
    } catch (error) {
      if (error instanceof TaskCancelledError) throw error;
      return fail(`Cannot start computer use (--computer ${args.computer}): ${errorText(error)}`, EXIT_FAILED);
    }
    if (!emitJson) process.stderr.write(`loupe: computer use on ${computer.mode === 'virtual' ? `a private virtual display (${computer.display})` : `your own display (${computer.display})`}\n`);
  }

  let environment: TaskEnvironment;
  try {
    environment = await openTaskEnvironment({
      workspace: workspace.root,
      settings: { mode: args.sandbox, allowedDomains: args.allowDomains, writablePaths: args.allowWrite, protectedPaths: args.protect },
      approver,
      onUndone: (undo) => process.stderr.write(`loupe: ${visibleControls(protectedUndoNotice(undo))}\n`),
      ...(computer ? { computer } : {}),
    });
  } catch (error) {
    throwIfCancelled(signal);
    return fail(`Cannot start the sandbox: ${errorText(error)}. Fix that, or run with --sandbox off to run commands with your full access.`, EXIT_FAILED);
  }
  await keepUnlessCancelled(signal, environment, (started) => started.dispose());
  // Said once, before anything runs: where commands run (in the transcript) and, without a sandbox, why
  // and what to do (a warning on stderr).
  const sandboxLine = environment.sandbox.summary;
  if (emitJson) process.stdout.write(`${JSON.stringify({ type: 'sandbox', status: environment.sandbox.kind, summary: sandboxLine })}\n`);
  else if (environment.sandbox.kind === 'sandboxed') renderer.render({ type: 'notice', message: sandboxLine });
  else process.stderr.write(`loupe: warning: ${sandboxLine}\n`);

  // Read once, before the first request: the files the project keeps for agents (and the user is told which).
  const instructions = await loadProjectInstructions(workspace);
  const instructionsLine = describeInstructions(instructions);
  if (emitJson) process.stdout.write(`${JSON.stringify({ type: 'instructions', files: instructions.files.map(({ path, cut }) => ({ path, cut })), left: instructions.left })}\n`);
  else if (instructionsLine) renderer.render({ type: 'notice', message: instructionsLine });

  if (args.attempts > 1) return runAttemptsTask(args, { apiKey, workspace, approver, environment, signal, emitJson, renderer });

  const policySettings = environment.policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: args.yes, allowDesktopControl: args.yes && args.computer === 'desktop', allowedExternalTools: args.allowTools });
  const mcp = await startCliMcpServers(args, { workspace, processes: environment.processes, policySettings, approver, signal, say: (message) => (emitJson ? process.stdout.write(`${JSON.stringify({ type: 'notice', message })}\n`) : renderer.render({ type: 'notice', message })) });

  const session = createAgentSession({
    apiKey,
    ...(process.env.ANTHROPIC_BASE_URL ? { baseURL: process.env.ANTHROPIC_BASE_URL } : {}),
    ...(args.model ? { model: args.model } : {}),
    thinking: args.thinking,
    maxSteps: args.maxSteps,
    ...(args.maxCostUsd !== undefined ? { maxCostUsd: args.maxCostUsd } : {}),
    ...(args.streamIdleTimeoutSeconds !== undefined ? { streamIdleTimeoutMs: args.streamIdleTimeoutSeconds * 1000 } : {}),
    workspace,
    approver,
    // Asking for --computer desktop together with --yes is the user's consent to drive their screen.
    policy: policySettings,
    ...(computer ? { computer } : {}),
    processes: environment.processes,
    instructions,
    externalTools: mcp.sources,
  });
  session.onDidEmit((event) => (emitJson ? process.stdout.write(`${JSON.stringify(forJsonLine(event))}\n`) : renderer.render(event)));

  const outputClosed = onClosedOutput(process.stdout, () => cancellation.abort());

  let outcome: SessionOutcome;
  try {
    outcome = await session.send(args.task, signal);
  } finally {
    await session.dispose();
    await mcp.dispose();
    await environment.dispose();
  }

  // Nobody reads the output any more (see closedOutput.ts): the task was stopped, and that is all to say.
  if (outputClosed()) return fail('the output was closed (EPIPE), so the task was stopped.', EXIT_OUTPUT_CLOSED);
  const totals = session.usage.totals;
  // A task the user stopped says little about what a task costs: only those that ended on their own are kept.
  if (outcome.kind !== 'cancelled') await recordCosts([{ model: args.model ?? DEFAULT_MODEL, costUsd: totals.costUsd }]);
  if (emitJson) {
    process.stdout.write(`${JSON.stringify({ type: 'summary', outcome, requests: session.usage.requests.length, ...totals })}\n`);
  } else {
    renderer.renderSummary(outcome, session.usage);
  }
  if (outcome.kind === 'completed') return EXIT_OK;
  if (outcome.kind === 'cancelled') return fail('Cancelled.', EXIT_CANCELLED);
  return fail(describeOutcome(outcome), EXIT_FAILED);
}

/** --attempts N: the attempts, the check, the judge, then the winner proposed to the folder (cliAttempts.ts). */
async function runAttemptsTask(args: RunArgs, context: { apiKey: string; workspace: FileSystemWorkspace; approver: Approver; environment: TaskEnvironment; signal: AbortSignal; emitJson: boolean; renderer: TranscriptRenderer }): Promise<number> {
  const { runAttempts } = await import('./cli/cliAttempts');
  const policy = context.environment.policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: args.yes, allowedExternalTools: args.allowTools });
  const say = (line: string) => (context.emitJson ? process.stdout.write(`${JSON.stringify({ type: 'notice', message: line })}\n`) : context.renderer.render({ type: 'notice', message: line }));
  const model = args.model ?? DEFAULT_MODEL;
  // Said before any attempt asks the model for anything: what this is likely to cost, and where it stops.
  await announceAttemptsCost({ model, attempts: args.attempts, maxCostUsd: args.maxCostUsd, json: context.emitJson });
  let run;
  try {
    run = await runAttempts(args, {
      // Which display each attempt got, where the single task says its own.
      onDisplay: (attempt, display) => process.stderr.write(`loupe: attempt ${attempt}: computer use on a private virtual display (${display})\n`),
      apiKey: context.apiKey,
      ...(process.env.ANTHROPIC_BASE_URL ? { baseURL: process.env.ANTHROPIC_BASE_URL } : {}),
      workspace: context.workspace,
      approver: context.approver,
      policy,
      signal: context.signal,
      say,
      ...(context.emitJson ? { emit: (event: AgentEvent & { attempt?: number }) => process.stdout.write(`${JSON.stringify(forJsonLine(event))}\n`) } : {}),
    });
  } catch (error) {
    // The attempts refuse a machine without a private display once, before any starts: said as for a single task.
    const { ComputerUnavailableError } = await import('./agent/computerSetup');
    if (error instanceof ComputerUnavailableError) return fail(`Cannot start computer use (--computer virtual): ${error.reason}`, EXIT_FAILED);
    throw error;
  } finally {
    await context.environment.dispose();
  }
  // Each attempt is a task's worth of work on this model, the sample the next estimate multiplies (the judge is not).
  if (!context.signal.aborted) await recordCosts(run.report.attempts.map((record) => ({ model, costUsd: record.costUsd })));
  if (context.emitJson) process.stdout.write(`${JSON.stringify({ type: 'attempts', ...run.report, diffs: undefined, applied: run.applied, costUsd: run.costUsd })}\n`);
  else process.stderr.write(`loupe: ${args.attempts} attempts, $${run.costUsd.toFixed(4)} in all\n`);
  if (context.signal.aborted) return fail('Cancelled.', EXIT_CANCELLED);
  if (run.report.winner === undefined) return fail('No attempt passed the check; the folder is unchanged.', EXIT_FAILED);
  return run.applied.every((file) => file.applied) ? EXIT_OK : fail('The winning attempt was not applied in full (see above).', EXIT_FAILED);
}

/** JSON lines stay readable: a screenshot's pixels are replaced by their size. */
function forJsonLine(event: AgentEvent): unknown {
  if (event.type !== 'screenshot') return event;
  const { dataBase64, ...rest } = event;
  return { ...rest, bytes: Math.round((dataBase64.length * 3) / 4) };
}

function fail(message: string, code: number): number {
  const [firstLine, ...rest] = message.split('\n');
  process.stderr.write(`loupe: ${firstLine}\n${rest.length ? `${rest.join('\n')}\n` : ''}`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`loupe: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
