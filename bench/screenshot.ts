// Measures what the model waits for in computer use, against the reference method run here in the
// same process: (a) capture + scale + encode of one frame at 1280x800 and 1920x1080 against
// `scrot` + ImageMagick `convert -resize` subprocesses; (b) action → settled screenshot latency
// after a click that changes a page, against a fixed 2.0 s sleep + scrot + convert.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { screenshotSizeFor } from '../src/agent/desktop/coordinates';
import type { RawFrame, ScreenSize } from '../src/agent/desktop/desktop';
import { encodeScreenshot } from '../src/agent/desktop/screenshot';
import { settleScreenshot } from '../src/agent/desktop/settle';
import { VirtualDisplay } from '../src/agent/desktop/virtualDisplay';
import { X11Desktop } from '../src/agent/desktop/x11Desktop';
import { X11ImageClient } from '../src/agent/desktop/x11GetImage';
import { captureWithXwd } from '../src/agent/desktop/xwdCapture';

const execFileAsync = promisify(execFile);

/** The standard tier's image limits (1568 px long edge, 1568 tokens): the size most models get. */
const STANDARD_LIMITS = { maxLongEdge: 1568, maxTokens: 1568 };
const SIZES: ScreenSize[] = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const CAPTURE_RUNS = Number(process.env.LOUPE_BENCH_CAPTURE_RUNS ?? 20);
const REFERENCE_CAPTURE_RUNS = Number(process.env.LOUPE_BENCH_REFERENCE_RUNS ?? 10);
const ACTION_RUNS = Number(process.env.LOUPE_BENCH_ACTION_RUNS ?? 20);
/** Each reference action costs 2.4 s; five runs give a stable median without a minute of sleeping. */
const REFERENCE_ACTION_RUNS = Number(process.env.LOUPE_BENCH_REFERENCE_ACTION_RUNS ?? 5);
/** The reference implementation's fixed delay after every action. */
const REFERENCE_DELAY_MS = 2000;
/** ImageMagick's real binary; /usr/local/bin/convert may be something else on these machines. */
const CONVERT = '/usr/bin/convert';

/** Text-heavy, many colours: what a UI screenshot compresses like (a blank page would flatter PNG). */
function busyPage(): string {
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore'.split(' ');
  let seed = 7;
  const next = () => (seed = (seed * 16807) % 2147483647);
  const paragraphs = Array.from({ length: 140 }, (_, index) => {
    const text = Array.from({ length: 30 }, () => words[next() % words.length]).join(' ');
    return `<p><b style="color:#${(next() % 0xffffff).toString(16).padStart(6, '0')}">Heading ${index}</b> ${text}</p>`;
  }).join('');
  const menu = Array.from({ length: 40 }, (_, index) => `<div>Menu item ${index}</div>`).join('');
  return `<!doctype html><html><body style="margin:0;font-family:sans-serif"><div style="display:flex">
<nav style="width:220px;background:#2d3e50;color:#fff;padding:10px">${menu}</nav><main style="padding:10px;columns:3">${paragraphs}</main></div></body></html>`;
}

/** A page whose click visibly changes a large area and a counter, like a real UI reacting. */
const CLICK_PAGE = `<!doctype html><html><body style="margin:0;font:24px sans-serif">
<button id="b" style="position:fixed;left:40px;top:40px;width:200px;height:60px;font-size:20px">Change</button>
<div id="panel" style="position:fixed;left:40px;top:140px;right:40px;bottom:40px;background:rgb(30,120,200);color:#fff;padding:20px">Clicked 0 times</div>
<script>
let n = 0; const panel = document.getElementById('panel');
document.getElementById('b').addEventListener('click', () => { n++; panel.textContent = 'Clicked ' + n + ' times'; panel.style.background = n % 2 ? 'rgb(200,60,30)' : 'rgb(30,120,200)'; });
</script></body></html>`;

/** The panel's colour after an odd and after an even number of clicks. */
const PANEL_COLOURS = { odd: [200, 60, 30], even: [30, 120, 200] };

