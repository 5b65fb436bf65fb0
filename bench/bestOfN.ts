// Best-of-N offline: a scripted model that applies the reference solution with probability p per
// attempt (else the task's plausible wrong fix) on the eval's coding tasks, scored by their hidden
// checks. Success rate for N=1 against N=4 (and 1-(1-p)^4, what N=4 reaches when the project's own
// tests, the only check an attempt gets, tell the two apart), wall time of N=4 against N=1 measured in
// the same run, and disk per attempt. The visible tests of many tasks do not catch the wrong fix on
// purpose (it fools them), so the bench also counts the tasks whose own tests do.
//
// Wall time is measured twice. With replies at once, a trial is all overhead (copies, sandboxes, the
// checks) and the ratio says what best-of-N adds on this 2-core machine. With replies paced like a real
// model, it says what a user waits: Claude Sonnet 4.5's 1.80 s to the first token and 63 output tokens
// a second, Artificial Analysis's figures as quoted at lattice.uptownhr.com/claude-opus-4-5/speed-analysis.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { parseEvalArgs } from '../evals/harness/evalArgs';
import { detectCheckCommand } from '../src/agent/attempts/verification';
import { applyOverlay, freshCopy } from '../evals/harness/taskFolders';
import { loadTasks } from '../evals/harness/taskFormat';
import { runEval } from '../evals/run';

const P = Number(process.env.LOUPE_BENCH_P ?? 0.5);
const TRIALS = Number(process.env.LOUPE_BENCH_TRIALS ?? 2);
const CONCURRENCY = 2;
const SONNET_PACE = '1.8:63';

/** Whether the task's own test command fails on its wrong fix: only then can a check drop that attempt. */
async function visibleTestsCatchWrongFix(taskId: string): Promise<boolean> {
  const [task] = await loadTasks((id) => id === taskId);
  const folder = await freshCopy(task!);
  try {
    await applyOverlay(task!.wrong, folder);
    const command = await detectCheckCommand(folder);
    if (!command) return false;
    try {
      execFileSync('bash', ['-c', command], { cwd: folder, stdio: 'ignore', timeout: 120_000 });
      return false;
    } catch {
      return true;
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const coding = (await loadTasks()).filter((task) => !task.computer);
const codingIds = new Set(coding.map((task) => task.id));
const out = await mkdtemp(join(tmpdir(), 'loupe-bench-bestofn-'));
// The eval's progress line is for people watching a run; the bench prints its numbers only.
const quiet = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), { isTTY: false }) as unknown as NodeJS.WriteStream;
const signal = new AbortController().signal;
try {
  const runFor = (attempts: number, options: { hidden?: boolean; paced?: boolean } = {}) => {
    const name = `n${attempts}${options.hidden ? '-hidden' : ''}${options.paced ? '-paced' : ''}`;
    const args = parseEvalArgs(['--scripted', `chance:${P}`, '--trials', String(options.paced ? 1 : TRIALS), '--attempts', String(attempts), '--out', join(out, name), '--concurrency', String(CONCURRENCY), ...(options.hidden ? ['--check-hidden'] : []), ...(options.paced ? ['--scripted-pace', SONNET_PACE] : [])]);
    return runEval({ ...args, matches: (id) => codingIds.has(id) }, signal, quiet);
  };
  const one = await runFor(1);
  const four = await runFor(4);
  const fourDiscriminating = await runFor(4, { hidden: true });
  const onePaced = await runFor(1, { paced: true });
  const fourPaced = await runFor(4, { paced: true });
  const catching = (await Promise.all(coding.map((task) => visibleTestsCatchWrongFix(task.id)))).filter(Boolean).length;
  const disk = four.results.flatMap((result) => ((result.attemptRecord as { attempts?: Array<{ diskBytes: number }> } | undefined)?.attempts ?? []).map((attempt) => attempt.diskBytes));
  const meanDiskKb = disk.length ? disk.reduce((a, b) => a + b, 0) / disk.length / 1024 : 0;
  const expected = 1 - (1 - P) ** 4;
  console.log(`best-of-N, scripted model with p=${P} per attempt, ${coding.length} coding tasks x ${TRIALS} trials (concurrency ${CONCURRENCY}):`);
  console.log(`  success N=1: ${(one.run.passAt1 * 100).toFixed(1)}%`);
  console.log(`  success N=4, checked by the project's own tests: ${(four.run.passAt1 * 100).toFixed(1)}% (${catching}/${coding.length} tasks' own tests catch the wrong fix; the scripted judge scores all alike, so the smaller diff wins)`);
  console.log(`  success N=4, checked by a test that discriminates (the hidden checks): ${(fourDiscriminating.run.passAt1 * 100).toFixed(1)}% (1-(1-p)^4 = ${(expected * 100).toFixed(1)}%)`);
  console.log(`  wall time N=4 / N=1, replies at once (all overhead): ${(four.run.wallSeconds / one.run.wallSeconds).toFixed(2)}x (${four.run.wallSeconds.toFixed(1)} s vs ${one.run.wallSeconds.toFixed(1)} s, same run)`);
  console.log(`  wall time N=4 / N=1, replies paced like Claude Sonnet 4.5 (${SONNET_PACE}), 1 trial: ${(fourPaced.run.wallSeconds / onePaced.run.wallSeconds).toFixed(2)}x (${fourPaced.run.wallSeconds.toFixed(1)} s vs ${onePaced.run.wallSeconds.toFixed(1)} s, same run; target <= 1.5x)`);
  console.log(`  disk per attempt: ${meanDiskKb.toFixed(0)} KB on average (${disk.length} attempts; git worktrees, dependency folders linked, not copied)`);
} finally {
  await rm(out, { recursive: true, force: true });
}
