// Anthropic's text editor tool (text_editor_20250728, `str_replace_based_edit_tool`): view, create,
// str_replace and insert inside the workspace. Every edit becomes a proposed change; a file that
// changed since the agent read it is never overwritten blindly.
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_MAX_OUTPUT_CHARS } from '../context/capOutput';
import { hashText } from '../workspace/hash';
import { describeEncoding, encodeText } from '../workspace/textEncoding';
import { resolveWorkspacePath } from '../workspace/resolveWorkspacePath';
import { collapseWhitespace, isUniformlyCrlf, lineOf, linesBetween, linesNear, normalise, numberLines, occurrences, offsetAfterLine, spliceText, splitLines, toLf } from './editorText';
import { listFolder, parseViewRange, renderLines } from './editorView';
import { describeNewProblems, newProblems } from './newProblems';
import { proposeChange } from './proposeChange';
import type { Diagnostics, FileProblem, ProblemWatch } from '../ports';
import { fail, ok, type AgentTool, type ToolContext, type ToolResult } from './tool';
import { errorText } from '../../shared/errorText';

/**
 * How much of a file one view returns (about 7k tokens at ~4 characters a token); the model pages with
 * view_range. Below the tool runner's cap on every result (DEFAULT_MAX_OUTPUT_CHARS), with room for the
 * notes, so a view is cut once, here, where the note can name the first line not shown: the runner's cap
 * cuts the middle out and would hide lines the note says were shown.
 */
export const MAX_VIEW_CHARACTERS = DEFAULT_MAX_OUTPUT_CHARS - 1_000;
/** Lines shown above and below an edit in its result; 4 as in Anthropic's reference editor. */
const SNIPPET_CONTEXT_LINES = 4;
/** Line numbers listed when old_str matches many times; more would only bloat the error. */
const MAX_LISTED_MATCHES = 20;

/** Characters of a wrongly typed value quoted back in an error. */
const MAX_SHOWN_VALUE = 40;

const COMMANDS = 'view, create, str_replace, insert';

type Fields = Record<string, unknown>;
interface Target {
  absolutePath: string;
  relativePath: string;
}
/** Where an edit landed in the new text, for the snippet in the result. */
interface EditedRegion {
  firstLine: number;
  lineCount: number;
  /** Where `firstLine` starts in the new text, when known: the snippet is read from there (editorText.linesNear). */
  lineStart?: number;
}
type EditableFile = { ok: true; text: string } | { ok: false; error: string };

export interface EditorToolOptions {
  /** The editor's problems for the files edited (VS Code); without them an edit's result names none (the CLI). */
  diagnostics?: Diagnostics;
}

export class EditorTool implements AgentTool {
  readonly name = 'str_replace_based_edit_tool';
  /** Hash of each file's text as the agent last read or wrote it, by absolute path. */
  private readonly _seen = new Map<string, string>();
  private readonly _diagnostics: Diagnostics | undefined;

  constructor(options: EditorToolOptions = {}) {
    this._diagnostics = options.diagnostics;
  }

  changesFiles(_toolName: string, input: unknown): boolean {
    return (input as { command?: unknown } | null)?.command !== 'view';
  }

  /**
   * A view returns the file's text, and str_replace and insert echo the lines around the edit: text that
   * may come from anyone. Only create answers in our own words.
   */
  returnsExternalContent(_toolName: string, input: unknown): boolean {
    return (input as { command?: unknown } | null)?.command !== 'create';
  }

  definition(): Anthropic.ToolTextEditor20250728 {
    return { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: MAX_VIEW_CHARACTERS };
  }

