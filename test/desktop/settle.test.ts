// settleScreenshot on a real display: a still page settles within a few intervals; a page that
// repaints every frame never does, and the ceiling ends the wait.
import assert from 'node:assert/strict';
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
  it('calls a still screen settled once two consecutive frames match', async () => {
    const browser = await screen.display.openUrl(app.staticUrl);
    try {
      await settleScreenshot(screen.desktop, { ceilingMs: 5000 }); // Let the page finish loading.
      const result = await settleScreenshot(screen.desktop);
      assert.equal(result.settled, true);
      // Two on a quiet machine; a late repaint of the browser's own frame can cost one more.
      assert.ok(result.frames >= 2 && result.frames <= 4, `settled after ${result.frames} frames`);
      // The still page's own blue is what was captured.
      assert.deepEqual([...result.frame.data.subarray(0, 3)], [0x20, 0x40, 0x80]);
    } finally {
      await browser.stop();
    }
  });

  it('gives up at the ceiling on a page that never stops animating, returning the latest frame', async () => {
    const browser = await screen.display.openUrl(app.animatedUrl);
    try {
      // The window appears before the page paints; wait until the screen is visibly animating.
      const deadline = Date.now() + 15_000;
      for (let last = await screen.desktop.captureScreen(); ; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const next = await screen.desktop.captureScreen();
        if (!next.data.equals(last.data)) break;
        if (Date.now() > deadline) throw new Error('the animated page never started animating');
        last = next;
      }
      // Frames 200 ms apart, not the default 50: on a loaded machine Chromium can skip painting for more
      // than 50 ms, and two equal frames then are a still screen, which this test is not about.
      const ceilingMs = 1200;
      const result = await settleScreenshot(screen.desktop, { ceilingMs, intervalMs: 200 });
      assert.equal(result.settled, false);
      // It waited the whole ceiling and then stopped (the bound only tells stopping from hanging).
      assert.ok(result.waitedMs >= ceilingMs && result.waitedMs < ceilingMs * 5, `stopped at ${result.waitedMs} ms`);
      assert.ok(result.frames >= 3, `kept capturing (${result.frames} frames)`);
      assert.deepEqual([result.frame.width, result.frame.height], [1024, 768]);
    } finally {
      await browser.stop();
    }
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
