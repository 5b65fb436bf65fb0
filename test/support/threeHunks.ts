// A 30-line file and a proposed version with three hunks (a change, an insertion, a deletion) far
// enough apart (more than 2 x 3 context lines) to stay three, for tests of per-hunk decisions.
export const THREE_HUNK_BEFORE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

const HUNK_EDITS: ReadonlyArray<(text: string) => string> = [
  (text) => text.replace('line 2\n', 'line TWO\n'),
  (text) => text.replace('line 15\n', 'line 15\ninserted after 15\n'),
  (text) => text.replace('line 28\n', ''),
];

export const THREE_HUNK_AFTER = HUNK_EDITS.reduce((text, edit) => edit(text), THREE_HUNK_BEFORE);

/** `text` (the original by default) with only the given hunks (0-based) applied, built by hand. */
export function withHunks(hunks: readonly number[], text = THREE_HUNK_BEFORE): string {
  return hunks.reduce((result, index) => HUNK_EDITS[index]!(result), text);
}
