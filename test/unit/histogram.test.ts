import assert from 'node:assert/strict';
import { binValues, histogramSvg, nearestRank } from '../../evals/harness/histogram';

describe('eval report histogram', () => {
  it('puts every value in one of ten equal bins, the maximum in the last', () => {
    const bins = binValues([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(bins.length, 10);
    assert.deepEqual(bins.map((bin) => bin.count), [1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    assert.equal(bins.reduce((total, bin) => total + bin.count, 0), 11);
    assert.deepEqual([bins[0]!.from, bins.at(-1)!.to], [0, 10]);
  });

  it('makes one bin when every trial took the same, and none without trials', () => {
    assert.deepEqual(binValues([2, 2, 2]), [{ from: 2, to: 2, count: 3 }]);
    assert.deepEqual(binValues([]), []);
  });

  it('marks the median and p90 by the nearest rank: values some trial had', () => {
    const values = [5, 1, 4, 2, 3, 10, 6, 7, 8, 9];
    assert.equal(nearestRank(values, 0.5), 5);
    assert.equal(nearestRank(values, 0.9), 9);
    assert.equal(nearestRank([7], 0.9), 7);
  });

  it('draws a bar per non-empty bin with its count, and escapes what it is given', () => {
    const svg = histogramSvg('Cost <per> trial', [1, 1, 2, 9], (value) => `$${value.toFixed(2)}`);
    assert.match(svg, /aria-label="Cost &#60;per&#62; trial: median \$1\.00, p90 \$9\.00, 4 trials"/);
    assert.equal((svg.match(/<rect /g) ?? []).length, 10);
    assert.deepEqual([...svg.matchAll(/text-anchor="middle">(\d+)</g)].map((match) => Number(match[1])), [2, 1, 1]);
    assert.doesNotMatch(svg, /<per>/);
  });
});
