// Shipping rates in cents, per zone: the price for parcels under 1 kg, under 5 kg, and per extra
// started kilogram above 5 kg.
const RATES = {
  domestic: { upTo1Kg: 490, upTo5Kg: 690, perExtraKg: 80 },
  eu: { upTo1Kg: 990, upTo5Kg: 1490, perExtraKg: 150 },
  world: { upTo1Kg: 1990, upTo5Kg: 2990, perExtraKg: 300 },
};

function shippingCents(zone, weightKg) {
  if (weightKg <= 0) return 0;
  const rate = RATES[zone];
  if (!rate) throw new Error(`unknown shipping zone: ${zone}`);
  if (weightKg < 1) return rate.upTo1Kg;
  if (weightKg < 5) return rate.upTo5Kg;
  return rate.upTo5Kg + Math.ceil(weightKg - 5) * rate.perExtraKg;
}

module.exports = { RATES, shippingCents };
