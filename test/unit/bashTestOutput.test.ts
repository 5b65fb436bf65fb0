import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BashTool } from '../../src/agent/tools/bash';
import type { ToolResult } from '../../src/agent/tools/tool';
import { ScriptedApprover } from '../support/approvers';
import { createToolContext, type TestToolContext } from '../support/toolContext';

const PASSING = 300;

function text(result: ToolResult): string {
  assert.equal(typeof result.content, 'string');
  return result.content as string;
}

describe('BashTool with a failing test run', () => {
  let root: string;
  let tool: BashTool;
  let context: TestToolContext;

  before(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'loupe-failing-suite-')));
    const passing = Array.from({ length: PASSING }, (_, index) => `test('formats price ${index} with two decimals', () => assert.equal((${index}).toFixed(2), '${index}.00'));`);
    const suite = [
      "import test from 'node:test';",
      "import assert from 'node:assert/strict';",
      ...passing,
      "test('totals the prices', () => assert.equal(1 + 2, 4, 'cart total is off'));",
      "test('rejects a negative quantity', () => { throw new RangeError('quantity must be positive, got -1'); });",
    ].join('\n');
    await writeFile(join(root, 'cart.test.mjs'), suite);
    await writeFile(join(root, 'ok.test.mjs'), passing.slice(0, 200).join('\n').replace(/^/, "import test from 'node:test';\nimport assert from 'node:assert/strict';\n"));
  });

  beforeEach(async () => {
    tool = new BashTool({ cwd: root, timeoutMs: 30_000 });
    context = await createToolContext(root, new ScriptedApprover(), { approveAll: true });
  });

  afterEach(async () => {
    await tool.dispose();
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns the 2 failures with their messages, far shorter than the raw output, and `cat` of the saved file returns all of it', async () => {
    // The command as the model would write it, run by the real node:test (whichever reporter it defaults to).
    const result = await tool.run({ command: 'node --test cart.test.mjs' }, context);
    const raw = context.events.flatMap((event) => (event.type === 'tool_output' ? [event.chunk] : [])).join('');
    const reply = text(result);

    assert.equal(result.isError, false);
    assert.match(reply, /^Tests failed \(node:test/);
    assert.match(reply, /totals the prices/);
    assert.match(reply, /cart total is off/);
    assert.match(reply, /rejects a negative quantity/);
    assert.match(reply, /quantity must be positive, got -1/);
    assert.match(reply, /fail 2/);
    assert.match(reply, /Exit code: 1$/);
    assert.doesNotMatch(reply, /formats price 17 /);
    assert.ok(raw.length > 15_000, `the raw output should be long (${raw.length} chars)`);
    assert.ok(reply.length * 4 < raw.length, `the reply (${reply.length} chars) should be far shorter than the raw output (${raw.length})`);

    const command = /`(cat [^`]+)`/.exec(reply)?.[1];
    assert.ok(command, `no full-output command in:\n${reply.slice(0, 600)}`);
    const full = await tool.run({ command }, context);
    assert.equal(text(full), raw);
    assert.match(text(full), /formats price 299 with two decimals/);
  });

  it('removes the saved outputs when disposed', async () => {
    const reply = text(await tool.run({ command: 'node --test cart.test.mjs' }, context));
    const path = /`cat ([^`]+)`/.exec(reply)?.[1];
    assert.ok(path && existsSync(path));
    assert.ok((await readFile(path, 'utf8')).includes('formats price 0 with two decimals'));
    await tool.dispose();
    assert.equal(existsSync(dirname(path)), false);
  });

  it('returns a passing run’s output unchanged', async () => {
    const reply = text(await tool.run({ command: 'node --test ok.test.mjs' }, context));
    assert.match(reply, /formats price 199 with two decimals/);
    assert.doesNotMatch(reply, /Tests failed/);
  });

  it('returns a long failing command that is no test run unchanged', async () => {
    const reply = text(await tool.run({ command: "for i in $(seq 1 400); do echo \"line $i of a build log\"; done; (exit 3)" }, context));
    assert.match(reply, /line 1 of a build log\n[\s\S]*line 400 of a build log\nExit code: 3$/);
  });
});
