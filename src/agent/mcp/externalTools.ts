// The model's view of tools from outside Loupe (MCP servers, VS Code's tools): each offered under its
// own name while they fit a budget, or, past it, found and called through two fixed tools, so many
// servers do not bloat every request. Either way the tool list is fixed when the task starts and sorted,
// so it stays in the cached prefix. Every call goes through callExternalTool (the allow-list or a person).
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { ExternalToolInfo, ExternalToolSource } from '../ports';
import { fail, type AgentTool, type ToolContext, type ToolResult } from '../tools/tool';
import { parseToolInput } from '../tools/toolInput';
import { callExternalTool } from './callExternalTool';

/**
 * Past this many tools, or this much definition text, tools are offered on demand. Gateways that defer
 * tool definitions find it pays off from about ten tools or 10k tokens of definitions (docs.orq.ai,
 * "Server tools: tool search"); at ~4 characters a token, 40,000 characters is that 10k.
 */
export const MAX_DIRECT_TOOLS = 40;
export const MAX_DIRECT_DEFINITION_CHARS = 40_000;
/** A server's description of one tool is cut here: it is outside text in the prompt of every request. */
const MAX_DESCRIPTION_CHARS = 1_000;
/** Tools one search returns. */
const SEARCH_RESULTS = 8;
/** The API's limit on a tool's name (^[a-zA-Z0-9_-]{1,64}$ is the rule every model accepts). */
const MAX_TOOL_NAME = 64;

export const FIND_TOOLS_NAME = 'mcp_find_tools';
export const CALL_TOOL_NAME = 'mcp_call_tool';

export interface ExternalTool {
  source: ExternalToolSource;
  info: ExternalToolInfo;
  /** `server/tool`, as the user names it in allow-lists and the model in mcp_call_tool. */
  qualifiedName: string;
}

export function listExternalTools(sources: readonly ExternalToolSource[]): ExternalTool[] {
  return sources
    .flatMap((source) => source.tools.map((info) => ({ source, info, qualifiedName: `${source.server}/${info.name}` })))
    .sort((a, b) => (a.qualifiedName < b.qualifiedName ? -1 : a.qualifiedName > b.qualifiedName ? 1 : 0));
}

/** The agent tools that offer the sources' tools to the model: direct ones within the budget, else the on-demand pair. */
export function externalAgentTools(sources: readonly ExternalToolSource[]): { tools: AgentTool[]; onDemand: boolean } {
  const all = listExternalTools(sources);
  if (all.length === 0) return { tools: [], onDemand: false };
  const used = new Set<string>();
  const direct = all.map((tool) => new DirectExternalTool(tool, uniqueName(tool, used)));
  const size = direct.reduce((total, tool) => total + JSON.stringify(tool.definition()).length, 0);
  if (all.length <= MAX_DIRECT_TOOLS && size <= MAX_DIRECT_DEFINITION_CHARS) return { tools: direct, onDemand: false };
  return { tools: [new FindExternalTools(all, sources), new CallExternalTool(all)], onDemand: true };
}

