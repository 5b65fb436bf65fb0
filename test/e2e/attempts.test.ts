// Loupe: Run Task with Attempts… in a real VS Code (code-server): three attempts against the scripted
// Messages API, the project's test in each attempt's sandbox, the judge; the panel's comparison card,
// the winner applied to the folder (approval "auto"), an attempt's diff in VS Code's diff editor, and
// "Use this one instead". Screenshots at side-bar and editor widths.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processesRunning } from '../support/attacker';
import { reply, type ReplyTurn } from '../support/messagesApiServer';
import { routedTurns } from '../support/routedAttempts';
import { FAILING_ADD_PROJECT, treeBytes } from '../support/tempRepo';
import { ensureCodeServer } from './support/codeServer';
import { loupePanelFrame, pickQuickItem, screenshotSideBar, TASK_TIMEOUT_MS, useLoupe, waitFor, WEBVIEW_TIMEOUT_MS } from './support/loupeWorkbench';
import { setSideBarWidth } from './support/panelLayout';
import { E2E_RESULTS_DIR } from './support/paths';
import { startCommand } from './support/workbench';

const INSTALL_TIMEOUT_MS = 15 * 60_000;
const SIDE_BAR_WIDTH = 300;

const view = () => reply.toolUse('str_replace_based_edit_tool', { command: 'view', path: 'src/add.js' });
const replace = (to: string) => reply.toolUse('str_replace_based_edit_tool', { command: 'str_replace', path: 'src/add.js', old_str: 'return a - b;', new_str: to });
const SCRIPTS: Record<number, ReplyTurn[]> = {
  1: [view(), replace('return b - a;'), reply.text('Swapped them.')],
  2: [view(), replace('return a + b;'), reply.text('Fixed.')],
  3: [view(), replace('const sum = a + b;\n  return sum;'), reply.text('Fixed with a variable.')],
};
const JUDGE = reply.toolUse('score_attempts', { scores: [{ attempt: 2, score: 9, reason: 'Fixes add() in one line, nothing else touched.' }, { attempt: 3, score: 7, reason: 'Right, but adds a variable the task did not need.' }] });

