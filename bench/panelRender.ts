// Measures how the panel's page copes with a long transcript: the real webview bundle in headless
// Chromium is fed 5,000 events (text deltas, tool calls, output, results, reviews, usage), a step per
// frame as a session streams them, then redrawn from the replay log and relaid out at a new width.
// Baseline, measured in the same run: the same bundle and feed with the panel's three long-transcript
// measures undone, as the panel was before them: entries without `content-visibility: auto`, the
// transcript a flex column instead of block flow, and a scroll to the bottom (a forced layout) after
// every event instead of the shipped one per frame (which the baseline turns off). Each step, and the
// redraw, is timed until the page's own frame work is done: the Markdown rendering and the scroll the
// page queues with requestAnimationFrame, and the style, layout and paint they cause.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { AgentEvent } from '../src/agent/events';
import type { HostMessage } from '../src/shared/protocol';
import { TranscriptLog } from '../src/host/transcriptLog';

const EVENTS = Number(process.env.LOUPE_BENCH_PANEL_EVENTS ?? 5_000);
/** A side-bar-sized page, as the Loupe view usually is. */
const VIEWPORT = { width: 420, height: 900 };
/** Runs of each variant; each measure's lowest counts. */
const RUNS = Number(process.env.LOUPE_BENCH_PANEL_RUNS ?? 3);
/** The first and the last this many events are compared: does appending get slower as the page grows? */
const WINDOW = 500;

/** One agent step's events: about ten, like a turn that says something, runs a command and reads it. */
function step(index: number): HostMessage[] {
  const id = `toolu_${index}`;
  const events: AgentEvent[] = [
    { type: 'turn_start', step: index, model: 'claude-sonnet-5-5' },
    { type: 'text_delta', text: `Step ${index}: I will look at ` },
    { type: 'text_delta', text: 'the failing test and the function it calls, ' },
    { type: 'text_delta', text: 'then run the suite again to see what changed.' },
    { type: 'tool_call', id, name: 'bash', input: { command: `npm test -- --grep case-${index}` } },
    { type: 'tool_output', id, chunk: `> mocha --grep case-${index}\n\n  add()\n` },
    { type: 'tool_output', id, chunk: `    ✓ case ${index} adds two numbers\n\n  1 passing (4ms)\n` },
    { type: 'tool_result', id, name: 'bash', isError: false, summary: `> mocha --grep case-${index}\n\n  add()`, exitCode: 0 },
    { type: 'usage', usage: { inputTokens: 1200, outputTokens: 80, cacheWriteTokens: 0, cacheReadTokens: 9000, costUsd: 0.004 } as never, sessionCostUsd: 0.004 * (index + 1) },
  ];
  const messages: HostMessage[] = events.map((event) => ({ type: 'event', event }));
  // Every tenth step proposes a change too: a review card with a hunk.
  if (index % 10 === 0) {
    messages.push({ type: 'change-review', review: { id: `change-${index}`, relativePath: `src/file${index}.js`, created: false, outcome: 'accepted', hunks: [{ header: '@@ -1,3 +1,3 @@', accepted: true, lines: [' const a = 1;', '-const b = a - 1;', '+const b = a + 1;', ' module.exports = { b };'] }] } });
  }
  return messages;
}

function feed(): HostMessage[] {
  const messages: HostMessage[] = [{ type: 'ready-ack', running: true, thinking: false, model: 'claude-sonnet-5-5' }, { type: 'session-started', task: 'Fix the failing tests', model: 'claude-sonnet-5-5' }];
  for (let index = 0; messages.length < EVENTS + 2; index++) messages.push(...step(index));
  return messages.slice(0, EVENTS + 2);
}

interface Variant {
  name: string;
  /** Extra page code that undoes the panel's measures. */
  undo: string;
}

