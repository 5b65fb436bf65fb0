const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const load = (name) => require(path.join(process.cwd(), 'src', `${name}.js`));
const DATA = path.join(__dirname, 'data');

// Fails if `qty` (or any *Qty key) is left anywhere in a value the code hands out.
function assertNoQty(value, where) {
  const text = JSON.stringify(value);
  assert.doesNotMatch(text, /"(qty|\w*Qty|\w*QTY)"/, `${where} still uses the old name: ${text}`);
}

const mug = (quantity) => ({ sku: 'MUG', quantity, unitCents: 1200 });
const tea = (quantity) => ({ sku: 'TEA', quantity, unitCents: 450 });

test('lineItem', () => {
  const { makeLineItem, lineTotalCents } = load('lineItem');
  const item = makeLineItem('MUG', 3, 1200);
  assert.deepEqual(item, mug(3));
  assert.equal(lineTotalCents(mug(3)), 3600);
  assert.throws(() => makeLineItem('MUG', 0, 1200));
  assert.throws(() => makeLineItem('MUG', 1.5, 1200));
});

test('cart', () => {
  const cart = load('cart');
  assert.equal(typeof cart.setQuantity, 'function', 'cart.setQuantity is missing');
  assert.equal(cart.setQty, undefined, 'cart.setQty is still exported');
  let c = { items: [] };
  c = cart.addItem(c, mug(1));
  c = cart.addItem(c, mug(2));
  c = cart.addItem(c, tea(4));
  assert.deepEqual(c.items, [mug(3), tea(4)]);
  assert.equal(cart.itemCount(c), 7);
  assert.deepEqual(cart.setQuantity(c, 'MUG', 5).items, [mug(5), tea(4)]);
  assert.deepEqual(cart.setQuantity(c, 'MUG', 0).items, [tea(4)]);
  assertNoQty(cart.setQuantity(c, 'TEA', 2), 'cart');
});

test('pricing and order', () => {
  const pricing = load('pricing');
  assert.equal(pricing.BULK_QUANTITY, 10);
  assert.equal(pricing.BULK_QTY, undefined, 'BULK_QTY is still exported');
  assert.equal(pricing.lineDiscountCents(tea(10)), 450);
  assert.equal(pricing.lineDiscountCents(tea(9)), 0);
  assert.equal(pricing.subtotalCents([tea(10), mug(1)]), 4050 + 1200);
  const { createOrder, orderTotalCents } = load('order');
  const order = createOrder('O-1', [tea(12), mug(2)]);
  assert.deepEqual(order, { id: 'O-1', items: [tea(12), mug(2)] });
  assert.equal(orderTotalCents(order), 5400 - 540 + 2400);
  assert.throws(() => createOrder('O-2', []));
});

test('inventory and shipping', () => {
  const { reserve } = load('inventory');
  assert.deepEqual(reserve({ MUG: 5, TEA: 20 }, [mug(2), tea(12)]), { ok: true, stock: { MUG: 3, TEA: 8 }, shortages: [] });
  const short = reserve({ MUG: 1 }, [mug(2), tea(1)]);
  assert.equal(short.ok, false);
  assert.deepEqual(short.shortages, [{ sku: 'MUG', requested: 2, available: 1 }, { sku: 'TEA', requested: 1, available: 0 }]);
  const { parcelWeightGrams } = load('shipping');
  assert.equal(parcelWeightGrams([mug(2), tea(5)], { MUG: { grams: 350 }, TEA: { grams: 100 } }), 1200);
});

test('invoice', () => {
  const { invoiceLines } = load('invoice');
  const { createOrder } = load('order');
  assert.deepEqual(invoiceLines(createOrder('A-1', [tea(10), mug(1)])), ['Invoice for order A-1', '10 x TEA @ 4.50 = 45.00 (-4.50 bulk)', '1 x MUG @ 12.00 = 12.00', 'Total 52.50']);
});

