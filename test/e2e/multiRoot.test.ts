// A multi-root window in a real VS Code (code-server opening a .code-workspace of two repos): Run Task
// asks which folder when no editor says, runs in the active editor's folder when one does, and the
// task's confinement, instructions and checkpoints follow that folder; the panel names it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reply } from '../support/messagesApiServer';
import { FAILING_ADD_PROJECT } from '../support/tempRepo';
import { ensureCodeServer } from './support/codeServer';
import { loupeLog, loupePanelFrame, TASK_TIMEOUT_MS, useLoupe, waitFor, WEBVIEW_TIMEOUT_MS } from './support/loupeWorkbench';
import { startCommand } from './support/workbench';

const INSTALL_TIMEOUT_MS = 15 * 60_000;

describe('Loupe in a multi-root window', function () {
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
  });

  const { server, api, repo, folder } = useLoupe({
    trustWorkspace: true,
    files: FAILING_ADD_PROJECT,
    turns: () => [],
    userSettings: { 'loupe.approval': 'auto' },
    multiRoot: { name: 'app', others: { docs: { 'README.md': '# Docs\n', 'AGENTS.md': 'Docs use British spelling.\n' } } },
  });

  /** Run Task from the palette; with no editor to say which folder, the folder pick comes first. */
  async function runTask(task: string, pick?: string): Promise<void> {
    const page = server().page;
    await startCommand(page, 'Loupe: Run Task', WEBVIEW_TIMEOUT_MS);
    const widget = page.locator('.quick-input-widget');
    if (pick) {
      // VS Code's folder pick (it has a placeholder, no title).
      await widget.locator('.quick-input-box input[placeholder="Which folder should Loupe work in?"]').waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().click();
    }
    await widget.locator('.quick-input-title', { hasText: 'Loupe: Run Task' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await widget.locator('.quick-input-box input').fill(task);
    await widget.locator('.quick-input-box input').press('Enter');
  }

  it('asks which folder with no editor open, and the task runs there: its sandbox, its AGENTS.md, its name in the panel', async function () {
    api().push(
      reply.toolUse('bash', { command: 'pwd && touch written-here.txt' }, {
        expect: (request) => assert.match(JSON.stringify(request.body.system), /--- AGENTS\.md ---\\nDocs use British spelling\./),
      }),
      reply.text('Done in docs.'),
    );
    await runTask('Tidy the docs', 'docs');
    const frame = await loupePanelFrame(server());
    await frame.locator('.text', { hasText: 'Done in docs.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    assert.equal(await frame.locator('.task-folder').textContent(), 'in docs');
    assert.equal(await frame.locator('.notice', { hasText: 'Project instructions loaded: AGENTS.md.' }).count(), 1);
    await readFile(join(folder('docs').root, 'written-here.txt'));
    await assert.rejects(readFile(join(repo().root, 'written-here.txt')), { code: 'ENOENT' });
    assert.match(await loupeLog(server()), new RegExp(`Task started in ${folder('docs').root.replace(/[/.]/g, '\\$&')}`));
    assert.deepEqual(api().violations, []);
  });

  it('runs in the active editor\'s folder without asking, and its checkpoint restores that folder', async function () {
    const page = server().page;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').fill('add.js');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'add.js' }).first().click();
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'function add' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    api().push(reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a - b;', new_str: 'return a + b;' }), reply.text('Fixed add.'));
    await runTask('Fix add');
    await waitFor('src/add.js fixed in the app folder', async () => ((await readFile(join(repo().root, 'src/add.js'), 'utf8')).includes('return a + b;') ? true : undefined), TASK_TIMEOUT_MS);
    const frame = await loupePanelFrame(server());
    await frame.locator('.text', { hasText: 'Fixed add.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    assert.equal(await frame.locator('.task-folder').textContent(), 'in app');
    // The checkpoint before the edit belongs to the app folder: restoring it brings add.js back there.
    await frame.locator('.checkpoint .restore').first().click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    assert.match(await dialog.innerText(), /src\/add\.js/);
    await dialog.locator('.monaco-button', { hasText: 'Restore' }).click();
    await waitFor('add.js restored in the app folder', async () => ((await readFile(join(repo().root, 'src/add.js'), 'utf8')).includes('return a - b;') ? true : undefined), TASK_TIMEOUT_MS);
    assert.deepEqual(api().violations, []);
  });
});
