import assert from 'node:assert/strict';
import { ScaleMap, screenshotSizeFor, type ScreenshotLimits } from '../../../src/agent/desktop/coordinates';
import type { ScreenSize } from '../../../src/agent/desktop/desktop';
import { imageTokens } from '../../../src/agent/desktop/screenshot';

const STANDARD: ScreenshotLimits = { maxLongEdge: 1568, maxTokens: 1568 };
const HIGH_RES: ScreenshotLimits = { maxLongEdge: 2576, maxTokens: 4784 };

const DISPLAYS: ScreenSize[] = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
  { width: 2880, height: 1800 }, // A Retina-like 2x panel.
  { width: 3840, height: 2160 },
  { width: 1366, height: 768 },
  { width: 1024, height: 1280 }, // Portrait.
  { width: 1024, height: 768 },
];

function fits(size: ScreenSize, limits: ScreenshotLimits): boolean {
  return Math.max(size.width, size.height) <= limits.maxLongEdge && imageTokens(size.width, size.height) <= limits.maxTokens;
}

describe('screenshotSizeFor', () => {
  it('scales 1920x1080 to 1456x819 on the standard tier (1560 tokens) and keeps it whole on the larger tier', () => {
    assert.deepEqual(screenshotSizeFor({ width: 1920, height: 1080 }, STANDARD), { width: 1456, height: 819 });
    assert.equal(imageTokens(1456, 819), 1560);
    assert.deepEqual(screenshotSizeFor({ width: 1920, height: 1080 }, HIGH_RES), { width: 1920, height: 1080 });
  });

  it('never scales up: a display that already fits is sent at its own size', () => {
    assert.deepEqual(screenshotSizeFor({ width: 1280, height: 800 }, STANDARD), { width: 1280, height: 800 });
    assert.deepEqual(screenshotSizeFor({ width: 1024, height: 768 }, STANDARD), { width: 1024, height: 768 });
    assert.deepEqual(screenshotSizeFor({ width: 640, height: 480 }, HIGH_RES), { width: 640, height: 480 });
  });

  for (const limits of [STANDARD, HIGH_RES]) {
    for (const display of DISPLAYS) {
      it(`picks the largest size for ${display.width}x${display.height} within ${limits.maxLongEdge} px / ${limits.maxTokens} tokens, keeping the aspect ratio`, () => {
        const size = screenshotSizeFor(display, limits);
        assert.ok(fits(size, limits), `${size.width}x${size.height} fits`);
        assert.ok(size.width <= display.width && size.height <= display.height, 'not larger than the display');
        // Aspect ratio kept to within the rounding of the short edge.
        const landscape = display.width >= display.height;
        const [long, short] = landscape ? [size.width, size.height] : [size.height, size.width];
        const [displayLong, displayShort] = landscape ? [display.width, display.height] : [display.height, display.width];
        assert.ok(Math.abs(short - (long * displayShort) / displayLong) <= 0.5);
        // Largest: one pixel more on the long edge (with its matching short edge) breaks a limit or the display.
        if (long < displayLong) {
          const next = long + 1;
          const nextShort = Math.round((next * displayShort) / displayLong);
          assert.equal(fits(landscape ? { width: next, height: nextShort } : { width: nextShort, height: next }, limits), false);
        }
      });
    }
  }

  it('rejects a display size that is not whole pixels', () => {
    assert.throws(() => screenshotSizeFor({ width: 0, height: 800 }, STANDARD), /whole pixels/);
  });
});

