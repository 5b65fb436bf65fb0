// Plain-text invoice lines.
const { lineTotalCents } = require('./lineItem');
const { lineDiscountCents } = require('./pricing');
const { orderTotalCents } = require('./order');

const euros = (cents) => (cents / 100).toFixed(2);

function invoiceLines(order) {
  const lines = [`Invoice for order ${order.id}`];
  for (const item of order.items) {
    const discount = lineDiscountCents(item);
    lines.push(`${item.quantity} x ${item.sku} @ ${euros(item.unitCents)} = ${euros(lineTotalCents(item))}${discount ? ` (-${euros(discount)} bulk)` : ''}`);
  }
  lines.push(`Total ${euros(orderTotalCents(order))}`);
  return lines;
}

module.exports = { invoiceLines };
