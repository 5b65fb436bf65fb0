// The JSON API: requests to orders, orders to responses.
const { createOrder, orderTotalCents } = require('./order');
const { lineTotalCents } = require('./lineItem');

function parseOrderRequest(body) {
  if (!body || typeof body.id !== 'string') throw new Error('request: id is required');
  if (!Array.isArray(body.items)) throw new Error('request: items must be a list');
  const items = body.items.map((item, index) => {
    if (!Number.isInteger(item.quantity)) throw new Error(`request: items[${index}].quantity must be an integer`);
    return { sku: item.sku, quantity: item.quantity, unitCents: item.unitCents };
  });
  return createOrder(body.id, items);
}

function orderResponse(order) {
  return {
    id: order.id,
    items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitCents: item.unitCents, totalCents: lineTotalCents(item) })),
    totalQuantity: order.items.reduce((sum, item) => sum + item.quantity, 0),
    totalCents: orderTotalCents(order),
  };
}

module.exports = { parseOrderRequest, orderResponse };
