// Checks one computer action from the model (a toolset member's input, or a beta tool's `action` and fields)
// and turns it into a typed action, or into an error the model can act on. Coordinates stay in screenshot space.
import type Anthropic from '@anthropic-ai/sdk';
import type { MouseButton, Point, ScreenSize, ScrollDirection } from '../../desktop/desktop';
import type { Modifier } from '../../desktop/keyNames';
import { checkHeldKeys, checkKeyPresses, checkModifiers } from './knownKeys';

export type ComputerActionName = Anthropic.ComputerMemberName;

/** Every action of computer_toolset_20260801 (the SDK's COMPUTER_MEMBER_NAME_VALUES); the beta tools use the same names. */
export const COMPUTER_ACTION_NAMES = [
  'key', 'hold_key', 'type', 'cursor_position', 'mouse_move', 'left_mouse_down', 'left_mouse_up', 'left_click',
  'left_click_drag', 'right_click', 'middle_click', 'double_click', 'triple_click', 'scroll', 'wait', 'screenshot', 'zoom',
] as const satisfies readonly ComputerActionName[];

/** Actions that only look at the screen or pass time: they need no approval and change nothing. */
export const LOOK_ONLY_ACTIONS: ReadonlySet<ComputerActionName> = new Set(['screenshot', 'zoom', 'cursor_position', 'wait']);

/** Waiting longer stalls the task; the model can wait again after looking. Long enough for a page or app to load. */
export const MAX_WAIT_SECONDS = 20;
/** Holding a key blocks the display's input queue; a few seconds covers every real use (a game, a long-press). */
export const MAX_HOLD_SECONDS = 10;
/** Wheel clicks per scroll: about 15 screens in a browser; more is a sign the model wants "End" or a search. */
export const MAX_SCROLL_AMOUNT = 50;
export const MAX_KEY_REPEAT = 100;
/** Typing is about 80 characters a second through xdotool; longer text belongs in a file. */
export const MAX_TYPE_CHARS = 10_000;

/** A rectangle in screenshot pixels: left, top, right, bottom (right and bottom exclusive). */
export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export type ClickName = 'left_click' | 'right_click' | 'middle_click' | 'double_click' | 'triple_click';

export const CLICKS: Readonly<Record<ClickName, { button: MouseButton; count: 1 | 2 | 3 }>> = {
  left_click: { button: 'left', count: 1 },
  right_click: { button: 'right', count: 1 },
  middle_click: { button: 'middle', count: 1 },
  double_click: { button: 'left', count: 2 },
  triple_click: { button: 'left', count: 3 },
};

export type ComputerAction =
  | { name: 'screenshot' }
  | { name: 'cursor_position' }
  | { name: 'zoom'; region: Region }
  | { name: 'wait'; seconds: number; requestedSeconds: number }
  | { name: ClickName; at?: Point; modifiers: Modifier[] }
  | { name: 'mouse_move'; at: Point }
  | { name: 'left_mouse_down' | 'left_mouse_up'; at?: Point }
  | { name: 'left_click_drag'; from: Point; to: Point }
  | { name: 'scroll'; at?: Point; direction: ScrollDirection; amount: number; modifiers: Modifier[] }
  /** `keys`: xdotool syntax, chords separated by spaces. */
  | { name: 'key'; keys: string; repeat: number }
  | { name: 'hold_key'; combo: string; seconds: number }
  | { name: 'type'; text: string };

export type ParseResult = { ok: true; action: ComputerAction } | { ok: false; error: string };

export interface ParseOptions {
  /** The size of the screenshots the model sees: every coordinate must fall inside it. */
  screenshot: ScreenSize;
  /** Whether zoom is offered (computer_20250124 has no zoom). */
  zoom: boolean;
}

class InputError extends Error {}

const SCROLL_DIRECTIONS: readonly ScrollDirection[] = ['up', 'down', 'left', 'right'];

/** `name` is the member (toolset) or `action` (beta tool); `input` holds the other fields. Never throws. */
export function parseComputerAction(name: string, input: Record<string, unknown>, options: ParseOptions): ParseResult {
  if (!(COMPUTER_ACTION_NAMES as readonly string[]).includes(name)) {
    return { ok: false, error: `Unknown computer action ${JSON.stringify(name)}. Available: ${availableActions(options).join(', ')}.` };
  }
  if (name === 'zoom' && !options.zoom) return { ok: false, error: `zoom is not available with this computer tool. Available: ${availableActions(options).join(', ')}.` };
  try {
    return { ok: true, action: parseKnown(name as ComputerActionName, new Fields(name, input, options.screenshot)) };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error: error.message };
    throw error;
  }
}

