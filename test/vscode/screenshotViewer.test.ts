// A transcript screenshot opened full size (src/host/screenshotViewer.ts): written to Loupe's storage
// as the image file it is, and shown in an editor tab by VS Code's image preview.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ScreenshotViewer } from '../../src/host/screenshotViewer';
import { discardEditors, waitUntil } from './support/hostFixtures';

// A 1x1 PNG, as the model was sent it.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const tabUris = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).flatMap((tab) => (tab.input instanceof vscode.TabInputCustom || tab.input instanceof vscode.TabInputText ? [tab.input.uri] : []));

describe('ScreenshotViewer', () => {
  let storage: string;

  beforeEach(async () => {
    storage = await mkdtemp(join(tmpdir(), 'loupe-screenshots-'));
  });
  afterEach(async () => {
    await discardEditors();
    await rm(storage, { recursive: true, force: true });
  });

  it('writes the screenshot\'s bytes to storage and opens them in an editor tab, then clears them for the next task', async () => {
    const viewer = new ScreenshotViewer(vscode.Uri.file(storage));
    await viewer.open({ type: 'screenshot', id: 'toolu_shot1', mediaType: 'image/png', width: 1, height: 1, dataBase64: PNG_BASE64 }, undefined);
    const file = join(storage, 'screenshots', 'toolu_shot1.png');
    assert.deepEqual(await readFile(file), Buffer.from(PNG_BASE64, 'base64'));
    await waitUntil(() => tabUris().some((uri) => uri.fsPath === file), 'the image tab');
    await viewer.clear();
    await assert.rejects(readFile(file), { code: 'ENOENT' });
  });

  it('names the tab by the screenshot\'s place in the session and its size, when it is known', async () => {
    const viewer = new ScreenshotViewer(vscode.Uri.file(storage));
    await viewer.open({ type: 'screenshot', id: 'toolu_shot2', mediaType: 'image/png', width: 1, height: 1, dataBase64: PNG_BASE64 }, undefined, 3);
    const file = join(storage, 'screenshots', 'Screenshot 3 (1x1).png');
    assert.deepEqual(await readFile(file), Buffer.from(PNG_BASE64, 'base64'));
    await waitUntil(() => tabUris().some((uri) => uri.fsPath === file), 'the image tab');
    await viewer.clear();
  });
});
