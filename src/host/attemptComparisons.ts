// The last best-of-N comparison's buttons: each attempt's changes in VS Code's diff editor (from a
// read-only document provider over the kept texts, so nothing is written to open them), and the
// changes of an attempt the user picks instead of the winner.
import * as vscode from 'vscode';
import type { AttemptDiff } from '../agent/attempts/attemptChanges';
import { insteadOf } from '../agent/attempts/applyWinner';
import type { Approver } from '../agent/ports';
import type { CheckpointRecorder } from '../agent/toolRunner';
import type { HostMessage, Taken } from '../shared/protocol';
import { DisposableOwner } from './disposableOwner';
import { attemptPolicy, proposeAttempt, type KeptComparison } from './runAttempts';
import { readSettings } from './settings';
import type { AttemptsCostPreview } from './taskCosts';
import { VsCodeWorkspace } from './vscodeWorkspace';
import { join } from 'node:path';

/** The controller's one task at a time, lent for proposing an attempt's changes. */
export interface TaskSlot {
  /** The cancellation for this work, or undefined while a task runs. */
  begin(): AbortSignal | undefined;
  end(): void;
  openCheckpoints(folder: vscode.Uri): Promise<CheckpointRecorder>;
  approver: Approver;
  post(message: HostMessage): void;
}

const SCHEME = 'loupe-attempt';

/**
 * Loupe: Run Task with Attempts…: how many (the setting's number first, each with what it would likely
 * cost), then the task, asked under the estimate and the cap so the user sees both before anything runs.
 */
export async function askForAttempts(first: number, costs: AttemptsCostPreview): Promise<{ count: number; task: string } | undefined> {
  const counts = [first, ...[2, 3, 4, 5, 6, 7, 8].filter((count) => count !== first)];
  const picked = await vscode.window.showQuickPick(counts.map((count) => ({ label: `${count} attempts`, description: costs.short(count), count })), { title: 'Loupe: Run Task with Attempts', placeHolder: `Attempts run in parallel, each in its own copy of the folder; the best is proposed to it. ${costs.capLine}` });
  if (!picked) return undefined;
  const task = await vscode.window.showInputBox({ title: `Loupe: Run Task with ${picked.count} Attempts`, prompt: `What should Loupe do in this folder? ${costs.line(picked.count)} ${costs.capLine}`, placeHolder: 'e.g. Fix the failing test', ignoreFocusOut: true });
  return task?.trim() ? { count: picked.count, task: task.trim() } : undefined;
}

export class AttemptComparisons extends DisposableOwner implements vscode.TextDocumentContentProvider {
  private _kept: KeptComparison | undefined;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(SCHEME, this));
  }

  keep(kept: KeptComparison): void {
    this._kept = kept;
  }

  /** The attempt's changes and its folder, if `id` is the comparison kept. */
  find(id: string, attempt: number): { folder: vscode.Uri; diff: AttemptDiff } | undefined {
    const diff = this._kept?.id === id ? this._kept.diffs.get(attempt) : undefined;
    return diff && this._kept ? { folder: this._kept.folder, diff } : undefined;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // loupe-attempt:/<comparison>/<attempt>/<before|after>/<path>
    const [, id, attempt, side, ...path] = uri.path.split('/');
    const file = this.find(id ?? '', Number(attempt))?.diff.files.find((candidate) => candidate.path === path.join('/'));
    return (side === 'before' ? file?.before : file?.after) ?? '';
  }

  async openDiff(id: string, attempt: number): Promise<Taken> {
    const found = this.find(id, attempt);
    if (!found) return { taken: false, why: 'This comparison is no longer kept (a newer task replaced it, or the window was reloaded).' };
    const files = found.diff.files.filter((file) => file.before !== undefined || file.after !== undefined);
    if (files.length === 0) return { taken: false, why: `Attempt ${attempt} changed no file that can be shown.` };
    const pick = files.length === 1 ? files[0] : await vscode.window.showQuickPick(files.map((file) => ({ label: file.path, description: `${file.kind}, +${file.added} -${file.removed}`, file })), { title: `Attempt ${attempt}: which file?` }).then((chosen) => chosen?.file);
    if (!pick) return { taken: false, why: 'No file was picked.' };
    const uri = (side: string) => vscode.Uri.from({ scheme: SCHEME, path: `/${id}/${attempt}/${side}/${pick.path}` });
    await vscode.commands.executeCommand('vscode.diff', uri('before'), uri('after'), `${pick.path} (attempt ${attempt})`, { preview: true });
    return { taken: true };
  }

  /** "Use this one instead": the attempt's changes proposed to the folder, after a checkpoint, reviewed as usual. */
  async use(id: string, attempt: number, slot: TaskSlot): Promise<Taken> {
    const found = this.find(id, attempt);
    if (!found) return { taken: false, why: 'This comparison is no longer kept (a newer task replaced it, or the window was reloaded).' };
    const signal = slot.begin();
    if (!signal) return { taken: false, why: 'Loupe is working on a task; use another attempt once it ends.' };
    try {
      const checkpoints = await slot.openCheckpoints(found.folder).catch(() => undefined);
      slot.post({ type: 'notice', message: `Attempt ${attempt}'s changes are proposed instead.` });
      // The folder holds the proposed attempt's changes (if the user kept them): this attempt's go over them.
      const proposed = this._kept?.proposed !== undefined ? this._kept.diffs.get(this._kept.proposed) : undefined;
      const diff = proposed ? insteadOf(found.diff, proposed, await filesHolding(found.folder, proposed)) : found.diff;
      const done = await proposeAttempt(found.folder, diff, attempt, { approver: slot.approver, policy: attemptPolicy(readSettings()), signal, post: slot.post, ...(checkpoints ? { checkpoints } : {}) });
      if (this._kept?.id === id) this._kept.proposed = attempt;
      slot.post({ type: 'notice', message: `Attempt ${attempt}: ${done}.` });
      return { taken: true };
    } finally {
      slot.end();
    }
  }
}

/** The files of the folder whose text is the attempt's (the user accepted its change to them). */
async function filesHolding(folder: vscode.Uri, diff: AttemptDiff): Promise<Set<string>> {
  const workspace = await VsCodeWorkspace.open(folder);
  const holding = new Set<string>();
  for (const file of diff.files) {
    if (file.after !== undefined && (await workspace.readFile(join(workspace.root, file.path)).catch(() => undefined)) === file.after) holding.add(file.path);
  }
  return holding;
}
