// Loupe's extension in a real VS Code (code-server): "Loupe: Run Task" fixes a failing test in a
// git repo with a scripted model, and the panel shows the plan, the tool calls and the answer.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reply } from '../support/messagesApiServer';
import { FAILING_ADD_PROJECT } from '../support/tempRepo';
import { ensureCodeServer } from './support/codeServer';
import type { Frame } from 'playwright-core';
import { loupeLog, loupePanelFrame, loupeSavedTranscript, loupeTerminalText, pickQuickItem, runTaskFromPalette, screenshotSideBar, TASK_TIMEOUT_MS, useLoupe, waitFor, WEBVIEW_TIMEOUT_MS } from './support/loupeWorkbench';
import { resizeWithExtensionSharp } from '../support/extensionSharp';
import { E2E_RESULTS_DIR, NODE_24 } from './support/paths';
import { reloadWindow, startCommand } from './support/workbench';

/** The first install takes 3-5 minutes (TESTING.md); allow for a slow registry on 2 busy cores. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const TASK = 'Fix the failing test';
const PROJECT_INSTRUCTIONS = 'Run npm test after every change.\n';
const FINAL_TEXT = 'Fixed: add() now adds. The tests pass.';
const PLAN = [
  { step: 'Read src/add.js', status: 'done' },
  { step: 'Fix add()', status: 'in_progress' },
  { step: 'Run npm test', status: 'pending' },
] as const;

const FIX_TURNS = () => [
  reply.toolUse('update_plan', { items: PLAN }, { text: 'I will look at add() first.' }),
  reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'src/add.js' }),
  reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a - b;', new_str: 'return a + b;' }),
  reply.toolUse('bash', { command: 'npm test' }),
  reply.text(FINAL_TEXT),
];

describe('Loupe: Run Task in code-server', function () {
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
  });

  describe('in a trusted workspace with loupe.approval "auto"', function () {
    const { server, api, repo } = useLoupe({ trustWorkspace: true, files: { ...FAILING_ADD_PROJECT, 'AGENTS.md': PROJECT_INSTRUCTIONS }, turns: FIX_TURNS, userSettings: { 'loupe.approval': 'auto' } });

    it('fixes the failing test from a task typed into the input box, and the panel shows the plan, the tools and the answer', async function () {
      const started = Date.now();
      await runTaskFromPalette(server(), TASK);
      // Throws unless src/add.js is fixed on disk in time.
      await waitFor('src/add.js being fixed on disk', async () => ((await readFile(join(repo().root, 'src/add.js'), 'utf8')).includes('return a + b;') ? true : undefined), TASK_TIMEOUT_MS);

      const frame = await loupePanelFrame(server());
      await frame.locator('.text', { hasText: FINAL_TEXT }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      await frame.locator('.status', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      console.log(`    task done and drawn ${Date.now() - started} ms after the command`);

      assert.deepEqual(await frame.locator('.plan .step').allInnerTexts(), PLAN.map((item) => item.step));
      assert.equal(await frame.locator('.task-text').innerText(), TASK);
      const tools = await frame.locator('.tool .tool-head').allInnerTexts();
      assert.deepEqual(tools.map((text) => text.replace(/\s+/g, ' ').trim()), ['plan', 'view src/add.js', 'str_replace src/add.js', 'bash npm test sandboxed']);
      assert.match(await frame.locator('.tool').last().textContent() ?? '', /all tests passed/);
      assert.match(await frame.locator('.usage').innerText(), /\d+ in · \d+ out · \$\d+\.\d{4}/);
      assert.equal(await frame.locator('.stop').isDisabled(), true);
      // The project's AGENTS.md went into the system prompt, and the panel says it was loaded.
      assert.equal(await frame.locator('.notice', { hasText: 'Project instructions loaded: AGENTS.md.' }).count(), 1);
      assert.match(JSON.stringify(api().requests[0]?.body.system), /--- AGENTS\.md ---\\nRun npm test after every change\./);
      // The status bar says Loupe is idle again and shows what the task cost, as the panel does.
      const panelCost = /\$\d+\.\d{4}/.exec(await frame.locator('.usage').innerText())![0];
      const status = server().page.locator('.statusbar-item', { hasText: 'Loupe: idle' });
      await status.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await status.innerText(), new RegExp(`Loupe: idle · \\${panelCost.replace('.', '\\.')}`));

      assert.deepEqual(api().violations, []);
      assert.equal(api().requests.length, 5);
      assert.equal(api().remainingTurns(), 0);
      // The edit went through VS Code's editor (undoable) and was saved: the editor and disk agree.
      assert.match(await readFile(join(repo().root, 'src/add.js'), 'utf8'), /^function add\(a, b\) \{\n {2}return a \+ b;\n\}/);
      // The proof of work: the file changed with its diff, and npm test with its exit code, under Tests.
      const proof = frame.locator('.proof');
      await proof.waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      assert.deepEqual(await proof.locator('.proof-file .proof-path').allInnerTexts(), ['src/add.js']);
      assert.equal((await proof.locator('.proof-file .proof-counts').innerText()).replace(/\s+/g, ' '), '+1 −1');
      assert.deepEqual(await proof.locator('.proof-tests .proof-command-text').allInnerTexts(), ['npm test']);
      assert.equal(await proof.locator('.proof-tests .proof-exit').textContent(), 'exit 0');
      assert.equal(await proof.locator('.proof-commands .proof-empty').textContent(), 'No other command was run.');
      await proof.locator('.proof-file summary').click();
      await proof.locator('.proof-file .hunk-lines .add', { hasText: 'return a + b;' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await proof.scrollIntoViewIfNeeded();
      // The page's strict CSP let the codicon font and Lit's adopted style sheets load, and refused nothing.
      assert.equal(await frame.evaluate(() => document.fonts.check('16px codicon')), true);
      assert.equal(await frame.locator('.stop').evaluate((node) => (node.shadowRoot?.adoptedStyleSheets.length ?? 0) > 0), true);
      assert.doesNotMatch(server().logs(), /Content Security Policy|Refused to (load|apply|execute)/);
      // The command ran in the Loupe terminal, shown without taking focus from the editor.
      const terminal = await waitFor('npm test\'s result in the Loupe terminal', async () => {
        const text = await loupeTerminalText(server()).catch(() => '');
        return /✓ done/.test(text) ? text : undefined;
      }, WEBVIEW_TIMEOUT_MS);
      // xterm draws only the rows in view; the terminal's one-line introduction has scrolled above them.
      assert.match(terminal, /── Loupe task: Fix the failing test/);
      assert.match(terminal, /\$ npm test[\s\S]*all tests passed[\s\S]*✓ done/);
      assert.equal(await server().page.locator('.terminal-tab', { hasText: 'Loupe' }).count() + await server().page.locator('.single-terminal-tab', { hasText: 'Loupe' }).count() > 0, true, 'a terminal named Loupe');
      await server().screenshot(join(E2E_RESULTS_DIR, 'run-task-panel.png'));
      await screenshotSideBar(server(), join(E2E_RESULTS_DIR, 'run-task-view.png'));
      const log = await loupeLog(server());
      assert.match(log, /Loupe activated in [\d.]+ ms\./);
      assert.match(log, /Task ended: completed after 5 requests/);
      for (const line of log.split('\n').filter((text) => /activated in|Loaded the Loupe host/.test(text))) console.log(`    ${line}`);
    });

    it('draws the last transcript again when the view is hidden and shown, opened in an editor, and after a window reload', async function () {
      const page = server().page;
      const view = await loupePanelFrame(server(), 'view');
      // A mark on the page's window: a page that was really unloaded and loaded again does not have it.
      await view.evaluate(() => ((window as unknown as { loupeMark: boolean }).loupeMark = true));
      const expectTranscript = async (frame: Frame) => {
        await frame.locator('.task-text', { hasText: TASK }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
        await frame.locator('.text', { hasText: FINAL_TEXT }).waitFor({ state: 'attached', timeout: WEBVIEW_TIMEOUT_MS });
        assert.equal(await frame.locator('.tool').count(), 4);
        assert.deepEqual(await frame.locator('.plan .step').allInnerTexts(), PLAN.map((item) => item.step));
        assert.equal(await frame.locator('.status').innerText(), 'Done');
        assert.deepEqual(await frame.locator('.proof-tests .proof-command-text').allTextContents(), ['npm test']);
      };

      // Hidden: another view container takes the side bar, and VS Code drops the Loupe page.
      await server().runCommand('View: Show Explorer');
      await waitFor('the Loupe page being unloaded', async () => (view.isDetached() ? true : undefined), WEBVIEW_TIMEOUT_MS);
      await server().runCommand('Loupe: Open Panel');
      const shown = await loupePanelFrame(server(), 'view');
      await expectTranscript(shown);
      assert.equal(await shown.evaluate(() => (window as unknown as { loupeMark?: boolean }).loupeMark), undefined);

      // The same page as an editor panel, from the view's title button.
      await page.locator('.part.sidebar .title-actions .action-label[aria-label^="Open in Editor"]').click();
      const editor = await loupePanelFrame(server(), 'editor');
      await expectTranscript(editor);
      await server().screenshot(join(E2E_RESULTS_DIR, 'run-task-editor-panel.png'));

      // A window reload while idle: the editor panel comes back (its serializer) with the saved transcript.
      const reloadedAt = Date.now();
      await reloadWindow(page);
      const revived = await loupePanelFrame(server(), 'editor');
      await expectTranscript(revived);
      console.log(`    transcript drawn again ${Date.now() - reloadedAt} ms after the reload`);
      // The status bar shows the restored task's cost, as the panel does.
      const cost = /\$\d+\.\d{4}/.exec(await revived.locator('.usage').innerText())![0];
      await page.locator('.statusbar-item', { hasText: `Loupe: idle · ${cost}` }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await server().screenshot(join(E2E_RESULTS_DIR, 'run-task-after-reload.png'));
      // Close the Loupe editor panel itself: the file the task edited is open in a tab too (for its
      // diagnostics), so the active editor may be that one.
      const loupeTab = page.locator('.tabs-container .tab', { hasText: /^Loupe$/ });
      await loupeTab.click();
      await page.keyboard.press('Control+W');
      await loupeTab.waitFor({ state: 'detached', timeout: WEBVIEW_TIMEOUT_MS });
    });

    it('stops a running task when the panel\'s Stop button is pressed, leaving the files as they were', async function () {
      api().push({ kind: 'hang' });
      const requestsBefore = api().requests.length;
      await runTaskFromPalette(server(), 'Refactor everything');
      const frame = await loupePanelFrame(server());
      await frame.locator('.task-text', { hasText: 'Refactor everything' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await waitFor('the hanging request', async () => (api().requests.length === requestsBefore + 1 ? true : undefined), TASK_TIMEOUT_MS);
      const stop = frame.locator('.stop');
      assert.equal(await stop.isEnabled(), true);
      await stop.click();
      await frame.locator('.status', { hasText: 'Stopped' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      await frame.locator('.outcome', { hasText: 'Stopped' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      assert.match(await loupeLog(server()), /Task ended: cancelled/);
      assert.deepEqual(api().violations, []);
      assert.match(await readFile(join(repo().root, 'src/add.js'), 'utf8'), /return a \+ b;/);
    });

    it('reads the unsaved text of an open editor, and its edit is saved and can be undone there', async function () {
      const page = server().page;
      const editor = page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'function add' });
      const openAddJs = async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget .quick-input-box input').fill('src/add.js');
        await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'add.js' }).first().click();
        await editor.waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
        await editor.click();
      };
      await openAddJs();
      // At the end, on the file's last (empty) line: Enter inside a comment would make the editor continue it.
      await page.keyboard.press('Control+End');
      await page.keyboard.type('// unsaved note');
      // Not saved: the disk still has the old text, the editor's tab is dirty.
      assert.doesNotMatch(await readFile(join(repo().root, 'src/add.js'), 'utf8'), /unsaved note/);
      api().push(
        reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'src/add.js' }),
        reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a + b;', new_str: 'return b + a;' }, {
          expect: (request) => assert.match(JSON.stringify(request.body.messages.at(-1)), /unsaved note/),
        }),
        reply.text('Swapped the operands.'),
      );
      await runTaskFromPalette(server(), 'Swap the operands');
      const saved = await waitFor('the edit being saved', async () => {
        const text = await readFile(join(repo().root, 'src/add.js'), 'utf8');
        return text.includes('return b + a;') ? text : undefined;
      }, TASK_TIMEOUT_MS);
      assert.equal(saved, 'function add(a, b) {\n  return b + a;\n}\n\nmodule.exports = { add };\n// unsaved note');
      // The edit's result waits for the file's diagnostics; the task ends with the model's answer after it.
      await page.locator('.statusbar-item', { hasText: 'Loupe: idle' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      await waitFor('the last scripted turn being requested', async () => (api().remainingTurns() === 0 ? true : undefined), TASK_TIMEOUT_MS);
      assert.deepEqual(api().violations, []);
      await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached', timeout: WEBVIEW_TIMEOUT_MS });
      // The edit is on the editor's undo stack like a user's own.
      // Run Task brought the panel to the front of the editor's group; bring the editor back.
      await openAddJs();
      await page.keyboard.press('Control+Z');
      await editor.getByText('return a + b;').waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    });

    it('stops the task when Ctrl+C is pressed in the Loupe terminal while a command runs', async function () {
      api().push(reply.toolUse('bash', { command: 'sleep 25 && touch late.txt' }));
      const requestsBefore = api().requests.length;
      await runTaskFromPalette(server(), 'Wait a while');
      const terminal = server().page.locator('.terminal-wrapper.active .xterm');
      await waitFor('the command in the Loupe terminal', async () => (/\$ sleep 25 && touch late\.txt/.test(await loupeTerminalText(server()).catch(() => '')) ? true : undefined), TASK_TIMEOUT_MS);
      await terminal.click();
      await server().page.keyboard.press('Control+C');
      const frame = await loupePanelFrame(server());
      await frame.locator('.status', { hasText: 'Stopped' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      assert.match(await loupeLog(server()), /Task ended: cancelled[^\n]*\n(?![\s\S]*Task started)/);
      assert.match(await loupeTerminalText(server()), /✗ Cancelled by the user/);
      // The command's process group went with the task: its second half never runs.
      await assert.rejects(readFile(join(repo().root, 'late.txt')), { code: 'ENOENT' });
      assert.equal(api().requests.length, requestsBefore + 1, 'no request after the stop');
    });

    it('picks a model from the Models API in Loupe: Select Model…, and the next task uses it', async function () {
      await startCommand(server().page, 'Loupe: Select Model…');
      // The test server's /v1/models list; the current model is marked.
      const rows = server().page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
      await rows.filter({ hasText: 'Claude Haiku 4.5' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      const offered = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      assert.ok(offered.some((row) => /Claude Sonnet 5\.5 ?claude-sonnet-5-5/.test(row)), offered.join(' | '));
      assert.equal(await rows.filter({ hasText: 'claude-sonnet-5-5' }).locator('.codicon-check').count(), 1, 'the current model is checked');
      assert.ok(offered.some((row) => /Claude Opus 5\.5 ?claude-opus-5-5 \$4 \/ \$20 per million tokens in \/ out · 1M context/.test(row)), offered.join(' | '));
      await pickQuickItem(server(), 'Loupe: Select Model', 'Claude Opus 5.5');
      api().push(reply.toolUse('bash', { command: 'seq 1 40' }), reply.text('Done on **Opus**, see `seq`. <img src=x onerror="document.title=1">'));
      await runTaskFromPalette(server(), 'Say hello');
      const frame = await loupePanelFrame(server());
      const answer = frame.locator('.text', { hasText: 'Done on Opus' });
      await answer.waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      assert.equal(api().requests.at(-1)!.body.model, 'claude-opus-5-5');
      // The answer is Markdown, rendered; HTML in it is shown as text, never made into elements.
      assert.equal(await answer.locator('strong').innerText(), 'Opus');
      assert.equal(await answer.locator('code').innerText(), 'seq');
      assert.equal(await answer.locator('img').count(), 0);
      assert.match(await answer.innerText(), /<img src=x onerror="document\.title=1">/);
      // A long command's output is folded once it succeeds, with its length in the fold's title.
      const fold = frame.locator('.tool', { hasText: 'seq 1 40' }).locator('details.tool-output-block');
      await fold.locator('summary', { hasText: 'Output (40 lines)' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      assert.equal(await fold.evaluate((node) => (node as HTMLDetailsElement).open), false);
      await answer.scrollIntoViewIfNeeded();
      await screenshotSideBar(server(), join(E2E_RESULTS_DIR, 'run-task-markdown.png'));
      assert.match(await loupeLog(server()), /Model set to claude-opus-5-5 \(loupe\.model\)/);
      // The panel's model button says what the next task uses, and opens the same picker.
      const modelButton = frame.locator('vscode-button.model');
      await modelButton.filter({ hasText: 'Opus 5.5' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      assert.match((await modelButton.getAttribute('title')) ?? '', /claude-opus-5-5/);
      await modelButton.click();
      await server().page.locator('.quick-input-widget .quick-input-title', { hasText: 'Loupe: Select Model' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await server().page.keyboard.press('Escape');
    });

    it('runs from the VSIX installed with --install-extension, whose sharp loads and resizes an image in code-server\'s Node', async function () {
      const installed = (await readdir(server().extensionsDir)).filter((name) => name.startsWith('loupe-dev.loupe-'));
      assert.equal(installed.length, 1, `expected one installed Loupe in ${server().extensionsDir}, found: ${installed.join(', ')}`);
      const extensionDir = join(server().extensionsDir, installed[0]!);
      // The Node that runs code-server also runs its extension host, so this is the sharp the extension would get.
      const resized = await resizeWithExtensionSharp(extensionDir, NODE_24);
      assert.deepEqual({ width: resized.width, height: resized.height, format: resized.format }, { width: 16, height: 12, format: 'png' });
      assert.ok(resized.sharpFile.startsWith(join(extensionDir, 'node_modules', 'sharp')), `sharp came from ${resized.sharpFile}`);
    });

    it('shows a command that exits non-zero as failed, with its output left open and its exit code, in the transcript and the proof', async function () {
      const command = `node -e "for (let i = 1; i <= 20; i++) console.log('check ' + i); process.exit(3)"`;
      api().push(reply.toolUse('bash', { command }), reply.text('The check failed with exit 3.'));
      await runTaskFromPalette(server(), 'Run the check');
      const frame = await loupePanelFrame(server(), 'view');
      await frame.locator('.text', { hasText: 'The check failed with exit 3.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      const card = frame.locator('.tool', { hasText: 'check 20' });
      assert.equal(await card.getAttribute('data-state'), 'error');
      // Twenty lines would be folded after a success; a failure's stay open to read.
      assert.equal(await card.locator('details.tool-output-block').evaluate((node) => (node as HTMLDetailsElement).open), true);
      // textContent, not innerText: an entry scrolled out of view skips rendering (content-visibility), and its innerText is empty.
      assert.equal(await card.locator('.tool-result').textContent(), '✗ exit 3');
      const row = frame.locator('.proof .proof-command');
      assert.equal(await row.getAttribute('data-state'), 'error');
      assert.equal(await row.locator('.proof-exit').textContent(), 'exit 3');
    });

    it('asks about a risky command in the tool\'s card, with Accept there, as well as in a notification', async function () {
      const command = 'env > /dev/null; echo ran > asked.txt';
      api().push(
        reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'src/add.js' }),
        reply.toolUse('bash', { command }),
        reply.text('It ran.'),
      );
      await runTaskFromPalette(server(), 'Check the environment');
      const frame = await loupePanelFrame(server(), 'view');
      // Under "auto" a risky command after tool output still asks: the question is in the command's own card.
      const card = frame.locator('.tool', { hasText: 'env > /dev/null' });
      const question = card.locator('.question[data-state="waiting"]');
      await question.waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      assert.match(await question.locator('.question-text').textContent() ?? '', /^Loupe wants to run `env > \/dev\/null; echo ran > asked\.txt` in .+\. .*prints the environment/);
      assert.deepEqual(await question.locator('vscode-button').allTextContents(), ['Accept', 'Reject']);
      // The notification is there too, as a pointer for a hidden panel.
      await server().page.locator('.notifications-toasts', { hasText: 'Loupe wants to run' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await screenshotSideBar(server(), join(E2E_RESULTS_DIR, 'run-task-question.png'));
      await question.locator('vscode-button', { hasText: 'Accept' }).click();
      await frame.locator('.text', { hasText: 'It ran.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      assert.equal(await readFile(join(repo().root, 'asked.txt'), 'utf8'), 'ran\n');
      assert.equal(await card.locator('.question').getAttribute('data-state'), 'answered');
      assert.equal(await card.locator('.question-answer').textContent(), 'Your answer: Accept');
      assert.deepEqual(api().violations, []);
    });

    it('carries on the conversation from the panel\'s box, and starts afresh with New Task', async function () {
      api().push(reply.text('First answer.'), reply.text('Second answer.'), reply.text('Fresh answer.'));
      const before = api().requests.length;
      await runTaskFromPalette(server(), 'First question');
      const frame = await loupePanelFrame(server(), 'view');
      await frame.locator('.text', { hasText: 'First answer.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      await frame.locator('.status', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      const box = frame.locator('.composer-input');
      await box.fill('Second question');
      await box.press('Enter');
      await frame.locator('.text', { hasText: 'Second answer.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      // The reply went in the same conversation: the earlier task and answer, then the reply.
      const carried = JSON.stringify(api().requests[before + 1]!.body.messages);
      assert.ok(/First question[\s\S]*First answer\.[\s\S]*Second question/.test(carried), `the reply's request carried: ${carried}`);
      assert.equal(await frame.locator('.follow-up .follow-up-text').textContent(), 'Second question');
      assert.equal(await frame.locator('.task-text').innerText(), 'First question');
      assert.equal(await frame.locator('.text', { hasText: 'First answer.' }).count(), 1, 'the transcript goes on below the first answer');
      assert.equal(await box.inputValue(), '');
      assert.equal(await frame.locator('.proof').count(), 0, 'answers alone have nothing to prove');
      await frame.locator('.status', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      await screenshotSideBar(server(), join(E2E_RESULTS_DIR, 'run-task-follow-up.png'));

      // New Task forgets the conversation: its request holds only the new text, and the panel starts over.
      await box.fill('Fresh question');
      await frame.locator('.composer-new').click();
      await frame.locator('.text', { hasText: 'Fresh answer.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      const fresh = api().requests[before + 2]!.body.messages;
      assert.equal(fresh.length, 1);
      assert.match(JSON.stringify(fresh[0]), /Fresh question/);
      assert.equal(await frame.locator('.task-text').innerText(), 'Fresh question');
      assert.equal(await frame.locator('.follow-up').count(), 0);
      assert.equal(await frame.locator('.text', { hasText: 'First answer.' }).count(), 0);

      // Hiding the view unloads its page; what was typed and not sent is there when it comes back.
      await box.fill('An unsent draft\nover two lines');
      await server().runCommand('View: Show Explorer');
      await waitFor('the Loupe page being unloaded', async () => (frame.isDetached() ? true : undefined), WEBVIEW_TIMEOUT_MS);
      await server().runCommand('Loupe: Open Panel');
      const shown = (await loupePanelFrame(server(), 'view')).locator('.composer-input');
      assert.equal(await shown.inputValue(), 'An unsent draft\nover two lines');
      await shown.fill('');
    });

    it('runs a task on the selected lines with Loupe: Run Task on Selection: the file, the lines and the text go with it, and the panel names them', async function () {
      const page = server().page;
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget .quick-input-box input').fill('src/add.js');
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'add.js' }).first().click();
      const editor = page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'function add' });
      await editor.waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await editor.click();
      // Line 2, whole: the body of add(). The status bar says when the editor has the selection.
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.locator('.statusbar-item', { hasText: /selected/ }).first().waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      const line2 = (await readFile(join(repo().root, 'src/add.js'), 'utf8')).split('\n')[1]!;
      api().push(
        reply.text('It adds its two arguments.', {
          expect: (request) => {
            const sent = JSON.stringify(request.body.messages.at(-1).content);
            assert.match(sent, /What does this line do\?/);
            assert.match(sent, /--- lines 2-2 of src\/add\.js, selected in the editor ---/);
            assert.ok(sent.includes(JSON.stringify(line2.trim()).slice(1, -1)), `the selected text ${line2} was sent`);
          },
        }),
      );
      // The palette opened straight from the editor (startCommand's Escape would clear the selection).
      const widget = page.locator('.quick-input-widget');
      await page.keyboard.press('Control+Shift+P');
      await widget.locator('.quick-input-box input').fill('>Loupe: Run Task on Selection');
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Loupe: Run Task on Selection' }).first().click();
      await widget.locator('.quick-input-title', { hasText: 'Loupe: Run Task' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await server().screenshot(join(E2E_RESULTS_DIR, 'run-task-on-selection.png'));
      assert.match(await widget.innerText(), /with src\/add\.js:2 selected/);
      await widget.locator('.quick-input-box input').fill('What does this line do?');
      await widget.locator('.quick-input-box input').press('Enter');
      const frame = await loupePanelFrame(server(), 'view');
      await frame.locator('.text', { hasText: 'It adds its two arguments.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      assert.equal(await frame.locator('.task-attachments').textContent(), 'with src/add.js:2');
      assert.equal(await frame.locator('.task-text').textContent(), 'What does this line do?');
      assert.deepEqual(api().violations, []);
    });

    it('keeps half the side bar for the transcript however long the task and the plan, and shows a long task whole on a click', async function () {
      const steps = Array.from({ length: 14 }, (_, index) => ({ step: `Step ${index + 1} of the migration`, status: 'pending' as const }));
      api().push(reply.toolUse('update_plan', { items: steps }), reply.text('Planned the migration.'));
      const task = `Migrate the settings page to the new form library. ${'Keep every field, its validation and its help text as they are today; '.repeat(6)}Then run the tests.`;
      await runTaskFromPalette(server(), task);
      const frame = await loupePanelFrame(server(), 'view');
      await frame.locator('.text', { hasText: 'Planned the migration.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      await frame.locator('.plan .step', { hasText: 'Step 14 of the migration' }).waitFor({ state: 'attached', timeout: WEBVIEW_TIMEOUT_MS });
      const pinned = await frame.locator('.top').evaluate((top) => ({ height: top.getBoundingClientRect().height, view: window.innerHeight }));
      assert.ok(pinned.height <= pinned.view / 2 + 1, `the pinned task and plan take ${pinned.height} of ${pinned.view} px`);
      // The task shows its first lines, all of it on a click, and its first lines again on the next.
      const text = frame.locator('.task-text');
      const heightOf = () => text.evaluate((node) => node.getBoundingClientRect().height);
      await frame.locator('.task-text[data-clamped]').waitFor({ state: 'attached', timeout: WEBVIEW_TIMEOUT_MS });
      const clamped = await heightOf();
      await screenshotSideBar(server(), join(E2E_RESULTS_DIR, 'run-task-long-task.png'));
      await text.click();
      const whole = await heightOf();
      assert.ok(whole > clamped * 1.5, `shown whole the task is ${whole} px tall, cut short ${clamped} px`);
      assert.equal(await text.innerText(), task);
      await text.click();
      assert.equal(await heightOf(), clamped);
    });

    it('keeps what a task showed when the window is reloaded while it runs, and says the reload stopped it', async function () {
      api().push({ kind: 'hang' });
      const before = api().requests.length;
      await runTaskFromPalette(server(), 'Work through a reload');
      await waitFor('the hanging request', async () => (api().requests.length === before + 1 ? true : undefined), TASK_TIMEOUT_MS);
      const page = server().page;
      // The log is saved every few seconds while a task runs.
      await waitFor('the running task to be saved', async () => (/"Work through a reload"/.test(await loupeSavedTranscript(server())) ? true : undefined), WEBVIEW_TIMEOUT_MS);
      await reloadWindow(page);
      await server().runCommand('Loupe: Open Panel');
      const view = await loupePanelFrame(server(), 'view');
      await view.locator('.task-text', { hasText: 'Work through a reload' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await view.locator('.outcome', { hasText: 'The window was reloaded while this task ran' }).waitFor({ state: 'attached', timeout: WEBVIEW_TIMEOUT_MS });
      assert.notEqual(await view.locator('.status').innerText(), 'Working…');
    });
  });

  describe('in Restricted Mode', function () {
    const { server, api, repo } = useLoupe({ trustWorkspace: false, files: FAILING_ADD_PROJECT, turns: FIX_TURNS, userSettings: { 'loupe.approval': 'auto' } });

    it('explains that Loupe runs no tools until the folder is trusted, and sends no request', async function () {
      await server().runCommand('Loupe: Run Task');
      const frame = await loupePanelFrame(server());
      await frame.locator('.notice', { hasText: 'Restricted Mode' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await server().page.locator('.notifications-toasts', { hasText: 'Loupe runs no tools in Restricted Mode' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      await server().screenshot(join(E2E_RESULTS_DIR, 'run-task-restricted.png'));
      // A task typed into the panel's box and refused is not lost: the box keeps it, and can send it again.
      const box = frame.locator('.composer-input');
      await box.fill('Fix the failing test, please');
      const notices = await frame.locator('.notice', { hasText: 'Restricted Mode' }).count();
      await box.press('Enter');
      await waitFor('the refusal of the typed task', async () => ((await frame.locator('.notice', { hasText: 'Restricted Mode' }).count()) > notices ? true : undefined), WEBVIEW_TIMEOUT_MS);
      await waitFor('the box to take sends again', async () => ((await frame.locator('.composer-send').isDisabled()) ? undefined : true), WEBVIEW_TIMEOUT_MS);
      assert.equal(await box.inputValue(), 'Fix the failing test, please');
      assert.equal(api().requests.length, 0);
      assert.equal(api().remainingTurns(), FIX_TURNS().length, 'the scripted turns are all still there: none was asked for');
      assert.match(await readFile(join(repo().root, 'src/add.js'), 'utf8'), /return a - b;/);
    });
  });
});
