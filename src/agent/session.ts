// The agent loop: ask the model, run the tools it calls, feed the results back, until the model
// ends its turn, the step limit is hit, or the user cancels. Emits typed events; renders nothing.
import type Anthropic from '@anthropic-ai/sdk';
import { withCacheBreakpoints } from './context/cacheBreakpoints';
import { compactConversation, defaultCompactAt, estimateTokens, isContextLengthError } from './context/compaction';
import { dropHistoryBeforeCompaction, repliedWithCompaction, serverCompactionFor } from './context/serverCompaction';
import { DEFAULT_SCREENSHOT_HISTORY, oldestScreenshotToolUseId, pruneScreenshots, type ScreenshotHistorySettings } from './context/screenshotHistory';
import { Emitter } from './emitter';
import type { AgentEvent, SessionOutcome } from './events';
import { ModelCallError, type ModelClient } from './model/modelClient';
import { familyOf, isKnownModel, MIN_SERVER_COMPACTION_TRIGGER, type ModelFamily, type ModelPrices } from './model/modelTable';
import { thinkingParam } from './model/thinkingConfig';
import { forHistory } from './model/toolInputs';
import { priceReply, promptTokensOf, UsageLedger, type RequestUsage } from './model/usage';
import type { Policy } from './policy';
import type { Approver, Workspace } from './ports';
import { ToolRunner, type CheckpointRecorder } from './toolRunner';
import type { AgentTool } from './tools/tool';
import { errorText } from '../shared/errorText';

export interface SessionOptions {
  client: ModelClient;
  model: string;
  thinking: boolean;
  /** Model requests allowed for one user turn. */
  maxSteps: number;
  /** Stop cleanly, between turns, once the session has cost this much (USD). */
  maxCostUsd?: number;
  /** One cap over several sessions (best-of-N attempts): each request's cost counts against it, and none starts past it. */
  sharedBudget?: SharedBudget;
  systemPrompt: string;
  tools: readonly AgentTool[];
  workspace: Workspace;
  approver: Approver;
  policy: Policy;
  /** Output tokens per request; defaults from the model table. */
  maxTokens?: number;
  priceOverrides?: Partial<ModelPrices>;
  /** How many screenshots travel in each request; defaults to DEFAULT_SCREENSHOT_HISTORY. */
  screenshotHistory?: ScreenshotHistorySettings;
  /**
   * Older turns are summarised when the next request would exceed this; defaults to 80% of the context window.
   * Families with server compaction send it as the API's trigger; the others summarise client-side.
   */
  compactAtTokens?: number;
  /** Where the workspace is snapshotted before each step that may change files; none in the CLI. */
  checkpoints?: CheckpointRecorder;
  /** An earlier session's conversation and requests, which this one carries on (a follow-up in the panel). */
  continueFrom?: SessionHistory;
  /**
   * The prompt carries text the user did not type in this task (the project's instruction files, file
   * text attached to the task): for the risky-action rule (policy.ts), as if tool output had been read.
   */
  startsWithOutsideText?: boolean;
}

export class SharedBudget {
  private _spentUsd = 0;
  /** `onRecord` hears each request as it is counted, with the total so far (the status bar follows it). */
  constructor(
    readonly capUsd: number,
    private readonly _onRecord?: (usage: RequestUsage, spentUsd: number) => void,
  ) {}
  get spentUsd(): number {
    return this._spentUsd;
  }
  record(usage: RequestUsage): void {
    this._spentUsd += usage.costUsd;
    this._onRecord?.(usage, this._spentUsd);
  }
}

/** What a session hands to the one that continues it: its messages as sent, and what its requests cost. */
export interface SessionHistory {
  messages: readonly Anthropic.MessageParam[];
  requests: readonly RequestUsage[];
  /**
   * The conversation holds text the user did not type (attached files, instruction files, tool output):
   * a reply that attaches nothing new still carries it in its context.
   */
  outsideTextSeen?: boolean;
}

