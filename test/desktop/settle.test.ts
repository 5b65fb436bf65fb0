// settleScreenshot and openUrl on a real display: a page is handed on only once it has drawn; a still
// page settles; a screen that changes between every two frames never does, and the ceiling ends the wait.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { settleScreenshot } from '../../src/agent/desktop/settle';
import { serveTestApp, startTestDisplay, type TestApp, type TestDisplay } from '../support/xvfb';

describe('settleScreenshot on a real Chromium page', function () {
  this.timeout(30_000);
  let screen: TestDisplay;
  let app: TestApp;

  before(async () => {
    app = await serveTestApp();
    screen = await startTestDisplay({ width: 1024, height: 768 });
  });

  after(async () => {
    await screen?.dispose();
    await app?.close();
  });

  // How fast settling is belongs to bench/screenshot.ts; these check what it does, also on a loaded machine.
  it('opens a page only once it has drawn: the blank frame a window shows before its first paint is never handed on', async () => {
    let openedBeforeItDrew = false;
    const drawn = { done: false };
    // No ceiling that a slow machine could reach: the page draws when the test says so.
    const opening = screen.display.openUrl(app.lateUrl, undefined, { firstPaintTimeoutMs: 120_000 }).then((page) => {
      drawn.done = true;
      return page;
    });
    await app.latePageWaiting();
    // The page has loaded and is still white (it waits for the release): opening has not finished.
    openedBeforeItDrew = drawn.done;
    app.releaseLatePage();
    const page = await opening;
    try {
      assert.equal(openedBeforeItDrew, false, 'openUrl returned while the page was a blank window');
      assert.equal(page.painted, true);
      const frame = await screen.desktop.captureScreen();
      assert.deepEqual([...frame.data.subarray(0, 3)], [0x20, 0x40, 0x80], 'the page\'s own blue, not the blank window');
    } finally {
      await page.stop();
    }
  });

  it('calls a still screen settled once two consecutive frames match', async () => {
    const browser = await screen.display.openUrl(app.staticUrl);
    try {
      await settleScreenshot(screen.desktop, { ceilingMs: 5000 }); // Text may come after the background.
      const result = await settleScreenshot(screen.desktop);
      assert.equal(result.settled, true);
      assert.ok(result.frames >= 2, `settled after ${result.frames} frames`);
      // The still page's own blue is what was captured.
      assert.deepEqual([...result.frame.data.subarray(0, 3)], [0x20, 0x40, 0x80]);
    } finally {
      await browser.stop();
    }
  });

  it('gives up at the ceiling on a screen that changes between every two frames, returning the latest frame', async () => {
    // The change comes from the X server itself, made before each capture (a new root colour), so no
    // busy browser can skip a paint and make two frames equal: every frame differs, whatever the load.
    let shade = 0;
    const env = { ...process.env, DISPLAY: screen.display.display };
    const changing = new Proxy(screen.desktop, {
      get(target, key, receiver) {
        if (key !== 'captureScreen') return Reflect.get(target, key, receiver);
        return async () => {
          shade = (shade + 1) % 200;
          await execa('xsetroot', ['-solid', `rgb:${shade.toString(16).padStart(2, '0')}/40/80`], { env });
          return target.captureScreen();
        };
      },
    });
    const ceilingMs = 1200;
    const result = await settleScreenshot(changing, { ceilingMs });
    assert.equal(result.settled, false);
    // It waited the whole ceiling and then stopped (the bound only tells stopping from hanging).
    assert.ok(result.waitedMs >= ceilingMs && result.waitedMs < ceilingMs * 10, `stopped at ${result.waitedMs} ms`);
    assert.ok(result.frames >= 2, `kept capturing (${result.frames} frames)`);
    assert.deepEqual([...result.frame.data.subarray(0, 3)], [shade, 0x40, 0x80], 'the latest frame');
  });

  it('waits for the change an action causes and returns the screen after it', async () => {
    const browser = await screen.display.openUrl(app.url);
    try {
      await app.waitFor((state) => state.ready, 'the page to load', 20_000);
      const before = (await settleScreenshot(screen.desktop, { ceilingMs: 5000 })).frame;
      await screen.desktop.click({ x: 400, y: 322 }, 'left', 1); // Into the input: focus ring and caret appear.
      await screen.desktop.typeText('settled');
      const after = await settleScreenshot(screen.desktop);
      assert.equal(after.frame.data.equals(before.data), false, 'the settled frame shows the typed text');
      await app.waitFor((state) => state.value === 'settled', 'the text in the input');
    } finally {
      await browser.stop();
    }
  });
});
