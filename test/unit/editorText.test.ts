// The editor's text helpers against the plain definition they shortcut: split the text into lines.
import assert from 'node:assert/strict';
import { linesBetween, linesNear, normalise, splitLines, toLf } from '../../src/agent/tools/editorText';

/** A small random text of short lines, empty lines and CRLF endings, ending with or without a newline. */
function randomText(seed: number): string {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const parts: string[] = [];
  for (let line = Math.floor(next() * 12); line > 0; line--) parts.push('ab'.slice(0, Math.floor(next() * 3)) + (next() < 0.3 ? '\r\n' : '\n'));
  if (next() < 0.5) parts.push('end');
  return parts.join('');
}

describe('editorText', function () {
  it('linesNear gives the same lines as linesBetween from any line start, for any range', function () {
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomText(seed);
      const lines = splitLines(toLf(text));
      // Every line's start is a valid anchor, the end of the text too (an empty last line).
      const starts = [0];
      for (let at = text.indexOf('\n'); at !== -1 && at + 1 < text.length; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      starts.forEach((offset, index) => {
        for (let first = 1; first <= lines.length + 1; first++) {
          for (let last = first; last <= lines.length + 2; last++) {
            const expected = linesBetween(text, first, last).lines;
            assert.deepEqual(linesNear(text, { offset, line: index + 1 }, first, last), expected, `${JSON.stringify(text)} from line ${index + 1}, lines ${first}-${last}`);
          }
        }
      });
    }
  });

  it('normalise keeps a text without CRLF as it is, and records the endings of one with CRLF', function () {
    const plain = 'a\nb\n';
    assert.deepEqual(normalise(plain), { lf: plain, endings: [], dominant: '\n', crlfCount: 0 });
    assert.deepEqual(normalise('a\r\nb\nc\r\n'), { lf: 'a\nb\nc\n', endings: ['\r\n', '\n', '\r\n'], dominant: '\r\n', crlfCount: 2 });
  });
});
