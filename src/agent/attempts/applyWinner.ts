// The winning attempt's changes, proposed to the user's own folder as ordinary changes: each file goes
// through the policy and the review, as an edit of the agent's would (hunk by hunk in VS Code). A file
// the user changed since the attempts started, a binary one and a deletion are not carried over
// silently: each is named, with what to do.
import { proposeChange } from '../tools/proposeChange';
import type { ToolContext } from '../tools/tool';
import { resolveWorkspacePath } from '../workspace/resolveWorkspacePath';
import type { AttemptDiff } from './attemptChanges';

export interface AppliedFile {
  path: string;
  applied: boolean;
  message: string;
}

export async function applyWinner(diff: AttemptDiff, context: ToolContext): Promise<AppliedFile[]> {
  const results: AppliedFile[] = [];
  for (const file of diff.files) {
    if (context.signal.aborted) {
      results.push({ path: file.path, applied: false, message: 'Not applied: the task was stopped.' });
      continue;
    }
    if (file.userChangedSince) {
      results.push({ path: file.path, applied: false, message: `Not applied: ${file.path} changed in your folder while the attempts ran, so the attempt's version would undo your change.` });
      continue;
    }
    if (file.kind === 'deleted') {
      results.push({ path: file.path, applied: false, message: `Not applied: the attempt deleted ${file.path}; Loupe's editor does not delete files, so delete it yourself if you keep this change.` });
      continue;
    }
    if (file.after === undefined || (file.kind === 'modified' && file.before === undefined)) {
      results.push({ path: file.path, applied: false, message: `Not applied: ${file.path} is binary, not UTF-8, or over 2 MB, which Loupe does not carry over; copy it from the attempt yourself.` });
      continue;
    }
    // The path as the editor takes one from the model: the attempt may have replaced a link of the
    // user's folder by a real folder in its copy, and the same path here would write through the link
    // (out of the workspace, or into .vscode under another name the protected-path rule does not know).
    const target = await resolveWorkspacePath(context.workspace.root, file.path);
    if (!target.ok) {
      results.push({ path: file.path, applied: false, message: `Not applied: ${target.error}` });
      continue;
    }
    const result = await proposeChange({ context, absolutePath: target.absolutePath, relativePath: target.relativePath, before: file.kind === 'added' ? null : (file.before ?? null), after: file.after });
    const message = typeof result.content === 'string' ? result.content : 'Applied.';
    results.push({ path: file.path, applied: !result.isError, message });
  }
  return results;
}

/**
 * Another attempt's changes, as they apply to a folder that already holds the winner's: each file
 * goes from the winner's text to this attempt's, and a file only the winner changed goes back to where
 * both started. Applied with applyWinner, whose write checks the folder still holds what this expects.
 */
export function insteadOf(chosen: AttemptDiff, winner: AttemptDiff, holdsWinner: ReadonlySet<string>): AttemptDiff {
  // Only the files the folder holds the winner's text of (the user may have rejected some) are replaced.
  const winnerFiles = new Map(winner.files.filter((file) => holdsWinner.has(file.path)).map((file) => [file.path, file]));
  const files: AttemptDiff['files'] = chosen.files.map((file) => {
    const replaced = winnerFiles.get(file.path);
    if (!replaced) return file;
    const before = replaced.after;
    const kind = file.kind === 'deleted' ? 'deleted' : 'modified';
    return { ...file, kind, ...(before !== undefined ? { before } : {}), userChangedSince: file.userChangedSince || replaced.userChangedSince };
  });
  for (const replaced of winnerFiles.values()) {
    if (chosen.files.some((file) => file.path === replaced.path)) continue;
    // Only the winner changed it: back to where both attempts started (a file the winner added cannot be, and is named).
    if (replaced.kind === 'added') files.push({ ...replaced, kind: 'deleted' });
    else files.push({ path: replaced.path, kind: 'modified', ...(replaced.after !== undefined ? { before: replaced.after } : {}), ...(replaced.before !== undefined ? { after: replaced.before } : {}), added: replaced.removed, removed: replaced.added, userChangedSince: replaced.userChangedSince });
  }
  const added = files.reduce((total, file) => total + file.added, 0);
  const removed = files.reduce((total, file) => total + file.removed, 0);
  return { files, added, removed };
}
