// Computer use from the extension in a real VS Code (code-server): with loupe.computer "virtual" the
// task gets Loupe's own Xvfb display; the scripted model starts the form app, opens it there, finds the
// button in the screenshot it was sent, clicks, types and submits. The app's own record shows what
// happened, the panel shows each screenshot as a thumbnail with a marker where the model clicked, and
// the display is gone when the task ends.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reply } from '../support/messagesApiServer';
import { computer, displayIsUp, FORM_APP_DONE_TEXT, FORM_APP_SERVER, formAppTurns, TYPED_TEXT, type FormAppRun } from '../support/formApp';
import type { Locator } from 'playwright-core';
import { ensureCodeServer } from './support/codeServer';
import { holdXvfb } from '../support/heldXvfb';
import { isRunning } from '../support/processes';
import { loupeLog, loupePanelFrame, loupeSavedTranscript, runTaskFromPalette, screenshotSideBar, TASK_TIMEOUT_MS, useLoupe, waitFor, WEBVIEW_TIMEOUT_MS } from './support/loupeWorkbench';
import { E2E_RESULTS_DIR } from './support/paths';
import { reloadWindow } from './support/workbench';

const INSTALL_TIMEOUT_MS = 15 * 60_000;
/** A Chromium window on a fresh display takes seconds to paint on 2 busy cores. */
const COMPUTER_TASK_TIMEOUT_MS = 2 * TASK_TIMEOUT_MS;