/** Enough for long edits and tool calls while keeping a runaway turn cheap. */
const DEFAULT_MAX_TOKENS = 32_000;
/** Turns cut off by max_tokens in a row before we give up. */
const MAX_TRUNCATED_TURNS = 3;
/** Share of the budget the conversation must grow by after a compaction before the next one. */
const REGROWTH_BEFORE_COMPACTING = 0.25;
const TRUNCATED_TOOL_RESULT = 'Not run: your reply hit the output token limit before this tool call was complete. Send it again, smaller (split large file contents across several edits).';
const TRUNCATED_TEXT_NUDGE = 'Your reply was cut off at the output token limit. Continue from where you stopped.';

export class AgentSession {
  private readonly _onDidEmit = new Emitter<AgentEvent>();
  readonly onDidEmit = this._onDidEmit.event;

  private readonly _messages: Anthropic.MessageParam[] = [];
  private readonly _ledger = new UsageLedger();
  private readonly _toolRunner: ToolRunner;
  private _thinking: boolean;
  private _pendingThinking: boolean | undefined;
  /** The running send's cancellation; replaced by each send, so a cancel never outlives its task. */
  private _abort: AbortController | undefined;
  private _running = false;
  private _oldestScreenshot: string | undefined;
  /** The current user task, restated when older turns are summarised. */
  private _task = '';
  /** Prompt tokens of the last request as the API counted them, and how many messages it carried. */
  private _lastPrompt: { tokens: number; messages: number } | undefined;
  /** Whether this session's model has server compaction, once known (see _serverCompactionSupported). */
  private _serverCompaction: Promise<boolean> | undefined;
  private _sizeAfterCompaction = 0;

  constructor(private readonly _options: SessionOptions) {
    this._thinking = _options.thinking;
    const history = _options.continueFrom;
    if (history) {
      this._messages.push(...structuredClone(history.messages));
      for (const request of history.requests) this._ledger.record(request);
    }
    this._toolRunner = new ToolRunner({
      tools: _options.tools,
      workspace: _options.workspace,
      approver: _options.approver,
      policy: _options.policy,
      ...(_options.checkpoints ? { checkpoints: _options.checkpoints } : {}),
      // Tool output, files and screenshots in the carried conversation are still outside content in its context, and so
      // are the project's instruction files in the system prompt.
      externalContentSeen: (_options.startsWithOutsideText ?? false) || (_options.continueFrom?.outsideTextSeen ?? false) || this._messages.some(carriesToolResults),
      emit: (event) => this._emit(event),
    });
  }

  /**
   * The conversation and its requests, for a session that continues this one; taken when this one is
   * done (the continuing session copies what it is given, so the two never share a message).
   */
  history(): SessionHistory {
    return { messages: [...this._messages], requests: [...this._ledger.requests], outsideTextSeen: this._toolRunner.externalContentSeen };
  }

  get messages(): readonly Anthropic.MessageParam[] {
    return this._messages;
  }

  get usage(): UsageLedger {
    return this._ledger;
  }

  get thinking(): boolean {
    return this._pendingThinking ?? this._thinking;
  }

  /** Takes effect at the next user turn: thinking cannot change inside a tool loop. */
  setThinking(on: boolean): void {
    this._pendingThinking = on;
  }

  /** Stops the running send, if there is one (the task's own signal, given to send, is the usual way). */
  cancel(): void {
    this._abort?.abort(new Error('Cancelled by the user.'));
  }

