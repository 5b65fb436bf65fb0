// Knowing a page has drawn before anyone looks at it: a browser window first shows a blank frame of
// one colour (the toolkit's window background: GTK's off-white here, dark under a dark theme), then
// the page's own empty white, and a screenshot taken then is "settled" (two equal frames) but shows
// nothing of the page. Left out of the look: pixels still as the screen was before the launch (a new
// window may not cover the last row yet) and pure white. The page has drawn once the rest holds two
// colours or more: a page has text (anti-aliased) or more than one thing on it, a blank window one
// flat colour. Which colour comes first depends on timing, so no colour is taken for the blank one.
// A page that draws nothing but one flat colour ends the wait at a ceiling, and the caller says so.
import type { RawFrame } from './desktop';

/** Long enough for Chromium's first paint of a dev server's page on 2 busy cores, short enough to report a page that draws nothing. */
export const FIRST_PAINT_TIMEOUT_MS = 10_000;
const FIRST_PAINT_POLL_MS = 50;

export interface FirstPaintWait {
  capture(): Promise<RawFrame>;
  /** The screen before the program started. */
  before: RawFrame;
  /** False once the program has exited: there is nothing left to wait for. */
  alive(): boolean;
  timeoutMs?: number;
}

/** True once the screen shows something drawn; false at the ceiling, or when the program exited first. */
export async function waitForFirstPaint(wait: FirstPaintWait): Promise<boolean> {
  const deadline = performance.now() + (wait.timeoutMs ?? FIRST_PAINT_TIMEOUT_MS);
  for (;;) {
    if (newColour(await wait.capture(), wait.before) === 'several') return true;
    if (!wait.alive() || performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, FIRST_PAINT_POLL_MS));
  }
}

/**
 * The one colour (as 0xRRGGBB) of every pixel that is not white and differs from the screen before;
 * undefined when there is none, 'several' when there are more colours than one (the walk ends there).
 */
function newColour(frame: RawFrame, before: RawFrame): number | 'several' | undefined {
  const [now, then] = [frame.data, before.data];
  const sameShape = frame.width === before.width && frame.height === before.height && frame.channels === before.channels;
  let found: number | undefined;
  for (let at = 0; at + 2 < now.length; at += frame.channels) {
    const [red, green, blue] = [now[at]!, now[at + 1]!, now[at + 2]!];
    if (red === 0xff && green === 0xff && blue === 0xff) continue;
    if (sameShape && red === then[at] && green === then[at + 1] && blue === then[at + 2]) continue;
    const colour = (red << 16) | (green << 8) | blue;
    if (found === undefined) found = colour;
    else if (colour !== found) return 'several';
  }
  return found;
}
