// Returning units of an order: the line shrinks (or goes) and the refund is what those units cost.
const { lineDiscountCents } = require('./pricing');
const { lineTotalCents } = require('./lineItem');

function applyReturn(order, sku, qty) {
  const line = order.items.find((item) => item.sku === sku);
  if (!line) throw new Error(`order ${order.id} has no ${sku}`);
  if (!Number.isInteger(qty) || qty < 1 || qty > line.qty) throw new Error(`cannot return ${qty} of ${line.qty} ${sku}`);
  const kept = { ...line, qty: line.qty - qty };
  const paid = lineTotalCents(line) - lineDiscountCents(line);
  const stillPaid = kept.qty === 0 ? 0 : lineTotalCents(kept) - lineDiscountCents(kept);
  const items = kept.qty === 0 ? order.items.filter((item) => item.sku !== sku) : order.items.map((item) => (item.sku === sku ? kept : item));
  return { order: { ...order, items }, refundCents: paid - stillPaid };
}

module.exports = { applyReturn };