describe('Loupe: Run Task with Attempts… in code-server', function () {
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
  });

  const { server, api, repo } = useLoupe({ trustWorkspace: true, files: FAILING_ADD_PROJECT, turns: () => routedTurns(SCRIPTS, JUDGE), userSettings: { 'loupe.approval': 'auto' } });

  it('compares three attempts, applies the judge\'s pick, opens another attempt\'s diff, and uses it instead', async function () {
    await server().runCommand('Loupe: Open Panel');
    const frame = await loupePanelFrame(server(), 'view');
    await setSideBarWidth(server(), SIDE_BAR_WIDTH, frame);
    await startCommand(server().page, 'Loupe: Run Task with Attempts…', WEBVIEW_TIMEOUT_MS);
    const widget = server().page.locator('.quick-input-widget');
    // Before anything runs, the pick and the task box say what it will cost: a fresh profile has no earlier task, so no number.
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: '3 attempts' }).filter({ hasText: 'no cost estimate yet' }).first().waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await pickQuickItem(server(), 'Loupe: Run Task with Attempts', '3 attempts');
    await widget.locator('.quick-input-title', { hasText: 'Loupe: Run Task with 3 Attempts' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    const prompt = await widget.locator('.quick-input-message').innerText();
    assert.match(prompt, /No cost estimate yet: no earlier task with \S+ on record/);
    assert.match(prompt, /No cost cap: nothing stops the attempts on cost \(the loupe\.maxCostUsd setting sets one\)\./);
    await widget.locator('.quick-input-box input').fill('The add test fails. Fix it.');
    await widget.locator('.quick-input-box input').press('Enter');

    const card = frame.locator('.attempts-card');
    await card.waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS * 2 });
    await frame.locator('.status', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    assert.deepEqual(api().violations, []);
    assert.equal(await card.locator('.attempts-summary').innerText(), 'Attempt 2 was picked by the judge and proposed to your folder.');
    const row = (attempt: number) => card.locator(`.attempt[data-attempt="${attempt}"]`);
    await frame.locator('.notice', { hasText: /^No cost estimate yet: no earlier task with/ }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    // The panel and the status bar count every attempt's requests and the judge's: more than the attempts' own costs.
    const total = /\$(\d+\.\d{4})$/.exec(await frame.locator('.usage').innerText())?.[1] ?? '';
    let attemptsCost = 0;
    for (const attempt of [1, 2, 3]) attemptsCost += Number(/\$(\d+\.\d{4})/.exec(await row(attempt).locator('.attempt-facts').innerText())?.[1]);
    assert.ok(Number(total) - attemptsCost > 0.0002, `the panel's total $${total} counts the judge beside the attempts' $${attemptsCost.toFixed(4)}`);
    await server().page.locator('.statusbar-item', { hasText: `Loupe: idle · $${total}` }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    assert.equal(await row(1).locator('.attempt-status').innerText(), 'failed the check');
    assert.match(await row(1).locator('.attempt-facts').innerText(), /^check: failed \(exit 1\) · 1 file \+1 −1 · \$\d+\.\d{4}$/);
    assert.match(await row(2).locator('.attempt-facts').innerText(), /check: passed · 1 file \+1 −1 · \$\d+\.\d{4} · judge 9\/10/);
    assert.equal(await row(2).locator('.attempt-reason').innerText(), 'Fixes add() in one line, nothing else touched.');
    assert.equal(await row(2).locator('.attempt-use').count(), 0, 'the picked attempt has no "use instead"');
    // "auto": the winner's change was applied to the folder, with a checkpoint before it.
    const applied = await waitFor('the winner in the folder', async () => {
      const text = await readFile(join(repo().root, 'src/add.js'), 'utf8');
      return text.includes('return a + b;') ? text : undefined;
    }, TASK_TIMEOUT_MS);
    assert.equal(applied, 'function add(a, b) {\n  return a + b;\n}\n\nmodule.exports = { add };\n');
    assert.equal(await frame.locator('.checkpoint', { hasText: "before attempt 2's changes" }).count(), 1);
    await card.scrollIntoViewIfNeeded();
    await screenshotSideBar(server(), join(E2E_RESULTS_DIR, 'attempts-compare-view.png'));
    // The same card in the editor-wide panel.
    await server().runCommand('Loupe: Open in Editor');
    const wide = await loupePanelFrame(server(), 'editor');
    await wide.locator('.attempts-card').scrollIntoViewIfNeeded();
    await server().screenshot(join(E2E_RESULTS_DIR, 'attempts-compare-editor.png'));
    await server().page.locator('.tabs-container .tab', { hasText: /^Loupe$/ }).click();
    await server().page.keyboard.press('Control+W');

    // Another attempt's diff, in VS Code's diff editor.
    await row(3).locator('.attempt-open-diff').click();
    await server().page.locator('.tabs-container .tab', { hasText: 'src/add.js (attempt 3)' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    // Both sides drawn: the text the attempts started from and attempt 3's.
    await server().page.locator('.editor .original .view-line', { hasText: 'return a - b;' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await server().page.locator('.editor .modified .view-line', { hasText: 'const sum = a + b;' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await server().screenshot(join(E2E_RESULTS_DIR, 'attempts-open-diff.png'));

    // Use attempt 3 instead: its change is proposed to the folder as it now is, and under "auto" applied.
    await row(3).locator('.attempt-use').click();
    await waitFor('attempt 3 in the folder', async () => ((await readFile(join(repo().root, 'src/add.js'), 'utf8')).includes('const sum') ? true : undefined), TASK_TIMEOUT_MS).catch(async (error) => {
      throw new Error(`${String(error)}; the card says: ${await row(3).locator('.attempt-said').innerText()}`);
    });
  });
});

// Unique durations name the stopped attempts' commands on the host, whatever pid each sandbox gives them.
const MARKER = `${Math.floor(Math.random() * 1e6) + 1e6}`;
const longCommand = (attempt: number) => reply.toolUse('bash', { command: `echo ${attempt} > src/changed-${attempt}.txt; sleep 6${MARKER}` });

describe('Loupe: Run Task with Attempts…, stopped, in code-server', function () {
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
  });

  const { server, api, repo } = useLoupe({ trustWorkspace: true, files: FAILING_ADD_PROJECT, turns: () => routedTurns({ 1: [longCommand(1)], 2: [longCommand(2)] }), userSettings: { 'loupe.approval': 'auto' } });

  it("stops every attempt with the panel's Stop: their commands end, no copy is left, the folder is unchanged", async function () {
    const before = await treeBytes(repo().root);
    await server().runCommand('Loupe: Open Panel');
    const frame = await loupePanelFrame(server(), 'view');
    await startCommand(server().page, 'Loupe: Run Task with Attempts…', WEBVIEW_TIMEOUT_MS);
    await pickQuickItem(server(), 'Loupe: Run Task with Attempts', '2 attempts');
    const widget = server().page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'Loupe: Run Task with 2 Attempts' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
    await widget.locator('.quick-input-box input').fill('Fix it.');
    await widget.locator('.quick-input-box input').press('Enter');
    // Both attempts' commands run in their sandboxes (another process's event: polled, with a bound).
    await waitFor('both attempts running their command', async () => ((await processesRunning(MARKER)).length === 2 ? true : undefined), TASK_TIMEOUT_MS);
    await frame.locator('.stop').click();
    await frame.locator('.status', { hasText: 'Stopped' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
    // A stop is not a failure: no comparison saying that no attempt passed.
    assert.equal(await frame.locator('.attempts-card').count(), 0);
    await waitFor('no attempt command left', async () => ((await processesRunning(MARKER)).length === 0 ? true : undefined), TASK_TIMEOUT_MS);
    assert.deepEqual(api().violations, []);
    assert.equal(api().remainingTurns(), 0);
    assert.deepEqual(await treeBytes(repo().root), before, "the user's folder changed");
    // Loupe's storage keeps no attempt's copy (they live under attempts/ in the extension's storage).
    const userData = join(server().tempDir, 'user-data');
    const copies = (await readdir(userData, { recursive: true })).filter((path) => /(^|\/)attempt-\d+$/.test(String(path)));
    assert.deepEqual(copies, [], 'an attempt\'s copy was left in storage');
  });
});
