// A follow-up in the same conversation: a new session carries on an earlier one's history (the panel
// keeps it between tasks), against the Messages-API test server through the real SDK.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NEVER_ASKED, ScriptedApprover } from '../support/approvers';
import { reply } from '../support/messagesApiServer';
import { createHarness, useRepoAndServers } from '../support/sessionHarness';

describe('a follow-up in the same conversation', function () {
  const fixture = useRepoAndServers({ 'README.md': '# sample\n' });

  it('sends the earlier task, its tool calls and answer, then the follow-up, and keeps counting the cost', async () => {
    const server = await fixture.serve([
      reply.toolUse('bash', { command: 'cat README.md' }),
      reply.text('The README has a title only.'),
      reply.text('It is called sample.', {
        expect: (request) => {
          const roles = request.body.messages.map((message: { role: string }) => message.role);
          assert.deepEqual(roles, ['user', 'assistant', 'user', 'assistant', 'user']);
          assert.equal(request.body.messages[0].content[0]?.text ?? request.body.messages[0].content, 'What is in the README?');
          assert.match(JSON.stringify(request.body.messages[2]), /# sample/);
          assert.match(JSON.stringify(request.body.messages.at(-1)), /What is the project called\?/);
        },
      }),
    ]);
    const first = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    assert.equal((await first.session.send('What is in the README?')).kind, 'completed');
    const history = first.session.history();
    const firstCost = first.session.usage.totals.costUsd;
    await first.session.dispose();

    const next = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED, continueFrom: history });
    assert.deepEqual(await next.session.send('What is the project called?'), { kind: 'completed', finalText: 'It is called sample.' });
    await next.session.dispose();
    assert.deepEqual(server.violations, []);
    assert.equal(server.remainingTurns(), 0);
    const usage = next.events.filter((event) => event.type === 'usage');
    assert.equal(usage.length, 1);
    assert.ok(usage[0]!.type === 'usage' && usage[0]!.sessionCostUsd > firstCost, 'the conversation\'s cost goes on from the earlier task\'s');
    assert.equal(next.session.usage.requests.length, 3);
    // The earlier session's history is its own copy: the follow-up did not change it.
    assert.equal(history.messages.length, 4);
  });

  it('still asks about a risky command: the carried conversation already holds tool output', async () => {
    const server = await fixture.serve([
      reply.toolUse('bash', { command: 'cat README.md' }),
      reply.text('Read it.'),
      reply.toolUse('bash', { command: 'eval "echo ran >> ran.log"' }),
      reply.text('Asked first.'),
    ]);
    const first = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED });
    await first.session.send('Read the README.');
    const history = first.session.history();
    await first.session.dispose();
    const approver = new ScriptedApprover([], [false]);
    const next = await createHarness({ serverUrl: server.url, root: fixture.root(), approver, continueFrom: history });
    await next.session.send('Now log a line.');
    await next.session.dispose();
    assert.equal(approver.commands.length, 1, 'the standing yes does not cover a risky command after outside content');
    assert.match(approver.commands[0]!.reason, /proposed after the agent read text that did not come from you/);
    await assert.rejects(readFile(join(fixture.root(), 'ran.log')), { code: 'ENOENT' });
  });

  it('still asks about a risky command in a reply when only the first task carried outside text (an attached file)', async () => {
    const server = await fixture.serve([
      reply.text('Noted.'),
      reply.toolUse('bash', { command: 'eval "echo ran >> ran.log"' }),
      reply.text('Asked first.'),
    ]);
    const first = await createHarness({ serverUrl: server.url, root: fixture.root(), approver: NEVER_ASKED, startsWithOutsideText: true });
    await first.session.send('Look at the attached file.');
    const history = first.session.history();
    await first.session.dispose();
    assert.equal(history.outsideTextSeen, true);
    const approver = new ScriptedApprover([], [false]);
    const next = await createHarness({ serverUrl: server.url, root: fixture.root(), approver, continueFrom: history });
    await next.session.send('Now log a line.');
    await next.session.dispose();
    assert.equal(approver.commands.length, 1, 'the attached text is still in the context of the reply');
    await assert.rejects(readFile(join(fixture.root(), 'ran.log')), { code: 'ENOENT' });
  });
});
