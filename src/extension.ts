// Loupe's VS Code entry: registers the commands, the Loupe view and the editor panel's serializer,
// and nothing else. The controller (SDK, agent core, panel) is a separate bundle loaded on the first
// command or when a Loupe page first shows, so activation costs almost nothing.
import * as vscode from 'vscode';
import type { LoupeController } from './host/loupeController';
import { errorText } from './shared/errorText';

/** Must match package.json (`views.loupe[0].id`) and src/host/panelHub.ts; repeated so this entry does not load the host bundle. */
const LOUPE_VIEW_ID = 'loupe.transcript';
const LOUPE_PANEL_TYPE = 'loupe.panel';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Loupe', { log: true });
  context.subscriptions.push(log);

  let controller: Promise<LoupeController> | undefined;
  const load = () => {
    const loading = performance.now();
    return (controller ??= import('./host/loupeController').then(({ LoupeController }) => {
      const instance = new LoupeController(context, log);
      context.subscriptions.push(instance);
      log.info(`Loaded the Loupe host on first use in ${(performance.now() - loading).toFixed(1)} ms.`);
      return instance;
    }));
  };
  const report = (what: string) => (error: unknown) => {
    log.error(`Could not open ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  };
  const command = (id: string, run: (controller: LoupeController, ...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(await load(), ...args);
      } catch (error) {
        const message = errorText(error);
        log.error(`${id} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
        void vscode.window.showErrorMessage(`Loupe: ${message}`);
      }
    });

  context.subscriptions.push(
    command('loupe.runTask', (c) => c.runTask()),
    command('loupe.runTaskOnSelection', (c) => c.runTaskOnSelection()),
    command('loupe.runTaskWithAttempts', (c) => c.runTaskWithAttempts()),
    command('loupe.openPanel', (c) => c.openPanel()),
    command('loupe.openInEditor', (c) => c.openInEditor()),
    command('loupe.stop', (c) => c.stop()),
    command('loupe.setApiKey', (c) => c.setApiKey()),
    command('loupe.acceptAllChanges', (c) => c.decideAll(true)),
    command('loupe.rejectAllChanges', (c) => c.decideAll(false)),
    // The diff editor's title buttons pass the shown document's URI; the lenses pass the review id and hunk.
    command('loupe.acceptChange', (c, uri) => c.decideShownChange(true, uri instanceof vscode.Uri ? uri : undefined)),
    command('loupe.rejectChange', (c, uri) => c.decideShownChange(false, uri instanceof vscode.Uri ? uri : undefined)),
    command('loupe.acceptHunk', (c, id, hunk) => c.decideHunk(id, hunk, true)),
    command('loupe.rejectHunk', (c, id, hunk) => c.decideHunk(id, hunk, false)),
    command('loupe.restoreCheckpoint', (c) => c.pickCheckpoint()),
    command('loupe.toggleThinking', (c) => c.toggleThinking()),
    command('loupe.selectModel', (c) => c.selectModel()),
    // Opening the view activates the extension (VS Code's implicit onView activation); the page is drawn by the controller.
    vscode.window.registerWebviewViewProvider(LOUPE_VIEW_ID, { resolveWebviewView: (view) => load().then((c) => c.showInView(view), report('the Loupe view')) }),
    vscode.window.registerWebviewPanelSerializer(LOUPE_PANEL_TYPE, { deserializeWebviewPanel: (panel) => load().then((c) => c.reviveEditorPanel(panel), report('the Loupe panel')) }),
  );
  log.info(`Loupe activated in ${(performance.now() - started).toFixed(1)} ms.`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions, which VS Code disposes.
}
