// Proposed changes: the decision (policy or user), partial hunks, stale files, and what the model is told.
import assert from 'node:assert/strict';
import { applyPatch, structuredPatch } from 'diff';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolicySettings } from '../../src/agent/policy';
import { buildProposedChange, proposeChange } from '../../src/agent/tools/proposeChange';
import type { ToolResult } from '../../src/agent/tools/tool';
import { ScriptedApprover, type ChangeAnswer } from '../support/approvers';
import { createTempRepo, type TempRepo } from '../support/tempRepo';
import { THREE_HUNK_AFTER, THREE_HUNK_BEFORE, withHunks } from '../support/threeHunks';
import { createToolContext } from '../support/toolContext';

const BEFORE = THREE_HUNK_BEFORE;
const AFTER = THREE_HUNK_AFTER;
const content = (result: ToolResult) => String(result.content);

describe('proposed changes', () => {
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await repo?.remove();
    repo = undefined;
  });

  async function propose(answers: ChangeAnswer[], options: { before?: string | null; after?: string; file?: string; onDisk?: string; policy?: Partial<PolicySettings> } = {}) {
    const before = options.before === undefined ? BEFORE : options.before;
    const file = options.file ?? 'f.txt';
    // A test may propose several times; each gets a fresh folder and the previous one is removed.
    await repo?.remove();
    repo = await createTempRepo(options.onDisk === undefined && before === null ? {} : { [file]: options.onDisk ?? before ?? '' }, { git: false });
    const approver = new ScriptedApprover(answers);
    const context = await createToolContext(repo.root, approver, options.policy);
    const written: string[] = [];
    const absolutePath = join(context.workspace.root, file);
    const result = await proposeChange({ context, absolutePath, relativePath: file, before, after: options.after ?? AFTER, onWritten: (text) => written.push(text) });
    const onDisk = await readFile(absolutePath, 'utf8').catch(() => undefined);
    return { result, approver, context, onDisk, written };
  }

  it('splits a change into hunks the user can decide on one by one', () => {
    const change = buildProposedChange('/w/f.txt', 'f.txt', BEFORE, AFTER);
    assert.equal(change.hunks.length, 3);
    assert.deepEqual(change.hunks.map((hunk) => hunk.oldStart), [1, 13, 25]);
  });

  it('finds the same hunks by diffing only the changed region as a diff of the whole texts does, and they rebuild the new text', () => {
    let state = 7;
    const random = (n: number) => ((state = (state * 1103515245 + 12345) & 0x7fffffff) >> 8) % n;
    const words = ['a', 'b', 'c', 'const x = 1;', '', '}', 'return y;'];
    for (let round = 0; round < 400; round++) {
      const lines = Array.from({ length: 1 + random(40) }, () => words[random(words.length)]!);
      const edited = [...lines];
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(edited.length + 1);
        const kind = random(3);
        if (kind === 0) edited.splice(at, 0, words[random(words.length)]!);
        else if (kind === 1 && edited.length > 1) edited.splice(Math.min(at, edited.length - 1), 1);
        else edited[Math.min(at, edited.length - 1)] = `changed ${round}`;
      }
      const ending = random(2) ? '\n' : '';
      const before = lines.join('\n') + ending;
      const after = edited.join('\n') + (random(4) ? ending : '');
      const change = buildProposedChange('/x', 'x', before, after);
      const whole = structuredPatch('x', 'x', before, after, undefined, undefined, { context: 3 }).hunks;
      const counts = (hunks: typeof whole) => hunks.flatMap((hunk) => hunk.lines).filter((line) => line.startsWith('+') || line.startsWith('-')).length;
      // Repeated lines leave a diff free to pair them either way; both are minimal, so they change as many lines.
      assert.equal(counts(change.hunks), counts(whole), `round ${round}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      assert.equal(applyPatch(before, { oldFileName: 'x', newFileName: 'x', oldHeader: undefined, newHeader: undefined, hunks: change.hunks }), after, `round ${round}`);
      // Lines that are all different leave one way only: the very same hunks.
      const unique = (text: string) => text.split('\n').map((line, index) => (line ? `${line} #${index}` : line)).join('\n');
      const [uniqueBefore, uniqueAfter] = [unique(before), unique(after)];
      assert.deepEqual(buildProposedChange('/x', 'x', uniqueBefore, uniqueAfter).hunks, structuredPatch('x', 'x', uniqueBefore, uniqueAfter, undefined, undefined, { context: 3 }).hunks, `round ${round} (unique lines)`);
    }
  });

  it('writes the whole change when the user accepts it, and says so', async () => {
    const { result, onDisk, approver, context, written } = await propose([{ kind: 'accept' }]);
    assert.equal(onDisk, AFTER);
    assert.deepEqual(written, [AFTER]);
    assert.equal(result.isError, false);
    assert.equal(content(result), 'Edited f.txt: 3 hunks accepted.');
    assert.equal(approver.changes[0]!.hunks.length, 3);
    assert.deepEqual(context.events.filter((e) => e.type === 'change_decided'), [{ type: 'change_decided', path: 'f.txt', decision: { kind: 'accept' } }]);
  });

  it('creates a new file when the change has no before text', async () => {
    const { result, onDisk, approver } = await propose([{ kind: 'accept' }], { before: null, after: 'new\n', file: 'dir/new.txt' });
    assert.equal(onDisk, 'new\n');
    assert.equal(approver.changes[0]!.before, null);
    assert.equal(content(result), 'Created dir/new.txt: 1 hunk accepted.');
  });

  it('leaves the file untouched on reject and passes the reason to the model', async () => {
    const { result, onDisk, written, context } = await propose([{ kind: 'reject', reason: 'keep line 2 as is' }]);
    assert.equal(onDisk, BEFORE);
    assert.deepEqual(written, []);
    assert.equal(result.isError, true);
    assert.equal(content(result), 'The user rejected the change to f.txt; the file was not changed. Their reason: keep line 2 as is');
    assert.deepEqual(context.events.filter((e) => e.type === 'change_decided').map((e) => e.type === 'change_decided' && e.decision.kind), ['reject']);
  });

  it('keeps only hunk 2 of 3, and shows the model the two rejected hunks', async () => {
    const { result, onDisk, written } = await propose([{ kind: 'partial', acceptedHunks: [1], reason: 'only the insertion' }]);
    assert.equal(onDisk, withHunks([1]));
    assert.deepEqual(written, [onDisk]);
    assert.equal(result.isError, false);
    const report = content(result);
    assert.match(report, /^Edited f\.txt in part: the user accepted hunk 2 and rejected hunks 1, 3 \(of 3, numbered from 1\)\. Their reason: only the insertion\n/);
    assert.match(report, /The rejected hunks below are NOT in the file/);
    assert.match(report, /Rejected hunk 1:\n@@ -1,5 \+1,5 @@\n line 1\n-line 2\n\+line TWO\n line 3/);
    assert.match(report, /Rejected hunk 3:\n@@ -25,6 \+26,5 @@\n line 25\n line 26\n line 27\n-line 28\n line 29\n line 30$/);
    assert.doesNotMatch(report, /Rejected hunk 2/);
  });

  it('reports the hunks it wrote (only the accepted one of a partial decision) in a change_applied event', async () => {
    const { context, approver } = await propose([{ kind: 'partial', acceptedHunks: [1] }]);
    const applied = context.events.filter((e) => e.type === 'change_applied');
    const hunk2 = approver.changes[0]!.hunks[1]!;
    assert.deepEqual(applied, [{ type: 'change_applied', path: 'f.txt', created: false, hunks: [{ header: `@@ -${hunk2.oldStart},${hunk2.oldLines} +${hunk2.newStart},${hunk2.newLines} @@`, lines: hunk2.lines }] }]);
    const rejected = await propose([{ kind: 'reject' }]);
    assert.deepEqual(rejected.context.events.filter((e) => e.type === 'change_applied'), []);
  });

  it('applies every subset of accepted hunks at the right place', async () => {
    for (const accepted of [[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]) {
      const { onDisk } = await propose([{ kind: 'partial', acceptedHunks: accepted }]);
      assert.equal(onDisk, withHunks(accepted), `accepted ${JSON.stringify(accepted)}`);
    }
  });

  it('applies hunks around the end of a file without a final newline, and of a CRLF file', async () => {
    const noFinalNewline = BEFORE.slice(0, -1);
    const changed = noFinalNewline.replace('line 2\n', 'line TWO\n').replace(/line 30$/, 'line THIRTY');
    assert.equal((await propose([{ kind: 'partial', acceptedHunks: [0] }], { before: noFinalNewline, after: changed })).onDisk, noFinalNewline.replace('line 2\n', 'line TWO\n'));
    assert.equal((await propose([{ kind: 'partial', acceptedHunks: [1] }], { before: noFinalNewline, after: changed })).onDisk, noFinalNewline.replace(/line 30$/, 'line THIRTY'));

    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const { onDisk, result } = await propose([{ kind: 'partial', acceptedHunks: [2] }], { before: crlf(BEFORE), after: crlf(AFTER) });
    assert.equal(onDisk, crlf(withHunks([2])));
    assert.doesNotMatch(content(result), /\r/);
  });

  it('treats a partial decision with no valid hunks as a rejection', async () => {
    const { result, onDisk } = await propose([{ kind: 'partial', acceptedHunks: [7, -1] }]);
    assert.equal(onDisk, BEFORE);
    assert.equal(result.isError, true);
    assert.match(content(result), /rejected every hunk of the change to f\.txt; the file was not changed/);
  });

  it('writes without asking when the policy allows the edit', async () => {
    const { result, onDisk, approver } = await propose([], { policy: { allowedEditGlobs: ['*.txt'] } });
    assert.equal(onDisk, AFTER);
    assert.equal(result.isError, false);
    assert.equal(approver.changes.length, 0);
  });

  it('refuses an edit the policy denies, without asking', async () => {
    const { result, onDisk, approver } = await propose([], { file: '.git/config', policy: { approveAll: true } });
    assert.equal(result.isError, true);
    assert.match(content(result), /does not edit files inside \.git/);
    assert.equal(onDisk, BEFORE);
    assert.equal(approver.changes.length, 0);
  });

  it('writes nothing when the file changed while the change waited for approval', async () => {
    const { result, onDisk, written } = await propose([
      async (change) => {
        await writeFile(change.path, 'the user rewrote this\n');
        return { kind: 'accept' };
      },
    ]);
    assert.equal(result.isError, true);
    assert.equal(content(result), 'f.txt changed on disk or in an editor while the change waited for approval; nothing was written. View the file again and redo the edit.');
    assert.equal(onDisk, 'the user rewrote this\n');
    assert.deepEqual(written, []);
  });

  it('does not overwrite a file that someone else created while a new file waited for approval', async () => {
    const { result, onDisk } = await propose(
      [
        async (change) => {
          await writeFile(change.path, 'made by the user\n');
          return { kind: 'accept' };
        },
      ],
      { before: null, after: 'agent text\n' },
    );
    assert.equal(result.isError, true);
    assert.match(content(result), /nothing was written/);
    assert.equal(onDisk, 'made by the user\n');
  });

  it('says nothing changed when the new text equals the old, without asking', async () => {
    const { result, approver } = await propose([], { after: BEFORE });
    assert.equal(result.isError, false);
    assert.match(content(result), /No change/);
    assert.equal(approver.changes.length, 0);
  });

  it('is cancelled cleanly when the task is stopped during review', async () => {
    repo = await createTempRepo({ 'f.txt': BEFORE }, { git: false });
    const approver = new ScriptedApprover([
      () => {
        // The user pressed Stop while the diff was open, and the review still answered.
        context.controller.abort();
        return { kind: 'accept' };
      },
    ]);
    const context = await createToolContext(repo.root, approver);
    const result = await proposeChange({ context, absolutePath: join(context.workspace.root, 'f.txt'), relativePath: 'f.txt', before: BEFORE, after: AFTER });
    assert.equal(result.isError, true);
    assert.equal(content(result), 'Cancelled before the change was applied.');
    assert.equal(await readFile(join(repo.root, 'f.txt'), 'utf8'), BEFORE);
    assert.equal(context.events.length, 0);
  });

  it('does not ask about a change once the task was stopped', async () => {
    repo = await createTempRepo({ 'f.txt': BEFORE }, { git: false });
    const approver = new ScriptedApprover([{ kind: 'accept' }]);
    const context = await createToolContext(repo.root, approver);
    context.controller.abort();
    const result = await proposeChange({ context, absolutePath: join(context.workspace.root, 'f.txt'), relativePath: 'f.txt', before: BEFORE, after: AFTER });
    assert.equal(content(result), 'Cancelled before the change was applied.');
    assert.equal(approver.changes.length, 0);
  });

  it('reports a review that fails, and writes nothing', async () => {
    const { result, onDisk } = await propose([
      () => {
        throw new Error('the diff editor could not open');
      },
    ]);
    assert.equal(result.isError, true);
    assert.match(content(result), /could not be shown for review \(the diff editor could not open\); nothing was written/);
    assert.equal(onDisk, BEFORE);
  });
});
