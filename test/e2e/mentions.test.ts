// `@path` mentions in the panel's box, in a real VS Code (code-server): typing `@` offers the
// folder's files (leaving out what files.exclude, node_modules and the .gitignore leave out), the keys
// and the mouse pick one, and the file's text goes with the task to the scripted Messages API.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { reply } from '../support/messagesApiServer';
import { FAILING_ADD_PROJECT } from '../support/tempRepo';
import { ensureCodeServer } from './support/codeServer';
import { loupePanelFrame, screenshotSideBar, TASK_TIMEOUT_MS, useLoupe, waitFor, WEBVIEW_TIMEOUT_MS } from './support/loupeWorkbench';
import { cutOffInPanel, setSideBarWidth } from './support/panelLayout';
import { E2E_RESULTS_DIR } from './support/paths';

const INSTALL_TIMEOUT_MS = 15 * 60_000;
/** The side bar's width people keep it at (VS Code's default is about this). */
const SIDE_BAR_WIDTH = 300;

const FILES = {
  ...FAILING_ADD_PROJECT,
  '.gitignore': 'dist/\n',
  'dist/add.bundle.js': 'ignored by git\n',
  'node_modules/add-lib/add.js': 'a dependency\n',
  'secret-add.txt': 'hidden by files.exclude\n',
  'docs/adding-numbers-to-a-rather-long-file-name-for-the-narrow-side-bar.md': '# Adding\n',
};

/** The paths the open completion list offers, as the page shows them (name, then folder). */
async function offered(frame: Frame): Promise<string[]> {
  return frame.locator('.mention-list .mention-option').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('title') ?? ''));
}

describe('Loupe: @path mentions in the panel\'s box in code-server', function () {
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
  });

  const { server, api, repo } = useLoupe({ trustWorkspace: true, files: FILES, turns: () => [], userSettings: { 'loupe.approval': 'auto', 'files.exclude': { '**/secret-add.txt': true } } });

  it('completes @ from the folder\'s files by keyboard, sends the picked file\'s text with the task, and says which mention named no file', async function () {
    await server().runCommand('Loupe: Open Panel');
    const frame = await loupePanelFrame(server(), 'view');
    await setSideBarWidth(server(), SIDE_BAR_WIDTH, frame);
    const box = frame.locator('.composer-input');
    const list = frame.locator('.mention-list');
    await box.click();
    await box.pressSequentially('Why does @ad');
    // Best first; nothing from node_modules, the .gitignore's dist/ or files.exclude. (A slow machine may
    // answer "@a" before "@ad"; the list is checked once it is the one for "@ad".)
    const expected = ['src/add.js', 'test/add.test.js', 'docs/adding-numbers-to-a-rather-long-file-name-for-the-narrow-side-bar.md'];
    const shown = await waitFor('the list for @ad', async () => {
      const paths = await offered(frame);
      return paths.length > 0 && !paths.some((path) => path.startsWith('package')) ? paths : undefined;
    }, WEBVIEW_TIMEOUT_MS);
    assert.deepEqual(shown, expected);
    assert.equal(await box.getAttribute('role'), 'combobox');
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    assert.equal(await list.getAttribute('role'), 'listbox');
    const first = list.locator('.mention-option').first();
    assert.equal(await box.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
    assert.equal(await first.getAttribute('aria-selected'), 'true');
    // Down, Down, Up: the second file, then the first again, as the screen reader hears it.
    await box.press('ArrowDown');
    await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), await list.locator('.mention-option').nth(2).getAttribute('id'));
    await screenshotSideBar(server(), join(E2E_RESULTS_DIR, 'mentions-list-view.png'));
    assert.deepEqual(await cutOffInPanel(frame), []);
    await box.press('ArrowUp');
    await box.press('ArrowUp');
    await box.press('Enter');
    await list.waitFor({ state: 'hidden', timeout: WEBVIEW_TIMEOUT_MS });
    assert.equal(await box.inputValue(), 'Why does @src/add.js ');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');

    // A mention of no file: the list says there is none, Escape closes it, and Enter then sends.
    await box.pressSequentially('subtract? Compare @nothing.txt');
    await list.locator('.mention-empty', { hasText: '"nothing.txt"' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await box.press('Escape');
    await list.waitFor({ state: 'hidden', timeout: WEBVIEW_TIMEOUT_MS });
    const addJs = await readFile(join(repo().root, 'src/add.js'), 'utf8');
    api().push(
      reply.text('It subtracts: return a - b.', {
        expect: (request) => {
          const sent = JSON.stringify(request.body.messages.at(-1).content);
          // The block's closing line carries its id (fencedText.ts), so the file cannot close it early.
          assert.match(sent, new RegExp(`${escapeRegExp(JSON.stringify(`--- src/add.js, attached ---\n${addJs}--- end of src/add.js`).slice(1, -1))} \\[[0-9a-f]{12}\\] ---`), `src/add.js's text was sent: ${sent}`);
          assert.match(sent, /Why does @src\/add\.js subtract\? Compare @nothing\.txt/);
          assert.doesNotMatch(sent, /nothing\.txt, attached/);
        },
      }),
    );
    await box.press('Enter');
    await frame.locator('.text', { hasText: 'It subtracts: return a - b.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    assert.equal(await frame.locator('.task-attachments').textContent(), 'with src/add.js');
    await frame.locator('.notice', { hasText: '@nothing.txt names no file in this folder, so it was sent as plain text.' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    assert.deepEqual(api().violations, []);
  });

  it('picks a file with the mouse in the editor panel, where the list spans the wider box', async function () {
    await server().runCommand('Loupe: Open in Editor');
    const frame = await loupePanelFrame(server(), 'editor');
    const box = frame.locator('.composer-input');
    await box.click();
    await box.pressSequentially('Summarise @TEST');
    // Any case: the one path with "test" in it (asks for shorter queries may be answered first).
    await waitFor('the list for @TEST', async () => (JSON.stringify(await offered(frame)) === JSON.stringify(['test/add.test.js']) ? true : undefined), WEBVIEW_TIMEOUT_MS);
    await server().screenshot(join(E2E_RESULTS_DIR, 'mentions-list-editor.png'));
    assert.deepEqual(await cutOffInPanel(frame), []);
    await frame.locator('.mention-list .mention-option', { hasText: 'add.test.js' }).click();
    assert.equal(await box.inputValue(), 'Summarise @test/add.test.js ');
    // The box kept the focus through the click: typing goes on after the mention.
    await box.pressSequentially('briefly');
    assert.equal(await box.inputValue(), 'Summarise @test/add.test.js briefly');
    await box.fill('');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
