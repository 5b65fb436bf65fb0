import assert from 'node:assert/strict';
import type { RawFrame } from '../../src/agent/desktop/desktop';
import { cropFrame, encodeForModel, PNG_BUDGET_BYTES, zoomImageSize } from '../../src/agent/tools/computer/imagePolicy';

function frame(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RawFrame {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  }
  return { width, height, channels: 3, data };
}

describe('computer screenshot images', () => {
  it('sends a screen of flat UI as PNG', async () => {
    const ui = frame(1280, 800, (x, y) => (y % 40 < 20 && x % 200 < 150 ? [30, 30, 30] : [255, 255, 255]));
    const image = await encodeForModel(ui, { width: 1280, height: 800 });
    assert.equal(image.mediaType, 'image/png');
    assert.deepEqual([image.width, image.height], [1280, 800]);
  });

  it('falls back to a smaller JPEG when a photo-like screen makes the PNG too heavy', async () => {
    let seed = 1;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    const noise = frame(1280, 800, () => [random(), random(), random()]);
    const image = await encodeForModel(noise, { width: 1280, height: 800 });
    assert.equal(image.mediaType, 'image/jpeg');
    assert.ok(image.data.length < PNG_BUDGET_BYTES, `${image.data.length} bytes`);
    assert.deepEqual([image.data[0], image.data[1]], [0xff, 0xd8], 'JPEG bytes');
  });

  it('crops a frame row by row', () => {
    const source = frame(4, 3, (x, y) => [x, y, 7]);
    const crop = cropFrame(source, { left: 1, top: 1, width: 2, height: 2 });
    assert.deepEqual(crop, { width: 2, height: 2, channels: 3, data: Buffer.from([1, 1, 7, 2, 1, 7, 1, 2, 7, 2, 2, 7]) });
  });

  it('scales a zoomed region to fill the screenshot box at its own aspect ratio', () => {
    assert.deepEqual(zoomImageSize({ width: 100, height: 100 }, { width: 1280, height: 800 }), { width: 800, height: 800 });
    assert.deepEqual(zoomImageSize({ width: 640, height: 100 }, { width: 1280, height: 800 }), { width: 1280, height: 200 });
    assert.deepEqual(zoomImageSize({ width: 2560, height: 1600 }, { width: 1280, height: 800 }), { width: 1280, height: 800 });
  });
});
