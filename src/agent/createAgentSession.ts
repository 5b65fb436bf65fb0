// Assembles a session with the standard tool set; the CLI and the VS Code host both start here,
// each passing its own Workspace and Approver.
import type { ComputerEnvironment } from './computerSetup';
import { ModelClient } from './model/modelClient';
import { DEFAULT_MODEL } from './model/modelTable';
import { Policy, type PolicySettings } from './policy';
import type { Approver, Diagnostics, ExternalToolSource, ProcessHost, Workspace } from './ports';
import { externalAgentTools } from './mcp/externalTools';
import { LocalProcessHost } from './processes/localProcessHost';
import { AgentSession, type SessionHistory, type SharedBudget } from './session';
import type { CheckpointRecorder } from './toolRunner';
import type { ProjectInstructions } from './context/projectInstructions';
import type { ScreenshotHistorySettings } from './context/screenshotHistory';
import { buildSystemPrompt } from './systemPrompt';
import { BackgroundProcessTool } from './tools/backgroundProcesses';
import { BashTool } from './tools/bash';
import { EditorTool } from './tools/editor';
import { PlanTool } from './tools/planTool';

/** Model requests for one task by default (CLI and extension): enough for a real fix-and-test cycle; a guard against a runaway bill, not a goal. */
export const DEFAULT_MAX_STEPS = 50;

export interface AgentSetup {
  apiKey: string;
  baseURL?: string;
  model?: string;
  thinking: boolean;
  maxSteps: number;
  maxCostUsd?: number;
  /** A cap shared with other sessions (best-of-N attempts). */
  sharedBudget?: SharedBudget;
  /** A client shared with other sessions, so they pace against one rate limit (best-of-N attempts). */
  client?: ModelClient;
  workspace: Workspace;
  approver: Approver;
  policy: PolicySettings;
  /** Shell command timeout. */
  commandTimeoutMs?: number;
  /** Computer use, when on: its tools and the DISPLAY the agent's programs should open on. */
  computer?: ComputerEnvironment;
  checkpoints?: CheckpointRecorder;
  screenshotHistory?: ScreenshotHistorySettings;
  compactAtTokens?: number;
  /** A model reply that sends nothing for this long is given up and asked again (default: modelClient.ts). */
  streamIdleTimeoutMs?: number;
  /** The conversation this session carries on (a follow-up), from an earlier session's history(). */
  continueFrom?: SessionHistory;
  /**
   * The project's instruction files (loadProjectInstructions), for the system prompt. They are the
   * user's instructions to the model; for the risky-action rule they are text that did not come from
   * the user in this task (a cloned repository's AGENTS.md is written by whoever wrote the repository).
   */
  instructions?: ProjectInstructions;
  /** The task carries file text the user attached (a selection, @mentions): outside text for the risky-action rule too. */
  attachedFileText?: boolean;
  /**
   * Where the agent's processes run: the task's sandbox (sandbox/taskSandbox.ts), owned and disposed by
   * the caller; by default directly on this machine.
   */
  processes?: ProcessHost;
  /**
   * Tools from outside Loupe (the project's MCP servers, VS Code's tools), connected and disposed by the
   * caller. Their descriptions are in the prompt from the first request: outside text for the risky-action rule.
   */
  externalTools?: readonly ExternalToolSource[];
  /** The editor's problems for edited files (VS Code); the CLI has none and passes nothing. */
  diagnostics?: Diagnostics;
}

export function createAgentSession(setup: AgentSetup): AgentSession {
  const client = setup.client ?? new ModelClient({ apiKey: setup.apiKey, ...(setup.baseURL ? { baseURL: setup.baseURL } : {}), ...(setup.streamIdleTimeoutMs ? { idleTimeoutMs: setup.streamIdleTimeoutMs } : {}) });
  const commandEnv = setup.computer?.commandEnv ?? {};
  const processes = setup.processes ?? new LocalProcessHost();
  setup.computer?.useProcessHost?.(processes);
  const tools = [
    new EditorTool(setup.diagnostics ? { diagnostics: setup.diagnostics } : {}),
    new BashTool({ cwd: setup.workspace.root, env: commandEnv, processes, ...(setup.commandTimeoutMs ? { timeoutMs: setup.commandTimeoutMs } : {}) }),
    new BackgroundProcessTool(setup.workspace.root, commandEnv, processes),
    new PlanTool(),
    ...(setup.computer?.tools ?? []),
    ...externalAgentTools(setup.externalTools ?? []).tools,
  ];
  const externalToolCount = setup.externalTools?.reduce((total, source) => total + source.tools.length, 0) ?? 0;
  return new AgentSession({
    client,
    model: setup.model ?? DEFAULT_MODEL,
    thinking: setup.thinking,
    maxSteps: setup.maxSteps,
    ...(setup.maxCostUsd !== undefined ? { maxCostUsd: setup.maxCostUsd } : {}),
    ...(setup.sharedBudget ? { sharedBudget: setup.sharedBudget } : {}),
    systemPrompt: buildSystemPrompt({
      workspaceRoot: setup.workspace.root,
      platform: `${process.platform} ${process.arch}`,
      today: new Date().toISOString().slice(0, 10),
      ...(setup.computer ? { computer: setup.computer.mode } : {}),
      ...(setup.instructions ? { instructions: setup.instructions } : {}),
    }),
    startsWithOutsideText: (setup.instructions?.files.length ?? 0) > 0 || (setup.attachedFileText ?? false) || externalToolCount > 0,
    tools,
    ...(setup.checkpoints ? { checkpoints: setup.checkpoints } : {}),
    ...(setup.screenshotHistory ? { screenshotHistory: setup.screenshotHistory } : {}),
    ...(setup.compactAtTokens ? { compactAtTokens: setup.compactAtTokens } : {}),
    ...(setup.continueFrom ? { continueFrom: setup.continueFrom } : {}),
    workspace: writingFromOutside(setup.workspace, processes),
    approver: setup.approver,
    policy: new Policy(setup.policy),
  });
}

/**
 * The editor writes from outside the sandbox, after the user's review: the sandbox must take what it
 * writes at a protected path as the user's, not undo it as a sandboxed process's write.
 */
function writingFromOutside(workspace: Workspace, processes: ProcessHost): Workspace {
  const writeFromOutside = processes.writeFromOutside?.bind(processes);
  if (!writeFromOutside) return workspace;
  const fileFacts = workspace.fileFacts?.bind(workspace);
  return {
    root: workspace.root,
    readFile: (path) => workspace.readFile(path),
    writeFile: (path, text, expected) => writeFromOutside(path, () => workspace.writeFile(path, text, expected)),
    listDirectory: (path) => workspace.listDirectory(path),
    ...(fileFacts ? { fileFacts } : {}),
  };
}
