// Decides whether a failed request is worth asking again, and how long to wait first.
// 429 honours retry-after; 529 (overloaded) backs off longer than other server errors, because
// hammering an overloaded API makes it worse; a dropped stream is retried from scratch.
import Anthropic from '@anthropic-ai/sdk';
import { errorText } from '../../shared/errorText';

export interface RetrySettings {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff for 5xx and dropped streams; doubles each attempt. */
  baseDelayMs: number;
  /** First backoff for 529 overloaded. */
  overloadedBaseDelayMs: number;
  /** No single wait is longer than this, whatever retry-after says. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  // Anthropic's guidance for 529 is to back off and retry later; start at 5 s.
  overloadedBaseDelayMs: 5_000,
  // A minute: past that the user is better served by an error than by silence.
  maxDelayMs: 60_000,
};

export type FailureVerdict =
  | { kind: 'cancelled' }
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'fatal'; reason: string };

/** The stream sent no event for the idle timeout: given up, and asked again. */
export class StreamIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(`the API sent nothing for ${Math.round(idleMs / 1000)} s`);
    this.name = 'StreamIdleError';
  }
}

/** The answer was not an event stream (an HTML page from a proxy, say): the address is not the Messages API. */
export class NotAnEventStreamError extends Error {
  constructor(readonly contentType: string) {
    super(`the API address answered with ${contentType.split(';')[0]} instead of an event stream: check ANTHROPIC_BASE_URL (a proxy or sign-in page may be answering)`);
    this.name = 'NotAnEventStreamError';
  }
}

export function judgeFailure(error: unknown, attempt: number, settings: RetrySettings): FailureVerdict {
  if (error instanceof Anthropic.APIUserAbortError) return { kind: 'cancelled' };
  const exhausted = attempt >= settings.maxAttempts;
  const backoff = (base: number) => Math.min(settings.maxDelayMs, base * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4));

  if (error instanceof NotAnEventStreamError) return { kind: 'fatal', reason: `${capitalised(error.message)}.` };
  if (error instanceof StreamIdleError) {
    if (exhausted) return { kind: 'fatal', reason: `The response stream stalled ${attempt} times: ${error.message} each time.` };
    return { kind: 'retry', delayMs: backoff(settings.baseDelayMs), reason: `stream stalled (${error.message})` };
  }
  // The SDK found an event it could not parse (its JSON), from a broken proxy or a cut-off line.
  if (error instanceof SyntaxError || (error instanceof Error && error.cause instanceof SyntaxError)) {
    if (exhausted) return { kind: 'fatal', reason: `The API's event stream could not be read (${attempt} attempts): an event was not valid JSON.` };
    return { kind: 'retry', delayMs: backoff(settings.baseDelayMs), reason: 'unreadable event in the stream' };
  }

  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    const type = error.type ?? '';
    const what = describeApiError(error);
    if (status === 429 || type === 'rate_limit_error') {
      if (exhausted) return { kind: 'fatal', reason: `Rate limited by the API after ${attempt} attempts: ${what}` };
      const hinted = retryAfterMs(error.headers);
      return { kind: 'retry', delayMs: Math.min(settings.maxDelayMs, hinted ?? backoff(settings.baseDelayMs)), reason: `rate limited (429)${hinted !== undefined ? `, retry-after ${Math.round(hinted / 1000)} s` : ''}` };
    }
    if (status === 529 || type === 'overloaded_error') {
      if (exhausted) return { kind: 'fatal', reason: `The API stayed overloaded after ${attempt} attempts: ${what}` };
      return { kind: 'retry', delayMs: backoff(settings.overloadedBaseDelayMs), reason: 'API overloaded (529)' };
    }
    // Server errors, timeouts, and errors sent mid-stream (status undefined) are transient.
    const transient = status === undefined || status === 408 || status === 409 || status >= 500;
    if (error instanceof Anthropic.APIConnectionError && isUnreachable(error) && attempt >= UNREACHABLE_MAX_ATTEMPTS) {
      return { kind: 'fatal', reason: `Cannot connect to the API at its address (${causeCode(error)}) after ${attempt} attempts: check ANTHROPIC_BASE_URL and the network.` };
    }
    if (error instanceof Anthropic.APIConnectionError || transient) {
      if (exhausted) return { kind: 'fatal', reason: `API request failed after ${attempt} attempts: ${what}` };
      return { kind: 'retry', delayMs: backoff(settings.baseDelayMs), reason: error instanceof Anthropic.APIConnectionError ? 'connection failed' : `server error (${status ?? (type || 'stream error')})` };
    }
    return { kind: 'fatal', reason: what };
  }
  if (isDroppedStream(error)) {
    if (exhausted) return { kind: 'fatal', reason: `The response stream kept dropping (${attempt} attempts): ${String((error as Error).message)}` };
    return { kind: 'retry', delayMs: backoff(settings.baseDelayMs), reason: 'response stream dropped' };
  }
  return { kind: 'fatal', reason: errorText(error) };
}

function describeApiError(error: InstanceType<typeof Anthropic.APIError>): string {
  const status = error.status ? `${error.status} ` : '';
  const type = error.type ? `${error.type}: ` : '';
  return `${status}${type}${error.apiMessage ?? error.message}`;
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

// Nothing listening, or no such host: a few quick tries cover a blip; more only delay the error.
const UNREACHABLE_MAX_ATTEMPTS = 3;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isUnreachable(error: unknown): boolean {
  const code = causeCode(error);
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

// A connection cut mid-response surfaces from fetch/undici as a plain error, not an APIError.
const DROPPED_STREAM = /terminated|other side closed|socket hang up|ECONNRESET|premature close|stream ended without|aborted due to|UND_ERR/i;

function isDroppedStream(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = (error as { cause?: unknown }).cause;
  return DROPPED_STREAM.test(error.message) || (cause instanceof Error && DROPPED_STREAM.test(`${cause.message} ${(cause as { code?: string }).code ?? ''}`));
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
