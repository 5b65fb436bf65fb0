// A task has one cancellation, made when the task starts (before its sandbox, display or first
// request) and passed down to every stage: a Stop at any moment of the start ends the task there.

/** What a stage of a task's start throws when the task was stopped while it ran. */
export class TaskCancelledError extends Error {
  constructor() {
    super('Cancelled by the user.');
    this.name = 'TaskCancelledError';
  }
}

/** Throws TaskCancelledError if the task was stopped; the check between two stages of a start. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TaskCancelledError();
}

/**
 * Runs `cleanUp` on what a stage made if the task was stopped while the stage ran, then throws:
 * a display or sandbox started for a stopped task does not outlive it.
 */
export async function keepUnlessCancelled<T>(signal: AbortSignal | undefined, made: T, cleanUp: (made: T) => Promise<void>): Promise<T> {
  if (!signal?.aborted) return made;
  await cleanUp(made);
  throw new TaskCancelledError();
}
