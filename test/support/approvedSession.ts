// A real AgentSession for the long-session tests: the real SDK against the Messages-API test server,
// a policy that approves everything (so nobody is asked), and the events it emits collected.
import type { AgentEvent } from '../../src/agent/events';
import { ModelClient } from '../../src/agent/model/modelClient';
import { Policy } from '../../src/agent/policy';
import { AgentSession, type SessionOptions } from '../../src/agent/session';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { NEVER_ASKED } from './approvers';
import type { RecordedRequest } from './messagesApiServer';
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
