// One eval task on disk (evals/README.md): its description, checked with zod, and the folders that
// make it up. Loading fails with the task's folder and the field that is wrong.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const TASK_KINDS = ['bugfix', 'feature', 'refactor', 'tests', 'read-output', 'long-horizon', 'visual'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

const taskSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  kind: z.enum(TASK_KINDS),
  language: z.enum(['javascript', 'typescript', 'python', 'java', 'rust', 'web']),
  instruction: z.string().min(20),
  computer: z.boolean().default(false),
  checkTimeoutSeconds: z.number().positive().max(300).default(60),
});

export type TaskDescription = z.output<typeof taskSchema>;

export interface EvalTask extends TaskDescription {
  folder: string;
  fixture: string;
  checks: string;
  solution: string;
  wrong: string;
}

export const TASKS_FOLDER = join(import.meta.dirname, '..', 'tasks');

export async function loadTask(folder: string): Promise<EvalTask> {
  const raw = JSON.parse(await readFile(join(folder, 'task.json'), 'utf8')) as unknown;
  const parsed = taskSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${folder}/task.json: ${z.prettifyError(parsed.error)}`);
  const task: EvalTask = { ...parsed.data, folder, fixture: join(folder, 'fixture'), checks: join(folder, 'checks'), solution: join(folder, 'solution'), wrong: join(folder, 'wrong') };
  if (!folder.endsWith(`/${task.id}`)) throw new Error(`${folder}: task.json's id is ${task.id}, but the folder is named otherwise.`);
  for (const part of [task.fixture, join(task.checks, 'check.sh'), task.solution, task.wrong]) {
    if (!existsSync(part)) throw new Error(`${folder}: ${part.slice(folder.length + 1)} is missing.`);
  }
  return task;
}

/** Every task under evals/tasks (or those whose id matches `pattern`, a glob), sorted by id. */
export async function loadTasks(matches: (id: string) => boolean = () => true, tasksFolder = TASKS_FOLDER): Promise<EvalTask[]> {
  const names = (await readdir(tasksFolder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(names.filter((name) => matches(name)).map((name) => loadTask(join(tasksFolder, name))));
}
