// The problems an accepted edit added (src/host/editDiagnostics.ts), from VS Code's own TypeScript
// language features, through the agent's editor tool and VsCodeWorkspace: the edit's result names
// the new errors, not the old ones, and a cancelled task does not wait for a report.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Policy } from '../../src/agent/policy';
import { EditorTool } from '../../src/agent/tools/editor';
import type { ToolContext, ToolResult } from '../../src/agent/tools/tool';
import { VsCodeDiagnostics } from '../../src/host/editDiagnostics';
import { VsCodeWorkspace } from '../../src/host/vscodeWorkspace';
import { discardEditors, EVENT_TIMEOUT_MS, freshFolder, nextEvent, workspaceFolder } from './support/hostFixtures';

/**
 * The tests wait on the language server's events, never on the product's ceiling: a cold tsserver on
 * two busy cores may take seconds to report, so the ceiling here is long enough that reaching it fails
 * the test rather than passing it by chance. The quiet spell that ends a wait is longer than the
 * product's too: on busy cores TypeScript's separate reports on one file come further apart.
 */
const WAITS = { ceilingMs: EVENT_TIMEOUT_MS, settleMs: 1_000 };
/** Longer than mocha's timeout for a test: a cancelled wait that ran to it would fail the test. */
const NEVER_MS = 10 * 60_000;

const text = (result: ToolResult) => (typeof result.content === 'string' ? result.content : JSON.stringify(result.content));

describe('the problems an accepted edit added, from VS Code\'s TypeScript', function () {
  // Two waits for tsserver (the file as it was, then as written) on top of its start.
  this.timeout(3 * EVENT_TIMEOUT_MS);
  let diagnostics: VsCodeDiagnostics;
  let workspace: VsCodeWorkspace;
  let stopTask: AbortController;
  let editor: EditorTool;

  // tsserver starts with the first TypeScript file in a tab; the tests measure edits, not its start.
  before(async () => {
    const file = join(await freshFolder({ 'warm.ts': "export const warm: number = 'up';\n" }), 'warm.ts');
    const reported = nextEvent(vscode.languages.onDidChangeDiagnostics, 'tsserver\'s first report', () => vscode.languages.getDiagnostics(vscode.Uri.file(file)).length > 0);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), { preview: true });
    await reported;
    await discardEditors();
  });

  beforeEach(async () => {
    workspace = await VsCodeWorkspace.open(workspaceFolder());
    stopTask = new AbortController();
  });
  afterEach(async () => {
    diagnostics.dispose();
    await discardEditors();
  });

  function useDiagnostics(waits: { ceilingMs: number; settleMs: number }) {
    diagnostics = new VsCodeDiagnostics(waits);
    editor = new EditorTool({ diagnostics });
  }

  /** The editor tool as the session runs it, the user's standing yes taking every change. */
  function run(input: Record<string, unknown>): Promise<ToolResult> {
    const context: ToolContext = {
      signal: stopTask.signal,
      workspace,
      approver: {
        reviewChange: () => Promise.reject(new Error('approveAll takes every change: no review is asked')),
        approveCommand: () => Promise.reject(new Error('the editor runs no commands')),
      },
      policy: new Policy({ allowedEditGlobs: [], allowedCommands: [], approveAll: true }),
      toolUseId: 'toolu_diagnostics',
      toolName: 'str_replace_based_edit_tool',
      afterExternalContent: false,
      emit: () => undefined,
    };
    return editor.run(input, context);
  }
  const relative = (path: string) => vscode.workspace.asRelativePath(path, false);

  it('names the type error an edit introduced, with its line, source and code', async () => {
    useDiagnostics(WAITS);
    const file = join(await freshFolder({ 'total.ts': 'export const total: number = 1;\n' }), 'total.ts');
    // In a tab already, as a file the user has open: a file without problems is never reported on, so
    // one in no tab would wait out the ceiling for its first report (the file with an error below has one).
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), { preview: true });
    await run({ command: 'view', path: file });
    const result = await run({ command: 'str_replace', path: file, old_str: '= 1;', new_str: "= 'one';" });
    assert.equal(result.isError, false, text(result));
    assert.match(text(result), new RegExp(`\\nNew problems in ${escape(relative(file))} after this edit, as the editor reports them:\\n- line 1: error \\(ts 2322\\): Type 'string' is not assignable to type 'number'\\.$`));
    assert.equal(result.externalContent, true);
  });

  it('names the errors of a file it created', async () => {
    useDiagnostics(WAITS);
    const file = join(await freshFolder(), 'made.ts');
    const result = await run({ command: 'create', path: file, file_text: "export const count: number = 'two';\n" });
    assert.match(text(result), /^Created .*made\.ts: 1 hunk accepted\.\nNew problems in .*made\.ts after this edit, as the editor reports them:\n- line 1: error \(ts 2322\): Type 'string' is not assignable/);
  });

  it('does not name an error the file had before the edit, though the edit moved it to another line', async () => {
    useDiagnostics(WAITS);
    const file = join(await freshFolder({ 'old.ts': "export const old: number = 'x';\n" }), 'old.ts');
    await run({ command: 'view', path: file });
    const result = await run({ command: 'insert', path: file, insert_line: 0, insert_text: 'export const added: string = 2;' });
    const named = text(result).split('\n').filter((line) => line.startsWith('- line '));
    assert.deepEqual(named, ["- line 1: error (ts 2322): Type 'number' is not assignable to type 'string'."], text(result));
    // The old error is still there, one line down: only its being new was left out.
    assert.ok(vscode.languages.getDiagnostics(vscode.Uri.file(file)).some((problem) => problem.range.start.line === 1 && /Type 'string' is not assignable to type 'number'/.test(problem.message)));
  });

  it('says nothing of an old error when the edit added none', async () => {
    useDiagnostics(WAITS);
    const file = join(await freshFolder({ 'kept.ts': "export const kept: number = 'x';\n" }), 'kept.ts');
    await run({ command: 'view', path: file });
    const result = await run({ command: 'insert', path: file, insert_line: 0, insert_text: '// a comment above the old error' });
    assert.equal(result.isError, false, text(result));
    assert.doesNotMatch(text(result), /New problems/);
    assert.equal(result.externalContent, undefined);
  });

  it('stops waiting for a report when the task is cancelled, in the edit and in a wait already under way', async () => {
    useDiagnostics({ ceilingMs: NEVER_MS, settleMs: NEVER_MS });
    // Plain text: no language server reports on it, so only the cancellation ends a wait.
    const file = join(await freshFolder({ 'notes.txt': 'one\n' }), 'notes.txt');
    // Already in a tab, so nothing is waited for before the write either.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), { preview: true });
    await run({ command: 'view', path: file });
    const saved = nextEvent(vscode.workspace.onDidSaveTextDocument, 'the edit to be saved', (document) => document.uri.fsPath === file);
    void saved.then(() => stopTask.abort());
    const result = await run({ command: 'str_replace', path: file, old_str: 'one', new_str: 'two' });
    assert.match(text(result), /^Edited .*notes\.txt: 1 hunk accepted\./);
    assert.doesNotMatch(text(result), /New problems/);

    const watch = await diagnostics.watch(file);
    const task = new AbortController();
    await watch.beforeWrite(task.signal);
    const waiting = watch.afterWrite(task.signal);
    task.abort();
    assert.deepEqual(await waiting, []);
    watch.dispose();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
