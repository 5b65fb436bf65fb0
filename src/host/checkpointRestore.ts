// Restoring a checkpoint from VS Code: a preview of what will change, an explicit confirmation,
// then the restore, whose own "before" snapshot makes it undoable.
import * as vscode from 'vscode';
import type { CheckpointStore, RestoreChange } from '../agent/checkpoints';

/** Files listed by name in the confirmation; the rest are counted. */
const PREVIEW_FILES_SHOWN = 12;

const VERBS: Record<RestoreChange['change'], string> = { restored: 'restore', deleted: 'delete', recreated: 'recreate' };

/** Returns the changes made, or undefined when the user cancelled or nothing differed. */
export async function confirmAndRestore(store: CheckpointStore, checkpointId: string, label: string): Promise<RestoreChange[] | undefined> {
  const preview = await store.previewRestore(checkpointId);
  if (preview.length === 0) {
    void vscode.window.showInformationMessage(`The workspace already matches the checkpoint "${label}".`);
    return undefined;
  }
  const lines = preview.slice(0, PREVIEW_FILES_SHOWN).map((entry) => `${VERBS[entry.change]} ${entry.path}`);
  if (preview.length > PREVIEW_FILES_SHOWN) lines.push(`… and ${preview.length - PREVIEW_FILES_SHOWN} more`);
  const choice = await vscode.window.showWarningMessage(
    `Restore the workspace to "${label}"? ${preview.length} ${preview.length === 1 ? 'file changes' : 'files change'}.`,
    { modal: true, detail: `${lines.join('\n')}\n\nIgnored files are left alone. The current state is saved first, so this can be undone.` },
    'Restore',
  );
  if (choice !== 'Restore') return undefined;
  const { changes } = await store.restore(checkpointId);
  return changes;
}
