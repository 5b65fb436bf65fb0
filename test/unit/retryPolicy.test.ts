import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_RETRY, judgeFailure } from '../../src/agent/model/retryPolicy';
import { RateLimitPacer } from '../../src/agent/model/rateLimitPacer';

function apiError(status: number | undefined, type: string, headers: Record<string, string> = {}) {
  return Anthropic.APIError.generate(status as number, { type: 'error', error: { type, message: type } }, undefined, new Headers(headers));
}

describe('retry policy', () => {
  it('honours retry-after on a 429, capped', () => {
    const verdict = judgeFailure(apiError(429, 'rate_limit_error', { 'retry-after': '7' }), 1, DEFAULT_RETRY);
    assert.deepEqual(verdict.kind, 'retry');
    assert.equal((verdict as { delayMs: number }).delayMs, 7_000);
    const capped = judgeFailure(apiError(429, 'rate_limit_error', { 'retry-after': '3600' }), 1, DEFAULT_RETRY);
    assert.equal((capped as { delayMs: number }).delayMs, DEFAULT_RETRY.maxDelayMs);
  });

  it('backs off longer for 529 overloaded than for a 500', () => {
    const overloaded = judgeFailure(apiError(529, 'overloaded_error'), 1, DEFAULT_RETRY) as { delayMs: number };
    const server = judgeFailure(apiError(500, 'api_error'), 1, DEFAULT_RETRY) as { delayMs: number };
    assert.ok(overloaded.delayMs > server.delayMs * 2);
  });

  it('retries an error event sent mid-stream (no HTTP status)', () => {
    const midStream = new Anthropic.APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers(), 'overloaded_error');
    assert.equal(judgeFailure(midStream, 1, DEFAULT_RETRY).kind, 'retry');
  });

  it('gives up after the last attempt, and never retries a 400 or a cancel', () => {
    assert.equal(judgeFailure(apiError(529, 'overloaded_error'), DEFAULT_RETRY.maxAttempts, DEFAULT_RETRY).kind, 'fatal');
    assert.equal(judgeFailure(apiError(400, 'invalid_request_error'), 1, DEFAULT_RETRY).kind, 'fatal');
    assert.equal(judgeFailure(new Anthropic.APIUserAbortError(), 1, DEFAULT_RETRY).kind, 'cancelled');
  });

  it('treats a connection cut mid-response as a dropped stream worth retrying', () => {
    const dropped = Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    assert.equal(judgeFailure(dropped, 1, DEFAULT_RETRY).kind, 'retry');
    assert.equal(judgeFailure(new RangeError('a bug'), 1, DEFAULT_RETRY).kind, 'fatal');
  });
});

describe('rate-limit pacer', () => {
  it('waits for the reset when no requests remain, and not otherwise', () => {
    const pacer = new RateLimitPacer();
    const now = Date.parse('2026-01-01T00:00:00Z');
    pacer.observe(new Headers({ 'anthropic-ratelimit-requests-remaining': '5', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:10Z' }));
    assert.equal(pacer.beforeRequest(100, now), undefined);
    pacer.observe(new Headers({ 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:10Z' }));
    assert.equal(pacer.beforeRequest(100, now)?.waitMs, 10_000);
  });

  it('waits when the input-token budget left is smaller than the next request', () => {
    const pacer = new RateLimitPacer();
    const now = Date.parse('2026-01-01T00:00:00Z');
    pacer.observe(new Headers({ 'anthropic-ratelimit-input-tokens-remaining': '1000', 'anthropic-ratelimit-input-tokens-reset': '2026-01-01T00:00:03Z' }));
    assert.equal(pacer.beforeRequest(500, now), undefined);
    assert.equal(pacer.beforeRequest(5_000, now)?.waitMs, 3_000);
  });
});
