// A line item: how many units of which product, at which unit price (cents).
function makeLineItem(sku, quantity, unitCents) {
  if (typeof sku !== 'string' || sku === '') throw new Error('line item: sku must be a non-empty string');
  if (!Number.isInteger(quantity) || quantity < 1) throw new Error(`line item ${sku}: quantity must be a positive integer`);
  if (!Number.isInteger(unitCents) || unitCents < 0) throw new Error(`line item ${sku}: unitCents must be a non-negative integer`);
  return { sku, quantity, unitCents };
}

function lineTotalCents(item) {
  return item.quantity * item.unitCents;
}

module.exports = { makeLineItem, lineTotalCents };
