// Starts the MCP servers the project configures (mcpConfig.ts) for one task: each with the user's
// yes where the policy asks, all at once, each failure a notice rather than the task's end. What
// started is offered to the model as external tools; what did not is said, with why.
import { errorText } from '../../shared/errorText';
import type { Policy } from '../policy';
import type { Approver, ExternalToolSource, ProcessHost, Workspace } from '../ports';
import { connectMcpServer } from './mcpConnection';
import { loadMcpConfig, type McpServerConfig } from './mcpConfig';

export interface ProjectMcpOptions {
  workspace: Workspace;
  processes: ProcessHost;
  policy: Policy;
  approver: Approver;
  signal: AbortSignal;
  /** Servers not to start (VS Code runs them already and offers their tools itself). */
  skip?: ReadonlySet<string>;
  /** Progress, as each server starts or fails. */
  onNotice?(message: string): void;
}

export interface ProjectMcpServers {
  sources: ExternalToolSource[];
  /** One line per server that started (its tool count), failed or was left out, and per problem in the files. */
  notices: string[];
  dispose(): Promise<void>;
}

export async function startProjectMcpServers(options: ProjectMcpOptions): Promise<ProjectMcpServers> {
  const config = await loadMcpConfig(options.workspace);
  const notices = config.problems.map((problem) => `MCP: ${problem}`);
  const say = (message: string) => {
    notices.push(message);
    options.onNotice?.(message);
  };
  for (const problem of notices) options.onNotice?.(problem);
  const wanted = config.servers.filter((server) => !options.skip?.has(server.name));
  // Asked one after another (a person answers one question at a time), then started together.
  const approved: McpServerConfig[] = [];
  for (const server of wanted) {
    const refusal = await approveStart(server, options);
    if (refusal) say(`MCP server ${server.name} (${server.source}) not started: ${refusal}`);
    else approved.push(server);
  }
  const started = await Promise.all(
    approved.map(async (server) => {
      try {
        const source = await connectMcpServer(server, { processes: options.processes, workspaceRoot: options.workspace.root, signal: options.signal });
        say(`MCP server ${server.name} (${server.source}): ${source.tools.length} tool${source.tools.length === 1 ? '' : 's'}.`);
        return source;
      } catch (error) {
        if (!options.signal.aborted) say(`MCP server ${server.name} (${server.source}) ${errorText(error)}`);
        return undefined;
      }
    }),
  );
  const sources = started.filter((source): source is ExternalToolSource => source !== undefined);
  return { sources, notices, dispose: async () => void (await Promise.all(sources.map((source) => source.dispose()))) };
}

/** Undefined when the server may start, else why not. */
async function approveStart(server: McpServerConfig, options: ProjectMcpOptions): Promise<string | undefined> {
  const commandLine = server.transport === 'stdio' ? [server.command, ...server.args].map(shellWord).join(' ') : undefined;
  const decision = options.policy.checkServerStart({ name: server.name, source: server.source, credentials: server.credentials, ...(commandLine !== undefined ? { commandLine } : { url: server.transport === 'stdio' ? '' : server.url }) });
  if (decision.kind === 'allow') return undefined;
  if (decision.kind === 'deny') return decision.reason;
  try {
    const yes = await options.approver.approveCommand({ command: commandLine ?? (server.transport === 'stdio' ? '' : server.url), cwd: commandLine !== undefined ? options.workspace.root : '', reason: decision.reason }, options.signal);
    return yes ? undefined : 'you said no.';
  } catch (error) {
    return `Loupe could not ask you (${errorText(error)}).`;
  }
}

/** A word as a shell would need it quoted, so the line the user approves reads as what runs. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
