// The macOS desktop backend. UNTESTED ON A REAL MAC: it was written to the documented tools and
// only its generated commands are unit-tested (on Linux). Needs `brew install cliclick` and the
// Accessibility and Screen Recording permissions for the app running Loupe (System Settings →
// Privacy & Security). Screenshots: `screencapture` (ships with macOS). Mouse clicks, moves, drags
// and keys: cliclick. Scroll, middle button, right button down/up and holding ordinary keys, which
// cliclick lacks: CoreGraphics events from JavaScript for Automation (`osascript -l JavaScript`,
// ships with macOS). Coordinates are screen points; Retina captures are scaled down to points.
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Desktop, MouseButton, Point, RawFrame, ScreenSize, ScrollDirection } from './desktop';
import { KEYSYM_CHARACTERS, parseKeyCombo, parseModifiers, type KeyChord, type Modifier } from './keyNames';
import { decodeImage } from './screenshot';

export type Argv = string[];
/** Runs one command line and returns its standard output. */
export type CommandRunner = (argv: Argv) => Promise<string>;

export const CLICLICK_INSTALL_HINT = 'Install cliclick (brew install cliclick) for mouse and keyboard control on macOS.';

/** cliclick's names for the modifiers it can hold (kd:/ku:). */
const CLICLICK_MODIFIERS: Record<Modifier, string> = { ctrl: 'ctrl', shift: 'shift', alt: 'alt', super: 'cmd' };

/** X keysyms to cliclick's `kp:` key names (its documented list). */
const CLICLICK_KEYS: Record<string, string> = {
  Return: 'return',
  KP_Enter: 'enter',
  Escape: 'esc',
  Tab: 'tab',
  BackSpace: 'delete',
  Delete: 'fwd-delete',
  space: 'space',
  Up: 'arrow-up',
  Down: 'arrow-down',
  Left: 'arrow-left',
  Right: 'arrow-right',
  Home: 'home',
  End: 'end',
  Prior: 'page-up',
  Next: 'page-down',
  ...Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`F${index + 1}`, `f${index + 1}`])),
};

/** X keysyms to macOS virtual key codes (Carbon's kVK_* constants), for holding a key down. */
const MAC_KEY_CODES: Record<string, number> = {
  a: 0, s: 1, d: 2, f: 3, h: 4, g: 5, z: 6, x: 7, c: 8, v: 9, b: 11, q: 12, w: 13, e: 14, r: 15, y: 16, t: 17,
  1: 18, 2: 19, 3: 20, 4: 21, 6: 22, 5: 23, equal: 24, 9: 25, 7: 26, minus: 27, 8: 28, 0: 29, bracketright: 30,
  o: 31, u: 32, bracketleft: 33, i: 34, p: 35, Return: 36, l: 37, j: 38, apostrophe: 39, k: 40, semicolon: 41,
  backslash: 42, comma: 43, slash: 44, n: 45, m: 46, period: 47, Tab: 48, space: 49, grave: 50, BackSpace: 51,
  Escape: 53, F5: 96, F6: 97, F7: 98, F3: 99, F8: 100, F9: 101, F11: 103, F10: 109, F12: 111, Home: 115,
  Prior: 116, Delete: 117, F4: 118, End: 119, F2: 120, Next: 121, F1: 122, Left: 123, Right: 124, Down: 125, Up: 126,
};
const MAC_MODIFIER_KEY_CODES: Record<Modifier, number> = { super: 55, shift: 56, alt: 58, ctrl: 59 };
/** CGEventFlags masks for modifiers held during a scroll or key event. */
const MAC_MODIFIER_FLAGS: Record<Modifier, number> = { shift: 0x20000, ctrl: 0x40000, alt: 0x80000, super: 0x100000 };
/** CGEventType values: down/up per button (left, right, other). */
const MOUSE_EVENT_TYPES: Record<MouseButton, { down: number; up: number; button: number }> = {
  left: { down: 1, up: 2, button: 0 },
  right: { down: 3, up: 4, button: 1 },
  middle: { down: 25, up: 26, button: 2 },
};
const DRAG_STEPS = 10;

type JxaEvent =
  | { kind: 'mouse'; type: number; at: Point; button: number }
  | { kind: 'scroll'; vertical: number; horizontal: number; flags: number }
  | { kind: 'key'; code: number; down: boolean; flags: number }
  | { kind: 'sleep'; seconds: number };

