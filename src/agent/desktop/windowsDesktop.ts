// The Windows desktop backend. UNTESTED ON A REAL WINDOWS MACHINE: it was written to the documented
// Win32 APIs and only its generated PowerShell scripts are unit-tested (on Linux). Each action is
// one PowerShell script: user32 SetCursorPos / mouse_event / keybd_event / SendInput for input,
// System.Drawing's CopyFromScreen for screenshots of the primary screen. The process is made
// DPI-aware, so coordinates and captures are physical pixels of the primary screen.
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Desktop, MouseButton, Point, RawFrame, ScreenSize, ScrollDirection } from './desktop';
import { KEYSYM_CHARACTERS, parseKeyCombo, parseModifiers, type KeyChord, type Modifier } from './keyNames';
import { decodeImage } from './screenshot';

/** Runs one PowerShell script and returns its standard output. */
export type ScriptRunner = (script: string) => Promise<string>;

/** One wheel click, as Windows defines it (WHEEL_DELTA). */
const WHEEL_DELTA = 120;
const DRAG_STEPS = 10;
const DRAG_STEP_DELAY_MS = 10;
const MULTI_CLICK_DELAY_MS = 40;
const TYPING_DELAY_MS = 5;

/** mouse_event flags per button: [down, up]. */
const MOUSE_FLAGS: Record<MouseButton, [number, number]> = { left: [0x0002, 0x0004], right: [0x0008, 0x0010], middle: [0x0020, 0x0040] };
const MOUSEEVENTF_WHEEL = 0x0800;
const MOUSEEVENTF_HWHEEL = 0x1000;
const KEYEVENTF_KEYUP = 0x0002;

const MODIFIER_KEYS: Record<Modifier, number> = { shift: 0x10, ctrl: 0x11, alt: 0x12, super: 0x5b };

/** X keysyms to Windows virtual-key codes; letters, digits and punctuation are looked up with VkKeyScan. */
const VIRTUAL_KEYS: Record<string, number> = {
  BackSpace: 0x08, Tab: 0x09, Return: 0x0d, KP_Enter: 0x0d, Pause: 0x13, Caps_Lock: 0x14, Escape: 0x1b, space: 0x20,
  Prior: 0x21, Next: 0x22, End: 0x23, Home: 0x24, Left: 0x25, Up: 0x26, Right: 0x27, Down: 0x28, Print: 0x2c,
  Insert: 0x2d, Delete: 0x2e, Menu: 0x5d, Num_Lock: 0x90, Scroll_Lock: 0x91,
  ...Object.fromEntries(Array.from({ length: 24 }, (_, index) => [`F${index + 1}`, 0x70 + index])),
};

/** C# compiled once per script: the user32 calls every action uses. */
const PRELUDE = String.raw`$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System;
using System.Runtime.InteropServices;
public static class LoupeInput {
  [StructLayout(LayoutKind.Sequential)] public struct POINT { public int X; public int Y; }
  [StructLayout(LayoutKind.Sequential)] struct KEYBDINPUT { public ushort wVk; public ushort wScan; public uint dwFlags; public uint time; public IntPtr dwExtraInfo; }
  [StructLayout(LayoutKind.Sequential)] struct MOUSEINPUT { public int dx; public int dy; public uint mouseData; public uint dwFlags; public uint time; public IntPtr dwExtraInfo; }
  [StructLayout(LayoutKind.Explicit)] struct INPUTUNION { [FieldOffset(0)] public MOUSEINPUT mi; [FieldOffset(0)] public KEYBDINPUT ki; }
  [StructLayout(LayoutKind.Sequential)] struct INPUT { public uint type; public INPUTUNION u; }
  [DllImport("user32.dll")] public static extern bool SetProcessDPIAware();
  [DllImport("user32.dll")] public static extern bool SetCursorPos(int x, int y);
  [DllImport("user32.dll")] public static extern bool GetCursorPos(out POINT p);
  [DllImport("user32.dll")] public static extern void mouse_event(uint flags, int dx, int dy, int data, UIntPtr extra);
  [DllImport("user32.dll")] public static extern void keybd_event(byte vk, byte scan, uint flags, UIntPtr extra);
  [DllImport("user32.dll")] public static extern short VkKeyScan(char ch);
  [DllImport("user32.dll", SetLastError = true)] static extern uint SendInput(uint count, INPUT[] inputs, int size);
  public static void TypeCharacter(char c) {
    INPUT[] inputs = new INPUT[2];
    inputs[0].type = 1; inputs[0].u.ki.wScan = c; inputs[0].u.ki.dwFlags = 0x0004;
    inputs[1].type = 1; inputs[1].u.ki.wScan = c; inputs[1].u.ki.dwFlags = 0x0004 | 0x0002;
    SendInput(2, inputs, Marshal.SizeOf(typeof(INPUT)));
  }
}
'@
[LoupeInput]::SetProcessDPIAware() | Out-Null
`;

