// Runs one task in VS Code: checks the folder, trust and key, builds a session with the VS Code
// Workspace and Approver (as src/cli.ts does for the terminal) and streams it into the panel.
import * as vscode from 'vscode';
import { describeInstructions, loadProjectInstructions } from '../agent/context/projectInstructions';
import { attachmentLabel, withAttachments, type Attachment } from '../agent/context/taskAttachments';
import { createAgentSession } from '../agent/createAgentSession';
import type { SessionOutcome } from '../agent/events';
import type { AgentSession, SessionHistory } from '../agent/session';
import type { CheckpointRecorder } from '../agent/toolRunner';
import { keepUnlessCancelled, TaskCancelledError, throwIfCancelled } from '../agent/taskCancellation';
import { startTaskMcp } from './taskMcp';
import { attemptPolicy, runAttemptsInVsCode, type KeptComparison } from './runAttempts';
import { openTaskEnvironment, type TaskEnvironment } from '../agent/taskEnvironment';
import { protectedUndoNotice } from '../agent/tools/sandboxNotes';
import type { HostMessage } from '../shared/protocol';
import type { ChangeReviews } from './changeReviews';
import { PanelApprover } from './panelApprover';
import type { PendingQuestions } from './pendingQuestions';
import { readSettings, type LoupeSettings } from './settings';
import { startTaskComputer, type TaskComputer } from './taskComputer';
import { recordCosts } from './taskCosts';
import type { CostHistory } from '../agent/model/costHistory';
import { toTranscriptEvent } from './transcriptEvent';
import { VsCodeDiagnostics } from './editDiagnostics';
import { VsCodeWorkspace } from './vscodeWorkspace';
import { errorText } from '../shared/errorText';

export const RESTRICTED_MODE_MESSAGE =
  'Loupe runs no tools in Restricted Mode: it would edit files and run commands in a folder you have not trusted. Trust the folder (Manage Workspace Trust), then run Loupe: Run Task again.';
export const NO_FOLDER_MESSAGE = 'Loupe works in a folder: open a folder (File > Open Folder), then run Loupe: Run Task again.';
export const NO_KEY_MESSAGE = 'No API key: run Loupe: Set API Key (or set ANTHROPIC_API_KEY in the environment VS Code starts with).';

export interface TaskDependencies {
  task: string;
  apiKey: string;
  post(message: HostMessage): void;
  log: vscode.LogOutputChannel;
  reviews: ChangeReviews;
  /** Where commands and network access are asked about (the panel's card and a notification). */
  questions: PendingQuestions;
  /** Extended thinking for the first turn (the panel's toggle, else the setting). */
  thinking: boolean;
  /** The folder's name, in a window of several folders: the panel says where the task runs. */
  folderName?: string;
  /** File text the user attached (the editor's selection, @mentions): sent with the task, named in the panel. */
  attachments?: Attachment[];
  /** Said in the panel just after the task (e.g. a mention that attached nothing), so they belong to it. */
  notices?: string[];
  /** Opens the folder's checkpoint store, a stage of the start (without git the task runs without checkpoints). */
  openCheckpoints?(): Promise<CheckpointRecorder>;
  /** The task's one cancellation, made when the task started: Stop aborts it at any stage. */
  signal: AbortSignal;
  /** Receives the session as soon as it exists (the thinking toggle reaches it there). */
  onSessionCreated(session: AgentSession): void;
  /** A reply in an earlier task's conversation: that conversation, carried on (the transcript is not cleared). */
  continueFrom?: SessionHistory;
  /** The conversation as the task left it, for a reply that carries it on. */
  onConversation?(history: SessionHistory): void;
  /** Best-of-N: this many attempts in parallel, in copies under `storage` (Loupe: Run Task with Attempts…). */
  attempts?: { count: number; storage: vscode.Uri; onComparison(kept: KeptComparison): void };
  /** Where finished tasks' costs are kept, for best-of-N's estimate (taskCosts.ts). */
  costHistory?: CostHistory;
}

