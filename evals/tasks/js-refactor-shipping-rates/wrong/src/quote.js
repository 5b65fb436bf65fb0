// The quote shown in the cart: subtotal, shipping and total, in cents.
const { shippingCents } = require('./rates');

const FREE_DOMESTIC_SHIPPING_FROM_CENTS = 5000;

function quote(cart, zone) {
  const subtotal = cart.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
  const weightKg = cart.items.reduce((sum, item) => sum + item.weightKg * item.quantity, 0);
  let shipping = shippingCents(zone, weightKg);
  if (zone === 'domestic' && subtotal >= FREE_DOMESTIC_SHIPPING_FROM_CENTS) shipping = 0;
  return { subtotal, shipping, total: subtotal + shipping };
}

module.exports = { quote, FREE_DOMESTIC_SHIPPING_FROM_CENTS };
