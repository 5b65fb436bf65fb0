// The child process of the memory benchmark: a real AgentSession runs MEMORY_STEPS steps against
// the Messages-API test server (in the parent, whose request log must not count here) and reports
// the heap after gc at step 50 and at the end. Run by bench/contextCost.ts with --expose-gc.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelClient } from '../src/agent/model/modelClient';
import { Policy } from '../src/agent/policy';
import { AgentSession } from '../src/agent/session';
import { PlanTool } from '../src/agent/tools/planTool';
import { FileSystemWorkspace } from '../src/agent/workspace/fileSystemWorkspace';
import { reply, type ScriptedTurn } from '../test/support/messagesApiServer';

export const MEMORY_STEPS = 500;
/** Heap is read once the session is warm (JIT, sockets, first allocations), then at the end. */
const WARM_STEPS = 50;

// Each step's plan differs, as a real one does (identical calls would trip the loop guard).
const planInput = (step: number) => ({ items: [{ step: 'Read the failing test', status: 'done' }, { step: `Fix part ${step} of the parser`, status: 'in_progress' }] });

/** Two user turns: WARM_STEPS requests, then the rest; each ends with a text reply. */
export function memoryScript(): ScriptedTurn[] {
  const turn = (from: number, count: number) => [...Array.from({ length: count - 1 }, (_, step) => reply.toolUse('update_plan', planInput(from + step))), reply.text(`done up to ${from + count}`)];
  return [...turn(0, WARM_STEPS), ...turn(WARM_STEPS, MEMORY_STEPS - WARM_STEPS)];
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with node --expose-gc.');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function main(baseURL: string): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'loupe-bench-memory-'));
  const session = new AgentSession({
    client: new ModelClient({ apiKey: 'bench', baseURL }),
    model: 'claude-sonnet-5-5',
    thinking: false,
    maxSteps: MEMORY_STEPS,
    systemPrompt: 'bench',
    tools: [new PlanTool()],
    workspace: await FileSystemWorkspace.open(root),
    approver: { reviewChange: async () => ({ kind: 'accept' }), approveCommand: async () => true },
    policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
  });
  const events = { count: 0 };
  session.onDidEmit(() => events.count++);
  const first = await session.send('Fix the parser, step by step.');
  const at50 = heapAfterGc();
  const second = await session.send('Continue.');
  const at500 = heapAfterGc();
  await session.dispose();
  await rm(root, { recursive: true, force: true });
  process.send?.({ at50, at500, outcome: `${first.kind}, then ${second.kind} (${events.count} events)` });
}

if (process.argv[1] === import.meta.filename && process.argv[2]) await main(process.argv[2]);
