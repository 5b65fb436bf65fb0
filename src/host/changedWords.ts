// Which words changed within a changed line of a hunk, so the panel can mark them: a one-word edit in
// a long line is then visible at a glance (wrapped in a narrow side bar, the line alone says little).
// A removed line is paired with the added line at the same place in the run that replaces it.
import { diffWordsWithSpace } from 'diff';
import type { WordRanges } from '../shared/protocol';

/** Past this many characters a line is only marked whole: a word diff of two huge lines costs more than it shows. */
const MAX_COMPARED_LINE_CHARS = 5_000;
/** Below this share of unchanged text the two lines are different lines, not an edit of one: no marks. */
const MIN_KEPT_SHARE = 0.3;

/**
 * For each line of a hunk (`-`, `+` or ` ` first, as in a unified diff), the changed character ranges
 * (start inclusive, end exclusive, counting the prefix), or null where nothing is marked within it.
 */
export function changedWords(lines: readonly string[]): (WordRanges | null)[] {
  const marks: (WordRanges | null)[] = lines.map(() => null);
  let index = 0;
  while (index < lines.length) {
    if (!lines[index]!.startsWith('-')) {
      index++;
      continue;
    }
    const removedStart = index;
    while (index < lines.length && lines[index]!.startsWith('-')) index++;
    const addedStart = index;
    while (index < lines.length && lines[index]!.startsWith('+')) index++;
    const pairs = Math.min(addedStart - removedStart, index - addedStart);
    for (let pair = 0; pair < pairs; pair++) {
      const [removed, added] = compare(lines[removedStart + pair]!, lines[addedStart + pair]!);
      marks[removedStart + pair] = removed;
      marks[addedStart + pair] = added;
    }
  }
  return marks;
}

function compare(removedLine: string, addedLine: string): [WordRanges | null, WordRanges | null] {
  const before = removedLine.slice(1);
  const after = addedLine.slice(1);
  if (before.length > MAX_COMPARED_LINE_CHARS || after.length > MAX_COMPARED_LINE_CHARS) return [null, null];
  const removed: WordRanges = [];
  const added: WordRanges = [];
  let beforeAt = 1;
  let afterAt = 1;
  let kept = 0;
  for (const part of diffWordsWithSpace(before, after)) {
    const length = part.value.length;
    if (part.removed) {
      removed.push([beforeAt, beforeAt + length]);
      beforeAt += length;
    } else if (part.added) {
      added.push([afterAt, afterAt + length]);
      afterAt += length;
    } else {
      kept += length;
      beforeAt += length;
      afterAt += length;
    }
  }
  if (kept < MIN_KEPT_SHARE * Math.max(before.length, after.length)) return [null, null];
  return [removed.length > 0 ? removed : null, added.length > 0 ? added : null];
}
