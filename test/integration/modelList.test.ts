// The model picker's list comes from the Models API, through the same client the session uses.
import assert from 'node:assert/strict';
import { ModelClient } from '../../src/agent/model/modelClient';
import { startMessagesApiServer } from '../support/messagesApiServer';

describe('model list', () => {
  it('lists the models the API offers, with their display names', async () => {
    const server = await startMessagesApiServer([], { models: [{ id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5' }, { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5' }] });
    try {
      const models = await new ModelClient({ apiKey: 'k', baseURL: server.url }).listModels();
      assert.deepEqual(models, [
        { id: 'claude-sonnet-5-5', displayName: 'Claude Sonnet 5.5' },
        { id: 'claude-opus-5-5', displayName: 'Claude Opus 5.5' },
      ]);
    } finally {
      await server.close();
    }
  });
});
