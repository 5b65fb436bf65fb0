// One CSV row per line item, for the accounting export.
const HEADER = ['order_id', 'sku', 'quantity', 'unit_cents'];

function ordersToCsv(orders) {
  const rows = [HEADER.join(',')];
  for (const order of orders) for (const item of order.items) rows.push([order.id, item.sku, item.quantity, item.unitCents].join(','));
  return `${rows.join('\n')}\n`;
}

module.exports = { ordersToCsv, HEADER };