export async function runTask(folder: vscode.Uri, deps: TaskDependencies): Promise<SessionOutcome> {
  const settings = readSettings();
  // Said first, so the panel shows the task and its Stop while the sandbox and the display start.
  const attached = (deps.attachments ?? []).map(attachmentLabel);
  deps.post(
    deps.continueFrom
      ? { type: 'follow-up', text: deps.task, ...(attached.length ? { attachments: attached } : {}) }
      : { type: 'session-started', task: deps.task, model: settings.model, ...(deps.folderName ? { folder: deps.folderName } : {}), ...(attached.length ? { attachments: attached } : {}) },
  );
  for (const message of deps.notices ?? []) deps.post({ type: 'notice', message });
  let outcome: SessionOutcome;
  try {
    outcome = await startAndRun(folder, settings, deps);
  } catch (error) {
    if (error instanceof TaskCancelledError) {
      deps.log.info('Task ended: cancelled before its first request (Stop while it started).');
      outcome = { kind: 'cancelled' };
    } else {
      outcome = { kind: 'failed', reason: errorText(error) };
      deps.log.error(`Task ended: ${outcome.reason}`);
    }
  }
  deps.post({ type: 'session-ended', outcome });
  return outcome;
}

/** The task's start, stage by stage, each checked against the task's cancellation; then the session. */
async function startAndRun(folder: vscode.Uri, settings: LoupeSettings, deps: TaskDependencies): Promise<SessionOutcome> {
  const signal = deps.signal;
  const checkpoints = await deps.openCheckpoints?.().catch((error: unknown) => {
    deps.post({ type: 'notice', message: `Checkpoints are off for this task: ${errorText(error)}` });
    return undefined;
  });
  throwIfCancelled(signal);
  if (deps.attempts && deps.attempts.count > 1) {
    const approver = new PanelApprover(deps.reviews, deps.questions, (host) => allowDomainAlways(host, deps.log));
    return runAttemptsInVsCode(folder, settings, {
      task: deps.task,
      apiKey: deps.apiKey,
      attempts: deps.attempts.count,
      storage: deps.attempts.storage,
      approver,
      policy: attemptPolicy(settings),
      thinking: deps.thinking,
      signal,
      post: deps.post,
      log: deps.log,
      ...(checkpoints ? { checkpoints } : {}),
      onComparison: deps.attempts.onComparison,
      ...(deps.costHistory ? { costHistory: deps.costHistory } : {}),
    });
  }
  const workspace = await VsCodeWorkspace.open(folder);
  throwIfCancelled(signal);
  const computer = await keepUnlessCancelled(signal, await startTaskComputer(settings.computer, { model: settings.model, cwd: workspace.root, signal }), (started) => started.environment?.dispose() ?? Promise.resolve());
  deps.log.info(computer.logLine);
  const approver = new PanelApprover(deps.reviews, deps.questions, (host) => allowDomainAlways(host, deps.log));
  let environment: TaskEnvironment;
  try {
    environment = await openTaskEnvironment({
      workspace: workspace.root,
      settings: settings.sandbox,
      approver,
      onUndone: (undo) => {
        const notice = `Loupe: ${protectedUndoNotice(undo)}`;
        deps.log.warn(notice);
        void vscode.window.showWarningMessage(notice);
      },
      ...(computer.environment ? { computer: computer.environment } : {}),
    });
  } catch (error) {
    // openTaskEnvironment has taken the display down with it.
    throwIfCancelled(signal);
    throw new Error(`Loupe's sandbox did not start: ${errorText(error)}. Fix that, or set loupe.sandbox to "off" in your user settings to run commands with your full access.`);
  }
  try {
    // A Stop while the sandbox started: nothing more starts (the finally below takes the sandbox and display down).
    throwIfCancelled(signal);
    deps.log.info(`Sandbox: ${environment.sandbox.summary}`);
    return await runSession(workspace, settings, computer, environment, approver, checkpoints, deps);
  } finally {
    // The sandbox, the virtual display and everything in or on them go with the task, however it ended.
    await environment.dispose();
  }
}

/** "Always allow" for a host: added to the user's own loupe.sandboxAllowedDomains (never a folder's settings). */
async function allowDomainAlways(host: string, log: vscode.LogOutputChannel): Promise<void> {
  const config = vscode.workspace.getConfiguration('loupe');
  const current = config.inspect<string[]>('sandboxAllowedDomains')?.globalValue ?? [];
  if (current.includes(host)) return;
  await config.update('sandboxAllowedDomains', [...current, host], vscode.ConfigurationTarget.Global);
  log.info(`Sandbox: ${host} added to loupe.sandboxAllowedDomains (user settings).`);
}

/** Reasons for running unconfined already told in this window: said once, not at every task. */
const toldUnconfined = new Set<string>();

