const test = require('node:test');
const assert = require('node:assert/strict');
const { subtotalCents, BULK_QUANTITY } = require('../src/pricing');
const { invoiceLines } = require('../src/invoice');
const { createOrder } = require('../src/order');

test('bulk lines get 10% off', () => {
  assert.equal(BULK_QUANTITY, 10);
  assert.equal(subtotalCents([{ sku: 'TEA', quantity: 10, unitCents: 450 }, { sku: 'MUG', quantity: 1, unitCents: 1200 }]), 4050 + 1200);
});

test('invoice lines', () => {
  const order = createOrder('A-1', [{ sku: 'TEA', quantity: 10, unitCents: 450 }]);
  assert.deepEqual(invoiceLines(order), ['Invoice for order A-1', '10 x TEA @ 4.50 = 45.00 (-4.50 bulk)', 'Total 40.50']);
});
