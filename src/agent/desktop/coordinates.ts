// Screenshot size and coordinate mapping: the model sees a scaled screenshot and answers in its
// pixels; these map those pixels back to display pixels exactly, and choose the scaled size.
import type { Point, ScreenSize } from './desktop';
import { imageTokens } from './screenshot';

export interface ScreenshotLimits {
  /** Longest edge the model accepts without the API downscaling or rejecting the image. */
  maxLongEdge: number;
  /** Most image tokens (⌈w/28⌉×⌈h/28⌉) one screenshot may cost. */
  maxTokens: number;
}

/**
 * The largest screenshot size with the display's aspect ratio whose long edge is at most
 * `maxLongEdge` and whose cost is at most `maxTokens`; never larger than the display itself.
 * The short edge is the long edge times the display's ratio, rounded to the nearest pixel.
 */
export function screenshotSizeFor(display: ScreenSize, limits: ScreenshotLimits): ScreenSize {
  assertSize(display, 'display');
  const landscape = display.width >= display.height;
  const displayLong = landscape ? display.width : display.height;
  const displayShort = landscape ? display.height : display.width;
  // Walk the long edge down one pixel at a time: at most a few thousand cheap steps, and exact,
  // where solving the token inequality in closed form would have to fight ceil() rounding.
  for (let long = Math.min(displayLong, Math.floor(limits.maxLongEdge)); long >= 1; long--) {
    const short = Math.max(1, Math.round((long * displayShort) / displayLong));
    const size = landscape ? { width: long, height: short } : { width: short, height: long };
    if (imageTokens(size.width, size.height) <= limits.maxTokens) return size;
  }
  throw new Error(`No screenshot size fits ${limits.maxLongEdge} px and ${limits.maxTokens} tokens for a ${display.width}x${display.height} display.`);
}

/**
 * Maps points between display pixels and screenshot pixels, each axis on its own scale.
 *
 * Rounding rule: a pixel maps to the pixel on the other side that contains its centre,
 * i.e. `other = floor((2·p + 1) · otherSize / (2 · size))`, in integer arithmetic. So a screenshot
 * pixel lands on the display pixel nearest the middle of the area it was scaled from, and
 * `toScreenshot(toDisplay(p))` gives back `p` exactly whenever the screenshot is not larger than
 * the display. Inputs are rounded to whole pixels and clamped inside the image first, so a point
 * just outside the screenshot (the model aiming at an edge) lands on the display's edge pixel.
 */
export class ScaleMap {
  constructor(
    readonly display: ScreenSize,
    readonly screenshot: ScreenSize,
  ) {
    assertSize(display, 'display');
    assertSize(screenshot, 'screenshot');
  }

  /** Whether the screenshot is the display at full size, so no mapping is needed. */
  get isIdentity(): boolean {
    return this.display.width === this.screenshot.width && this.display.height === this.screenshot.height;
  }

  toDisplay(point: Point): Point {
    return {
      x: mapAxis(point.x, this.screenshot.width, this.display.width),
      y: mapAxis(point.y, this.screenshot.height, this.display.height),
    };
  }

  toScreenshot(point: Point): Point {
    return {
      x: mapAxis(point.x, this.display.width, this.screenshot.width),
      y: mapAxis(point.y, this.display.height, this.screenshot.height),
    };
  }
}

function mapAxis(value: number, fromSize: number, toSize: number): number {
  if (!Number.isFinite(value)) throw new Error(`A coordinate must be a finite number, got ${value}.`);
  const pixel = clamp(Math.round(value), 0, fromSize - 1);
  return clamp(Math.floor(((2 * pixel + 1) * toSize) / (2 * fromSize)), 0, toSize - 1);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function assertSize(size: ScreenSize, what: string): void {
  if (!Number.isInteger(size.width) || !Number.isInteger(size.height) || size.width < 1 || size.height < 1) {
    throw new Error(`The ${what} size must be whole pixels of at least 1x1, got ${size.width}x${size.height}.`);
  }
}
