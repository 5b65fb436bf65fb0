// A proposed change from the agent's tool to the disk, through the host: PanelApprover puts it in
// ChangeReviews, the user decides hunk by hunk (as the panel and the lenses do), and VsCodeWorkspace
// writes only what was accepted.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { Policy } from '../../src/agent/policy';
import { proposeChange } from '../../src/agent/tools/proposeChange';
import type { ToolContext, ToolResult } from '../../src/agent/tools/tool';
import { ChangeReviews } from '../../src/host/changeReviews';
import { PanelApprover } from '../../src/host/panelApprover';
import { PendingQuestions } from '../../src/host/pendingQuestions';
import { VsCodeWorkspace } from '../../src/host/vscodeWorkspace';
import type { ChangeReview } from '../../src/shared/protocol';
import { THREE_HUNK_AFTER, THREE_HUNK_BEFORE, withHunks } from '../support/threeHunks';
import { discardEditors, freshFolder, nextEvent, workspaceFolder } from './support/hostFixtures';

const BEFORE = THREE_HUNK_BEFORE;
const AFTER = THREE_HUNK_AFTER;

describe('ChangeReviews with the agent\'s proposed changes', () => {
  let reviews: ChangeReviews;
  let stopTask: AbortController;
  let folder: string;
  const events: AgentEvent[] = [];

  beforeEach(async () => {
    reviews = new ChangeReviews();
    stopTask = new AbortController();
    folder = await freshFolder({ 'a.txt': BEFORE, 'b.txt': BEFORE });
    events.length = 0;
  });
  afterEach(async () => {
    reviews.dispose();
    await discardEditors();
  });

  /** Starts the agent's proposal of AFTER for `name` and returns the review the panel would draw. */
  async function propose(name: string): Promise<{ review: ChangeReview; result: Promise<ToolResult> }> {
    const context: ToolContext = {
      signal: stopTask.signal,
      workspace: await VsCodeWorkspace.open(workspaceFolder()),
      approver: new PanelApprover(reviews, new PendingQuestions()),
      // No globs and no standing yes: every edit is asked about, as with loupe.approval "ask".
      policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: false }),
      toolUseId: `toolu_${name}`,
      toolName: 'str_replace_based_edit_tool',
      afterExternalContent: false,
      emit: (event) => events.push(event),
    };
    const shown = nextEvent(reviews.onDidUpdate, `the review of ${name}`, (review) => review.relativePath.endsWith(name) && !review.outcome);
    const absolutePath = join(folder, name);
    const result = proposeChange({ context, absolutePath, relativePath: absolutePath.slice(context.workspace.root.length + 1), before: BEFORE, after: AFTER });
    return { review: await shown, result };
  }

  it('writes only the accepted hunks once every hunk is decided, and nothing before', async () => {
    const { review, result } = await propose('a.txt');
    assert.equal(review.hunks.length, 3);
    assert.ok(reviews.decideHunk(review.id, 0, true));
    assert.ok(reviews.decideHunk(review.id, 2, true));
    assert.equal(await readFile(join(folder, 'a.txt'), 'utf8'), BEFORE, 'nothing is written while a hunk is undecided');
    assert.equal(reviews.pendingCount, 1);

    assert.ok(reviews.decideHunk(review.id, 1, false));
    const outcome = await result;
    assert.equal(outcome.isError, false, String(outcome.content));
    assert.match(String(outcome.content), /accepted hunks 1, 3 and rejected hunk 2/);
    assert.equal(await readFile(join(folder, 'a.txt'), 'utf8'), withHunks([0, 2]));
    assert.equal(reviews.get(review.id)?.review.outcome, 'partial');
    assert.deepEqual(events.filter((event) => event.type === 'change_decided').map((event) => event.decision), [{ kind: 'partial', acceptedHunks: [0, 2] }]);
  });

  it('writes the whole change when every hunk is accepted', async () => {
    const { review, result } = await propose('a.txt');
    for (const index of [0, 1, 2]) reviews.decideHunk(review.id, index, true);
    assert.equal((await result).isError, false);
    assert.equal(await readFile(join(folder, 'a.txt'), 'utf8'), AFTER);
    assert.equal(reviews.get(review.id)?.review.outcome, 'accepted');
  });

  it('Reject All settles every waiting change and leaves every file as it was', async () => {
    const first = await propose('a.txt');
    const second = await propose('b.txt');
    assert.equal(reviews.decideAll(false), 2);
    for (const { result } of [first, second]) assert.equal((await result).isError, true);
    assert.equal(await readFile(join(folder, 'a.txt'), 'utf8'), BEFORE);
    assert.equal(await readFile(join(folder, 'b.txt'), 'utf8'), BEFORE);
    assert.equal(reviews.pendingCount, 0);
  });

  it('settles the review of a stopped task as cancelled and writes nothing', async () => {
    const { review, result } = await propose('a.txt');
    stopTask.abort();
    assert.match(String((await result).content), /Cancelled/);
    assert.equal(reviews.get(review.id)?.review.outcome, 'cancelled');
    assert.equal(reviews.decideHunk(review.id, 0, true), false, 'a settled review takes no more decisions');
    assert.equal(await readFile(join(folder, 'a.txt'), 'utf8'), BEFORE);
  });
});
