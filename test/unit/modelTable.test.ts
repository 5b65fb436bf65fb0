import assert from 'node:assert/strict';
import { DEFAULT_MODEL, familyOf, isKnownModel, pricesFor } from '../../src/agent/model/modelTable';
import { MIN_THINKING_BUDGET, thinkingParam } from '../../src/agent/model/thinkingConfig';
import { priceUsage } from '../../src/agent/model/usage';

describe('model table', () => {
  it('matches the most specific family by id prefix', () => {
    assert.equal(familyOf('claude-sonnet-5-5').label, 'Claude Sonnet 5.5');
    assert.equal(familyOf('claude-sonnet-5').label, 'Claude Sonnet 5');
    assert.equal(familyOf('claude-opus-4-5-20251101').label, 'Claude Opus 4.5');
    assert.equal(familyOf('claude-opus-4-8').label, 'Claude Opus 4.6–4.8');
    assert.equal(familyOf('claude-haiku-4-5-20251001').thinking, 'enabled');
  });

  it('says which families the API compacts on the server, as far as Anthropic\'s compaction page lists them', () => {
    for (const id of ['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-opus-4-7-20260416']) assert.equal(familyOf(id).serverCompaction, true, id);
    for (const id of ['claude-opus-4-8', 'claude-opus-4-5', 'claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-4-5', 'claude-future-9']) assert.equal(familyOf(id).serverCompaction, false, id);
    assert.equal(familyOf('claude-opus-4-6').contextWindow, familyOf('claude-opus-4-8').contextWindow, 'the split rows share the family\'s limits and prices');
    assert.deepEqual(familyOf('claude-opus-4-7').prices, familyOf('claude-opus-4-8').prices);
  });

  it('defaults to a current, non-deprecated model with adaptive thinking', () => {
    assert.ok(isKnownModel(DEFAULT_MODEL));
    assert.equal(familyOf(DEFAULT_MODEL).deprecated, undefined);
    assert.equal(familyOf(DEFAULT_MODEL).thinking, 'adaptive');
  });

  it('flags the models the SDK warns are deprecated', () => {
    assert.ok(familyOf('claude-sonnet-4-5-20250929').deprecated);
  });

  it('falls back to default pricing for an unknown id and says so', () => {
    assert.equal(isKnownModel('claude-future-9'), false);
    assert.match(familyOf('claude-future-9').label, /Unknown model/);
  });

  it('uses adaptive thinking where supported and a valid budget elsewhere', () => {
    assert.deepEqual(thinkingParam(familyOf('claude-sonnet-5-5'), true, 32_000), { type: 'adaptive', display: 'summarized' });
    assert.deepEqual(thinkingParam(familyOf('claude-sonnet-5-5'), false, 32_000), { type: 'disabled' });
    assert.equal(thinkingParam(familyOf('claude-opus-5-5'), false, 32_000), undefined, 'always-on thinking models get no field');
    const manual = thinkingParam(familyOf('claude-haiku-4-5'), true, 32_000);
    assert.equal(manual?.type, 'enabled');
    const budget = (manual as { budget_tokens: number }).budget_tokens;
    assert.ok(budget >= MIN_THINKING_BUDGET && budget < 32_000);
    assert.deepEqual(thinkingParam(familyOf('claude-haiku-4-5'), true, 1_500), { type: 'disabled' }, 'no valid budget fits');
  });

  it('prices a request from input, output, cache write and cache read tokens', () => {
    const usage = priceUsage('claude-sonnet-5-5', { input_tokens: 1_000_000, output_tokens: 100_000, cache_creation_input_tokens: 200_000, cache_read_input_tokens: 2_000_000 }, pricesFor(familyOf('claude-sonnet-5-5'), 0));
    // $2 + $1 + 0.2 * $2.50 + 2 * $0.20
    assert.ok(Math.abs(usage.costUsd - (2 + 1 + 0.5 + 0.4)) < 1e-9, String(usage.costUsd));
  });

  it('applies the long-prompt tier and price overrides', () => {
    const haiku = familyOf('claude-haiku-5-5');
    assert.equal(pricesFor(haiku, 50_000).inputPerMTok, 0.1);
    assert.equal(pricesFor(haiku, 150_000).inputPerMTok, 0.5);
    assert.equal(pricesFor(haiku, 0, { inputPerMTok: 7 }).inputPerMTok, 7);
  });
});
