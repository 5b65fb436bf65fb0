// A local stand-in for the paid Anthropic Messages API, for tests: the real SDK talks to it over
// HTTP (baseURL); it plays scripted model turns in order and records what the real API would reject.
import http from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { PromptCacheSimulator, promptTokens, tokensFor } from './messagesApi/cacheSimulator';
import {
  defaultStopReason,
  errorEvent,
  formatSse,
  messageJson,
  newId,
  streamEvents,
  withToolUseIds,
  type ResolvedReply,
  type SseEvent,
} from './messagesApi/sse';
import { compactionProblems, compactionTrigger, effectiveBody, SentCompactions } from './messagesApi/compaction';
import { SentBlocks, validateRequest } from './messagesApi/validate';

export interface RecordedRequest {
  method: string;
  /** The request target as sent, query included (e.g. /v1/messages?beta=true). */
  path: string;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary request fields
  body: any;
  receivedAt: number;
}
export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  /** `toolset_name` marks a member of an Anthropic toolset (e.g. 'computer' for computer_toolset_*). */
  | { type: 'tool_use'; id?: string /* generated toolu_... if absent */; name: string; input: unknown; toolset_name?: string }
  /** Made by the server itself when a request's compaction edit triggers (see messagesApi/compaction.ts). */
  | { type: 'compaction'; content: string | null; encrypted_content: string | null; signature?: string };
export interface ReplyPace {
  firstTokenMs: number;
  tokensPerSecond: number;
}
export interface ReplyTurn {
  kind: 'reply';
  content: ReplyBlock[];
  /** Default: 'tool_use' if any tool_use block, else 'end_turn'. */
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'pause_turn' | 'refusal' | 'stop_sequence' | 'model_context_window_exceeded';
  /** Overrides the computed usage, field by field. */
  usage?: { input_tokens?: number; output_tokens?: number; cache_creation_input_tokens?: number; cache_read_input_tokens?: number };
  /** Extra response headers, e.g. anthropic-ratelimit-*. */
  headers?: Record<string, string>;
  /** Pause between SSE events (default 0). */
  eventDelayMs?: number;
  /**
   * Paced like a real model (benchmarks of wall time): the first event after `firstTokenMs`, the rest
   * spread over the reply's output tokens at `tokensPerSecond`. Streamed replies only.
   */
  pace?: ReplyPace;
  /** May throw (e.g. assert); a throw is recorded as a violation and answered with 400. */
  expect?: (request: RecordedRequest) => void;
  /**
   * Runs after validation, before the reply is built, and may fill in `content` from the request: a
   * scripted model that reacts to what it was shown (e.g. clicks where a screenshot shows a button).
   */
  prepare?: (request: RecordedRequest, turn: ReplyTurn) => Promise<void>;
}
export interface HttpErrorTurn { kind: 'http_error'; status: number; errorType: string; message: string; headers?: Record<string, string>; expect?: (r: RecordedRequest) => void }
/** Streams the first `afterEvents` SSE events of `reply`, then destroys the socket (a dropped connection). Without stream: 0 drops before any answer, more drops half-way through the JSON. */
export interface DropTurn { kind: 'drop'; afterEvents: number; reply: Omit<ReplyTurn, 'kind'>; expect?: (r: RecordedRequest) => void }
/** Streams the first `afterEvents` SSE events of `reply`, then sends an SSE `error` event and ends the stream. Without stream: an HTTP error of the errorType's status. */
export interface SseErrorTurn { kind: 'sse_error'; afterEvents: number; errorType: string; message: string; reply: Omit<ReplyTurn, 'kind'>; expect?: (r: RecordedRequest) => void }
/** Holds the request open without answering until the client aborts (for cancel tests). */
export interface HangTurn { kind: 'hang'; expect?: (r: RecordedRequest) => void }
/** Answers with exactly this status, headers and body: an HTML page from a proxy, a broken event stream. */
export interface RawTurn { kind: 'raw'; status: number; headers: Record<string, string>; body: string; expect?: (r: RecordedRequest) => void }
/** Streams the first `afterEvents` SSE events of `reply`, then keeps the connection open and silent (a stalled stream). */
export interface StallTurn { kind: 'stall'; afterEvents: number; reply: Omit<ReplyTurn, 'kind'>; expect?: (r: RecordedRequest) => void }
export type ScriptedTurn = ReplyTurn | HttpErrorTurn | DropTurn | SseErrorTurn | HangTurn | RawTurn | StallTurn;
export interface MessagesApiServer {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** Every POST /v1/messages received, in order. */
  requests: RecordedRequest[];
  /**
   * Protocol violations found in requests. A test that reads this checks them itself; otherwise
   * spentOrUnchecked() (run after every test, serverChecks.ts) fails the test on any.
   */
  readonly violations: string[];
  /** The model ids asked for with GET /v1/models/{id}, in order. */
  modelLookups: string[];
  /** Scripted turns not yet used; asking counts as the test checking them (see violations). */
  remainingTurns(): number;
  /**
   * What the test left unchecked since the last call: violations it never read, turns left that it
   * never asked about. Each call starts a new window (a server shared by a suite's tests).
   */
  uncheckedProblems(): string[];
  /** Appends more turns. */
  push(...turns: ScriptedTurn[]): void;
  /** Closes the server and any open sockets (hanging requests included). */
  close(): Promise<void>;
}
export interface MessagesApiServerOptions {
  /**
   * What /v1/models lists. `compaction` fills in the model's capabilities (context_management.compact_20260112);
   * without it the capabilities are null, as for a model the API says nothing about.
   */
  models?: Array<{ id: string; display_name?: string; compaction?: boolean }>;
  /** Sent with every response. */
  defaultHeaders?: Record<string, string>;
}