test('CSV export', () => {
  const { ordersToCsv } = load('csvExport');
  assert.equal(ordersToCsv([{ id: 'A-2', items: [mug(1), tea(3)] }]), 'order_id,sku,quantity,unit_cents\nA-2,MUG,1,1200\nA-2,TEA,3,450\n');
});

test('JSON API', () => {
  const { parseOrderRequest, orderResponse } = load('api');
  const order = parseOrderRequest({ id: 'W-1', items: [mug(2), tea(10)] });
  const response = orderResponse(order);
  assert.deepEqual(response, {
    id: 'W-1',
    items: [{ ...mug(2), totalCents: 2400 }, { ...tea(10), totalCents: 4500 }],
    totalQuantity: 12,
    totalCents: 2400 + 4050,
  });
  assertNoQty(response, 'orderResponse');
  assert.throws(() => parseOrderRequest({ id: 'W-2', items: [{ sku: 'MUG', qty: 2, unitCents: 1200 }] }), undefined, 'a request with qty was accepted');
  assert.throws(() => parseOrderRequest({ id: 'W-3', items: [{ sku: 'MUG', unitCents: 1200 }] }));
});

test('store: reads old and new files, writes only quantity', () => {
  const { loadOrders, saveOrders } = load('store');
  const legacy = loadOrders(path.join(DATA, 'legacy-orders.json'));
  assert.deepEqual(legacy, [{ id: 'A-100', items: [mug(2), tea(12)] }, { id: 'A-101', items: [mug(1)] }]);
  const mixed = loadOrders(path.join(DATA, 'mixed-orders.json'));
  assert.deepEqual(mixed, [{ id: 'N-1', items: [mug(3)] }, { id: 'L-1', items: [tea(10), { sku: 'POT', quantity: 1, unitCents: 3000 }] }]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orders-')), 'orders.json');
  saveOrders(file, mixed);
  const written = fs.readFileSync(file, 'utf8');
  assert.doesNotMatch(written, /qty/);
  assert.deepEqual(JSON.parse(written), [{ id: 'N-1', items: [mug(3)] }, { id: 'L-1', items: [tea(10), { sku: 'POT', quantity: 1, unitCents: 3000 }] }]);
  assert.deepEqual(loadOrders(file), mixed);
  const projectData = loadOrders(path.join(process.cwd(), 'data', 'orders.json'));
  assert.equal(projectData.length, 2);
  assertNoQty(projectData, 'loadOrders(data/orders.json)');
});

test('summary', () => {
  const { topSellers, unitsSold } = load('summary');
  const orders = [{ id: 'A-1', items: [mug(2), tea(5)] }, { id: 'A-2', items: [mug(4)] }, { id: 'A-3', items: [{ sku: 'POT', quantity: 1, unitCents: 3000 }] }];
  assert.deepEqual(topSellers(orders, 2), [{ sku: 'MUG', quantity: 6 }, { sku: 'TEA', quantity: 5 }]);
  assert.deepEqual(topSellers(orders), [{ sku: 'MUG', quantity: 6 }, { sku: 'TEA', quantity: 5 }, { sku: 'POT', quantity: 1 }]);
  assert.equal(unitsSold(orders), 12);
});

test('returns', () => {
  const { applyReturn } = load('returns');
  const order = { id: 'A-1', items: [mug(2), tea(12)] };
  const partial = applyReturn(order, 'TEA', 2);
  assert.deepEqual(partial.order.items, [mug(2), tea(10)]);
  assert.equal(partial.refundCents, 5400 - 540 - (4500 - 450));
  const whole = applyReturn(order, 'MUG', 2);
  assert.deepEqual(whole.order.items, [tea(12)]);
  assert.equal(whole.refundCents, 2400);
  assert.throws(() => applyReturn(order, 'MUG', 3));
  assertNoQty(partial, 'applyReturn');
});
