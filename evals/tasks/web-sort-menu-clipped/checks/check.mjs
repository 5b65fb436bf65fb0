// The sort menu opens where a user can see and click it (each option is the topmost element at its
// centre, inside the window), choosing "Price: low to high" reorders the hotels and closes the menu,
// and "Guest rating" works too. Mouse clicks at 1280x800.
import { check, clickAsUser, waitUntil, withPage } from '../../../checks/browser.mjs';

const order = () => [...document.querySelectorAll('#results .hotel')].map((item) => item.dataset.id).join(',');

async function choose(page, sortKey, label) {
  await clickAsUser(page, '#sort-button', 'the Sort button');
  await waitUntil(page, () => document.getElementById('sort-button').getAttribute('aria-expanded') === 'true', 'clicking Sort did not open the sort menu');
  await clickAsUser(page, `#sort-menu [data-sort="${sortKey}"]`, `the "${label}" option of the open sort menu`);
  await waitUntil(page, () => document.getElementById('sort-button').getAttribute('aria-expanded') === 'false', `choosing "${label}" did not close the menu`);
}

await withPage(async (page, errors) => {
  await waitUntil(page, () => document.querySelectorAll('#results .hotel').length === 6, 'the results did not render');
  await choose(page, 'price-asc', 'Price: low to high');
  const byPrice = await page.evaluate(order);
  check(byPrice === 'graca,bairro,belem,alfama,tejo,chiado', `after "Price: low to high" the hotels are in the order ${byPrice}`);
  check(/Price/.test(await page.textContent('#sort-button')), 'the Sort button does not say it sorts by price');
  await choose(page, 'rating', 'Guest rating');
  const byRating = await page.evaluate(order);
  check(byRating === 'belem,alfama,chiado,bairro,tejo,graca', `after "Guest rating" the hotels are in the order ${byRating}`);
  const bar = await page.evaluate(() => document.querySelector('.toolbar').getBoundingClientRect().height);
  check(bar >= 40 && bar <= 60, `the toolbar changed height (${Math.round(bar)}px)`);
  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
});
