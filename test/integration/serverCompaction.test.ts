// Server-side compaction against the Messages-API test server: on a family whose model table row has
// it, the API summarises inside a request once the prompt passes the budget, and Loupe keeps the
// compaction block as received and drops what came before; elsewhere the client-side path runs.
import assert from 'node:assert/strict';
import type { AgentEvent } from '../../src/agent/events';
import type { SessionOptions } from '../../src/agent/session';
import { BashTool } from '../../src/agent/tools/bash';
import { PlanTool } from '../../src/agent/tools/planTool';
import { prefixBlocks } from '../support/messagesApi/cacheSimulator';
import { COMPACTION_BETA, hasCompactionBeta, PROMPT_TOO_LONG } from '../support/messagesApi/compaction';
import { isSummaryRequest, useApprovedSessions } from '../support/approvedSession';
import { reply, type RecordedRequest, type ReplyTurn } from '../support/messagesApiServer';

/** A family Anthropic's compaction page lists. */
const SERVER_FAMILY_MODEL = 'claude-sonnet-4-6';
/** The API's smallest trigger: the session has to outgrow it. */
const BUDGET = 50_000;
/** About 9 KB of output per command, so the prompt passes the budget every couple of dozen steps. */
const BIG_OUTPUT = 'seq 100000 102000';

// Request bodies are the server's untrusted JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

/** The first block of the first assistant message: where the compaction block sits once the API made one. */
function firstBlock(body: Body): Body {
  const first = body.messages.find((message: Body) => message.role === 'assistant');
  return Array.isArray(first?.content) ? first.content[0] : undefined;
}

function opensWithCompaction(request: RecordedRequest): boolean {
  return request.body.messages[0].role === 'user' && request.body.messages[1]?.role === 'assistant' && firstBlock(request.body)?.type === 'compaction';
}

