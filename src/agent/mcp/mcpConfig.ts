// The project's MCP servers, read from the two files users already keep: VS Code's `.vscode/mcp.json`
// (`servers`, JSON with comments) and `.mcp.json` (`mcpServers`, the format Claude Code and others
// read). One configuration for every client: nothing is written twice for Loupe. A server whose entry
// cannot be used is reported with why, never dropped silently; the others still start.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { errorText } from '../../shared/errorText';
import type { Workspace } from '../ports';
import { isWithheldVariable, scrubbedEnvironment } from '../tools/commandEnvironment';
import { resolveWorkspacePath } from '../workspace/resolveWorkspacePath';

export type McpConfigFile = '.vscode/mcp.json' | '.mcp.json';
export const MCP_CONFIG_FILES: readonly McpConfigFile[] = ['.vscode/mcp.json', '.mcp.json'];

export type McpServerConfig = {
  name: string;
  source: McpConfigFile;
  /**
   * Variables of the user's environment the entry passes on that only a person may say yes to: for a
   * program, those kept from commands (credentials by name or by value, `${env:GITHUB_TOKEN}`); for a
   * remote server, every one that is set, since its value leaves the machine and a token's name need
   * not say what it is.
   */
  credentials: string[];
} & (
  | { transport: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { transport: 'http' | 'sse'; url: string; headers: Record<string, string> }
);

export interface McpConfig {
  servers: McpServerConfig[];
  /** Entries or files that could not be used, each with the file, the server and why. */
  problems: string[];
}

const stringMap = z.record(z.string(), z.string());
const stdioEntry = z.object({
  type: z.literal('stdio').optional(),
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: stringMap.default({}),
  cwd: z.string().optional(),
});
const remoteEntry = z.object({
  type: z.enum(['http', 'sse']),
  url: z.url(),
  headers: stringMap.default({}),
});
// VS Code lets `type` be left out of a remote entry that has a `url`; .mcp.json entries without `type` are stdio.
const remoteWithoutType = z.object({ url: z.url(), headers: stringMap.default({}) }).transform((entry) => ({ ...entry, type: 'http' as const }));
const serverEntry = z.union([stdioEntry, remoteEntry, remoteWithoutType]);
const fileShape = {
  '.vscode/mcp.json': z.object({ servers: z.record(z.string(), z.unknown()).optional() }).transform((file) => file.servers ?? {}),
  '.mcp.json': z.object({ mcpServers: z.record(z.string(), z.unknown()).optional() }).transform((file) => file.mcpServers ?? {}),
} as const;

export async function loadMcpConfig(workspace: Workspace, env: NodeJS.ProcessEnv = process.env): Promise<McpConfig> {
  const config: McpConfig = { servers: [], problems: [] };
  const seen = new Set<string>();
  for (const file of MCP_CONFIG_FILES) {
    const entries = await readEntries(workspace, file, config.problems);
    for (const [name, raw] of Object.entries(entries)) {
      // VS Code's file comes first: a server named in both is the same server, started once.
      if (seen.has(name)) {
        config.problems.push(`${file}: server "${name}" is also in ${MCP_CONFIG_FILES[0]}; that entry is used.`);
        continue;
      }
      const server = toServer(name, file, raw, { workspaceFolder: workspace.root, env });
      if (typeof server === 'string') config.problems.push(`${file}: server "${name}": ${server}`);
      else {
        seen.add(name);
        config.servers.push(server);
      }
    }
  }
  return config;
}

async function readEntries(workspace: Workspace, file: McpConfigFile, problems: string[]): Promise<Record<string, unknown>> {
  let text: string | undefined;
  try {
    // As the editor reads: a link out of the workspace is refused, a FIFO is not waited on.
    const target = await resolveWorkspacePath(workspace.root, file);
    if (!target.ok) {
      problems.push(`${file}: ${target.error}`);
      return {};
    }
    text = await workspace.readFile(target.absolutePath);
  } catch (error) {
    problems.push(`${file}: ${errorText(error)}`);
    return {};
  }
  if (text === undefined) return {};
  const errors: ParseError[] = [];
  const json: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const first = errors[0]!;
    problems.push(`${file}: not valid JSON (${printParseErrorCode(first.error)} at character ${first.offset}).`);
    return {};
  }
  const parsed = fileShape[file].safeParse(json);
  if (!parsed.success) {
    problems.push(`${file}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
    return {};
  }
  return parsed.data;
}

interface Variables {
  workspaceFolder: string;
  env: NodeJS.ProcessEnv;
}

function toServer(name: string, source: McpConfigFile, raw: unknown, variables: Variables): McpServerConfig | string {
  const parsed = serverEntry.safeParse(raw);
  if (!parsed.success) return `needs a "command" (a program Loupe starts) or a "url" (a remote server): ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`;
  const entry = parsed.data;
  const credentials = new Set<string>();
  const remote = !('command' in entry);
  // A program runs in the sandbox, whose commands see the scrubbed environment anyway: only what that
  // keeps out is news to it. A remote server sees nothing of the environment unless the entry sends it.
  const needsPerson = (variable: string, value: string | undefined) =>
    isWithheldVariable(variable) || (value !== undefined && value !== '' && (remote || !(variable in scrubbedEnvironment({ [variable]: value }))));
  try {
    const expand = (value: string) => expandVariables(value, source, variables, (variable) => {
      if (needsPerson(variable, variables.env[variable])) credentials.add(variable);
    });
    const expandAll = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).map(([key, value]) => [key, expand(value)]));
    if ('command' in entry) {
      const command = expand(entry.command);
      const args = entry.args.map(expand);
      const env = expandAll(entry.env);
      const cwd = entry.cwd ? expand(entry.cwd) : undefined;
      return { name, source, credentials: [...credentials], transport: 'stdio', command, args, env, ...(cwd ? { cwd } : {}) };
    }
    const url = expand(entry.url);
    const headers = expandAll(entry.headers);
    return { name, source, credentials: [...credentials], transport: entry.type, url, headers };
  } catch (error) {
    return errorText(error);
  }
}

/**
 * The variables each format documents: VS Code's `${workspaceFolder}`, `${userHome}`, `${env:NAME}`
 * (and `${input:id}`, which only VS Code can ask for); .mcp.json's `${NAME}` and `${NAME:-default}`.
 */
function expandVariables(value: string, source: McpConfigFile, { workspaceFolder, env }: Variables, used: (variable: string) => void): string {
  return value.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner === 'workspaceFolder') return workspaceFolder;
    if (inner === 'userHome') return homedir();
    if (inner.startsWith('env:')) {
      used(inner.slice(4));
      return env[inner.slice(4)] ?? '';
    }
    if (inner.startsWith('input:')) throw new Error(`it uses ${whole}, a value VS Code asks the user for; Loupe cannot ask for it here. Put the value in an environment variable and use \${env:NAME}.`);
    if (source === '.mcp.json') {
      const [variable, fallback] = inner.split(':-', 2) as [string, string | undefined];
      used(variable);
      const found = env[variable];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      throw new Error(`it uses ${whole}, but the environment variable ${variable} is not set.`);
    }
    return whole;
  });
}

/** Where a stdio server runs: its own `cwd`, relative to the workspace, or the workspace. */
export function serverFolder(server: Extract<McpServerConfig, { transport: 'stdio' }>, workspaceRoot: string): string {
  if (!server.cwd) return workspaceRoot;
  return server.cwd.startsWith('/') ? server.cwd : join(workspaceRoot, server.cwd);
}
