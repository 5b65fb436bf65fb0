// What Loupe's commands do, loaded on the first command so activation stays cheap: it owns the
// panel, the running session and the API key in SecretStorage.
import * as vscode from 'vscode';
import type { AgentSession } from '../agent/session';
import type { HostMessage } from '../shared/protocol';
import { LoupePanel } from './loupePanel';
import { LoupeStatusBar } from './loupeStatusBar';
import { NO_FOLDER_MESSAGE, NO_KEY_MESSAGE, RESTRICTED_MODE_MESSAGE, runTask, workspaceFolder } from './runTask';

/** Where the key lives in VS Code's SecretStorage (the OS keychain where there is one). */
const API_KEY_SECRET = 'loupe.anthropicApiKey';

export class LoupeController implements vscode.Disposable {
  private _panel: LoupePanel | undefined;
  private _session: AgentSession | undefined;
  private _running = false;
  private readonly _statusBar = new LoupeStatusBar();

  constructor(
    private readonly _context: vscode.ExtensionContext,
    private readonly _log: vscode.LogOutputChannel,
  ) {}

  openPanel(): LoupePanel {
    if (this._panel) {
      this._panel.reveal();
      return this._panel;
    }
    const panel = LoupePanel.create(this._context.extensionUri, () => this._running, this._log);
    this._panel = panel;
    const subscriptions = [panel.onDidRequestStop(() => this.stop()), panel.onDidDispose(() => {
      if (this._panel === panel) this._panel = undefined;
      for (const subscription of subscriptions) subscription.dispose();
    })];
    return panel;
  }

  async runTask(): Promise<void> {
    if (this._running) {
      void vscode.window.showWarningMessage('Loupe is already working on a task: wait for it or run Loupe: Stop.');
      return;
    }
    const folder = workspaceFolder();
    if (!folder) {
      void vscode.window.showErrorMessage(NO_FOLDER_MESSAGE);
      return;
    }
    if (!vscode.workspace.isTrusted) {
      this._log.info('Run Task refused: the workspace is in Restricted Mode.');
      this.openPanel().post({ type: 'notice', message: RESTRICTED_MODE_MESSAGE });
      void vscode.window.showWarningMessage(RESTRICTED_MODE_MESSAGE, 'Manage Workspace Trust').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return;
    }
    const apiKey = (await this._context.secrets.get(API_KEY_SECRET)) ?? process.env.ANTHROPIC_API_KEY;
    if (!apiKey) {
      void vscode.window.showErrorMessage(NO_KEY_MESSAGE, 'Set API Key').then((choice) => {
        if (choice) void this.setApiKey();
      });
      return;
    }
    const task = await vscode.window.showInputBox({ title: 'Loupe: Run Task', prompt: 'What should Loupe do in this folder?', placeHolder: 'e.g. Fix the failing test', ignoreFocusOut: true });
    if (!task?.trim()) return;

    const panel = this.openPanel();
    const post = (message: HostMessage) => {
      this._statusBar.update(message);
      this._panel?.post(message);
    };
    this._running = true;
    try {
      await runTask(folder, { task: task.trim(), apiKey, post, log: this._log, onSessionCreated: (session) => (this._session = session) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this._log.error(`Run Task failed: ${message}`);
      panel.post({ type: 'notice', message: `Loupe could not run the task: ${message}` });
    } finally {
      this._running = false;
      this._session = undefined;
    }
  }

  stop(): void {
    if (!this._session) {
      void vscode.window.showInformationMessage('Loupe is not working on a task.');
      return;
    }
    this._log.info('Stop requested.');
    this._session.cancel();
  }

  async setApiKey(): Promise<void> {
    const key = await vscode.window.showInputBox({ title: 'Loupe: Set API Key', prompt: 'Your Anthropic API key (kept in VS Code\'s secret storage)', password: true, ignoreFocusOut: true });
    if (key === undefined) return;
    if (key.trim() === '') {
      await this._context.secrets.delete(API_KEY_SECRET);
      void vscode.window.showInformationMessage('Loupe\'s stored API key was removed.');
      return;
    }
    await this._context.secrets.store(API_KEY_SECRET, key.trim());
    void vscode.window.showInformationMessage('Loupe\'s API key is stored.');
  }

  dispose(): void {
    this._session?.cancel();
    this._panel?.dispose();
    this._statusBar.dispose();
  }
}