describe('Loupe: computer use in code-server', function () {
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureCodeServer();
  });

  describe('with loupe.computer "virtual"', function () {
    const run: FormAppRun = { appUrl: '', screenshot: { width: 0, height: 0 }, button: undefined };
    // The real Xvfb, which one test holds at its start to press Stop at that moment.
    const xvfb = holdXvfb();
    after(() => xvfb.remove());
    const { server, api, repo } = useLoupe({
      // VSCODE_CLI=1: the server then takes its own environment as it is; otherwise it replaces PATH with a
      // login shell's (VS Code's shell-environment resolution), and the held Xvfb would not be first on it.
      env: { PATH: xvfb.path, VSCODE_CLI: '1' },
      trustWorkspace: true,
      files: { 'server.js': FORM_APP_SERVER },
      turns: () => formAppTurns(() => api(), run),
      userSettings: { 'loupe.approval': 'auto', 'loupe.computer': 'virtual' },
    });

    it('starts the app on its own display, clicks where it saw the button, and the panel shows the screenshots with click markers', async function () {
      await runTaskFromPalette(server(), 'Check the form works');
      const frame = await loupePanelFrame(server());
      await frame.locator('.text', { hasText: FORM_APP_DONE_TEXT }).waitFor({ state: 'visible', timeout: COMPUTER_TASK_TIMEOUT_MS });
      assert.deepEqual(api().violations, []);

      // The app's own record of the clicks and the typing.
      assert.deepEqual(JSON.parse(await readFile(join(repo().root, 'state.json'), 'utf8')), { clicked: true, submitted: TYPED_TEXT });
      const log = await loupeLog(server());
      const display = /Computer use: on a private virtual display (:\d+)\./.exec(log)?.[1];
      assert.ok(display, `the log names the display:\n${log}`);

      // Every screenshot the model was sent is a thumbnail; the one it acted on carries a marker at the button.
      const shots = frame.locator('.screenshot');
      assert.ok((await shots.count()) >= 2, 'a thumbnail for each screenshot: at least one before the clicks and the last after them');
      const marker = frame.locator('.screenshot .click-marker').first();
      assert.match((await marker.getAttribute('title')) ?? '', new RegExp(`^left_click at \\(${run.button![0]}, ${run.button![1]}\\)$`));
      const markedShot = frame.locator('.screenshot', { has: frame.locator('.click-marker') }).first();
      const [shotBox, markerBox] = [await markedShot.locator('img').boundingBox(), await marker.boundingBox()];
      assert.ok(shotBox && markerBox);
      // The marker's centre sits where the button is on the thumbnail, within a couple of pixels.
      const expectedX = shotBox.x + (run.button![0] / run.screenshot.width) * shotBox.width;
      const expectedY = shotBox.y + (run.button![1] / run.screenshot.height) * shotBox.height;
      assert.ok(Math.abs(markerBox.x + markerBox.width / 2 - expectedX) <= 3, `marker x ${markerBox.x + markerBox.width / 2} vs ${expectedX}`);
      assert.ok(Math.abs(markerBox.y + markerBox.height / 2 - expectedY) <= 3, `marker y ${markerBox.y + markerBox.height / 2} vs ${expectedY}`);
      await markedShot.scrollIntoViewIfNeeded();
      await screenshotSideBar(server(), join(E2E_RESULTS_DIR, 'computer-use-thumbnails.png'));
      // A thumbnail opens full size in an editor tab (VS Code's image preview).
      await markedShot.click();
      // Named for a person: its place in the session and its size.
      await server().page.locator('.tabs-container .tab', { hasText: /^Screenshot \d+ \(\d+x\d+\)\.png$/ }).first().waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      // The image preview is a webview of its own: the picture in it is the screenshot at its real size.
      const preview = await server().findWebviewFrame(async (candidate) => (await candidate.locator('img.scale-to-fit, img.image-preview, .image-container img').count()) > 0, WEBVIEW_TIMEOUT_MS);
      const natural = await waitFor('the full-size screenshot to load', async () => {
        const size = await preview.locator('img').first().evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight }));
        return size.width > 0 ? size : undefined;
      }, WEBVIEW_TIMEOUT_MS);
      assert.deepEqual(natural, run.screenshot);
      await server().screenshot(join(E2E_RESULTS_DIR, 'computer-use-full-size.png'));

      // The proof of work shows the screen before and after: the first screenshot and the last.
      const proofShots = frame.locator('.proof .proof-shot img');
      await proofShots.first().waitFor({ state: 'attached', timeout: WEBVIEW_TIMEOUT_MS });
      assert.deepEqual(await proofShots.evaluateAll((images) => images.map((image) => (image as HTMLImageElement).alt.split(':')[0])), ['Before', 'After']);
      const thumbnails = await frame.locator('.transcript .screenshot img').evaluateAll((images) => images.map((image) => (image as HTMLImageElement).src));
      assert.deepEqual(await proofShots.evaluateAll((images) => images.map((image) => (image as HTMLImageElement).src)), [thumbnails[0], thumbnails.at(-1)]);
      // The task is over: its display, the browser on it and the app it started are gone.
      await frame.locator('.status', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      await waitFor(`display ${display} to go away`, async () => ((await displayIsUp(display)) ? undefined : true), TASK_TIMEOUT_MS);
      await assert.rejects(fetch(run.appUrl));

      // After a window reload the panel draws the same screenshots, read back from their own image
      // files: the saved JSON carries none of their data (a PNG's base64 starts "iVBORw0KGgo").
      const widthsOf = (images: Locator) => images.evaluateAll((found) => found.map((image) => (image as HTMLImageElement).naturalWidth));
      const shown = await widthsOf(frame.locator('.transcript .screenshot img'));
      const saved = await waitFor('the ended task to be saved', async () => {
        const text = await loupeSavedTranscript(server());
        return text.includes('"session-ended"') ? text : undefined;
      }, WEBVIEW_TIMEOUT_MS);
      assert.match(saved, /"type":"screenshot"/);
      assert.doesNotMatch(saved, /iVBORw0KGgo|"dataBase64":"[^"]/);
      await reloadWindow(server().page);
      await server().runCommand('Loupe: Open Panel');
      const revived = (await loupePanelFrame(server(), 'view')).locator('.transcript .screenshot img');
      await revived.first().waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
      const widths = await waitFor('the restored thumbnails to load', async () => {
        const loaded = await widthsOf(revived);
        return loaded.length === shown.length && loaded.every((width) => width > 0) ? loaded : undefined;
      }, WEBVIEW_TIMEOUT_MS);
      assert.deepEqual(widths, shown);
    });

    it('takes the virtual display down when the task is stopped while the model is thinking', async function () {
      api().push(reply.blocks([computer('screenshot', {})]), { kind: 'hang' });
      const requestsBefore = api().requests.length;
      const displaysOf = async () => [...(await loupeLog(server())).matchAll(/Computer use: on a private virtual display (:\d+)\./g)].map((match) => match[1]!);
      const displaysBefore = await displaysOf().catch((): string[] => []);
      await runTaskFromPalette(server(), 'Look at the screen');
      await waitFor('the request after the screenshot', async () => (api().requests.length === requestsBefore + 2 ? true : undefined), COMPUTER_TASK_TIMEOUT_MS);
      const displays = await displaysOf();
      const display = displays.at(-1)!;
      // A display started for this task (Xvfb may reuse a number an earlier task's display gave back).
      assert.equal(displays.length, displaysBefore.length + 1, 'each task gets a display of its own');
      assert.equal(await displayIsUp(display), true, 'the display runs during the task');
      const frame = await loupePanelFrame(server());
      await frame.locator('.stop').click();
      await frame.locator('.status', { hasText: 'Stopped' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
      await waitFor(`display ${display} to go away after the stop`, async () => ((await displayIsUp(display)) ? undefined : true), TASK_TIMEOUT_MS);
    });

    it('stops a task while its display is starting: the panel\'s Stop works at once, no request is sent, and the starting display is killed', async function () {
      const requestsBefore = api().requests.length;
      xvfb.hold();
      try {
        await runTaskFromPalette(server(), 'Look at the screen again');
        const frame = await loupePanelFrame(server());
        // The task and its Stop are shown before the display is up.
        await frame.locator('.task-text', { hasText: 'Look at the screen again' }).waitFor({ state: 'visible', timeout: WEBVIEW_TIMEOUT_MS });
        const pid = await xvfb.started(TASK_TIMEOUT_MS);
        const stop = frame.locator('.stop');
        assert.equal(await stop.isEnabled(), true, 'Stop is offered while the task starts');
        await stop.click();
        await frame.locator('.status', { hasText: 'Stopped' }).waitFor({ state: 'visible', timeout: TASK_TIMEOUT_MS });
        assert.match(await loupeLog(server()), /Task ended: cancelled before its first request/);
        assert.equal(api().requests.length, requestsBefore, 'no request after the stop');
        await waitFor('the starting display to be killed', async () => (isRunning(pid) ? undefined : true), TASK_TIMEOUT_MS);
      } finally {
        xvfb.letGo();
      }
    });
  });
});
