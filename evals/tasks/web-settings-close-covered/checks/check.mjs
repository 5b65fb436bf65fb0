// The settings dialog opens, saves (a toast appears and can be seen), and closes with a real mouse
// click on its Close button at 1280x800, as a user would click it.
import { check, clickAsUser, waitUntil, withPage } from '../../../checks/browser.mjs';

const dialogShown = () => document.getElementById('settings').getBoundingClientRect().height > 0;

await withPage(async (page, errors) => {
  await clickAsUser(page, '#open-settings', 'the Settings button');
  await waitUntil(page, dialogShown, 'clicking Settings did not open the settings dialog');

  await clickAsUser(page, '#save-settings', 'the Save button');
  await waitUntil(page, () => [...document.querySelectorAll('.toast')].some((toast) => /saved/i.test(toast.textContent)), 'Save did not show the "Settings saved" toast');
  const toastVisible = await page.evaluate(() => {
    const toast = [...document.querySelectorAll('.toast')].find((item) => /saved/i.test(item.textContent));
    const box = toast.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.width > 0 && box.top >= 0 && box.bottom <= 800 && (hit === toast || toast.contains(hit));
  });
  check(toastVisible, 'after Save, the "Settings saved" toast is not visible on top of the page');

  await clickAsUser(page, '#close-settings', 'the Close button of the settings dialog');
  await waitUntil(page, () => document.getElementById('settings').getBoundingClientRect().height === 0 && document.getElementById('backdrop').getBoundingClientRect().height === 0, 'clicking Close did not close the dialog and its backdrop');

  await clickAsUser(page, '#open-settings', 'the Settings button (second time)');
  await waitUntil(page, dialogShown, 'the settings dialog did not open a second time');
  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
});
