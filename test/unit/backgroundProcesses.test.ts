// Background processes on real bash: start with wait_for, read logs, stop, and nothing left over.
import assert from 'node:assert/strict';
import { BackgroundProcessTool } from '../../src/agent/tools/backgroundProcesses';
import type { ToolResult } from '../../src/agent/tools/tool';
import { ScriptedApprover } from '../support/approvers';
import { isRunning } from '../support/processes';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { createToolContext, type TestToolContext } from '../support/toolContext';

const text = (result: ToolResult) => String(result.content);
const SERVER = `node -e "const s=require('http').createServer((q,r)=>{console.log('GET',q.url);r.end('hi')});s.listen(0,'127.0.0.1',()=>console.log('listening on '+s.address().port))"`;

describe('background process tool', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  let tool: BackgroundProcessTool;
  let context: TestToolContext;

  beforeEach(async () => {
    repo = await createTempRepo({}, { git: false });
    context = await createToolContext(repo.root, new ScriptedApprover(), { approveAll: true });
    tool = new BackgroundProcessTool(context.workspace.root);
  });

  afterEach(async () => {
    await tool.dispose();
    await repo.remove();
  });

  it('starts a server, waits for its ready line, serves it, shows its logs, and stops it', async () => {
    const started = await tool.run({ action: 'start', name: 'web', command: SERVER, wait_for: 'listening on \\d+' }, context);
    assert.equal(started.isError, false, text(started));
    assert.match(text(started), /matched/);
    const port = Number(/listening on (\d+)/.exec(text(started))![1]);
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/hello`)).text(), 'hi');
    // The server's log line travels through a pipe; give it a moment to arrive.
    let logs = await tool.run({ action: 'logs', name: 'web' }, context);
    for (let i = 0; i < 400 && !/GET \/hello/.test(text(logs)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      logs = await tool.run({ action: 'logs', name: 'web' }, context);
    }
    assert.match(text(logs), /running/);
    assert.match(text(logs), /GET \/hello/);
    const pid = Number(/pid (\d+)/.exec(text(started))![1]);
    assert.equal(isRunning(pid), true);
    assert.match(text(await tool.run({ action: 'stop', name: 'web' }, context)), /Stopped web/);
    assert.equal(isRunning(pid), false);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
  });

  it('matches a catastrophic wait_for pattern without stalling the loop, and refuses syntax it cannot match in linear time', async () => {
    // ^(a+)+$ against 31 a's and a "!" takes a backtracking engine about 30 s, on the loop every task runs on.
    let longestGap = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
    }, 10);
    try {
      const started = await tool.run({ action: 'start', name: 'evil', command: `while true; do echo ${'a'.repeat(31)}!; sleep 0.05; done`, wait_for: '^(a+)+$', timeout_seconds: 1 }, context);
      assert.equal(started.isError, false, text(started));
      assert.match(text(started), /did not appear within 1 s/);
      const matched = await tool.run({ action: 'start', name: 'ready', command: 'echo Server READY on 3000; sleep 30', wait_for: 'ready on \\d+' }, context);
      assert.match(text(matched), /its output matched/);
    } finally {
      clearInterval(ticker);
    }
    assert.ok(longestGap < 5_000, `the event loop stalled for ${longestGap} ms`);
    const refused = await tool.run({ action: 'start', name: 'backref', command: 'true', wait_for: '(a)\\1' }, context);
    assert.equal(refused.isError, true);
    assert.match(text(refused), /RE2 syntax: no backreferences or lookaround/);
  });

  it('reports a program that exits at once, with its output', async () => {
    const result = await tool.run({ action: 'start', name: 'broken', command: 'echo "Error: missing config" >&2; exit 3' }, context);
    assert.equal(result.isError, true);
    assert.match(text(result), /exited right away with code 3/);
    assert.match(text(result), /missing config/);
  });

  it('stops everything it started when disposed', async () => {
    const first = await tool.run({ action: 'start', name: 'a', command: 'sleep 60' }, context);
    const second = await tool.run({ action: 'start', name: 'b', command: 'sleep 60 & sleep 60' }, context);
    const pids = [first, second].map((r) => Number(/pid (\d+)/.exec(text(r))![1]));
    assert.ok(pids.every(isRunning));
    assert.match(text(await tool.run({ action: 'list' }, context)), /a: running[\s\S]*b: running/);
    await tool.dispose();
    assert.deepEqual(pids.filter(isRunning), []);
  });

  it('refuses deny-listed commands, duplicate names, bad input and unknown processes', async () => {
    assert.match(text(await tool.run({ action: 'start', name: 'x', command: 'git push --force' }, context)), /deny list/);
    await tool.run({ action: 'start', name: 'x', command: 'sleep 30' }, context);
    assert.match(text(await tool.run({ action: 'start', name: 'x', command: 'sleep 30' }, context)), /already running/);
    assert.match(text(await tool.run({ action: 'start', name: 'bad name!', command: 'true' }, context)), /needs `name`/);
    assert.match(text(await tool.run({ action: 'start', name: 'y', command: 'true', wait_for: '(' }, context)), /not a regular expression Loupe can match/);
    assert.match(text(await tool.run({ action: 'logs', name: 'nope' }, context)), /No background process named nope/);
    assert.match(text(await tool.run({ action: 'launch' }, context)), /expected one of "start"\|"logs"\|"stop"\|"list"\n  → at action/);
    assert.match(text(await tool.run({ action: 'start', name: 'z', command: 'true', timeout_seconds: -1 }, context)), /→ at timeout_seconds/);
  });

  it('asks before starting when the policy says so, and runs nothing on no', async () => {
    const asking = await createToolContext(repo.root, new ScriptedApprover([], [false]));
    const result = await tool.run({ action: 'start', name: 'srv', command: 'touch started.txt; sleep 30' }, asking);
    assert.equal(result.isError, true);
    assert.match(text(result), /declined/);
    assert.match(text(await tool.run({ action: 'list' }, asking)), /No background processes/);
  });
});
