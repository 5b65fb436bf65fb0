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
  /** A shell command's exit code (null when it was killed), for the panel's proof of work. */
  exitCode?: number | null;
  /** Where a command ran: in Loupe's sandbox, or with the user's full access; shown beside its result. */
  confinement?: Confinement;
  /**
   * This result carries outside content although the tool's returnsExternalContent says its call does
   * not (an edit's confirmation with the compiler's words about the file appended).
   */
  externalContent?: boolean;
}

export type Confinement = 'sandboxed' | 'unconfined';

export interface ToolContext {
  /** Aborted when the user cancels the task; long-running work must stop promptly. */
  signal: AbortSignal;
  workspace: Workspace;
  approver: Approver;
  policy: Policy;
  /** The tool_use id this call answers; used to tie streamed output to its call. */
  toolUseId: string;
  /** The name the model called: the tool's own name, or for a toolset the member's (e.g. `left_click`). */
  toolName: string;
  /**
   * Whether tool output or a screenshot has entered the conversation before this call: then text the
   * user did not write may be steering the model, and the policy asks about risky actions again.
   */
  afterExternalContent: boolean;
  emit(event: AgentEvent): void;
}

export interface AgentTool {
  /** The name the model calls (e.g. `str_replace_based_edit_tool`), or for a toolset the toolset's name (`computer`). */
  readonly name: string;
  /**
   * A toolset (e.g. `computer_toolset_20260801`) answers every tool_use whose `toolset_name` is this
   * tool's name; its results echo `toolset_name`, and after one of its calls fails, the turn's later
   * calls to it are answered without running.
   */
  readonly isToolset?: boolean;
  /** Beta headers the tool needs (e.g. `computer-use-2025-11-24`); requests then go to the beta endpoint. */
  readonly betas?: readonly string[];
  /**
   * Whether this call only looks (a screenshot, a wait) rather than acts. Looking again is how a
   * model waits for a page to load, so the loop guard gives such calls more room.
   */
  isObservation?(toolName: string, input: unknown): boolean;
  /**
   * Whether this call may change files in the workspace (an edit, a shell command). The runner saves a
   * checkpoint before the first such call of a turn, so the step can be rolled back, whatever changed.
   */
  changesFiles?(toolName: string, input: unknown): boolean;
  /**
   * Whether this call's result carries content from outside the conversation (command output, a file's text,
   * the screen). Absent means yes: only tools that answer with their own words (an edit's confirmation) say no.
   */
  returnsExternalContent?(toolName: string, input: unknown): boolean;
  /** What goes into the request's `tools` array. */
  definition(): Anthropic.ToolUnion | Anthropic.Beta.BetaToolUnion;
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