function availableActions(options: ParseOptions): string[] {
  return COMPUTER_ACTION_NAMES.filter((name) => options.zoom || name !== 'zoom');
}

function parseKnown(name: ComputerActionName, fields: Fields): ComputerAction {
  switch (name) {
    case 'screenshot':
    case 'cursor_position':
      return { name };
    case 'zoom':
      return { name, region: fields.region() };
    case 'wait': {
      const requestedSeconds = fields.seconds('duration');
      return { name, seconds: Math.min(requestedSeconds, MAX_WAIT_SECONDS), requestedSeconds };
    }
    case 'left_click':
    case 'right_click':
    case 'middle_click':
    case 'double_click':
    case 'triple_click':
      return { name, ...fields.optionalPoint('coordinate'), modifiers: fields.modifiers() };
    case 'mouse_move':
      return { name, at: fields.point('coordinate') };
    case 'left_mouse_down':
    case 'left_mouse_up':
      return { name, ...fields.optionalPoint('coordinate') };
    case 'left_click_drag':
      // The Desktop port has no key-down/key-up, so keys cannot be held across a drag.
      if (fields.has('text')) throw new InputError('left_click_drag cannot hold keys here; drag without `text`, or use left_mouse_down, mouse_move and left_mouse_up.');
      return { name, from: fields.point('start_coordinate'), to: fields.point('coordinate') };
    case 'scroll':
      return { name, ...fields.optionalPoint('coordinate'), direction: fields.scrollDirection(), amount: fields.scrollAmount(), modifiers: fields.modifiers() };
    case 'key': {
      const parsed = checkKeyPresses(fields.text());
      if (!parsed.ok) throw new InputError(parsed.error);
      return { name, keys: parsed.value, repeat: fields.repeat() };
    }
    case 'hold_key': {
      const parsed = checkHeldKeys(fields.text());
      if (!parsed.ok) throw new InputError(parsed.error);
      const seconds = fields.seconds('duration');
      if (seconds > MAX_HOLD_SECONDS) throw new InputError(`hold_key holds a key for at most ${MAX_HOLD_SECONDS} seconds; got ${seconds}.`);
      return { name, combo: parsed.value, seconds };
    }
    case 'type': {
      const text = fields.text();
      if (text.length > MAX_TYPE_CHARS) throw new InputError(`type takes at most ${MAX_TYPE_CHARS} characters at a time; got ${text.length}. Split the text, or write long text to a file.`);
      return { name, text };
    }
  }
}

/** Reads one action's fields, throwing InputError with a message that names the field and what it must be. */
class Fields {
  constructor(
    private readonly _action: string,
    private readonly _input: Record<string, unknown>,
    private readonly _screenshot: ScreenSize,
  ) {}

  has(field: string): boolean {
    const value = this._input[field];
    return value !== undefined && value !== null && value !== '';
  }

  point(field: string): Point {
    const value = this._input[field];
    if (value === undefined || value === null) throw new InputError(`${this._action} needs \`${field}\`: [x, y] in pixels of the screenshot.`);
    const numbers = this._numbers(field, value, 2, '[x, y]');
    const [x, y] = numbers.map(Math.round) as [number, number];
    const { width, height } = this._screenshot;
    if (x < 0 || y < 0 || x >= width || y >= height) {
      throw new InputError(`\`${field}\` (${x}, ${y}) is outside the screenshot, which is ${width}x${height} pixels: x must be 0–${width - 1} and y 0–${height - 1}.`);
    }
    return { x, y };
  }

  /** Spread into the action: `{ at }` when the coordinate was given, `{}` to act at the cursor. */
  optionalPoint(field: string): { at?: Point } {
    return this._input[field] === undefined || this._input[field] === null ? {} : { at: this.point(field) };
  }