  async run(input: unknown, context: ToolContext): Promise<ToolResult> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(`The ${this.name} input must be a JSON object with \`command\` and \`path\`; got ${typeName(input)}.`);
    const fields = input as Fields;
    const command = fields.command;
    if (typeof command !== 'string') return fail(`${command === undefined ? 'Missing' : 'Ill-typed'} \`command\`: it must be a string, one of ${COMMANDS}; got ${typeName(command)}.`);
    if (command === 'undo_edit') return fail('undo_edit is not supported by this version of the editor tool; to revert an edit, make a str_replace that restores the earlier text.');
    if (!['view', 'create', 'str_replace', 'insert'].includes(command)) return fail(`Unknown \`command\` ${JSON.stringify(command)}: use one of ${COMMANDS}.`);
    if (typeof fields.path !== 'string') return fail(`${command} needs \`path\` (a string): a file path relative to the workspace root, or absolute inside it; got ${typeName(fields.path)}.`);
    try {
      const target = await resolveWorkspacePath(context.workspace.root, fields.path);
      if (!target.ok) return fail(target.error);
      if (command === 'view') return await this._view(fields, target, context);
      if (command === 'create') return await this._create(fields, target, context);
      if (command === 'str_replace') return await this._strReplace(fields, target, context);
      return await this._insert(fields, target, context);
    } catch (error) {
      // File-system failures (permissions, I/O) are the model's to know about, never a crash of the loop.
      return fail(`Could not ${command} ${fields.path}: ${errorText(error)}`);
    }
  }

  private async _view(fields: Fields, target: Target, context: ToolContext): Promise<ToolResult> {
    const { workspace } = context;
    const text = await workspace.readFile(target.absolutePath);
    if (text === undefined) {
      if ((await workspace.listDirectory(target.absolutePath)) === undefined) return fail(`${target.relativePath} does not exist. View the folder that should hold it to see what is there, or use create to make it.`);
      if (fields.view_range !== undefined && fields.view_range !== null) return fail(`\`view_range\` applies to files, and ${target.relativePath} is a folder; view it without a range.`);
      return ok(await listFolder(workspace, target.absolutePath, target.relativePath));
    }
    if (isBinary(text)) return fail(binaryError(target));
    const lines = splitLines(toLf(text));
    const range = parseViewRange(fields.view_range, lines.length, target.relativePath);
    if (!range.ok) return fail(range.error);
    this._seen.set(target.absolutePath, hashText(text));
    if (lines.length === 0) return ok(`${target.relativePath} is empty.`);
    const encoding = await encodingNote(context, target);
    return ok(`${encoding}${renderLines(lines, range.first, range.last, MAX_VIEW_CHARACTERS - encoding.length)}`);
  }

  private async _create(fields: Fields, target: Target, context: ToolContext): Promise<ToolResult> {
    if (typeof fields.file_text !== 'string') return fail(`create needs \`file_text\` (a string): the whole content of the file; got ${typeName(fields.file_text)}.`);
    const current = await context.workspace.readFile(target.absolutePath);
    if (current === undefined && (await context.workspace.listDirectory(target.absolutePath)) !== undefined) return fail(`${target.relativePath} is a folder; give the path of a file.`);
    if (current !== undefined) {
      const seen = this._seen.get(target.absolutePath);
      if (seen === undefined) return fail(`${target.relativePath} already exists and you have not viewed it in this session. View it first if you mean to replace it, or use str_replace to change part of it.`);
      if (seen !== hashText(current)) return fail(`${target.relativePath} already exists and changed on disk or in an editor since you last viewed it. View it again before replacing it, or use str_replace to change part of it.`);
    }
    // Replacing a CRLF file keeps it CRLF; the model writes LF.
    const fileText = current !== undefined && isUniformlyCrlf(normalise(current)) ? toLf(fields.file_text).replace(/\n/g, '\r\n') : fields.file_text;
    return this._propose(context, target, current ?? null, fileText, undefined);
  }

  private async _strReplace(fields: Fields, target: Target, context: ToolContext): Promise<ToolResult> {
    if (typeof fields.old_str !== 'string') return fail(`str_replace needs \`old_str\` (a string): the exact text to replace, matching once in the file; got ${typeName(fields.old_str)}.`);
    const newStr = fields.new_str ?? '';
    if (typeof newStr !== 'string') return fail(`str_replace \`new_str\` must be a string (leave it out to delete old_str); got ${typeName(newStr)}.`);
    if (fields.old_str === '') return fail('str_replace `old_str` is empty; give the exact text to replace, with enough surrounding lines to match once.');
    const file = await this._readForEdit(target, context);
    if (!file.ok) return fail(file.error);
    const text = normalise(file.text);
    const oldLf = toLf(fields.old_str);
    const positions = occurrences(text.lf, oldLf);
    if (positions.length === 0) {
      const nearMatch = collapseWhitespace(text.lf).includes(collapseWhitespace(oldLf));
      const hint = nearMatch ? ' It would match if spaces, tabs and line breaks were ignored: copy the text exactly, indentation included, from a fresh view.' : ' View the file and copy the text exactly.';
      return fail(`No match for old_str in ${target.relativePath}.${hint}`);
    }
    if (positions.length > 1) {
      const lines = positions.slice(0, MAX_LISTED_MATCHES).map((position) => lineOf(text.lf, position));
      const more = positions.length > MAX_LISTED_MATCHES ? ', ...' : '';
      return fail(`old_str matches ${positions.length} times in ${target.relativePath} (lines ${lines.join(', ')}${more}); include more surrounding lines to make it unique.`);
    }
    const start = positions[0]!;
    const end = start + oldLf.length;
    let replacement = toLf(newStr);
    // An edit that reaches the end of the file keeps its final newline unless it empties the file.
    const result = text.lf.slice(0, start) + replacement;
    if (end === text.lf.length && text.lf.endsWith('\n') && result !== '' && !result.endsWith('\n')) replacement += '\n';
    const after = spliceText(text, start, end, replacement);
    // Without CRLF the new text's offsets are the LF text's: the edited line starts where the old one did.
    const lineStart = text.crlfCount === 0 ? (start === 0 ? 0 : text.lf.lastIndexOf('\n', start - 1) + 1) : undefined;
    return this._propose(context, target, file.text, after, { firstLine: lineOf(text.lf, start), lineCount: splitLines(replacement).length, ...(lineStart !== undefined ? { lineStart } : {}) });
  }

  private async _insert(fields: Fields, target: Target, context: ToolContext): Promise<ToolResult> {
    // Older versions of the tool sent the inserted text as `new_str`.
    const insertText = fields.insert_text ?? fields.new_str;
    if (typeof insertText !== 'string') return fail(`insert needs \`insert_text\` (a string): the text to insert; got ${typeName(insertText)}.`);
    const insertLine = fields.insert_line;
    if (typeof insertLine !== 'number' || !Number.isInteger(insertLine)) return fail(`insert needs \`insert_line\` (a whole number): the line after which to insert, 0 for the top; got ${typeName(insertLine)}.`);
    const file = await this._readForEdit(target, context);
    if (!file.ok) return fail(file.error);
    const text = normalise(file.text);
    const lineCount = splitLines(text.lf).length;
    if (insertLine < 0 || insertLine > lineCount) return fail(`insert_line ${insertLine} is out of range: ${target.relativePath} has ${lineCount} lines, so use 0 to ${lineCount}.`);
    const offset = offsetAfterLine(text.lf, insertLine);
    let replacement = toLf(insertText);
    if (text.lf !== '') {
      // After a last line without a newline, the new text starts a line and the file still ends without one.
      if (offset === text.lf.length && !text.lf.endsWith('\n')) replacement = `\n${replacement.replace(/\n$/, '')}`;
      else if (!replacement.endsWith('\n')) replacement += '\n';
    }
    const after = spliceText(text, offset, offset, replacement);
    return this._propose(context, target, file.text, after, { firstLine: insertLine + 1, lineCount: splitLines(toLf(insertText)).length });
  }

  /** Reads a file for str_replace/insert, refusing one that changed since the agent last read or wrote it. */
  private async _readForEdit(target: Target, context: ToolContext): Promise<EditableFile> {
    const text = await context.workspace.readFile(target.absolutePath);
    if (text === undefined) {
      const isFolder = (await context.workspace.listDirectory(target.absolutePath)) !== undefined;
      return { ok: false, error: isFolder ? `${target.relativePath} is a folder; give the path of a file.` : `${target.relativePath} does not exist; use create to make a new file.` };
    }
    if (isBinary(text)) return { ok: false, error: binaryError(target) };
    const seen = this._seen.get(target.absolutePath);
    // The record stays until the next view, so repeating the edit without looking is refused again.
    if (seen !== undefined && seen !== hashText(text)) {
      return { ok: false, error: `${target.relativePath} changed on disk or in an editor since you last read it. View it again before editing, so the edit is made on its current text.` };
    }
    return { ok: true, text };
  }

  private async _propose(context: ToolContext, target: Target, before: string | null, after: string, edited: EditedRegion | undefined): Promise<ToolResult> {
    // Refused before the user is asked: a change that cannot be written as proposed is not worth a review.
    const facts = before === null ? undefined : await context.workspace.fileFacts?.(target.absolutePath);
    if (facts?.readOnly) return fail(`${target.relativePath} is read-only; the editor does not replace a file someone made read-only. If the change is meant, make it writable first (chmod u+w ${target.relativePath}) and edit again.`);
    // UTF-8 holds every character; only other encodings need the check (and it costs a full encode).
    const encoding = facts?.encoding;
    const encoded = encoding && encoding.name !== 'utf8' ? encodeText(after, encoding) : undefined;
    if (encoding && encoded && !encoded.ok) {
      return fail(`${target.relativePath} is in ${describeEncoding(encoding) ?? encoding.name}, which cannot hold ${encoded.unencodable.map((character) => JSON.stringify(character)).join(', ')}; nothing was changed. Use characters the encoding has, or convert the file to UTF-8 first (iconv -f ${encoding.name} -t utf-8).`);
    }
    // Watched from before the review: a language server's reports are events, and none may be missed.
    const watch = await this._diagnostics?.watch(target.absolutePath).catch(() => undefined);
    try {
      let problemsBefore: FileProblem[] | undefined;
      let written = undefined as string | undefined;
      const result = await proposeChange({
        context,
        absolutePath: target.absolutePath,
        relativePath: target.relativePath,
        before,
        after,
        beforeWrite: async () => {
          problemsBefore = await watch?.beforeWrite(context.signal).catch(() => undefined);
        },
        onWritten: (text) => {
          written = text;
          this._seen.set(target.absolutePath, hashText(text));
        },
      });
      const described = written === after && edited !== undefined ? withSnippet(result, target, after, edited) : result;
      if (written === undefined || !watch || !problemsBefore) return described;
      return await withNewProblems(described, target, watch, problemsBefore, context.signal);
    } finally {
      watch?.dispose();
    }
  }
}

