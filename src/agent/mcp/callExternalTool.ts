// One gate for every call to a tool from outside Loupe: the user's allow-list, else a person's yes
// (a standing yes for commands does not cover it: Loupe cannot see what a server's tool does, and a
// steered model could use one to send data anywhere the server reaches). The result is the server's
// text, outside content, passed on as it came.
import type Anthropic from '@anthropic-ai/sdk';
import { errorText } from '../../shared/errorText';
import type { ToolContext, ToolResult } from '../tools/tool';
import type { ExternalTool } from './externalTools';

/** The input as the person approving it reads it: one line, long values cut. */
const MAX_INPUT_SHOWN = 2_000;

export async function callExternalTool(tool: ExternalTool, input: Record<string, unknown>, context: ToolContext): Promise<ToolResult> {
  const refusal = await askUnlessAllowed(tool, input, context);
  if (refusal) return { content: refusal, isError: true };
  let result;
  try {
    result = await tool.source.call(tool.info.name, input, context.signal);
  } catch (error) {
    if (context.signal.aborted) return { content: 'Cancelled by the user.', isError: true };
    return { content: `The MCP tool ${tool.qualifiedName} failed: ${errorText(error)}`, isError: true };
  }
  const content: Array<Anthropic.TextBlockParam | Anthropic.ImageBlockParam> = result.content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text }
      : { type: 'image', source: { type: 'base64', media_type: block.mediaType as Anthropic.Base64ImageSource['media_type'], data: block.dataBase64 } },
  );
  // A result of text only is sent as a string, so the runner's cap and saved-output note apply to it.
  const textOnly = content.every((block) => block.type === 'text');
  return { content: textOnly ? content.map((block) => (block as Anthropic.TextBlockParam).text).join('\n') : content, isError: result.isError };
}

async function askUnlessAllowed(tool: ExternalTool, input: Record<string, unknown>, context: ToolContext): Promise<string | undefined> {
  const decision = context.policy.checkExternalTool(tool.source.server, tool.info.name, tool.source.origin);
  if (decision.kind === 'allow') return undefined;
  if (decision.kind === 'deny') return `${decision.reason} The tool was not called.`;
  let approved: boolean;
  try {
    approved = await context.approver.approveCommand({ command: `${tool.qualifiedName} ${inputShown(input)}`, cwd: '', reason: decision.reason }, context.signal);
  } catch (error) {
    if (context.signal.aborted) return 'Cancelled by the user.';
    return `Could not ask the user about calling ${tool.qualifiedName} (${errorText(error)}); it was not called.`;
  }
  if (context.signal.aborted) return 'Cancelled by the user.';
  return approved ? undefined : `The user declined the call to ${tool.qualifiedName}. Ask them how to proceed, or try another way.`;
}

function inputShown(input: Record<string, unknown>): string {
  const text = JSON.stringify(input);
  return text.length > MAX_INPUT_SHOWN ? `${text.slice(0, MAX_INPUT_SHOWN)}…` : text;
}
