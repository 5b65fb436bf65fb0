// An order: an id and its line items.
const { makeLineItem } = require('./lineItem');
const { subtotalCents } = require('./pricing');

function createOrder(id, items) {
  if (items.length === 0) throw new Error(`order ${id}: no items`);
  return { id, items: items.map((item) => makeLineItem(item.sku, item.quantity, item.unitCents)) };
}

function orderTotalCents(order) {
  return subtotalCents(order.items);
}

module.exports = { createOrder, orderTotalCents };
