// Models that need no key, for checking the harness itself: one applies the task's reference solution
// through Loupe's real tools (the editor's create for each file, bash for deletions), one applies the
// task's plausible wrong fix the same way. Played by the Messages-API test server.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { reply, type ScriptedTurn } from '../../test/support/messagesApiServer';
import type { EvalTask } from './taskFormat';

export type ScriptedModel = 'reference' | 'wrong';
export const SCRIPTED_MODELS: readonly ScriptedModel[] = ['reference', 'wrong'];

const DELETED_LIST = '.eval-deleted';

export async function scriptedTurns(task: EvalTask, model: ScriptedModel): Promise<ScriptedTurn[]> {
  const overlay = model === 'reference' ? task.solution : task.wrong;
  const turns: ScriptedTurn[] = [];
  for (const file of await filesUnder(overlay)) {
    const path = relative(overlay, file);
    if (path === DELETED_LIST) continue;
    // The editor replaces only a file the model has seen, as a real model must.
    if (existsSync(join(task.fixture, path))) turns.push(reply.toolUse('str_replace_based_edit_tool', { command: 'view', path }));
    turns.push(reply.toolUse('str_replace_based_edit_tool', { command: 'create', path, file_text: await readFile(file, 'utf8') }));
  }
  const deleted = (await readFile(join(overlay, DELETED_LIST), 'utf8').catch(() => '')).split('\n').map((line) => line.trim()).filter(Boolean);
  if (deleted.length > 0) turns.push(reply.toolUse('bash', { command: `rm -rf -- ${deleted.map((path) => `'${path.replace(/'/g, `'\\''`)}'`).join(' ')}` }));
  turns.push(reply.text(model === 'reference' ? 'Applied the fix.' : 'Applied a fix.'));
  return turns;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}
