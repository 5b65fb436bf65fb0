// The Anthropic API key in VS Code's secret storage (Loupe: Set API Key), else ANTHROPIC_API_KEY from
// the environment VS Code started with; and the one message that says how to set it.
import * as vscode from 'vscode';
import { NO_KEY_MESSAGE } from './runTask';

const API_KEY_SECRET = 'loupe.anthropicApiKey';

export class ApiKeyStore {
  constructor(private readonly _secrets: vscode.SecretStorage) {}

  async get(): Promise<string | undefined> {
    return (await this._secrets.get(API_KEY_SECRET)) ?? process.env.ANTHROPIC_API_KEY;
  }

  /** Loupe: Set API Key: stores what the user types; an empty answer removes the stored key. */
  async set(): Promise<void> {
    const key = await vscode.window.showInputBox({ title: 'Loupe: Set API Key', prompt: 'Your Anthropic API key (kept in VS Code\'s secret storage)', password: true, ignoreFocusOut: true });
    if (key === undefined) return;
    if (key.trim() === '') {
      await this._secrets.delete(API_KEY_SECRET);
      void vscode.window.showInformationMessage('Loupe\'s stored API key was removed.');
      return;
    }
    await this._secrets.store(API_KEY_SECRET, key.trim());
    void vscode.window.showInformationMessage('Loupe\'s API key is stored.');
  }

  /** No key: says so, with a button to set one. */
  askForKey(): void {
    void vscode.window.showErrorMessage(NO_KEY_MESSAGE, 'Set API Key').then((choice) => {
      if (choice) void this.set();
    });
  }
}