const SHIPPED: Variant = { name: 'shipped', undo: '' };
const BASELINE: Variant = {
  name: 'baseline',
  undo: `
    const style = document.createElement('style');
    style.textContent = '.transcript { display: flex; flex-direction: column; gap: 8px; } .transcript > * + * { margin-top: 0; } .transcript > * { content-visibility: visible !important; contain-intrinsic-size: none !important; }';
    document.head.append(style);
    // Replaces the shipped scroll instead of adding to it: the page's once-per-frame window.scrollTo does
    // nothing here (its read of scrollHeight stays, a layout the frame makes anyway), and every event scrolls.
    const scrollTo = window.scrollTo.bind(window);
    window.scrollTo = () => undefined;
    window.addEventListener('message', () => scrollTo({ top: document.body.scrollHeight }));`,
};

interface Result {
  firstMsPerEvent: number;
  lastMsPerEvent: number;
  frameP95Ms: number;
  domNodes: number;
  replayMs: number;
  replayMessages: number;
  relayoutMs: number;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-bench-panel-'));
  try {
    await esbuild.build({
      bundle: true,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      logLevel: 'silent',
      entryPoints: [
        { in: 'src/webview/main.ts', out: 'webview' },
        { in: 'src/webview/panel.css', out: 'webview' },
      ],
      outdir: dir,
    });
    const messages = feed();
    const log = new TranscriptLog();
    for (const message of messages) log.record(message);
    const replay: HostMessage[] = [{ type: 'ready-ack', running: false, thinking: false, model: 'claude-sonnet-5-5' }, ...log.messages()];
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    try {
      const results: Record<string, Result> = {};
      // Alternate the variants and keep each measure's lowest value over the runs: other jobs share
      // these cores, and a busy moment only ever makes a measure larger.
      for (let round = 0; round < RUNS; round++) {
        for (const variant of [BASELINE, SHIPPED]) {
          const result = await run(browser, dir, variant, messages, replay);
          const best = results[variant.name];
          results[variant.name] = best ? lowest(best, result) : result;
        }
      }
      report(results[BASELINE.name]!, results[SHIPPED.name]!, messages.length - 2);
    } finally {
      await browser.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(browser: import('playwright-core').Browser, dir: string, variant: Variant, messages: HostMessage[], replay: HostMessage[]): Promise<Result> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  // A script error would leave an empty page that is fast to draw: it fails the run instead.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8"><link rel="stylesheet" href="webview.css"></head>
<body data-surface="view" style="--vscode-foreground:#ccc;--vscode-editor-background:#1e1e1e;--vscode-sideBar-background:#181818;--vscode-font-family:sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;--vscode-editor-font-size:12px">
<div id="app"></div><script>window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} }); window.__name = (fn) => fn;</script>
<script src="webview.js"></script><script>${variant.undo}</script></body></html>`;
  // (__name: tsx names the functions it compiles with this helper, and page.evaluate sends them here as source.)
  const file = join(dir, `${variant.name}.html`);
  await writeFile(file, html);
  await page.goto(pathToFileURL(file).href);
  const result = await page.evaluate(
    async ({ messages, replay, window: size }) => {
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      /**
       * Runs `work` and returns its cost through the frame after it: the synchronous part (handlers, and the
       * style and layout they force), then from the start of the next frame's requestAnimationFrame callbacks
       * (where the page renders Markdown and scrolls) to the first task after that frame (so its style, layout
       * and paint count too). The idle wait for the frame is left out. A callback queued before `work` runs
       * first in that frame, so it marks where the page's callbacks start.
       */
      const throughNextFrame = async (work: () => void): Promise<number> => {
        let frameStarted = 0;
        requestAnimationFrame(() => (frameStarted = performance.now()));
        const started = performance.now();
        work();
        void document.documentElement.scrollHeight;
        const synchronous = performance.now() - started;
        await new Promise<void>((resolve) =>
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve();
            channel.port2.postMessage(null);
          }),
        );
        return synchronous + (performance.now() - frameStarted);
      };
      // Synchronous delivery, as the page's message listener gets each post.
      const deliver = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data }));
      const perEvent: number[] = [];
      const frames: number[] = [];
      deliver(messages[0]);
      deliver(messages[1]);
      await nextFrame();
      let index = 2;
      while (index < messages.length) {
        // One step per frame, as a session streams them.
        let count = 0;
        const stepMs = await throughNextFrame(() => {
          do {
            deliver(messages[index]);
            count++;
            index++;
          } while (index < messages.length && (messages[index] as { event?: { type?: string } }).event?.type !== 'turn_start');
        });
        // Each event's share of what the step cost (handlers, frame callbacks, style, layout and paint together).
        for (let each = 0; each < count; each++) perEvent.push(stepMs / count);
        frames.push(stepMs);
      }
      const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      const sorted = [...frames].sort((a, b) => a - b);
      const domNodes = document.getElementsByTagName('*').length;
      const entries = document.querySelectorAll('.transcript > *').length;
      // A window resize (the side bar dragged wider) relays out what is on screen.
      const relayoutStart = performance.now();
      document.body.style.width = '600px';
      void document.documentElement.scrollHeight;
      const relayoutMs = performance.now() - relayoutStart;
      document.body.style.width = '';
      // The page reopened: the whole session redrawn from the host's replay log.
      await nextFrame();
      const replayMs = await throughNextFrame(() => {
        for (const message of replay) deliver(message);
      });
      return {
        firstMsPerEvent: mean(perEvent.slice(0, size)),
        lastMsPerEvent: mean(perEvent.slice(-size)),
        frameP95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
        domNodes,
        replayMs,
        replayMessages: replay.length,
        relayoutMs,
        entries,
      };
    },
    { messages, replay, window: WINDOW },
  );
  await page.close();
  if (errors.length > 0) throw new Error(`The panel page (${variant.name}) failed: ${errors.join('; ')}`);
  // Far fewer entries than events (deltas join), but a drawn transcript has hundreds.
  if (result.entries < 100) throw new Error(`The panel page (${variant.name}) drew ${result.entries} transcript entries for ${messages.length} messages: it did not render the feed.`);
  const { entries: _entries, ...measured } = result;
  return measured;
}

function lowest(a: Result, b: Result): Result {
  return Object.fromEntries(Object.keys(a).map((key) => [key, Math.min(a[key as keyof Result], b[key as keyof Result])])) as unknown as Result;
}

function report(baseline: Result, shipped: Result, events: number): void {
  const row = (label: string, key: keyof Result, digits = 3) => {
    const ratio = shipped[key] === 0 ? '-' : `${(baseline[key] / shipped[key]).toFixed(2)}x`;
    console.log(`| ${label} | ${baseline[key].toFixed(digits)} | ${shipped[key].toFixed(digits)} | ${ratio} |`);
  };
  console.log(`\nPanel with a long transcript: ${events} events, a step per frame, ${VIEWPORT.width}x${VIEWPORT.height} page (headless Chromium; lowest of ${RUNS} runs each)`);
  console.log('| measure | baseline | shipped | baseline / shipped |');
  console.log('| --- | --- | --- | --- |');
  row(`ms per event, first ${WINDOW}`, 'firstMsPerEvent');
  row(`ms per event, last ${WINDOW}`, 'lastMsPerEvent');
  row('ms per step (frame), p95', 'frameP95Ms', 2);
  row('DOM elements at the end', 'domNodes', 0);
  row('ms to relayout at a new width', 'relayoutMs', 1);
  row(`ms to redraw from the replay log (${shipped.replayMessages} messages)`, 'replayMs', 1);
  console.log(`Appending slows by ${(baseline.lastMsPerEvent / baseline.firstMsPerEvent).toFixed(2)}x over the feed in the baseline and ${(shipped.lastMsPerEvent / shipped.firstMsPerEvent).toFixed(2)}x shipped.`);
}

await main();
