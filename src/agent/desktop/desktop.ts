// The Desktop port: what computer use needs from a screen, a mouse and a keyboard. Backends
// (X11 via xdotool, macOS, Windows) implement it; coordinates here are always display pixels.

export interface ScreenSize {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export type MouseButton = 'left' | 'right' | 'middle';
export type ScrollDirection = 'up' | 'down' | 'left' | 'right';

/** One captured frame, uncompressed: `channels` bytes per pixel, rows top to bottom, no padding. */
export interface RawFrame {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Buffer;
}

export interface Desktop {
  readonly kind: 'x11' | 'macos' | 'windows';
  /** The display's size in pixels. */
  screenSize(): Promise<ScreenSize>;
  captureScreen(): Promise<RawFrame>;
  moveMouse(to: Point): Promise<void>;
  mouseDown(button: MouseButton): Promise<void>;
  mouseUp(button: MouseButton): Promise<void>;
  /** `count` 2 or 3 for double and triple clicks; `modifiers` are key names held during the click (e.g. 'shift'). */
  click(at: Point, button: MouseButton, count: 1 | 2 | 3, modifiers?: string[]): Promise<void>;
  drag(from: Point, to: Point): Promise<void>;
  /** `amount` in wheel clicks. */
  scroll(at: Point, direction: ScrollDirection, amount: number, modifiers?: string[]): Promise<void>;
  /** A key or combination in xdotool's keysym syntax, e.g. `ctrl+s`, `Return`, `alt+Tab`. */
  pressKeys(combo: string): Promise<void>;
  holdKeys(combo: string, durationMs: number): Promise<void>;
  typeText(text: string): Promise<void>;
  cursorPosition(): Promise<Point>;
  dispose(): Promise<void>;
}