/** `mcp__server__tool` in the characters a tool name may have, unique, within the length limit. */
function uniqueName(tool: ExternalTool, used: Set<string>): string {
  const clean = (text: string) => text.replace(/[^a-zA-Z0-9_-]/g, '_');
  const base = `mcp__${clean(tool.source.server)}__${clean(tool.info.name)}`.slice(0, MAX_TOOL_NAME);
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base.slice(0, MAX_TOOL_NAME - String(n).length - 1)}_${n}`;
  used.add(name);
  return name;
}

function describe(tool: ExternalTool): string {
  const text = tool.info.description.length > MAX_DESCRIPTION_CHARS ? `${tool.info.description.slice(0, MAX_DESCRIPTION_CHARS)}…` : tool.info.description;
  return `${text}\n(Tool "${tool.info.name}" of the MCP server "${tool.source.server}", from ${tool.source.origin}.)`.trim();
}

/** A server's schema as the API takes it: an object schema, whatever the server sent. */
function objectSchema(schema: Record<string, unknown>): Anthropic.Tool.InputSchema {
  return schema.type === 'object' ? (schema as Anthropic.Tool.InputSchema) : { type: 'object', properties: {} };
}

class DirectExternalTool implements AgentTool {
  constructor(
    private readonly _tool: ExternalTool,
    readonly name: string,
  ) {}

  changesFiles(): boolean {
    return this._tool.source.local;
  }

  definition(): Anthropic.Tool {
    return { name: this.name, description: describe(this._tool), input_schema: objectSchema(this._tool.info.inputSchema) };
  }

  run(input: unknown, context: ToolContext): Promise<ToolResult> {
    return callExternalTool(this._tool, input as Record<string, unknown>, context);
  }
}

const findInput = z.object({ query: z.string().min(1).describe('Words that describe what the tool should do, e.g. "create github issue"; or a server name to list its tools.') });

class FindExternalTools implements AgentTool {
  readonly name = FIND_TOOLS_NAME;

  constructor(
    private readonly _all: readonly ExternalTool[],
    private readonly _sources: readonly ExternalToolSource[],
  ) {}

  /** It answers with the servers' own descriptions: outside text. */
  returnsExternalContent(): boolean {
    return true;
  }

  definition(): Anthropic.Tool {
    const servers = this._sources.map((source) => `${source.server} (${source.tools.length} tools, from ${source.origin})`).join('; ');
    return {
      name: this.name,
      description: `Finds tools of the user's MCP servers by what they do, and returns each one's name, description and input schema; then call one with ${CALL_TOOL_NAME}. The servers: ${servers}.`,
      input_schema: { type: 'object', properties: { query: { type: 'string', description: findInput.shape.query.description ?? '' } }, required: ['query'] },
    };
  }

  async run(input: unknown): Promise<ToolResult> {
    const parsed = parseToolInput(this.name, findInput, input);
    if (!parsed.ok) return fail(parsed.error);
    const words = parsed.value.query.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    const scored = this._all
      .map((tool) => {
        const haystack = `${tool.qualifiedName} ${tool.info.description}`.toLowerCase();
        const inName = tool.qualifiedName.toLowerCase();
        const score = words.reduce((total, word) => total + (inName.includes(word) ? 3 : 0) + (haystack.includes(word) ? 1 : 0), 0);
        return { tool, score };
      })
      .filter(({ score }) => score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, SEARCH_RESULTS);
    if (scored.length === 0) return { content: `No MCP tool matches "${parsed.value.query}". Try other words, or a server's name.`, isError: false };
    const blocks = scored.map(({ tool }) => `## ${tool.qualifiedName}\n${describe(tool)}\nInput schema: ${JSON.stringify(objectSchema(tool.info.inputSchema))}`);
    return { content: `${blocks.join('\n\n')}\n\nCall one with ${CALL_TOOL_NAME}, giving its name (server/tool) and its arguments.`, isError: false };
  }
}

const callInput = z.object({
  tool: z.string().min(1).describe('The tool as mcp_find_tools named it: server/tool.'),
  arguments: z.record(z.string(), z.unknown()).default({}).describe("The tool's input, as its schema describes."),
});

class CallExternalTool implements AgentTool {
  readonly name = CALL_TOOL_NAME;

  constructor(private readonly _all: readonly ExternalTool[]) {}

  changesFiles(_name: string, input: unknown): boolean {
    return this._find(input)?.source.local ?? false;
  }

  definition(): Anthropic.Tool {
    return {
      name: this.name,
      description: `Calls a tool of the user's MCP servers, found with ${FIND_TOOLS_NAME}.`,
      input_schema: {
        type: 'object',
        properties: { tool: { type: 'string', description: callInput.shape.tool.description ?? '' }, arguments: { type: 'object', description: callInput.shape.arguments.description ?? '' } },
        required: ['tool'],
      },
    };
  }

  async run(input: unknown, context: ToolContext): Promise<ToolResult> {
    const parsed = parseToolInput(this.name, callInput, input);
    if (!parsed.ok) return fail(parsed.error);
    const tool = this._find(parsed.value);
    if (!tool) return fail(`There is no MCP tool "${parsed.value.tool}". Find tools with ${FIND_TOOLS_NAME} and give the name it shows (server/tool).`);
    return callExternalTool(tool, parsed.value.arguments, context);
  }

  private _find(input: unknown): ExternalTool | undefined {
    const name = typeof input === 'object' && input !== null ? (input as { tool?: unknown }).tool : undefined;
    return this._all.find((tool) => tool.qualifiedName === name);
  }
}
