// Each folder's checkpoint store (a multi-root window has one per folder), opened on first use and
// kept, and the two ways the user goes back to one: the palette's pick and a restore by id.
import * as vscode from 'vscode';
import { CheckpointStore } from '../agent/checkpoints';
import { confirmAndRestore } from './checkpointRestore';

export class FolderCheckpoints {
  private readonly _stores = new Map<string, Promise<CheckpointStore>>();

  /** `storage`: Loupe's own storage, where the shadow repositories live (never the user's folder). */
  constructor(private readonly _storage: vscode.Uri) {}

  open(folder: vscode.Uri): Promise<CheckpointStore> {
    const key = folder.toString();
    let store = this._stores.get(key);
    if (!store) {
      store = CheckpointStore.open(folder.fsPath, this._storage.fsPath).catch((error: unknown) => {
        // A failed open is not kept: the next task tries again.
        this._stores.delete(key);
        throw error;
      });
      this._stores.set(key, store);
    }
    return store;
  }

  /** One of `folder`'s checkpoints, newest first, picked in a quick pick; undefined when none or dismissed. */
  async pick(folder: vscode.Uri): Promise<{ id: string; label: string } | undefined> {
    const checkpoints = await (await this.open(folder)).list();
    if (checkpoints.length === 0) {
      void vscode.window.showInformationMessage('No checkpoints yet: Loupe saves one before each step that changes files.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      checkpoints.map((checkpoint) => ({ label: checkpoint.label, description: checkpoint.createdAt.toLocaleString(), id: checkpoint.id })),
      { title: 'Loupe: Restore Checkpoint', placeHolder: 'Roll the workspace back to the moment before this step' },
    );
    return picked && { id: picked.id, label: picked.label };
  }

  /** Restores `id` in `folder` once the user confirms the preview; what was done, for the log and the panel, or undefined. */
  async restore(folder: vscode.Uri, id: string, label?: string): Promise<string | undefined> {
    const store = await this.open(folder);
    const name = label ?? (await store.list()).find((checkpoint) => checkpoint.id === id)?.label ?? id.slice(0, 8);
    const changes = await confirmAndRestore(store, id, name);
    if (!changes) return undefined;
    return `Restored the workspace to "${name}": ${changes.length} ${changes.length === 1 ? 'file' : 'files'} changed.`;
  }
}
