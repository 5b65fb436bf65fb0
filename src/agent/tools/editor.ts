// Anthropic's text editor tool (text_editor_20250728, `str_replace_based_edit_tool`): view, create,
// str_replace and insert inside the workspace. Every edit becomes a proposed change; a file that
// changed since the agent read it is never overwritten blindly.
import type Anthropic from '@anthropic-ai/sdk';
import { hashText } from '../workspace/hash';
import { resolveWorkspacePath } from '../workspace/resolveWorkspacePath';
import { listFolder, numberLines } from './editorView';
import { proposeChange } from './proposeChange';
import { fail, ok, type AgentTool, type ToolContext, type ToolResult } from './tool';

/** How much of a file one view returns; the model can page with view_range. */
export const MAX_VIEW_CHARACTERS = 40_000;
/** Lines of context shown around an edit in its result. */
const SNIPPET_CONTEXT_LINES = 4;

type EditorInput = Record<string, unknown>;

export class EditorTool implements AgentTool {
  readonly name = 'str_replace_based_edit_tool';
  /** Hash of each file's text as the agent last read or wrote it, by absolute path. */
  private readonly _seen = new Map<string, string>();

  definition(): Anthropic.ToolTextEditor20250728 {
    return { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: MAX_VIEW_CHARACTERS };
  }

  async run(input: unknown, context: ToolContext): Promise<ToolResult> {
    const fields = (input ?? {}) as EditorInput;
    const command = fields.command;
    if (typeof fields.path !== 'string') return fail(`${this.name} needs \`path\` (a string): a file path relative to the workspace root, or absolute inside it.`);
    switch (command) {
      case 'view':
        return this._view(fields, context);
      case 'create':
        return this._create(fields, context);
      case 'str_replace':
        return this._strReplace(fields, context);
      case 'insert':
        return this._insert(fields, context);
      case 'undo_edit':
        return fail('undo_edit is not supported by this version of the editor tool; make a new str_replace that restores the text instead.');
      default:
        return fail(`Unknown or missing \`command\` ${JSON.stringify(command)}: use one of view, create, str_replace, insert.`);
    }
  }

