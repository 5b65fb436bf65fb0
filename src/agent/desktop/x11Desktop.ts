// The Linux desktop backend: input through xdotool, screenshots of the root window read in-process
// (Xvfb's framebuffer file for Loupe's own displays, the X protocol's GetImage for any other local
// display, `xwd -root` as the fallback for what those cannot reach).
import { execa } from 'execa';
import type { Desktop, MouseButton, Point, RawFrame, ScreenSize, ScrollDirection } from './desktop';
import { formatXdotoolChord, parseKeyCombo, type KeyChord } from './keyNames';
import { X11ImageClient } from './x11GetImage';
import { captureWithXwd, FramebufferCapture, framebufferFileFor } from './xwdCapture';

/** xdotool's `type` delay between keystrokes; Anthropic's reference uses 12 ms, which apps keep up with. */
const TYPING_DELAY_MS = 12;
/** Text typed per xdotool call: long texts go in pieces so one failure does not lose everything silently. */
const TYPING_CHUNK_CHARS = 50;
/** Pause between the clicks of a double or triple click: well inside every toolkit's double-click time (≥ 250 ms). */
const MULTI_CLICK_DELAY_MS = 40;
/** Pause between wheel clicks, so apps that animate scrolling see each one. */
const SCROLL_CLICK_DELAY_MS = 15;
/** Intermediate pointer moves in a drag: sliders and drag handlers need motion events between down and up. */
const DRAG_STEPS = 10;
const DRAG_STEP_DELAY_S = 0.01;
/** The most wheel clicks one scroll may send; more is a runaway request. */
const MAX_SCROLL_CLICKS = 100;
/** Holding a key longer than this is not something a task needs. */
const MAX_HOLD_MS = 30_000;
/** xdotool returns at once; this only catches a hung X server. */
const XDOTOOL_TIMEOUT_MS = 30_000;

const BUTTONS: Record<MouseButton, number> = { left: 1, middle: 2, right: 3 };
/** X has no wheel events: the wheel is buttons 4–7. */
const WHEEL_BUTTONS: Record<ScrollDirection, number> = { up: 4, down: 5, left: 6, right: 7 };

export class X11Desktop implements Desktop {
  readonly kind = 'x11';
  /** Buttons we pressed and not yet released, released on dispose so the user's mouse is never left held down. */
  private readonly _held = new Set<MouseButton>();

  private constructor(
    readonly display: string,
    private readonly _size: ScreenSize,
    private readonly _framebuffer: FramebufferCapture | undefined,
    private _client: X11ImageClient | undefined,
  ) {}

  /** Connects to X display `display` (e.g. `:99`); fails with a clear message if it cannot be reached. */
  static async connect(display: string): Promise<X11Desktop> {
    if (!/^[\w.-]*:\d+(\.\d+)?$/.test(display)) throw new Error(`\`${display}\` is not an X display name: it looks like \`:99\` or \`host:0.0\`.`);
    const geometry = await runXdotool(display, ['getdisplaygeometry']);
    const [width, height] = geometry.trim().split(/\s+/).map(Number);
    if (!width || !height) throw new Error(`xdotool reported no size for display ${display} (${geometry.trim() || 'empty output'}).`);
    const size = { width, height };
    const framebuffer = await openFramebuffer(display, size);
    return new X11Desktop(display, size, framebuffer, framebuffer ? undefined : await openImageClient(display, size));
  }

  /** How screenshots are taken: `framebuffer` (Xvfb's file), `getimage` (X protocol, in-process) or `xwd` (a subprocess). */
  get captureMethod(): 'framebuffer' | 'getimage' | 'xwd' {
    return this._framebuffer ? 'framebuffer' : this._client ? 'getimage' : 'xwd';
  }

  async screenSize(): Promise<ScreenSize> {
    return { ...this._size };
  }

  async captureScreen(): Promise<RawFrame> {
    if (this._framebuffer) return this._framebuffer.capture();
    if (this._client) {
      try {
        return await this._client.captureRoot();
      } catch {
        // The connection broke (server restarted, screen resized): xwd reconnects on every capture.
        this._client.close();
        this._client = undefined;
      }
    }
    return captureWithXwd(this.display);
  }