/** PowerShell's own argv for a script: -EncodedCommand (UTF-16LE base64) keeps quotes and newlines intact. */
export function powershellArgv(script: string): string[] {
  return ['powershell.exe', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')];
}

/** The PowerShell script for each action, as pure functions of their inputs (what the unit tests check). */
export const windowsScripts = {
  screenSize(): string {
    return `${PRELUDE}Add-Type -AssemblyName System.Windows.Forms
$b = [System.Windows.Forms.Screen]::PrimaryScreen.Bounds
"$($b.Width)x$($b.Height)"
`;
  },
  capture(file: string): string {
    return `${PRELUDE}Add-Type -AssemblyName System.Drawing, System.Windows.Forms
$b = [System.Windows.Forms.Screen]::PrimaryScreen.Bounds
$bitmap = New-Object System.Drawing.Bitmap $b.Width, $b.Height
$graphics = [System.Drawing.Graphics]::FromImage($bitmap)
$graphics.CopyFromScreen($b.Location, [System.Drawing.Point]::Empty, $b.Size)
$bitmap.Save(${quoted(file)}, [System.Drawing.Imaging.ImageFormat]::Png)
$graphics.Dispose(); $bitmap.Dispose()
`;
  },
  moveMouse(to: Point): string {
    return PRELUDE + move(to);
  },
  mouseButton(action: 'down' | 'up', button: MouseButton): string {
    return PRELUDE + mouse(MOUSE_FLAGS[button][action === 'down' ? 0 : 1]);
  },
  click(at: Point, button: MouseButton, count: 1 | 2 | 3, modifiers: Modifier[] = []): string {
    const [down, up] = MOUSE_FLAGS[button];
    const clicks = Array.from({ length: count }, () => mouse(down) + mouse(up)).join(sleep(MULTI_CLICK_DELAY_MS));
    return PRELUDE + move(at) + holding(modifiers, clicks);
  },
  drag(from: Point, to: Point): string {
    const [down, up] = MOUSE_FLAGS.left;
    const steps = Array.from({ length: DRAG_STEPS }, (_, index) => {
      const step = index + 1;
      return move({ x: Math.round(from.x + ((to.x - from.x) * step) / DRAG_STEPS), y: Math.round(from.y + ((to.y - from.y) * step) / DRAG_STEPS) }) + sleep(DRAG_STEP_DELAY_MS);
    });
    return PRELUDE + move(from) + mouse(down) + sleep(DRAG_STEP_DELAY_MS) + steps.join('') + mouse(up);
  },
  scroll(at: Point, direction: ScrollDirection, amount: number, modifiers: Modifier[] = []): string {
    // Positive wheel data scrolls up (vertical) or right (horizontal).
    const flag = direction === 'up' || direction === 'down' ? MOUSEEVENTF_WHEEL : MOUSEEVENTF_HWHEEL;
    const sign = direction === 'up' || direction === 'right' ? 1 : -1;
    return PRELUDE + move(at) + holding(modifiers, `[LoupeInput]::mouse_event(${flag}, 0, 0, ${sign * amount * WHEEL_DELTA}, [UIntPtr]::Zero)\n`);
  },
  pressKeys(chords: KeyChord[]): string {
    return PRELUDE + chords.map((chord) => holding(chord.modifiers, chord.key === undefined ? '' : keyDown(chord.key) + keyUp(chord.key))).join('');
  },
  holdKeys(chords: KeyChord[], durationMs: number): string {
    const keys = chords.flatMap((chord) => [...chord.modifiers.map((modifier) => MODIFIER_KEYS[modifier]), ...(chord.key === undefined ? [] : [chord.key])]);
    return PRELUDE + keys.map(keyDown).join('') + sleep(durationMs) + [...keys].reverse().map(keyUp).join('');
  },
  /** The text goes in as base64 of UTF-8 and is typed as Unicode key events (newlines as Return): no quoting, no keyboard layout. */
  typeText(text: string): string {
    const encoded = Buffer.from(text, 'utf8').toString('base64');
    return `${PRELUDE}$text = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${encoded}'))
foreach ($c in $text.ToCharArray()) {
  if ($c -eq [char]10) { [LoupeInput]::keybd_event(13, 0, 0, [UIntPtr]::Zero); [LoupeInput]::keybd_event(13, 0, ${KEYEVENTF_KEYUP}, [UIntPtr]::Zero) }
  elseif ($c -ne [char]13) { [LoupeInput]::TypeCharacter($c) }
  Start-Sleep -Milliseconds ${TYPING_DELAY_MS}
}
`;
  },
  cursorPosition(): string {
    return `${PRELUDE}$p = New-Object LoupeInput+POINT
[LoupeInput]::GetCursorPos([ref]$p) | Out-Null
"$($p.X),$($p.Y)"
`;
  },
};

export class WindowsDesktop implements Desktop {
  readonly kind = 'windows';
  private _size: ScreenSize | undefined;

  constructor(private readonly _run: ScriptRunner = runPowerShell) {}

  async screenSize(): Promise<ScreenSize> {
    if (this._size) return { ...this._size };
    const output = await this._run(windowsScripts.screenSize());
    const match = /(\d+)x(\d+)/.exec(output);
    if (!match) throw new Error(`Could not read the screen size on Windows: ${output.trim() || 'no output'}.`);
    this._size = { width: Number(match[1]), height: Number(match[2]) };
    return { ...this._size };
  }

  async captureScreen(): Promise<RawFrame> {
    const file = join(tmpdir(), `loupe-screen-${process.pid}-${Date.now()}.png`);
    try {
      await this._run(windowsScripts.capture(file));
      return await decodeImage(await readFile(file));
    } finally {
      await rm(file, { force: true });
    }
  }

  async moveMouse(to: Point): Promise<void> {
    await this._run(windowsScripts.moveMouse(to));
  }

  async mouseDown(button: MouseButton): Promise<void> {
    await this._run(windowsScripts.mouseButton('down', button));
  }

  async mouseUp(button: MouseButton): Promise<void> {
    await this._run(windowsScripts.mouseButton('up', button));
  }

  async click(at: Point, button: MouseButton, count: 1 | 2 | 3, modifiers: string[] = []): Promise<void> {
    await this._run(windowsScripts.click(at, button, count, parseModifiers(modifiers)));
  }

  async drag(from: Point, to: Point): Promise<void> {
    await this._run(windowsScripts.drag(from, to));
  }

  async scroll(at: Point, direction: ScrollDirection, amount: number, modifiers: string[] = []): Promise<void> {
    await this._run(windowsScripts.scroll(at, direction, amount, parseModifiers(modifiers)));
  }

  async pressKeys(combo: string): Promise<void> {
    await this._run(windowsScripts.pressKeys(parseKeyCombo(combo)));
  }

  async holdKeys(combo: string, durationMs: number): Promise<void> {
    await this._run(windowsScripts.holdKeys(parseKeyCombo(combo), durationMs));
  }

  async typeText(text: string): Promise<void> {
    await this._run(windowsScripts.typeText(text));
  }

  async cursorPosition(): Promise<Point> {
    const output = await this._run(windowsScripts.cursorPosition());
    const match = /(-?\d+),(-?\d+)/.exec(output);
    if (!match) throw new Error(`Could not read the cursor position on Windows: ${output.trim() || 'no output'}.`);
    return { x: Number(match[1]), y: Number(match[2]) };
  }

  async dispose(): Promise<void> {}
}

function move(to: Point): string {
  const x = Math.round(to.x);
  const y = Math.round(to.y);
  if (!Number.isFinite(x) || !Number.isFinite(y) || x < 0 || y < 0) throw new Error(`(${to.x}, ${to.y}) is not a point on the screen.`);
  return `[LoupeInput]::SetCursorPos(${x}, ${y}) | Out-Null\n`;
}

function mouse(flags: number): string {
  return `[LoupeInput]::mouse_event(${flags}, 0, 0, 0, [UIntPtr]::Zero)\n`;
}

function sleep(ms: number): string {
  return `Start-Sleep -Milliseconds ${Math.round(ms)}\n`;
}

/** A key given as a virtual-key code, or as a keysym (named key, or a character looked up in the keyboard layout). */
function virtualKey(key: string | number): string {
  if (typeof key === 'number') return String(key);
  const named = VIRTUAL_KEYS[key];
  if (named !== undefined) return String(named);
  const character = key.length === 1 ? key : KEYSYM_CHARACTERS[key];
  if (character === undefined) throw new Error(`The key \`${key}\` cannot be pressed on Windows: use a character, Return, Escape, Tab, BackSpace, Delete, arrows, Home, End, Prior, Next or F1–F24.`);
  // VkKeyScan's low byte is the virtual key for the character in the current layout.
  return `([LoupeInput]::VkKeyScan([char]${character.charCodeAt(0)}) -band 0xff)`;
}

function keyDown(key: string | number): string {
  return `[LoupeInput]::keybd_event([byte]${virtualKey(key)}, 0, 0, [UIntPtr]::Zero)\n`;
}

function keyUp(key: string | number): string {
  return `[LoupeInput]::keybd_event([byte]${virtualKey(key)}, 0, ${KEYEVENTF_KEYUP}, [UIntPtr]::Zero)\n`;
}

function holding(modifiers: Modifier[], body: string): string {
  const keys = modifiers.map((modifier) => MODIFIER_KEYS[modifier]);
  return keys.map(keyDown).join('') + body + [...keys].reverse().map(keyUp).join('');
}

/** A path as a single-quoted PowerShell string ('' is PowerShell's escaped quote). */
function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}


async function runPowerShell(script: string): Promise<string> {
  const [command, ...args] = powershellArgv(script) as [string, ...string[]];
  const result = await execa(command, args, { reject: false });
  if (result.failed) throw new Error(`PowerShell failed: ${result.stderr.trim() || `exit ${result.exitCode}`}.`);
  return result.stdout;
}
