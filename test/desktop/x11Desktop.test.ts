// X11Desktop on a real Xvfb display driving a real Chromium page: every assertion is on the page's own
// state (what it posted back to the test server), at two display sizes.
import assert from 'node:assert/strict';
import { ScaleMap, screenshotSizeFor } from '../../src/agent/desktop/coordinates';
import type { RawFrame, ScreenSize } from '../../src/agent/desktop/desktop';
import { decodeImage, encodeScreenshot } from '../../src/agent/desktop/screenshot';
import { settleScreenshot } from '../../src/agent/desktop/settle';
import { APP_COLOURS, BOX_START, findColour, serveTestApp, startTestDisplay, type TestApp, type TestDisplay } from '../support/xvfb';

const SIZES: ScreenSize[] = [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
];

for (const size of SIZES) {
  describe(`X11Desktop on a ${size.width}x${size.height} virtual display with a real Chromium page`, function () {
    this.timeout(30_000);
    let screen: TestDisplay;
    let app: TestApp;
    let frame: RawFrame;

    before(async () => {
      app = await serveTestApp();
      screen = await startTestDisplay(size);
      await screen.display.openUrl(app.url);
      await app.waitFor((state) => state.ready, 'the page to load', 20_000);
      frame = (await settleScreenshot(screen.desktop)).frame;
    });

    after(async () => {
      await screen?.dispose();
      await app?.close();
    });

    /** Where a control is now, found by its colour in a fresh capture. */
    async function locate(colour: readonly [number, number, number]) {
      const found = findColour((await settleScreenshot(screen.desktop)).frame, colour);
      assert.ok(found, `the colour ${colour.join(',')} is on screen`);
      return found;
    }

    it('captures the whole display, with the page drawn where it is', async () => {
      assert.deepEqual({ width: frame.width, height: frame.height }, size);
      assert.equal(frame.data.length, size.width * size.height * 3);
      const button = findColour(frame, APP_COLOURS.button);
      assert.ok(button, 'the magenta button is in the capture');
      // The page's CSS puts the 180x70 button at (320, 160) of a window that fills the display.
      assert.equal(button.left, 320);
      assert.equal(button.top, 160);
      assert.equal(button.right - button.left + 1, 180);
      assert.equal(button.bottom - button.top + 1, 70);
    });

    it('clicks the button found in a scaled-down screenshot, mapping its coordinates back to the display', async () => {
      const shotSize = screenshotSizeFor(size, { maxLongEdge: 900, maxTokens: 700 });
      assert.ok(shotSize.width < size.width, 'the screenshot is really scaled');
      const encoded = await encodeScreenshot(frame, shotSize, 'png');
      const screenshot = await decodeImage(encoded.data);
      // Scaling blends the edges; the pure colour still fills the button's middle.
      const buttonInShot = findColour(screenshot, APP_COLOURS.button);
      assert.ok(buttonInShot, 'the button is visible in the screenshot the model would get');
      const target = new ScaleMap(size, shotSize).toDisplay(buttonInShot.center);
      const before = app.state()?.clicks ?? 0;
      await screen.desktop.click(target, 'left', 1);
      await app.waitFor((state) => state.clicks === before + 1, 'one click on the button');
    });

    it('double-clicks, triple-clicks, right-clicks, middle-clicks and shift-clicks the button', async () => {
      const { center, left, right } = await locate(APP_COLOURS.button);
      // Each burst lands a few pixels from the last click, so the browser counts it afresh (a click that far
      // away is a new click whatever the time), rather than waiting out the double-click time.
      const apart = (offset: number) => ({ x: Math.round(left + ((right - left) * offset) / 4), y: center.y });
      await screen.desktop.click(apart(1), 'left', 2);
      await app.waitFor((state) => state.doubleClicks === 1 && state.mostClicksInARow === 2, 'a double click');
      await screen.desktop.click(apart(3), 'left', 3);
      await app.waitFor((state) => state.mostClicksInARow === 3, 'a triple click');
      await screen.desktop.click(center, 'right', 1);
      await app.waitFor((state) => state.rightClicks === 1, 'a right click');
      await screen.desktop.click(center, 'middle', 1);
      await app.waitFor((state) => state.middleClicks === 1, 'a middle click');
      await screen.desktop.click(center, 'left', 1, ['shift']);
      await app.waitFor((state) => state.shiftClicks === 1, 'a shift-click');
    });

    it('types into the input and submits it with Return', async () => {
      const { center } = await locate(APP_COLOURS.input);
      await screen.desktop.click(center, 'left', 1);
      const text = 'Hello, Loupe: 42 / "x-y" & more text than one typing chunk holds';
      await screen.desktop.typeText(text);
      await screen.desktop.pressKeys('Return');
      await app.waitFor((state) => state.submitted === text, 'the typed text to be submitted');
    });

    /** Focus in the input, holding `text` (each test sets its own starting point: none relies on another's). */
    async function inputHolding(text: string) {
      const { center } = await locate(APP_COLOURS.input);
      await screen.desktop.click(center, 'left', 1);
      await screen.desktop.pressKeys('ctrl+a');
      await screen.desktop.typeText(text);
      await app.waitFor((state) => state.value === text, `the input to hold "${text}"`);
    }

    it('replaces the input text with select-all (ctrl+a) and types over it', async () => {
      await inputHolding('earlier text');
      await screen.desktop.pressKeys('ctrl+a');
      await screen.desktop.typeText('replaced');
      await screen.desktop.pressKeys('BackSpace enter');
      await app.waitFor((state) => state.submitted === 'replace', 'BackSpace then Enter after the new text');
    });

    it('holds a key down for the time asked', async () => {
      await inputHolding('held:');
      const started = Date.now();
      await screen.desktop.holdKeys('z', 300);
      assert.ok(Date.now() - started >= 300, 'holdKeys returns after the key was held');
      await app.waitFor((state) => state.value.startsWith('held:z'), 'the held key to reach the input');
    });

    it('drags the box exactly as far as asked', async () => {
      const box = await locate(APP_COLOURS.box);
      const by = { x: 230, y: -140 };
      await screen.desktop.drag(box.center, { x: box.center.x + by.x, y: box.center.y + by.y });
      await app.waitFor((state) => state.box.x === BOX_START.x + by.x && state.box.y === BOX_START.y + by.y, `the box to move by ${by.x},${by.y}`);
    });

    it('scrolls the page down, right and back', async () => {
      const over = { x: size.width - 100, y: size.height - 100 };
      await screen.desktop.scroll(over, 'down', 5);
      // Chromium scrolls smoothly: the first report may be part way; five wheel clicks go well past 100 px.
      await app.waitFor((state) => state.scrollY >= 100, 'the page to scroll down at least 100 px');
      await screen.desktop.scroll(over, 'right', 3);
      await app.waitFor((state) => state.scrollX > 0, 'the page to scroll right');
      await screen.desktop.scroll(over, 'up', 10);
      await screen.desktop.scroll(over, 'left', 10);
      await app.waitFor((state) => state.scrollY === 0 && state.scrollX === 0, 'the page to scroll back to the top left');
    });

    it('moves the pointer and reports where it is', async () => {
      await screen.desktop.moveMouse({ x: 17, y: size.height - 3 });
      assert.deepEqual(await screen.desktop.cursorPosition(), { x: 17, y: size.height - 3 });
      await screen.desktop.mouseDown('left');
      await screen.desktop.mouseUp('left');
    });

    it('refuses a point off the display and a key name X does not know, saying why', async () => {
      await assert.rejects(screen.desktop.click({ x: size.width, y: 10 }, 'left', 1), /outside the \d+x\d+ display/);
      await assert.rejects(screen.desktop.pressKeys('NoSuchKeyAtAll'), /Unknown key name `NoSuchKeyAtAll`/);
    });
  });
}