  async moveMouse(to: Point): Promise<void> {
    await this._run(['mousemove', ...this._pixel(to)]);
  }

  async mouseDown(button: MouseButton): Promise<void> {
    await this._run(['mousedown', String(BUTTONS[button])]);
    this._held.add(button);
  }

  async mouseUp(button: MouseButton): Promise<void> {
    await this._run(['mouseup', String(BUTTONS[button])]);
    this._held.delete(button);
  }

  async click(at: Point, button: MouseButton, count: 1 | 2 | 3, modifiers: string[] = []): Promise<void> {
    const held = heldKeys(modifiers);
    await this._run(['mousemove', ...this._pixel(at), ...pressAll(held), ...buttonClicks(BUTTONS[button], count, MULTI_CLICK_DELAY_MS), ...releaseAll(held)]);
  }

  async drag(from: Point, to: Point): Promise<void> {
    const [fromX, fromY] = this._pixel(from).map(Number) as [number, number];
    const [toX, toY] = this._pixel(to).map(Number) as [number, number];
    const steps: string[] = [];
    for (let step = 1; step <= DRAG_STEPS; step++) {
      const x = Math.round(fromX + ((toX - fromX) * step) / DRAG_STEPS);
      const y = Math.round(fromY + ((toY - fromY) * step) / DRAG_STEPS);
      steps.push('mousemove', String(x), String(y), 'sleep', String(DRAG_STEP_DELAY_S));
    }
    await this._run(['mousemove', String(fromX), String(fromY), 'mousedown', '1', 'sleep', String(DRAG_STEP_DELAY_S), ...steps, 'mouseup', '1']);
  }

  async scroll(at: Point, direction: ScrollDirection, amount: number, modifiers: string[] = []): Promise<void> {
    if (!Number.isInteger(amount) || amount < 1 || amount > MAX_SCROLL_CLICKS) {
      throw new Error(`The scroll amount must be a whole number of wheel clicks from 1 to ${MAX_SCROLL_CLICKS}, got ${amount}.`);
    }
    const held = heldKeys(modifiers);
    await this._run(['mousemove', ...this._pixel(at), ...pressAll(held), ...buttonClicks(WHEEL_BUTTONS[direction], amount, SCROLL_CLICK_DELAY_MS), ...releaseAll(held)]);
  }

  async pressKeys(combo: string): Promise<void> {
    await this._run(['key', ...parseKeyCombo(combo).map(formatXdotoolChord)]);
  }

  async holdKeys(combo: string, durationMs: number): Promise<void> {
    if (!Number.isFinite(durationMs) || durationMs < 0 || durationMs > MAX_HOLD_MS) {
      throw new Error(`A key can be held from 0 to ${MAX_HOLD_MS / 1000} seconds, got ${durationMs} ms.`);
    }
    const chords = parseKeyCombo(combo).map(formatXdotoolChord);
    await this._run(['keydown', ...chords, 'sleep', String(durationMs / 1000), 'keyup', ...chords.reverse()]);
  }

  async typeText(text: string): Promise<void> {
    // Split by code points, not UTF-16 units, so no character is cut in half between two calls.
    const characters = [...text];
    for (let start = 0; start < characters.length; start += TYPING_CHUNK_CHARS) {
      const chunk = characters.slice(start, start + TYPING_CHUNK_CHARS).join('');
      await this._run(['type', '--delay', String(TYPING_DELAY_MS), '--', chunk]);
    }
  }

  async cursorPosition(): Promise<Point> {
    const output = await this._run(['getmouselocation', '--shell']);
    const x = /^X=(-?\d+)$/m.exec(output)?.[1];
    const y = /^Y=(-?\d+)$/m.exec(output)?.[1];
    if (x === undefined || y === undefined) throw new Error(`xdotool reported no cursor position: ${output.trim() || 'empty output'}.`);
    return { x: Number(x), y: Number(y) };
  }

  async dispose(): Promise<void> {
    for (const button of [...this._held]) await this.mouseUp(button).catch(() => undefined);
    await this._framebuffer?.close();
    this._client?.close();
  }