interface Stats {
  median: number;
  p95: number;
  runs: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}

async function time(runs: number, action: () => Promise<unknown>): Promise<Stats> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await action();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
const line = (label: string, result: Stats) => console.log(`  ${label.padEnd(52)} median ${ms(result.median)}   p95 ${ms(result.p95)}   (n=${result.runs})`);

async function serve(pages: Record<string, string>): Promise<{ url: (path: string) => string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const page = pages[request.url ?? ''];
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html' });
    response.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: (path) => base + path, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The reference observation: a scrot screenshot resized by ImageMagick, both as subprocesses. */
async function referenceScreenshot(display: string, target: ScreenSize, folder: string): Promise<void> {
  const env = { ...process.env, DISPLAY: display };
  const raw = join(folder, 'scrot.png');
  await execFileAsync('scrot', ['--overwrite', raw], { env });
  await execFileAsync(CONVERT, [raw, '-resize', `${target.width}x${target.height}!`, join(folder, 'resized.png')]);
}

function pixel(frame: RawFrame, x: number, y: number): number[] {
  const at = (y * frame.width + x) * frame.channels;
  return [...frame.data.subarray(at, at + 3)];
}

async function withDisplay<T>(size: ScreenSize, url: string, body: (display: VirtualDisplay, desktop: X11Desktop) => Promise<T>): Promise<T> {
  const display = await VirtualDisplay.start(size);
  try {
    const desktop = await X11Desktop.connect(display.display);
    try {
      await display.openUrl(url);
      await settleScreenshot(desktop, { ceilingMs: 10_000, intervalMs: 200 }); // Page loaded and painted.
      return await body(display, desktop);
    } finally {
      await desktop.dispose();
    }
  } finally {
    await display.dispose();
  }
}

async function benchCapture(size: ScreenSize, url: string, folder: string): Promise<{ ours: Stats; reference: Stats }> {
  const target = screenshotSizeFor(size, STANDARD_LIMITS);
  return withDisplay(size, url, async (display, desktop) => {
    console.log(`\n(a) capture + scale + encode, ${size.width}x${size.height} display → ${target.width}x${target.height} PNG (${desktop.captureMethod} capture)`);
    let bytes = 0;
    const ours = await time(CAPTURE_RUNS, async () => {
      const frame = await desktop.captureScreen();
      bytes = (await encodeScreenshot(frame, target, 'png')).data.length;
    });
    line('Loupe: capture + sharp resize + PNG', ours);
    const frame = await desktop.captureScreen();
    line('  of which capture (framebuffer file)', await time(CAPTURE_RUNS, () => desktop.captureScreen()));
    line('  of which resize + PNG encode', await time(CAPTURE_RUNS, () => encodeScreenshot(frame, target, 'png')));
    // --computer desktop (the user's own display) cannot read a framebuffer file: GetImage, or xwd as the fallback.
    const client = await X11ImageClient.connect(display.display);
    const viaGetImage = await time(CAPTURE_RUNS, async () => encodeScreenshot(await client.captureRoot(), target, 'png'));
    client.close();
    line('Loupe on the user\'s display: X GetImage + resize + PNG', viaGetImage);
    line('Loupe fallback: xwd subprocess + resize + PNG', await time(CAPTURE_RUNS, async () => encodeScreenshot(await captureWithXwd(display.display), target, 'png')));
    let jpegBytes = 0;
    line('Loupe, JPEG q80 instead of PNG (resize + encode)', await time(CAPTURE_RUNS, async () => (jpegBytes = (await encodeScreenshot(frame, target, 'jpeg')).data.length)));
    console.log(`  image size: PNG ${(bytes / 1024).toFixed(0)} KiB, JPEG ${(jpegBytes / 1024).toFixed(0)} KiB`);
    const reference = await time(REFERENCE_CAPTURE_RUNS, () => referenceScreenshot(display.display, target, folder));
    line('reference: scrot + convert -resize', reference);
    console.log(`  → Loupe is ${(reference.median / ours.median).toFixed(1)}x faster (median), ${(reference.p95 / ours.p95).toFixed(1)}x (p95)`);
    return { ours, reference };
  });
}

async function benchAction(size: ScreenSize, url: string, folder: string): Promise<{ ours: Stats; reference: Stats }> {
  const target = screenshotSizeFor(size, STANDARD_LIMITS);
  return withDisplay(size, url, async (display, desktop) => {
    console.log(`\n(b) click → settled screenshot, ${size.width}x${size.height} display → ${target.width}x${target.height} PNG`);
    const button = { x: 140, y: 70 };
    const probe = { x: Math.round(size.width / 2), y: Math.round(size.height / 2) };
    let clicks = 0;
    let sawChange = 0;
    let settled = 0;
    const waits: number[] = [];
    const ours = await time(ACTION_RUNS, async () => {
      await desktop.click(button, 'left', 1);
      clicks++;
      const result = await settleScreenshot(desktop);
      await encodeScreenshot(result.frame, target, 'png');
      // The observation counts only if it shows the page after the click.
      const expected = clicks % 2 ? PANEL_COLOURS.odd : PANEL_COLOURS.even;
      if (pixel(result.frame, probe.x, probe.y).join() === expected.join()) sawChange++;
      if (result.settled) settled++;
      waits.push(result.waitedMs);
    });
    line('Loupe: click + settle + encode', ours);
    console.log(`  settled ${settled}/${ACTION_RUNS}; the screenshot showed the click's effect ${sawChange}/${ACTION_RUNS}; settle wait median ${stats(waits).median} ms`);
    const reference = await time(REFERENCE_ACTION_RUNS, async () => {
      await desktop.click(button, 'left', 1);
      await new Promise((resolve) => setTimeout(resolve, REFERENCE_DELAY_MS));
      await referenceScreenshot(display.display, target, folder);
    });
    line('reference: click + 2.0 s sleep + scrot + convert', reference);
    console.log(`  → Loupe is ${(reference.median / ours.median).toFixed(1)}x faster (median), ${(reference.p95 / ours.p95).toFixed(1)}x (p95)`);
    return { ours, reference };
  });
}

async function main(): Promise<void> {
  const server = await serve({ '/busy': busyPage(), '/click': CLICK_PAGE });
  const folder = await mkdtemp(join(tmpdir(), 'loupe-bench-shot-'));
  try {
    console.log('Screenshot benchmark: Loupe (in-process capture + sharp, settle detection) vs reference (fixed 2 s sleep + scrot + convert subprocesses)');
    const capture: Array<[ScreenSize, { ours: Stats; reference: Stats }]> = [];
    for (const size of SIZES) capture.push([size, await benchCapture(size, server.url('/busy'), folder)]);
    const action: Array<[ScreenSize, { ours: Stats; reference: Stats }]> = [];
    for (const size of SIZES) action.push([size, await benchAction(size, server.url('/click'), folder)]);

    console.log('\nSummary (targets: capture+scale+encode at 1920x1080 ≤ 40 ms; action→observation ≥ 12x faster than reference)');
    for (const [size, result] of capture) {
      const target = size.width === 1920 ? (result.ours.median <= 40 ? ' [target met]' : ' [TARGET MISSED]') : '';
      console.log(`  capture+scale+encode ${size.width}x${size.height}: ${result.ours.median.toFixed(1)} ms vs ${result.reference.median.toFixed(1)} ms → ${(result.reference.median / result.ours.median).toFixed(1)}x${target}`);
    }
    for (const [size, result] of action) {
      const ratio = result.reference.median / result.ours.median;
      console.log(`  action→settled screenshot ${size.width}x${size.height}: ${result.ours.median.toFixed(0)} ms vs ${result.reference.median.toFixed(0)} ms → ${ratio.toFixed(1)}x${ratio >= 12 ? ' [target met]' : ' [TARGET MISSED]'}`);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
    await server.close();
  }
}

await main();
