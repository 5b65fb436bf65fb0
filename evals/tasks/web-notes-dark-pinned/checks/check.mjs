// Every note (and the new-note box) is readable in both themes, pinned or not: text against the colour
// actually painted behind it has a contrast ratio of at least 4.5 (3 for the small date), and a pinned
// note still stands out from the others. Theme and pin are switched with mouse clicks.
import { check, clickAsUser, waitUntil, withPage } from '../../../checks/browser.mjs';

/** In the page: contrast of each text element of the notes against the nearest painted background. */
function measure() {
  const rgba = (value) => {
    const parts = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const luminance = ({ r, g, b }) => {
    const channel = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (color.a > 0.5) return color;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const results = [];
  const texts = [...document.querySelectorAll('.note h3, .note p, .note time, .new-note textarea')];
  document.querySelector('.new-note textarea').value = 'Sample text';
  for (const element of texts) {
    const note = element.closest('.note');
    results.push({
      what: note ? `note ${note.dataset.id}${note.classList.contains('pinned') ? ' (pinned)' : ''} ${element.tagName.toLowerCase()}` : 'the new-note box',
      min: element.tagName === 'TIME' ? 3 : 4.5,
      ratio: ratio(rgba(getComputedStyle(element).color), background(element)),
    });
  }
  document.querySelector('.new-note textarea').value = '';
  const cardColor = (selector) => {
    const card = document.querySelector(selector);
    return card ? background(card) : null;
  };
  return { results, pinned: cardColor('.note.pinned'), plain: cardColor('.note:not(.pinned)'), page: luminance(background(document.body)) };
}

function checkReadable(state, label) {
  for (const { what, min, ratio } of state.results) check(ratio >= min, `${label}: ${what} is hard to read (contrast ${ratio.toFixed(2)}:1, needs ${min}:1)`);
}

function checkPinnedStandsOut(state, label) {
  check(state.pinned && state.plain, `${label}: expected both a pinned and an unpinned note`);
  const distance = Math.abs(state.pinned.r - state.plain.r) + Math.abs(state.pinned.g - state.plain.g) + Math.abs(state.pinned.b - state.plain.b);
  check(distance >= 24, `${label}: a pinned note looks the same as the others`);
}

const isDark = () => {
  const color = getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g).map(Number);
  return (color[0] + color[1] + color[2]) / 3 < 80;
};

await withPage(async (page, errors) => {
  await waitUntil(page, () => document.querySelectorAll('.note').length === 4, 'the notes did not render');
  checkReadable(await page.evaluate(measure), 'light theme');

  await clickAsUser(page, '#theme-toggle', 'the Dark mode button');
  await waitUntil(page, isDark, 'clicking "Dark mode" did not turn the page dark');
  const darkState = await page.evaluate(measure);
  checkReadable(darkState, 'dark theme');
  check(darkState.plain && (darkState.plain.r + darkState.plain.g + darkState.plain.b) / 3 < 110, 'dark theme: the notes are still bright cards on the dark page');

  await clickAsUser(page, '.note[data-id="2"] .pin', 'the pin button of the "Groceries" note');
  await waitUntil(page, () => document.querySelector('.note[data-id="2"]')?.classList.contains('pinned'), 'clicking the pin button did not pin the note');
  const darkPinned = await page.evaluate(measure);
  checkReadable(darkPinned, 'dark theme with a pinned note');
  checkPinnedStandsOut(darkPinned, 'dark theme');

  await clickAsUser(page, '#theme-toggle', 'the Light mode button');
  await waitUntil(page, () => !getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g).slice(0, 3).every((v) => Number(v) < 80), 'clicking "Light mode" did not turn the page light again');
  const lightPinned = await page.evaluate(measure);
  checkReadable(lightPinned, 'light theme with a pinned note');
  checkPinnedStandsOut(lightPinned, 'light theme');
  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
});
