// The CLI's MCP servers: the project's (.vscode/mcp.json, .mcp.json), started in the task's sandbox
// unless --mcp off, each line of progress said as a notice. Loaded only when a file names servers:
// the MCP SDK is not paid for by projects without any.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MCP_CONFIG_FILES } from '../agent/mcp/mcpConfig';
import { Policy, type PolicySettings } from '../agent/policy';
import type { Approver, ExternalToolSource, ProcessHost, Workspace } from '../agent/ports';
import type { RunArgs } from './cliArgs';

export interface CliMcp {
  sources: ExternalToolSource[];
  dispose(): Promise<void>;
}

const NONE: CliMcp = { sources: [], dispose: async () => undefined };

export async function startCliMcpServers(
  args: Pick<RunArgs, 'mcp'>,
  options: { workspace: Workspace; processes: ProcessHost; policySettings: PolicySettings; approver: Approver; signal: AbortSignal; say(message: string): void },
): Promise<CliMcp> {
  if (!MCP_CONFIG_FILES.some((file) => existsSync(join(options.workspace.root, file)))) return NONE;
  if (args.mcp === 'off') {
    options.say("MCP servers not started (--mcp off): the project's .vscode/mcp.json or .mcp.json is not read.");
    return NONE;
  }
  const { startProjectMcpServers } = await import('../agent/mcp/projectMcpServers');
  const started = await startProjectMcpServers({
    workspace: options.workspace,
    processes: options.processes,
    policy: new Policy(options.policySettings),
    approver: options.approver,
    signal: options.signal,
    onNotice: options.say,
  });
  return started;
}
