// What the editor tool's `view` shows: a file with line numbers (like `cat -n`), cut to the tool's
// character limit with a note on how to see the rest, or a folder two levels deep.
import { join } from 'node:path';
import type { Workspace } from '../ports';
import { numberLines } from './editorText';

/** Folders that are never worth listing to the model (hidden entries are skipped too). */
const SKIPPED_FOLDERS = new Set(['node_modules']);
/** Two levels, as Anthropic's reference editor lists a folder. */
const LIST_DEPTH = 2;
/** A listing longer than this is cut; the model can view a subfolder instead. */
const MAX_LISTED_ENTRIES = 500;

export type LineRange = { ok: true; first: number; last: number } | { ok: false; error: string };

/** Checks a `view_range` against the file: 1-based, inclusive, end -1 meaning the last line. */
export function parseViewRange(value: unknown, lineCount: number, displayPath: string): LineRange {
  if (value === undefined || value === null) return { ok: true, first: 1, last: lineCount };
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => Number.isInteger(n))) {
    return { ok: false, error: `\`view_range\` must be an array of two whole numbers [start, end], 1-based and inclusive; end may be -1 for the end of the file. Got ${JSON.stringify(value)}.` };
  }
  const [start, end] = value as [number, number];
  const count = `${displayPath} has ${lineCount} line${lineCount === 1 ? '' : 's'}`;
  if (start < 1 || start > Math.max(lineCount, 1)) return { ok: false, error: `view_range start ${start} is out of bounds: ${count}, so start must be between 1 and ${Math.max(lineCount, 1)}.` };
  if (end !== -1 && (end < start || end > lineCount)) return { ok: false, error: `view_range end ${end} is out of bounds: ${count}, so end must be -1 or between ${start} and ${lineCount}.` };
  return { ok: true, first: start, last: end === -1 ? lineCount : end };
}

/**
 * Lines `first..last` (1-based) with numbers, cut at `maxCharacters`; the note after a cut gives
 * the view_range that continues where the output stopped.
 */
export function renderLines(lines: readonly string[], first: number, last: number, maxCharacters: number): string {
  const shown: string[] = [];
  let length = 0;
  for (let lineNumber = first; lineNumber <= last; lineNumber++) {
    const numbered = numberLines([lines[lineNumber - 1] ?? ''], lineNumber);
    if (length + numbered.length > maxCharacters) {
      if (shown.length === 0) {
        // One line longer than the whole limit (minified code, data): show its start rather than nothing.
        const rest = lineNumber < last ? ` Lines ${lineNumber + 1}-${last} follow: view them with view_range [${lineNumber + 1}, ${last}].` : '';
        return `${numbered.slice(0, maxCharacters)}\n[Line ${lineNumber} is longer than ${maxCharacters} characters and was cut; use a shell command (e.g. cut -c or grep -o) to read the rest of it.${rest}]`;
      }
      return `${shown.join('\n')}\n[Output cut at ${maxCharacters} characters after line ${lineNumber - 1}; view the rest with view_range [${lineNumber}, ${last}].]`;
    }
    shown.push(numbered);
    length += numbered.length + 1;
  }
  return shown.join('\n');
}

/** The folder's files and subfolders, two levels deep, through the Workspace so an editor's view of it is used. */
export async function listFolder(workspace: Workspace, absolutePath: string, displayPath: string): Promise<string> {
  const entries: string[] = [];
  let truncated = false;
  const walk = async (folder: string, prefix: string, depth: number): Promise<void> => {
    const children = await workspace.listDirectory(folder).catch(() => undefined);
    for (const child of children ?? []) {
      const isFolder = child.endsWith('/');
      const name = isFolder ? child.slice(0, -1) : child;
      if (name.startsWith('.') || (isFolder && SKIPPED_FOLDERS.has(name))) continue;
      if (entries.length >= MAX_LISTED_ENTRIES) {
        truncated = true;
        return;
      }
      const relative = prefix ? `${prefix}/${child}` : child;
      entries.push(relative);
      if (isFolder && depth < LIST_DEPTH) await walk(join(folder, name), relative.slice(0, -1), depth + 1);
    }
  };
  await walk(absolutePath, '', 1);
  const header = `Files and folders in ${displayPath}, up to ${LIST_DEPTH} levels deep (hidden entries and node_modules left out):`;
  const footer = truncated ? `\n[Listing cut at ${MAX_LISTED_ENTRIES} entries; view a subfolder to see more.]` : '';
  return `${header}\n${entries.length ? entries.join('\n') : '(empty)'}${footer}`;
}