  /**
   * Sends a user message and runs the loop until the model ends its turn. `taskSignal` is the task's one
   * cancellation, made when the task started (before the sandbox or the display): a Stop that came
   * before this send is honoured here, with no request sent.
   */
  async send(userText: string, taskSignal?: AbortSignal): Promise<SessionOutcome> {
    if (this._running) throw new Error('Loupe is already working on a task in this session; stop it first.');
    this._running = true;
    const abort = new AbortController();
    this._abort = abort;
    const stop = () => abort.abort(new Error('Cancelled by the user.'));
    if (taskSignal?.aborted) stop();
    taskSignal?.addEventListener('abort', stop, { once: true });
    if (this._pendingThinking !== undefined) {
      this._thinking = this._pendingThinking;
      this._pendingThinking = undefined;
    }
    this._addUserText(userText);
    this._task = userText;
    try {
      const outcome = await this._loop(abort.signal);
      this._emit({ type: 'done', outcome });
      return outcome;
    } finally {
      taskSignal?.removeEventListener('abort', stop);
      this._running = false;
    }
  }

  /**
   * A stopped or failed send can leave the conversation on the user's side (the task, or tool results,
   * with no reply yet): the next text joins that message, as the API needs the roles to alternate.
   * The message is replaced, not changed, so a history() taken earlier keeps what it had.
   */
  private _addUserText(text: string): void {
    const last = this._messages.at(-1);
    if (last?.role !== 'user') {
      this._messages.push({ role: 'user', content: text });
      return;
    }
    const earlier = typeof last.content === 'string' ? [{ type: 'text' as const, text: last.content }] : last.content;
    this._messages[this._messages.length - 1] = { role: 'user', content: [...earlier, { type: 'text', text }] };
  }

  async dispose(): Promise<void> {
    this.cancel();
    await this._toolRunner.dispose();
    this._onDidEmit.dispose();
  }

  /**
   * Server compaction for this model: the model table's answer for the families it knows; for a model
   * newer than the table, the Models API's word when it gives one. Asked once per session, and only
   * then, so a session on a known model sends nothing but its Messages requests.
   */
  private _serverCompactionSupported(family: ModelFamily, budget: number, signal: AbortSignal): Promise<boolean> {
    if (budget < MIN_SERVER_COMPACTION_TRIGGER || isKnownModel(this._options.model)) return Promise.resolve(family.serverCompaction);
    this._serverCompaction ??= this._options.client.serverCompactionSupport(this._options.model, signal).then((said) => said ?? family.serverCompaction);
    return this._serverCompaction;
  }

