// A task's tools from outside Loupe in VS Code: what VS Code already offers (its own MCP servers and
// other extensions' tools), and the project's MCP servers VS Code does not run, which Loupe starts in
// the task's sandbox from .vscode/mcp.json and .mcp.json. Each line of progress goes to the panel.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MCP_CONFIG_FILES } from '../agent/mcp/mcpConfig';
import { Policy, type PolicySettings } from '../agent/policy';
import type { Approver, ExternalToolSource, ProcessHost, Workspace } from '../agent/ports';
import { languageModelToolSource, vsCodeRunsServer } from './languageModelTools';

export interface TaskMcp {
  sources: ExternalToolSource[];
  dispose(): Promise<void>;
}

export async function startTaskMcp(options: { workspace: Workspace; processes: ProcessHost; policy: PolicySettings; approver: Approver; signal: AbortSignal; say(message: string): void }): Promise<TaskMcp> {
  const vscodeTools = languageModelToolSource();
  if (vscodeTools) options.say(`VS Code's tools: ${vscodeTools.tools.length} (its MCP servers and other extensions'), each call asking unless in loupe.mcp.allowedTools.`);
  const sources = vscodeTools ? [vscodeTools] : [];
  if (!MCP_CONFIG_FILES.some((file) => existsSync(join(options.workspace.root, file)))) return { sources, dispose: async () => undefined };
  // Loaded only for a project that names servers: the MCP SDK is not paid for by those without.
  const { loadMcpConfig } = await import('../agent/mcp/mcpConfig');
  const { startProjectMcpServers } = await import('../agent/mcp/projectMcpServers');
  const config = await loadMcpConfig(options.workspace);
  const skip = new Set(config.servers.filter((server) => vsCodeRunsServer(server.name)).map((server) => server.name));
  for (const name of skip) options.say(`MCP server ${name}: VS Code runs it; its tools come through VS Code.`);
  const project = await startProjectMcpServers({ workspace: options.workspace, processes: options.processes, policy: new Policy(options.policy), approver: options.approver, signal: options.signal, skip, onNotice: options.say });
  return { sources: [...sources, ...project.sources], dispose: project.dispose };
}
