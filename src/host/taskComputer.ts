// Decides whether a task in VS Code gets computer use, and brings it up. Computer use is a help,
// not a precondition: when it cannot start, the task still runs without it and the user is told why.
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