/** The lines around the edit as they now read. Not after a partial write: a snippet of the proposal would mislead. */
function withSnippet(result: ToolResult, target: Target, after: string, edited: EditedRegion): ToolResult {
  if (typeof result.content !== 'string') return result;
  const from = Math.max(1, edited.firstLine - SNIPPET_CONTEXT_LINES);
  const wanted = edited.firstLine + Math.max(edited.lineCount, 1) - 1 + SNIPPET_CONTEXT_LINES;
  const lines = edited.lineStart !== undefined ? linesNear(after, { offset: edited.lineStart, line: edited.firstLine }, from, wanted) : linesBetween(after, from, wanted).lines;
  if (lines.length === 0) return result;
  const to = from + lines.length - 1;
  return ok(`${result.content}\nLines ${from}-${to} of ${target.relativePath} now read:\n${numberLines(lines, from)}`);
}

/**
 * The errors and warnings the write added, as the editor's language server reports them, appended to
 * the result. Messages quote the file and come from a compiler, not from us: the result then counts
 * as outside content for the risky-action rule, even for a create, whose confirmation alone does not.
 * A failure to read them, or a cancelled wait, adds nothing: the edit is done and said to be; the
 * model can still run the compiler itself.
 */
async function withNewProblems(result: ToolResult, target: Target, watch: ProblemWatch, before: FileProblem[], signal: AbortSignal): Promise<ToolResult> {
  const after = await watch.afterWrite(signal).catch(() => undefined);
  if (!after || signal.aborted || typeof result.content !== 'string') return result;
  const section = describeNewProblems(target.relativePath, newProblems(before, after));
  if (!section) return result;
  return { ...result, content: `${result.content}\n${section}`, externalContent: true };
}

/** A line saying the file is not plain UTF-8, so the model knows what it writes will be encoded as the file is. */
async function encodingNote(context: ToolContext, target: Target): Promise<string> {
  const facts = await context.workspace.fileFacts?.(target.absolutePath);
  const described = facts ? describeEncoding(facts.encoding) : undefined;
  return described ? `[${target.relativePath} is in ${described}. Loupe keeps that encoding, and every byte you do not edit, when it writes.]\n` : '';
}

/** NUL bytes do not occur in text files; editing a binary file as UTF-8 would corrupt it. */
function isBinary(text: string): boolean {
  return text.includes('\u0000');
}

function binaryError(target: Target): string {
  return `${target.relativePath} looks like a binary file (it contains NUL bytes); the editor reads and edits text files only.`;
}

/** How a value the model sent is described in an error: its JSON type, in words. */
function typeName(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${shown.length > MAX_SHOWN_VALUE ? `${shown.slice(0, MAX_SHOWN_VALUE)}...` : shown}`;
}
