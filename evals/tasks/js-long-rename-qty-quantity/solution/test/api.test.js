const test = require('node:test');
const assert = require('node:assert/strict');
const { parseOrderRequest, orderResponse } = require('../src/api');

test('a request becomes an order and back', () => {
  const order = parseOrderRequest({ id: 'W-1', items: [{ sku: 'MUG', quantity: 2, unitCents: 1200 }] });
  assert.deepEqual(orderResponse(order), { id: 'W-1', items: [{ sku: 'MUG', quantity: 2, unitCents: 1200, totalCents: 2400 }], totalQuantity: 2, totalCents: 2400 });
});

test('a request without a count is rejected', () => {
  assert.throws(() => parseOrderRequest({ id: 'W-2', items: [{ sku: 'MUG', unitCents: 1200 }] }));
});

test('a request with the old qty name is rejected', () => {
  assert.throws(() => parseOrderRequest({ id: 'W-3', items: [{ sku: 'MUG', qty: 2, unitCents: 1200 }] }));
});