async function runSession(
  workspace: VsCodeWorkspace,
  settings: LoupeSettings,
  computer: TaskComputer,
  environment: TaskEnvironment,
  approver: PanelApprover,
  checkpoints: CheckpointRecorder | undefined,
  deps: TaskDependencies,
): Promise<SessionOutcome> {
  const mode = settings.approval;
  const baseURL = process.env.ANTHROPIC_BASE_URL;
  // Read once, before the first request: the files the project keeps for agents (the panel says which).
  const instructions = await loadProjectInstructions(workspace);
  const policy = environment.policy({ allowedEditGlobs: settings.allowedEditGlobs, allowedCommands: settings.allowedCommands, approveAll: mode === 'auto', allowDesktopControl: settings.allowDesktopControl, allowedExternalTools: settings.allowedMcpTools });
  const mcp = await startTaskMcp({ workspace, processes: environment.processes, policy, approver, signal: deps.signal, say: (message) => {
    deps.log.info(message);
    deps.post({ type: 'notice', message });
  } });
  // The problems an accepted edit added, from VS Code's language servers, go into the edit's result.
  const diagnostics = new VsCodeDiagnostics();
  const session = createAgentSession({
    apiKey: deps.apiKey,
    ...(baseURL ? { baseURL } : {}),
    model: settings.model,
    thinking: deps.thinking,
    maxSteps: settings.maxSteps,
    ...(settings.maxCostUsd ? { maxCostUsd: settings.maxCostUsd } : {}),
    ...(settings.streamIdleTimeoutSeconds ? { streamIdleTimeoutMs: settings.streamIdleTimeoutSeconds * 1000 } : {}),
    ...(settings.compactAtTokens ? { compactAtTokens: settings.compactAtTokens } : {}),
    screenshotHistory: settings.screenshotHistory,
    ...(checkpoints ? { checkpoints } : {}),
    workspace,
    approver,
    processes: environment.processes,
    diagnostics,
    // 'auto' is the user's standing yes, as the CLI's --yes (on the virtual display too); the deny list still
    // refuses destructive commands, and risky actions after tool output still ask. The user's own screen asks
    // unless they allowed it in so many words.
    policy,
    ...(computer.environment ? { computer: computer.environment } : {}),
    ...(deps.continueFrom ? { continueFrom: deps.continueFrom } : {}),
    instructions,
    attachedFileText: (deps.attachments ?? []).some((attachment) => !attachment.notAttached),
    externalTools: mcp.sources,
  });
  deps.onSessionCreated(session);
  const subscription = session.onDidEmit((event) => {
    if (event.type === 'error') deps.log.error(event.message);
    // The request log: what each request cost and how much of it the prompt cache served.
    if (event.type === 'usage') {
      const u = event.usage;
      deps.log.info(`Request: input ${u.inputTokens}, cache write ${u.cacheWriteTokens}, cache read ${u.cacheReadTokens}, output ${u.outputTokens} tokens, $${u.costUsd.toFixed(4)} (session $${event.sessionCostUsd.toFixed(4)})`);
    }
    deps.post({ type: 'event', event: toTranscriptEvent(event) });
  });
  const started = deps.continueFrom ? `Reply in the last task's conversation (${deps.continueFrom.messages.length} messages so far)` : `Task started in ${workspace.root}`;
  deps.log.info(`${started} (model ${settings.model}, approval: ${mode}, thinking ${deps.thinking ? 'on' : 'off'}${baseURL ? `, API at ${baseURL}` : ''}): ${deps.task}`);
  if (computer.notice) deps.post({ type: 'notice', message: computer.notice });
  const instructionsLine = describeInstructions(instructions);
  if (instructionsLine) {
    deps.log.info(instructionsLine);
    deps.post({ type: 'notice', message: instructionsLine });
  }
  if (environment.sandbox.kind !== 'sandboxed' && !toldUnconfined.has(environment.sandbox.summary)) {
    toldUnconfined.add(environment.sandbox.summary);
    deps.post({ type: 'notice', message: environment.sandbox.summary });
  }
  let outcome: SessionOutcome;
  try {
    outcome = await session.send(withAttachments(deps.task, deps.attachments ?? []), deps.signal);
  } catch (error) {
    outcome = { kind: 'failed', reason: errorText(error) };
  } finally {
    subscription.dispose();
    deps.onConversation?.(session.history());
    await session.dispose();
    await mcp.dispose();
    diagnostics.dispose();
  }
  const totals = session.usage.totals;
  // A task the user stopped says little about what a task costs: only those that ended on their own are kept.
  if (outcome.kind !== 'cancelled') await recordCosts(deps.costHistory, [{ model: settings.model, costUsd: totals.costUsd }], deps.log);
  deps.log.info(`Task ended: ${outcome.kind} after ${session.usage.requests.length} requests, cost $${totals.costUsd.toFixed(4)}`);
  return outcome;
}
