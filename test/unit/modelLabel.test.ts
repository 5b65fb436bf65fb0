import assert from 'node:assert/strict';
import { modelLabel } from '../../src/webview/modelLabel';

describe('modelLabel', () => {
  it('shortens Claude model ids to family and version', () => {
    assert.equal(modelLabel('claude-sonnet-5-5'), 'Sonnet 5.5');
    assert.equal(modelLabel('claude-opus-4-7'), 'Opus 4.7');
    assert.equal(modelLabel('claude-haiku-4-5-20251001'), 'Haiku 4.5');
    assert.equal(modelLabel('claude-opus-5'), 'Opus 5');
  });

  it('shows any other id unchanged', () => {
    for (const id of ['my-proxy-model', 'claude-sonnet-latest', 'claude-3-5-sonnet-20241022']) assert.equal(modelLabel(id), id);
  });
});
