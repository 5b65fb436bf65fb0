// The Loupe panel: a webview that shows a session's transcript. The host posts each event as it
// happens; messages wait until the webview says `ready`, and every incoming message is validated.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../shared/protocol';

/** What the panel needs to know when its page (re)loads. */
export interface PanelState {
  running: boolean;
  thinking: boolean;
}

const VIEW_TYPE = 'loupe.panel';

export class LoupePanel implements vscode.Disposable {
  private readonly _onDidReceive = new vscode.EventEmitter<Exclude<WebviewMessage, { type: 'ready' }>>();
  /** A validated request from the page (Stop, a decision, a restore…); `ready` is handled here. */
  readonly onDidReceive = this._onDidReceive.event;
  private readonly _onDidDispose = new vscode.EventEmitter<void>();
  /** The user closed the panel (or it was disposed). */
  readonly onDidDispose = this._onDidDispose.event;

  private readonly _disposables: vscode.Disposable[] = [this._onDidReceive, this._onDidDispose];
  /** Messages posted before the webview's script listens; sent in order on `ready`. */
  private _pending: HostMessage[] = [];
  private _ready = false;
  private _disposed = false;

  private constructor(
    private readonly _panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly _state: () => PanelState,
    private readonly _log: vscode.LogOutputChannel,
  ) {
    _panel.webview.html = panelHtml(_panel.webview, extensionUri);
    this._disposables.push(
      _panel.webview.onDidReceiveMessage((raw: unknown) => this._receive(raw)),
      _panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(extensionUri: vscode.Uri, state: () => PanelState, log: vscode.LogOutputChannel): LoupePanel {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Loupe', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      // The transcript lives in the webview's DOM; keeping it while hidden avoids replaying the session.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    return new LoupePanel(panel, extensionUri, state, log);
  }

  /** The editor group the panel is in, when it is visible. */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this._panel.viewColumn;
  }

  reveal(): void {
    this._panel.reveal(undefined, true);
  }

  post(message: HostMessage): void {
    if (this._disposed) return;
    if (!this._ready) {
      this._pending.push(message);
      return;
    }
    void this._panel.webview.postMessage(message).then(undefined, (error: unknown) => this._log.warn(`Could not post to the panel: ${String(error)}`));
  }

  private _receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this._log.warn(`Ignored a malformed message from the panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready': {
        this._ready = true;
        const pending = this._pending;
        this._pending = [];
        this.post({ type: 'ready-ack', ...this._state() });
        for (const queued of pending) this.post(queued);
        return;
      }
      default:
        this._onDidReceive.fire(message);
        return;
    }
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this._onDidDispose.fire();
    this._panel.dispose();
    for (const disposable of this._disposables.splice(0)) disposable.dispose();
  }
}

/** The page: only our bundled script (by nonce) and styles may run; no remote content at all. */
function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Loupe</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
