// A command or host waiting for the user's yes, through the host: PanelApprover asks PendingQuestions,
// which publishes the question for the panel's card (and shows a real notification); the answer the
// panel sends back decides, a choice the question did not offer decides nothing, and a Stop settles it.
import assert from 'node:assert/strict';
import { PanelApprover } from '../../src/host/panelApprover';
import { ChangeReviews } from '../../src/host/changeReviews';
import { PendingQuestions } from '../../src/host/pendingQuestions';
import type { PendingQuestion } from '../../src/shared/protocol';
import { nextEvent } from './support/hostFixtures';

describe('PendingQuestions: what a tool call waits on, in the panel and a notification', () => {
  let questions: PendingQuestions;
  let reviews: ChangeReviews;
  let task: AbortController;
  const allowedForGood: string[] = [];

  beforeEach(() => {
    questions = new PendingQuestions();
    reviews = new ChangeReviews();
    task = new AbortController();
    allowedForGood.length = 0;
  });
  afterEach(() => {
    questions.dispose();
    reviews.dispose();
  });

  const approver = () => new PanelApprover(reviews, questions, async (host) => void allowedForGood.push(host));
  const asked = () => nextEvent(questions.onDidUpdate, 'the question', (question) => question.answer === undefined && !question.unanswered);
  const settled = (id: string) => nextEvent(questions.onDidUpdate, `question ${id} settled`, (question) => question.id === id && (question.answer !== undefined || question.unanswered === true));

  it('asks about a command with Accept and Reject, and the panel\'s Accept runs it', async () => {
    const shown = asked();
    const decision = approver().approveCommand({ command: 'npm publish', cwd: '/work/x', reason: 'It follows tool output.' }, task.signal);
    const question = await shown;
    assert.equal(question.text, 'Loupe wants to run `npm publish` in /work/x. It follows tool output.');
    assert.deepEqual(question.choices, ['Accept', 'Reject']);
    const done = settled(question.id);
    assert.equal(questions.answer(question.id, 'Accept'), true);
    assert.equal(await decision, true);
    assert.equal((await done).answer, 'Accept');
    assert.equal(questions.answer(question.id, 'Reject'), false, 'an answered question takes no second answer');
  });

  it('takes Reject as a no, and refuses a choice the question did not offer', async () => {
    const shown = asked();
    const decision = approver().approveCommand({ command: 'rm -rf build', cwd: '/work/x', reason: 'Deletes files.', outsideSandbox: true }, task.signal);
    const question = await shown;
    assert.deepEqual(question.choices, ['Run Outside Sandbox', 'Reject']);
    assert.equal(questions.answer(question.id, 'Accept'), false, 'Accept is not offered for a command outside the sandbox');
    assert.equal(questions.answer(question.id, 'Reject'), true);
    assert.equal(await decision, false);
  });

  it('settles a waiting question as unanswered when the task stops, and the command does not run', async () => {
    const shown = asked();
    const decision = approver().approveCommand({ command: 'make deploy', cwd: '/work/x', reason: 'It follows tool output.' }, task.signal);
    const question: PendingQuestion = await shown;
    const done = settled(question.id);
    task.abort();
    assert.equal(await decision, false);
    assert.equal((await done).unanswered, true);
    assert.equal(questions.answer(question.id, 'Accept'), false);
  });

  it('asks about a host outside the allowed network with its three choices; Always Allow keeps it in the user\'s settings', async () => {
    const shown = asked();
    const decision = approver().approveNetworkAccess({ host: 'example.org', port: 443 }, task.signal);
    const question = await shown;
    assert.deepEqual(question.choices, ['Allow example.org for This Task', 'Always Allow example.org', 'Deny']);
    assert.equal(questions.answer(question.id, 'Always Allow example.org'), true);
    assert.equal(await decision, 'always');
    assert.deepEqual(allowedForGood, ['example.org']);
  });
});
