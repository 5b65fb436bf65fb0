// Caps tool output before it goes back to the model: keeps the head and the tail (where a build
// or test log puts its failure) and says how much of the middle was left out.

/**
 * About 7,500 tokens of typical log text (≈4 chars per token): one tool result stays a few
 * percent of a 200k-token context window, so a chatty command cannot crowd out the conversation.
 */
export const DEFAULT_MAX_OUTPUT_CHARS = 30_000;

/** Share of the kept text taken from the start; the rest comes from the end, where errors usually are. */
const HEAD_SHARE = 0.4;

/** Room kept for the "left out" line, so the capped text stays within maxChars. */
const MARKER_RESERVE_CHARS = 80;

/**
 * A cut moves to the nearest line break if one lies within this share of the kept part, so the
 * model sees whole lines; further away, a long line is cut mid-way rather than lose much text.
 */
const LINE_SNAP_SHARE = 0.25;

/** Returns `text` unchanged when it fits in `maxChars`, else its head and tail with a marker line between. */
export function capOutput(text: string, maxChars: number): string {
  const capped = new CappedText(maxChars);
  capped.append(text);
  return capped.toString();
}

/**
 * The streaming form of capOutput: text arrives in chunks and memory stays bounded by about
 * 2 × maxChars however much is appended. `toString()` equals `capOutput(allText, maxChars)`.
 */
export class CappedText {
  private readonly _headLimit: number;
  private readonly _tailLimit: number;
  private _head = '';
  /** Chunks of the latest text; trimmed from the front once they hold well over _tailLimit. */
  private _tail: string[] = [];
  private _tailLength = 0;
  private _totalChars = 0;
  private _totalLineBreaks = 0;

  constructor(private readonly _maxChars: number) {
    const budget = Math.max(0, _maxChars - MARKER_RESERVE_CHARS);
    this._headLimit = Math.floor(budget * HEAD_SHARE);
    this._tailLimit = budget - this._headLimit;
  }

  get totalChars(): number {
    return this._totalChars;
  }

  append(chunk: string): void {
    if (chunk.length === 0) return;
    this._totalChars += chunk.length;
    this._totalLineBreaks += countLineBreaks(chunk);
    // Until the text outgrows the cap, the head holds all of it (up to maxChars), so short
    // output comes back whole.
    const headRoom = this._maxChars - this._head.length;
    if (this._tailLength === 0 && headRoom > 0) {
      this._head += chunk.slice(0, headRoom);
      chunk = chunk.slice(headRoom);
      if (chunk.length === 0) return;
    }
    this._tail.push(chunk);
    this._tailLength += chunk.length;
    if (this._tailLength > 2 * this._maxChars + 1) this._compactTail();
  }

  toString(): string {
    if (this._totalChars <= this._maxChars) return this._head;
    // The head may hold more than its share while the text still fitted; the extra goes back in front of the tail.
    const tailSource = this._head.slice(this._headLimit) + this._tail.join('');
    const head = snapHeadToLine(safeEnd(this._head, this._headLimit));
    const tailStart = safeStart(tailSource, Math.max(0, tailSource.length - this._tailLimit));
    const tail = snapTailToLine(tailSource.slice(tailStart));
    const omittedChars = this._totalChars - head.length - tail.length;
    const omittedLines = this._totalLineBreaks - countLineBreaks(head) - countLineBreaks(tail);
    const marker = `[... ${formatCount(omittedChars)} characters (${formatCount(omittedLines)} lines) left out of the middle ...]`;
    const before = head.length === 0 || head.endsWith('\n') ? '' : '\n';
    return `${head}${before}${marker}\n${tail}`;
  }

  private _compactTail(): void {
    // Keep a little more than the tail needs so toString() can still snap to a line break.
    const joined = this._tail.join('');
    const keepFrom = safeStart(joined, joined.length - this._maxChars);
    const kept = joined.slice(keepFrom);
    // The head's overflow only matters while the tail is shorter than its limit; past that it is middle text.
    this._head = this._head.slice(0, this._headLimit);
    this._tail = [kept];
    this._tailLength = kept.length;
  }
}

/** The first `end` characters, one fewer if the cut would split a surrogate pair. */
function safeEnd(text: string, end: number): string {
  end = Math.min(end, text.length);
  if (end <= 0) return '';
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/** A start index at or after `start` that does not fall inside a surrogate pair. */
function safeStart(text: string, start: number): number {
  if (start <= 0) return 0;
  if (start < text.length && isLowSurrogate(text.charCodeAt(start))) return start + 1;
  return start;
}

function snapHeadToLine(head: string): string {
  const lastBreak = head.lastIndexOf('\n');
  if (lastBreak >= 0 && head.length - (lastBreak + 1) <= head.length * LINE_SNAP_SHARE) return head.slice(0, lastBreak + 1);
  return head;
}

function snapTailToLine(tail: string): string {
  const firstBreak = tail.indexOf('\n');
  if (firstBreak >= 0 && firstBreak + 1 <= tail.length * LINE_SNAP_SHARE) return tail.slice(firstBreak + 1);
  return tail;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
