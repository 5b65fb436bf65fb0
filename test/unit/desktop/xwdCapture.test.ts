// The XWD reader on headers built here for each layout X servers use; test/desktop parses real xwd files.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FramebufferCapture, parseXwd } from '../../../src/agent/desktop/xwdCapture';

interface XwdSpec {
  width: number;
  height: number;
  bitsPerPixel: 16 | 24 | 32;
  littleEndian: boolean;
  masks: [number, number, number];
  /** Bytes per row; more than the pixels need means padding. */
  bytesPerLine?: number;
  colormapEntries?: number;
  /** Pixel value at (x, y). */
  pixel: (x: number, y: number) => number;
}

/** Writes an XWD file the way xwd does: big-endian header, window name, colormap, then rows. */
function buildXwd(spec: XwdSpec): Buffer {
  const name = Buffer.from('test\0');
  const headerSize = 100 + name.length;
  const bytesPerPixel = spec.bitsPerPixel / 8;
  const bytesPerLine = spec.bytesPerLine ?? spec.width * bytesPerPixel;
  const colors = spec.colormapEntries ?? 0;
  const header = Buffer.alloc(100);
  const fields = [headerSize, 7, 2, spec.bitsPerPixel === 16 ? 16 : 24, spec.width, spec.height, 0, spec.littleEndian ? 0 : 1, 32, 0, 32, spec.bitsPerPixel, bytesPerLine, 4, ...spec.masks, 8, colors, colors, spec.width, spec.height, 0, 0, 0];
  fields.forEach((value, index) => header.writeUInt32BE(value >>> 0, index * 4));
  const pixels = Buffer.alloc(bytesPerLine * spec.height, 0xee); // Padding bytes are garbage on purpose.
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const value = spec.pixel(x, y);
      for (let byte = 0; byte < bytesPerPixel; byte++) {
        const shift = spec.littleEndian ? 8 * byte : 8 * (bytesPerPixel - 1 - byte);
        pixels[y * bytesPerLine + x * bytesPerPixel + byte] = (value >>> shift) & 0xff;
      }
    }
  }
  return Buffer.concat([header, name, Buffer.alloc(colors * 12, 0x55), pixels]);
}

const RGB_MASKS: [number, number, number] = [0xff0000, 0x00ff00, 0x0000ff];
/** A pattern that gives every pixel a different colour, so a swapped channel or row shows. */
const pattern = (x: number, y: number) => [(x * 40) & 0xff, (y * 70) & 0xff, (x * 13 + y * 29) & 0xff] as const;

function expectPattern(frame: ReturnType<typeof parseXwd>, width: number, height: number): void {
  assert.deepEqual([frame.width, frame.height, frame.channels], [width, height, 3]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      assert.deepEqual([...frame.data.subarray(at, at + 3)], [...pattern(x, y)], `pixel ${x},${y}`);
    }
  }
}

describe('parseXwd', () => {
  it('reads 32-bit little-endian pixels (Xvfb and most X servers) with a colormap before them and padded rows', () => {
    const file = buildXwd({
      width: 5,
      height: 3,
      bitsPerPixel: 32,
      littleEndian: true,
      masks: RGB_MASKS,
      bytesPerLine: 24,
      colormapEntries: 256,
      pixel: (x, y) => {
        const [r, g, b] = pattern(x, y);
        return (0xab << 24) | (r << 16) | (g << 8) | b;
      },
    });
    expectPattern(parseXwd(file), 5, 3);
  });

  it('reads 32-bit big-endian pixels', () => {
    const file = buildXwd({ width: 4, height: 4, bitsPerPixel: 32, littleEndian: false, masks: RGB_MASKS, pixel: (x, y) => {
      const [r, g, b] = pattern(x, y);
      return (r << 16) | (g << 8) | b;
    } });
    expectPattern(parseXwd(file), 4, 4);
  });

  it('reads 24-bit packed pixels and BGR masks', () => {
    const file = buildXwd({ width: 3, height: 2, bitsPerPixel: 24, littleEndian: true, masks: [0x0000ff, 0x00ff00, 0xff0000], pixel: (x, y) => {
      const [r, g, b] = pattern(x, y);
      return (b << 16) | (g << 8) | r;
    } });
    expectPattern(parseXwd(file), 3, 2);
  });

  it('reads 16-bit 5-6-5 pixels, scaling each channel to 8 bits', () => {
    const file = buildXwd({ width: 2, height: 1, bitsPerPixel: 16, littleEndian: true, masks: [0xf800, 0x07e0, 0x001f], pixel: (x) => (x === 0 ? 0xffff : (16 << 11) | (32 << 5) | 0) });
    const frame = parseXwd(file);
    assert.deepEqual([...frame.data], [255, 255, 255, Math.round((16 * 255) / 31), Math.round((32 * 255) / 63), 0]);
  });

  it('refuses a truncated file and a file that is not XWD, saying what is wrong', () => {
    const file = buildXwd({ width: 4, height: 4, bitsPerPixel: 32, littleEndian: true, masks: RGB_MASKS, pixel: () => 0 });
    assert.throws(() => parseXwd(file.subarray(0, file.length - 10)), /truncated/);
    assert.throws(() => parseXwd(Buffer.from('P6\n4 4\n255\n')), /shorter than its header/);
    const wrongVersion = Buffer.from(file);
    wrongVersion.writeUInt32BE(6, 4);
    assert.throws(() => parseXwd(wrongVersion), /file version 6/);
    const paletted = Buffer.from(file);
    paletted.writeUInt32BE(3, 13 * 4); // PseudoColor
    assert.throws(() => parseXwd(paletted), /not TrueColor/);
  });
});

describe('FramebufferCapture', () => {
  it('reads an XWD framebuffer file again on every capture, so it sees the screen change', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'loupe-fb-test-'));
    try {
      const path = join(folder, 'Xvfb_screen0');
      const solid = (value: number) => buildXwd({ width: 8, height: 2, bitsPerPixel: 32, littleEndian: true, masks: RGB_MASKS, colormapEntries: 256, pixel: () => value });
      await writeFile(path, solid(0x112233));
      const capture = await FramebufferCapture.open(path);
      try {
        assert.deepEqual([...(await capture.capture()).data.subarray(0, 3)], [0x11, 0x22, 0x33]);
        await writeFile(path, solid(0x445566));
        assert.deepEqual([...(await capture.capture()).data.subarray(0, 3)], [0x44, 0x55, 0x66]);
      } finally {
        await capture.close();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
