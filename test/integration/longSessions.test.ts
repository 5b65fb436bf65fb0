// Long sessions against the Messages-API test server: what each request carries as screenshots pile
// up (pruning in chunks, ≤ 4 breakpoints, a prefix the cache can reuse), and compaction when the
// conversation outgrows its budget or the API says the prompt is too long.
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { DEFAULT_SCREENSHOT_HISTORY } from '../../src/agent/context/screenshotHistory';
import type { SessionOptions } from '../../src/agent/session';
import { BashTool } from '../../src/agent/tools/bash';
import { PlanTool } from '../../src/agent/tools/planTool';
import { ok, type AgentTool } from '../../src/agent/tools/tool';
import { prefixBlocks } from '../support/messagesApi/cacheSimulator';
import { hasCompactionBeta, PROMPT_TOO_LONG } from '../support/messagesApi/compaction';
import { isSummaryRequest, useApprovedSessions } from '../support/approvedSession';
import { reply, type RecordedRequest, type ReplyTurn } from '../support/messagesApiServer';

const SCREEN = { width: 1280, height: 800 };

/** A test-only stand-in for the computer toolset: every click answers with a real PNG screenshot. */
class ClickTool implements AgentTool {
  readonly name = 'click';
  private readonly _pngs = new Map<number, Promise<string>>();
  private _clicks = 0;

  definition() {
    return { name: 'click', description: 'Clicks a point and returns a screenshot.', input_schema: { type: 'object' as const, properties: { coordinate: { type: 'array', items: { type: 'integer' } } }, required: ['coordinate'] } };
  }

  async run() {
    // A few colours, so screenshots differ without encoding 60 images.
    const shade = this._clicks++ % 4;
    if (!this._pngs.has(shade)) {
      const background = { r: 40 * shade, g: 120, b: 200 - 40 * shade };
      this._pngs.set(shade, sharp({ create: { ...SCREEN, channels: 3, background } }).png().toBuffer().then((png) => png.toString('base64')));
    }
    const data = await this._pngs.get(shade)!;
    return ok([{ type: 'text', text: 'Clicked.' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data } }]);
  }
}

// Request bodies are the server's untrusted JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

function imagesIn(body: Body): number {
  let count = 0;
  for (const message of body.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'image') count++;
      if (block.type === 'tool_result' && Array.isArray(block.content)) count += block.content.filter((inner: Body) => inner.type === 'image').length;
    }
  }
  return count;
}

function breakpointsIn(body: Body): number {
  return prefixBlocks(body).filter((block) => block.breakpoint).length;
}

/** The previous request's blocks up to its last breakpoint reappear unchanged at the start of this one. */
function reusesPrefix(previous: Body, current: Body): boolean {
  const before = prefixBlocks(previous);
  const now = prefixBlocks(current);
  const last = before.map((block) => block.breakpoint).lastIndexOf(true);
  return before.slice(0, last + 1).every((block, index) => now[index]?.json === block.json);
}

