// Runs the tool calls of one model turn, in order, and answers every tool_use block exactly once.
// A tool_use id is never executed twice: a repeated id gets the first result back.
import type Anthropic from '@anthropic-ai/sdk';
import { capOutput, DEFAULT_MAX_OUTPUT_CHARS } from './context/capOutput';
import type { AgentEvent } from './events';
import { LoopGuard } from './loopGuard';
import type { Policy } from './policy';
import type { Approver, Workspace } from './ports';
import type { AgentTool, ToolResult } from './tools/tool';
import type { Checkpoint } from './checkpoints';
import { errorText } from '../shared/errorText';

/** Saves snapshots of the workspace (checkpoints.ts's CheckpointStore in the host; absent in the CLI). */
export interface CheckpointRecorder {
  snapshot(label: string): Promise<Checkpoint>;
}

export interface ToolRunnerDeps {
  tools: readonly AgentTool[];
  workspace: Workspace;
  approver: Approver;
  policy: Policy;
  checkpoints?: CheckpointRecorder;
  /** The conversation already holds tool results (a session continued from an earlier one). */
  externalContentSeen?: boolean;
  emit(event: AgentEvent): void;
}

export interface ToolTurnResult {
  results: Anthropic.ToolResultBlockParam[];
  /** Set when the session must stop (a loop that would not break). */
  stopReason?: string;
}

const CANCELLED_RESULT = 'Not run: the task was cancelled.';
/** The text Anthropic's computer-use docs prescribe for toolset calls after a failed one in the same turn. */
export const NOT_EXECUTED_AFTER_FAILURE = 'Not executed: an earlier computer action in this turn failed.';

/** A tool_use block as the API sends it; toolset members carry the toolset's name. */
type ToolCall = Anthropic.ToolUseBlock & { toolset_name?: string | null };

export class ToolRunner {
  private readonly _executed = new Map<string, Anthropic.ToolResultBlockParam>();
  private readonly _loopGuard = new LoopGuard();
  /** Set once any result with outside content has been given to the model; it stays in the context after. */
  private _externalContentSeen: boolean;

  constructor(private readonly _deps: ToolRunnerDeps) {
    this._externalContentSeen = _deps.externalContentSeen ?? false;
  }

  /** Whether outside content is in the conversation: from the start, or since a tool's result. */
  get externalContentSeen(): boolean {
    return this._externalContentSeen;
  }

