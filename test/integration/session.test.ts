// The agent loop end to end: the real SDK over HTTP against the Messages-API test server, real
// tools on a temporary git repository.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reply, startMessagesApiServer, type MessagesApiServer, type RecordedRequest } from '../support/messagesApiServer';
import { NEVER_ASKED } from '../support/approvers';
import { createHarness } from '../support/sessionHarness';
import { createTempRepo, FAILING_ADD_PROJECT, type TempRepo } from '../support/tempRepo';

/** The tool_result blocks of the newest user message in a request. */
function lastToolResults(request: RecordedRequest): Array<{ tool_use_id: string; content: unknown; is_error?: boolean }> {
  const last = request.body.messages.at(-1);
  assert.equal(last.role, 'user');
  return (last.content as Array<{ type: string }>).filter((block) => block.type === 'tool_result') as never;
}

function resultText(result: { content: unknown }): string {
  return typeof result.content === 'string' ? result.content : JSON.stringify(result.content);
}

describe('agent session against the Messages API test server', function () {
  let server: MessagesApiServer | undefined;
  let repo: TempRepo | undefined;

  afterEach(async () => {
    await server?.close();
    await repo?.remove();
    server = undefined;
    repo = undefined;
  });

  it('fixes a failing test: plans, views, replaces, runs npm test and sees it pass', async () => {
    repo = await createTempRepo(FAILING_ADD_PROJECT);
    server = await startMessagesApiServer([
      reply.toolUse('update_plan', { items: [{ step: 'Find the bug', status: 'in_progress' }, { step: 'Fix and test', status: 'pending' }] }),
      reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'src/add.js' }),
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a - b;', new_str: 'return a + b;' }, {
        expect: (request) => {
          const [view] = lastToolResults(request);
          assert.ok(view && !view.is_error, 'view succeeded');
          assert.match(resultText(view), /2\t\s*return a - b;/);
        },
      }),
      reply.toolUse('bash', { command: 'npm test' }, { expect: (request) => assert.ok(!lastToolResults(request)[0]?.is_error) }),
      reply.text('Fixed add(): it subtracted. npm test passes.', {
        expect: (request) => {
          const [run] = lastToolResults(request);
          assert.ok(run, 'bash result present');
          assert.match(resultText(run), /all tests passed/);
          assert.doesNotMatch(resultText(run), /Exit code/);
        },
      }),
    ]);
    const { session, events } = await createHarness({ serverUrl: server.url, root: repo.root, approver: NEVER_ASKED });
    const outcome = await session.send('The add test fails. Fix it.');
    await session.dispose();

    assert.deepEqual(server.violations, []);
    assert.deepEqual(outcome, { kind: 'completed', finalText: 'Fixed add(): it subtracted. npm test passes.' });
    assert.equal(await readFile(join(repo.root, 'src/add.js'), 'utf8'), 'function add(a, b) {\n  return a + b;\n}\n\nmodule.exports = { add };\n');
    assert.equal(server.requests.length, 5);
    assert.ok(events.some((e) => e.type === 'plan' && e.items.length === 2));
    assert.equal(session.usage.requests.length, 5);
    assert.ok(session.usage.totals.costUsd > 0);
  });

  it('reports str_replace with no match and with two matches as errors the model can act on', async () => {
    repo = await createTempRepo({ 'a.txt': 'x = 1\nx = 1\ny = 2\n' });
    server = await startMessagesApiServer([
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'a.txt', old_str: 'z = 3', new_str: 'z = 4' }),
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'a.txt', old_str: 'x = 1', new_str: 'x = 9' }, {
        expect: (request) => {
          const [result] = lastToolResults(request);
          assert.equal(result?.is_error, true);
          assert.match(resultText(result!), /No match for old_str/);
        },
      }),
      reply.text('Cannot edit uniquely.', {
        expect: (request) => {
          const [result] = lastToolResults(request);
          assert.equal(result?.is_error, true);
          assert.match(resultText(result!), /matches 2 times/);
          assert.match(resultText(result!), /1, 2/);
        },
      }),
    ]);
    const { session } = await createHarness({ serverUrl: server.url, root: repo.root, approver: NEVER_ASKED });
    const outcome = await session.send('edit');
    await session.dispose();
    assert.deepEqual(server.violations, []);
    assert.equal(outcome.kind, 'completed');
    assert.equal(await readFile(join(repo.root, 'a.txt'), 'utf8'), 'x = 1\nx = 1\ny = 2\n');
  });

  it('refuses paths that escape the workspace and writes nothing outside it', async () => {
    repo = await createTempRepo({ 'inside.txt': 'hello\n' });
    const outsideName = `loupe-escape-${process.pid}-${Date.now()}.txt`;
    server = await startMessagesApiServer([
      reply.toolUse('str_replace_based_edit_tool', { command: 'create', path: `../${outsideName}`, file_text: 'escaped' }),
      reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: '/etc/passwd' }, {
        expect: (request) => assert.match(resultText(lastToolResults(request)[0]!), /outside the workspace/),
      }),
      reply.text('Both refused.', {
        expect: (request) => {
          const [result] = lastToolResults(request);
          assert.equal(result?.is_error, true);
          assert.match(resultText(result!), /outside the workspace/);
        },
      }),
    ]);
    const { session } = await createHarness({ serverUrl: server.url, root: repo.root, approver: NEVER_ASKED });
    await session.send('escape');
    await session.dispose();
    assert.deepEqual(server.violations, []);
    await assert.rejects(readFile(join(repo.root, '..', outsideName)), { code: 'ENOENT' });
  });

  it('shows a long file as one unbroken run of lines whose note names the first line not shown (no second cut in the middle)', async () => {
    // 1,500 short lines: longer than every cap, as any file of ~1,000 lines is.
    const lines = Array.from({ length: 1500 }, (_, index) => `line ${index + 1} of the long file`);
    repo = await createTempRepo({ 'long.txt': `${lines.join('\n')}\n` });
    let firstNotShown = 0;
    server = await startMessagesApiServer([
      reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'long.txt' }),
      reply.text('Read it.', {
        expect: (request) => {
          const shown = resultText(lastToolResults(request)[0] ?? { content: '' });
          const numbered = [...shown.matchAll(/^ *(\d+)\tline (\d+) of the long file$/gm)].map((match) => [Number(match[1]), Number(match[2])]);
          assert.ok(numbered.length > 100);
          numbered.forEach(([number, line], index) => assert.deepEqual([number, line], [index + 1, index + 1], 'a line is missing or out of place'));
          const note = /view the rest with view_range \[(\d+), 1500\]/.exec(shown);
          assert.ok(note, shown.slice(-300));
          firstNotShown = Number(note[1]);
          assert.equal(firstNotShown, numbered.length + 1);
          assert.doesNotMatch(shown, /left out of the middle/, "the result was cut a second time");
        },
      }),
    ]);
    const { session } = await createHarness({ serverUrl: server.url, root: repo.root, approver: NEVER_ASKED });
    await session.send('Read long.txt.');
    await session.dispose();
    assert.deepEqual(server.violations, []);
    assert.ok(firstNotShown > 1);
  });
});
