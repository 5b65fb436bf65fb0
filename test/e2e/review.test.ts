// Reviewing Loupe's changes in a real VS Code (code-server): the scripted model edits two files; one
// hunk is accepted and another rejected in the panel, the other file is accepted from the diff
// editor's title; a checkpoint brings the tree back byte for byte; the thinking toggle reaches the
// next request.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reply, type MessagesApiServer, type RecordedRequest } from '../support/messagesApiServer';
import { treeBytes, type TempRepo } from '../support/tempRepo';
import { ensureCodeServer, type CodeServer } from './support/codeServer';
import { loupeLog, loupePanelFrame, runTaskFromPalette, screenshotSideBar, TASK_TIMEOUT_MS, useLoupe, waitFor, WEBVIEW_TIMEOUT_MS } from './support/loupeWorkbench';
import { cutOffInPanel, setSideBarWidth } from './support/panelLayout';
import { E2E_RESULTS_DIR } from './support/paths';

const INSTALL_TIMEOUT_MS = 15 * 60_000;

/** Fifteen lines, so changes to line 2 and line 14 land in two hunks (3 lines of context each). */
const A_BEFORE = Array.from({ length: 15 }, (_, index) => `const a${index + 1} = ${index + 1};`).join('\n') + '\n';
const A_AFTER = A_BEFORE.replace('const a2 = 2;', 'const a2 = 20;').replace('const a14 = 14;', 'const a14 = 140;');
const B_BEFORE = "export const greeting = 'hello';\n";
/** One long line, so a one-word change sits far to the right of a narrow side bar. */
const SETTINGS = 'export const settings = { retries: 3, timeoutMs: 30000, jitter: true, backoff: "linear", verbose: false, name: "sample-service" };\n';
const B_AFTER = "export const greeting = 'hello, world';\n";

/** The newest tool_result's text in a request. */
function lastResultText(request: RecordedRequest): string {
  const last = request.body.messages.at(-1) as { content: Array<{ type: string; content?: unknown }> };
  const result = last.content.find((block) => block.type === 'tool_result');
  return typeof result?.content === 'string' ? result.content : JSON.stringify(result?.content);
}

