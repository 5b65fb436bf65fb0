// Attempts that made the same change: one candidate for the judge, and no judge at all when every
// attempt that passed made it. Real copies of a real git repository, the attempts' writes real files.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Candidate, Verdict } from '../../src/agent/attempts/attemptJudge';
import { runBestOfN, type StartedAttempt } from '../../src/agent/attempts/bestOfN';
import { LocalProcessHost } from '../../src/agent/processes/localProcessHost';
import { createTempRepo, type TempRepo } from '../support/tempRepo';

describe('best-of-N: attempts that made the same change', function () {
  this.timeout(120_000);
  let repo: TempRepo | undefined;
  let storage: string | undefined;

  beforeEach(async () => {
    repo = await createTempRepo({ 'add.js': 'module.exports = (a, b) => a - b;\n' });
    storage = await mkdtemp(join(tmpdir(), 'loupe-attempts-'));
  });

  afterEach(async () => {
    await repo?.remove();
    if (storage) await rm(storage, { recursive: true, force: true });
    repo = storage = undefined;
  });

  /** Runs best-of-N where attempt i writes `texts[i - 1]` to add.js; the judge's calls are recorded. */
  async function run(texts: string[], judge: (candidates: Candidate[]) => Verdict) {
    const judged: number[][] = [];
    const report = await runBestOfN({
      task: 'fix add',
      userRoot: repo!.root,
      storage: storage!,
      attempts: texts.length,
      signal: new AbortController().signal,
      runAttempt: async (attempt, folder): Promise<StartedAttempt> => {
        await writeFile(join(folder, 'add.js'), texts[attempt - 1]!);
        const processes = new LocalProcessHost();
        return { outcome: { kind: 'completed', finalText: 'done' }, costUsd: 0, processes, dispose: () => processes.dispose() };
      },
      judge: async (candidates) => {
        judged.push(candidates.map((candidate) => candidate.attempt));
        return judge(candidates);
      },
    });
    return { report, judged };
  }

  const RIGHT = 'module.exports = (a, b) => a + b;\n';
  const OTHER = 'module.exports = function add(a, b) {\n  return a + b;\n};\n';

  it('asks no judge when every attempt made the same change, and proposes the first', async () => {
    const { report, judged } = await run([RIGHT, RIGHT, RIGHT], () => assert.fail('the judge was asked'));
    assert.deepEqual(judged, []);
    assert.equal(report.winner, 1);
    assert.equal(report.verdict?.by, 'same change');
    assert.equal(report.verdict?.costUsd, 0);
    assert.deepEqual(report.verdict?.ranking, [1, 2, 3]);
    assert.equal(existsSync(storage!), false, 'the copies and their folder are removed');
  });

  it('shows the judge each distinct change once, and gives its score to the attempts that made it too', async () => {
    const { report, judged } = await run([OTHER, RIGHT, OTHER, RIGHT], () => ({
      ranking: [2, 1],
      scores: { 1: { score: 6, reason: 'Longer.' }, 2: { score: 9, reason: 'One line.' } },
      by: 'judge',
      costUsd: 0.01,
    }));
    assert.deepEqual(judged, [[1, 2]]);
    assert.equal(report.winner, 2);
    assert.deepEqual(report.verdict?.ranking, [2, 4, 1, 3]);
    assert.deepEqual(report.verdict?.scores[4], { score: 9, reason: 'The same change as attempt 2.' });
    assert.deepEqual(report.verdict?.scores[3], { score: 6, reason: 'The same change as attempt 1.' });
  });
});
