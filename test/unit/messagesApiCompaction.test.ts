// Specifies the test server's server-side compaction by driving it with the real SDK's beta stream.
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { reply, startMessagesApiServer, type MessagesApiServer, type ScriptedTurn } from '../support/messagesApiServer';

const MODEL = 'claude-sonnet-4-6';
const BETA = 'compact-2026-01-12';
const EDIT = { edits: [{ type: 'compact_20260112' as const, trigger: { type: 'input_tokens' as const, value: 50_000 } }] };
/** Well past the 50,000-token trigger by the server's 4-characters-per-token estimate. */
const LONG_TEXT = 'x'.repeat(240_000);

describe('messagesApiServer: server-side compaction', () => {
  let server: MessagesApiServer;
  let client: Anthropic;

  async function start(turns: ScriptedTurn[]): Promise<void> {
    server = await startMessagesApiServer(turns);
    client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
  }

  afterEach(async () => {
    await server?.close();
  });

  function ask(messages: Anthropic.Beta.BetaMessageParam[], extra: Partial<Anthropic.Beta.MessageCreateParamsStreaming> = {}) {
    return client.beta.messages.stream({ model: MODEL, max_tokens: 1024, messages, betas: [BETA], context_management: EDIT, ...extra });
  }

  it('streams a compaction block before the turn once the prompt passes the trigger, and bills it in usage.iterations', async () => {
    await start([reply.text('Short prompt.'), reply.text('Continuing from the summary.')]);
    const short = await ask([{ role: 'user', content: 'Hi' }]).finalMessage();
    assert.deepEqual(short.content.map((block) => block.type), ['text'], 'no compaction below the trigger');

    const stream = ask([{ role: 'user', content: LONG_TEXT }]);
    const summaries: string[] = [];
    stream.on('compaction', (summary) => summaries.push(summary));
    const message = await stream.finalMessage();
    const [block, text] = message.content;
    assert.equal(block?.type, 'compaction');
    assert.ok(block?.type === 'compaction' && block.content?.startsWith('<summary>') && block.encrypted_content && block.signature);
    assert.deepEqual(summaries, [block.content]);
    assert.deepEqual(text, { type: 'text', text: 'Continuing from the summary.' });
    const iterations = message.usage.iterations ?? [];
    assert.deepEqual(iterations.map((step) => step.type), ['compaction', 'message']);
    assert.ok(iterations[0]!.input_tokens > 50_000, 'the compaction step read the whole prompt');
    assert.ok(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) < 1_000, 'the answer read the summary, not the prompt');
    assert.equal(server.requests[1]?.headers['anthropic-beta'], BETA);
    assert.deepEqual(server.violations, []);
  });

  it('takes the block back unchanged (cache_control allowed) and counts the prompt from it on', async () => {
    await start([reply.text('Compacted.'), reply.text('Still going.')]);
    const first = await ask([{ role: 'user', content: LONG_TEXT }]).finalMessage();
    const [block] = first.content;
    assert.equal(block?.type, 'compaction');
    const again = await ask([
      { role: 'user', content: LONG_TEXT },
      { role: 'assistant', content: [{ ...(block as Anthropic.Beta.BetaCompactionBlockParam), cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Compacted.' }] },
      { role: 'user', content: 'Go on.' },
    ]).finalMessage();
    assert.deepEqual(again.content.map((b) => b.type), ['text'], 'the summary is far below the trigger');
    assert.deepEqual(server.violations, []);
  });

  it('flags a changed block, two summaries, the edit without its beta header, a trigger below 50,000 and an assistant-first conversation', async () => {
    await start([reply.text('Compacted.'), reply.text('x'), reply.text('x'), reply.text('x'), reply.text('x'), reply.text('x')]);
    const first = await ask([{ role: 'user', content: LONG_TEXT }]).finalMessage();
    const block = first.content[0] as Anthropic.Beta.BetaCompactionBlockParam;
    const refused = (request: Promise<unknown>) => assert.rejects(request, (error: unknown) => error instanceof Anthropic.BadRequestError);
    const task = { role: 'user' as const, content: 'Task' };
    await refused(ask([task, { role: 'assistant', content: [{ ...block, content: 'A summary I rewrote.' }] }, { role: 'user', content: 'Go on.' }]).finalMessage());
    await refused(ask([task, { role: 'assistant', content: [block] }, { role: 'user', content: 'Go on.' }, { role: 'assistant', content: [block] }, { role: 'user', content: 'Go on.' }]).finalMessage());
    await refused(ask([{ role: 'user', content: 'Hi' }], { betas: [] }).finalMessage());
    await refused(ask([{ role: 'user', content: 'Hi' }], { context_management: { edits: [{ type: 'compact_20260112', trigger: { type: 'input_tokens', value: 10_000 } }] } }).finalMessage());
    await refused(ask([{ role: 'assistant', content: [block] }, { role: 'user', content: 'Go on.' }]).finalMessage());
    assert.equal(server.violations.length, 5, server.violations.join('\n'));
    assert.match(server.violations[0]!, /differs from every block this server sent/);
    assert.match(server.violations[1]!, /2 compaction blocks with content/);
    assert.match(server.violations[2]!, /needs the beta header/);
    assert.match(server.violations[3]!, /at least 50000/);
    assert.match(server.violations[4]!, /the first message must use the "user" role/, 'a compaction block does not lift the user-first rule');
  });
});
