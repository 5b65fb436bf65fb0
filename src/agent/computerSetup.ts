// Brings up what computer use needs for a session: on Linux by default a private Xvfb display that
// Loupe starts and tears down, or the user's own display when they choose it (X11, or the macOS and
// Windows backends).
import { findExecutable } from './desktop/findExecutable';
import { MacDesktop } from './desktop/macDesktop';
import { WindowsDesktop } from './desktop/windowsDesktop';
import { X11Desktop } from './desktop/x11Desktop';
import type { ScreenSize } from './desktop/desktop';
import { VirtualDisplay } from './desktop/virtualDisplay';
import { createComputerTool } from './tools/computer/createComputerTool';
import { OpenOnDisplayTool } from './tools/openOnDisplayTool';
import type { AgentTool } from './tools/tool';

export type ComputerMode = 'off' | 'virtual' | 'desktop';

/** The programs computer use needs, per mode on Linux (X11). */
const LINUX_PROGRAMS: Readonly<Record<'virtual' | 'desktop', readonly string[]>> = {
  virtual: ['Xvfb', 'xdotool'],
  desktop: ['xdotool'],
};

/**
 * Why computer use in `mode` cannot start here, or undefined when it can: the platform, a missing
 * program (with how to install it), or no display to drive. A private virtual display needs Xvfb, so
 * Linux; macOS and Windows can drive the user's own screen (those backends are untested on real
 * machines, README.md says so).
 */
export function computerUnavailableReason(
  mode: 'virtual' | 'desktop',
  userDisplay: string | undefined,
  platform: NodeJS.Platform = process.platform,
  has: (program: string) => boolean = (program) => findExecutable(program) !== undefined,
): string | undefined {
  if (platform === 'darwin' || platform === 'win32') {
    const name = platform === 'darwin' ? 'macOS' : 'Windows';
    if (mode === 'virtual') return `a private virtual display needs Xvfb, which is Linux only; on ${name}, computer use can drive your own screen (desktop)`;
    if (platform === 'darwin' && !has('cliclick')) return 'cliclick is not installed (brew install cliclick); macOS has no command-line mouse and keyboard of its own';
    if (platform === 'win32' && !has('powershell.exe')) return 'powershell.exe is not on PATH';
    return undefined;
  }
  if (platform !== 'linux') return `computer use runs on Linux, macOS and Windows, not on ${platform}`;
  const missing = LINUX_PROGRAMS[mode].filter((program) => !has(program));
  if (missing.length > 0) {
    const packages = missing.map((program) => (program === 'Xvfb' ? 'xvfb' : program));
    return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed (on Debian or Ubuntu: sudo apt-get install ${packages.join(' ')})`;
  }
  if (mode === 'desktop' && !userDisplay) return 'there is no X display to drive (DISPLAY is not set)';
  return undefined;
}

/** Computer use cannot start on this machine in this mode (as opposed to failing while starting). */
export class ComputerUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface ComputerEnvironment {
  mode: 'virtual' | 'desktop';
  tools: AgentTool[];
  /** Environment for the agent's commands, so the programs it starts open on the right display. */
  commandEnv: Record<string, string>;
  display: string;
  /** Makes what the agent opens on the display run in the task's sandbox (the app under test listens there). */
  useProcessHost?(host: import('./ports').ProcessHost): void;
  dispose(): Promise<void>;
}

/** A common laptop size: big enough for real layouts, small enough to need little scaling. */
export const DEFAULT_VIRTUAL_DISPLAY: ScreenSize = { width: 1280, height: 800 };

export async function startComputer(
  mode: 'virtual' | 'desktop',
  options: { model: string; cwd: string; displaySize?: ScreenSize; userDisplay?: string | undefined; signal?: AbortSignal },
): Promise<ComputerEnvironment> {
  const unavailable = computerUnavailableReason(mode, options.userDisplay);
  if (unavailable) throw new ComputerUnavailableError(unavailable);
  if (mode === 'desktop' && (process.platform === 'darwin' || process.platform === 'win32')) return startOwnScreen(options.model);
  if (mode === 'desktop' && options.userDisplay) {
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
  const display = await VirtualDisplay.start({ ...(options.displaySize ?? DEFAULT_VIRTUAL_DISPLAY), ...(options.signal ? { signal: options.signal } : {}) });
  try {
    const desktop = await X11Desktop.connect(display.display);
    const computer = await createComputerTool({ model: options.model, desktop, target: 'virtual' });
    const opener = new OpenOnDisplayTool(display, options.cwd);
    return {
      mode,
      tools: [computer, opener],
      commandEnv: { DISPLAY: display.display },
      display: display.display,
      useProcessHost: (host) => opener.useProcessHost(host),
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

/** The user's own screen on macOS or Windows (untested on real machines: README.md says so). */
async function startOwnScreen(model: string): Promise<ComputerEnvironment> {
  const desktop = process.platform === 'darwin' ? new MacDesktop() : new WindowsDesktop();
  const computer = await createComputerTool({ model, desktop, target: 'desktop' });
  return {
    mode: 'desktop',
    tools: [computer],
    commandEnv: {},
    display: process.platform === 'darwin' ? 'the macOS screen' : 'the Windows screen',
    dispose: async () => {
      await computer.dispose?.();
      await desktop.dispose();
    },
  };
}
