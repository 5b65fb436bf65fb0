// The agent's Workspace inside VS Code (src/host/vscodeWorkspace.ts) against real editors and files.
import assert from 'node:assert/strict';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { VsCodeWorkspace } from '../../src/host/vscodeWorkspace';
import { discardEditors, freshFolder, typeIntoBuffer, waitUntil, workspaceFolder } from './support/hostFixtures';

const ON_DISK = 'export const total = 1;\n';
const AGENT_TEXT = 'export const total = 2;\n';
const USER_TEXT = 'export const total = 3; // typed, not saved\n';

describe('VsCodeWorkspace', () => {
  let workspace: VsCodeWorkspace;
  let file: string;

  beforeEach(async () => {
    workspace = await VsCodeWorkspace.open(workspaceFolder());
    file = join(await freshFolder({ 'total.ts': ON_DISK }), 'total.ts');
  });
  afterEach(discardEditors);

  it('reads the unsaved text of an open editor rather than the file on disk', async () => {
    await typeIntoBuffer(await vscode.workspace.openTextDocument(file), USER_TEXT);
    assert.equal(await workspace.readFile(file), USER_TEXT);
    assert.equal(await readFile(file, 'utf8'), ON_DISK);
  });

  it('reads the file from disk when no editor has it open', async () => {
    assert.equal(await workspace.readFile(file), ON_DISK);
    assert.equal(await workspace.readFile(join(workspace.root, 'no-such-file.ts')), undefined);
  });

  it('writes through a WorkspaceEdit that is saved to disk and undone by Undo in the editor', async () => {
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    await workspace.writeFile(file, AGENT_TEXT, ON_DISK);
    assert.equal(await readFile(file, 'utf8'), AGENT_TEXT);
    assert.equal(document.getText(), AGENT_TEXT);
    assert.equal(document.isDirty, false, 'the write must be saved: the tests the agent runs next read the disk');

    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), ON_DISK);
  });

  it('refuses a write when the editor text changed since the agent read it, and keeps the user\'s text', async () => {
    const read = await workspace.readFile(file);
    assert.equal(read, ON_DISK);
    const document = await vscode.workspace.openTextDocument(file);
    await typeIntoBuffer(document, USER_TEXT);

    await assert.rejects(workspace.writeFile(file, AGENT_TEXT, read), { name: 'StaleFileError' });
    assert.equal(document.getText(), USER_TEXT);
    assert.equal(await readFile(file, 'utf8'), ON_DISK);
  });

  it('refuses a write when the file changed on disk since the agent read it', async () => {
    const read = await workspace.readFile(file);
    await writeFile(file, USER_TEXT);
    await assert.rejects(workspace.writeFile(file, AGENT_TEXT, read ?? ''), { name: 'StaleFileError' });
    assert.equal(await readFile(file, 'utf8'), USER_TEXT);
  });

  it('creates a new file, and refuses to create one that appeared since the agent looked', async () => {
    const fresh = join(await freshFolder(), 'created.ts');
    await workspace.writeFile(fresh, AGENT_TEXT, null);
    assert.equal(await readFile(fresh, 'utf8'), AGENT_TEXT);

    await assert.rejects(workspace.writeFile(file, AGENT_TEXT, null), { name: 'StaleFileError' });
    assert.equal(await readFile(file, 'utf8'), ON_DISK);
  });

  it('reads and writes the disk for an open document with no unsaved text whose buffer has not caught up with the disk yet', async () => {
    const document = await vscode.workspace.openTextDocument(file);
    assert.equal(document.isDirty, false);
    // A command the agent ran changed the file; VS Code reloads a clean buffer a moment later.
    const changedByCommand = 'export const total = 10; // by a command\n';
    await writeFile(file, changedByCommand);
    const read = await workspace.readFile(file);
    assert.equal(read, changedByCommand, 'the disk, not a buffer that lags it');
    await workspace.writeFile(file, AGENT_TEXT, read!);
    assert.equal(await readFile(file, 'utf8'), AGENT_TEXT);
    await waitUntil(() => document.getText() === AGENT_TEXT && !document.isDirty, 'the editor to show the disk');
  });

  it('when VS Code refuses the save (the file changed on disk under unsaved text), puts the editor back, leaves the disk alone, and says exactly that', async () => {
    const document = await vscode.workspace.openTextDocument(file);
    await typeIntoBuffer(document, USER_TEXT);
    const read = await workspace.readFile(file);
    assert.equal(read, USER_TEXT);
    // Someone else writes the file (a different size, a later time): VS Code's save now meets a newer file.
    const elsewhere = 'export const total = 99; // written elsewhere, meanwhile\n';
    await writeFile(file, elsewhere);
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    await assert.rejects(workspace.writeFile(file, AGENT_TEXT, read!), (error: Error) => {
      assert.equal(error.name, 'WriteNotDoneError');
      assert.match(error.message, /VS Code did not save it/);
      assert.match(error.message, /editor's text was put back/);
      assert.match(error.message, /the file on disk is as it was before the edit/);
      assert.doesNotMatch(error.message, /\.\./);
      return true;
    });
    assert.equal(document.getText(), USER_TEXT, 'the user\'s unsaved text, without the edit');
    assert.equal(await readFile(file, 'utf8'), elsewhere, 'the disk keeps what was written there');
  });
});
