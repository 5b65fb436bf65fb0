// Proposed changes: the decision (policy or user), partial hunks, and what the model is told.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildProposedChange, proposeChange } from '../../src/agent/tools/proposeChange';
import { ScriptedApprover } from '../support/approvers';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { createToolContext } from '../support/toolContext';

const BEFORE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
// Three changes far enough apart (more than 2 x 3 context lines) to be three hunks.
const AFTER = BEFORE.replace('line 2\n', 'line TWO\n').replace('line 15\n', 'line 15\ninserted after 15\n').replace('line 28\n', '');

describe('proposed changes', () => {
  let repo: TempRepo;
  afterEach(async () => repo?.remove());

  async function propose(answers: ConstructorParameters<typeof ScriptedApprover>[0]) {
    repo = await createTempRepo({ 'f.txt': BEFORE }, { git: false });
    const approver = new ScriptedApprover(answers);
    const context = await createToolContext(repo.root, approver);
    const outcome = await proposeChange({ context, absolutePath: join(context.workspace.root, 'f.txt'), relativePath: 'f.txt', before: BEFORE, after: AFTER });
    return { outcome, approver, context, onDisk: await readFile(join(repo.root, 'f.txt'), 'utf8') };
  }

  it('splits a change into hunks the user can decide on one by one', () => {
    assert.equal(buildProposedChange('/w/f.txt', 'f.txt', BEFORE, AFTER).hunks.length, 3);
  });

  it('writes the whole change when the user accepts it', async () => {
    const { outcome, onDisk, approver, context } = await propose([{ kind: 'accept' }]);
    assert.equal(onDisk, AFTER);
    assert.equal(outcome.result.isError, false);
    assert.equal(approver.changes[0]!.hunks.length, 3);
    assert.deepEqual(context.events.find((e) => e.type === 'change_decided'), { type: 'change_decided', path: 'f.txt', decision: { kind: 'accept' } });
  });

  it('leaves the file untouched on reject and passes the reason to the model', async () => {
    const { outcome, onDisk } = await propose([{ kind: 'reject', reason: 'keep line 2 as is' }]);
    assert.equal(onDisk, BEFORE);
    assert.equal(outcome.result.isError, true);
    assert.match(String(outcome.result.content), /rejected the change to f\.txt; the file was not changed\. Their reason: keep line 2 as is/);
  });

  it('applies only the accepted hunks, later ones in the right place, and reports the rejected one', async () => {
    const { outcome, onDisk } = await propose([{ kind: 'partial', acceptedHunks: [1, 2] }]);
    const expected = BEFORE.replace('line 15\n', 'line 15\ninserted after 15\n').replace('line 28\n', '');
    assert.equal(onDisk, expected);
    const report = String(outcome.result.content);
    assert.match(report, /accepted 2 of 3 hunks/);
    assert.match(report, /hunk 1:\n@@ -1,5 \+1,5 @@/);
    assert.match(report, /-line 2\n\+line TWO/);
    assert.equal(outcome.writtenText, expected);
  });

  it('keeps an earlier hunk when a later one is rejected', async () => {
    const { onDisk } = await propose([{ kind: 'partial', acceptedHunks: [0] }]);
    assert.equal(onDisk, BEFORE.replace('line 2\n', 'line TWO\n'));
  });

  it('treats a partial decision with no hunks as a rejection', async () => {
    const { outcome, onDisk } = await propose([{ kind: 'partial', acceptedHunks: [] }]);
    assert.equal(onDisk, BEFORE);
    assert.equal(outcome.result.isError, true);
  });

  it('is cancelled cleanly when the task is stopped during review', async () => {
    repo = await createTempRepo({ 'f.txt': BEFORE }, { git: false });
    const approver = new ScriptedApprover([
      () => {
        context.controller.abort();
        return { kind: 'accept' };
      },
    ]);
    const context = await createToolContext(repo.root, approver);
    const outcome = await proposeChange({ context, absolutePath: join(context.workspace.root, 'f.txt'), relativePath: 'f.txt', before: BEFORE, after: AFTER });
    assert.match(String(outcome.result.content), /Cancelled before the change was applied/);
    assert.equal(await readFile(join(repo.root, 'f.txt'), 'utf8'), BEFORE);
  });
});
