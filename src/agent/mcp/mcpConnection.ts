// One connection to one MCP server, with the SDK's client: a stdio server started through the task's
// ProcessHost (so in its sandbox), or a remote one over streamable HTTP (or the older SSE). Whatever
// the server does (crashes, hangs, sends huge or malformed results) comes back as a clear error
// value, and the task goes on with its other tools.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { errorText } from '../../shared/errorText';
import type { ExternalContent, ExternalToolInfo, ExternalToolResult, ExternalToolSource, ProcessHost } from '../ports';
import { scrubbedEnvironment } from '../tools/commandEnvironment';
import { serverFolder, type McpServerConfig } from './mcpConfig';
import { ProcessTransport } from './processTransport';

/** A server has this long to start and list its tools: `npx` may fetch the package first. */
export const MCP_START_TIMEOUT_MS = 60_000;
/** A call with no answer and no progress for this long is given up (the SDK's default is 60 s; tools that build or search take longer). */
export const MCP_CALL_TIMEOUT_MS = 120_000;
/** Tools taken from one server: a server listing thousands would swamp the prompt and the search. */
const MAX_TOOLS_PER_SERVER = 500;
/** A result's text stops here, with a note: the rest of the context is worth more than one huge answer. */
export const MAX_RESULT_CHARS = 30_000;
/** Images the API takes, and the size beyond which one is left out (the API's own limit is 5 MB per image). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const MAX_IMAGE_BASE64_CHARS = Math.floor((5 * 1024 * 1024 * 4) / 3);

const CLIENT_INFO = { name: 'loupe', version: '1' };

export interface ConnectOptions {
  processes: ProcessHost;
  workspaceRoot: string;
  signal: AbortSignal;
  /** Tests: a shorter limit than MCP_CALL_TIMEOUT_MS for a call that never answers. */
  callTimeoutMs?: number;
}

export async function connectMcpServer(config: McpServerConfig, options: ConnectOptions): Promise<ExternalToolSource> {
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  let processTransport: ProcessTransport | undefined;
  let transport: Transport;
  if (config.transport === 'stdio') {
    processTransport = new ProcessTransport(options.processes, {
      file: config.command,
      args: config.args,
      cwd: serverFolder(config, options.workspaceRoot),
      // The user's environment without credentials, as commands get it, plus what the entry sets on purpose.
      env: { ...scrubbedEnvironment(), ...options.processes.env, ...config.env },
    });
    transport = processTransport;
  } else if (config.transport === 'sse') {
    const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
    transport = new SSEClientTransport(new URL(config.url), { requestInit: { headers: config.headers } });
  } else {
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    transport = new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers } });
  }
  const state = { closed: false };
  client.onclose = () => {
    state.closed = true;
  };
  // Errors the transport reports out of band (a stray stdout line) are not fatal; a closed connection is.
  client.onerror = () => undefined;
  const why = (error: unknown) => explainFailure(config, error, processTransport);
  try {
    const requestOptions = { signal: options.signal, timeout: MCP_START_TIMEOUT_MS };
    await client.connect(transport, requestOptions);
    const tools = await listAllTools(client, requestOptions);
    return new McpServerTools(config, client, tools, state, why, options.callTimeoutMs ?? MCP_CALL_TIMEOUT_MS);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`could not start: ${why(error)}`);
  }
}

async function listAllTools(client: Client, options: { signal: AbortSignal; timeout: number }): Promise<ExternalToolInfo[]> {
  const tools: ExternalToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {}, options);
    for (const tool of page.tools) {
      tools.push({ name: tool.name, description: tool.description ?? tool.title ?? '', inputSchema: tool.inputSchema as Record<string, unknown> });
    }
    cursor = page.nextCursor;
  } while (cursor && tools.length < MAX_TOOLS_PER_SERVER);
  return tools.slice(0, MAX_TOOLS_PER_SERVER);
}

class McpServerTools implements ExternalToolSource {
  readonly server: string;
  readonly origin: string;
  readonly local: boolean;

