const test = require('node:test');
const assert = require('node:assert');
const { loadRates } = require('../src/rates');
const { convert } = require('../src/convert');
const { invoiceTotal } = require('../src/invoice');

const rates = loadRates();

test('converts with the direct rate', () => {
  assert.strictEqual(convert(100, 'EUR', 'GBP', rates), 85);
  assert.strictEqual(convert(50, 'EUR', 'USD', rates), 50);
  assert.strictEqual(convert(10, 'EUR', 'JPY', rates), 1692);
});

test('converts with the inverse rate', () => {
  assert.strictEqual(convert(108, 'USD', 'EUR', rates), 108);
  assert.strictEqual(convert(127, 'USD', 'GBP', rates), 100);
});

test('same currency is unchanged', () => {
  assert.strictEqual(convert(12.34, 'SEK', 'SEK', rates), 12.34);
});

test('unknown pairs are an error', () => {
  assert.throws(() => convert(1, 'CAD', 'JPY', rates), /no rate for CAD -> JPY/);
});

test('invoice total in USD', () => {
  const lines = [{ amount: 100, currency: 'EUR' }, { amount: 10, currency: 'USD' }, { amount: 100, currency: 'GBP' }];
  assert.strictEqual(invoiceTotal(lines, 'USD', rates), 237);
});
