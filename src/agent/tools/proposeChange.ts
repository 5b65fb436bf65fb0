// Turns an edit into a proposed change, gets a decision (the policy, else the user through the
// Approver), writes what was accepted, and tells the model exactly what is now in the file.
import { applyPatch, structuredPatch, type StructuredPatchHunk } from 'diff';
import { StaleFileError, WriteNotDoneError, type ChangeDecision, type ProposedChange } from '../ports';
import { fail, ok, type ToolContext, type ToolResult } from './tool';
import { errorText } from '../../shared/errorText';

/** Characters compared at a time while looking for where two texts start to differ. */
const COMPARE_CHUNK = 4096;
/** Lines of context around each hunk, as in `diff -u`; hunks closer than twice this merge into one. */
const HUNK_CONTEXT_LINES = 3;

export interface ProposeChangeArgs {
  context: ToolContext;
  absolutePath: string;
  relativePath: string;
  /** The text the edit was made on; null when it creates the file. */
  before: string | null;
  after: string;
  /** Called once the decision is taken, just before the write (the editor notes the file's problems then). */
  beforeWrite?: () => Promise<void>;
  /** Called with the text actually written (all of `after`, or only the accepted hunks), so the caller knows what the file now holds. */
  onWritten?: (writtenText: string) => void;
}

export function buildProposedChange(absolutePath: string, relativePath: string, before: string | null, after: string): ProposedChange {
  return { path: absolutePath, relativePath, before, after, hunks: changedHunks(relativePath, before ?? '', after) };
}

/**
 * The hunks between two texts, diffing only the lines between their common start and end (plus the
 * context lines): a one-line edit of a 20 MB file diffs a few lines, not the whole file twice over.
 */