// Ids in the families DESIGN.md names; any id works, these are what /v1/models lists by default.
const DEFAULT_MODELS = [
  { id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5' },
  { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5' },
  { id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5' },
];
// A fixed date keeps listings deterministic.
const MODEL_CREATED_AT = '2025-01-01T00:00:00Z';
// The status the API answers each error type with (Anthropic's "Errors" documentation).
const STATUS_OF_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** How a reply's answer ends: whole, cut by a dropped connection, or cut by an SSE error event. */
type Ending = { kind: 'complete' } | { kind: 'drop'; afterEvents: number } | { kind: 'stall'; afterEvents: number } | { kind: 'error'; afterEvents: number; errorType: string; message: string };

class ScriptedMessagesApi implements MessagesApiServer {
  url = '';
  readonly requests: RecordedRequest[] = [];
  private readonly _violations: string[] = [];
  private readonly _checked = { violations: false, turns: false };
  /** Violations before this index were in an earlier test's window. */
  private _windowStart = 0;
  readonly modelLookups: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly cache = new PromptCacheSimulator();
  private readonly sent = new SentBlocks();
  private readonly compactions = new SentCompactions();
  private readonly server = http.createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => {
      // A client that went away mid-request is not a bug; anything else must fail the test,
      // not crash the runner or hang the client.
      if (this.closed || res.socket?.destroyed) return void res.destroy();
      this._violations.push(`the test API server failed on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) this.sendError(res, 500, 'api_error', 'The test API server failed; see its violations.', newId('req'));
      else res.destroy();
    });
  });
  private closed = false;
  /** Cuts short the pauses of paced streams when the server closes, so no timer outlives it. */
  private readonly closing = new AbortController();

  constructor(
    private readonly turns: ScriptedTurn[],
    private readonly options: MessagesApiServerOptions,
  ) {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the test API server has no TCP address');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  get violations(): string[] {
    this._checked.violations = true;
    return this._violations;
  }

  remainingTurns(): number {
    this._checked.turns = true;
    return this.turns.length;
  }

  uncheckedProblems(): string[] {
    const problems = this._checked.violations ? [] : this._violations.slice(this._windowStart).map((violation) => `violation: ${violation}`);
    if (!this._checked.turns && this.turns.length > 0) problems.push(`${this.turns.length} scripted ${this.turns.length === 1 ? 'turn was' : 'turns were'} never requested (${this.turns.map((turn) => turn.kind).join(', ')})`);
    this._windowStart = this._violations.length;
    this._checked.violations = false;
    this._checked.turns = false;
    return problems;
  }

  push(...turns: ScriptedTurn[]): void {
    this.turns.push(...turns);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await stopped;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const requestId = newId('req');
    if (req.method === 'POST' && url.pathname === '/v1/messages') return this.answerMessages(req, res, text, requestId);
    if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
      return this.sendJson(res, 200, { input_tokens: promptTokens(parseJson(text)) }, requestId);
    }
    if (req.method === 'GET' && url.pathname === '/v1/models') return this.listModels(res, url, requestId);
    const model = req.method === 'GET' && /^\/v1\/models\/([^/]+)$/.exec(url.pathname);
    if (model) {
      this.modelLookups.push(decodeURIComponent(model[1] ?? ''));
      const info = this.models().find((m) => m.id === decodeURIComponent(model[1] ?? ''));
      return info ? this.sendJson(res, 200, info, requestId) : this.sendError(res, 404, 'not_found_error', `model: ${model[1]}`, requestId);
    }
    this.sendError(res, 404, 'not_found_error', `No route for ${req.method} ${url.pathname} on the test API server`, requestId);
  }

  private async answerMessages(req: http.IncomingMessage, res: http.ServerResponse, text: string, requestId: string): Promise<void> {
    const body = parseJson(text);
    const recorded: RecordedRequest = { method: req.method ?? 'POST', path: req.url ?? '', headers: flatHeaders(req.headers), body, receivedAt: Date.now() };
    this.requests.push(recorded);
    const number = this.requests.length;
    const turn = this.turns.shift();
    if (!turn) {
      this._violations.push(`unexpected request #${number}`);
      // x-should-retry: false keeps the SDK from retrying into an exhausted script.
      return this.sendError(res, 500, 'api_error', `The test script has no turn left for request #${number}.`, requestId, { 'x-should-retry': 'false' });
    }

    if (!recorded.headers['x-api-key'] && !recorded.headers['authorization']) {
      this._violations.push(`request #${number}: no x-api-key or authorization header`);
      return this.sendError(res, 401, 'authentication_error', 'x-api-key header is required', requestId);
    }
    const problems = body === undefined ? ['the request body is not valid JSON'] : [...validateRequest(body, this.sent), ...compactionProblems(body, recorded.headers, this.compactions)];
    if (!recorded.headers['anthropic-version']) problems.push('anthropic-version: header is required');
    if (body !== undefined && turn.expect) {
      try {
        turn.expect(recorded);
      } catch (error) {
        problems.push(`the turn's expect failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (problems.length > 0) {
      this._violations.push(...problems.map((p) => `request #${number}: ${p}`));
      return this.sendError(res, 400, 'invalid_request_error', problems.join('\n'), requestId);
    }

    switch (turn.kind) {
      case 'http_error':
        return this.sendError(res, turn.status, turn.errorType, turn.message, requestId, turn.headers);
      case 'hang':
        return; // the socket stays open until the client aborts or close() destroys it
      case 'raw':
        res.writeHead(turn.status, { ...turn.headers, 'request-id': requestId }).end(turn.body);
        return;
      case 'stall':
        return this.answerReply(res, body, turn.reply, requestId, { kind: 'stall', afterEvents: turn.afterEvents });
      case 'reply':
        if (turn.prepare) {
          try {
            await turn.prepare(recorded, turn);
          } catch (error) {
            this._violations.push(`request #${number}: the turn's prepare failed: ${error instanceof Error ? error.message : String(error)}`);
            return this.sendError(res, 400, 'invalid_request_error', 'the scripted turn could not be prepared', requestId);
          }
        }
        return this.answerReply(res, body, turn, requestId, { kind: 'complete' });
      case 'drop':
        return this.answerReply(res, body, turn.reply, requestId, { kind: 'drop', afterEvents: turn.afterEvents });
      case 'sse_error':
        return this.answerReply(res, body, turn.reply, requestId, { kind: 'error', afterEvents: turn.afterEvents, errorType: turn.errorType, message: turn.message });
    }
  }

  /** Sends the reply, streamed or whole; a drop or error ending cuts it off after `afterEvents` SSE events. */
  private async answerReply(res: http.ServerResponse, body: RecordedRequest['body'], turn: Omit<ReplyTurn, 'kind'>, requestId: string, ending: Ending): Promise<void> {
    const reply = this.resolve(body, turn);
    this.sent.replied(reply.content);
    const headers = { ...this.options.defaultHeaders, ...turn.headers, 'request-id': requestId };
    if (body.stream !== true) return this.answerWhole(res, reply, headers, requestId, ending);
    if (ending.kind === 'drop' && ending.afterEvents <= 0) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
    const events = streamEvents(reply, (block) => this.sent.signed(block));
    const count = ending.kind === 'complete' ? events.length : Math.max(0, Math.min(ending.afterEvents, events.length));
    const paced = turn.pace ? { first: turn.pace.firstTokenMs, between: (reply.usage.output_tokens / turn.pace.tokensPerSecond) * 1000 / Math.max(1, events.length - 1) } : undefined;
    for (const [index, event] of events.slice(0, count).entries()) {
      const pause = paced ? (index === 0 ? paced.first : paced.between) : index > 0 ? turn.eventDelayMs : 0;
      if (pause) await sleep(pause, undefined, { signal: this.closing.signal }).catch(() => undefined);
      if (!(await this.writeEvent(res, event))) return;
    }
    if (ending.kind === 'drop') res.socket?.destroy();
    else if (ending.kind === 'stall') return; // open and silent until the client gives up or close() destroys it
    else if (ending.kind === 'error' && !(await this.writeEvent(res, errorEvent(ending.errorType, ending.message)))) return;
    res.end();
  }

  /** stream: false. A drop cuts the JSON body in half (or sends nothing); an error ending is that error's HTTP answer. */
  private async answerWhole(res: http.ServerResponse, reply: ResolvedReply, headers: Record<string, string>, requestId: string, ending: Ending): Promise<void> {
    if (ending.kind === 'error') {
      return this.sendError(res, STATUS_OF_ERROR_TYPE[ending.errorType] ?? 500, ending.errorType, ending.message, requestId, headers);
    }
    const json = JSON.stringify(messageJson(reply));
    if (ending.kind === 'complete') {
      reply.content.forEach((block) => this.sent.signed(block));
      res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(json);
      return;
    }
    if (ending.afterEvents > 0) {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      await writeAndFlush(res, json.slice(0, Math.floor(json.length / 2)));
    }
    res.socket?.destroy();
  }

  private resolve(body: RecordedRequest['body'], turn: Omit<ReplyTurn, 'kind'>): ResolvedReply {
    // The model sees nothing before the last compaction block the client passed back.
    const seen = effectiveBody(body);
    const trigger = compactionTrigger(body);
    const promptSize = promptTokens(seen);
    // Past the trigger the API first summarises the conversation, then answers from the summary alone.
    const compaction = trigger !== undefined && promptSize > trigger ? this.compactions.create(seen.messages.length, promptSize) : undefined;
    const answered = compaction ? { ...seen, messages: [{ role: 'assistant', content: [compaction] }] } : seen;
    const content = [...(compaction ? [compaction] : []), ...withToolUseIds(turn.content)];
    const stopReason = turn.stopReason ?? defaultStopReason(content);
    const output_tokens = Math.max(1, tokensFor(JSON.stringify(turn.content).length));
    // A turn's usage overrides only the counters it sets (undefined ones keep the computed value).
    const usage = { ...this.cache.measure(answered), output_tokens, ...Object.fromEntries(Object.entries(turn.usage ?? {}).filter(([, v]) => v !== undefined)) };
    return {
      id: newId('msg'),
      model: body.model,
      content,
      stopReason,
      stopSequence: stopReason === 'stop_sequence' ? (body.stop_sequences?.[0] ?? null) : null,
      // Like the API: the top-level counters are the answer's; the compaction step is billed in its own iteration.
      usage: compaction ? { ...usage, iterations: [compactionIteration(promptSize, compaction), { type: 'message', ...usage }] } : usage,
    };
  }

  /** Writes one SSE event; false when the client is gone. */
  private async writeEvent(res: http.ServerResponse, event: SseEvent): Promise<boolean> {
    if (res.destroyed || this.closed) return false;
    await writeAndFlush(res, formatSse(event));
    event.sent?.();
    return !res.destroyed;
  }

  private models() {
    const models: NonNullable<MessagesApiServerOptions['models']> = this.options.models ?? DEFAULT_MODELS;
    return models.map((m) => ({
      type: 'model' as const,
      id: m.id,
      display_name: m.display_name ?? m.id,
      created_at: MODEL_CREATED_AT,
      capabilities: m.compaction === undefined ? null : capabilitiesWith(m.compaction),
      deprecated_at: null,
      lifecycle: 'active' as const,
      line: (['haiku', 'sonnet', 'opus'] as const).find((line) => m.id.includes(line)) ?? null,
      max_input_tokens: null,
      max_tokens: null,
      retires_at: null,
    }));
  }

  /** GET /v1/models with the API's cursor paging (limit, after_id, before_id). */
  private listModels(res: http.ServerResponse, url: URL, requestId: string): void {
    let models = this.models();
    const after = url.searchParams.get('after_id');
    const before = url.searchParams.get('before_id');
    if (after) models = models.slice(models.findIndex((m) => m.id === after) + 1);
    if (before) models = models.slice(0, Math.max(0, models.findIndex((m) => m.id === before)));
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const page = models.slice(0, limit);
    this.sendJson(res, 200, { data: page, has_more: models.length > page.length, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null }, requestId);
  }

  private sendJson(res: http.ServerResponse, status: number, body: unknown, requestId: string, headers?: Record<string, string>): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...this.options.defaultHeaders, ...headers, 'request-id': requestId });
    res.end(JSON.stringify(body));
  }

  private sendError(res: http.ServerResponse, status: number, type: string, message: string, requestId: string, headers?: Record<string, string>): void {
    this.sendJson(res, status, { type: 'error', error: { type, message }, request_id: requestId }, requestId, headers);
  }
}

/** The usage entry of the compaction step: it read the whole prompt and wrote the summary. */
function compactionIteration(promptSize: number, block: { content: string | null }): NonNullable<ResolvedReply['usage']['iterations']>[number] {
  return { type: 'compaction', input_tokens: promptSize, output_tokens: tokensFor((block.content ?? '').length), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: null };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** Resolves once the text is handed to the socket (or the client is gone), so a drop after it still delivers it. */
function writeAndFlush(res: http.ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => {
    res.once('close', resolve);
    res.write(text, () => {
      res.off('close', resolve);
      resolve();
    });
  });
}

/** Every server started in this process since the last takeStartedServers(), for the checks after each test. */
let startedServers: MessagesApiServer[] = [];

export async function startMessagesApiServer(turns: ScriptedTurn[], options: MessagesApiServerOptions = {}): Promise<MessagesApiServer> {
  const server = new ScriptedMessagesApi([...turns], options);
  await server.listen();
  startedServers.push(server);
  return server;
}

export function takeStartedServers(): MessagesApiServer[] {
  const taken = startedServers;
  startedServers = [];
  return taken;
}

/** Builders for scripted turns, so tests read as the conversation they play. */
export const reply = {
  text(text: string, extra: Partial<ReplyTurn> = {}): ReplyTurn {
    return { ...extra, kind: 'reply', content: [{ type: 'text', text }] };
  },
  toolUse(name: string, input: unknown, extra: Partial<ReplyTurn> & { id?: string; text?: string } = {}): ReplyTurn {
    const { id, text, ...rest } = extra;
    const lead: ReplyBlock[] = text ? [{ type: 'text', text }] : [];
    return { ...rest, kind: 'reply', content: [...lead, { type: 'tool_use', id, name, input }] };
  },
  blocks(content: ReplyBlock[], extra: Partial<ReplyTurn> = {}): ReplyTurn {
    return { ...extra, kind: 'reply', content };
  },
};

/** A model's capabilities as the Models API describes them; only compaction varies here. */
function capabilitiesWith(compaction: boolean) {
  const yes = { supported: true };
  return {
    batch: yes,
    citations: yes,
    code_execution: yes,
    context_management: { supported: true, clear_thinking_20251015: yes, clear_tool_uses_20250919: yes, compact_20260112: { supported: compaction } },
    effort: { supported: true, low: yes, medium: yes, max: yes, xhigh: null },
    image_input: yes,
    pdf_input: yes,
    server_tools: { supported: true },
    structured_outputs: yes,
    thinking: { supported: true },
  };
}

