// The contract every tool module meets: a schema for the model, and a run() that returns a
// result value. A tool never throws into the loop; failures come back as { isError: true }.
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentEvent } from '../events';
import type { Approver, Workspace } from '../ports';
import type { Policy } from '../policy';

export type ToolResultContent = string | Array<Anthropic.TextBlockParam | Anthropic.ImageBlockParam>;

export interface ToolResult {
  content: ToolResultContent;
  isError: boolean;
}

export interface ToolContext {
  /** Aborted when the user cancels the task; long-running work must stop promptly. */
  signal: AbortSignal;
  workspace: Workspace;
  approver: Approver;
  policy: Policy;
  /** The tool_use id this call answers; used to tie streamed output to its call. */
  toolUseId: string;
  emit(event: AgentEvent): void;
}

export interface AgentTool {
  /** The name the model calls (e.g. `str_replace_based_edit_tool`). */
  readonly name: string;
  /** What goes into the request's `tools` array. */
  definition(): Anthropic.ToolUnion;
  run(input: unknown, context: ToolContext): Promise<ToolResult>;
  /** Releases processes or handles the tool holds for the session. */
  dispose?(): Promise<void>;
}

export function ok(content: ToolResultContent): ToolResult {
  return { content, isError: false };
}

export function fail(message: string): ToolResult {
  return { content: message, isError: true };
}
