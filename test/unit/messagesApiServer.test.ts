// Specifies the Messages API test server by driving it with the real @anthropic-ai/sdk over HTTP.
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { reply, startMessagesApiServer, type MessagesApiServer, type ScriptedTurn } from '../support/messagesApiServer';

const MODEL = 'claude-sonnet-5-5';
const READ_FILE_TOOL = { name: 'read_file', description: 'Reads a file', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } } };

describe('messagesApiServer', () => {
  let server: MessagesApiServer;
  let client: Anthropic;

  async function start(turns: ScriptedTurn[], options?: Parameters<typeof startMessagesApiServer>[1]): Promise<void> {
    server = await startMessagesApiServer(turns, options);
    client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
  }

  afterEach(async () => {
    await server?.close();
  });

  function ask(messages: Anthropic.MessageParam[], extra: Partial<Anthropic.MessageStreamParams> = {}) {
    return client.messages.stream({ model: MODEL, max_tokens: 4096, messages, ...extra });
  }

  it('streams a text reply that the SDK assembles into a final message', async () => {
    await start([reply.text('Hello from the scripted model.')]);
    const stream = ask([{ role: 'user', content: 'Hi' }]);
    const pieces: string[] = [];
    stream.on('text', (piece) => pieces.push(piece));
    const message = await stream.finalMessage();

    assert.deepEqual(message.content, [{ type: 'text', text: 'Hello from the scripted model.' }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.model, MODEL);
    assert.match(message.id, /^msg_/);
    assert.ok(pieces.length > 1, 'text arrives in several deltas');
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.body.messages[0].content, 'Hi');
    const { authorization, 'x-api-key': apiKey } = server.requests[0]?.headers ?? {};
    assert.match(apiKey ?? authorization ?? '', /test/);
    assert.deepEqual(server.violations, []);
  });

  it('sends the SSE events of the real API in order, with a request-id header', async () => {
    await start([reply.toolUse('read_file', { path: 'a.txt' }, { text: 'Reading.' })]);
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 100, stream: true, tools: [READ_FILE_TOOL], messages: [{ role: 'user', content: 'Hi' }] }),
    });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.match(response.headers.get('request-id') ?? '', /^req_/);
    const events = [...(await response.text()).matchAll(/^event: (\w+)\ndata: (.*)\n\n/gm)].map((m) => m[1]);
    assert.equal(events[0], 'message_start');
    assert.equal(events[1], 'content_block_start');
    assert.equal(events[2], 'ping');
    assert.deepEqual(events.slice(-2), ['message_delta', 'message_stop']);
    assert.equal(events.filter((e) => e === 'content_block_start').length, 2);
    assert.equal(events.filter((e) => e === 'content_block_stop').length, 2);
  });

  it('streams a tool_use whose JSON input the SDK parses, with a generated toolu_ id', async () => {
    await start([reply.toolUse('read_file', { path: 'src/a.ts', lines: [1, 20] })]);
    const message = await ask([{ role: 'user', content: 'Read a.ts' }], { tools: [READ_FILE_TOOL] }).finalMessage();

    const block = message.content[0];
    assert.equal(block?.type, 'tool_use');
    assert.equal(block.type === 'tool_use' && block.name, 'read_file');
    assert.deepEqual(block.type === 'tool_use' && block.input, { path: 'src/a.ts', lines: [1, 20] });
    assert.match(block.type === 'tool_use' ? block.id : '', /^toolu_/);
    assert.equal(message.stop_reason, 'tool_use');
  });

  it('answers stream: false with the whole message', async () => {
    await start([reply.toolUse('read_file', { path: 'x' }, { id: 'toolu_fixed' })]);
    const message = await client.messages.create({ model: MODEL, max_tokens: 100, tools: [READ_FILE_TOOL], messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(message.content, [{ type: 'tool_use', id: 'toolu_fixed', name: 'read_file', input: { path: 'x' } }]);
    assert.equal(message.stop_reason, 'tool_use');
  });

  it('passes thinking with its signature, and accepts it back unmodified in a tool loop', async () => {
    const thinking = { type: 'thinking' as const, thinking: 'The user wants a file read.', signature: 'sig-abc123' };
    const redacted = { type: 'redacted_thinking' as const, data: 'opaque-data' };
    await start([
      reply.blocks([thinking, redacted, { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a' } }]),
      reply.text('Done.'),
    ]);
    const config = { tools: [READ_FILE_TOOL], thinking: { type: 'enabled' as const, budget_tokens: 2048 } };
    const first = await ask([{ role: 'user', content: 'Read a' }], config).finalMessage();
    assert.deepEqual(first.content[0], thinking);
    assert.deepEqual(first.content[1], redacted);

    await ask(
      [
        { role: 'user', content: 'Read a' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'file a' }] },
      ],
      config,
    ).finalMessage();
    assert.deepEqual(server.violations, []);
  });

  it('surfaces a 429 as RateLimitError carrying retry-after', async () => {
    await start([{ kind: 'http_error', status: 429, errorType: 'rate_limit_error', message: 'Slow down', headers: { 'retry-after': '1' } }]);
    const error = await ask([{ role: 'user', content: 'Hi' }]).finalMessage().catch((e: unknown) => e);
    assert.ok(error instanceof Anthropic.RateLimitError, `got ${String(error)}`);
    assert.equal(error.headers.get('retry-after'), '1');
    assert.equal(error.type, 'rate_limit_error');
    assert.match(error.requestID ?? '', /^req_/);
  });

  it('surfaces a 529 as an APIError with status 529 and overloaded_error', async () => {
    await start([{ kind: 'http_error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' }]);
    const error = await client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    assert.ok(error instanceof Anthropic.APIError);
    assert.equal(error.status, 529);
    assert.equal(error.type, 'overloaded_error');
  });

  it('drops the connection mid-stream so the SDK stream rejects', async () => {
    await start([{ kind: 'drop', afterEvents: 4, reply: { content: [{ type: 'text', text: 'This will be cut off part way.' }] } }]);
    const stream = ask([{ role: 'user', content: 'Hi' }]);
    const seen: string[] = [];
    stream.on('streamEvent', (event) => seen.push(event.type));
    await assert.rejects(stream.finalMessage());
    // Four events went out; the SDK does not surface the third, a ping.
    assert.deepEqual(seen, ['message_start', 'content_block_start', 'content_block_delta']);
  });

  it('drops before answering when afterEvents is 0, streamed or not', async () => {
    const drop: ScriptedTurn = { kind: 'drop', afterEvents: 0, reply: { content: [{ type: 'text', text: 'never sent' }] } };
    await start([drop, { ...drop, afterEvents: 1 }]);
    await assert.rejects(ask([{ role: 'user', content: 'Hi' }]).finalMessage(), Anthropic.APIConnectionError);
    await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }));
    assert.equal(server.requests.length, 2);
  });

  it('paces SSE events by eventDelayMs', async () => {
    const delay = 5;
    await start([reply.text('paced reply', { eventDelayMs: delay })]);
    const startedAt = Date.now();
    await ask([{ role: 'user', content: 'Hi' }]).finalMessage();
    // 9 events (message_start, block start, ping, 3 text deltas, block stop, message_delta, message_stop): 8 pauses.
    assert.ok(Date.now() - startedAt >= 8 * delay);
  });

  it('paces a reply like a real model: the first token after firstTokenMs, then its output tokens at tokensPerSecond', async () => {
    await start([reply.text('a reply paced like a model', { pace: { firstTokenMs: 150, tokensPerSecond: 100 } })]);
    const startedAt = Date.now();
    const stream = ask([{ role: 'user', content: 'Hi' }]);
    let firstAt: number | undefined;
    stream.on('streamEvent', () => (firstAt ??= Date.now()));
    const message = await stream.finalMessage();
    const finishedAt = Date.now();
    assert.ok(firstAt! - startedAt >= 150, `first event after ${firstAt! - startedAt} ms`);
    // Lower bounds only: a loaded machine can be slower, never faster.
    assert.ok(finishedAt - firstAt! >= (message.usage.output_tokens / 100) * 1000 - 5, `${message.usage.output_tokens} tokens in ${finishedAt - firstAt!} ms`);
  });

  // Neither ends on its own within the bound (a 10 s pace, a hang), so ending well inside it is the
  // close's doing; the bound leaves room for a loaded machine.
  const unending: Array<[string, ScriptedTurn]> = [
    ['a slowly paced stream', reply.text('a slow reply', { eventDelayMs: 10_000 })],
    ['a hanging request', { kind: 'hang' }],
  ];
  for (const [what, turn] of unending) {
    it(`ends ${what} at once when closed`, async () => {
      await start([turn]);
      const pending = ask([{ role: 'user', content: 'Hi' }]).finalMessage();
      await waitFor(() => server.requests.length === 1);
      const startedClosing = Date.now();
      await server.close();
      await assert.rejects(pending);
      assert.ok(Date.now() - startedClosing < 5_000);
    });
  }

  it('sends an SSE error event mid-stream so the SDK stream rejects with its type', async () => {
    await start([{ kind: 'sse_error', afterEvents: 3, errorType: 'overloaded_error', message: 'Overloaded', reply: { content: [{ type: 'text', text: 'partial' }] } }]);
    const error = await ask([{ role: 'user', content: 'Hi' }]).finalMessage().catch((e: unknown) => e);
    assert.ok(error instanceof Anthropic.APIError, `got ${String(error)}`);
    assert.equal(error.type, 'overloaded_error');
  });

  it('flags a tool_use left without its tool_result and answers 400', async () => {
    await start([reply.text('unused')]);
    const error = await ask(
      [
        { role: 'user', content: 'Read a' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_x', name: 'read_file', input: {} }] },
        { role: 'user', content: 'never mind' },
      ],
      { tools: [READ_FILE_TOOL] },
    )
      .finalMessage()
      .catch((e: unknown) => e);
    assert.ok(error instanceof Anthropic.BadRequestError);
    assert.equal(server.violations.length, 1);
    assert.match(server.violations[0] ?? '', /^request #1: .*toolu_x.*no tool_result/);
  });

  it('flags tool_result blocks that do not come first, are doubled, or answer nothing', async () => {
    await start([reply.text('unused')]);
    await ask(
      [
        { role: 'user', content: 'Read a' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_x', name: 'read_file', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'here' },
            { type: 'tool_result', tool_use_id: 'toolu_x', content: 'a' },
            { type: 'tool_result', tool_use_id: 'toolu_x', content: 'a' },
            { type: 'tool_result', tool_use_id: 'toolu_other', content: 'b' },
          ],
        },
      ],
      { tools: [READ_FILE_TOOL] },
    )
      .finalMessage()
      .catch(() => undefined);
    const all = server.violations.join('\n');
    assert.match(all, /answered by 2 tool_result blocks/);
    assert.match(all, /unexpected tool_use_id .*toolu_other/);
    assert.match(all, /tool_result blocks must come first/);
  });

  it('flags a thinking block that comes back modified', async () => {
    await start([reply.blocks([{ type: 'thinking', thinking: 'original', signature: 'sig' }, { type: 'text', text: 'ok' }]), reply.text('unused')]);
    const first = await ask([{ role: 'user', content: 'Hi' }]).finalMessage();
    const tampered = first.content.map((block) => (block.type === 'thinking' ? { ...block, thinking: 'edited' } : block));
    await ask([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: tampered },
      { role: 'user', content: 'Go on' },
    ])
      .finalMessage()
      .catch(() => undefined);
    assert.equal(server.violations.length, 1);
    assert.match(server.violations[0] ?? '', /messages\.1\.content\.0: Invalid signature in thinking block/);
  });

  it('flags thinking dropped from the assistant turn of a tool loop', async () => {
    await start([reply.blocks([{ type: 'thinking', thinking: 'plan', signature: 's1' }, { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: {} }]), reply.text('unused')]);
    const config = { tools: [READ_FILE_TOOL], thinking: { type: 'enabled' as const, budget_tokens: 1024 } };
    const first = await ask([{ role: 'user', content: 'Hi' }], config).finalMessage();
    await ask(
      [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: first.content.filter((b) => b.type !== 'thinking') },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] },
      ],
      config,
    )
      .finalMessage()
      .catch(() => undefined);
    assert.match(server.violations.join('\n'), /thinking block\(s\) sent with tool_use toolu_1 were not passed back/);
  });

  it('flags more than 4 cache_control breakpoints, a bad thinking budget and an unknown tool name', async () => {
    await start([reply.text('unused')]);
    const cached = { type: 'ephemeral' as const };
    await ask(
      [
        { role: 'user', content: [{ type: 'text', text: 'a', cache_control: cached }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'write_file', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'c', cache_control: cached }] },
      ],
      {
        tools: [{ ...READ_FILE_TOOL, cache_control: cached }, { type: 'bash_20250124', name: 'bash' }],
        system: [{ type: 'text', text: 's1', cache_control: cached }, { type: 'text', text: 's2', cache_control: cached }],
        thinking: { type: 'enabled', budget_tokens: 512 },
      },
    )
      .finalMessage()
      .catch(() => undefined);
    const all = server.violations.join('\n');
    assert.match(all, /maximum of 4 blocks with cache_control.*Found 5/);
    assert.match(all, /budget_tokens.*1024/);
    assert.match(all, /tool "write_file", but the request's tools are \[read_file, bash\]/);
  });

  it('flags an oversized image inside a tool_result', async () => {
    await start([reply.text('unused')]);
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png, 0);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(9000, 16);
    png.writeUInt32BE(100, 20);
    const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: png.toString('base64') } };
    await ask(
      [
        { role: 'user', content: 'Look' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [image] }] },
      ],
      { tools: [READ_FILE_TOOL] },
    )
      .finalMessage()
      .catch(() => undefined);
    assert.match(server.violations.join('\n'), /messages\.2\.content\.0\.content\.0: image dimensions 9000x100 exceed/);
  });

  it('reports a cache write, then a cache read for a second request sharing the breakpointed prefix', async () => {
    await start([reply.text('one'), reply.text('two'), reply.text('three')]);
    const system = [{ type: 'text' as const, text: 'You are Loupe. '.repeat(50), cache_control: { type: 'ephemeral' as const } }];
    const first = await ask([{ role: 'user', content: 'First question' }], { system }).finalMessage();
    const second = await ask([{ role: 'user', content: 'Second question' }], { system }).finalMessage();
    const otherSystem = [{ ...system[0]!, text: 'Something else. '.repeat(50) }];
    const third = await ask([{ role: 'user', content: 'Third question' }], { system: otherSystem }).finalMessage();

    assert.ok((first.usage.cache_creation_input_tokens ?? 0) > 150);
    assert.equal(first.usage.cache_read_input_tokens, 0);
    assert.equal(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
    assert.equal(second.usage.cache_creation_input_tokens, 0);
    assert.ok(second.usage.input_tokens > 0 && second.usage.input_tokens < 20, 'only the new question is uncached');
    assert.equal(third.usage.cache_read_input_tokens, 0);
    assert.deepEqual(server.violations, []);
  });

  it('finds an earlier cache entry when the last breakpoint moves forward a turn', async () => {
    await start([reply.text('one'), reply.text('two')]);
    const cached = { type: 'ephemeral' as const };
    const question = { type: 'text' as const, text: 'A long question. '.repeat(40) };
    const first = await ask([{ role: 'user', content: [{ ...question, cache_control: cached }] }]).finalMessage();
    const second = await ask([
      { role: 'user', content: [question] },
      { role: 'assistant', content: 'one' },
      { role: 'user', content: [{ type: 'text', text: 'Follow-up', cache_control: cached }] },
    ]).finalMessage();
    assert.equal(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
    assert.ok((second.usage.cache_creation_input_tokens ?? 0) > 0);
  });

  it('lets a turn override usage and add response headers', async () => {
    await start([reply.text('hi', { usage: { input_tokens: 7, cache_read_input_tokens: 100 }, headers: { 'anthropic-ratelimit-requests-remaining': '42' } })]);
    const { data, response } = await ask([{ role: 'user', content: 'Hi' }]).withResponse();
    assert.equal(response.headers.get('anthropic-ratelimit-requests-remaining'), '42');
    const message = await data.finalMessage();
    assert.equal(message.usage.input_tokens, 7);
    assert.equal(message.usage.cache_read_input_tokens, 100);
  });

  it('records a violation and answers 400 when a turn expectation throws', async () => {
    await start([reply.text('ok', { expect: (request) => assert.equal(request.body.max_tokens, 1) })]);
    await assert.rejects(ask([{ role: 'user', content: 'Hi' }]).finalMessage(), Anthropic.BadRequestError);
    assert.match(server.violations[0] ?? '', /^request #1: the turn's expect failed: /);
  });

  it('records an unexpected request once the script is exhausted, and takes more turns by push', async () => {
    await start([]);
    await assert.rejects(ask([{ role: 'user', content: 'Hi' }]).finalMessage(), Anthropic.InternalServerError);
    assert.deepEqual(server.violations, ['unexpected request #1']);

    server.push(reply.text('now scripted'));
    assert.equal(server.remainingTurns(), 1);
    const message = await ask([{ role: 'user', content: 'Hi' }]).finalMessage();
    assert.deepEqual(message.content, [{ type: 'text', text: 'now scripted' }]);
    assert.equal(server.remainingTurns(), 0);
  });

  it('lists the configured models', async () => {
    await start([], { models: [{ id: 'claude-a', display_name: 'A' }, { id: 'claude-b' }] });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids, ['claude-a', 'claude-b']);
    assert.deepEqual(server.requests, [], 'models requests are not message requests');
  });

  it('holds a hang turn open until the client aborts it', async () => {
    await start([{ kind: 'hang' }]);
    const stream = ask([{ role: 'user', content: 'Hi' }]);
    await waitFor(() => server.requests.length === 1);
    stream.abort();
    await assert.rejects(stream.finalMessage(), Anthropic.APIUserAbortError);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
