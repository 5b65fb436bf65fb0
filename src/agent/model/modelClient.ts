// Streams one model turn through @anthropic-ai/sdk, with our own retry loop around the whole
// stream: the SDK's retries cover a failed connect, not a stream that dies half-way, and a partial
// turn must be thrown away and asked again rather than acted on.
import Anthropic from '@anthropic-ai/sdk';
import { abortableSleep } from './abortableSleep';
import { RateLimitPacer } from './rateLimitPacer';
import { DEFAULT_RETRY, judgeFailure, NotAnEventStreamError, StreamIdleError, type RetrySettings } from './retryPolicy';
import { isUnreadableToolInput } from './toolInputs';

/** The capability lookup is a convenience before the first request; a slow Models API must not hold the task up. */
const MODEL_INFO_TIMEOUT_MS = 5_000;

export interface TurnRequest {
  model: string;
  system: Anthropic.TextBlockParam[];
  tools: Array<Anthropic.ToolUnion | Anthropic.Beta.BetaToolUnion>;
  messages: Anthropic.MessageParam[];
  maxTokens: number;
  thinking?: Anthropic.ThinkingConfigParam;
  /** Beta headers some tools need; the request then goes to the beta endpoint. */
  betas?: string[];
  /** Context-management edits (server-side compaction); a beta feature, so it needs its header in `betas`. */
  contextManagement?: Anthropic.Beta.BetaContextManagementConfig;
  /** Which tool the model must answer with (a judge's verdict as a tool call); by default the model chooses. */
  toolChoice?: Anthropic.ToolChoice;
}

export interface TurnCallbacks {
  onText?(delta: string): void;
  onThinking?(delta: string): void;
  /** The attempt failed and will be asked again; anything streamed from it is void. */
  onRetry?(info: { attempt: number; delayMs: number; reason: string }): void;
  onPace?(info: { waitMs: number; reason: string }): void;
}

export interface TurnResult {
  message: Anthropic.Message;
  attempts: number;
}

export class ModelCallError extends Error {
  constructor(message: string, readonly cancelled: boolean) {
    super(message);
    this.name = 'ModelCallError';
  }
}

export interface ModelClientOptions {
  apiKey: string;
  baseURL?: string;
  retry?: Partial<RetrySettings>;
  /** Per-request timeout; long turns stream, so this bounds silence rather than total length. */
  timeoutMs?: number;
  /**
   * A stream that sends no event for this long (from the request on, so a server that never answers too)
   * is given up and asked again. The API sends pings while a long turn thinks, so silence means a stall.
   */
  idleTimeoutMs?: number;
}

