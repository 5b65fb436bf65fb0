import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { Policy, type PolicySettings } from '../../src/agent/policy';
import type { Approver, CommandRequest, Workspace } from '../../src/agent/ports';
import { BashTool } from '../../src/agent/tools/bash';
import type { ToolContext, ToolResult } from '../../src/agent/tools/tool';

/** Answers command approvals with a fixed answer and remembers what it was asked. */
class FixedAnswerApprover implements Approver {
  readonly asked: CommandRequest[] = [];
  constructor(private readonly _answer: boolean) {}
  async reviewChange(): Promise<never> {
    throw new Error('The bash tool does not propose file changes.');
  }
  async approveCommand(request: CommandRequest): Promise<boolean> {
    this.asked.push(request);
    return this._answer;
  }
}

interface Harness {
  context: ToolContext;
  events: AgentEvent[];
  approver: FixedAnswerApprover;
  controller: AbortController;
}

function harness(root: string, settings: Partial<PolicySettings> = { approveAll: true }, approve = true): Harness {
  const events: AgentEvent[] = [];
  const approver = new FixedAnswerApprover(approve);
  const controller = new AbortController();
  // The bash tool never touches files through the workspace port; it only needs to exist.
  const workspace: Workspace = {
    root,
    readFile: async () => undefined,
    writeFile: async () => {
      throw new Error('not used by the bash tool');
    },
    listDirectory: async () => undefined,
  };
  const context: ToolContext = {
    signal: controller.signal,
    workspace,
    approver,
    policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: false, ...settings }),
    toolUseId: 'toolu_test',
    afterExternalContent: false,
    toolName: 'bash',
    emit: (event) => events.push(event),
  };
  return { context, events, approver, controller };
}

function text(result: ToolResult): string {
  assert.equal(typeof result.content, 'string');
  return result.content as string;
}

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}

