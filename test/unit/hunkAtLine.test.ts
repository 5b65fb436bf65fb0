// Which hunk the cursor is in, on either side of the diff editor, for Accept / Reject Hunk without lenses.
import assert from 'node:assert/strict';
import { structuredPatch } from 'diff';
import { hunkIndexAtLine } from '../../src/host/hunkAtLine';

const lines = (count: number, label: string) => Array.from({ length: count }, (_, i) => `${label} ${i + 1}`);

describe('hunk at line', () => {
  // Two changes far apart: line 3 replaced, and two lines inserted after line 30 of 40.
  const before = lines(40, 'line');
  const after = [...before];
  after[2] = 'changed 3';
  after.splice(30, 0, 'new a', 'new b');
  const { hunks } = structuredPatch('a', 'a', before.join('\n') + '\n', after.join('\n') + '\n');

  it('finds the hunk around the cursor on the proposed side, context lines included', () => {
    assert.equal(hunks.length, 2);
    assert.equal(hunkIndexAtLine(hunks, 'proposed', 2), 0, 'the changed line');
    assert.equal(hunkIndexAtLine(hunks, 'proposed', 0), 0, 'context above it');
    assert.equal(hunkIndexAtLine(hunks, 'proposed', 30), 1, 'the first inserted line');
    assert.equal(hunkIndexAtLine(hunks, 'proposed', 31), 1, 'the second inserted line');
  });

  it('maps the same hunks on the original side, where the insertion has no lines of its own', () => {
    assert.equal(hunkIndexAtLine(hunks, 'original', 2), 0);
    assert.equal(hunkIndexAtLine(hunks, 'original', 29), 1, 'context right before the insertion point');
    assert.equal(hunkIndexAtLine(hunks, 'original', 30), 1, 'context right after it');
  });

  it('says none for a line between the hunks or past the end', () => {
    assert.equal(hunkIndexAtLine(hunks, 'proposed', 15), undefined);
    assert.equal(hunkIndexAtLine(hunks, 'original', 39), undefined);
  });

  it('puts a new file\'s only hunk on the first line of its empty original', () => {
    const created = structuredPatch('a', 'a', '', 'one\ntwo\n').hunks;
    assert.equal(hunkIndexAtLine(created, 'original', 0), 0);
    assert.equal(hunkIndexAtLine(created, 'proposed', 1), 0);
  });
});
