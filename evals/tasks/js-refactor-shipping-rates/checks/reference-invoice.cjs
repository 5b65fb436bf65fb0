// Invoice lines for a shipped order. The shipping line is charged on the parcel's real weight.
function shippingCost(zone, weightKg) {
  if (weightKg <= 0) return 0;
  switch (zone) {
    case 'domestic':
      if (weightKg <= 1) return 490;
      if (weightKg <= 5) return 690;
      return 690 + Math.ceil(weightKg - 5) * 80;
    case 'eu':
      if (weightKg <= 1) return 990;
      if (weightKg <= 5) return 1490;
      return 1490 + Math.ceil(weightKg - 5) * 150;
    case 'world':
      if (weightKg <= 1) return 1990;
      if (weightKg <= 5) return 2990;
      return 2990 + Math.ceil(weightKg - 5) * 300;
    default:
      throw new Error(`unknown shipping zone: ${zone}`);
  }
}

function formatCents(cents) {
  return `${(cents / 100).toFixed(2)} EUR`;
}

function invoiceLines(order) {
  const lines = order.items.map((item) => `${item.quantity} x ${item.name}: ${formatCents(item.priceCents * item.quantity)}`);
  const shipping = shippingCost(order.zone, order.parcelWeightKg);
  lines.push(`Shipping (${order.zone}, ${order.parcelWeightKg} kg): ${formatCents(shipping)}`);
  const total = order.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0) + shipping;
  lines.push(`Total: ${formatCents(total)}`);
  return lines;
}

module.exports = { invoiceLines, formatCents };
