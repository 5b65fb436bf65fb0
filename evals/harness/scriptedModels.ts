// Models that need no key, for checking the harness itself and for the best-of-N benchmark: one
// applies the task's reference solution through Loupe's real tools (the editor's view and create for
// each file, bash for deletions), one the task's plausible wrong fix, and one that succeeds with
// probability p per attempt (seeded, so a run can be repeated) and otherwise writes the wrong fix.
// Played by the Messages-API test server; with several attempts each request is answered from the
// script of the attempt whose copy its prompt names, and the judge scores every attempt alike.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { reply, type RecordedRequest, type ReplyPace, type ReplyTurn, type ScriptedTurn } from '../../test/support/messagesApiServer';
import type { EvalTask } from './taskFormat';

export type ScriptedModel = 'reference' | 'wrong' | { chance: number; seed: number };

const DELETED_LIST = '.eval-deleted';

/** The name a report gives the model. */
export function scriptedModelName(model: ScriptedModel): string {
  return typeof model === 'string' ? `scripted:${model}` : `scripted:chance:${model.chance}`;
}

/** A small seeded generator (mulberry32), so the same seed gives the same attempts on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Whether this attempt applies the reference solution (else the wrong fix). */
export function succeeds(model: ScriptedModel, task: string, trial: number, attempt: number): boolean {
  if (model === 'reference') return true;
  if (model === 'wrong') return false;
  return seededRandom(hash(`${model.seed}:${task}:${trial}:${attempt}`))() < model.chance;
}

async function overlayTurns(task: EvalTask, overlay: string, closing: string): Promise<ReplyTurn[]> {
  const turns: ReplyTurn[] = [];
  for (const file of await filesUnder(overlay)) {
    const path = relative(overlay, file);
    if (path === DELETED_LIST) continue;
    // The editor replaces only a file the model has seen, as a real model must.
    if (existsSync(join(task.fixture, path))) turns.push(reply.toolUse('str_replace_based_edit_tool', { command: 'view', path }));
    turns.push(reply.toolUse('str_replace_based_edit_tool', { command: 'create', path, file_text: await readFile(file, 'utf8') }));
  }
  const deleted = (await readFile(join(overlay, DELETED_LIST), 'utf8').catch(() => '')).split('\n').map((line) => line.trim()).filter(Boolean);
  if (deleted.length > 0) turns.push(reply.toolUse('bash', { command: `rm -rf -- ${deleted.map((path) => `'${path.replace(/'/g, `'\\''`)}'`).join(' ')}` }));
  turns.push(reply.text(closing));
  return turns;
}

export async function scriptedTurns(task: EvalTask, model: ScriptedModel, trial = 1, attempts = 1, pace?: ReplyPace): Promise<ScriptedTurn[]> {
  const scriptFor = (attempt: number) => (succeeds(model, task.id, trial, attempt) ? overlayTurns(task, task.solution, 'Applied the fix.') : overlayTurns(task, task.wrong, 'Applied a fix.'));
  const paced = <T extends ReplyTurn>(turn: T): T => (pace ? { ...turn, pace } : turn);
  if (attempts === 1) return (await scriptFor(1)).map(paced);
  const queues = new Map<number, ReplyTurn[]>();
  for (let attempt = 1; attempt <= attempts; attempt++) queues.set(attempt, await scriptFor(attempt));
  const total = [...queues.values()].reduce((sum, turns) => sum + turns.length, 0);
  const judge = (request: RecordedRequest): ReplyTurn => {
    const numbers = [...JSON.stringify(request.body.messages).matchAll(/attempt number=\\"(\d+)\\"/g)].map((match) => Number(match[1]));
    return reply.toolUse('score_attempts', { scores: numbers.map((attempt) => ({ attempt, score: 5, reason: 'A scripted judge scores every attempt alike.' })) });
  };
  // One more turn than the attempts' scripts: the judge, asked only when two or more attempts pass the check.
  return Array.from({ length: total + 1 }, () => paced({
    kind: 'reply' as const,
    content: [],
    prepare: async (request: RecordedRequest, turn: ReplyTurn) => {
      const isJudge = (request.body.tools as Array<{ name: string }>).some((tool) => tool.name === 'score_attempts');
      const attempt = Number(/attempt-(\d+)/.exec(JSON.stringify(request.body.system))?.[1]);
      const next = isJudge ? judge(request) : queues.get(attempt)?.shift();
      if (!next) throw new Error(`scripted model: a request from attempt ${attempt} past its script`);
      turn.content = next.content;
    },
  } as ReplyTurn));
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}
