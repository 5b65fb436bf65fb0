// The eval harness end to end with no key: the real agent (node dist/cli.js, sandboxed, --yes) driven
// by scripted models on the Messages-API test server, one applying each task's reference solution
// through the real tools and one its wrong fix; the hidden checks must score them right, and the
// reports and the comparison must say so.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { compareReports } from '../../evals/compare';
import { parseEvalArgs } from '../../evals/harness/evalArgs';
import { succeeds } from '../../evals/harness/scriptedModels';
import { loadTasks } from '../../evals/harness/taskFormat';
import { runEval } from '../../evals/run';
import { buildCli } from '../support/builtCli';


describe('npm run eval with scripted models', function () {
  this.timeout(900_000);
  let out: string | undefined;

  before(async () => {
    await buildCli();
    out = await mkdtemp(join(tmpdir(), 'loupe-eval-out-'));
  });

  after(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('scores the reference solution of every task as a pass and every wrong fix as a fail, and reports both', async () => {
    const tasks = await loadTasks();
    const signal = new AbortController().signal;
    // The progress line, kept rather than printed: the last one must say every trial was done.
    let progress = '';
    const progressTo = Object.assign(new Writable({ write: (chunk, _encoding, done) => ((progress += String(chunk)), done()) }), { isTTY: false }) as unknown as NodeJS.WriteStream;
    const reference = await runEval(parseEvalArgs(['--scripted', 'reference', '--out', join(out!, 'reference'), '--concurrency', '2']), signal, progressTo);
    assert.match(progress.trim().split('\n').at(-1)!, new RegExp(`^\\[#{24}\\] ${tasks.length}/${tasks.length} trials, ${tasks.length} passed, 1 attempt each, \\$\\d+\\.\\d{4} so far$`));
    const failedReference = reference.results.filter((result) => !result.passed).map((result) => `${result.task}: ${result.error ?? result.checks.output}`);
    assert.deepEqual(failedReference, [], 'the reference solution, applied through the real tools, passes every task');
    assert.equal(reference.run.tasks, tasks.length);
    assert.equal(reference.run.passAt1, 1);
    for (const result of reference.results) {
      assert.equal(result.outcome, 'completed', result.task);
      assert.ok(result.steps >= 2, `${result.task}: at least one edit and the final answer were requests`);
      assert.ok(result.toolCalls >= 1, result.task);
      assert.ok(result.tokens.input + result.tokens.cacheWrite + result.tokens.cacheRead > 0 && result.tokens.output > 0 && result.costUsd > 0, `${result.task}: tokens and cost come from the API's usage`);
    }

    const wrong = await runEval(parseEvalArgs(['--scripted', 'wrong', '--out', join(out!, 'wrong'), '--concurrency', '2']), signal, progressTo);
    assert.deepEqual(wrong.results.filter((result) => result.passed).map((result) => result.task), [], 'no wrong fix passes');
    assert.equal(wrong.run.passAt1, 0);

    const summary = await readFile(join(out!, 'reference', 'summary.md'), 'utf8');
    assert.match(summary, new RegExp(`${tasks.length} tasks: pass@1 100\\.0%, pass\\^1 100\\.0%, 0 flaky`));
    const html = await readFile(join(out!, 'reference', 'report.html'), 'utf8');
    assert.match(html, /<svg role="img" aria-label="Pass rate per task"/);
    assert.match(html, new RegExp(`aria-label="Cost per trial: median \\$[\\d.]+, p90 \\$[\\d.]+, ${tasks.length} trials"`));
    assert.match(html, new RegExp(`aria-label="Wall time per trial: median [\\d.]+ s, p90 [\\d.]+ s, ${tasks.length} trials"`));
    const saved = JSON.parse(await readFile(join(out!, 'wrong', 'report.json'), 'utf8'));
    assert.equal(saved.model, 'scripted:wrong');
    const comparison = compareReports(wrong, reference);
    assert.match(comparison, /Overall pass@1: A 0\.0%, B 100\.0% \(\+100\.0 pts\)/);
  });

  it('runs best-of-N trials through the CLI and keeps each attempt\'s record, and not their cost in the user\'s history', async () => {
    // The harness's own cache for the CLI: the one this process would use must get no cost history.
    const userCache = await mkdtemp(join(tmpdir(), 'loupe-user-cache-'));
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = userCache;
    try {
      const report = await runEval(parseEvalArgs(['--scripted', 'chance:0.5', '--attempts', '3', '--check-hidden', '--trials', '2', '--tasks', 'js-pagination-off-by-one', '--out', join(out!, 'attempts')]), new AbortController().signal, Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: false }) as unknown as NodeJS.WriteStream);
      assert.equal(report.results.length, 2);
      for (const result of report.results) {
        assert.equal(result.attempts, 3);
        const record = result.attemptRecord as { attempts: Array<{ attempt: number; status: string; check?: { passed: boolean } }>; winner?: number };
        assert.deepEqual(record.attempts.map((attempt) => attempt.attempt), [1, 2, 3]);
        // The hidden checks tell the reference from the wrong fix: a trial passes exactly when some attempt passed them.
        const anyPassed = record.attempts.some((attempt) => attempt.check?.passed === true);
        assert.equal(result.passed, anyPassed, JSON.stringify(record.attempts.map((attempt) => attempt.status)));
        assert.equal(record.winner !== undefined, anyPassed);
      }
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
    assert.deepEqual(await readdir(userCache), [], 'the eval wrote to the user\'s cache');
    await rm(userCache, { recursive: true, force: true });
  });

  it('runs a visual task\'s best-of-N trial with each attempt on a private display of its own, scored by the hidden checks', async () => {
    const task = 'web-cart-buy-offscreen';
    const model = { chance: 0.5, seed: 1 };
    const report = await runEval(parseEvalArgs(['--scripted', 'chance:0.5', '--attempts', '2', '--check-hidden', '--tasks', task, '--out', join(out!, 'visual-attempts')]), new AbortController().signal, Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: false }) as unknown as NodeJS.WriteStream);
    assert.equal(report.results.length, 1);
    const [result] = report.results;
    assert.equal(result!.attempts, 2, 'the visual task is not cut to one attempt');
    const record = result!.attemptRecord as { attempts: Array<{ attempt: number; status: string; display?: string; check?: { passed: boolean } }>; winner?: number };
    assert.deepEqual(record.attempts.map((attempt) => attempt.attempt), [1, 2]);
    const displays = record.attempts.map((attempt) => attempt.display);
    assert.ok(displays.every((display) => display && /^:\d+$/.test(display)), `each attempt ran with computer use: ${JSON.stringify(displays)}`);
    assert.notEqual(displays[0], displays[1], 'each on its own display');
    // The scripted model's draw per attempt (seeded): the hidden checks must keep exactly the reference fixes.
    const expected = [1, 2].map((attempt) => (succeeds(model, task, 1, attempt) ? 'candidate' : 'failed the check'));
    assert.deepEqual(record.attempts.map((attempt) => attempt.status), expected);
    assert.equal(result!.passed, expected.includes('candidate'));
    assert.equal(record.winner !== undefined, expected.includes('candidate'));
  });

  it('refuses bad input with a clear message', () => {
    assert.throws(() => parseEvalArgs(['--trials', '0']), /--trials must be a whole number of at least 1/);
    assert.throws(() => parseEvalArgs(['--scripted', 'lucky']), /--scripted must be reference, wrong or chance:P/);
    assert.throws(() => parseEvalArgs(['--model', 'x', '--scripted', 'reference']), /not both/);
    assert.throws(() => parseEvalArgs(['--scripted', 'reference', '--scripted-pace', '1.8']), /--scripted-pace must be S:T/);
    assert.throws(() => parseEvalArgs(['--scripted', 'reference', '--scripted-pace', '1.8:0']), /--scripted-pace must be S:T/);
    assert.throws(() => parseEvalArgs(['--scripted-pace', '1.8:63']), /give --scripted too/);
    assert.deepEqual(parseEvalArgs(['--scripted', 'reference', '--scripted-pace', '1.8:63']).pace, { firstTokenMs: 1800, tokensPerSecond: 63 });
  });
});
