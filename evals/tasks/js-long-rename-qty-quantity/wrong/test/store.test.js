const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadOrders, saveOrders } = require('../src/store');

test('loads the saved orders', () => {
  const orders = loadOrders(path.join(__dirname, '..', 'data', 'orders.json'));
  assert.equal(orders.length, 2);
  assert.deepEqual(orders[0].items[1], { sku: 'TEA', quantity: 12, unitCents: 450 });
});

test('saves and loads again', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orders-')), 'orders.json');
  const orders = [{ id: 'B-1', items: [{ sku: 'MUG', quantity: 4, unitCents: 1200 }] }];
  saveOrders(file, orders);
  assert.deepEqual(loadOrders(file), orders);
});
