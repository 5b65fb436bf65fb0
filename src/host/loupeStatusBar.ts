// The status bar item: whether Loupe is working, and what the current (or last) task has cost.
// Clicking it opens the panel.
import * as vscode from 'vscode';
import type { HostMessage } from '../shared/protocol';

export class LoupeStatusBar implements vscode.Disposable {
  private readonly _item = vscode.window.createStatusBarItem('loupe.status', vscode.StatusBarAlignment.Left, 100);
  private _costUsd = 0;
  private _running = false;

  constructor() {
    this._item.name = 'Loupe';
    this._item.command = 'loupe.openPanel';
    this._render();
    this._item.show();
  }

  /** Follows the same messages the panel gets, so the two never disagree. */
  update(message: HostMessage): void {
    if (message.type === 'session-started') {
      this._running = true;
      this._costUsd = 0;
    } else if (message.type === 'follow-up') {
      // The conversation goes on, and so does its cost.
      this._running = true;
    } else if (message.type === 'session-ended') {
      this._running = false;
    } else if (message.type === 'event' && message.event.type === 'usage') {
      this._costUsd = message.event.sessionCostUsd;
    } else {
      return;
    }
    this._render();
  }

  /** The last task's cost, as restored after a window reload (while no task runs). */
  showLastCost(costUsd: number): void {
    if (this._running) return;
    this._costUsd = costUsd;
    this._render();
  }

  dispose(): void {
    this._item.dispose();
  }

  private _render(): void {
    const cost = `$${this._costUsd.toFixed(4)}`;
    this._item.text = this._running ? `$(sync~spin) Loupe: working · ${cost}` : `$(eye) Loupe: idle · ${cost}`;
    this._item.tooltip = this._running ? `Loupe is working on a task; it has cost ${cost} so far. Click to open the panel.` : `Loupe is idle; the last task cost ${cost}. Click to open the panel.`;
  }
}
