// Returning units of an order: the line shrinks (or goes) and the refund is what those units cost.
const { lineDiscountCents } = require('./pricing');
const { lineTotalCents } = require('./lineItem');

function applyReturn(order, sku, quantity) {
  const line = order.items.find((item) => item.sku === sku);
  if (!line) throw new Error(`order ${order.id} has no ${sku}`);
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > line.quantity) throw new Error(`cannot return ${quantity} of ${line.quantity} ${sku}`);
  const kept = { ...line, quantity: line.quantity - quantity };
  const paid = lineTotalCents(line) - lineDiscountCents(line);
  const stillPaid = kept.quantity === 0 ? 0 : lineTotalCents(kept) - lineDiscountCents(kept);
  const items = kept.quantity === 0 ? order.items.filter((item) => item.sku !== sku) : order.items.map((item) => (item.sku === sku ? kept : item));
  return { order: { ...order, items }, refundCents: paid - stillPaid };
}

module.exports = { applyReturn };
