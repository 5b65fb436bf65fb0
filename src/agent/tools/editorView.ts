// What the editor tool's `view` shows: a file with line numbers (like `cat -n`), or a folder two
// levels deep.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders that are never worth listing to the model. */
const SKIPPED_FOLDERS = new Set(['node_modules']);
const LIST_DEPTH = 2;
/** A listing longer than this is cut; the model can view a subfolder instead. */
const MAX_LISTED_ENTRIES = 500;

export function numberLines(lines: readonly string[], firstLineNumber: number): string {
  return lines.map((line, index) => `${String(firstLineNumber + index).padStart(6)}\t${line}`).join('\n');
}

export async function listFolder(absolutePath: string, displayPath: string): Promise<string> {
  const entries: string[] = [];
  let truncated = false;
  const walk = async (folder: string, prefix: string, depth: number): Promise<void> => {
    let children;
    try {
      children = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) {
      if (child.name.startsWith('.') || SKIPPED_FOLDERS.has(child.name)) continue;
      if (entries.length >= MAX_LISTED_ENTRIES) {
        truncated = true;
        return;
      }
      const relative = prefix ? `${prefix}/${child.name}` : child.name;
      entries.push(child.isDirectory() ? `${relative}/` : relative);
      if (child.isDirectory() && depth < LIST_DEPTH) await walk(join(folder, child.name), relative, depth + 1);
    }
  };
  await walk(absolutePath, '', 1);
  const header = `Files and folders in ${displayPath}, up to ${LIST_DEPTH} levels deep (hidden entries and node_modules left out):`;
  const footer = truncated ? `\n[listing cut at ${MAX_LISTED_ENTRIES} entries; view a subfolder to see more]` : '';
  return `${header}\n${entries.length ? entries.join('\n') : '(empty)'}${footer}`;
}
