// Where the panel's messages go: every live Loupe page (the activity-bar view, an editor panel, or
// both) gets the same ones, and the transcript log keeps them so a page that loads later, or after
// a window reload, draws the last session again.
import * as vscode from 'vscode';
import type { AnswerMessage, HostMessage } from '../shared/protocol';
import { LoupeWebview, webviewOptions, type PageSurface, type PanelRequest } from './loupeWebview';
import { TranscriptLog } from './transcriptLog';
import { TranscriptStore } from './transcriptStore';
import { errorText } from '../shared/errorText';

/** The contributed view in Loupe's activity-bar container (package.json `views.loupe`). */
export const VIEW_ID = 'loupe.transcript';
/** The editor panel's type; its serializer brings it back after a reload. */
export const PANEL_VIEW_TYPE = 'loupe.panel';
/** Writing is batched: a decision or notice after a task ends is saved within this long. */
const SAVE_DELAY_MS = 500;
/** While a task runs the log is saved this often, so a window reload mid-task keeps what was shown. */
const RUNNING_SAVE_INTERVAL_MS = 3_000;

export interface PanelMessage {
  request: PanelRequest;
  column: vscode.ViewColumn | undefined;
  answer(message: AnswerMessage): void;
}

export interface PanelState {
  running: boolean;
  thinking: boolean;
  /** The model the next task uses. */
  model: string;
}

export class PanelHub implements vscode.Disposable {
  private readonly _onDidReceive = new vscode.EventEmitter<PanelMessage>();
  /**
   * A validated request from any Loupe page, with the editor column it came from (undefined: the view)
   * and how to answer an ask: to that page only, never kept in the transcript.
   */
  readonly onDidReceive = this._onDidReceive.event;
  private readonly _onDidRestore = new vscode.EventEmitter<{ sessionCostUsd: number }>();
  /** The last session came back from storage (after a window reload): the status bar shows its cost again. */
  readonly onDidRestore = this._onDidRestore.event;
  private readonly _pages = new Set<LoupeWebview>();
  private readonly _log = new TranscriptLog();
  private _view: vscode.WebviewView | undefined;
  private _editorPanel: vscode.WebviewPanel | undefined;
  private _saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Saves run one after another: a slow save of a big log must not land after a later, newer one. */
  private _saving: Promise<void> = Promise.resolve();
  private _disposed = false;
  private readonly _store: TranscriptStore;

  constructor(
    private readonly _extensionUri: vscode.Uri,
    storage: vscode.Uri,
    private readonly _state: () => PanelState,
    private readonly _output: vscode.LogOutputChannel,
  ) {
    this._store = new TranscriptStore(storage);
    void this._restoreSaved();
  }

  /** VS Code resolved the activity-bar view (opened for the first time, or shown again after being hidden). */
  attachView(view: vscode.WebviewView): void {
    this._view = view;
    this._attach(view.webview, 'view', () => undefined, view.onDidDispose, () => {
      if (this._view === view) this._view = undefined;
    });
  }

  /** A new or revived editor panel. */
  attachEditorPanel(panel: vscode.WebviewPanel): void {
    this._editorPanel?.dispose();
    this._editorPanel = panel;
    this._attach(panel.webview, 'editor', () => panel.viewColumn, panel.onDidDispose, () => {
      if (this._editorPanel === panel) this._editorPanel = undefined;
    });
  }

  /** Loupe: Open in Editor: the panel beside the current editor, or the open one brought forward. */
  openEditorPanel(): void {
    if (this._editorPanel) return this._editorPanel.reveal(undefined, true);
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Loupe', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this._extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this._extensionUri, 'media', 'loupe.svg');
    this.attachEditorPanel(panel);
  }

  /** Shows Loupe where the user keeps it: the editor panel when one is open, else the activity-bar view. */
  async reveal(): Promise<void> {
    if (this._editorPanel) return this._editorPanel.reveal(undefined, true);
    if (this._view) return this._view.show(true);
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`, { preserveFocus: true });
  }

  /** A screenshot the pages were sent in the current (or last) session, with its place in it. */
  screenshot(id: string) {
    const event = this._log.screenshot(id);
    return event && { event, number: this._log.screenshotNumber(id) };
  }

  /** The editor column of the open editor panel, if any: a diff opens beside it. */
  get editorColumn(): vscode.ViewColumn | undefined {
    return this._editorPanel?.viewColumn;
  }

  post(message: HostMessage): void {
    // A task cancelled while the extension shuts down still ends; nothing is drawn or saved after dispose.
    if (this._disposed) return;
    const changed = this._log.record(message);
    for (const page of this._pages) page.post(message);
    if (!changed) return;
    if (message.type === 'session-ended' || !this._state().running) this._scheduleSave();
    // Not pushed back by each delta (a stream never pauses long enough): at most one save per interval.
    else this._saveTimer ??= setTimeout(() => this._save(), RUNNING_SAVE_INTERVAL_MS);
  }

  private _attach(webview: vscode.Webview, surface: PageSurface, column: () => vscode.ViewColumn | undefined, onDidDispose: vscode.Event<void>, forget: () => void): void {
    const page = new LoupeWebview(webview, this._extensionUri, () => this._snapshot(), this._output, surface);
    this._pages.add(page);
    const subscriptions = [
      page.onDidReceive((request) => this._onDidReceive.fire({ request, column: column(), answer: (message) => page.post(message) })),
      onDidDispose(() => {
        forget();
        this._pages.delete(page);
        page.dispose();
        for (const subscription of subscriptions) subscription.dispose();
      }),
    ];
  }

  private _snapshot(): HostMessage[] {
    return [{ type: 'ready-ack', ...this._state() }, ...this._log.messages()];
  }

  private async _restoreSaved(): Promise<void> {
    const saved = await this._store.load();
    // No saved session yet (or an unreadable one): the panel starts empty.
    if (!saved) return;
    // A task started meanwhile wins over the saved one (a notice posted meanwhile, e.g. Restricted Mode, does not).
    if (this._log.hasSession) return;
    this._log.restore(saved);
    for (const page of this._pages) page.resync();
    if (!this._log.isEmpty) this._onDidRestore.fire({ sessionCostUsd: this._log.sessionCostUsd });
  }

  private _scheduleSave(): void {
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => this._save(), SAVE_DELAY_MS);
  }

  /** Queues a save of the log as it is when the save runs. */
  private _save(): void {
    this._saveTimer = undefined;
    this._saving = this._saving.then(() => this._write());
  }

  private async _write(): Promise<void> {
    try {
      await this._store.save(this._log.messages());
    } catch (error) {
      this._output.warn(`Could not save the transcript for after a reload: ${errorText(error)}`);
    }
  }

  dispose(): void {
    if (this._saveTimer) {
      clearTimeout(this._saveTimer);
      this._save();
    }
    this._disposed = true;
    this._editorPanel?.dispose();
    for (const page of this._pages) page.dispose();
    this._pages.clear();
    this._onDidReceive.dispose();
    this._onDidRestore.dispose();
  }
}
