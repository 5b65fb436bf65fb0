// One turn's tool calls: answered in order, exactly once each, whatever goes wrong.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentEvent } from '../../src/agent/events';
import { Policy } from '../../src/agent/policy';
import { NOT_EXECUTED_AFTER_FAILURE, ToolRunner } from '../../src/agent/toolRunner';
import type { AgentTool } from '../../src/agent/tools/tool';
import { BashTool } from '../../src/agent/tools/bash';
import { PlanTool } from '../../src/agent/tools/planTool';
import { FileSystemWorkspace } from '../../src/agent/workspace/fileSystemWorkspace';
import { ScriptedApprover } from '../support/approvers';
import { createTempRepo, type TempRepo } from '../support/tempRepo';

function call(id: string, name: string, input: unknown, toolsetName?: string): Anthropic.ToolUseBlock {
  return { type: 'tool_use', id, name, input, ...(toolsetName ? { toolset_name: toolsetName } : {}) } as Anthropic.ToolUseBlock;
}

/** A toolset fixture that records the members it ran and fails the one named `fail`. */
class RecordingToolset implements AgentTool {
  readonly name = 'computer';
  readonly isToolset = true;
  readonly ran: string[] = [];
  definition() {
    return { type: 'computer_toolset_20260801' as const };
  }
  async run(_input: unknown, context: Parameters<AgentTool['run']>[1]) {
    this.ran.push(context.toolName);
    return context.toolName === 'fail' ? { content: 'the click missed', isError: true } : { content: `${context.toolName} done`, isError: false };
  }
}