  constructor(
    config: McpServerConfig,
    private readonly _client: Client,
    readonly tools: readonly ExternalToolInfo[],
    private readonly _state: { closed: boolean },
    private readonly _why: (error: unknown) => string,
    private readonly _callTimeoutMs: number,
  ) {
    this.server = config.name;
    this.origin = config.source;
    this.local = config.transport === 'stdio';
  }

  async call(tool: string, input: Record<string, unknown>, signal: AbortSignal): Promise<ExternalToolResult> {
    if (this._state.closed) return failure(`The MCP server "${this.server}" is no longer running: ${this._why(undefined)}`);
    let result;
    try {
      result = await this._client.callTool({ name: tool, arguments: input }, undefined, { signal, timeout: this._callTimeoutMs, resetTimeoutOnProgress: true });
    } catch (error) {
      if (signal.aborted) return failure('Cancelled by the user.');
      return failure(`The MCP server "${this.server}" failed on ${tool}: ${this._why(error)}`);
    }
    return { isError: result.isError === true, content: toContent(result) };
  }

  async dispose(): Promise<void> {
    await this._client.close().catch(() => undefined);
  }
}

function failure(text: string): ExternalToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** What the server said, as content the model can take: text and images, everything else described. */
function toContent(result: { content?: unknown; structuredContent?: unknown; toolResult?: unknown }): ExternalContent[] {
  const blocks = Array.isArray(result.content) ? (result.content as Array<Record<string, unknown>>) : [];
  const content: ExternalContent[] = [];
  let textLeft = MAX_RESULT_CHARS;
  const addText = (text: string) => {
    if (textLeft <= 0) return;
    const kept = text.length <= textLeft ? text : `${text.slice(0, textLeft)}\n[Cut here: the result goes on for ${(text.length - textLeft).toLocaleString('en-US')} more characters, past Loupe's ${MAX_RESULT_CHARS.toLocaleString('en-US')}-character limit for one MCP result.]`;
    textLeft -= text.length;
    content.push({ type: 'text', text: kept });
  };
  for (const block of blocks) {
    if (block.type === 'text' && typeof block.text === 'string') addText(block.text);
    else if (block.type === 'image' && typeof block.data === 'string' && typeof block.mimeType === 'string') {
      if (!IMAGE_TYPES.has(block.mimeType)) addText(`[An image of type ${block.mimeType}, which the model cannot be shown.]`);
      else if (block.data.length > MAX_IMAGE_BASE64_CHARS) addText(`[An image of ${Math.round((block.data.length * 3) / 4 / 1024)} KB, over the 5 MB the model can be shown.]`);
      else content.push({ type: 'image', mediaType: block.mimeType, dataBase64: block.data });
    } else if (block.type === 'resource' && typeof block.resource === 'object' && block.resource !== null) {
      const resource = block.resource as Record<string, unknown>;
      addText(typeof resource.text === 'string' ? `[Resource ${String(resource.uri)}]\n${resource.text}` : `[Resource ${String(resource.uri)}: binary content, not shown.]`);
    } else if (block.type === 'resource_link') addText(`[Resource link: ${String(block.uri)}${block.name ? ` (${String(block.name)})` : ''}]`);
    else addText(`[A ${String(block.type)} block, which Loupe does not pass on.]`);
  }
  if (result.structuredContent !== undefined && content.length === 0) addText(JSON.stringify(result.structuredContent, null, 2));
  if (result.toolResult !== undefined && content.length === 0) addText(JSON.stringify(result.toolResult, null, 2));
  if (content.length === 0) addText('(The tool returned no content.)');
  return content;
}

/** One line on why a server failed: the error, how its process ended, and the last thing it wrote to stderr. */
function explainFailure(config: McpServerConfig, error: unknown, transport: ProcessTransport | undefined): string {
  const parts: string[] = [];
  if (error !== undefined) parts.push(errorText(error));
  const exit = transport?.exit;
  if (exit) parts.push(exit.error ? `\`${config.transport === 'stdio' ? config.command : ''}\` did not start (${exit.error})` : `its process ended (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})`);
  const stderr = transport?.stderrTail;
  if (stderr) parts.push(`its last output on stderr: ${stderr.split('\n').slice(-5).join(' / ')}`);
  return parts.length > 0 ? parts.join('; ') : 'the connection closed';
}
