// Shared by the visual tasks' hidden checks (evals/tasks/web-*/checks/check.mjs): start the attempt's own server (cwd) on a free port, open the
// page in headless Chromium at 1280x800, and act as a user would (mouse clicks at an element's centre).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, server, output) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the app's server exited (code ${server.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app's server did not answer on ${url}:\n${output()}`);
}

/** Runs `run(page, pageErrors)` against the attempt's app; prints PASS/FAIL with the reason and sets the exit code. */
export async function withPage(run) {
  try {
    await openApp(run);
    console.log('PASS');
  } catch (error) {
    console.error(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

async function openApp(run) {
  const port = await freePort();
  let log = '';
  const server = spawn(process.execPath, ['server.js'], { cwd: process.cwd(), env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (chunk) => (log += chunk));
  server.stderr.on('data', (chunk) => (log += chunk));
  let browser;
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitForServer(url, server, () => log);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(url, { waitUntil: 'load' });
    await run(page, errors);
  } finally {
    await browser?.close();
    server.kill();
  }
}

/** Clicks the centre of the first element matching `selector` with the mouse, after checking that a
 *  user could: it is inside the 1280x800 viewport and is the topmost element there. */
export async function clickAsUser(page, selector, label = selector) {
  const element = page.locator(selector).first();
  await element.waitFor({ state: 'attached' });
  const box = await element.boundingBox();
  if (!box || box.width === 0 || box.height === 0) throw new Error(`${label} is not displayed`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  if (x < 0 || y < 0 || x > 1280 || y > 800) throw new Error(`${label}'s centre (${Math.round(x)}, ${Math.round(y)}) is outside the 1280x800 window`);
  const topmost = await element.evaluate((target, [px, py]) => {
    const hit = document.elementFromPoint(px, py);
    if (hit && (hit === target || target.contains(hit))) return null;
    if (!hit) return 'nothing';
    return `<${hit.tagName.toLowerCase()}${hit.id ? `#${hit.id}` : ''}${hit.className && typeof hit.className === 'string' ? `.${hit.className.trim().split(/\s+/).join('.')}` : ''}>`;
  }, [x, y]);
  if (topmost) throw new Error(`${label} is covered: at its centre (${Math.round(x)}, ${Math.round(y)}) the topmost element is ${topmost}`);
  await page.mouse.click(x, y);
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Waits (generously) for `predicate` to hold in the page; on timeout fails with `message`. */
export async function waitUntil(page, predicate, message, arg) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: 10_000 });
  } catch {
    throw new Error(message);
  }
}
