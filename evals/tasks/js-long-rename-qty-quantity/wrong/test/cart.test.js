const test = require('node:test');
const assert = require('node:assert/strict');
const { addItem, setQuantity, itemCount } = require('../src/cart');

test('adding the same product merges the lines', () => {
  let cart = { items: [] };
  cart = addItem(cart, { sku: 'MUG', quantity: 1, unitCents: 1200 });
  cart = addItem(cart, { sku: 'MUG', quantity: 2, unitCents: 1200 });
  assert.deepEqual(cart.items, [{ sku: 'MUG', quantity: 3, unitCents: 1200 }]);
  assert.equal(itemCount(cart), 3);
});

test('setting the quantity to 0 removes the line', () => {
  const cart = setQuantity({ items: [{ sku: 'MUG', quantity: 3, unitCents: 1200 }] }, 'MUG', 0);
  assert.deepEqual(cart.items, []);
});
