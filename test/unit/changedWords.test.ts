// The words the panel marks within a changed line: exactly the edited ones, never a whole rewrite.
import assert from 'node:assert/strict';
import { changedWords } from '../../src/host/changedWords';

const marked = (line: string, ranges: Array<[number, number]> | null) => (ranges ?? []).map(([start, end]) => line.slice(start, end));

describe('changedWords', function () {
  it('marks the one word edited far along a long line, on both sides', function () {
    const long = 'const settings = { retries: 3, timeoutMs: 30000, backoff: "linear", verbose: false, name: "sample-service" };';
    const lines = [' // settings', `-${long}`, `+${long.replace('"linear"', '"exponential"')}`, ' export default settings;'];
    const words = changedWords(lines);
    assert.deepEqual(marked(lines[1]!, words[1]!), ['linear']);
    assert.deepEqual(marked(lines[2]!, words[2]!), ['exponential']);
    assert.equal(words[0], null);
    assert.equal(words[3], null);
  });

  it('marks nothing within lines that were replaced rather than edited', function () {
    assert.deepEqual(changedWords(['-import fs from "node:fs";', '+export const answer = 42 * factor;']), [null, null]);
  });

  it('pairs a removed run with the added run in order, leaving the unpaired lines unmarked', function () {
    const lines = ['-let total = a + b;', '-log(total);', '+let total = a * b;'];
    const words = changedWords(lines);
    assert.deepEqual(marked(lines[0]!, words[0]!), ['+']);
    assert.equal(words[1], null);
    assert.deepEqual(marked(lines[2]!, words[2]!), ['*']);
  });

  it('marks an added word without marking anything on the removed side', function () {
    const lines = ['-return value;', '+return await value;'];
    const words = changedWords(lines);
    assert.equal(words[0], null);
    assert.deepEqual(marked(lines[1]!, words[1]!), ['await ']);
  });

  it('leaves lines longer than the comparison limit unmarked', function () {
    const long = 'x '.repeat(3_000);
    assert.deepEqual(changedWords([`-${long}a`, `+${long}b`]), [null, null]);
  });
});