/** A JXA program that posts CoreGraphics events in order. Only numbers go into it, never text. */
export function jxaProgram(events: JxaEvent[]): Argv {
  const lines = ["ObjC.import('CoreGraphics');", 'function post(e, flags) { if (flags) $.CGEventSetFlags(e, flags); $.CGEventPost(0, e); }'];
  for (const event of events) {
    if (event.kind === 'mouse') lines.push(`post($.CGEventCreateMouseEvent(null, ${event.type}, $.CGPointMake(${event.at.x}, ${event.at.y}), ${event.button}), 0);`);
    // CGEventCreateScrollWheelEvent2 (macOS 13+) is the non-variadic form the JXA bridge can call; unit 1 = lines.
    if (event.kind === 'scroll') lines.push(`post($.CGEventCreateScrollWheelEvent2(null, 1, 2, ${event.vertical}, ${event.horizontal}, 0), ${event.flags});`);
    if (event.kind === 'key') lines.push(`post($.CGEventCreateKeyboardEvent(null, ${event.code}, ${event.down}), ${event.flags});`);
    if (event.kind === 'sleep') lines.push(`delay(${event.seconds});`);
  }
  return ['osascript', '-l', 'JavaScript', '-e', lines.join('\n')];
}

/** The command lines for each action, as pure functions of their inputs (what the unit tests check). */
export const macCommands = {
  screenSize(): Argv {
    return ['osascript', '-l', 'JavaScript', '-e', "ObjC.import('AppKit'); const f = $.NSScreen.mainScreen.frame; f.size.width + 'x' + f.size.height"];
  },
  /** -x: no shutter sound; -m: the main display only, the one the coordinates refer to. */
  capture(file: string): Argv {
    return ['screencapture', '-x', '-m', '-t', 'png', file];
  },
  moveMouse(to: Point): Argv {
    return ['cliclick', `m:${xy(to)}`];
  },
  mouseButton(action: 'down' | 'up', button: MouseButton, at: Point): Argv {
    if (button === 'left') return ['cliclick', `${action === 'down' ? 'dd' : 'du'}:${xy(at)}`];
    const type = MOUSE_EVENT_TYPES[button];
    return jxaProgram([{ kind: 'mouse', type: action === 'down' ? type.down : type.up, at, button: type.button }]);
  },
  click(at: Point, button: MouseButton, count: 1 | 2 | 3, modifiers: Modifier[] = []): Argv {
    if (button === 'middle') {
      const type = MOUSE_EVENT_TYPES.middle;
      const one: JxaEvent[] = [
        { kind: 'mouse', type: type.down, at, button: type.button },
        { kind: 'mouse', type: type.up, at, button: type.button },
      ];
      return jxaProgram(Array.from({ length: count }, () => one).flat());
    }
    const verb = button === 'right' ? 'rc' : (['c', 'dc', 'tc'] as const)[count - 1];
    const clicks = button === 'right' ? Array.from({ length: count }, () => `rc:${xy(at)}`) : [`${verb}:${xy(at)}`];
    return ['cliclick', ...holdModifiers(modifiers, clicks)];
  },
  drag(from: Point, to: Point): Argv {
    const moves = Array.from({ length: DRAG_STEPS }, (_, index) => {
      const step = index + 1;
      return `dm:${xy({ x: Math.round(from.x + ((to.x - from.x) * step) / DRAG_STEPS), y: Math.round(from.y + ((to.y - from.y) * step) / DRAG_STEPS) })}`;
    });
    return ['cliclick', `m:${xy(from)}`, `dd:${xy(from)}`, ...moves, `du:${xy(to)}`];
  },
  scroll(at: Point, direction: ScrollDirection, amount: number, modifiers: Modifier[] = []): Argv {
    const flags = modifiers.reduce((mask, modifier) => mask | MAC_MODIFIER_FLAGS[modifier], 0);
    // Positive wheel values scroll content up / left, as on a wheel turned away from the user.
    const vertical = direction === 'up' ? amount : direction === 'down' ? -amount : 0;
    const horizontal = direction === 'left' ? amount : direction === 'right' ? -amount : 0;
    return jxaProgram([
      { kind: 'mouse', type: 5 /* kCGEventMouseMoved */, at, button: 0 },
      { kind: 'scroll', vertical, horizontal, flags },
    ]);
  },
  pressKeys(chords: KeyChord[]): Argv {
    return ['cliclick', ...chords.flatMap((chord) => holdModifiers(chord.modifiers, chord.key === undefined ? [] : [cliclickKey(chord.key)]))];
  },
  /** Holds every key of the chords with key events (cliclick can only hold modifiers), then releases them in reverse. */
  holdKeys(chords: KeyChord[], durationMs: number): Argv {
    const codes = chords.flatMap((chord) => [...chord.modifiers.map((modifier) => MAC_MODIFIER_KEY_CODES[modifier]), ...(chord.key === undefined ? [] : [macKeyCode(chord.key)])]);
    const flags = chords.flatMap((chord) => chord.modifiers).reduce((mask, modifier) => mask | MAC_MODIFIER_FLAGS[modifier], 0);
    return jxaProgram([
      ...codes.map((code): JxaEvent => ({ kind: 'key', code, down: true, flags })),
      { kind: 'sleep', seconds: durationMs / 1000 },
      ...[...codes].reverse().map((code): JxaEvent => ({ kind: 'key', code, down: false, flags: 0 })),
    ]);
  },
  /** cliclick types the text as given, as one argument: nothing is interpreted by a shell. */
  typeText(text: string): Argv {
    return ['cliclick', `t:${text}`];
  },
  cursorPosition(): Argv {
    return ['cliclick', 'p'];
  },
};