  region(): Region {
    const value = this._input.region;
    if (value === undefined || value === null) throw new InputError('zoom needs `region`: [x0, y0, x1, y1], the top-left and bottom-right corners in pixels of the screenshot.');
    const [x0, y0, x1, y1] = this._numbers('region', value, 4, '[x0, y0, x1, y1]') as [number, number, number, number];
    const { width, height } = this._screenshot;
    if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) {
      throw new InputError(`\`region\` [${x0}, ${y0}, ${x1}, ${y1}] reaches outside the screenshot, which is ${width}x${height} pixels.`);
    }
    if (x1 - x0 < 1 || y1 - y0 < 1) throw new InputError(`\`region\` [${x0}, ${y0}, ${x1}, ${y1}] is empty: x1 must be greater than x0 and y1 greater than y0.`);
    return { x0, y0, x1, y1 };
  }

  text(): string {
    const value = this._input.text;
    if (typeof value !== 'string' || value.length === 0) throw new InputError(`${this._action} needs \`text\`: a non-empty string.`);
    return value;
  }

  modifiers(): Modifier[] {
    const value = this._input.text;
    if (value === undefined || value === null || value === '') return [];
    if (typeof value !== 'string') throw new InputError('`text` (the keys to hold) must be a string such as "shift" or "ctrl+shift".');
    const parsed = checkModifiers(value);
    if (!parsed.ok) throw new InputError(parsed.error);
    return parsed.value;
  }

  seconds(field: string): number {
    const value = this._input[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InputError(`${this._action} needs \`${field}\`: a number of seconds, 0 or more.`);
    return value;
  }

  scrollDirection(): ScrollDirection {
    const value = this._input.scroll_direction;
    if (!SCROLL_DIRECTIONS.includes(value as ScrollDirection)) {
      throw new InputError(`scroll needs \`scroll_direction\`: one of ${SCROLL_DIRECTIONS.join(', ')}; got ${JSON.stringify(value)}.`);
    }
    return value as ScrollDirection;
  }

  scrollAmount(): number {
    const value = this._input.scroll_amount;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SCROLL_AMOUNT) {
      throw new InputError(`scroll needs \`scroll_amount\`: a whole number of wheel clicks from 1 to ${MAX_SCROLL_AMOUNT}; got ${JSON.stringify(value)}.`);
    }
    return value;
  }

  repeat(): number {
    const value = this._input.repeat;
    if (value === undefined || value === null) return 1;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_KEY_REPEAT) {
      throw new InputError(`\`repeat\` must be a whole number from 1 to ${MAX_KEY_REPEAT}; got ${JSON.stringify(value)}.`);
    }
    return value;
  }

  private _numbers(field: string, value: unknown, count: number, shape: string): number[] {
    if (!Array.isArray(value) || value.length !== count || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw new InputError(`\`${field}\` must be ${shape}: ${count} numbers in pixels of the screenshot; got ${JSON.stringify(value)}.`);
    }
    return value as number[];
  }
}

/** How the action reads to a person (approval prompts, the panel): coordinates as the model sent them. */
export function describeAction(action: ComputerAction): string {
  const at = (point: Point | undefined) => (point ? ` at (${point.x}, ${point.y})` : ' at the mouse pointer');
  const holding = (modifiers: string[]) => (modifiers.length ? ` holding ${modifiers.join('+')}` : '');
  switch (action.name) {
    case 'screenshot':
    case 'cursor_position':
    case 'left_mouse_down':
    case 'left_mouse_up':
      return 'at' in action && action.at ? `${action.name}${at(action.at)}` : action.name;
    case 'zoom':
      return `zoom into [${action.region.x0}, ${action.region.y0}, ${action.region.x1}, ${action.region.y1}]`;
    case 'wait':
      return `wait ${action.seconds}s`;
    case 'mouse_move':
      return `mouse_move to (${action.at.x}, ${action.at.y})`;
    case 'left_click_drag':
      return `left_click_drag from (${action.from.x}, ${action.from.y}) to (${action.to.x}, ${action.to.y})`;
    case 'scroll':
      return `scroll ${action.direction} ${action.amount}${at(action.at)}${holding(action.modifiers)}`;
    case 'key':
      return `key ${action.keys}${action.repeat > 1 ? ` ×${action.repeat}` : ''}`;
    case 'hold_key':
      return `hold_key ${action.combo} for ${action.seconds}s`;
    case 'type':
      return `type ${JSON.stringify(action.text.length > 200 ? `${action.text.slice(0, 200)}…` : action.text)}`;
    default:
      return `${action.name}${at(action.at)}${holding(action.modifiers)}`;
  }
}
