// A cart is { items: [lineItem] }; every function returns a new cart.
const { makeLineItem } = require('./lineItem');

function addItem(cart, item) {
  const existing = cart.items.find((line) => line.sku === item.sku);
  if (!existing) return { ...cart, items: [...cart.items, makeLineItem(item.sku, item.quantity, item.unitCents)] };
  return { ...cart, items: cart.items.map((line) => (line.sku === item.sku ? { ...line, quantity: line.quantity + item.quantity } : line)) };
}

function setQuantity(cart, sku, quantity) {
  if (quantity === 0) return { ...cart, items: cart.items.filter((line) => line.sku !== sku) };
  return { ...cart, items: cart.items.map((line) => (line.sku === sku ? makeLineItem(sku, quantity, line.unitCents) : line)) };
}

function itemCount(cart) {
  return cart.items.reduce((sum, line) => sum + line.quantity, 0);
}

module.exports = { addItem, setQuantity, itemCount };
