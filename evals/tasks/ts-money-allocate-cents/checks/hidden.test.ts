import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const money = await import(pathToFileURL(join(process.cwd(), 'src/money.ts')).href);
const { allocate, roundCents, splitEvenly, formatAmount } = money;

const centsOf = (amount: number) => Math.round(amount * 100);

function checkAllocation(total: number, weights: number[]) {
  const parts: number[] = allocate(total, weights);
  const label = `allocate(${total}, [${weights.join(', ')}]) = [${parts.join(', ')}]`;
  assert.equal(parts.length, weights.length, label);
  const sum = weights.reduce((a, b) => a + b, 0);
  for (const [index, part] of parts.entries()) {
    assert.equal(part, centsOf(part) / 100, `${label}: part ${index} is not whole cents`);
    const exact = (total * weights[index]) / sum;
    assert.ok(Math.abs(part - exact) < 0.01 + 1e-9, `${label}: part ${index} is more than a cent from ${exact}`);
  }
  assert.equal(parts.reduce((a, part) => a + centsOf(part), 0), centsOf(total), `${label}: the parts do not add up to the total`);
}

test('three-way split of 100 adds up', () => {
  const parts = splitEvenly(100, 3);
  assert.equal(parts.reduce((a: number, p: number) => a + centsOf(p), 0), 10000);
  assert.deepEqual([...parts].sort(), [33.33, 33.33, 33.34]);
});

test('allocations add up and stay within a cent of the exact share', () => {
  const totals = [0.01, 0.1, 0.99, 10, 19.99, 100, 1234.56, 0];
  const weightSets = [[1, 1, 1], [1, 1, 1, 1, 1, 1, 1], [1, 2, 3], [0.3, 0.3, 0.4], [5], [2, 0, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [0.1, 0.2, 0.7]];
  for (const total of totals) for (const weights of weightSets) checkAllocation(total, weights);
});

test('small totals among many parties', () => {
  checkAllocation(0.1, [1, 1, 1, 1, 1, 1, 1]);
  checkAllocation(0.05, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
});

test('half a cent rounds up', () => {
  assert.equal(roundCents(1.005), 1.01);
  assert.equal(roundCents(2.675), 2.68);
  assert.equal(roundCents(1.004), 1);
  assert.equal(roundCents(0.125), 0.13);
  assert.equal(roundCents(2.344), 2.34);
  assert.equal(formatAmount(1.005), '1.01 EUR');
});

test('bad input still throws', () => {
  assert.throws(() => allocate(10, []));
  assert.throws(() => allocate(10, [0, 0]));
  assert.throws(() => splitEvenly(10, 0));
});
