// Turns an edit into a proposed change, gets a decision (policy, else the user through the
// Approver), applies what was accepted, and tells the model exactly what is now in the file.
import { applyPatch, structuredPatch, type StructuredPatchHunk } from 'diff';
import { StaleFileError, type ChangeDecision, type ProposedChange } from '../ports';
import { hashText } from '../workspace/hash';
import { fail, ok, type ToolContext, type ToolResult } from './tool';

/** Lines of context around each hunk, as in `diff -u`. */
const HUNK_CONTEXT_LINES = 3;

export interface ProposalArgs {
  context: ToolContext;
  absolutePath: string;
  relativePath: string;
  before: string | null;
  after: string;
}

export interface ProposalOutcome {
  result: ToolResult;
  /** The text written to the file, when anything was. */
  writtenText?: string;
}

export function buildProposedChange(absolutePath: string, relativePath: string, before: string | null, after: string): ProposedChange {
  const patch = structuredPatch(relativePath, relativePath, before ?? '', after, undefined, undefined, { context: HUNK_CONTEXT_LINES });
  return { path: absolutePath, relativePath, before, after, hunks: patch.hunks };
}

export async function proposeChange(args: ProposalArgs): Promise<ProposalOutcome> {
  const { context, absolutePath, relativePath, before, after } = args;
  const change = buildProposedChange(absolutePath, relativePath, before, after);
  if (before !== null && change.hunks.length === 0) return { result: ok(`No change: ${relativePath} already has this text.`) };

  const verdict = context.policy.checkEdit(relativePath);
  if (verdict.kind === 'deny') return { result: fail(verdict.reason) };
  let decision: ChangeDecision;
  if (verdict.kind === 'allow') {
    decision = { kind: 'accept' };
  } else {
    try {
      decision = await context.approver.reviewChange(change, context.signal);
    } catch (error) {
      if (context.signal.aborted) return { result: fail('Cancelled before the change was applied.') };
      return { result: fail(`The change to ${relativePath} could not be reviewed: ${error instanceof Error ? error.message : String(error)}`) };
    }
  }
  if (context.signal.aborted) return { result: fail('Cancelled before the change was applied.') };
  context.emit({ type: 'change_decided', path: relativePath, decision });

  if (decision.kind === 'reject') {
    return { result: fail(`The user rejected the change to ${relativePath}; the file was not changed.${decision.reason ? ` Their reason: ${decision.reason}` : ''}`) };
  }
  const accepted = decision.kind === 'accept' ? change.hunks.map((_, index) => index) : [...new Set(decision.acceptedHunks)].filter((i) => i >= 0 && i < change.hunks.length).sort((a, b) => a - b);
  if (accepted.length === 0) {
    return { result: fail(`The user rejected every hunk of the change to ${relativePath}; the file was not changed.${decision.kind === 'partial' && decision.reason ? ` Their reason: ${decision.reason}` : ''}`) };
  }
  const text = accepted.length === change.hunks.length ? after : applySomeHunks(change, accepted);
  if (text === undefined) return { result: fail(`The accepted hunks of ${relativePath} could not be applied on their own; nothing was written. Make the edit again in smaller steps.`) };

  try {
    await context.workspace.writeFile(absolutePath, text, before === null ? null : hashText(before));
  } catch (error) {
    if (error instanceof StaleFileError) {
      return { result: fail(`${relativePath} changed on disk or in an editor while the change waited for approval; nothing was written. View the file again and redo the edit.`) };
    }
    return { result: fail(`Could not write ${relativePath}: ${error instanceof Error ? error.message : String(error)}`) };
  }

  const rejected = change.hunks.map((hunk, index) => ({ hunk, index })).filter(({ index }) => !accepted.includes(index));
  if (rejected.length === 0) {
    const what = before === null ? `Created ${relativePath}` : `Edited ${relativePath}`;
    return { result: ok(`${what} (${plural(change.hunks.length, 'hunk')} accepted).`), writtenText: text };
  }
  const reason = decision.kind === 'partial' && decision.reason ? ` Their reason: ${decision.reason}` : '';
  const report = [
    `The user accepted ${accepted.length} of ${change.hunks.length} hunks of the change to ${relativePath} and rejected ${plural(rejected.length, 'hunk')}.${reason}`,
    'These rejected hunks are NOT in the file:',
    ...rejected.map(({ hunk, index }) => `hunk ${index + 1}:\n${formatHunk(hunk)}`),
  ].join('\n');
  return { result: ok(report), writtenText: text };
}

/** Applies only the chosen hunks to the original; later hunks are shifted by the skipped ones. */
function applySomeHunks(change: ProposedChange, accepted: number[]): string | undefined {
  const before = change.before ?? '';
  let offset = 0;
  const hunks: StructuredPatchHunk[] = [];
  change.hunks.forEach((hunk, index) => {
    if (accepted.includes(index)) {
      hunks.push({ ...hunk, newStart: hunk.oldStart + offset });
      offset += hunk.newLines - hunk.oldLines;
    }
  });
  const result = applyPatch(before, { oldFileName: change.relativePath, newFileName: change.relativePath, oldHeader: undefined, newHeader: undefined, hunks });
  return result === false ? undefined : result;
}

export function formatHunk(hunk: StructuredPatchHunk): string {
  return [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines].join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