export class MacDesktop implements Desktop {
  readonly kind = 'macos';
  private _size: ScreenSize | undefined;
  private _pointer: Point = { x: 0, y: 0 };

  constructor(private readonly _run: CommandRunner = runCommand) {}

  async screenSize(): Promise<ScreenSize> {
    if (this._size) return { ...this._size };
    const output = await this._run(macCommands.screenSize());
    const match = /(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)/.exec(output);
    if (!match) throw new Error(`Could not read the screen size on macOS: ${output.trim() || 'no output'}.`);
    this._size = { width: Math.round(Number(match[1])), height: Math.round(Number(match[2])) };
    return { ...this._size };
  }

  async captureScreen(): Promise<RawFrame> {
    const file = join(tmpdir(), `loupe-screen-${process.pid}-${Date.now()}.png`);
    try {
      await this._run(macCommands.capture(file));
      // Scaled to points, so the frame and the input coordinates share one space.
      return await decodeImage(await readFile(file), await this.screenSize());
    } finally {
      await rm(file, { force: true });
    }
  }

  async moveMouse(to: Point): Promise<void> {
    await this._run(macCommands.moveMouse(to));
    this._pointer = to;
  }

  async mouseDown(button: MouseButton): Promise<void> {
    await this._run(macCommands.mouseButton('down', button, await this.cursorPosition()));
  }

  async mouseUp(button: MouseButton): Promise<void> {
    await this._run(macCommands.mouseButton('up', button, await this.cursorPosition()));
  }

  async click(at: Point, button: MouseButton, count: 1 | 2 | 3, modifiers: string[] = []): Promise<void> {
    await this._run(macCommands.click(at, button, count, parseModifiers(modifiers)));
  }

  async drag(from: Point, to: Point): Promise<void> {
    await this._run(macCommands.drag(from, to));
  }

  async scroll(at: Point, direction: ScrollDirection, amount: number, modifiers: string[] = []): Promise<void> {
    await this._run(macCommands.scroll(at, direction, amount, parseModifiers(modifiers)));
  }

  async pressKeys(combo: string): Promise<void> {
    await this._run(macCommands.pressKeys(parseKeyCombo(combo)));
  }

  async holdKeys(combo: string, durationMs: number): Promise<void> {
    await this._run(macCommands.holdKeys(parseKeyCombo(combo), durationMs));
  }

  async typeText(text: string): Promise<void> {
    await this._run(macCommands.typeText(text));
  }

  async cursorPosition(): Promise<Point> {
    const output = await this._run(macCommands.cursorPosition());
    const matches = [...output.matchAll(/(-?\d+),(-?\d+)/g)];
    const last = matches.at(-1);
    if (!last) return this._pointer;
    return { x: Number(last[1]), y: Number(last[2]) };
  }

  async dispose(): Promise<void> {}
}

function xy(point: Point): string {
  const x = Math.round(point.x);
  const y = Math.round(point.y);
  if (!Number.isFinite(x) || !Number.isFinite(y) || x < 0 || y < 0) throw new Error(`(${point.x}, ${point.y}) is not a point on the screen.`);
  return `${x},${y}`;
}

function holdModifiers(modifiers: Modifier[], commands: string[]): string[] {
  if (modifiers.length === 0) return commands;
  const names = modifiers.map((modifier) => CLICLICK_MODIFIERS[modifier]).join(',');
  return [`kd:${names}`, ...commands, `ku:${names}`];
}

/** A key press in cliclick: a named key with kp:, a character typed with t: (modifiers held apply to it). */
function cliclickKey(keysym: string): string {
  const named = CLICLICK_KEYS[keysym];
  if (named) return `kp:${named}`;
  const character = keysym.length === 1 ? keysym : KEYSYM_CHARACTERS[keysym];
  if (character !== undefined) return `t:${character}`;
  throw new Error(`The key \`${keysym}\` cannot be pressed on macOS: use a letter, digit, punctuation, Return, Escape, Tab, BackSpace, Delete, arrows, Home, End, Prior, Next or F1–F16.`);
}

function macKeyCode(keysym: string): number {
  const code = MAC_KEY_CODES[keysym.length === 1 ? keysym.toLowerCase() : keysym];
  if (code === undefined) throw new Error(`The key \`${keysym}\` cannot be held on macOS: use a letter, digit, punctuation, Return, Tab, space, arrows or F1–F12.`);
  return code;
}


async function runCommand(argv: Argv): Promise<string> {
  const [command, ...args] = argv as [string, ...string[]];
  const result = await execa(command, args, { reject: false });
  if ((result as { code?: string }).code === 'ENOENT') throw new Error(command === 'cliclick' ? CLICLICK_INSTALL_HINT : `${command} was not found on this Mac.`);
  if (result.failed) throw new Error(`${command} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}. Check that Loupe's host app has the Accessibility and Screen Recording permissions.`);
  return result.stdout;
}