describe('BashTool', () => {
  let root: string;
  let tool: BashTool;

  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'loupe-bash-')));
    tool = new BashTool({ cwd: root, timeoutMs: 10_000 });
  });

  afterEach(async () => {
    await tool.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('declares the Anthropic bash tool', () => {
    assert.deepEqual(tool.definition(), { type: 'bash_20250124', name: 'bash' });
    assert.equal(tool.name, 'bash');
  });

  it('runs commands in one shell that keeps its folder and variables', async () => {
    const { context } = harness(root);
    await tool.run({ command: 'mkdir -p a/b && cd a/b && export STEP=two' }, context);
    const result = await tool.run({ command: 'pwd; echo "$STEP"' }, context);
    assert.deepEqual(result, { content: `${join(root, 'a/b')}\ntwo\n`, isError: false, exitCode: 0, confinement: 'unconfined' });
  });

  it('finishes at once when a command takes the shell\'s output away (exec >/dev/null), says so, and shows later output again', async () => {
    // The tool's timeout is 10 s: a result within it means the completion line was not lost.
    const started = Date.now();
    const lost = await tool.run({ command: 'echo before; exec >/dev/null; echo hidden' }, harness(root).context);
    assert.ok(Date.now() - started < 9_000, 'the command waited for its timeout');
    assert.equal(lost.exitCode, 0);
    assert.match(text(lost), /^before\n/);
    assert.doesNotMatch(text(lost), /hidden|timed out/);
    assert.match(text(lost), /Loupe put stdout and stderr back/);
    for (const command of ['exec 2>/dev/null 1>&2; echo gone', 'exec 1>&-']) await tool.run({ command }, harness(root).context);
    const after = await tool.run({ command: 'echo visible; echo also >&2' }, harness(root).context);
    assert.deepEqual(after, { content: 'visible\nalso\n', isError: false, exitCode: 0, confinement: 'unconfined' });
  });

  it('reports the exit code of a failing command after its output', async () => {
    const result = await tool.run({ command: 'echo out; echo err >&2; exit_code() { return 3; }; exit_code' }, harness(root).context);
    assert.deepEqual(result, { content: 'out\nerr\nExit code: 3', isError: false, exitCode: 3, confinement: 'unconfined' });
  });

  it('says when a command printed nothing', async () => {
    assert.deepEqual(await tool.run({ command: 'true' }, harness(root).context), { content: '(no output)', isError: false, exitCode: 0, confinement: 'unconfined' });
  });

  it('refuses a deny-listed command without running any of it or asking', async () => {
    const { context, approver } = harness(root, { approveAll: true });
    const result = await tool.run({ command: 'touch ran.txt; git push --force origin main' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /deny list: force push/);
    assert.equal(existsSync(join(root, 'ran.txt')), false);
    assert.equal(approver.asked.length, 0);
  });

  it('asks before a command the policy does not allow, and does not run it when the user says no', async () => {
    const { context, approver } = harness(root, { approveAll: false }, false);
    const result = await tool.run({ command: 'touch ran.txt' }, context);
    assert.deepEqual(result, { content: 'The user declined to run this command: touch ran.txt\nAsk them how to proceed, or try another way.', isError: true });
    assert.equal(existsSync(join(root, 'ran.txt')), false);
    assert.deepEqual(approver.asked, [{ command: 'touch ran.txt', cwd: root, reason: 'Runs a shell command in the workspace.' }]);
  });

  it('runs an asked-about command once the user approves, telling them the current folder', async () => {
    const { context, approver } = harness(root, { approveAll: false }, true);
    await tool.run({ command: 'mkdir sub; cd sub' }, context);
    const result = await tool.run({ command: 'touch ran.txt' }, context);
    assert.equal(result.isError, false);
    assert.equal(existsSync(join(root, 'sub', 'ran.txt')), true);
    assert.equal(approver.asked[1]?.cwd, join(root, 'sub'));
  });

  it('runs an allow-listed command without asking', async () => {
    const { context, approver } = harness(root, { approveAll: false, allowedCommands: ['echo hi'] });
    assert.deepEqual(await tool.run({ command: 'echo hi' }, context), { content: 'hi\n', isError: false, exitCode: 0, confinement: 'unconfined' });
    assert.equal(approver.asked.length, 0);
  });

  it('rejects input that is neither a command nor a restart, naming the fields', async () => {
    const { context } = harness(root);
    for (const input of [{}, { cmd: 'ls' }, 'ls', null, { command: 42 }, { command: '  ' }]) {
      const result = await tool.run(input, context);
      assert.equal(result.isError, true);
      assert.match(text(result), /\{"command": "<shell command>"\}.*\{"restart": true\}/);
    }
  });

  it('streams output as tool_output events before the command finishes', async () => {
    const { context, events } = harness(root);
    let finished = false;
    let sawFirstWhileRunning = false;
    const emit = context.emit;
    context.emit = (event) => {
      if (event.type === 'tool_output' && event.chunk.includes('first') && !finished) sawFirstWhileRunning = true;
      emit(event);
    };
    const result = await tool.run({ command: 'echo first; sleep 0.4; echo second' }, context);
    finished = true;
    assert.equal(text(result), 'first\nsecond\n');
    assert.equal(sawFirstWhileRunning, true);
    const chunks = events.flatMap((event) => (event.type === 'tool_output' ? [event] : []));
    assert.ok(chunks.length >= 2, 'first and second arrive separately');
    assert.ok(chunks.every((chunk) => chunk.id === 'toolu_test'));
    assert.equal(chunks.map((chunk) => chunk.chunk).join(''), 'first\nsecond\n');
  });

  it('stops a command at the time limit, says so, and starts a fresh shell for the next command', async () => {
    const limited = new BashTool({ cwd: root, timeoutMs: 500 });
    try {
      const { context } = harness(root);
      await limited.run({ command: 'cd /; export KEPT=1' }, context);
      const result = await limited.run({ command: `echo partial; sleep 30 & echo $! > ${root}/bg.pid; sleep 30` }, context);
      assert.equal(result.isError, true);
      assert.match(text(result), /^partial\nThe command was stopped after 0.5 seconds .* the shell was restarted: state such as the current folder and exported variables is lost/);
      assert.equal(isRunning(Number(await readFile(join(root, 'bg.pid'), 'utf8'))), false);
      assert.equal(text(await limited.run({ command: 'pwd; echo "${KEPT:-unset}"' }, context)), `${root}\nunset\n`);
    } finally {
      await limited.dispose();
    }
  });

  it('stops a running command on cancel and reports it', async () => {
    const { context, controller } = harness(root);
    context.emit = (event) => {
      if (event.type === 'tool_output' && event.chunk.includes('ready')) controller.abort();
    };
    const started = Date.now();
    const result = await tool.run({ command: `sleep 30 & echo $! > ${root}/bg.pid; echo ready; sleep 30` }, context);
    // Far short of the command's 30 s: it was stopped, not waited for (room left for a loaded machine).
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(result, { content: 'Cancelled by the user.', isError: true });
    assert.equal(isRunning(Number(await readFile(join(root, 'bg.pid'), 'utf8'))), false);
  });

  it('restarts the shell on request', async () => {
    const { context } = harness(root);
    await tool.run({ command: 'cd / && export KEPT=1' }, context);
    const restarted = await tool.run({ restart: true }, context);
    assert.equal(restarted.isError, false);
    assert.match(text(restarted), /^The shell was restarted/);
    assert.equal(text(await tool.run({ command: 'pwd; echo "${KEPT:-unset}"' }, context)), `${root}\nunset\n`);
  });

  it('says when the command ended the shell, and carries on in a fresh one', async () => {
    const { context } = harness(root);
    const result = await tool.run({ command: 'echo leaving; exit 4' }, context);
    assert.match(text(result), /^leaving\nThe shell exited with code 4; a fresh shell .* will start with the next command/);
    assert.equal(text(await tool.run({ command: 'echo back' }, context)), 'back\n');
  });

  it('caps long output to head and tail with a marker line', async () => {
    const capped = new BashTool({ cwd: root, maxOutputChars: 2_000 });
    try {
      const result = await capped.run({ command: 'seq 1 50000; exit_with() { return 1; }; exit_with' }, harness(root).context);
      const content = text(result);
      assert.ok(content.startsWith('1\n2\n3\n'));
      assert.match(content, /\n\[\.\.\. [\d,]+ characters \([\d,]+ lines\) left out of the middle \.\.\.\]\n/);
      assert.ok(content.endsWith('49999\n50000\nExit code: 1'));
      assert.ok(content.length <= 2_000 + 'Exit code: 1'.length);
    } finally {
      await capped.dispose();
    }
  });

  it('reports a start folder that does not exist', async () => {
    const missing = new BashTool({ cwd: join(root, 'missing') });
    try {
      assert.deepEqual(await missing.run({ command: 'echo hi' }, harness(root).context), {
        content: `Could not start bash: the folder ${join(root, 'missing')} does not exist or is not a folder.`,
        isError: true,
      });
    } finally {
      await missing.dispose();
    }
  });

  it('stops background processes on dispose', async () => {
    const { context } = harness(root);
    const result = await tool.run({ command: 'sleep 30 & echo $!' }, context);
    const pid = Number(text(result).trim());
    assert.equal(isRunning(pid), true);
    await tool.dispose();
    assert.equal(isRunning(pid), false);
  });
});