  private async _view(fields: EditorInput, context: ToolContext): Promise<ToolResult> {
    const target = await resolveWorkspacePath(context.workspace.root, fields.path as string);
    if (!target.ok) return fail(target.error);
    const text = await context.workspace.readFile(target.absolutePath);
    if (text === undefined) {
      if ((await context.workspace.listDirectory(target.absolutePath)) === undefined) return fail(`${target.relativePath} does not exist. View the folder that should hold it to see what is there.`);
      if (fields.view_range !== undefined) return fail('view_range applies to files; this path is a folder.');
      return ok(await listFolder(target.absolutePath, target.relativePath));
    }
    this._seen.set(target.absolutePath, hashText(text));
    const lines = splitLines(text);
    let first = 1;
    let last = lines.length;
    if (fields.view_range !== undefined) {
      const range = fields.view_range;
      if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n))) return fail('view_range must be two whole numbers [start, end], 1-based; end may be -1 for the end of the file.');
      const [start, end] = range as [number, number];
      if (start < 1 || start > Math.max(lines.length, 1)) return fail(`view_range start ${start} is out of bounds: ${target.relativePath} has ${lines.length} lines.`);
      if (end !== -1 && (end < start || end > lines.length)) return fail(`view_range end ${end} is out of bounds: it must be -1 or between ${start} and ${lines.length} (the file has ${lines.length} lines).`);
      first = start;
      last = end === -1 ? lines.length : end;
    }
    let shown = numberLines(lines.slice(first - 1, last), first);
    if (shown.length > MAX_VIEW_CHARACTERS) {
      const cut = shown.slice(0, MAX_VIEW_CHARACTERS);
      const lastShownLine = first + cut.split('\n').length - 2;
      shown = `${cut.slice(0, cut.lastIndexOf('\n'))}\n[output cut at ${MAX_VIEW_CHARACTERS} characters; view the rest with view_range [${lastShownLine + 1}, ${last}]]`;
    }
    return ok(lines.length === 0 ? `${target.relativePath} is empty.` : shown);
  }

  private async _create(fields: EditorInput, context: ToolContext): Promise<ToolResult> {
    if (typeof fields.file_text !== 'string') return fail('create needs `file_text` (a string): the whole content of the new file.');
    const target = await resolveWorkspacePath(context.workspace.root, fields.path as string);
    if (!target.ok) return fail(target.error);
    const current = await context.workspace.readFile(target.absolutePath);
    if (current === undefined && (await context.workspace.listDirectory(target.absolutePath)) !== undefined) return fail(`${target.relativePath} is a folder; give a file path.`);
    if (current !== undefined && this._seen.get(target.absolutePath) !== hashText(current)) {
      return fail(`${target.relativePath} already exists and ${this._seen.has(target.absolutePath) ? 'has changed since you last viewed it' : 'you have not viewed it'}. View it first, or use str_replace to change part of it.`);
    }
    return this._propose(context, target.absolutePath, target.relativePath, current ?? null, fields.file_text, undefined);
  }

  private async _strReplace(fields: EditorInput, context: ToolContext): Promise<ToolResult> {
    if (typeof fields.old_str !== 'string') return fail('str_replace needs `old_str` (a string): the exact text to replace, matching once in the file.');
    if (fields.new_str !== undefined && typeof fields.new_str !== 'string') return fail('str_replace `new_str` must be a string (leave it out to delete old_str).');
    if (fields.old_str === '') return fail('old_str is empty; give the exact text to replace, with enough surrounding lines to match once.');
    const file = await this._readForEdit(fields.path as string, context);
    if (!file.ok) return fail(file.error);
    const { text, eol } = file;
    const normalized = toLf(text);
    const oldStr = toLf(fields.old_str);
    const newStr = toLf((fields.new_str as string | undefined) ?? '');
    const positions = occurrences(normalized, oldStr);
    if (positions.length === 0) {
      const hint = occurrences(collapseWhitespace(normalized), collapseWhitespace(oldStr)).length > 0 ? ' (it would match if spaces, tabs or line breaks were ignored: copy the exact text from a fresh view)' : '';
      return fail(`No match for old_str in ${file.relativePath}${hint}. View the file and copy the text exactly.`);
    }
    if (positions.length > 1) {
      const lines = positions.map((position) => lineOf(normalized, position));
      return fail(`old_str matches ${positions.length} times in ${file.relativePath} (lines ${lines.join(', ')}); include more surrounding lines to make it unique.`);
    }
    const position = positions[0]!;
    const after = normalized.slice(0, position) + newStr + normalized.slice(position + oldStr.length);
    const editedLine = lineOf(normalized, position);
    return this._propose(context, file.absolutePath, file.relativePath, text, fromLf(after, eol), { firstLine: editedLine, lineCount: splitLines(newStr).length });
  }

  private async _insert(fields: EditorInput, context: ToolContext): Promise<ToolResult> {
    const insertText = fields.insert_text ?? fields.new_str;
    if (typeof insertText !== 'string') return fail('insert needs `insert_text` (a string): the text to insert.');
    if (!Number.isInteger(fields.insert_line)) return fail('insert needs `insert_line` (a whole number): insert after this line; 0 inserts at the top.');
    const file = await this._readForEdit(fields.path as string, context);
    if (!file.ok) return fail(file.error);
    const { text, eol } = file;
    const lines = splitLines(toLf(text));
    const insertLine = fields.insert_line as number;
    if (insertLine < 0 || insertLine > lines.length) return fail(`insert_line ${insertLine} is out of range: ${file.relativePath} has ${lines.length} lines, so use 0 to ${lines.length}.`);
    const inserted = splitLines(toLf(insertText));
    const newLines = [...lines.slice(0, insertLine), ...inserted, ...lines.slice(insertLine)];
    const trailingNewline = text.length === 0 ? toLf(insertText).endsWith('\n') : /\n$/.test(text);
    const after = newLines.join('\n') + (trailingNewline && newLines.length > 0 ? '\n' : '');
    return this._propose(context, file.absolutePath, file.relativePath, text, fromLf(after, eol), { firstLine: insertLine + 1, lineCount: inserted.length });
  }

  /** Reads a file for str_replace/insert, refusing one that changed since the agent last saw it. */
  private async _readForEdit(path: string, context: ToolContext): Promise<{ ok: true; absolutePath: string; relativePath: string; text: string; eol: string } | { ok: false; error: string }> {
    const target = await resolveWorkspacePath(context.workspace.root, path);
    if (!target.ok) return target;
    const text = await context.workspace.readFile(target.absolutePath);
    if (text === undefined) return { ok: false, error: `${target.relativePath} does not exist; use create to make a new file.` };
    const seen = this._seen.get(target.absolutePath);
    if (seen !== undefined && seen !== hashText(text)) {
      this._seen.delete(target.absolutePath);
      return { ok: false, error: `${target.relativePath} changed on disk or in an editor since you last read it. View it again before editing, so the edit is made on its current text.` };
    }
    return { ok: true, absolutePath: target.absolutePath, relativePath: target.relativePath, text, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  }

  private async _propose(context: ToolContext, absolutePath: string, relativePath: string, before: string | null, after: string, edited: { firstLine: number; lineCount: number } | undefined): Promise<ToolResult> {
    const { result, writtenText } = await proposeChange({ context, absolutePath, relativePath, before, after });
    if (writtenText === undefined) return result;
    this._seen.set(absolutePath, hashText(writtenText));
    if (!edited || result.isError || writtenText !== after) return result;
    const lines = splitLines(toLf(writtenText));
    const from = Math.max(1, edited.firstLine - SNIPPET_CONTEXT_LINES);
    const to = Math.min(lines.length, edited.firstLine + Math.max(edited.lineCount, 1) - 1 + SNIPPET_CONTEXT_LINES);
    return ok(`${result.content as string}\nThe edited region now reads:\n${numberLines(lines.slice(from - 1, to), from)}`);
  }
}

/** Lines of a text, without a phantom empty line after a final newline. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

function fromLf(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + 1)) found.push(index);
  return found;
}

function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