/** The SDK's own bound on one request; the idle timeout below is what catches a stall. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 90_000;
// Rough bytes-per-token for pacing estimates only; billing uses the API's own counts.
const CHARS_PER_TOKEN = 4;

export class ModelClient {
  private readonly _client: Anthropic;
  private readonly _retry: RetrySettings;
  private readonly _pacer = new RateLimitPacer();
  private readonly _idleTimeoutMs: number;

  constructor(options: ModelClientOptions) {
    this._client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? null,
      // Retries are ours (see the module comment).
      maxRetries: 0,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // Failures reach the user as one line through judgeFailure, not as the SDK's console output.
      logLevel: 'off',
    });
    this._idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this._retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  async listModels(signal?: AbortSignal): Promise<Array<{ id: string; displayName: string }>> {
    const models: Array<{ id: string; displayName: string }> = [];
    for await (const model of this._client.models.list({ limit: 100 }, { signal })) {
      models.push({ id: model.id, displayName: model.display_name });
    }
    return models;
  }

  /**
   * Whether the Models API says the model supports the compact_20260112 context edit (its
   * `capabilities.context_management`), or undefined when it does not say: an older API, a gateway that
   * has no Models API, a model it does not know. One quick attempt, never retried: the model table's
   * answer stands in.
   */
  async serverCompactionSupport(model: string, signal?: AbortSignal): Promise<boolean | undefined> {
    try {
      const info = await this._client.models.retrieve(model, {}, { signal, maxRetries: 0, timeout: MODEL_INFO_TIMEOUT_MS });
      const management = info.capabilities?.context_management;
      const compact = management?.compact_20260112;
      if (!management || !compact || typeof compact.supported !== 'boolean') return undefined;
      return management.supported !== false && compact.supported;
    } catch {
      return undefined;
    }
  }

  async streamTurn(request: TurnRequest, signal: AbortSignal, callbacks: TurnCallbacks = {}): Promise<TurnResult> {
    const params: Anthropic.MessageCreateParamsStreaming = {
      model: request.model,
      max_tokens: request.maxTokens,
      system: request.system,
      // Beta tool definitions share the GA shape on the wire; only their TypeScript types differ.
      tools: request.tools as Anthropic.ToolUnion[],
      messages: request.messages,
      stream: true,
      ...(request.thinking ? { thinking: request.thinking } : {}),
      ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}),
    };
    const estimatedTokens = Math.ceil(JSON.stringify(params).length / CHARS_PER_TOKEN);

    // Streamed, unless a stream could not carry this turn's tool input (toolInputs.ts).
    let streaming = true;
    for (let attempt = 1; ; attempt++) {
      const pace = this._pacer.beforeRequest(estimatedTokens);
      if (pace) {
        callbacks.onPace?.(pace);
        await this._sleep(pace.waitMs, signal);
        this._pacer.reset();
      }
      try {
        const message = streaming ? await this._streamOnce(params, request, signal, callbacks) : await this._createOnce(params, request, signal);
        return { message, attempts: attempt };
      } catch (error) {
        if (signal.aborted) throw new ModelCallError('Cancelled.', true);
        if (streaming && isUnreadableToolInput(error)) {
          // What streamed of this attempt is void; the same turn, whole, carries the input as sent.
          streaming = false;
          callbacks.onRetry?.({ attempt, delayMs: 0, reason: 'a tool input the stream could not read (asking for the whole turn, not streamed)' });
          continue;
        }
        const verdict = judgeFailure(error, attempt, this._retry);
        if (verdict.kind === 'cancelled') throw new ModelCallError('Cancelled.', true);
        if (verdict.kind === 'fatal') throw new ModelCallError(verdict.reason, false);
        callbacks.onRetry?.({ attempt, delayMs: verdict.delayMs, reason: verdict.reason });
        await this._sleep(verdict.delayMs, signal);
      }
    }
  }

  private async _streamOnce(params: Anthropic.MessageCreateParamsStreaming, request: TurnRequest, signal: AbortSignal, callbacks: TurnCallbacks): Promise<Anthropic.Message> {
    const betas = request.betas ?? [];
    const beta: Anthropic.Beta.MessageCreateParamsStreaming = {
      ...(params as unknown as Anthropic.Beta.MessageCreateParamsStreaming),
      betas,
      ...(request.contextManagement ? { context_management: request.contextManagement } : {}),
    };
    // This attempt ends when the user stops the task or the stream falls silent.
    const attempt = new AbortController();
    const stopAttempt = (): void => attempt.abort();
    signal.addEventListener('abort', stopAttempt, { once: true });
    let idle = false;
    let timer: NodeJS.Timeout | undefined;
    const stillAlive = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idle = true;
        attempt.abort();
      }, this._idleTimeoutMs);
    };
    stillAlive();
    const stream =
      betas.length > 0
        ? // The beta stream emits the same events and message shape for the features we use; a compaction
          // block (beta only) arrives as one more content block, which the session keeps as received.
          (this._client.beta.messages.stream(beta, { signal: attempt.signal }) as unknown as ReturnType<Anthropic['messages']['stream']>)
        : this._client.messages.stream(params, { signal: attempt.signal });
    let notAnEventStream: string | undefined;
    stream.on('connect', () => {
      stillAlive();
      const type = stream.response?.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream')) {
        notAnEventStream = type || 'no content type';
        attempt.abort();
      }
    });
    stream.on('streamEvent', stillAlive);
    if (callbacks.onText) stream.on('text', (delta: string) => callbacks.onText!(delta));
    if (callbacks.onThinking) stream.on('thinking', (delta: string) => callbacks.onThinking!(delta));
    try {
      return await stream.finalMessage();
    } catch (error) {
      if (notAnEventStream !== undefined) throw new NotAnEventStreamError(notAnEventStream);
      if (idle) throw new StreamIdleError(this._idleTimeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stopAttempt);
      this._pacer.observe(stream.response?.headers);
    }
  }

  /** The turn without streaming (see toolInputs.ts for when). */
  private async _createOnce(params: Anthropic.MessageCreateParamsStreaming, request: TurnRequest, signal: AbortSignal): Promise<Anthropic.Message> {
    const { stream: _stream, ...whole } = params;
    const betas = request.betas ?? [];
    if (betas.length > 0) {
      const beta = { ...(whole as unknown as Anthropic.Beta.MessageCreateParamsNonStreaming), betas, ...(request.contextManagement ? { context_management: request.contextManagement } : {}) };
      return (await this._client.beta.messages.create(beta, { signal })) as unknown as Anthropic.Message;
    }
    return this._client.messages.create({ ...whole, stream: false }, { signal });
  }

  private async _sleep(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await abortableSleep(ms, signal);
    } catch {
      throw new ModelCallError('Cancelled.', true);
    }
  }
}
