// Waits for the screen to stop changing after an action, instead of a fixed sleep: captures frames
// until consecutive ones are identical, or a ceiling passes on a screen that never stops moving.
import type { Desktop, RawFrame } from './desktop';

/**
 * Time between captures. A click usually repaints Chromium within 20–60 ms on these 2-core
 * machines; 50 ms lets that repaint land between two frames most of the time, so two equal
 * frames mean "done" rather than "not started yet", while keeping a static screen's answer near 100 ms.
 */
export const SETTLE_INTERVAL_MS = 50;

/**
 * Give up waiting after this long and return the latest frame: a blinking caret, a spinner or a
 * video never settles, and 1.5 s is still faster than the reference's fixed 2 s sleep.
 */
export const SETTLE_CEILING_MS = 1500;

/** Identical consecutive frames needed to call the screen settled: 2 = one unchanged interval. */
export const SETTLE_STABLE_FRAMES = 2;

export interface SettleOptions {
  intervalMs?: number;
  ceilingMs?: number;
  stableFrames?: number;
}

export interface SettledScreenshot {
  /** The last frame captured: the settled screen, or the latest one when the ceiling passed. */
  frame: RawFrame;
  settled: boolean;
  waitedMs: number;
  /** How many frames were captured. */
  frames: number;
}

/**
 * Captures frames every `intervalMs` until `stableFrames` in a row are identical or `ceilingMs`
 * passes. The first capture waits one interval, so an action's first repaint can begin.
 * Comparison is a full byte compare: Buffer.equals is memcmp, about 0.3 ms for 1920x1080 RGB, and
 * exits at the first difference, which is cheaper than hashing a frame and has no false matches.
 */
export async function settleScreenshot(desktop: Desktop, options: SettleOptions = {}): Promise<SettledScreenshot> {
  const intervalMs = options.intervalMs ?? SETTLE_INTERVAL_MS;
  const ceilingMs = options.ceilingMs ?? SETTLE_CEILING_MS;
  const stableFrames = Math.max(2, options.stableFrames ?? SETTLE_STABLE_FRAMES);
  const started = performance.now();
  let previous: RawFrame | undefined;
  let identicalInARow = 1;
  let frames = 0;
  for (;;) {
    // Sleep to the next tick of a fixed schedule, so slow captures do not stretch the interval.
    const nextTick = started + (frames + 1) * intervalMs;
    await delay(nextTick - performance.now());
    const frame = await desktop.captureScreen();
    frames++;
    identicalInARow = previous && sameFrame(previous, frame) ? identicalInARow + 1 : 1;
    previous = frame;
    const waitedMs = Math.round(performance.now() - started);
    if (identicalInARow >= stableFrames) return { frame, settled: true, waitedMs, frames };
    if (waitedMs >= ceilingMs) return { frame, settled: false, waitedMs, frames };
  }
}

function sameFrame(a: RawFrame, b: RawFrame): boolean {
  return a.width === b.width && a.height === b.height && a.channels === b.channels && a.data.equals(b.data);
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