describe('long sessions', function () {
  const sessions = useApprovedSessions('loupe-long-');

  /** `tools` as a list, or made for the session's own temp folder (so commands write there, not in the shared tmp). */
  function startSession(tools: AgentTool[] | ((folder: string) => AgentTool[]), options: Partial<SessionOptions> = {}) {
    return sessions.start((folder) => ({ tools: typeof tools === 'function' ? tools(folder) : tools, ...options }));
  }


  it('sends at most keep + chunk screenshots per request over 60 steps and keeps the cached prefix between removals', async () => {
    const steps = 60;
    const history = DEFAULT_SCREENSHOT_HISTORY;
    const server = await sessions.serve([...Array.from({ length: steps }, (_, i) => reply.toolUse('click', { coordinate: [100 + i, 200 + i] })), reply.text('All clicked.')]);
    const { session, events } = await startSession([new ClickTool()]);
    assert.equal((await session.send('Click through the wizard.')).kind, 'completed');
    assert.deepEqual(server.violations, []);

    const bodies = server.requests.map((request) => request.body);
    assert.equal(bodies.length, steps + 1);
    let removals = 0;
    let reused = 0;
    bodies.forEach((body, index) => {
      assert.ok(imagesIn(body) <= history.keep + history.chunk, `request ${index + 1} carries ${imagesIn(body)} screenshots`);
      assert.ok(breakpointsIn(body) <= 4, `request ${index + 1} has ${breakpointsIn(body)} breakpoints`);
      const previous = bodies[index - 1];
      if (!previous) return;
      if (imagesIn(body) < imagesIn(previous)) removals++;
      else assert.ok(reusesPrefix(previous, body), `request ${index + 1} changed the prefix of request ${index} without removing screenshots`);
      if (reusesPrefix(previous, body)) reused++;
    });
    // Screenshots pile up from keep to keep + chunk, then drop back: one removal every chunk + 1 steps.
    assert.equal(removals, Math.floor((steps - history.keep) / (history.chunk + 1)));
    assert.match(JSON.stringify(bodies.at(-1).messages), /\[screenshot omitted: taken after click at \(1\d\d, 2\d\d\)\]/);
    assert.ok(imagesIn(bodies.at(-1)) >= history.keep, 'the newest screenshots always travel');

    // The simulated cache agrees: every request but the first reads, and most read the whole previous prompt.
    const usage = session.usage.requests;
    const fullHits = usage.slice(1).filter((u, i) => u.cacheReadTokens >= usage[i]!.cacheReadTokens + usage[i]!.cacheWriteTokens).length;
    const hitRate = fullHits / (usage.length - 1);
    assert.ok(usage.slice(1).every((u) => u.cacheReadTokens > 0), 'tools + system are read from cache on every later request');
    assert.ok(hitRate >= 0.8, `full-prefix cache hits on ${(hitRate * 100).toFixed(0)}% of requests (${reused} reused the prefix)`);
    const readShare = usage.reduce((sum, u) => sum + u.cacheReadTokens, 0) / usage.reduce((sum, u) => sum + u.cacheReadTokens + u.cacheWriteTokens + u.inputTokens, 0);
    assert.ok(readShare > 0.5, `cache reads are ${(readShare * 100).toFixed(0)}% of prompt tokens`);

    // Each request's cache reads and writes are in the usage events the CLI prints as JSON lines.
    const logged = events.filter((e) => e.type === 'usage').map((e) => JSON.parse(JSON.stringify(e)));
    assert.equal(logged.length, steps + 1);
    assert.ok(logged.every((e) => Number.isInteger(e.usage.cacheReadTokens) && Number.isInteger(e.usage.cacheWriteTokens)));
  });

  it('summarises older turns in a 200-step coding session and keeps the conversation valid after each compaction', async () => {
    const steps = 200;
    let step = 0;
    const summaries: RecordedRequest[] = [];
    // A scripted model that reacts to the request: a summary request gets a summary, any other the next step.
    const dynamic = (): ReplyTurn => ({
      kind: 'reply',
      content: [],
      prepare: async (request, turn) => {
        if (isSummaryRequest(request)) {
          summaries.push(request);
          turn.content = [{ type: 'text', text: `Plan: steps 1-${step} done. Files changed: notes-${step}.txt. Last failure: none.` }];
          return;
        }
        step++;
        if (step > steps) turn.content = [{ type: 'text', text: 'All steps done.' }];
        else if (step % 5 === 0) turn.content = [{ type: 'tool_use', name: 'bash', input: { command: `echo "step ${step}" >> notes.txt && wc -l < notes.txt` } }];
        else turn.content = [{ type: 'text', text: `Step ${step}: updating the plan.` }, { type: 'tool_use', name: 'update_plan', input: { items: [{ step: `step ${step}`, status: 'in_progress' }, { step: 'finish', status: 'pending' }] } }];
      },
    });
    const server = await sessions.serve(Array.from({ length: 260 }, dynamic));
    const compactAtTokens = 6_000;
    const { session, events } = await startSession((folder) => [new BashTool({ cwd: folder }), new PlanTool()], { compactAtTokens });
    const outcome = await session.send('Work through the 200 steps.');
    assert.equal(outcome.kind, 'completed', JSON.stringify(outcome));
    assert.deepEqual(server.violations, []);
    // One request per step, the final answer and the summaries: nothing else was asked, and the rest of the 260 were spare.
    assert.equal(server.requests.length, steps + 1 + summaries.length);
    assert.equal(server.remainingTurns(), 260 - server.requests.length);

    const compactions = events.filter((e) => e.type === 'compacted');
    assert.ok(summaries.length >= 3, `compacted ${summaries.length} times`);
    assert.deepEqual(compactions.map((e) => e.type === 'compacted' && e.by), summaries.map(() => 'client'));
    // A family without server compaction never sends the edit or its beta header.
    assert.ok(server.requests.every((request) => request.body.context_management === undefined && !hasCompactionBeta(request.headers)));
    for (const request of summaries) {
      const asked = request.body.messages[0].content;
      assert.match(asked, /plan/);
      assert.match(asked, /files? (created|changed)/);
      assert.match(asked, /last failures/);
    }
    const work = server.requests.filter((request) => !isSummaryRequest(request));
    assert.equal(work.length, steps + 1);
    // After a compaction the conversation restarts from the task and the summary, then the kept turns, in order.
    const afterSummary = server.requests.filter((request, index) => index > 0 && isSummaryRequest(server.requests[index - 1]!));
    for (const request of afterSummary) {
      const [head, firstKept] = request.body.messages;
      assert.equal(head.role, 'user');
      assert.match(head.content, /^Work through the 200 steps\.[\s\S]*<summary_of_earlier_work>[\s\S]*Plan: steps 1-\d+ done/);
      assert.equal(firstKept.role, 'assistant');
    }
    // No work request grows far past the budget (counted by the server's own estimate).
    const largest = Math.max(...session.usage.requests.map((u) => u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens));
    assert.ok(largest < compactAtTokens * 1.5, `largest prompt ${largest} tokens`);
  });

  it('compacts and retries the turn when the API answers that the prompt is too long', async () => {
    const thinkingThenBash = (n: number, command: string) => reply.blocks([{ type: 'thinking', thinking: `Next: ${command}.`, signature: `sig-${n}` }, { type: 'tool_use', name: 'bash', input: { command } }]);
    const server = await sessions.serve([
      thinkingThenBash(1, 'echo one'),
      thinkingThenBash(2, 'echo two'),
      thinkingThenBash(3, 'echo three'),
      { kind: 'http_error', status: 400, errorType: 'invalid_request_error', message: PROMPT_TOO_LONG },
      reply.text('Ran echo one, two and three; all passed.', { expect: (request) => assert.ok(isSummaryRequest(request), 'the next request asks for a summary') }),
      reply.text('Done.', {
        expect: (request) => {
          assert.match(request.body.messages[0].content, /<summary_of_earlier_work>[\s\S]*echo one, two and three/);
          assert.equal(request.body.messages.at(-1).content[0].type, 'tool_result', 'the newest tool result is kept verbatim');
          assert.equal(request.body.messages[1].content[0].type, 'thinking', 'a kept assistant turn keeps its thinking');
          assert.deepEqual(request.body.messages.at(-2).content[0], { type: 'thinking', thinking: 'Next: echo three.', signature: 'sig-3' });
          assert.ok(!JSON.stringify(request.body.messages).includes('sig-1'), 'the oldest turn was summarised');
        },
      }),
    ]);
    const { session, events } = await startSession((folder) => [new BashTool({ cwd: folder }), new PlanTool()], { thinking: true });
    const outcome = await session.send('Run the three echoes.');
    assert.deepEqual(outcome, { kind: 'completed', finalText: 'Done.' });
    assert.deepEqual(server.violations, []);
    assert.ok(events.some((e) => e.type === 'compacted' && e.by === 'client' && /prompt is too long/.test(e.reason)));
    assert.ok(!events.some((e) => e.type === 'error'));
  });

  it('drops a reply cut off by the context window, compacts, and asks again', async () => {
    const server = await sessions.serve([
      reply.toolUse('bash', { command: 'echo one' }),
      reply.toolUse('bash', { command: 'echo two' }),
      reply.text('I was about to', { stopReason: 'model_context_window_exceeded' }),
      reply.text('Two echoes ran.', { expect: (request) => assert.ok(isSummaryRequest(request)) }),
      reply.text('Done.', { expect: (request) => assert.ok(!JSON.stringify(request.body.messages).includes('I was about to'), 'the cut-off reply is not sent back') }),
    ]);
    const { session } = await startSession((folder) => [new BashTool({ cwd: folder }), new PlanTool()]);
    assert.deepEqual(await session.send('Run two echoes.'), { kind: 'completed', finalText: 'Done.' });
    assert.deepEqual(server.violations, []);
  });
});