describe('Loupe change review in code-server', function () {
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
  });
  const suite = useLoupe({
    trustWorkspace: true,
    files: { 'src/a.js': A_BEFORE, 'src/b.js': B_BEFORE, 'src/settings.js': SETTINGS, 'README.md': '# review\n' },
    turns: () => [],
    // VS Code draws CodeLenses in diff editors only with this setting (off by default); Loupe's hunk lenses need it.
    userSettings: { 'loupe.approval': 'ask', 'diffEditor.codeLens': true },
  });
  let server: CodeServer;
  let api: MessagesApiServer;
  let repo: TempRepo;
  beforeEach(function () {
    server = suite.server();
    api = suite.api();
    repo = suite.repo();
  });

  it('accepts one hunk and rejects another in the panel, accepts a file from the diff editor, and restores a checkpoint byte for byte', async function () {
    const root = repo.root;
    const original = await treeBytes(root);
    api.push(
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/a.js', old_str: A_BEFORE, new_str: A_AFTER }, { text: 'Two changes to a.js.' }),
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/b.js', old_str: B_BEFORE, new_str: B_AFTER }, {
        expect: (request) => assert.match(lastResultText(request), /Edited src\/a\.js in part: the user accepted hunk 1 and rejected hunk 2/),
      }),
      reply.text('Both files reviewed.', { expect: (request) => assert.match(lastResultText(request), /Edited src\/b\.js: 1 hunk accepted/) }),
    );
    const started = Date.now();
    await runTaskFromPalette(server, 'Update the constants');
    const frame = await loupePanelFrame(server);

    // The panel's card for a.js: two hunks, each with its own buttons.
    const cardA = frame.locator('.review', { has: frame.locator('.review-path', { hasText: 'src/a.js' }) });
    await cardA.waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    assert.equal(await cardA.locator('.hunk').count(), 2);
    assert.match(await cardA.locator('.hunk').nth(0).textContent() ?? '', /\+const a2 = 20;/);
    await server.screenshot(join(E2E_RESULTS_DIR, 'review-panel-waiting.png'));
    await cardA.locator('.hunk').nth(0).locator('.accept-hunk').click();
    await cardA.locator('.hunk').nth(0).locator('.hunk-state', { hasText: 'accepted' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    // Nothing is written until every hunk has a decision.
    assert.equal(await readFile(join(root, 'src/a.js'), 'utf8'), A_BEFORE);
    await cardA.locator('.hunk').nth(1).locator('.reject-hunk').click();
    await cardA.locator('.review-outcome', { hasText: 'Partly accepted' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });

    // b.js: opened in VS Code's diff editor from its card, accepted with the editor title's button.
    const cardB = frame.locator('.review', { has: frame.locator('.review-path', { hasText: 'src/b.js' }) });
    await cardB.waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    await cardB.locator('.open-diff').click();
    const page = server.page;
    await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await page.locator('.monaco-diff-editor .view-line', { hasText: "hello, world" }).first().waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    // The per-hunk lenses are drawn on the proposed side.
    await page.locator('.codelens-decoration', { hasText: 'Accept hunk 1' }).first().waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await server.screenshot(join(E2E_RESULTS_DIR, 'review-diff-editor.png'));
    const diffTab = page.locator('.tabs-container .tab', { hasText: 'src/b.js (proposed by Loupe)' });
    assert.equal(await diffTab.count(), 1);
    await page.locator('.editor-actions .action-label[aria-label^="Accept Change"]').first().click();
    await cardB.locator('.review-outcome', { hasText: 'Accepted' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    // Decided: its diff tab has nothing left to do, and closes.
    await diffTab.waitFor({ state: 'detached', timeout: WEBVIEW_TIMEOUT_MS });
    await frame.locator('.status', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    console.log(`    reviewed and done ${Date.now() - started} ms after the command`);

    assert.equal(await readFile(join(root, 'src/a.js'), 'utf8'), A_BEFORE.replace('const a2 = 2;', 'const a2 = 20;'));
    assert.equal(await readFile(join(root, 'src/b.js'), 'utf8'), B_AFTER);
    assert.deepEqual(api.violations, []);
    assert.equal(api.remainingTurns(), 0);
    // The per-request view: one row per request, as many as the server answered.
    await frame.locator('.usage').click();
    assert.equal(await frame.locator('.requests tbody tr').count(), api.requests.length);
    // The table fits the side bar at its default width: the cost column is not cut off at the edge.
    const overflow = await frame.locator('.requests').evaluate((table) => {
      const lastCell = table.querySelector('th:last-child')!.getBoundingClientRect().right;
      return lastCell - table.closest('.top')!.getBoundingClientRect().right;
    });
    assert.ok(overflow <= 0.5, `the request table's cost column ends ${overflow} px past the panel's edge`);
    assert.match(await loupeLog(server), /Request: input \d+, cache write \d+, cache read \d+, output \d+ tokens, \$\d+\.\d{4}/);
    await server.screenshot(join(E2E_RESULTS_DIR, 'review-panel-decided.png'));
    await frame.locator('.usage').click();

    // Restore to the checkpoint before the first edit: a modal preview, then the tree as it was.
    const checkpoints = frame.locator('.checkpoint');
    assert.deepEqual(await frame.locator('.checkpoint-label').allInnerTexts(), ['Checkpoint before edit: str_replace src/a.js', 'Checkpoint before edit: str_replace src/b.js']);
    // Each sits right above the step it was taken before.
    const nextCards = await checkpoints.evaluateAll((rows) => rows.map((row) => (row.nextElementSibling?.matches('.tool') ? (row.nextElementSibling as HTMLElement).querySelector<HTMLElement>('.tool-head')?.innerText.replace(/\s+/g, ' ').trim() : row.nextElementSibling?.className)));
    assert.deepEqual(nextCards, ['str_replace src/a.js', 'str_replace src/b.js']);
    await checkpoints.first().locator('.restore').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    const preview = await dialog.innerText();
    assert.match(preview, /2 files change/);
    assert.match(preview, /restore src\/a\.js/);
    assert.match(preview, /restore src\/b\.js/);
    await server.screenshot(join(E2E_RESULTS_DIR, 'review-restore-preview.png'));
    await dialog.locator('.monaco-button', { hasText: 'Restore' }).click();
    await frame.locator('.notice', { hasText: 'Restored the workspace' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    assert.deepEqual(await treeBytes(root), original);
    assert.match(await loupeLog(server), /Restored the workspace to "before edit: str_replace src\/a\.js": 2 files changed/);
  });

  it('sends extended thinking on the next request once the panel\'s toggle is on', async function () {
    await server.runCommand('Loupe: Open Panel');
    const frame = await loupePanelFrame(server);
    // A vscode-checkbox web component: its state is its `checked` property.
    const toggle = frame.locator('.thinking-toggle');
    const checked = () => toggle.evaluate((node) => (node as HTMLInputElement).checked);
    assert.equal(await checked(), false);
    await toggle.click();
    assert.equal(await checked(), true);
    await waitFor('the toggle reaching the host', async () => (/Extended thinking on/.test(await loupeLog(server)) ? true : undefined), WEBVIEW_TIMEOUT_MS);
    const before = api.requests.length;
    api.push(reply.blocks([
      { type: 'thinking', thinking: 'The user wants me to think before answering.', signature: 'sig-e2e' },
      { type: 'text', text: 'Thought about it.' },
    ]));
    await runTaskFromPalette(server, 'Think first');
    await frame.locator('.text', { hasText: 'Thought about it.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    // The thinking is in a collapsed block above the answer; opening it shows the text.
    const thinking = frame.locator('vscode-collapsible.thinking').last();
    assert.equal(await thinking.evaluate((node) => (node as HTMLElement & { open: boolean }).open), false);
    await thinking.click();
    await thinking.locator('.thinking-text', { hasText: 'The user wants me to think before answering.' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    const request = api.requests[before]!;
    assert.equal((request.body.thinking as { type?: string } | undefined)?.type, 'adaptive');
    assert.deepEqual(api.violations, []);
    // Before the toggle, requests carried thinking off.
    assert.equal((api.requests[0]!.body.thinking as { type?: string } | undefined)?.type, 'disabled');
  });

  it('accepts and rejects the hunk under the cursor in the diff editor with Loupe: Accept Hunk / Reject Hunk from the palette', async function () {
    const root = repo.root;
    const before = await readFile(join(root, 'src/a.js'), 'utf8');
    const after = before.replace('const a3 = 3;', 'const a3 = 30;').replace('const a13 = 13;', 'const a13 = 130;');
    api.push(
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/a.js', old_str: before, new_str: after }),
      reply.text('Reviewed at the cursor.', { expect: (request) => assert.match(lastResultText(request), /the user accepted hunk 2 and rejected hunk 1/) }),
    );
    await runTaskFromPalette(server, 'Change two constants');
    const frame = await loupePanelFrame(server);
    const card = frame.locator('.review', { has: frame.locator('.review-path', { hasText: 'src/a.js' }) }).last();
    await card.locator('.open-diff').click();
    const page = server.page;
    const proposed = page.locator('.monaco-diff-editor .editor.modified');
    const lineOf = (text: string) => proposed.locator('.view-line', { hasText: text }).first();
    await lineOf('const a13 = 130;').waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    // The cursor in the second hunk: accept it from the palette, no lens involved.
    await lineOf('const a13 = 130;').click();
    await server.runCommand('Loupe: Accept Hunk');
    await card.locator('.hunk').nth(1).locator('.hunk-state', { hasText: 'accepted' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await lineOf('const a3 = 30;').click();
    await server.runCommand('Loupe: Reject Hunk');
    await card.locator('.review-outcome', { hasText: 'Partly accepted' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await page.locator('.monaco-diff-editor').waitFor({ state: 'detached', timeout: WEBVIEW_TIMEOUT_MS });
    await frame.locator('.text', { hasText: 'Reviewed at the cursor.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    assert.equal(await readFile(join(root, 'src/a.js'), 'utf8'), before.replace('const a13 = 13;', 'const a13 = 130;'));
    assert.deepEqual(api.violations, []);
  });

  it('draws the cards whole in 300 px and 600 px side bars: a long line wraps with its changed word marked, and no label is cut', async function () {
    api.push(
      reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/settings.js', old_str: 'backoff: "linear"', new_str: 'backoff: "exponential"' }, { text: 'Switching the backoff.' }),
      reply.toolUse('bash', { command: 'node --check src/settings.js' }),
      reply.text('Backoff switched.'),
    );
    await runTaskFromPalette(server, 'Use exponential backoff');
    const frame = await loupePanelFrame(server, 'view');
    const card = frame.locator('.review', { has: frame.locator('.review-path', { hasText: 'src/settings.js' }) });
    await card.waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    const startWidth = (await server.page.locator('.part.sidebar').boundingBox())!.width;
    const checkAt = async (width: number, what: string) => {
      await setSideBarWidth(server, width, frame);
      assert.deepEqual(await cutOffInPanel(frame), [], `nothing cut off at ${width} px (${what})`);
      await screenshotSideBar(server, join(E2E_RESULTS_DIR, `panel-${what}-${width}px.png`));
    };
    for (const width of [300, 600]) {
      await checkAt(width, 'review');
      // Only the changed word is marked, on each side, and the added line wraps inside the card: the word is in view.
      assert.deepEqual(await card.locator('.hunk-lines .del .word').allTextContents(), ['linear']);
      assert.deepEqual(await card.locator('.hunk-lines .add .word').allTextContents(), ['exponential']);
      const [word, box] = [await card.locator('.hunk-lines .add .word').boundingBox(), await card.boundingBox()];
      assert.ok(word && box && word.x >= box.x && word.x + word.width <= box.x + box.width, `the marked word ${JSON.stringify(word)} lies inside the card ${JSON.stringify(box)}`);
      const checkpoint = frame.locator('.checkpoint-label').last();
      assert.match(await checkpoint.textContent() ?? '', /src\/settings\.js/, 'the checkpoint names the step');
    }
    await card.locator('.accept-file').click();
    // Under "ask" the check command is a question in its card; it is drawn whole at both widths too.
    const question = frame.locator('.tool .question[data-state="waiting"]');
    await question.waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    for (const width of [300, 600]) await checkAt(width, 'question');
    await question.locator('vscode-button', { hasText: 'Accept' }).click();
    await frame.locator('.text', { hasText: 'Backoff switched.' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    assert.match(await readFile(join(repo.root, 'src/settings.js'), 'utf8'), /backoff: "exponential"/);
    await checkAt(300, 'done');
    await setSideBarWidth(server, Math.round(startWidth), frame);
    assert.deepEqual(api.violations, []);
  });
});
