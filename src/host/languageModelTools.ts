// The tools VS Code already offers (vscode.lm.tools): the MCP servers of the user's and the
// workspace's mcp.json that VS Code runs, and other extensions' tools, called with
// vscode.lm.invokeTool, so nothing is configured twice. One source named "vscode" for the agent.
import * as vscode from 'vscode';
import type { ExternalContent, ExternalToolInfo, ExternalToolResult, ExternalToolSource } from '../agent/ports';
import { errorText } from '../shared/errorText';

export const VSCODE_SOURCE_NAME = 'vscode';

/**
 * A source of VS Code's tools at this moment, or undefined when it offers none (or this VS Code has no
 * lm API). Only MCP servers' tools (`mcp_…`) and those an extension contributes: VS Code's own chat
 * tools (run_in_terminal, editFile, create_and_run_task, 26 of them in code-server 4.139) act outside
 * Loupe's sandbox and review, and Loupe has its own for that work.
 */
export function languageModelToolSource(): ExternalToolSource | undefined {
  const contributed = toolsExtensionsContribute();
  const available = (vscode.lm?.tools ?? []).filter((tool) => tool.name.startsWith('mcp_') || contributed.has(tool.name));
  if (available.length === 0) return undefined;
  const tools: ExternalToolInfo[] = available.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: (tool.inputSchema ?? { type: 'object', properties: {} }) as Record<string, unknown> }));
  return {
    server: VSCODE_SOURCE_NAME,
    origin: 'VS Code',
    // Other extensions' tools act in this window, on these files.
    local: true,
    tools,
    call: (tool, input, signal) => invoke(tool, input, signal),
    dispose: async () => undefined,
  };
}

/**
 * The language-model tools the user's extensions declare in their manifests (Loupe declares none).
 * VS Code's built-in extensions' tools (a Mermaid diagram renderer in code-server 4.139) are for its
 * chat, not for coding, and would sit in every task's prompt.
 */
function toolsExtensionsContribute(): Set<string> {
  const names = new Set<string>();
  for (const extension of vscode.extensions.all) {
    if ((extension.packageJSON as { isBuiltin?: unknown } | undefined)?.isBuiltin === true || extension.id.startsWith('vscode.')) continue;
    const tools = (extension.packageJSON as { contributes?: { languageModelTools?: Array<{ name?: unknown }> } } | undefined)?.contributes?.languageModelTools ?? [];
    for (const tool of tools) if (typeof tool.name === 'string') names.add(tool.name);
  }
  return names;
}

/** Whether VS Code itself runs the MCP server of this name, going by the tools it lists for it (`mcp_<server>_<tool>`). */
export function vsCodeRunsServer(server: string): boolean {
  const prefix = `mcp_${server.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_`;
  return (vscode.lm?.tools ?? []).some((tool) => tool.name.toLowerCase().startsWith(prefix));
}

async function invoke(tool: string, input: Record<string, unknown>, signal: AbortSignal): Promise<ExternalToolResult> {
  const cancellation = new vscode.CancellationTokenSource();
  const onAbort = () => cancellation.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await vscode.lm.invokeTool(tool, { input, toolInvocationToken: undefined }, cancellation.token);
    return { isError: false, content: result.content.map(toContent) };
  } catch (error) {
    if (signal.aborted) return { isError: true, content: [{ type: 'text', text: 'Cancelled by the user.' }] };
    return { isError: true, content: [{ type: 'text', text: `VS Code's tool ${tool} failed: ${errorText(error)}` }] };
  } finally {
    signal.removeEventListener('abort', onAbort);
    cancellation.dispose();
  }
}

function toContent(part: unknown): ExternalContent {
  if (part instanceof vscode.LanguageModelTextPart) return { type: 'text', text: part.value };
  const data = part as { mimeType?: unknown; data?: unknown };
  if (typeof data.mimeType === 'string' && data.data instanceof Uint8Array) {
    if (data.mimeType.startsWith('image/')) return { type: 'image', mediaType: data.mimeType, dataBase64: Buffer.from(data.data).toString('base64') };
    if (data.mimeType.startsWith('text/') || data.mimeType === 'application/json') return { type: 'text', text: Buffer.from(data.data).toString('utf8') };
  }
  if (part instanceof vscode.LanguageModelPromptTsxPart) return { type: 'text', text: JSON.stringify(part.value) };
  return { type: 'text', text: '[A part of the result Loupe cannot pass on.]' };
}
