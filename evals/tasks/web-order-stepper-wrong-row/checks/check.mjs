// Each row's + and − change that row's quantity (and nothing else, never below 0), and the line totals
// and the order total follow. Clicked with the mouse at the buttons' centres; after each click the check
// waits for the page to change (not for a fixed time), then compares.
import { check, clickAsUser, withPage } from '../../../checks/browser.mjs';

const snapshot = () => JSON.stringify({
  rows: [...document.querySelectorAll('tr.line')].map((row) => ({ sku: row.dataset.sku, qty: row.querySelector('.qty').textContent.trim(), line: row.querySelector('.line-total').textContent.trim() })),
  total: document.getElementById('order-total').textContent.trim(),
});

async function click(page, selector, label, { changes = true } = {}) {
  const before = await page.evaluate(snapshot);
  await clickAsUser(page, selector, label);
  if (!changes) return;
  try {
    await page.waitForFunction(([before, source]) => new Function(`return (${source})()`)() !== before, [before, snapshot.toString()], { timeout: 10_000 });
  } catch {
    throw new Error(`clicking ${label} changed nothing on the page`);
  }
}

async function expectState(page, action, quantities, lines, total) {
  const now = JSON.parse(await page.evaluate(snapshot));
  const shown = `quantities ${now.rows.map((row) => row.qty).join('/')}, line totals ${now.rows.map((row) => row.line).join(' / ')}, total ${now.total}`;
  const wanted = `quantities ${quantities.join('/')}, line totals ${lines.join(' / ')}, total ${total}`;
  check(shown === wanted, `after ${action}: expected ${wanted}; the page shows ${shown}`);
}

await withPage(async (page, errors) => {
  await page.waitForFunction(() => document.querySelectorAll('tr.line').length === 3);
  await click(page, 'tr.line[data-sku="beans-1kg"] .plus', '+ on the espresso beans');
  await expectState(page, 'clicking + on the beans', ['2', '2', '1'], ['€25.00', '€8.00', '€9.90'], '€42.90');
  await click(page, 'tr.line[data-sku="filters-100"] .minus', '− on the filters');
  await expectState(page, 'clicking − on the filters', ['2', '1', '1'], ['€25.00', '€4.00', '€9.90'], '€38.90');
  await click(page, 'tr.line[data-sku="mug-stone"] .plus', '+ on the mug');
  await click(page, 'tr.line[data-sku="mug-stone"] .plus', '+ on the mug (again)');
  await expectState(page, 'clicking + twice on the mug', ['2', '1', '3'], ['€25.00', '€4.00', '€29.70'], '€58.70');
  await click(page, 'tr.line[data-sku="beans-1kg"] .minus', '− on the beans');
  await click(page, 'tr.line[data-sku="beans-1kg"] .minus', '− on the beans (again)');
  await click(page, 'tr.line[data-sku="beans-1kg"] .minus', '− on the beans at 0', { changes: false });
  await click(page, 'tr.line[data-sku="filters-100"] .plus', '+ on the filters');
  await expectState(page, 'clicking − three times on the beans and + on the filters', ['0', '2', '3'], ['€0.00', '€8.00', '€29.70'], '€37.70');
  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
});
