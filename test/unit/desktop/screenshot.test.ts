import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { RawFrame } from '../../../src/agent/desktop/desktop';
import { decodeImage, encodeScreenshot, imageTokens } from '../../../src/agent/desktop/screenshot';

/** A frame with the left half red and the right half blue. */
function halvesFrame(width: number, height: number, channels: 3 | 4 = 3): RawFrame {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      if (x < width / 2) data[at] = 255;
      else data[at + 2] = 255;
      if (channels === 4) data[at + 3] = 255;
    }
  }
  return { width, height, channels, data };
}

describe('imageTokens', () => {
  it('charges one token per started 28x28 tile', () => {
    assert.equal(imageTokens(28, 28), 1);
    assert.equal(imageTokens(29, 28), 2);
    assert.equal(imageTokens(1456, 819), 52 * 30);
    assert.equal(imageTokens(1280, 800), 46 * 29);
    assert.equal(imageTokens(1, 1), 1);
  });
});

describe('encodeScreenshot', () => {
  it('scales a frame to exactly the target size as a PNG, keeping what is where', async () => {
    const shot = await encodeScreenshot(halvesFrame(400, 200), { width: 150, height: 75 }, 'png');
    assert.equal(shot.mediaType, 'image/png');
    assert.deepEqual([shot.width, shot.height], [150, 75]);
    const metadata = await sharp(shot.data).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height, metadata.channels], ['png', 150, 75, 3]);
    const decoded = await decodeImage(shot.data);
    const pixel = (x: number, y: number) => [...decoded.data.subarray((y * 150 + x) * 3, (y * 150 + x) * 3 + 3)];
    assert.deepEqual(pixel(10, 30), [255, 0, 0]);
    assert.deepEqual(pixel(140, 30), [0, 0, 255]);
  });

  it('stretches to the exact target even when its aspect ratio differs by a rounding pixel', async () => {
    const shot = await encodeScreenshot(halvesFrame(1366, 768), { width: 1176, height: 661 }, 'png');
    const metadata = await sharp(shot.data).metadata();
    assert.deepEqual([metadata.width, metadata.height], [1176, 661]);
  });

  it('encodes JPEG at the quality asked, smaller at a lower quality', async () => {
    const frame = halvesFrame(640, 400);
    const high = await encodeScreenshot(frame, { width: 640, height: 400 }, 'jpeg', 95);
    const low = await encodeScreenshot(frame, { width: 640, height: 400 }, 'jpeg', 30);
    assert.equal(high.mediaType, 'image/jpeg');
    assert.equal((await sharp(high.data).metadata()).format, 'jpeg');
    assert.ok(low.data.length < high.data.length, `${low.data.length} < ${high.data.length}`);
  });

  it('drops the padding channel of a 4-channel frame', async () => {
    const shot = await encodeScreenshot(halvesFrame(64, 32, 4), { width: 64, height: 32 }, 'png');
    assert.equal((await sharp(shot.data).metadata()).channels, 3);
  });
});

describe('decodeImage', () => {
  it('decodes a greyscale PNG into three channels and scales it when asked', async () => {
    const grey = await sharp(Buffer.alloc(40 * 20, 128), { raw: { width: 40, height: 20, channels: 1 } }).png().toBuffer();
    const frame = await decodeImage(grey, { width: 20, height: 10 });
    assert.deepEqual([frame.width, frame.height, frame.channels, frame.data.length], [20, 10, 3, 600]);
    assert.deepEqual([...frame.data.subarray(0, 3)], [128, 128, 128]);
  });
});
