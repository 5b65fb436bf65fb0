// The quote shown in the cart: subtotal, shipping and total, in cents.
const FREE_DOMESTIC_SHIPPING_FROM_CENTS = 5000;

function shippingFor(zone, weightKg) {
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

function quote(cart, zone) {
  const subtotal = cart.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
  const weightKg = cart.items.reduce((sum, item) => sum + item.weightKg * item.quantity, 0);
  let shipping = shippingFor(zone, weightKg);
  if (zone === 'domestic' && subtotal >= FREE_DOMESTIC_SHIPPING_FROM_CENTS) shipping = 0;
  return { subtotal, shipping, total: subtotal + shipping };
}

module.exports = { quote, FREE_DOMESTIC_SHIPPING_FROM_CENTS };