  private async _loop(signal: AbortSignal): Promise<SessionOutcome> {
    const { client, model, maxSteps } = this._options;
    const family = familyOf(model);
    const maxTokens = this._options.maxTokens ?? Math.min(family.maxOutputTokens, DEFAULT_MAX_TOKENS);
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: this._options.systemPrompt }];
    const tools = this._options.tools.map((tool) => tool.definition());
    let truncatedInARow = 0;
    const budget = this._options.compactAtTokens ?? defaultCompactAt(family);
    const server = serverCompactionFor({ ...family, serverCompaction: await this._serverCompactionSupported(family, budget, signal) }, budget);
    const betas = [...new Set([...this._options.tools.flatMap((tool) => tool.betas ?? []), ...(server ? [server.beta] : [])])];
    const fixedTokens = estimateTokens([{ role: 'user', content: JSON.stringify([system, tools]) }], 0);
    // One compaction-and-retry per step when the API says the prompt is too long.
    let retriedAfterOverflow = false;

    for (let step = 1; step <= maxSteps; step++) {
      if (signal.aborted) return { kind: 'cancelled' };
      // Checked between turns, so the conversation stays complete and can be continued with a higher cap.
      const spent = this._ledger.totals.costUsd;
      if (this._options.maxCostUsd !== undefined && spent >= this._options.maxCostUsd) return { kind: 'cost_cap', costUsd: spent, capUsd: this._options.maxCostUsd };
      const shared = this._options.sharedBudget;
      if (shared && shared.spentUsd >= shared.capUsd) return { kind: 'cost_cap', costUsd: shared.spentUsd, capUsd: shared.capUsd };
      this._emit({ type: 'turn_start', step, model });
      // The anchor is the oldest screenshot the previous request carried (see withCacheBreakpoints).
      const cacheAnchor = this._oldestScreenshot;
      pruneScreenshots(this._messages, this._options.screenshotHistory ?? DEFAULT_SCREENSHOT_HISTORY);
      this._oldestScreenshot = oldestScreenshotToolUseId(this._messages);
      const estimate = this._estimateNextPrompt(fixedTokens, family.screenshotLimits.maxTokens);
      // After a compaction the conversation must grow again by a real amount first, or a budget set
      // too close to the fixed prompt would summarise on every step.
      // With server compaction the API summarises at the same budget inside the request; the client-side
      // summary stays the fallback for a prompt the API still calls too long (below).
      if (!server && estimate > budget && estimate - this._sizeAfterCompaction > budget * REGROWTH_BEFORE_COMPACTING) {
        if (await this._compact(budget, signal, 'the conversation reached its token budget')) this._sizeAfterCompaction = this._estimateNextPrompt(fixedTokens, family.screenshotLimits.maxTokens);
        if (signal.aborted) return { kind: 'cancelled' };
      }
      const prompt = withCacheBreakpoints(system, this._messages, cacheAnchor ? { anchorBeforeToolUseId: cacheAnchor } : {});
      let message: Anthropic.Message;
      try {
        const thinking = thinkingParam(family, this._thinking, maxTokens);
        const turn = await client.streamTurn({ model, system: prompt.system, tools, messages: prompt.messages, maxTokens, ...(thinking ? { thinking } : {}), ...(betas.length ? { betas } : {}), ...(server ? { contextManagement: server.contextManagement } : {}) }, signal, {
          onText: (text) => this._emit({ type: 'text_delta', text }),
          onThinking: (text) => this._emit({ type: 'thinking_delta', text }),
          onRetry: ({ attempt, delayMs, reason }) => this._emit({ type: 'turn_retry', step, attempt, delayMs, reason }),
          onPace: ({ waitMs, reason }) => this._emit({ type: 'notice', message: `Waiting ${Math.ceil(waitMs / 1000)} s before the next request: ${reason}.` }),
        });
        message = turn.message;
        this._lastPrompt = { tokens: promptTokensOf(message), messages: prompt.messages.length };
      } catch (error) {
        if (error instanceof ModelCallError && error.cancelled) return { kind: 'cancelled' };
        const reason = errorText(error);
        if (isContextLengthError(reason) && !retriedAfterOverflow && (await this._compact(budget, signal, 'the API said the prompt is too long'))) {
          retriedAfterOverflow = true;
          step--;
          continue;
        }
        this._emit({ type: 'error', message: reason });
        return { kind: 'failed', reason };
      }
      this._recordUsage(message, family);
      if (message.stop_reason === 'model_context_window_exceeded' && !retriedAfterOverflow && (await this._compact(budget, signal, 'the reply ran out of context window'))) {
        // The cut-off reply is dropped; the turn is asked again on the compacted conversation.
        retriedAfterOverflow = true;
        step--;
        continue;
      }
      retriedAfterOverflow = false;
      // Passed back exactly as received: thinking blocks keep their signatures, a compaction block its summary.
      this._messages.push({ role: 'assistant', content: forHistory(message.content) });
      if (repliedWithCompaction(message.content)) this._afterServerCompaction(budget);
      const toolCalls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');

      switch (message.stop_reason) {
        case 'tool_use': {
          truncatedInARow = 0;
          const turn = await this._toolRunner.runTurn(toolCalls, signal);
          this._messages.push({ role: 'user', content: turn.results });
          if (turn.stopReason) return { kind: 'failed', reason: turn.stopReason };
          if (signal.aborted) return { kind: 'cancelled' };
          continue;
        }
        case 'pause_turn':
          // The API paused a long turn; sending the conversation back as is lets it continue.
          continue;
        case 'max_tokens': {
          truncatedInARow++;
          if (truncatedInARow > MAX_TRUNCATED_TURNS) return { kind: 'failed', reason: `The model's reply hit the output limit (${maxTokens} tokens) ${truncatedInARow} times in a row.` };
          this._emit({ type: 'notice', message: `The reply hit the output limit (${maxTokens} tokens); asking the model to continue.` });
          this._messages.push({
            role: 'user',
            content: toolCalls.length > 0 ? toolCalls.map((call) => ({ type: 'tool_result' as const, tool_use_id: call.id, content: TRUNCATED_TOOL_RESULT, is_error: true })) : TRUNCATED_TEXT_NUDGE,
          });
          continue;
        }
        case 'refusal':
          return { kind: 'refused', reason: 'The model declined to continue with this request (stop reason: refusal).' };
        case 'model_context_window_exceeded':
          return { kind: 'failed', reason: `The conversation no longer fits the model's context window (${family.contextWindow} tokens). Start a new task with a narrower request.` };
        default:
          return { kind: 'completed', finalText: finalText(message) };
      }
    }
    return { kind: 'max_steps', steps: maxSteps };
  }

  /** The last request's counted prompt plus an estimate of what was added since (or an estimate of everything). */
  private _estimateNextPrompt(fixedTokens: number, imageTokens: number): number {
    const last = this._lastPrompt;
    if (!last || last.messages > this._messages.length) return fixedTokens + estimateTokens(this._messages, imageTokens);
    return last.tokens + estimateTokens(this._messages.slice(last.messages), imageTokens);
  }

  /** Summarises older turns through the model; false when there is nothing to summarise or the summary request failed. */
  private async _compact(budget: number, signal: AbortSignal, why: string): Promise<boolean> {
    const family = familyOf(this._options.model);
    try {
      const compacted = await compactConversation({
        client: this._options.client, model: this._options.model, family, messages: this._messages, task: this._task, budgetTokens: budget, signal,
        onUsage: (message) => this._recordUsage(message, family),
      });
      if (!compacted) return false;
      this._messages.splice(0, this._messages.length, ...compacted.messages);
      this._lastPrompt = undefined;
      this._emit({ type: 'compacted', by: 'client', reason: why, summarisedMessages: compacted.summarised, keptMessages: compacted.kept });
      return true;
    } catch (error) {
      if (error instanceof ModelCallError && error.cancelled) return false;
      this._emit({ type: 'notice', message: `Could not compact the conversation (${why}): ${errorText(error)}. Continuing without it.` });
      return false;
    }
  }

  /** The API summarised the conversation inside the last request; what came before its block can go. */
  private _afterServerCompaction(budget: number): void {
    const dropped = dropHistoryBeforeCompaction(this._messages);
    // The last request's count covers the prompt before the API compacted it; the next one is estimated afresh.
    this._lastPrompt = undefined;
    this._emit({ type: 'compacted', by: 'server', reason: `the prompt passed the ${budget}-token trigger`, summarisedMessages: dropped, keptMessages: this._messages.length });
  }

  private _recordUsage(message: Anthropic.Message, family: ReturnType<typeof familyOf>): void {
    // Billed: the reply plus the API's own compaction step, when it ran one.
    const usage = priceReply(this._options.model, message, family, this._options.priceOverrides);
    this._ledger.record(usage);
    this._options.sharedBudget?.record(usage);
    this._emit({ type: 'usage', usage, sessionCostUsd: this._ledger.totals.costUsd });
  }

  private _emit(event: AgentEvent): void {
    this._onDidEmit.fire(event);
  }
}

function finalText(message: Anthropic.Message): string {
  return message.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
}

function carriesToolResults(message: Anthropic.MessageParam): boolean {
  return message.role === 'user' && Array.isArray(message.content) && message.content.some((block) => block.type === 'tool_result');
}
