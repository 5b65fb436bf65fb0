// Measures the agent loop's own cost per step, with no model latency: the same Messages-API test
// server answers both a bare SDK stream loop (the baseline) and a Loupe session that makes one
// cheap tool call per step. Overhead per step = Loupe's time per step − the baseline's.
import Anthropic from '@anthropic-ai/sdk';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelClient } from '../src/agent/model/modelClient';
import { Policy } from '../src/agent/policy';
import { AgentSession } from '../src/agent/session';
import { PlanTool } from '../src/agent/tools/planTool';
import { FileSystemWorkspace } from '../src/agent/workspace/fileSystemWorkspace';
import { reply, startMessagesApiServer, type ScriptedTurn } from '../test/support/messagesApiServer';
import { median } from './stats';

const STEPS = Number(process.env.LOUPE_BENCH_STEPS ?? 200);
// Each step's plan differs, as a real one does (identical calls would trip the loop guard).
const planInput = (step: number) => ({ items: [{ step: 'Read', status: 'done' }, { step: `Fix part ${step}`, status: 'in_progress' }] });

function script(): ScriptedTurn[] {
  return [...Array.from({ length: STEPS - 1 }, (_, step) => reply.toolUse('update_plan', planInput(step))), reply.text('done')];
}

/** The baseline: the same number of streamed requests, with the same growing conversation, straight through the SDK. */
async function baseline(): Promise<number> {
  const server = await startMessagesApiServer(script());
  const client = new Anthropic({ apiKey: 'bench', baseURL: server.url, maxRetries: 0 });
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'task' }];
  const tools: Anthropic.Tool[] = [new PlanTool().definition()];
  const started = performance.now();
  for (let step = 0; step < STEPS; step++) {
    const message = await client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 32_000, system: 'bench', tools, messages }).finalMessage();
    messages.push({ role: 'assistant', content: message.content });
    const call = message.content.find((block) => block.type === 'tool_use');
    if (!call) break;
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Plan updated: 1 of 2 steps done.' }] });
  }
  const elapsed = performance.now() - started;
  await server.close();
  return elapsed / STEPS;
}

/** Times the model calls, so what is left of the session's time is the loop's own work. */
class TimedModelClient extends ModelClient {
  modelMs = 0;

  override async streamTurn(...args: Parameters<ModelClient['streamTurn']>): ReturnType<ModelClient['streamTurn']> {
    const started = performance.now();
    try {
      return await super.streamTurn(...args);
    } finally {
      this.modelMs += performance.now() - started;
    }
  }
}

async function loupe(): Promise<{ perStepMs: number; loopOnlyMs: number }> {
  const server = await startMessagesApiServer(script());
  const root = await mkdtemp(join(tmpdir(), 'loupe-bench-'));
  const workspace = await FileSystemWorkspace.open(root);
  const client = new TimedModelClient({ apiKey: 'bench', baseURL: server.url });
  const session = new AgentSession({
    client,
    model: 'claude-sonnet-5-5',
    thinking: false,
    maxSteps: STEPS,
    systemPrompt: 'bench',
    tools: [new PlanTool()],
    workspace,
    approver: { reviewChange: async () => ({ kind: 'accept' }), approveCommand: async () => true },
    policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
  });
  let events = 0;
  session.onDidEmit(() => events++);
  const started = performance.now();
  const outcome = await session.send('task');
  const elapsed = performance.now() - started;
  if (outcome.kind !== 'completed') throw new Error(`bench session ended ${JSON.stringify(outcome)}`);
  if (server.violations.length) throw new Error(`protocol violations: ${server.violations.join('; ')}`);
  await session.dispose();
  await server.close();
  await rm(root, { recursive: true, force: true });
  return { perStepMs: elapsed / STEPS, loopOnlyMs: (elapsed - client.modelMs) / STEPS };
}

/** Rounds alternate baseline and Loupe so machine noise hits both alike; medians are reported. */
const ROUNDS = Number(process.env.LOUPE_BENCH_ROUNDS ?? 5);

async function main(): Promise<void> {
  // Warm up both paths (JIT, sockets) so neither pays a first-run cost the other does not.
  await baseline();
  await loupe();
  const bases: number[] = [];
  const ours: number[] = [];
  const loopOnly: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bases.push(await baseline());
    const run = await loupe();
    ours.push(run.perStepMs);
    loopOnly.push(run.loopOnlyMs);
  }
  const base = median(bases);
  const loop = median(ours);
  console.log(`loop overhead: ${STEPS} steps x ${ROUNDS} rounds against the Messages-API test server (no model latency), medians`);
  console.log(`  baseline: bare SDK stream loop      ${base.toFixed(2)} ms/step`);
  console.log(`  Loupe session, one tool call a step ${loop.toFixed(2)} ms/step`);
  console.log(`  difference per step                 ${(loop - base).toFixed(2)} ms (Loupe / baseline = ${(loop / base).toFixed(2)}x)`);
  console.log(`  loop's own work per step            ${median(loopOnly).toFixed(3)} ms (session time outside model calls: tools, breakpoints, events)`);
}

await main();
