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

const STEPS = Number(process.env.LOUPE_BENCH_STEPS ?? 200);
const PLAN_INPUT = { items: [{ step: 'Read', status: 'done' }, { step: 'Fix', status: 'in_progress' }] };

function script(): ScriptedTurn[] {
  return [...Array.from({ length: STEPS - 1 }, () => reply.toolUse('update_plan', PLAN_INPUT)), reply.text('done')];
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

async function loupe(): Promise<{ perStepMs: number; heapMb: number }> {
  const server = await startMessagesApiServer(script());
  const root = await mkdtemp(join(tmpdir(), 'loupe-bench-'));
  const workspace = await FileSystemWorkspace.open(root);
  const session = new AgentSession({
    client: new ModelClient({ apiKey: 'bench', baseURL: server.url }),
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
  if (outcome.kind !== 'completed') throw new Error(`bench session ended ${outcome.kind}`);
  if (server.violations.length) throw new Error(`protocol violations: ${server.violations.join('; ')}`);
  await session.dispose();
  await server.close();
  await rm(root, { recursive: true, force: true });
  return { perStepMs: elapsed / STEPS, heapMb: process.memoryUsage().heapUsed / 2 ** 20 };
}

async function main(): Promise<void> {
  // Warm up both paths (JIT, sockets) so neither pays a first-run cost the other does not.
  const saved = STEPS;
  await baseline();
  await loupe();
  const base = await baseline();
  const ours = await loupe();
  const overhead = ours.perStepMs - base;
  console.log(`loop overhead (${saved} steps, test server, no model latency)`);
  console.log(`  baseline: bare SDK stream loop     ${base.toFixed(2)} ms/step`);
  console.log(`  Loupe session (plan tool per step) ${ours.perStepMs.toFixed(2)} ms/step`);
  console.log(`  overhead per step                  ${overhead.toFixed(2)} ms (ratio ${(ours.perStepMs / base).toFixed(2)}x)`);
  console.log(`  heap after run                     ${ours.heapMb.toFixed(1)} MB`);
}

await main();
