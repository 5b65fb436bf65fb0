// Activation registers exactly the commands package.json contributes: a contributed command with no
// handler fails when picked in the palette, and a handler with no contribution cannot be found there.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const LOUPE_ID = 'loupe-dev.loupe';

interface Manifest {
  contributes: { commands: Array<{ command: string }>; views?: Record<string, Array<{ id: string }>> };
}

/** VS Code registers `<view id>.focus`, `.open` and the like for each contributed view; those are not ours to register. */
function isViewCommand(id: string, manifest: Manifest): boolean {
  const views = Object.values(manifest.contributes.views ?? {}).flat().map((view) => view.id);
  return views.some((view) => id.startsWith(`${view}.`));
}

async function activatedLoupe(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(LOUPE_ID);
  assert.ok(extension, `${LOUPE_ID} is not loaded: the launcher passes this repository as the extension under development.`);
  await extension.activate();
  return extension;
}

describe('Loupe commands in the extension host', () => {
  it('registers every loupe.* command package.json contributes when it activates', async () => {
    const extension = await activatedLoupe();
    const contributed = (extension.packageJSON as Manifest).contributes.commands.map((entry) => entry.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  it('registers no loupe.* command that package.json does not contribute', async () => {
    const extension = await activatedLoupe();
    const manifest = extension.packageJSON as Manifest;
    const contributed = new Set(manifest.contributes.commands.map((entry) => entry.command));
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('loupe.') && !isViewCommand(id, manifest));
    assert.deepEqual(registered.filter((id) => !contributed.has(id)), [], 'registered but not contributed');
  });
});
