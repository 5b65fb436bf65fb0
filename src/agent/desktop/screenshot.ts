// Turns a captured frame into the image the model receives: scaled to the chosen size and encoded
// with sharp in this process (no ImageMagick subprocess), plus what that image costs in tokens.
import type { RawFrame, ScreenSize } from './desktop';

/** The API bills an image as one token per started 28x28 pixel tile (⌈w/28⌉×⌈h/28⌉). */
export const IMAGE_TILE_PX = 28;

/**
 * zlib level 1. Measured here on a 1920x1080 text-heavy Chromium page scaled to 1456x819: level 1
 * took 13 ms for 1.05 MB, level 6 (libpng's default) 28 ms for 0.89 MB, level 9 149 ms for
 * 0.67 MB. Screenshots are tokens by pixel size, not by bytes, so the 15% smaller upload is not
 * worth doubling the time on every action. Adaptive filtering stays off: it cost 30 ms for a
 * larger file on the same frame.
 */
export const PNG_COMPRESSION_LEVEL = 1;

/** JPEG quality when asked for JPEG without one: 80 keeps UI text legible (about 0.35 MB, 13 ms at 1456x819). */
export const DEFAULT_JPEG_QUALITY = 80;

export interface EncodedScreenshot {
  data: Buffer;
  mediaType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/** Image tokens the API charges for a `width`x`height` image. */
export function imageTokens(width: number, height: number): number {
  return Math.ceil(width / IMAGE_TILE_PX) * Math.ceil(height / IMAGE_TILE_PX);
}

/**
 * Scales `frame` to exactly `target` (no letterboxing: the coordinate map assumes the whole
 * display fills the whole image) and encodes it. Lanczos3 (sharp's default) keeps small text
 * readable when downscaling; it cost 2 ms more than bilinear at 1920x1080 → 1456x819.
 */
export async function encodeScreenshot(frame: RawFrame, target: ScreenSize, format: 'png' | 'jpeg', quality?: number): Promise<EncodedScreenshot> {
  const { default: sharp } = await import('sharp'); // Loaded on first use: a native module most sessions never need.
  let image = sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: frame.channels } });
  if (target.width !== frame.width || target.height !== frame.height) image = image.resize(target.width, target.height, { fit: 'fill' });
  // The alpha channel of an X capture is padding, and PNG/JPEG encoding of RGBA is slower.
  if (frame.channels === 4) image = image.removeAlpha();
  const data =
    format === 'png'
      ? await image.png({ compressionLevel: PNG_COMPRESSION_LEVEL, adaptiveFiltering: false }).toBuffer()
      : await image.jpeg({ quality: quality ?? DEFAULT_JPEG_QUALITY }).toBuffer();
  return { data, mediaType: format === 'png' ? 'image/png' : 'image/jpeg', width: target.width, height: target.height };
}

/**
 * Decodes a PNG or JPEG (a platform screenshot tool's file, or a screenshot in a test) into an
 * RGB frame, scaled to `size` if given (e.g. a Retina capture down to the screen's points).
 */
export async function decodeImage(data: Buffer, size?: ScreenSize): Promise<RawFrame> {
  const { default: sharp } = await import('sharp');
  let image = sharp(data).removeAlpha().toColourspace('srgb');
  if (size) image = image.resize(size.width, size.height, { fit: 'fill' });
  const { data: pixels, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: pixels };
}
