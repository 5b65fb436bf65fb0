// Which hunk of a proposed change a line of the diff editor belongs to, for "Loupe: Accept Hunk" run
// from the palette or a keybinding with the cursor in the diff (the way to decide per hunk when
// VS Code's diffEditor.codeLens is off, which is its default). Pure, so it is unit-tested.
import type { StructuredPatchHunk } from 'diff';

export type DiffSide = 'original' | 'proposed';

/**
 * The index of the hunk whose lines on `side` (its context lines included) cover the 0-based `line`,
 * or undefined when the line is outside every hunk. Hunks never overlap: jsdiff merges hunks whose
 * context would touch, so at most one matches. A hunk with no lines on a side (a new file's empty
 * original) sits on the line where it would be.
 */
export function hunkIndexAtLine(hunks: readonly StructuredPatchHunk[], side: DiffSide, line: number): number | undefined {
  const index = hunks.findIndex((hunk) => {
    const start = Math.max(0, (side === 'proposed' ? hunk.newStart : hunk.oldStart) - 1);
    const count = side === 'proposed' ? hunk.newLines : hunk.oldLines;
    return line >= start && line <= start + Math.max(count, 1) - 1;
  });
  return index === -1 ? undefined : index;
}
