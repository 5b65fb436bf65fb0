// Builds a real AgentSession (real tools, real file system, real SDK over HTTP) pointed at the
// Messages-API test server, and collects the events it emits.
import type { AgentEvent } from '../../src/agent/events';
import { ModelClient } from '../../src/agent/model/modelClient';
import { Policy, type PolicySettings } from '../../src/agent/policy';
import type { Approver } from '../../src/agent/ports';
import { AgentSession, type SessionHistory } from '../../src/agent/session';
import type { CheckpointRecorder } from '../../src/agent/toolRunner';
import { buildSystemPrompt } from '../../src/agent/systemPrompt';
import { BashTool } from '../../src/agent/tools/bash';
import { EditorTool } from '../../src/agent/tools/editor';
import { PlanTool } from '../../src/agent/tools/planTool';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { startMessagesApiServer, type MessagesApiServer, type MessagesApiServerOptions, type ScriptedTurn } from './messagesApiServer';
import { createTempRepo, type TempRepo } from './tempRepo';

export interface Harness {
  session: AgentSession;
  events: AgentEvent[];
  workspace: FileSystemWorkspace;
}

/** Retries in tests wait milliseconds, not seconds; the logic is the same. */
export const FAST_RETRY = { baseDelayMs: 5, overloadedBaseDelayMs: 5, maxDelayMs: 2_000 };

export async function createHarness(options: {
  serverUrl: string;
  root: string;
  approver: Approver;
  policy?: Partial<PolicySettings>;
  model?: string;
  thinking?: boolean;
  maxSteps?: number;
  maxCostUsd?: number;
  commandTimeoutMs?: number;
  checkpoints?: CheckpointRecorder;
  continueFrom?: SessionHistory;
  idleTimeoutMs?: number;
  startsWithOutsideText?: boolean;
}): Promise<Harness> {
  const workspace = await FileSystemWorkspace.open(options.root);
  const client = new ModelClient({ apiKey: 'test-key', baseURL: options.serverUrl, retry: FAST_RETRY, ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}) });
  const session = new AgentSession({
    client,
    model: options.model ?? 'claude-sonnet-5-5',
    thinking: options.thinking ?? false,
    maxSteps: options.maxSteps ?? 20,
    ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
    systemPrompt: buildSystemPrompt({ workspaceRoot: workspace.root, platform: 'test', today: '2026-01-01' }),
    tools: [new EditorTool(), new BashTool({ cwd: workspace.root, ...(options.commandTimeoutMs ? { timeoutMs: options.commandTimeoutMs } : {}) }), new PlanTool()],
    workspace,
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
    ...(options.continueFrom ? { continueFrom: options.continueFrom } : {}),
    ...(options.startsWithOutsideText ? { startsWithOutsideText: true } : {}),
    approver: options.approver,
    policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true, ...options.policy }),
  });
  const events: AgentEvent[] = [];
  session.onDidEmit((event) => events.push(event));
  return { session, events, workspace };
}

/**
 * For a describe block: a fresh git repo with `files` before each test, test servers started with
 * `serve`; after each test every server is closed and the repo removed.
 */
export function useRepoAndServers(files: Record<string, string>) {
  let repo: TempRepo | undefined;
  let servers: MessagesApiServer[] = [];
  beforeEach(async () => {
    repo = await createTempRepo(files);
  });
  afterEach(async () => {
    for (const server of servers) await server.close();
    servers = [];
    await repo?.remove();
    repo = undefined;
  });
  return {
    /** The test's repo folder. */
    root(): string {
      if (!repo) throw new Error('The repo exists only inside a test');
      return repo.root;
    },
    async serve(turns: ScriptedTurn[], options?: MessagesApiServerOptions): Promise<MessagesApiServer> {
      const server = await startMessagesApiServer(turns, options);
      servers.push(server);
      return server;
    },
    /** The newest server this test started. */
    server(): MessagesApiServer {
      const server = servers.at(-1);
      if (!server) throw new Error('No test server was started in this test');
      return server;
    },
  };
}
