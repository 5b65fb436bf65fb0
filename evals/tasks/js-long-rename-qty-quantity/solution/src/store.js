// Orders on disk, as a JSON list. Files written before the rename call the count `qty`.
const fs = require('node:fs');
const { createOrder } = require('./order');

function itemFromDisk({ qty, ...item }) {
  return item.quantity === undefined && qty !== undefined ? { ...item, quantity: qty } : item;
}

function loadOrders(file) {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  return raw.map((order) => createOrder(order.id, order.items.map(itemFromDisk)));
}

function saveOrders(file, orders) {
  const raw = orders.map((order) => ({ id: order.id, items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitCents: item.unitCents })) }));
  fs.writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
}

module.exports = { loadOrders, saveOrders };
