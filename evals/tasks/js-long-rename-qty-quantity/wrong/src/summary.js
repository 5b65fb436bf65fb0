// Sales figures over a list of orders.
function unitsBySku(orders) {
  const units = new Map();
  for (const order of orders) for (const item of order.items) units.set(item.sku, (units.get(item.sku) ?? 0) + item.qty);
  return units;
}

function topSellers(orders, count = 3) {
  return [...unitsBySku(orders)]
    .map(([sku, qty]) => ({ sku, qty }))
    .sort((a, b) => b.qty - a.qty || a.sku.localeCompare(b.sku))
    .slice(0, count);
}

function unitsSold(orders) {
  let total = 0;
  for (const qty of unitsBySku(orders).values()) total += qty;
  return total;
}

module.exports = { topSellers, unitsSold };
