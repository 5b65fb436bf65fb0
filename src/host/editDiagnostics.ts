// VS Code's problems (diagnostics) for the files the agent edits: what a file had just before the
// write, and what its language server reports on the new text (ports.ts, Diagnostics). The editor
// tool names the difference in the edit's result.
import * as vscode from 'vscode';
import type { Diagnostics, FileProblem, ProblemWatch } from '../agent/ports';
import { PANEL_VIEW_TYPE } from './panelHub';

/**
 * How long to wait for a language server's report on a file. TypeScript's extension asks tsserver
 * 200-300 ms after a change and a warm tsserver answers a small project well within a second; a cold
 * one, or a big project, may take longer, and then the edit's result names what was known by then.
 * It is also what an edit costs when nothing is reported, which no event says: the TypeScript
 * extension sends nothing when a file had no problems and still has none, and a plain-text or
 * Markdown file has no language server at all. Paid once before the write for a file in no tab
 * (waiting for its first report), once after it.
 */
export const REPORT_CEILING_MS = 2_000;
/**
 * After a report, a quiet spell this long ends the wait: TypeScript reports a file's syntax, type and
 * suggestion diagnostics as separate events, a warm tsserver a few tens of milliseconds apart for a
 * file of ordinary size; the margin is for a busy machine.
 */
export const REPORT_SETTLE_MS = 400;

export interface ReportWaits {
  ceilingMs: number;
  settleMs: number;
}

export class VsCodeDiagnostics implements Diagnostics, vscode.Disposable {
  private readonly _subscription: vscode.Disposable;
  private readonly _watches = new Set<FileProblemWatch>();

  constructor(private readonly _waits: ReportWaits = { ceilingMs: REPORT_CEILING_MS, settleMs: REPORT_SETTLE_MS }) {
    this._subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      for (const watch of this._watches) watch.onReport(event.uris);
    });
  }

  watch(absolutePath: string): Promise<ProblemWatch> {
    const watch = new FileProblemWatch(vscode.Uri.file(absolutePath), this._waits, () => this._watches.delete(watch));
    this._watches.add(watch);
    return Promise.resolve(watch);
  }

  dispose(): void {
    this._subscription.dispose();
    for (const watch of [...this._watches]) watch.dispose();
  }
}

class FileProblemWatch implements ProblemWatch {
  private readonly _key: string;
  private _reports = 0;
  private _reportsBeforeWrite = 0;
  private readonly _waiters = new Set<() => void>();

  constructor(
    private readonly _uri: vscode.Uri,
    private readonly _waits: ReportWaits,
    private readonly _ended: () => void,
  ) {
    this._key = _uri.toString();
  }

  onReport(uris: readonly vscode.Uri[]): void {
    if (!uris.some((uri) => uri.toString() === this._key)) return;
    this._reports++;
    for (const waiter of [...this._waiters]) waiter();
  }

  async beforeWrite(signal: AbortSignal): Promise<FileProblem[]> {
    // A file that was in no tab had no problems until its first report, which says what it had.
    const seen = this._reports;
    if (await this._showInTab()) await this._reportsSettled(seen, signal);
    this._reportsBeforeWrite = this._reports;
    return problemsOf(this._uri);
  }

  async afterWrite(signal: AbortSignal): Promise<FileProblem[]> {
    // A created file is shown now that it exists; its first report is on the new text.
    await this._showInTab();
    await this._reportsSettled(this._reportsBeforeWrite, signal);
    return problemsOf(this._uri);
  }

  dispose(): void {
    for (const waiter of [...this._waiters]) waiter();
    this._ended();
  }

  /**
   * VS Code's TypeScript and JSON features check only files open in a tab (not documents merely
   * loaded), so a file that is in none is shown in the preview tab, without focus and away from the
   * Loupe panel, as the diff review is: the user sees the file the agent wrote. Whether it was
   * shown here; false for a file that does not exist (yet) or that VS Code will not open as text.
   */
  private async _showInTab(): Promise<boolean> {
    if (isInTab(this._key)) return false;
    try {
      const document = await vscode.workspace.openTextDocument(this._uri);
      await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true, viewColumn: columnAwayFromPanel() });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Until a report after the first `seen` is followed by a quiet spell, or the ceiling, or the signal.
   * TypeScript reports a file's syntax, type and suggestion diagnostics as separate events.
   */
  private async _reportsSettled(seen: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + this._waits.ceilingMs;
    let reported = await this._waitForReport(seen, deadline, signal);
    while (reported) reported = await this._waitForReport(this._reports, Math.min(deadline, Date.now() + this._waits.settleMs), signal);
  }

  /** Whether a report came after the first `seen` ones, by `deadline`; false at once when aborted or disposed. */
  private _waitForReport(seen: number, deadline: number, signal: AbortSignal): Promise<boolean> {
    if (this._reports > seen) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const finish = (reported: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
        this._waiters.delete(waiter);
        resolve(reported);
      };
      const waiter = () => finish(this._reports > seen);
      const aborted = () => finish(false);
      const timer = setTimeout(() => finish(false), Math.max(0, deadline - Date.now()));
      this._waiters.add(waiter);
      signal.addEventListener('abort', aborted, { once: true });
    });
  }
}

/** The first editor group that does not hold the Loupe editor panel (diffReview.ts places the review so too). */
function columnAwayFromPanel(): vscode.ViewColumn {
  const panelGroup = vscode.window.tabGroups.all.find((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PANEL_VIEW_TYPE)));
  return panelGroup?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
}

function isInTab(key: string): boolean {
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key));
}

/** The file's errors and warnings (hints and information are the editor's suggestions, not problems). */
function problemsOf(uri: vscode.Uri): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const diagnostic of vscode.languages.getDiagnostics(uri)) {
    const severity = diagnostic.severity === vscode.DiagnosticSeverity.Error ? 'error' : diagnostic.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : undefined;
    if (!severity) continue;
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    problems.push({
      line: diagnostic.range.start.line + 1,
      severity,
      message: diagnostic.message,
      ...(diagnostic.source ? { source: diagnostic.source } : {}),
      ...(code !== undefined && code !== '' ? { code: String(code) } : {}),
    });
  }
  return problems;
}
