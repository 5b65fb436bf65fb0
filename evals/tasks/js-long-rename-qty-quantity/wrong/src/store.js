// Orders on disk, as a JSON list.
const fs = require('node:fs');
const { createOrder } = require('./order');

function loadOrders(file) {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  return raw.map((order) => createOrder(order.id, order.items));
}

function saveOrders(file, orders) {
  const raw = orders.map((order) => ({ id: order.id, items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitCents: item.unitCents })) }));
  fs.writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
}

module.exports = { loadOrders, saveOrders };