describe('server-side compaction', function () {
  const sessions = useApprovedSessions('loupe-server-compaction-');

  function startSession(options: Partial<SessionOptions>) {
    return sessions.start((folder) => ({ model: SERVER_FAMILY_MODEL, maxSteps: 200, tools: [new BashTool({ cwd: folder }), new PlanTool()], ...options }));
  }

  it('lets the API compact a long coding session, sends its block back unchanged, and drops the history before it', async () => {
    const steps = 60;
    let step = 0;
    // A scripted model with thinking on: each step thinks, then runs a command with a long output.
    const dynamic = (): ReplyTurn => ({
      kind: 'reply',
      content: [],
      prepare: async (_request, turn) => {
        step++;
        turn.content =
          step > steps
            ? [{ type: 'text', text: 'All steps done.' }]
            : [{ type: 'thinking', thinking: `Step ${step}: list the ids again.`, signature: `sig-${step}` }, { type: 'tool_use', name: 'bash', input: { command: `echo "step ${step}" >> notes.txt && ${BIG_OUTPUT}` } }];
      },
    });
    const server = await sessions.serve(Array.from({ length: steps + 1 }, dynamic));
    const { session, events } = await startSession({ compactAtTokens: BUDGET, thinking: true });
    const outcome = await session.send('Work through the 60 steps.');
    assert.equal(outcome.kind, 'completed', JSON.stringify(outcome));
    // The server checked every request: tool pairs, thinking passed back, compaction blocks its own and at most one.
    assert.deepEqual(server.violations, []);

    const requests = server.requests;
    assert.equal(requests.length, steps + 1, 'one request per step: no summary requests of our own');
    assert.ok(!requests.some(isSummaryRequest));
    for (const request of requests) {
      assert.ok(hasCompactionBeta(request.headers), `${COMPACTION_BETA} is sent with every request`);
      const [edit, ...others] = request.body.context_management.edits;
      assert.equal(others.length, 0);
      assert.deepEqual(edit.trigger, { type: 'input_tokens', value: BUDGET }, 'the trigger is the compactAtTokens budget');
      assert.match(edit.instructions, /plan/);
      assert.match(edit.instructions, /files? (created|changed)/);
      assert.match(edit.instructions, /last failures/);
      assert.ok(prefixBlocks(request.body).filter((block) => block.breakpoint).length <= 4);
    }

    // A request that opens with a compaction block the previous request did not carry: the API compacted in between.
    const afterCompaction = requests
      .map((request, index) => ({ request, index }))
      .filter(({ request, index }) => opensWithCompaction(request) && JSON.stringify(firstBlock(request.body)) !== JSON.stringify(firstBlock(requests[index - 1]!.body)));
    assert.ok(afterCompaction.length >= 2, `the API compacted ${afterCompaction.length} times`);
    const serverEvents = events.filter((e): e is Extract<AgentEvent, { type: 'compacted' }> => e.type === 'compacted');
    assert.deepEqual(serverEvents.map((e) => e.by), afterCompaction.map(() => 'server'), 'every compaction was the server\'s, and each was reported');
    for (const { request, index } of afterCompaction) {
      const before = requests[index - 1]!;
      // Loupe's history now starts at the compaction block, followed by the thinking and the call it came with.
      const [task, compacted, answer] = request.body.messages;
      const textOf = (message: Body) => JSON.stringify(typeof message.content === 'string' ? message.content : message.content.map((block: Body) => block.text));
      assert.equal(textOf(task), textOf(requests[0]!.body.messages[0]), 'the task still opens the conversation');
      assert.equal(compacted.content[0].type, 'compaction');
      assert.match(compacted.content[0].content, /^<summary>/);
      assert.equal(compacted.content[1].type, 'thinking', 'thinking stays right after the compaction block');
      assert.equal(compacted.content.at(-1).type, 'tool_use');
      assert.equal(answer.content[0].tool_use_id, compacted.content.at(-1).id, 'the tool pair survives the cut');
      assert.equal(request.body.messages.length, 3);
      assert.ok(before.body.messages.length > 20, `the request before carried ${before.body.messages.length} messages`);
      assert.ok(JSON.stringify(request.body).length * 5 < JSON.stringify(before.body).length, 'the request shrinks to a fraction');
    }
    // The same block travels on, unchanged, until the next compaction replaces it.
    const next = requests[afterCompaction[0]!.index + 1]!;
    assert.deepEqual(firstBlock(next.body), firstBlock(requests[afterCompaction[0]!.index]!.body));

    // The compaction step is billed too: the reply that compacted counts the whole prompt the API summarised.
    const compactingRequest = afterCompaction[0]!.index - 1;
    const billed = session.usage.requests[compactingRequest]!;
    assert.ok(billed.inputTokens + billed.cacheReadTokens + billed.cacheWriteTokens > BUDGET, `billed ${billed.inputTokens} input tokens`);
  });

  it('keeps the client-side summary when the budget is below the API\'s smallest trigger', async () => {
    let listed = 0;
    // A scripted model: a summary request gets a summary, any other lists the ids again, five times in all.
    const dynamic = (): ReplyTurn => ({
      kind: 'reply',
      content: [],
      prepare: async (request, turn) => {
        if (isSummaryRequest(request)) turn.content = [{ type: 'text', text: `Listed the ids ${listed} times.` }];
        else turn.content = ++listed > 5 ? [{ type: 'text', text: 'Done.' }] : [{ type: 'tool_use', name: 'bash', input: { command: `echo "pass ${listed}" && ${BIG_OUTPUT}` } }];
      },
    });
    const server = await sessions.serve(Array.from({ length: 20 }, dynamic));
    const { session, events } = await startSession({ compactAtTokens: 10_000 });
    const outcome = await session.send('List the ids five times.');
    assert.deepEqual(outcome, { kind: 'completed', finalText: 'Done.' });
    assert.deepEqual(server.violations, []);
    assert.ok(server.requests.every((request) => !hasCompactionBeta(request.headers) && request.body.context_management === undefined), 'no compaction edit nor its beta header');
    const summaries = server.requests.filter(isSummaryRequest).length;
    assert.ok(summaries >= 1, 'Loupe summarised client-side');
    // Five listings, the answer, the summaries: nothing else was asked, and the rest of the 20 were spare.
    assert.equal(server.requests.length, 6 + summaries);
    assert.equal(server.remainingTurns(), 20 - server.requests.length);
    assert.deepEqual(events.filter((e) => e.type === 'compacted').map((e) => e.type === 'compacted' && e.by), Array.from({ length: summaries }, () => 'client'));
  });

  it('falls back to the client-side summary when the API still says the prompt is too long', async () => {
    const server = await sessions.serve([
      reply.toolUse('bash', { command: 'echo one' }),
      reply.toolUse('bash', { command: 'echo two' }),
      reply.toolUse('bash', { command: 'echo three' }),
      { kind: 'http_error', status: 400, errorType: 'invalid_request_error', message: PROMPT_TOO_LONG },
      reply.text('Ran echo one, two and three.', {
        expect: (request) => {
          assert.ok(isSummaryRequest(request), 'Loupe asks for its own summary');
          assert.ok(!hasCompactionBeta(request.headers) && request.body.context_management === undefined, 'the summary request itself carries no edit');
        },
      }),
      reply.text('Done.', {
        expect: (request) => {
          assert.match(request.body.messages[0].content, /<summary_of_earlier_work>[\s\S]*echo one, two and three/);
          assert.equal(request.body.context_management.edits[0].type, 'compact_20260112', 'server compaction stays on after the fallback');
        },
      }),
    ]);
    const { session, events } = await startSession({ compactAtTokens: BUDGET });
    assert.deepEqual(await session.send('Run the three echoes.'), { kind: 'completed', finalText: 'Done.' });
    assert.deepEqual(server.violations, []);
    const compacted = events.filter((e): e is Extract<AgentEvent, { type: 'compacted' }> => e.type === 'compacted');
    assert.equal(compacted.length, 1);
    assert.equal(compacted[0]!.by, 'client');
    assert.match(compacted[0]!.reason, /prompt is too long/);
    assert.ok(!events.some((e) => e.type === 'error'));
  });

  it('asks the Models API about a model newer than the table, and only then', async () => {
    const oneStep = () => [reply.toolUse('bash', { command: 'echo hi' }), reply.text('Done.')];
    const edited = (request: RecordedRequest) => hasCompactionBeta(request.headers) && request.body.context_management?.edits?.[0]?.type === 'compact_20260112';

    // A model id no family matches: the Models API's capabilities decide.
    let server = await sessions.serve(oneStep(), { models: [{ id: 'claude-nova-7', compaction: true }] });
    let started = await startSession({ model: 'claude-nova-7', compactAtTokens: BUDGET });
    assert.deepEqual(await started.session.send('Say hi.'), { kind: 'completed', finalText: 'Done.' });
    assert.deepEqual(server.violations, []);
    assert.ok(server.requests.every(edited), 'the API says this model can compact: every request carries the edit');
    assert.deepEqual(server.modelLookups, ['claude-nova-7'], 'asked once');

    // A family the table knows: its row decides, whatever the Models API would say (it is not asked).
    server = await sessions.serve(oneStep(), { models: [{ id: 'claude-sonnet-5-5', compaction: true }] });
    started = await startSession({ model: 'claude-sonnet-5-5', compactAtTokens: BUDGET });
    assert.deepEqual(await started.session.send('Say hi.'), { kind: 'completed', finalText: 'Done.' });
    assert.ok(server.requests.every((request) => !edited(request) && !hasCompactionBeta(request.headers)), 'Sonnet 5.5 stays client-side, as its row says');
    assert.deepEqual(server.modelLookups, [], 'a known model sends nothing but its Messages requests');
  });
});
