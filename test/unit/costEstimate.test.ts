// The record of what finished tasks cost (a real file in a temp folder) and the estimate made from it
// before a best-of-N run.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCostHistoryPath, CostHistory, MAX_KEPT_TASKS } from '../../src/agent/model/costHistory';
import { describeCap, describeEstimate, estimateAttempts, quantile, RECENT_TASKS, shortEstimate } from '../../src/agent/model/costEstimate';

const MODEL = 'claude-sonnet-5-5';

describe('cost history and the attempts estimate', () => {
  let folder: string;
  let history: CostHistory;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'loupe-costs-'));
    history = new CostHistory(join(folder, 'nested', 'cost-history.json'));
  });

  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('has no estimate without an earlier task on the model (one that made no request does not count), and says so instead of a number', async () => {
    assert.deepEqual(await history.read(), { kind: 'read', tasks: [] });
    await history.record([{ model: 'claude-opus-5-5', costUsd: 3 }, { model: MODEL, costUsd: 0 }]);
    const estimate = estimateAttempts(await history.read(), MODEL, 3);
    assert.equal(estimate.kind, 'none');
    assert.equal(describeEstimate(estimate), `No cost estimate yet: no earlier task with ${MODEL} on record (each finished task's cost is kept, so the next run has one).`);
    assert.doesNotMatch(describeEstimate(estimate), /\$/);
    assert.equal(shortEstimate(estimate), 'no cost estimate yet');
  });

  it('estimates N × the median of recent tasks on the model, with the quartiles as the range', async () => {
    await history.record([0.1, 0.2, 0.3, 0.4, 0.5].map((costUsd) => ({ model: MODEL, costUsd })));
    await history.record([{ model: 'claude-opus-5-5', costUsd: 90 }]);
    const estimate = estimateAttempts(await history.read(), MODEL, 3);
    assert.equal(estimate.kind, 'estimate');
    if (estimate.kind !== 'estimate') return;
    assert.equal(estimate.basedOnTasks, 5);
    assert.ok(Math.abs(estimate.medianUsd - 0.3) < 1e-9);
    assert.ok(Math.abs(estimate.lowUsd - 0.2) < 1e-9 && Math.abs(estimate.highUsd - 0.4) < 1e-9);
    assert.ok(Math.abs(estimate.totalUsd - 0.9) < 1e-9);
    assert.equal(describeEstimate(estimate), `Cost estimate: about $0.9000 for 3 attempts (3 × $0.3000, the median of your last 5 tasks with ${MODEL}; the middle half cost $0.2000–$0.4000 each, $0.6000–$1.20 for 3), plus one request for the judge.`);
    assert.equal(shortEstimate(estimate), 'about $0.9000 ($0.6000–$1.20)');
  });

  it('looks at the newest tasks only, and says when one task is all it has', async () => {
    await history.record(Array.from({ length: RECENT_TASKS }, () => ({ model: MODEL, costUsd: 100 })));
    await history.record(Array.from({ length: RECENT_TASKS }, () => ({ model: MODEL, costUsd: 1 })));
    const recent = estimateAttempts(await history.read(), MODEL, 2);
    assert.equal(recent.kind === 'estimate' && recent.medianUsd, 1);

    const single = new CostHistory(join(folder, 'single.json'));
    await single.record([{ model: MODEL, costUsd: 0.05 }]);
    assert.match(describeEstimate(estimateAttempts(await single.read(), MODEL, 4)), /about \$0\.2000 for 4 attempts \(4 × \$0\.0500, what your one earlier task with claude-sonnet-5-5 cost: a rough guide\)/);
  });

  it('keeps the file bounded to the newest tasks', async () => {
    for (let batch = 0; batch < 3; batch++) await history.record(Array.from({ length: 100 }, (_, index) => ({ model: MODEL, costUsd: batch * 100 + index })));
    const read = await history.read();
    assert.equal(read.kind === 'read' && read.tasks.length, MAX_KEPT_TASKS);
    assert.equal(read.kind === 'read' && read.tasks[0]!.costUsd, 300 - MAX_KEPT_TASKS);
    assert.equal(read.kind === 'read' && read.tasks.at(-1)!.costUsd, 299);
    // Written by rename: no temp file is left beside it.
    assert.deepEqual(await readdir(join(folder, 'nested')), ['cost-history.json']);
  });

  it('reports a corrupt file as unreadable (no estimate, no invented number) and replaces it on the next record', async () => {
    await history.record([{ model: MODEL, costUsd: 0.1 }]);
    await writeFile(history.path, '{"version": 1, "tasks": [');
    const unreadable = await history.read();
    assert.equal(unreadable.kind, 'unreadable');
    assert.match(describeEstimate(estimateAttempts(unreadable, MODEL, 2)), /^No cost estimate: the record of earlier tasks' costs could not be read \(.*cost-history\.json is not JSON\)\.$/);
    assert.equal(await history.record([{ model: MODEL, costUsd: 0.2 }]), undefined);
    const replaced = await history.read();
    assert.deepEqual(replaced.kind === 'read' && replaced.tasks.map((task) => task.costUsd), [0.2]);
  });

  it('drops entries that are not tasks, keeps the rest, and refuses a file that is not its own', async () => {
    const byHand = join(folder, 'by-hand.json');
    await writeFile(byHand, JSON.stringify({ version: 1, tasks: [{ model: MODEL, costUsd: 0.1, at: 'x' }, { model: MODEL, costUsd: -1, at: 'x' }, 'junk', { model: MODEL, costUsd: 0.3, at: 'x' }] }));
    const partial = await new CostHistory(byHand).read();
    assert.deepEqual(partial.kind === 'read' && partial.tasks.map((task) => task.costUsd), [0.1, 0.3]);
    await writeFile(join(folder, 'other.json'), JSON.stringify({ settings: true }));
    assert.equal((await new CostHistory(join(folder, 'other.json')).read()).kind, 'unreadable');
  });

  it('never throws when it cannot write, and says why', async () => {
    await writeFile(join(folder, 'a-file'), '');
    const blocked = new CostHistory(join(folder, 'a-file', 'cost-history.json'));
    assert.match((await blocked.record([{ model: MODEL, costUsd: 1 }])) ?? '', /^Could not save the task's cost to .*a-file\/cost-history\.json: /);
    assert.equal((await blocked.read()).kind, 'unreadable');
    assert.equal(await readFile(join(folder, 'a-file'), 'utf8'), '');
  });

  it('interpolates quartiles between neighbours and says the cap, or that there is none', () => {
    assert.equal(quantile([1], 0.25), 1);
    assert.equal(quantile([1, 2], 0.5), 1.5);
    assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
    assert.equal(describeCap(5, '--max-cost'), 'Cost cap: all attempts and the judge together stop at $5.00 (--max-cost).');
    assert.equal(describeCap(undefined, '--max-cost USD'), 'No cost cap: nothing stops the attempts on cost (--max-cost USD sets one).');
  });

  it('keeps the CLI history in $XDG_CACHE_HOME/loupe, else ~/.cache/loupe', () => {
    assert.equal(cliCostHistoryPath({ XDG_CACHE_HOME: '/c' }), '/c/loupe/cost-history.json');
    assert.match(cliCostHistoryPath({}), /\/\.cache\/loupe\/cost-history\.json$/);
  });
});
