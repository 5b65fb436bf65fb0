// How large the screenshots Loupe sends are: the model's limits cap them, and where the tool lets the
// model zoom, Loupe sends a smaller overview and leaves fine detail to a zoom at full resolution.
import type { ScreenshotLimits } from '../../desktop/coordinates';
import { COMPUTER_TOOL_HAS_ZOOM, type ComputerToolVersion } from '../../model/modelTable';

/**
 * The overview's long edge when the model can zoom. Every screenshot is written to the prompt cache once and read
 * back on each later request it stays in, so its size drives a long session's cost. Measured in bench/contextCost.ts
 * (200-step generated transcript, an action and a screenshot call per step, 1280x800 display, 3 screenshots kept):
 * 1280x800 as is (1,334 tokens) costs 5,541 billed-equivalent tokens per step, 0.76x the better reference; a
 * 1024x640 overview (851 tokens) costs 4,508, 0.62x. At this size a screenshot pixel covers 1.25 display pixels, far below any control's size, and
 * coordinates map back exactly (desktop/coordinates.ts); text too small to read is one zoom away, which the toolset
 * sends at up to the overview's size for just the region asked for.
 */
export const OVERVIEW_LONG_EDGE = 1024;

export type ScreenshotDetail = 'overview' | 'full';

/** The limits screenshots are sized to: the model's own, tightened to the overview where zoom makes that safe. */
export function screenshotLimitsFor(tool: ComputerToolVersion, modelLimits: ScreenshotLimits, detail: ScreenshotDetail = 'overview'): ScreenshotLimits {
  // Only a tool with zoom gets the overview: without it, detail lost to scaling could not be got back.
  if (detail === 'full' || !COMPUTER_TOOL_HAS_ZOOM[tool]) return modelLimits;
  return { maxLongEdge: Math.min(modelLimits.maxLongEdge, OVERVIEW_LONG_EDGE), maxTokens: modelLimits.maxTokens };
}
