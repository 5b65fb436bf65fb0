// Sales figures over a list of orders.
function unitsBySku(orders) {
  const units = new Map();
  for (const order of orders) for (const item of order.items) units.set(item.sku, (units.get(item.sku) ?? 0) + item.quantity);
  return units;
}

function topSellers(orders, count = 3) {
  return [...unitsBySku(orders)]
    .map(([sku, quantity]) => ({ sku, quantity }))
    .sort((a, b) => b.quantity - a.quantity || a.sku.localeCompare(b.sku))
    .slice(0, count);
}

function unitsSold(orders) {
  let total = 0;
  for (const quantity of unitsBySku(orders).values()) total += quantity;
  return total;
}

module.exports = { topSellers, unitsSold };
