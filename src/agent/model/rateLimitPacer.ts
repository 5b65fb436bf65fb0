// Reads the API's anthropic-ratelimit-* headers after each response and, before the next request,
// waits for the window to reset when it would otherwise be refused with a 429.

export interface PaceDecision {
  waitMs: number;
  reason: string;
}

/** Never wait longer than this on the headers' word alone; a 429 still has its own retry path. */
const MAX_PACE_WAIT_MS = 60_000;

export class RateLimitPacer {
  private _requestsRemaining: number | undefined;
  private _requestsReset: number | undefined;
  private _inputTokensRemaining: number | undefined;
  private _inputTokensReset: number | undefined;

  observe(headers: Headers | undefined | null): void {
    if (!headers) return;
    this._requestsRemaining = numberHeader(headers, 'anthropic-ratelimit-requests-remaining') ?? this._requestsRemaining;
    this._requestsReset = timeHeader(headers, 'anthropic-ratelimit-requests-reset') ?? this._requestsReset;
    this._inputTokensRemaining = numberHeader(headers, 'anthropic-ratelimit-input-tokens-remaining') ?? numberHeader(headers, 'anthropic-ratelimit-tokens-remaining') ?? this._inputTokensRemaining;
    this._inputTokensReset = timeHeader(headers, 'anthropic-ratelimit-input-tokens-reset') ?? timeHeader(headers, 'anthropic-ratelimit-tokens-reset') ?? this._inputTokensReset;
  }

  /** How long to wait before sending a request of about `estimatedInputTokens`. */
  beforeRequest(estimatedInputTokens: number, now = Date.now()): PaceDecision | undefined {
    if (this._requestsRemaining !== undefined && this._requestsRemaining <= 0 && this._requestsReset !== undefined && this._requestsReset > now) {
      return { waitMs: Math.min(MAX_PACE_WAIT_MS, this._requestsReset - now), reason: 'request rate limit reached' };
    }
    if (this._inputTokensRemaining !== undefined && this._inputTokensRemaining < estimatedInputTokens && this._inputTokensReset !== undefined && this._inputTokensReset > now) {
      return { waitMs: Math.min(MAX_PACE_WAIT_MS, this._inputTokensReset - now), reason: `input-token rate limit nearly used (${this._inputTokensRemaining} left, ~${estimatedInputTokens} needed)` };
    }
    return undefined;
  }

  /** After waiting, the window is assumed fresh until the next response says otherwise. */
  reset(): void {
    this._requestsRemaining = undefined;
    this._inputTokensRemaining = undefined;
  }
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function timeHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null) return undefined;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : time;
}
