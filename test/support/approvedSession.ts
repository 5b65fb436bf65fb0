// A real AgentSession for the long-session tests: the real SDK against the Messages-API test server,
// a policy that approves everything (so nobody is asked), and the events it emits collected.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { ModelClient } from '../../src/agent/model/modelClient';
import { Policy } from '../../src/agent/policy';
import { AgentSession, type SessionOptions } from '../../src/agent/session';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { NEVER_ASKED } from './approvers';
import { startMessagesApiServer, type MessagesApiServer, type RecordedRequest, type ScriptedTurn, type MessagesApiServerOptions } from './messagesApiServer';
import { FAST_RETRY } from './sessionHarness';

export async function startApprovedSession(serverUrl: string, root: string, options: Partial<SessionOptions>): Promise<{ session: AgentSession; events: AgentEvent[] }> {
  const session = new AgentSession({
    client: new ModelClient({ apiKey: 'test-key', baseURL: serverUrl, retry: FAST_RETRY }),
    model: 'claude-sonnet-5-5',
    thinking: false,
    maxSteps: 400,
    systemPrompt: 'You are a test agent.',
    tools: [],
    workspace: await FileSystemWorkspace.open(root),
    approver: NEVER_ASKED,
    policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
    ...options,
  });
  const events: AgentEvent[] = [];
  session.onDidEmit((event) => events.push(event));
  return { session, events };
}

/** The client-side summary request: the session sends it without tools. */
export function isSummaryRequest(request: RecordedRequest): boolean {
  return !request.body.tools?.length;
}

/**
 * For a describe block whose tests run approved sessions against test servers: `serve` starts a
 * server, `start` a session on the newest one in a temp folder of its own (`options` may be made for
 * that folder). After each test every session is disposed, every server closed, every folder removed.
 */
export function useApprovedSessions(folderPrefix: string) {
  let servers: MessagesApiServer[] = [];
  let sessions: AgentSession[] = [];
  let folders: string[] = [];
  afterEach(async () => {
    for (const session of sessions) await session.dispose();
    for (const server of servers) await server.close();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
    servers = [];
    sessions = [];
    folders = [];
  });
  return {
    async serve(turns: ScriptedTurn[], options?: MessagesApiServerOptions): Promise<MessagesApiServer> {
      const server = await startMessagesApiServer(turns, options);
      servers.push(server);
      return server;
    },
    async start(options: Partial<SessionOptions> | ((folder: string) => Partial<SessionOptions>)): Promise<{ session: AgentSession; events: AgentEvent[] }> {
      const server = servers.at(-1);
      if (!server) throw new Error('serve() a test server before starting a session on it');
      const folder = await mkdtemp(join(tmpdir(), folderPrefix));
      folders.push(folder);
      const started = await startApprovedSession(server.url, folder, typeof options === 'function' ? options(folder) : options);
      sessions.push(started.session);
      return started;
    },
  };
}
