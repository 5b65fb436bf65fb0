// Stock is { [sku]: units available }. Reserving takes the units of every line, or none.
function reserve(stock, items) {
  const shortages = items
    .filter((item) => (stock[item.sku] ?? 0) < item.quantity)
    .map((item) => ({ sku: item.sku, requested: item.quantity, available: stock[item.sku] ?? 0 }));
  if (shortages.length > 0) return { ok: false, stock, shortages };
  const next = { ...stock };
  for (const item of items) next[item.sku] -= item.quantity;
  return { ok: true, stock: next, shortages: [] };
}

module.exports = { reserve };
