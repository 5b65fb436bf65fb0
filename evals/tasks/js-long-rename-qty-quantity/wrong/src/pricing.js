// Prices in cents. Lines of BULK_QUANTITY units or more get BULK_DISCOUNT off.
const { lineTotalCents } = require('./lineItem');

const BULK_QUANTITY = 10;
const BULK_DISCOUNT = 0.1;

function lineDiscountCents(item) {
  return item.quantity >= BULK_QUANTITY ? Math.round(lineTotalCents(item) * BULK_DISCOUNT) : 0;
}

function subtotalCents(items) {
  return items.reduce((sum, item) => sum + lineTotalCents(item) - lineDiscountCents(item), 0);
}

module.exports = { BULK_QUANTITY, BULK_DISCOUNT, lineDiscountCents, subtotalCents };
