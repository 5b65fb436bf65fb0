// Text handling for the editor tool: lines, matches, and line endings. The model writes `\n`;
// a file keeps its own endings (CRLF, LF, or a mix) everywhere the edit does not touch.

/** A file's text with every CRLF turned into LF, remembering each original ending so an edit can put them back. */
export interface NormalisedText {
  /** The text with `\r\n` replaced by `\n`; edits and matching work on this. */
  lf: string;
  /** The original ending of each `\n` in `lf`, in order. */
  endings: Array<'\n' | '\r\n'>;
  /** The ending most lines use; new lines get it when nothing nearer says otherwise. */
  dominant: '\n' | '\r\n';
  /** How many lines end with CRLF (none, in most files: then nothing needs restoring). */
  crlfCount: number;
}

export function normalise(raw: string): NormalisedText {
  // A file with no CRLF at all (most) needs no record of its line endings: one native search, not a walk of every line.
  if (!raw.includes('\r\n')) return { lf: raw, endings: [], dominant: '\n', crlfCount: 0 };
  const endings: Array<'\n' | '\r\n'> = [];
  let crlf = 0;
  for (let index = raw.indexOf('\n'); index !== -1; index = raw.indexOf('\n', index + 1)) {
    const ending = index > 0 && raw.charCodeAt(index - 1) === 13 ? '\r\n' : '\n';
    if (ending === '\r\n') crlf++;
    endings.push(ending);
  }
  return { lf: crlf === 0 ? raw : toLf(raw), endings, dominant: crlf > endings.length - crlf ? '\r\n' : '\n', crlfCount: crlf };
}

/** True when every line ends with CRLF, so text the model sends for the whole file can safely get CRLF too. */
export function isUniformlyCrlf(text: NormalisedText): boolean {
  return text.endings.length > 0 && text.endings.every((ending) => ending === '\r\n');
}

/**
 * Replaces `lf.slice(start, end)` with `replacementLf` and returns the raw text: lines outside the
 * replaced range keep their own endings; new lines take the ending of the lines they replace (or of
 * their neighbour, for a pure insertion).
 */
export function spliceText(text: NormalisedText, start: number, end: number, replacementLf: string): string {
  // A file with no CRLF at all (most): nothing to restore, and a 30 MB text is not walked line by line.
  if (text.crlfCount === 0) return text.lf.slice(0, start) + replacementLf + text.lf.slice(end);
  const before = text.lf.slice(0, start);
  const after = text.lf.slice(end);
  const linesBefore = countNewlines(before);
  const replacedEndings = text.endings.slice(linesBefore, linesBefore + countNewlines(text.lf.slice(start, end)));
  const regionEnding = replacedEndings[0] ?? text.endings[linesBefore] ?? text.endings[linesBefore - 1] ?? text.dominant;
  const endingsAfter = text.endings.slice(linesBefore + replacedEndings.length);
  return restoreEndings(before, text.endings.slice(0, linesBefore)) + restoreEndings(replacementLf, [], regionEnding) + restoreEndings(after, endingsAfter);
}

/** Lines of a text, without a phantom empty line after a final newline. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Lines `first..last` (1-based, as splitLines(toLf(text)) would number them) and how many lines there
 * are, without splitting or copying the whole text: a snippet of a 30 MB file costs a scan, not 30 MB.
 */
export function linesBetween(text: string, first: number, last: number): { lines: string[]; total: number } {
  const total = countNewlines(text) + (text !== '' && !text.endsWith('\n') ? 1 : 0);
  const lines: string[] = [];
  let start = 0;
  for (let line = 1; line < first && start <= text.length; line++) start = text.indexOf('\n', start) + 1 || text.length + 1;
  for (let line = first; line <= Math.min(last, total); line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines.push(text.slice(start, end).replace(/\r$/, ''));
    start = end + 1;
  }
  return { lines, total };
}

/**
 * Lines `first..last` (1-based) from a known line start, `anchor` (its offset and number): the walk goes
 * back and forth from there, so a snippet near the end of a 30 MB file does not scan from its top.
 * Stops at the end of the text; `lines` is empty when `first` lies beyond it.
 */
export function linesNear(text: string, anchor: { offset: number; line: number }, first: number, last: number): string[] {
  let start = anchor.offset;
  let line = anchor.line;
  // The line before the one at `start` begins after the newline before start - 1 (which ends it).
  while (line > first && start > 0) {
    start = start < 2 ? 0 : text.lastIndexOf('\n', start - 2) + 1;
    line--;
  }
  const lines: string[] = [];
  for (; line <= last && start < text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (line >= first) lines.push(text.slice(start, end).replace(/\r$/, ''));
    start = end + 1;
  }
  return lines;
}

export function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** Start offsets of every occurrence of `needle`, overlapping ones included (they are just as ambiguous). */
export function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + 1)) found.push(index);
  return found;
}

/** 1-based line number of an offset. */
export function lineOf(text: string, offset: number): number {
  return countNewlines(text.slice(0, offset)) + 1;
}

/** Offset where line `lineNumber + 1` starts, i.e. just after line `lineNumber` (0: the start). */
export function offsetAfterLine(lf: string, lineNumber: number): number {
  let offset = 0;
  for (let line = 0; line < lineNumber; line++) {
    const newline = lf.indexOf('\n', offset);
    if (newline === -1) return lf.length;
    offset = newline + 1;
  }
  return offset;
}

/** Whitespace-insensitive form, to tell the model its old_str is right except for spacing. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Formats lines like `cat -n`: the number right-aligned in 6 columns, a tab, the line. */
export function numberLines(lines: readonly string[], firstLineNumber: number): string {
  return lines.map((line, index) => `${String(firstLineNumber + index).padStart(6)}\t${line}`).join('\n');
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

function restoreEndings(lf: string, endings: ReadonlyArray<'\n' | '\r\n'>, fallback: '\n' | '\r\n' = '\n'): string {
  if (!lf.includes('\n')) return lf;
  let index = 0;
  return lf.replace(/\n/g, () => endings[index++] ?? fallback);
}
