// "Use this one instead": another attempt's diff as it applies over a folder that holds the winner's
// changes (insteadOf, applyWinner.ts), file by file.
import assert from 'node:assert/strict';
import type { AttemptDiff, FileChange } from '../../src/agent/attempts/attemptChanges';
import { insteadOf } from '../../src/agent/attempts/applyWinner';

const file = (path: string, kind: FileChange['kind'], before: string | undefined, after: string | undefined): FileChange => ({ path, kind, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), added: 1, removed: 1, userChangedSince: false });
const diff = (...files: FileChange[]): AttemptDiff => ({ files, added: files.length, removed: files.length });

describe('another attempt instead of the proposed one', () => {
  const winner = diff(file('a.js', 'modified', 'base a', 'winner a'), file('b.js', 'modified', 'base b', 'winner b'), file('new.js', 'added', undefined, 'winner new'));
  const chosen = diff(file('a.js', 'modified', 'base a', 'chosen a'), file('c.js', 'modified', 'base c', 'chosen c'));

  it("goes from the winner's text to the chosen one's where both changed a file, and from the base where only the chosen did", () => {
    const result = insteadOf(chosen, winner, new Set(['a.js', 'b.js', 'new.js']));
    const byPath = new Map(result.files.map((entry) => [entry.path, entry]));
    assert.deepEqual([byPath.get('a.js')?.before, byPath.get('a.js')?.after], ['winner a', 'chosen a']);
    assert.deepEqual([byPath.get('c.js')?.before, byPath.get('c.js')?.after], ['base c', 'chosen c']);
  });

  it("puts back a file only the winner changed, and names a file only the winner added (Loupe does not delete)", () => {
    const result = insteadOf(chosen, winner, new Set(['a.js', 'b.js', 'new.js']));
    const byPath = new Map(result.files.map((entry) => [entry.path, entry]));
    assert.deepEqual([byPath.get('b.js')?.kind, byPath.get('b.js')?.before, byPath.get('b.js')?.after], ['modified', 'winner b', 'base b']);
    assert.equal(byPath.get('new.js')?.kind, 'deleted');
  });

  it("leaves alone the files where the user rejected the winner's change: the chosen change goes over the base there", () => {
    const result = insteadOf(chosen, winner, new Set(['b.js']));
    const byPath = new Map(result.files.map((entry) => [entry.path, entry]));
    assert.deepEqual([byPath.get('a.js')?.before, byPath.get('a.js')?.after], ['base a', 'chosen a']);
    assert.equal(byPath.has('new.js'), false, 'the winner\'s new file was not kept, so there is nothing to put back');
    assert.deepEqual([byPath.get('b.js')?.before, byPath.get('b.js')?.after], ['winner b', 'base b']);
  });
});
