// The panel at the widths people give it: the side bar dragged to a width by its sash, as a user
// does, and a check that nothing in the page is cut off or pushed out of it.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { CodeServer } from './codeServer';

/**
 * Drags the sash at the side bar's right edge until the side bar is `width` px wide (VS Code's own
 * resize), then waits for the panel's page in it to take the new width.
 */
export async function setSideBarWidth(server: CodeServer, width: number, panel: Frame): Promise<void> {
  const page = server.page;
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  assert.ok(box, 'the side bar is shown');
  const edge = box.x + box.width;
  const sashes = await page.locator('.monaco-sash.vertical').evaluateAll((nodes) => nodes.map((node) => {
    const rect = node.getBoundingClientRect();
    return { x: rect.x + rect.width / 2, top: rect.top, bottom: rect.bottom };
  }));
  const sash = sashes.filter((candidate) => candidate.bottom - candidate.top > box.height / 2).sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
  assert.ok(sash && Math.abs(sash.x - edge) < 8, `a sash at the side bar's edge (${edge}), found ${JSON.stringify(sashes)}`);
  const y = box.y + box.height / 2;
  await page.mouse.move(sash.x, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  const resized = await sidebar.boundingBox();
  assert.ok(resized && Math.abs(resized.width - width) <= 2, `the side bar is ${resized?.width} px wide, not ${width}`);
  await panel.waitForFunction((target) => window.innerWidth <= target && window.innerWidth >= target - 40, width, { timeout: 30_000 });
}

/**
 * What the panel's page cuts off: text clipped by its box (hidden overflow or an ellipsis; a box that
 * scrolls is not cut), and anything wider than the page itself. Empty when everything shows whole.
 */
export async function cutOffInPanel(frame: Frame): Promise<string[]> {
  // Sent as source: the test's own transpiler would wrap named functions in a helper the page lacks.
  return (await frame.evaluate(CUT_OFF_SCRIPT)) as string[];
}

const CUT_OFF_SCRIPT = `(() => {
  const cut = [];
  const describe = (node) => node.tagName.toLowerCase() + '.' + [...node.classList].join('.') + ' "' + (node.textContent || '').trim().slice(0, 50) + '"';
  for (const node of document.querySelectorAll('body *')) {
    if (!(node instanceof HTMLElement) || node.clientWidth === 0) continue;
    const style = getComputedStyle(node);
    const clips = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
    if (clips && node.scrollWidth > node.clientWidth + 1) cut.push('clipped: ' + describe(node) + ' (' + node.scrollWidth + ' > ' + node.clientWidth + ' px)');
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    const widest = [...document.querySelectorAll('body *')].filter((node) => node.getBoundingClientRect().right > page.clientWidth + 1).slice(-3);
    cut.push('wider than the page (' + page.scrollWidth + ' > ' + page.clientWidth + ' px): ' + widest.map(describe).join('; '));
  }
  return cut;
})()`;
