// Picks the computer tool's form for the model from the model table: the GA toolset for the newest
// families, a beta tool (with its header) for older ones. Screenshots are sized to the family's limits
// (smaller where the tool can zoom: screenshotDetail.ts).
import type { Desktop } from '../../desktop/desktop';
import { familyOf } from '../../model/modelTable';
import type { AgentTool } from '../tool';
import { ComputerActions } from './computerActions';
import { ComputerBetaTool } from './computerBetaTool';
import { ComputerToolset } from './computerToolset';
import type { ComputerTarget } from './runComputerAction';
import { screenshotLimitsFor, type ScreenshotDetail } from './screenshotDetail';

export interface ComputerToolOptions {
  model: string;
  desktop: Desktop;
  /** Loupe's private virtual display, or the user's own desktop (which always asks unless allowed). */
  target: ComputerTarget;
  /** 'overview' (default): a smaller screenshot where the model can zoom; 'full': as large as the model reads. */
  detail?: ScreenshotDetail;
}

/** Reads the display's size (it fixes the screenshot size); the desktop stays owned by the caller. */
export async function createComputerTool(options: ComputerToolOptions): Promise<AgentTool> {
  const family = familyOf(options.model);
  const actions = await ComputerActions.create(options.desktop, screenshotLimitsFor(family.computerTool, family.screenshotLimits, options.detail));
  return family.computerTool === 'computer_toolset_20260801'
    ? new ComputerToolset(actions, options.target)
    : new ComputerBetaTool(family.computerTool, actions, options.target);
}
