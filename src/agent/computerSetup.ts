// Brings up what computer use needs for a session: on Linux by default a private Xvfb display that
// Loupe starts and tears down, or the user's own X display when they choose it.
import { findExecutable } from './desktop/findExecutable';
import { X11Desktop } from './desktop/x11Desktop';
import type { ScreenSize } from './desktop/desktop';
import { VirtualDisplay } from './desktop/virtualDisplay';
import { createComputerTool } from './tools/computer/createComputerTool';
import { OpenOnDisplayTool } from './tools/openOnDisplayTool';
import type { AgentTool } from './tools/tool';

export type ComputerMode = 'off' | 'virtual' | 'desktop';

/** What the programs computer use needs are, per mode (Linux/X11; other platforms are refused below). */
const NEEDED_PROGRAMS: Readonly<Record<'virtual' | 'desktop', readonly string[]>> = {
  virtual: ['Xvfb', 'xdotool'],
  desktop: ['xdotool'],
};

/**
 * Why computer use in `mode` cannot start here, or undefined when it can: the platform, a missing
 * program (with the Debian package to install), or no display to drive.
 */
export function computerUnavailableReason(mode: 'virtual' | 'desktop', userDisplay: string | undefined): string | undefined {
  if (process.platform !== 'linux') return `computer use runs on Linux (X11) today, not on ${process.platform}`;
  const missing = NEEDED_PROGRAMS[mode].filter((program) => findExecutable(program) === undefined);
  if (missing.length > 0) {
    const packages = missing.map((program) => (program === 'Xvfb' ? 'xvfb' : program));
    return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed (on Debian or Ubuntu: sudo apt-get install ${packages.join(' ')})`;
  }
  if (mode === 'desktop' && !userDisplay) return 'there is no X display to drive (DISPLAY is not set)';
  return undefined;
}

export interface ComputerEnvironment {
  mode: 'virtual' | 'desktop';
  tools: AgentTool[];
  /** Environment for the agent's commands, so the programs it starts open on the right display. */
  commandEnv: Record<string, string>;
  display: string;
  dispose(): Promise<void>;
}

/** A common laptop size: big enough for real layouts, small enough to need little scaling. */
export const DEFAULT_VIRTUAL_DISPLAY: ScreenSize = { width: 1280, height: 800 };

export async function startComputer(
  mode: 'virtual' | 'desktop',
  options: { model: string; cwd: string; displaySize?: ScreenSize; userDisplay?: string | undefined },
): Promise<ComputerEnvironment> {
  if (process.platform !== 'linux') {
    throw new Error(`Computer use on ${process.platform} is not available from Loupe yet; it runs on Linux (X11) today.`);
  }
  if (mode === 'desktop') {
    if (!options.userDisplay) throw new Error('--computer desktop needs an X display, and DISPLAY is not set. Use --computer virtual for a private display.');
    const desktop = await X11Desktop.connect(options.userDisplay);
    const computer = await createComputerTool({ model: options.model, desktop, target: 'desktop' });
    return {
      mode,
      tools: [computer],
      commandEnv: {},
      display: options.userDisplay,
      dispose: async () => {
        await computer.dispose?.();
        await desktop.dispose();
      },
    };
  }
  const display = await VirtualDisplay.start(options.displaySize ?? DEFAULT_VIRTUAL_DISPLAY);
  try {
    const desktop = await X11Desktop.connect(display.display);
    const computer = await createComputerTool({ model: options.model, desktop, target: 'virtual' });
    const opener = new OpenOnDisplayTool(display, options.cwd);
    return {
      mode,
      tools: [computer, opener],
      commandEnv: { DISPLAY: display.display },
      display: display.display,
      dispose: async () => {
        await opener.dispose();
        await computer.dispose?.();
        await desktop.dispose();
        await display.dispose();
      },
    };
  } catch (error) {
    await display.dispose();
    throw error;
  }
}