describe('tool runner', () => {
  let repo: TempRepo;
  let runner: ToolRunner;
  let events: AgentEvent[];

  beforeEach(async () => {
    repo = await createTempRepo({ 'a.txt': 'a\n' }, { git: false });
    const workspace = await FileSystemWorkspace.open(repo.root);
    events = [];
    runner = new ToolRunner({
      tools: [new BashTool({ cwd: workspace.root }), new PlanTool()],
      workspace,
      approver: { reviewChange: async () => ({ kind: 'accept' }), approveCommand: async () => true },
      policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
      emit: (event) => events.push(event),
    });
  });

  afterEach(async () => {
    await runner.dispose();
    await repo.remove();
  });

  it('never runs one tool_use id twice: a repeated id gets the first result back', async () => {
    const first = await runner.runTurn([call('toolu_1', 'bash', { command: 'echo run >> runs.log; echo ran' })], new AbortController().signal);
    const second = await runner.runTurn([call('toolu_1', 'bash', { command: 'echo run >> runs.log; echo ran' })], new AbortController().signal);
    assert.deepEqual(second.results, first.results);
    assert.equal((await readFile(join(repo.root, 'runs.log'), 'utf8')).trim().split('\n').length, 1);
  });

  it('answers every call in order, including unknown tools and non-object input', async () => {
    const { results } = await runner.runTurn(
      [call('t1', 'no_such_tool', {}), call('t2', 'bash', 'ls'), call('t3', 'update_plan', { items: [{ step: 'x', status: 'done' }] })],
      new AbortController().signal,
    );
    assert.deepEqual(results.map((r) => r.tool_use_id), ['t1', 't2', 't3']);
    assert.equal(results[0]!.is_error, true);
    // And the API was told the same limits: the schema it is sent is the one that checked.
    const schema = JSON.stringify(new PlanTool().definition().input_schema);
    assert.match(schema, /"maxItems":30/);
    assert.match(schema, /"enum":\["pending","in_progress","done"\]/);
    assert.match(String(results[0]!.content), /Unknown tool "no_such_tool". Available tools: bash, update_plan/);
    assert.equal(results[1]!.is_error, true);
    assert.match(String(results[1]!.content), /must be a JSON object/);
    assert.equal(results[2]!.is_error, undefined);
  });

  it('asks about a risky command once a tool result is in the conversation, even under a standing yes', async () => {
    const approver = new ScriptedApprover([], [false]);
    const guarded = new ToolRunner({
      tools: [new BashTool({ cwd: repo.root }), new PlanTool()],
      workspace: await FileSystemWorkspace.open(repo.root),
      approver,
      policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
      emit: () => undefined,
    });
    try {
      const signal = new AbortController().signal;
      // The plan tool answers in its own words: the conversation still holds only the user's task.
      await guarded.runTurn([call('p1', 'update_plan', { items: [{ step: 'log', status: 'in_progress' }] })], signal);
      await guarded.runTurn([call('b1', 'eval', {}), call('b2', 'bash', { command: 'eval "echo first >> ran.log"' })], signal);
      assert.equal(approver.commands.length, 0, 'nothing came from outside before b2, so the standing yes covered it');
      const { results } = await guarded.runTurn([call('b3', 'bash', { command: 'eval "echo second >> ran.log"' })], signal);
      assert.equal(approver.commands.length, 1);
      assert.match(approver.commands[0]!.reason, /runs text it builds or decodes.*proposed after the agent read text that did not come from you/);
      assert.equal(results[0]!.is_error, true);
    // And the API was told the same limits: the schema it is sent is the one that checked.
    const schema = JSON.stringify(new PlanTool().definition().input_schema);
    assert.match(schema, /"maxItems":30/);
    assert.match(schema, /"enum":\["pending","in_progress","done"\]/);
      assert.match(String(results[0]!.content), /declined/);
      assert.equal(await readFile(join(repo.root, 'ran.log'), 'utf8'), 'first\n');
    } finally {
      await guarded.dispose();
    }
  });

  it('sums up an image in a result in words, for the panel and the CLI, while the model gets the image', async () => {
    const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const looking: AgentTool = {
      name: 'look',
      definition: () => ({ name: 'look', description: 'Looks.', input_schema: { type: 'object' as const, properties: {} } }),
      run: async () => ({ content: [{ type: 'text' as const, text: 'Clicked.' }, { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: PIXEL } }], isError: false }),
    };
    const workspace = await FileSystemWorkspace.open(repo.root);
    const seen: AgentEvent[] = [];
    const imageRunner = new ToolRunner({
      tools: [looking],
      workspace,
      approver: { reviewChange: async () => ({ kind: 'accept' }), approveCommand: async () => true },
      policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
      emit: (event) => seen.push(event),
    });
    try {
      const { results } = await imageRunner.runTurn([call('toolu_look', 'look', {})], new AbortController().signal);
      assert.ok(JSON.stringify(results).includes(PIXEL), 'the model is sent the image itself');
      const result = seen.find((event) => event.type === 'tool_result');
      assert.equal(result?.type === 'tool_result' ? result.summary : undefined, 'Clicked.\nImage sent to the model.');
    } finally {
      await imageRunner.dispose();
    }
  });

  it('answers the calls after a cancel without running them', async () => {
    const controller = new AbortController();
    controller.abort();
    const { results } = await runner.runTurn([call('t1', 'bash', { command: 'echo run >> runs.log' })], controller.signal);
    assert.equal(results[0]!.is_error, true);
    // And the API was told the same limits: the schema it is sent is the one that checked.
    const schema = JSON.stringify(new PlanTool().definition().input_schema);
    assert.match(schema, /"maxItems":30/);
    assert.match(schema, /"enum":\["pending","in_progress","done"\]/);
    assert.match(String(results[0]!.content), /cancelled/);
    await assert.rejects(readFile(join(repo.root, 'runs.log')), { code: 'ENOENT' });
  });

  it('runs toolset members in order, echoes toolset_name, and stops the toolset at its first failure', async () => {
    const toolset = new RecordingToolset();
    const toolsetRunner = new ToolRunner({
      tools: [toolset, new PlanTool()],
      workspace: await FileSystemWorkspace.open(repo.root),
      approver: { reviewChange: async () => ({ kind: 'accept' }), approveCommand: async () => true },
      policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
      emit: () => undefined,
    });
    const { results } = await toolsetRunner.runTurn(
      [
        call('c1', 'left_click', { coordinate: [1, 2] }, 'computer'),
        call('c2', 'fail', {}, 'computer'),
        call('c3', 'type', { text: 'x' }, 'computer'),
        call('p1', 'update_plan', { items: [{ step: 'a', status: 'done' }] }),
      ],
      new AbortController().signal,
    );
    assert.deepEqual(toolset.ran, ['left_click', 'fail']);
    assert.deepEqual(results.map((r) => [r.tool_use_id, r.toolset_name, r.is_error ?? false]), [
      ['c1', 'computer', false],
      ['c2', 'computer', true],
      ['c3', 'computer', true],
      ['p1', undefined, false],
    ]);
    assert.equal(results[2]!.content, NOT_EXECUTED_AFTER_FAILURE);
    assert.equal(NOT_EXECUTED_AFTER_FAILURE, 'Not executed: an earlier computer action in this turn failed.');
  });

  it('validates the plan tool input and emits the plan', async () => {
    const { results } = await runner.runTurn([call('t1', 'update_plan', { items: [{ step: '', status: 'done' }] }), call('t2', 'update_plan', { items: [{ step: 'Fix', status: 'doing' }] })], new AbortController().signal);
    // Each field that does not fit is named, with why (the schema the API was sent is the one checked).
    assert.match(String(results[0]!.content), /A step needs a few words saying what it does\.\n  → at items\[0\]\.step/);
    assert.match(String(results[1]!.content), /expected one of "pending"\|"in_progress"\|"done"\n  → at items\[0\]\.status/);
    assert.equal(results[0]!.is_error, true);
    // And the API was told the same limits: the schema it is sent is the one that checked.
    const schema = JSON.stringify(new PlanTool().definition().input_schema);
    assert.match(schema, /"maxItems":30/);
    assert.match(schema, /"enum":\["pending","in_progress","done"\]/);
    assert.equal(events.filter((e) => e.type === 'plan').length, 0);
  });
});
