// Best-of-N offline: a scripted model that applies the reference solution with probability p per
// attempt (else the task's plausible wrong fix) on the eval's coding tasks, scored by their hidden
// checks. Success rate for N=1 against N=4 (and 1-(1-p)^4, what N=4 reaches when the project's own
// tests, the only check an attempt gets, tell the two apart), wall time of N=4 against N=1 measured in
// the same run, and disk per attempt. The visible tests of many tasks do not catch the wrong fix on
// purpose (it fools them), so the bench also counts the tasks whose own tests do.
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
  const runFor = (attempts: number, hidden = false) => {
    const args = parseEvalArgs(['--scripted', `chance:${P}`, '--trials', String(TRIALS), '--attempts', String(attempts), '--out', join(out, `n${attempts}${hidden ? '-hidden' : ''}`), '--concurrency', String(CONCURRENCY), ...(hidden ? ['--check-hidden'] : [])]);
    return runEval({ ...args, matches: (id) => codingIds.has(id) }, signal, quiet);
  };
  const one = await runFor(1);
  const four = await runFor(4);
  const fourDiscriminating = await runFor(4, true);
  const catching = (await Promise.all(coding.map((task) => visibleTestsCatchWrongFix(task.id)))).filter(Boolean).length;
  const disk = four.results.flatMap((result) => ((result.attemptRecord as { attempts?: Array<{ diskBytes: number }> } | undefined)?.attempts ?? []).map((attempt) => attempt.diskBytes));
  const meanDiskKb = disk.length ? disk.reduce((a, b) => a + b, 0) / disk.length / 1024 : 0;
  const expected = 1 - (1 - P) ** 4;
  console.log(`best-of-N, scripted model with p=${P} per attempt, ${coding.length} coding tasks x ${TRIALS} trials (concurrency ${CONCURRENCY}):`);
  console.log(`  success N=1: ${(one.run.passAt1 * 100).toFixed(1)}%`);
  console.log(`  success N=4, checked by the project's own tests: ${(four.run.passAt1 * 100).toFixed(1)}% (${catching}/${coding.length} tasks' own tests catch the wrong fix; the scripted judge scores all alike, so the smaller diff wins)`);
  console.log(`  success N=4, checked by a test that discriminates (the hidden checks): ${(fourDiscriminating.run.passAt1 * 100).toFixed(1)}% (1-(1-p)^4 = ${(expected * 100).toFixed(1)}%)`);
  console.log(`  wall time N=4 / N=1: ${(four.run.wallSeconds / one.run.wallSeconds).toFixed(2)}x (${four.run.wallSeconds.toFixed(1)} s vs ${one.run.wallSeconds.toFixed(1)} s, same run; target <= 1.5x)`);
  console.log(`  disk per attempt: ${meanDiskKb.toFixed(0)} KB on average (${disk.length} attempts; git worktrees, dependency folders linked, not copied)`);
} finally {
  await rm(out, { recursive: true, force: true });
}
