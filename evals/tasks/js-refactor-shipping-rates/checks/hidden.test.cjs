const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const src = (file) => path.join(process.cwd(), 'src', file);
const reference = { quote: require('./reference-quote.cjs'), invoice: require('./reference-invoice.cjs') };

test('src/rates.js exports RATES (one entry per zone) and shippingCents', () => {
  assert.ok(fs.existsSync(src('rates.js')), 'src/rates.js is missing');
  const rates = require(src('rates.js'));
  assert.equal(typeof rates.shippingCents, 'function');
  assert.ok(rates.RATES && typeof rates.RATES === 'object' && !Array.isArray(rates.RATES) && !(rates.RATES instanceof Map), 'RATES is not a plain object');
  assert.deepEqual(Object.keys(rates.RATES).sort(), ['domestic', 'eu', 'world']);
});

test('quote.js and invoice.js use rates.js and hold no switch and no rates of their own', () => {
  for (const file of ['quote.js', 'invoice.js']) {
    const text = fs.readFileSync(src(file), 'utf8');
    assert.match(text, /require\(\s*['"]\.\/rates(\.js)?['"]\s*\)/, `${file} does not require ./rates`);
    assert.doesNotMatch(text, /\bswitch\s*\(/, `${file} still has a switch`);
    for (const rate of ['490', '690', '990', '1490', '1990', '2990', '150', '300']) assert.doesNotMatch(text, new RegExp(`\\b${rate}\\b`), `${file} still hard-codes the rate ${rate}`);
  }
  for (const file of fs.readdirSync(path.join(process.cwd(), 'src'))) {
    if (file.endsWith('.js')) assert.doesNotMatch(fs.readFileSync(src(file), 'utf8'), /\bswitch\s*\(/, `src/${file} has a switch`);
  }
});

const weights = [0, 0.001, 0.4, 0.999, 1, 1.001, 2.5, 4.999, 5, 5.001, 5.5, 6, 7.25, 10, 23.9];

test('shippingCents agrees with the old rates for every zone and weight', () => {
  const { shippingCents } = require(src('rates.js'));
  for (const zone of ['domestic', 'eu', 'world']) {
    for (const weightKg of weights) {
      const old = reference.invoice.invoiceLines({ zone, parcelWeightKg: weightKg, items: [] })[0];
      const expectedCents = Math.round(Number(old.match(/: ([\d.]+) EUR/)[1]) * 100);
      assert.equal(shippingCents(zone, weightKg), expectedCents, `${zone}, ${weightKg} kg`);
    }
  }
  assert.throws(() => shippingCents('moon', 1), /unknown shipping zone/);
});

test('quotes are exactly as before', () => {
  const { quote } = require(src('quote.js'));
  for (const zone of ['domestic', 'eu', 'world']) {
    for (const weightKg of weights) {
      for (const [priceCents, quantity] of [[100, 1], [1200, 2], [2500, 2], [999, 7]]) {
        for (const cart of [{ items: [{ priceCents, weightKg, quantity: 1 }] }, { items: [{ priceCents, weightKg, quantity }, { priceCents: 50, weightKg: 0.1, quantity: 1 }] }]) {
          assert.deepEqual(quote(cart, zone), reference.quote.quote(cart, zone), `${zone}: ${JSON.stringify(cart)}`);
        }
      }
    }
  }
  assert.throws(() => quote({ items: [{ priceCents: 1, weightKg: 1, quantity: 1 }] }, 'moon'), /unknown shipping zone/);
  assert.equal(require(src('quote.js')).FREE_DOMESTIC_SHIPPING_FROM_CENTS, 5000);
});

test('invoices are exactly as before', () => {
  const { invoiceLines, formatCents } = require(src('invoice.js'));
  for (const zone of ['domestic', 'eu', 'world']) {
    for (const parcelWeightKg of weights) {
      const order = { zone, parcelWeightKg, items: [{ name: 'Mug', priceCents: 1200, quantity: 2 }, { name: 'Tea', priceCents: 450, quantity: 1 }] };
      assert.deepEqual(invoiceLines(order), reference.invoice.invoiceLines(order), `${zone}, ${parcelWeightKg} kg`);
    }
  }
  assert.equal(formatCents(12345), '123.45 EUR');
  assert.throws(() => invoiceLines({ zone: 'moon', parcelWeightKg: 1, items: [] }), /unknown shipping zone/);
});