describe('ScaleMap', () => {
  const cases: Array<[ScreenSize, ScreenshotLimits]> = DISPLAYS.flatMap((display) => [
    [display, STANDARD] as [ScreenSize, ScreenshotLimits],
    [display, { maxLongEdge: 1024, maxTokens: 1000 }] as [ScreenSize, ScreenshotLimits],
  ]);

  for (const [display, limits] of cases) {
    const shot = screenshotSizeFor(display, limits);
    const label = `${display.width}x${display.height} shown as ${shot.width}x${shot.height}`;

    it(`maps every screenshot pixel to a display pixel and back to itself (${label})`, () => {
      const map = new ScaleMap(display, shot);
      const ratioX = display.width / shot.width;
      const ratioY = display.height / shot.height;
      for (let x = 0; x < shot.width; x++) {
        const onDisplay = map.toDisplay({ x, y: 0 });
        // The display pixel lies inside the area that screenshot pixel was scaled from.
        assert.ok(onDisplay.x >= Math.floor(x * ratioX) && onDisplay.x < Math.ceil((x + 1) * ratioX), `x ${x} → ${onDisplay.x}`);
        assert.equal(map.toScreenshot(onDisplay).x, x);
      }
      for (let y = 0; y < shot.height; y++) {
        const onDisplay = map.toDisplay({ x: 0, y });
        assert.ok(onDisplay.y >= Math.floor(y * ratioY) && onDisplay.y < Math.ceil((y + 1) * ratioY), `y ${y} → ${onDisplay.y}`);
        assert.equal(map.toScreenshot(onDisplay).y, y);
      }
    });

    it(`sends a display pixel through the screenshot and back to within half a scale step (${label})`, () => {
      const map = new ScaleMap(display, shot);
      const slackX = Math.ceil(display.width / shot.width / 2);
      const slackY = Math.ceil(display.height / shot.height / 2);
      for (let x = 0; x < display.width; x += 7) {
        const y = Math.floor((x * display.height) / display.width);
        const back = map.toDisplay(map.toScreenshot({ x, y }));
        assert.ok(Math.abs(back.x - x) <= slackX && Math.abs(back.y - y) <= slackY, `(${x}, ${y}) came back as (${back.x}, ${back.y})`);
      }
    });
  }

  it('maps the corners of the screenshot to the corners of the display', () => {
    const map = new ScaleMap({ width: 1920, height: 1080 }, { width: 1456, height: 819 });
    assert.deepEqual(map.toDisplay({ x: 0, y: 0 }), { x: 0, y: 0 });
    assert.deepEqual(map.toDisplay({ x: 1455, y: 818 }), { x: 1919, y: 1079 });
    assert.deepEqual(map.toDisplay({ x: 728, y: 409 }), { x: 960, y: 540 });
  });

  it('maps a 2x HiDPI-like screenshot exactly: each screenshot pixel to the second of its two display pixels', () => {
    const map = new ScaleMap({ width: 2880, height: 1800 }, { width: 1440, height: 900 });
    assert.deepEqual(map.toDisplay({ x: 0, y: 0 }), { x: 1, y: 1 });
    assert.deepEqual(map.toDisplay({ x: 100, y: 50 }), { x: 201, y: 101 });
    assert.deepEqual(map.toScreenshot({ x: 200, y: 100 }), { x: 100, y: 50 });
    assert.deepEqual(map.toScreenshot({ x: 201, y: 101 }), { x: 100, y: 50 });
  });

  it('is the identity when the screenshot is the display at full size', () => {
    const map = new ScaleMap({ width: 1280, height: 800 }, { width: 1280, height: 800 });
    assert.equal(map.isIdentity, true);
    for (const point of [{ x: 0, y: 0 }, { x: 639, y: 401 }, { x: 1279, y: 799 }]) {
      assert.deepEqual(map.toDisplay(point), point);
      assert.deepEqual(map.toScreenshot(point), point);
    }
  });

  it('clamps points outside the screenshot to the display edge and rounds fractions', () => {
    const map = new ScaleMap({ width: 1920, height: 1080 }, { width: 1456, height: 819 });
    assert.deepEqual(map.toDisplay({ x: -20, y: 5000 }), { x: 0, y: 1079 });
    assert.deepEqual(map.toDisplay({ x: 1456, y: 819 }), { x: 1919, y: 1079 });
    assert.deepEqual(map.toDisplay({ x: 99.6, y: 0.4 }), map.toDisplay({ x: 100, y: 0 }));
  });

  it('refuses coordinates that are not numbers', () => {
    const map = new ScaleMap({ width: 1920, height: 1080 }, { width: 1456, height: 819 });
    assert.throws(() => map.toDisplay({ x: Number.NaN, y: 3 }), /finite number/);
  });
});
