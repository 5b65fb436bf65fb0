// Real-display test fixtures: a private Xvfb display with an X11Desktop on it, a small web app served
// on loopback that reports its own state (clicks, typed text, drag, scroll), and a colour finder.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Point, RawFrame, ScreenSize } from '../../src/agent/desktop/desktop';
import { VirtualDisplay } from '../../src/agent/desktop/virtualDisplay';
import { X11Desktop } from '../../src/agent/desktop/x11Desktop';

export interface TestDisplay {
  display: VirtualDisplay;
  desktop: X11Desktop;
  dispose(): Promise<void>;
}

/** A VirtualDisplay of `size` with a desktop connected to it; dispose() tears both down. */
export async function startTestDisplay(size: ScreenSize): Promise<TestDisplay> {
  const display = await VirtualDisplay.start(size);
  try {
    const desktop = await X11Desktop.connect(display.display);
    return {
      display,
      desktop,
      dispose: async () => {
        await desktop.dispose();
        await display.dispose();
      },
    };
  } catch (error) {
    await display.dispose();
    throw error;
  }
}

/** Colours the app paints its controls in, chosen to appear nowhere else on the page. */
export const APP_COLOURS = {
  button: [255, 0, 255],
  input: [255, 255, 0],
  box: [0, 255, 255],
} as const satisfies Record<string, readonly [number, number, number]>;

/** Where the draggable box starts, in page (and, for a window at 0,0, display) pixels. */
export const BOX_START: Point = { x: 100, y: 470 };

export interface AppState {
  seq: number;
  ready: boolean;
  clicks: number;
  shiftClicks: number;
  doubleClicks: number;
  /** The highest click count the page saw in one burst (3 after a triple click). */
  mostClicksInARow: number;
  rightClicks: number;
  middleClicks: number;
  value: string;
  submitted: string | null;
  box: Point;
  scrollX: number;
  scrollY: number;
}

export interface TestApp {
  /** The page with the controls. */
  url: string;
  /** A page that repaints on every animation frame and never settles. */
  animatedUrl: string;
  /** A page that paints once and then stays still. */
  staticUrl: string;
  /** A page that stays blank white until the test lets it draw blue with text (its script waits on a held request). */
  lateUrl: string;
  /** Resolves once the late page's script asks whether it may draw (the page has loaded and is still white). */
  latePageWaiting(): Promise<void>;
  /** Lets the late page draw its blue. */
  releaseLatePage(): void;
  state(): AppState | undefined;
  waitFor(condition: (state: AppState) => boolean, what: string, timeoutMs?: number): Promise<AppState>;
  close(): Promise<void>;
}

const APP_PAGE = `<!doctype html><html><head><title>Loupe test app</title><style>
html, body { margin: 0; background: #f4f4f4; font: 16px sans-serif; }
body { height: 6000px; width: 3000px; }
#target { position: fixed; left: 320px; top: 160px; width: 180px; height: 70px; background: rgb(255, 0, 255); border: none; color: #000; font-size: 18px; }
#field { position: fixed; left: 320px; top: 300px; width: 320px; height: 44px; background: rgb(255, 255, 0); border: 2px solid #000; font-size: 20px; outline: none; }
#box { position: fixed; left: ${BOX_START.x}px; top: ${BOX_START.y}px; width: 80px; height: 80px; background: rgb(0, 255, 255); touch-action: none; }
#status { position: fixed; left: 10px; top: 10px; }
</style></head><body>
<div id="status">Loupe test app</div>
<button id="target">Press me</button>
<input id="field" autocomplete="off">
<div id="box"></div>
<script>
const state = { seq: 0, ready: true, clicks: 0, shiftClicks: 0, doubleClicks: 0, mostClicksInARow: 0, rightClicks: 0, middleClicks: 0, value: '', submitted: null, box: { x: ${BOX_START.x}, y: ${BOX_START.y} }, scrollX: 0, scrollY: 0 };
function report() { state.seq++; fetch('/state', { method: 'POST', body: JSON.stringify(state) }); }
const target = document.getElementById('target'), field = document.getElementById('field'), box = document.getElementById('box');
target.addEventListener('click', (e) => { state.clicks++; if (e.shiftKey) state.shiftClicks++; state.mostClicksInARow = Math.max(state.mostClicksInARow, e.detail); report(); });
target.addEventListener('dblclick', () => { state.doubleClicks++; report(); });
target.addEventListener('contextmenu', (e) => { e.preventDefault(); state.rightClicks++; report(); });
target.addEventListener('auxclick', (e) => { if (e.button === 1) { state.middleClicks++; report(); } });
target.addEventListener('mousedown', (e) => { if (e.button === 1) e.preventDefault(); });
field.addEventListener('input', () => { state.value = field.value; report(); });
field.addEventListener('keydown', (e) => { if (e.key === 'Enter') { state.submitted = field.value; report(); } });
let grab = null;
box.addEventListener('pointerdown', (e) => { grab = { dx: e.clientX - box.offsetLeft, dy: e.clientY - box.offsetTop }; box.setPointerCapture(e.pointerId); });
box.addEventListener('pointermove', (e) => { if (grab) { box.style.left = (e.clientX - grab.dx) + 'px'; box.style.top = (e.clientY - grab.dy) + 'px'; } });
box.addEventListener('pointerup', () => { grab = null; state.box = { x: box.offsetLeft, y: box.offsetTop }; report(); });
window.addEventListener('scroll', () => { state.scrollX = Math.round(scrollX); state.scrollY = Math.round(scrollY); report(); });
report();
</script></body></html>`;

