// Decides whether a task in VS Code gets computer use, and brings it up (for best-of-N, decides
// only: each attempt starts its own display). Computer use is a help, not a precondition: when it
// cannot start, the task still runs without it and the user is told why.
import type { ComputerEnvironment } from '../agent/computerSetup';
import { TaskCancelledError } from '../agent/taskCancellation';
import type { ComputerSetting } from './settings';
import { errorText } from '../shared/errorText';

export interface TaskComputer {
  environment: ComputerEnvironment | undefined;
  /** Why there is no computer use for a mode the user chose, for the panel; undefined when there is nothing to say. */
  notice: string | undefined;
  /** Always logged, so "why did it not look at my app?" has an answer in the output channel. */
  logLine: string;
}

export async function startTaskComputer(setting: ComputerSetting, options: { model: string; cwd: string; signal?: AbortSignal }): Promise<TaskComputer> {
  if (setting === 'off') return { environment: undefined, notice: undefined, logLine: 'Computer use: off (loupe.computer).' };
  // The core (and sharp, with its native binary) loads only when a task will use it.
  const { ComputerUnavailableError, startComputer } = await import('../agent/computerSetup');
  try {
    const environment = await startComputer(setting === 'auto' ? 'virtual' : setting, { model: options.model, cwd: options.cwd, userDisplay: process.env.DISPLAY, ...(options.signal ? { signal: options.signal } : {}) });
    const where = environment.mode === 'virtual' ? `a private virtual display ${environment.display}` : `your own display (${environment.display})`;
    return { environment, notice: undefined, logLine: `Computer use: on ${where}.` };
  } catch (error) {
    // A Stop while the display started ends the task, not just its computer use.
    if (error instanceof TaskCancelledError) throw error;
    if (error instanceof ComputerUnavailableError) {
      // 'auto' means "where it works": a machine without Xvfb is not an error worth a notice on every task.
      const notice = setting === 'auto' ? undefined : `Computer use is off for this task: ${error.reason}.`;
      return { environment: undefined, notice, logLine: `Computer use: unavailable (${error.reason}).` };
    }
    const reason = errorText(error);
    return { environment: undefined, notice: `Computer use is off for this task: it could not start (${reason}).`, logLine: `Computer use: failed to start (${reason}).` };
  }
}

/** Computer use for best-of-N: each attempt starts its own private display (attemptsTask.ts), or none does. */
export interface AttemptsComputer {
  mode: 'off' | 'virtual';
  notice: string | undefined;
  logLine: string;
}

export async function chooseAttemptsComputer(setting: ComputerSetting, attempts: number): Promise<AttemptsComputer> {
  if (setting === 'off') return attemptsComputerFor(setting, attempts, undefined);
  const { computerUnavailableReason } = await import('../agent/computerSetup');
  return attemptsComputerFor(setting, attempts, computerUnavailableReason('virtual', undefined));
}

/**
 * The decision itself, given why a private display cannot start here (undefined when it can).
 * 'desktop' gets private displays, not no computer use: N attempts cannot share the user's one
 * screen, and each attempt's app runs from its own copy, which their screen would not show anyway.
 * A user who chose to let Loupe drive their screen wants visual work checked by sight; a private
 * display gives each attempt that without touching their mouse and keyboard, and they are told.
 */
export function attemptsComputerFor(setting: ComputerSetting, attempts: number, virtualUnavailable: string | undefined): AttemptsComputer {
  if (setting === 'off') return { mode: 'off', notice: undefined, logLine: 'Computer use: off (loupe.computer).' };
  if (virtualUnavailable) {
    const notice =
      setting === 'auto'
        ? undefined
        : setting === 'desktop'
          ? `Computer use is off for these attempts: ${attempts} attempts cannot share your screen, and a private display for each cannot start here (${virtualUnavailable}).`
          : `Computer use is off for these attempts: ${virtualUnavailable}.`;
    return { mode: 'off', notice, logLine: `Computer use: unavailable for the attempts (${virtualUnavailable}).` };
  }
  const logLine = `Computer use: each of the ${attempts} attempts on a private virtual display of its own.`;
  if (setting === 'desktop') return { mode: 'virtual', notice: `loupe.computer is "desktop", but ${attempts} attempts cannot share one screen: each runs on a private virtual display of its own, and your mouse and keyboard are left alone.`, logLine };
  return { mode: 'virtual', notice: undefined, logLine };
}
