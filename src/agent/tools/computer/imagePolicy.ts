// How a captured frame becomes the image the model is sent: its size (the model's limits, the zoom box)
// and its format (PNG for screens of UI text, JPEG only when a photo-heavy screen makes PNG too heavy).
import type { RawFrame, ScreenSize } from '../../desktop/desktop';
import { encodeScreenshot } from '../../desktop/screenshot';

export interface ModelImage {
  data: Buffer;
  mediaType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Measured here (Xvfb + Chromium, sharp, PNG zlib level 1 / JPEG q80): a page of UI text at 1280x800 is 195 KB as
 * PNG and 136 KB as JPEG; at 1920x1080 scaled to 1456x819, 330 KB vs 123 KB. PNG stays lossless on small text for a
 * few hundred KB, so it is the default. A screen of photo-like content is 3.1 MB as PNG at 1280x800 (6.3 MB at
 * 1920x1080, over the API's 5 MB per image) but 341 KB (691 KB) as JPEG, whose artifacts matter little there.
 * Tokens depend on pixels, not format, so this is only about request size: every kept screenshot is re-sent each turn.
 */
export const PNG_BUDGET_BYTES = 1_000_000;
/** Good enough for photos, still legible for the text on them. */
export const JPEG_QUALITY = 80;

/** Encodes `frame` at `target` size: PNG, or JPEG when that is much smaller on a photo-heavy screen. */
export async function encodeForModel(frame: RawFrame, target: ScreenSize): Promise<ModelImage> {
  const png = await encodeScreenshot(frame, target, 'png');
  if (png.data.length <= PNG_BUDGET_BYTES) return png;
  const jpeg = await encodeScreenshot(frame, target, 'jpeg', JPEG_QUALITY);
  return jpeg.data.length < png.data.length ? jpeg : png;
}

/** A rectangle in a frame's pixels. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The pixels of `rect` as a frame of their own (rows copied; frames have no row padding). */
export function cropFrame(frame: RawFrame, rect: PixelRect): RawFrame {
  const rowBytes = rect.width * frame.channels;
  const data = Buffer.allocUnsafe(rowBytes * rect.height);
  for (let row = 0; row < rect.height; row++) {
    const start = ((rect.top + row) * frame.width + rect.left) * frame.channels;
    frame.data.copy(data, row * rowBytes, start, start + rowBytes);
  }
  return { width: rect.width, height: rect.height, channels: frame.channels, data };
}

/**
 * The size a zoomed region is sent at: its own aspect ratio, scaled up (or down) to fill the screenshot's box, so
 * fine detail becomes legible at no more tokens than one screenshot (the toolset docs: the crop is scaled to fill the
 * image budget).
 */
export function zoomImageSize(crop: ScreenSize, box: ScreenSize): ScreenSize {
  const scale = Math.min(box.width / crop.width, box.height / crop.height);
  return {
    width: Math.max(1, Math.min(box.width, Math.round(crop.width * scale))),
    height: Math.max(1, Math.min(box.height, Math.round(crop.height * scale))),
  };
}
