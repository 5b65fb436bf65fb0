// The Loupe page inside one vscode.Webview, wherever VS Code shows it (the activity-bar view or an
// editor panel): sets its HTML under a strict CSP, validates every incoming message, and on each
// `ready` sends the state and the transcript so far, so a page that was hidden or reloaded draws it again.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage } from '../shared/protocol';
import { DisposableOwner } from './disposableOwner';
import { parseWebviewMessage, type WebviewMessage } from '../shared/protocolSchema';

/** Where the page is shown: its background follows the side bar in the view, the editor in a panel. */
export type PageSurface = 'view' | 'editor';

export type PanelRequest = Exclude<WebviewMessage, { type: 'ready' }>;

export class LoupeWebview extends DisposableOwner {
  private readonly _onDidReceive = this._register(new vscode.EventEmitter<PanelRequest>());
  /** A validated request from the page (Stop, a decision, a restore…); `ready` is handled here. */
  readonly onDidReceive = this._onDidReceive.event;
  /**
   * Until the page says `ready` nothing is posted: whatever it missed is in the snapshot it gets then
   * (the controller's transcript log), so queuing here too would draw it twice.
   */
  private _ready = false;

  constructor(
    private readonly _webview: vscode.Webview,
    extensionUri: vscode.Uri,
    /** The messages that bring a fresh page up to date: `ready-ack` first, then the last session's log. */
    private readonly _snapshot: () => HostMessage[],
    private readonly _log: vscode.LogOutputChannel,
    surface: PageSurface,
  ) {
    super();
    _webview.options = webviewOptions(extensionUri);
    _webview.html = panelHtml(_webview, extensionUri, surface);
    this._register(_webview.onDidReceiveMessage((raw: unknown) => this._receive(raw)));
  }

  post(message: HostMessage): void {
    if (this.isDisposed || !this._ready) return;
    void this._webview.postMessage(message).then(undefined, (error: unknown) => this._log.warn(`Could not post to the panel: ${String(error)}`));
  }

  /** Redraws the page from the snapshot (e.g. once the saved last session has been read from disk). */
  resync(): void {
    for (const message of this._snapshot()) this.post(message);
  }

  private _receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this._log.warn(`Ignored a malformed message from the panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        // Sent once per page load: a view that was hidden and shown again is a new page.
        this._ready = true;
        this.resync();
        return;
      default:
        this._onDidReceive.fire(message);
        return;
    }
  }

}

/** Scripts on, and only our own dist/ folder readable: the bundle, its styles and the codicon font. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/**
 * The page: only our bundled script (by nonce), our style sheets and the codicon font may load; no
 * remote content and no inline styles. Lit's components style themselves through adopted style
 * sheets, which this CSP allows without 'unsafe-inline'.
 */
function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, surface: PageSurface): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...path));
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  // The codicon sheet's id is how @vscode-elements' icon component finds it to load inside its shadow root.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${asset('codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('webview.css')}">
<title>Loupe</title>
</head>
<body data-surface="${surface}">
<div id="app"></div>
<script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
}