  async runTurn(calls: readonly ToolCall[], signal: AbortSignal): Promise<ToolTurnResult> {
    const results: Anthropic.ToolResultBlockParam[] = [];
    const failedToolsets = new Set<string>();
    let stopReason: string | undefined;
    let checkpointed = false;
    for (const call of calls) {
      const toolset = call.toolset_name ?? undefined;
      const earlier = this._executed.get(call.id);
      if (earlier) {
        results.push(earlier);
        continue;
      }
      let result: ToolResult;
      if (signal.aborted || stopReason) {
        result = { content: signal.aborted ? CANCELLED_RESULT : 'Not run: the session stopped.', isError: true };
      } else if (toolset && failedToolsets.has(toolset)) {
        result = { content: NOT_EXECUTED_AFTER_FAILURE, isError: true };
      } else {
        this._deps.emit({ type: 'tool_call', id: call.id, name: call.name, input: call.input });
        const tool = this._findTool(call);
        const verdict = this._loopGuard.check(call.name, call.input, tool?.isObservation?.(call.name, call.input) ?? false);
        if (verdict.kind === 'stop') {
          stopReason = verdict.message;
          result = { content: verdict.message, isError: true };
        } else if (verdict.kind === 'refuse') {
          this._deps.emit({ type: 'notice', message: `Loop guard: ${call.name} repeated with the same input; the model was asked to change approach.` });
          result = { content: verdict.message, isError: true };
        } else {
          if (!checkpointed && tool?.changesFiles?.(call.name, call.input)) {
            checkpointed = true;
            await this._checkpoint(call);
          }
          result = await this._runOne(call, tool, signal);
          // An unknown tool's answer is ours; a known tool's counts as outside content unless it says otherwise.
          if (tool && (result.externalContent || (tool.returnsExternalContent?.(call.name, call.input) ?? true))) this._externalContentSeen = true;
        }
        this._deps.emit({ type: 'tool_result', id: call.id, name: call.name, isError: result.isError, summary: summarize(result), ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}), ...(result.confinement ? { confinement: result.confinement } : {}) });
        if (toolset && result.isError) failedToolsets.add(toolset);
      }
      const block: Anthropic.ToolResultBlockParam = {
        type: 'tool_result',
        tool_use_id: call.id,
        content: result.content,
        ...(result.isError ? { is_error: true } : {}),
        ...(toolset ? { toolset_name: toolset } : {}),
      };
      this._executed.set(call.id, block);
      results.push(block);
    }
    return stopReason ? { results, stopReason } : { results };
  }

  async dispose(): Promise<void> {
    await Promise.all(this._deps.tools.map((tool) => tool.dispose?.()));
  }

  /** A failed snapshot is reported, never fatal: the user's work matters more than the rollback. */
  private async _checkpoint(call: ToolCall): Promise<void> {
    const recorder = this._deps.checkpoints;
    if (!recorder) return;
    const label = `before ${describeForCheckpoint(call)}`;
    try {
      const checkpoint = await recorder.snapshot(label);
      this._deps.emit({ type: 'checkpoint', id: checkpoint.id, label, toolUseId: call.id });
    } catch (error) {
      this._deps.emit({ type: 'notice', message: `Could not save a checkpoint ${label}: ${errorText(error)}` });
    }
  }

  private _findTool(call: ToolCall): AgentTool | undefined {
    const toolset = call.toolset_name ?? undefined;
    return this._deps.tools.find((candidate) => (toolset ? candidate.isToolset === true && candidate.name === toolset : !candidate.isToolset && candidate.name === call.name));
  }

  private async _runOne(call: ToolCall, tool: AgentTool | undefined, signal: AbortSignal): Promise<ToolResult> {
    const toolset = call.toolset_name ?? undefined;
    if (!tool) {
      const what = toolset ? `toolset "${toolset}"` : `tool "${call.name}"`;
      return { content: `Unknown ${what}. Available tools: ${this._deps.tools.map((t) => t.name).join(', ')}.`, isError: true };
    }
    if (call.input === null || typeof call.input !== 'object' || Array.isArray(call.input)) {
      return { content: `The input of ${call.name} must be a JSON object; got ${JSON.stringify(call.input)}.`, isError: true };
    }
    try {
      const result = await tool.run(call.input, {
        signal,
        workspace: this._deps.workspace,
        approver: this._deps.approver,
        policy: this._deps.policy,
        toolUseId: call.id,
        toolName: call.name,
        afterExternalContent: this._externalContentSeen,
        emit: (event) => this._deps.emit(event),
      });
      return typeof result.content === 'string' ? { ...result, content: capOutput(result.content, DEFAULT_MAX_OUTPUT_CHARS) } : result;
    } catch (error) {
      // Tools return errors as values; a throw is our bug, but the model still gets an answer.
      return { content: `Internal error in ${call.name}: ${errorText(error)}`, isError: true };
    }
  }
}

/** Short enough for a commit subject and a button: the call's name and its main argument. */
const MAX_CHECKPOINT_DETAIL = 60;

/** "bash: npm test", "edit: str_replace src/a.js", "background_process: start". */
function describeForCheckpoint(call: ToolCall): string {
  const input = (call.input ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const isEditor = call.name === 'str_replace_based_edit_tool';
  const detail = call.name === 'bash' ? text(input.command) : isEditor ? `${text(input.command)} ${text(input.path)}` : text(input.action);
  const oneLine = detail.replace(/\s+/g, ' ').trim();
  const shown = oneLine.length > MAX_CHECKPOINT_DETAIL ? `${oneLine.slice(0, MAX_CHECKPOINT_DETAIL)}…` : oneLine;
  const name = isEditor ? 'edit' : call.name;
  return shown ? `${name}: ${shown}` : name;
}

function summarize(result: ToolResult): string {
  // An image is drawn beside the result (the screenshot event); the summary only says one was sent.
  const text = typeof result.content === 'string' ? result.content : result.content.map((block) => (block.type === 'text' ? block.text : 'Image sent to the model.')).join('\n');
  const firstLines = text.split('\n').slice(0, 3).join('\n');
  return firstLines.length > 300 ? `${firstLines.slice(0, 300)}…` : firstLines;
}