function changedHunks(relativePath: string, before: string, after: string): StructuredPatchHunk[] {
  const limit = Math.min(before.length, after.length);
  // Whole chunks are compared as strings (a memory compare), the last one character by character.
  let start = 0;
  while (start + COMPARE_CHUNK <= limit && before.slice(start, start + COMPARE_CHUNK) === after.slice(start, start + COMPARE_CHUNK)) start += COMPARE_CHUNK;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  const room = limit - start;
  while (end + COMPARE_CHUNK <= room && before.slice(before.length - end - COMPARE_CHUNK, before.length - end) === after.slice(after.length - end - COMPARE_CHUNK, after.length - end)) end += COMPARE_CHUNK;
  while (end < room && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Out to whole lines, then twice the context on each side: room for the context lines, and for a diff
  // that places a change in repeated lines (blank lines, braces) a little further out than the first
  // differing character.
  const margin = HUNK_CONTEXT_LINES * 2;
  // The start of the line holding `index` (lastIndexOf with a negative start would still look at 0).
  const lineStart = (index: number): number => (index <= 0 ? 0 : before.lastIndexOf('\n', index - 1) + 1);
  let from = lineStart(start);
  for (let line = 0; line < margin && from > 0; line++) from = lineStart(from - 1);
  let tail = end;
  const lineEndAfter = (text: string, index: number): number => {
    const at = text.indexOf('\n', index);
    return at === -1 ? text.length : at + 1;
  };
  let cut = lineEndAfter(before, before.length - tail);
  for (let line = 0; line < margin && cut < before.length; line++) cut = lineEndAfter(before, cut);
  tail = before.length - cut;
  // The kept end must be the same text in both; it is, since it lies within the common suffix (or is empty).
  if (tail > end) tail = 0;
  const skippedLines = countLines(before, from);
  const patch = structuredPatch(relativePath, relativePath, before.slice(from, before.length - tail), after.slice(from, after.length - tail), undefined, undefined, { context: HUNK_CONTEXT_LINES });
  return patch.hunks.map((hunk) => ({ ...hunk, oldStart: hunk.oldStart + skippedLines, newStart: hunk.newStart + skippedLines }));
}

function countLines(text: string, upTo: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < upTo; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

export async function proposeChange(args: ProposeChangeArgs): Promise<ToolResult> {
  const { context, absolutePath, relativePath, before, after } = args;
  const cancelled = fail('Cancelled before the change was applied.');
  if (context.signal.aborted) return cancelled;
  const change = buildProposedChange(absolutePath, relativePath, before, after);
  if (before !== null && change.hunks.length === 0) return ok(`No change: ${relativePath} already has this text.`);

  const verdict = context.policy.checkEdit(relativePath, { afterExternalContent: context.afterExternalContent });
  if (verdict.kind === 'deny') return fail(verdict.reason);
  let decision: ChangeDecision = { kind: 'accept' };
  if (verdict.kind === 'ask') {
    try {
      decision = await context.approver.reviewChange(change, context.signal);
    } catch (error) {
      if (context.signal.aborted) return cancelled;
      return fail(`The change to ${relativePath} could not be shown for review (${describe(error)}); nothing was written.`);
    }
  }
  // A decision that arrives after the user stopped the task must not touch the file.
  if (context.signal.aborted) return cancelled;
  context.emit({ type: 'change_decided', path: relativePath, decision });

  const reason = decision.kind !== 'accept' && decision.reason ? ` Their reason: ${decision.reason}` : '';
  if (decision.kind === 'reject') return fail(`The user rejected the change to ${relativePath}; the file was not changed.${reason}`);
  const accepted = acceptedHunks(decision, change.hunks.length);
  // A rejection is the user's word, never an empty hunk list: a new empty file has no hunks to accept.
  if (accepted.length === 0 && change.hunks.length > 0) return fail(`The user rejected every hunk of the change to ${relativePath}; the file was not changed.${reason}`);
  const text = accepted.length === change.hunks.length ? after : applyOnly(change, accepted);
  if (text === undefined) return fail(`The accepted hunks of the change to ${relativePath} could not be applied without the rejected ones; nothing was written. Make the edit again in smaller steps.`);

  await args.beforeWrite?.();
  if (context.signal.aborted) return cancelled;
  try {
    await context.workspace.writeFile(absolutePath, text, before);
  } catch (error) {
    if (error instanceof StaleFileError) {
      return fail(`${relativePath} changed on disk or in an editor while the change waited for approval; nothing was written. View the file again and redo the edit.`);
    }
    if (error instanceof WriteNotDoneError) return fail(`Could not write ${relativePath}: ${error.message}`);
    return fail(`Could not write ${relativePath}: ${describe(error)}. Nothing was changed.`);
  }
  args.onWritten?.(text);
  context.emit({ type: 'change_applied', path: relativePath, created: before === null, hunks: accepted.map((index) => splitHunk(change.hunks[index]!)) });

  const total = change.hunks.length;
  if (total === 0) return ok(`Created ${relativePath}, empty.`);
  if (accepted.length === total) return ok(`${before === null ? 'Created' : 'Edited'} ${relativePath}: ${plural(total, 'hunk')} accepted.`);
  const rejected = change.hunks.map((hunk, index) => ({ hunk, index })).filter(({ index }) => !accepted.includes(index));
  return ok(
    [
      `Edited ${relativePath} in part: the user accepted ${hunkList(accepted)} and rejected ${hunkList(rejected.map(({ index }) => index))} (of ${total}, numbered from 1).${reason}`,
      'The rejected hunks below are NOT in the file; everything else you proposed is. In each header, -a,b counts lines in the file as it was and +c,d in your proposed version.',
      ...rejected.map(({ hunk, index }) => `Rejected hunk ${index + 1}:\n${formatHunk(hunk)}`),
    ].join('\n'),
  );
}

/** A hunk as its unified-diff header line and body lines, as the panel and the proof of work draw it. */
export function splitHunk(hunk: StructuredPatchHunk): { header: string; lines: string[] } {
  const [header = '', ...lines] = formatHunk(hunk).split('\n');
  return { header, lines };
}

/** The hunk header and lines as in a unified diff (carriage returns dropped so they do not garble the text). */
export function formatHunk(hunk: StructuredPatchHunk): string {
  return [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines.map((line) => line.replace(/\r$/, ''))].join('\n');
}

function acceptedHunks(decision: Exclude<ChangeDecision, { kind: 'reject' }>, count: number): number[] {
  if (decision.kind === 'accept') return Array.from({ length: count }, (_, index) => index);
  return [...new Set(decision.acceptedHunks)].filter((index) => Number.isInteger(index) && index >= 0 && index < count).sort((a, b) => a - b);
}

/**
 * Applies only the chosen hunks to the original text. `applyPatch` places each hunk by its old line
 * numbers, so a skipped hunk does not move the later ones; new-side numbers are fixed up anyway so the
 * patch is self-consistent.
 */
function applyOnly(change: ProposedChange, accepted: readonly number[]): string | undefined {
  let shift = 0;
  const hunks: StructuredPatchHunk[] = [];
  change.hunks.forEach((hunk, index) => {
    if (!accepted.includes(index)) return;
    hunks.push({ ...hunk, newStart: hunk.oldStart + shift });
    shift += hunk.newLines - hunk.oldLines;
  });
  const patched = applyPatch(change.before ?? '', { oldFileName: change.relativePath, newFileName: change.relativePath, oldHeader: undefined, newHeader: undefined, hunks });
  return patched === false ? undefined : patched;
}

function hunkList(indexes: readonly number[]): string {
  const numbers = indexes.map((index) => index + 1);
  return `${numbers.length === 1 ? 'hunk' : 'hunks'} ${numbers.join(', ')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** An error's message without its closing full stop: it is placed inside a sentence of ours. */
function describe(error: unknown): string {
  return (errorText(error)).replace(/\.+$/, '');
}
