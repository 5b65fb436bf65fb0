// Shipping rates in cents, per zone: a base price per weight band (up to maxKg, inclusive), then a
// price per started kilogram above the last band.
const RATES = {
  domestic: { bands: [{ maxKg: 1, cents: 490 }, { maxKg: 5, cents: 690 }], perExtraKgCents: 80 },
  eu: { bands: [{ maxKg: 1, cents: 990 }, { maxKg: 5, cents: 1490 }], perExtraKgCents: 150 },
  world: { bands: [{ maxKg: 1, cents: 1990 }, { maxKg: 5, cents: 2990 }], perExtraKgCents: 300 },
};

function shippingCents(zone, weightKg) {
  if (weightKg <= 0) return 0;
  const rate = Object.hasOwn(RATES, zone) ? RATES[zone] : undefined;
  if (!rate) throw new Error(`unknown shipping zone: ${zone}`);
  const band = rate.bands.find((candidate) => weightKg <= candidate.maxKg);
  if (band) return band.cents;
  const last = rate.bands[rate.bands.length - 1];
  return last.cents + Math.ceil(weightKg - last.maxKg) * rate.perExtraKgCents;
}

module.exports = { RATES, shippingCents };
