// Invoice lines for a shipped order. The shipping line is charged on the parcel's real weight.
const { shippingCents } = require('./rates');

function formatCents(cents) {
  return `${(cents / 100).toFixed(2)} EUR`;
}

function invoiceLines(order) {
  const lines = order.items.map((item) => `${item.quantity} x ${item.name}: ${formatCents(item.priceCents * item.quantity)}`);
  const shipping = shippingCents(order.zone, order.parcelWeightKg);
  lines.push(`Shipping (${order.zone}, ${order.parcelWeightKg} kg): ${formatCents(shipping)}`);
  const total = order.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0) + shipping;
  lines.push(`Total: ${formatCents(total)}`);
  return lines;
}

module.exports = { invoiceLines, formatCents };
