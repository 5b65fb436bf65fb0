// The check after every test (serverChecks.ts): a test that leaves the Messages-API test server with a
// violation it never read, or a turn it never used nor asked about, fails; one that checked them passes.
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import type { Context } from 'mocha';
import { reply, startMessagesApiServer, type MessagesApiServer } from '../support/messagesApiServer';
import { checkServersAfterThisTest } from '../support/serverChecks';

/** A test body wrapped as the hook wraps it, run on its own. */
async function runWrapped(body: () => Promise<void>, servers: MessagesApiServer[]): Promise<void> {
  const context = { currentTest: { fn: body } } as unknown as Context;
  checkServersAfterThisTest(context, () => servers);
  await (context.currentTest!.fn as (this: Context) => Promise<void>).call(context);
}

describe('serverChecks', () => {
  let server: MessagesApiServer;
  afterEach(async () => {
    await server.close();
  });

  /** This suite leaves its servers unchecked on purpose; after the wrapped run, the real hook must not see that. */
  function acknowledge(): void {
    server.remainingTurns();
    void server.violations;
  }

  it('fails a test that left a scripted turn unused and never asked', async () => {
    server = await startMessagesApiServer([reply.text('one'), reply.text('two')]);
    const client = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    await assert.rejects(
      runWrapped(async () => void (await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })), [server]),
      /1 scripted turn was never requested \(reply\)/,
    );
    acknowledge();
  });

  it('fails a test whose server saw a violation it never read, and passes one that read them', async () => {
    server = await startMessagesApiServer([]);
    // A request with no turn left for it is a violation ("unexpected request").
    const ask = () => fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json' }, body: '{}' });
    await assert.rejects(runWrapped(async () => void (await ask()), [server]), /violation: unexpected request #1/);
    await runWrapped(async () => {
      await ask();
      assert.equal(server.violations.length, 2);
    }, [server]);
    acknowledge();
  });

  it('passes a test that asked how many turns were left', async () => {
    server = await startMessagesApiServer([reply.text('never asked for')]);
    await runWrapped(async () => assert.equal(server.remainingTurns(), 1), [server]);
    acknowledge();
  });
});