const ANIMATED_PAGE = `<!doctype html><html><body style="margin:0"><div id="a" style="width:100vw;height:100vh"></div><script>
let n = 0;
function tick() { n = (n + 7) % 360; document.getElementById('a').style.background = 'hsl(' + n + ', 80%, 50%)'; requestAnimationFrame(tick); }
tick();
</script></body></html>`;

const LATE_PAGE = `<!doctype html><html><body style="margin:0;background:#fff;color:#fff;font:32px sans-serif"><p id="p" hidden>Drawn at last.</p><script>
fetch('/late/go').then(() => { document.body.style.background = '#204080'; document.getElementById('p').hidden = false; });
</script></body></html>`;

const STATIC_PAGE = `<!doctype html><html><body style="margin:0;background:#204080;color:#fff;font:32px sans-serif"><p>Nothing moves here.</p></body></html>`;

/** A promise and what resolves it (Promise.withResolvers, which Node 20 lacks). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Serves the test app on 127.0.0.1 (a free port) and records the state the page posts back. */
export async function serveTestApp(): Promise<TestApp> {
  let latest: AppState | undefined;
  const listeners = new Set<() => void>();
  const late = { waiting: signal(), go: signal() };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.url === '/late/go') {
      late.waiting.resolve();
      void late.go.promise.then(() => response.end('go'));
      return;
    }
    if (request.method === 'POST' && request.url === '/state') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const posted = JSON.parse(body) as AppState;
        // Posts can arrive out of order; the page numbers them.
        if (!latest || posted.seq > latest.seq) latest = posted;
        for (const listener of listeners) listener();
        response.end('ok');
      });
      return;
    }
    const pages: Record<string, string> = { '/': APP_PAGE, '/animated': ANIMATED_PAGE, '/static': STATIC_PAGE, '/late': LATE_PAGE };
    const page = pages[request.url ?? ''];
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    animatedUrl: `${base}/animated`,
    staticUrl: `${base}/static`,
    lateUrl: `${base}/late`,
    latePageWaiting: () => late.waiting.promise,
    releaseLatePage: () => late.go.resolve(),
    state: () => latest,
    waitFor: (condition, what, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (latest && condition(latest)) {
            finish();
            resolve(latest);
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; the app's last state: ${JSON.stringify(latest)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ColourBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
  center: Point;
  pixels: number;
}

/** The bounding box of the pixels of exactly `rgb` in a frame, or undefined if there are none. */
export function findColour(frame: RawFrame, rgb: readonly [number, number, number]): ColourBox | undefined {
  const [red, green, blue] = rgb;
  let left = Infinity;
  let top = Infinity;
  let right = -1;
  let bottom = -1;
  let pixels = 0;
  const { data, width, height, channels } = frame;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      if (data[at] === red && data[at + 1] === green && data[at + 2] === blue) {
        pixels++;
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  if (pixels === 0) return undefined;
  return { left, top, right, bottom, pixels, center: { x: Math.round((left + right) / 2), y: Math.round((top + bottom) / 2) } };
}
