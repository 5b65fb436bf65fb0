// What the user's recent tasks cost, per model, kept in a small JSON file in Loupe's storage so a
// best-of-N run can say beforehand what N attempts are likely to cost (costEstimate.ts). Recording
// never fails a task: a file that cannot be read or written is reported, not thrown.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { errorText } from '../../shared/errorText';
import { cacheHome } from '../cacheHome';

/** The file's name in Loupe's storage (VS Code's global storage; the CLI's cache folder). */
export const COST_HISTORY_FILE = 'cost-history.json';
/**
 * Tasks kept, newest last, over all models: a few hundred entries is a few tens of KB, read once
 * before a run, and far more than the estimate looks at (RECENT_TASKS per model).
 */
export const MAX_KEPT_TASKS = 200;

export interface FinishedTask {
  model: string;
  costUsd: number;
  /** ISO time it ended. */
  at: string;
}

const entry = z.object({ model: z.string().min(1), costUsd: z.number().finite().nonnegative(), at: z.string() });
const historyFile = z.object({ version: z.literal(1), tasks: z.array(z.unknown()) });

/** The tasks read, or why none could be (a corrupt file is not an empty history: the user is told). */
export type HistoryRead = { kind: 'read'; tasks: FinishedTask[] } | { kind: 'unreadable'; why: string };

/** Where the CLI keeps it: $XDG_CACHE_HOME/loupe, else ~/.cache/loupe (the XDG base-directory default). */
export function cliCostHistoryPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheHome(env), 'loupe', COST_HISTORY_FILE);
}

export class CostHistory {
  constructor(readonly path: string) {}

  async read(): Promise<HistoryRead> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'read', tasks: [] };
      return { kind: 'unreadable', why: errorText(error) };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { kind: 'unreadable', why: `${this.path} is not JSON` };
    }
    const file = historyFile.safeParse(parsed);
    if (!file.success) return { kind: 'unreadable', why: `${this.path} is not a Loupe cost history` };
    // One bad entry (an edit by hand) costs that entry, not the history.
    const tasks = file.data.tasks.flatMap((task) => {
      const checked = entry.safeParse(task);
      return checked.success ? [checked.data] : [];
    });
    return { kind: 'read', tasks };
  }

  /**
   * Adds tasks that ended. One that made no request (cost 0) is left out, and a stopped one should be
   * (the caller knows): neither says what a task costs. A corrupt file is replaced. Returns why it
   * could not write, if it could not.
   */
  async record(finished: Array<Omit<FinishedTask, 'at'>>, at = new Date()): Promise<string | undefined> {
    const tasks = finished.filter((task) => task.costUsd > 0 && Number.isFinite(task.costUsd));
    if (tasks.length === 0) return undefined;
    try {
      const earlier = await this.read();
      const kept = [...(earlier.kind === 'read' ? earlier.tasks : []), ...tasks.map((task) => ({ ...task, at: at.toISOString() }))].slice(-MAX_KEPT_TASKS);
      await writeAtomically(this.path, `${JSON.stringify({ version: 1, tasks: kept })}\n`);
      return undefined;
    } catch (error) {
      return `Could not save the task's cost to ${this.path}: ${errorText(error)}`;
    }
  }
}

/**
 * Written beside the file, then renamed over it, so a reader (another window, the CLI) sees the old or
 * the new history, never half of one. Two writers at once may lose one entry (the last rename wins),
 * which costs the estimate one sample; a lock or the write-file-atomic package would buy no more than that.
 */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