  private _run(args: string[]): Promise<string> {
    return runXdotool(this.display, args);
  }

  /** A point as whole display pixels; a point off the display is an error, not silently moved. */
  private _pixel(point: Point): [string, string] {
    const x = Math.round(point.x);
    const y = Math.round(point.y);
    if (!Number.isFinite(x) || !Number.isFinite(y) || x < 0 || y < 0 || x >= this._size.width || y >= this._size.height) {
      throw new Error(`(${point.x}, ${point.y}) is outside the ${this._size.width}x${this._size.height} display.`);
    }
    return [String(x), String(y)];
  }
}

/** Runs one xdotool command line (several commands chained) on `display`; returns its output. */
async function runXdotool(display: string, args: string[]): Promise<string> {
  let result;
  try {
    result = await execa('xdotool', args, { env: { DISPLAY: display }, reject: false, timeout: XDOTOOL_TIMEOUT_MS, stripFinalNewline: false });
  } catch (error) {
    throw new Error(`Could not run xdotool: ${(error as Error).message}`);
  }
  if ((result as { code?: string }).code === 'ENOENT' || /ENOENT/.test(result.message ?? '')) {
    throw new Error('xdotool is not installed: install it (apt-get install xdotool) for mouse and keyboard control.');
  }
  // xdotool exits 0 after skipping a key name it does not know, so its warnings are errors here.
  const unknownKey = /No such key name '([^']*)'|Invalid key sequence '([^']*)'/.exec(result.stderr);
  if (unknownKey) throw new Error(`Unknown key name \`${unknownKey[1] ?? unknownKey[2]}\`: use X keysym names such as Return, Escape, Tab, BackSpace, Up, F5, or a single character.`);
  if (result.failed) {
    const why = result.timedOut ? `timed out after ${XDOTOOL_TIMEOUT_MS / 1000} s` : result.stderr.trim() || `exit ${result.exitCode}`;
    throw new Error(`xdotool ${args[0]} failed on display ${display}: ${why}. Is the display still running?`);
  }
  return result.stdout;
}

async function openFramebuffer(display: string, size: ScreenSize): Promise<FramebufferCapture | undefined> {
  const path = framebufferFileFor(display.replace(/\.0$/, ''));
  if (!path) return undefined;
  try {
    const capture = await FramebufferCapture.open(path);
    const frame = await capture.capture();
    if (frame.width === size.width && frame.height === size.height) return capture;
    await capture.close();
  } catch {
    // Not readable as a framebuffer: xwd still works.
  }
  return undefined;
}

async function openImageClient(display: string, size: ScreenSize): Promise<X11ImageClient | undefined> {
  try {
    const client = await X11ImageClient.connect(display);
    if (client.layout.width === size.width && client.layout.height === size.height) return client;
    client.close();
  } catch {
    // A remote display, a refused cookie, an unusual visual: xwd handles those.
  }
  return undefined;
}

/** The keys held during a click or scroll (`['shift']`, `['ctrl+alt']`), as xdotool names. */
function heldKeys(modifiers: string[]): string[] {
  const chords: KeyChord[] = modifiers.flatMap((modifier) => parseKeyCombo(modifier));
  const names = chords.flatMap((chord) => [...chord.modifiers, ...(chord.key === undefined ? [] : [chord.key])]);
  return [...new Set(names)];
}

/**
 * `count` presses of X button `button` as xdotool commands. Not `xdotool click`: it sleeps after
 * every click, the last one too (100 ms by default, measured here), which the model would wait for.
 */
function buttonClicks(button: number, count: number, pauseMs: number): string[] {
  const clicks: string[] = [];
  for (let index = 0; index < count; index++) {
    if (index > 0) clicks.push('sleep', String(pauseMs / 1000));
    clicks.push('mousedown', String(button), 'mouseup', String(button));
  }
  return clicks;
}

function pressAll(keys: string[]): string[] {
  return keys.length === 0 ? [] : ['keydown', keys.join('+')];
}

function releaseAll(keys: string[]): string[] {
  return keys.length === 0 ? [] : ['keyup', [...keys].reverse().join('+')];
}
