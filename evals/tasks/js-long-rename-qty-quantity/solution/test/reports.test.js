const test = require('node:test');
const assert = require('node:assert/strict');
const { topSellers, unitsSold } = require('../src/summary');
const { ordersToCsv } = require('../src/csvExport');
const { applyReturn } = require('../src/returns');
const { reserve } = require('../src/inventory');
const { parcelWeightGrams } = require('../src/shipping');

const orders = [
  { id: 'A-1', items: [{ sku: 'MUG', quantity: 2, unitCents: 1200 }, { sku: 'TEA', quantity: 5, unitCents: 450 }] },
  { id: 'A-2', items: [{ sku: 'MUG', quantity: 1, unitCents: 1200 }] },
];

test('top sellers and units sold', () => {
  assert.deepEqual(topSellers(orders, 1), [{ sku: 'TEA', quantity: 5 }]);
  assert.equal(unitsSold(orders), 8);
});

test('CSV export', () => {
  assert.equal(ordersToCsv([orders[1]]), 'order_id,sku,quantity,unit_cents\nA-2,MUG,1,1200\n');
});

test('a partial return refunds the returned units', () => {
  const { order, refundCents } = applyReturn(orders[0], 'TEA', 2);
  assert.equal(refundCents, 900);
  assert.equal(order.items[1].quantity, 3);
});

test('reserving stock and weighing the parcel', () => {
  assert.deepEqual(reserve({ MUG: 5 }, orders[1].items), { ok: true, stock: { MUG: 4 }, shortages: [] });
  assert.equal(parcelWeightGrams(orders[0].items, { MUG: { grams: 350 }, TEA: { grams: 100 } }), 1200);
});
