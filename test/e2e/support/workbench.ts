// Drives the VS Code web workbench in a playwright Page: waiting for it to load, running commands
// from the palette, and finding a webview's content frame.
import type { Frame, Page } from 'playwright-core';

/** TESTING.md saw the workbench ready in about 8 s; on 2 busy cores it can take several times that. */
export const WORKBENCH_READY_TIMEOUT_MS = 90_000;

/** How long a contributed command may take to appear in the palette (extensions load after the workbench). */
const PALETTE_TIMEOUT_MS = 30_000;

/** One try of opening the palette and finding the command; filtering a list takes milliseconds. */
const PALETTE_ATTEMPT_MS = 3_000;

/** Webviews load their inner frame a few seconds after the panel opens; look this often. */
const FRAME_POLL_INTERVAL_MS = 250;

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

/** Waits until the workbench is drawn: its root element, the activity bar and the status bar are visible. */
export async function waitForWorkbench(page: Page, timeoutMs = WORKBENCH_READY_TIMEOUT_MS): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Runs a command by its palette title, as a user would: Ctrl+Shift+P, type the title, pick it.
 * Extensions' commands join the palette only once the extension host has read them, and an open
 * palette does not refresh its list, so it reopens the palette until the title shows up. Throws,
 * listing what the palette offered, when no entry has exactly that title in time.
 */
export async function runCommand(page: Page, title: string, timeoutMs = PALETTE_TIMEOUT_MS): Promise<void> {
  await startCommand(page, title, timeoutMs);
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: PALETTE_ATTEMPT_MS });
}

/**
 * Reloads the window as a user does, with Developer: Reload Window (the workbench saves its
 * editors first, unlike a bare page reload), and waits until the new workbench is drawn. The wait
 * for the page's load starts before the command runs: the reload can finish while runCommand
 * still waits for the palette to close, and a load that has already fired is never seen again.
 */
export async function reloadWindow(page: Page, timeoutMs = WORKBENCH_READY_TIMEOUT_MS): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: timeoutMs });
  // Seen by the caller through `await loaded` below; this keeps an early failure from going unhandled.
  loaded.catch(() => undefined);
  await runCommand(page, 'Developer: Reload Window').catch((error: unknown) => {
    // The page that held the palette is gone once the reload begins; that is the reload working.
    if (!/closed|detached|navigat|Target/i.test(String(error))) throw error;
  });
  await loaded;
  await waitForWorkbench(page, timeoutMs);
}

/** As runCommand, for a command that opens its own quick pick or input box in the palette's place. */
export async function startCommand(page: Page, title: string, timeoutMs = PALETTE_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const match = page.locator(QUICK_INPUT_ROW).filter({ has: page.locator('.label-name', { hasText: exactText(title) }) });
  for (;;) {
    try {
      // Inside the try: a shortcut pressed while the workbench is busy (just after a reload) can be lost.
      await openPalette(page, title);
      await match.first().waitFor({ state: 'visible', timeout: PALETTE_ATTEMPT_MS });
      break;
    } catch {
      const offered = await page.locator(QUICK_INPUT_ROW).allInnerTexts();
      await page.keyboard.press('Escape');
      if (Date.now() >= deadline) {
        const list = offered.map((text) => JSON.stringify(text.replace(/\s+/g, ' '))).join(', ') || 'nothing';
        throw new Error(`The command palette has no command titled "${title}" after ${timeoutMs} ms (it offered: ${list}). Is the extension installed, enabled, and its command contributed?`);
      }
    }
  }
  await match.first().click();
}

async function openPalette(page: Page, text: string): Promise<void> {
  // Escape first: a quick input left open by an earlier step would swallow the shortcut.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  const box = page.locator(QUICK_INPUT_BOX);
  await box.waitFor({ state: 'visible', timeout: PALETTE_ATTEMPT_MS });
  // The palette opens with ">" (commands mode); keep it so the input stays a command search.
  await box.fill(`>${text}`);
}

/**
 * The first frame for which `predicate` is true, searched in all of the page's frames (webviews
 * are iframes inside iframes). A predicate that throws (a frame navigating or detached) counts as false.
 */
export async function findWebviewFrame(page: Page, predicate: (frame: Frame) => Promise<boolean>, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      if (await predicate(frame).catch(() => false)) return frame;
    }
    if (Date.now() >= deadline) {
      const urls = page.frames().map((frame) => frame.url().slice(0, 120));
      throw new Error(`No frame matched within ${timeoutMs} ms. Frames: ${urls.join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, FRAME_POLL_INTERVAL_MS));
  }
}

function exactText(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
