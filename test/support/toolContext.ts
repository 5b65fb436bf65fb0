// Builds a real ToolContext for tool tests: a FileSystemWorkspace on a temp folder, a real Policy,
// and events collected in an array.
import type { AgentEvent } from '../../src/agent/events';
import { Policy, type PolicySettings } from '../../src/agent/policy';
import type { Approver } from '../../src/agent/ports';
import type { ToolContext } from '../../src/agent/tools/tool';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';

export interface TestToolContext extends ToolContext {
  events: AgentEvent[];
  controller: AbortController;
}

export async function createToolContext(root: string, approver: Approver, policy: Partial<PolicySettings> = {}): Promise<TestToolContext> {
  const events: AgentEvent[] = [];
  const controller = new AbortController();
  return {
    signal: controller.signal,
    controller,
    workspace: await FileSystemWorkspace.open(root),
    approver,
    policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: false, ...policy }),
    toolUseId: 'toolu_test',
    toolName: 'test_tool',
    afterExternalContent: false,
    emit: (event) => events.push(event),
    events,
  };
}
