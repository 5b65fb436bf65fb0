// At 1280x800 every product row shows its price and a Buy button inside the row and the window, the
// Buy button of the product with the very long name can be clicked with the mouse, and it adds to the cart.
import { check, clickAsUser, waitUntil, withPage } from '../../../checks/browser.mjs';

await withPage(async (page, errors) => {
  await waitUntil(page, () => document.querySelectorAll('#products .product').length === window.PRODUCTS.length, 'the product list did not render');
  const rows = await page.evaluate(() => [...document.querySelectorAll('#products .product')].map((row) => {
    const product = window.PRODUCTS.find((item) => item.id === row.dataset.id);
    const box = (selector) => row.querySelector(selector)?.getBoundingClientRect().toJSON() ?? null;
    return { id: row.dataset.id, expectedName: product?.name, name: row.querySelector('.name')?.textContent, row: box('.name') && row.getBoundingClientRect().toJSON(), nameBox: box('.name'), price: box('.price'), buy: box('.buy') };
  }));
  for (const row of rows) {
    check(row.name === row.expectedName, `product ${row.id}: its name should still be the full product name, got ${JSON.stringify(row.name)}`);
    check(row.nameBox && row.nameBox.width >= 120, `product ${row.id}: its name is squeezed to ${row.nameBox ? Math.round(row.nameBox.width) : 0}px`);
    for (const [part, box] of [['price', row.price], ['Buy button', row.buy]]) {
      check(box && box.width > 0, `product ${row.id}: no ${part}`);
      check(box.left >= row.row.left - 0.5 && box.right <= row.row.right + 0.5 && box.right <= 1280, `product ${row.id}: the ${part} is cut off (its right edge is at ${Math.round(box.right)}px, the row ends at ${Math.round(row.row.right)}px, the window at 1280px)`);
    }
  }
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  check(scrollWidth <= 1280, `the page scrolls sideways at 1280px wide (it is ${scrollWidth}px wide)`);

  await clickAsUser(page, '.product[data-id="kb-split"] .buy', 'the Buy button of the split keyboard');
  await clickAsUser(page, '.product[data-id="arm-1"] .buy', 'the Buy button of the monitor arm');
  await waitUntil(page, () => document.getElementById('cart-summary').textContent.trim() === 'Cart (2)' && document.querySelector('#cart li[data-id="kb-split"]') && document.querySelector('#cart li[data-id="arm-1"]'), 'clicking Buy on the split keyboard and the monitor arm did not put both in the cart');
  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
});
