import assert from 'node:assert/strict';
import { CappedText, capOutput, DEFAULT_MAX_OUTPUT_CHARS } from '../../src/agent/context/capOutput';

const MARKER = /\[\.\.\. ([\d,]+) characters \(([\d,]+) lines\) left out of the middle \.\.\.\]\n/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function numberedLines(count: number): string {
  let text = '';
  for (let line = 1; line <= count; line += 1) text += `line ${line}\n`;
  return text;
}

function parseCount(text: string): number {
  return Number(text.replace(/,/g, ''));
}

describe('capOutput', () => {
  it('leaves text at or under the cap untouched', () => {
    const text = numberedLines(100);
    assert.equal(capOutput(text, text.length), text);
    assert.equal(capOutput('', 10), '');
    assert.equal(capOutput('no newline at the end', DEFAULT_MAX_OUTPUT_CHARS), 'no newline at the end');
  });

  it('keeps the head and the tail of a long log, with more of the tail, and a line saying what was left out', () => {
    const text = numberedLines(10_000);
    const capped = capOutput(text, 2_000);
    assert.ok(capped.length <= 2_000, `capped to ${capped.length} characters`);
    assert.ok(capped.startsWith('line 1\nline 2\n'));
    assert.ok(capped.endsWith('line 9999\nline 10000\n'));
    const match = MARKER.exec(capped);
    assert.ok(match, 'marker line present');
    const [head, tail] = capped.split(match[0]) as [string, string];
    assert.ok(tail.length > head.length, 'the tail, where failures are, gets the larger share');
    // The cut falls on line breaks, and the counts add up to the original.
    assert.ok(head.endsWith('\n'));
    assert.match(tail, /^line \d+\n/);
    assert.equal(parseCount(match[1] as string), text.length - head.length - tail.length);
    const keptLines = (head + tail).split('\n').length - 1;
    assert.equal(parseCount(match[2] as string), 10_000 - keptLines);
  });

  it('cuts a single long line mid-way rather than dropping it', () => {
    const text = 'a'.repeat(5_000) + 'b'.repeat(5_000);
    const capped = capOutput(text, 1_000);
    assert.match(capped, /^a+\n\[\.\.\. [\d,]+ characters \(0 lines\) left out of the middle \.\.\.\]\nb+$/);
    assert.ok(capped.length <= 1_000);
  });

  it('never splits a surrogate pair at either cut', () => {
    const text = '😀'.repeat(5_000);
    for (const cap of [1_000, 1_001, 1_002, 1_003, 777]) {
      const capped = capOutput(text, cap);
      assert.ok(!LONE_SURROGATE.test(capped), `cap ${cap} left a lone surrogate`);
      assert.ok(capped.startsWith('😀') && capped.endsWith('😀'));
    }
  });

  it('gives the same result when the text arrives in chunks of any size', () => {
    const text = numberedLines(3_000) + 'tail without newline 😀';
    for (const chunkSize of [1, 7, 100, 999, 4_096, text.length]) {
      const capped = new CappedText(1_500);
      for (let start = 0; start < text.length; start += chunkSize) capped.append(text.slice(start, start + chunkSize));
      assert.equal(capped.toString(), capOutput(text, 1_500), `chunk size ${chunkSize}`);
      assert.equal(capped.totalChars, text.length);
    }
  });
});
